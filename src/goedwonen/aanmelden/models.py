"""Passkeys, the link between an account and the identity provider, and security events."""

from __future__ import annotations

from django_otp.models import Device

from django.db import models
from django.utils import timezone

from goedwonen.core.models import AppendOnlyModel


class Passkey(Device):
    """A WebAuthn credential used as second factor. A django-otp device, so that one question
    ("does this account have a second factor?") covers apps, passkeys and recovery codes; it
    is verified by a signed challenge (passkeys.py), not by a typed token."""

    # No reverse accessor on User: django-otp's Device is untyped, so mypy's Django plugin
    # cannot resolve one (query Passkey.objects.filter(user=…)).
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    # base64url of the credential id (at most 1023 bytes, so at most 1364 characters).
    credential_id = models.CharField(max_length=1400, unique=True)
    public_key = models.BinaryField()
    sign_count = models.PositiveBigIntegerField(default=0)
    transports = models.JSONField(default=list, blank=True)
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    laatst_gebruikt_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "passkey"
        verbose_name_plural = "passkeys"


class OidcIdentiteit(models.Model):
    """The account at the identity provider (issuer and subject) that an account belongs to.
    Made at the first sign-in through the provider; never linked to an existing local account,
    so that nobody at the provider can take over an account by choosing its username."""

    gebruiker = models.OneToOneField(
        "accounts.User", on_delete=models.PROTECT, related_name="oidc_identiteit"
    )
    issuer = models.CharField(max_length=500)
    subject = models.CharField(max_length=255)
    aangemaakt_op = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="oidc_identiteit_uniek")
        ]
        verbose_name = "identiteit bij de identiteitsprovider"
        verbose_name_plural = "identiteiten bij de identiteitsprovider"

    def __str__(self) -> str:
        return f"{self.subject} @ {self.issuer}"


class Gebeurtenissoort(models.TextChoices):
    TWEESTAP_INGESTELD = "tweestap_ingesteld", "Tweestapsverificatie ingesteld"
    HERSTELCODES_AANGEMAAKT = "herstelcodes_aangemaakt", "Herstelcodes aangemaakt"
    HERSTELCODE_GEBRUIKT = "herstelcode_gebruikt", "Herstelcode gebruikt"
    TWEESTAP_GERESET = "tweestap_gereset", "Tweestapsverificatie gereset"
    PROVIDER_ACCOUNT = "provider_account", "Account aangemaakt via de identiteitsprovider"
    PROVIDER_ROLLEN = "provider_rollen", "Organisatie of rollen gewijzigd door de provider"
    PROVIDER_GEWEIGERD = "provider_geweigerd", "Inloggen via de identiteitsprovider geweigerd"


class Beveiligingsgebeurtenis(AppendOnlyModel):
    """A security-relevant change to an account: second factors set up or reset, accounts and
    roles from the identity provider, refusals. Appended, never edited."""

    op = models.DateTimeField(default=timezone.now, db_index=True)
    soort = models.CharField(max_length=30, choices=Gebeurtenissoort.choices)
    # The account concerned; None for a refusal of someone without an account.
    gebruiker = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="beveiligingsgebeurtenissen",
    )
    # Who did it: the person themselves, an administrator, or None (the identity provider).
    door = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    omschrijving = models.TextField()
    gegevens = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-op", "-pk"]
        verbose_name = "beveiligingsgebeurtenis"
        verbose_name_plural = "beveiligingsgebeurtenissen"

    def __str__(self) -> str:
        return f"{self.op:%Y-%m-%d %H:%M} {self.get_soort_display()}"
