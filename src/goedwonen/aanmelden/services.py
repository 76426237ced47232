"""Second factors of local accounts: who needs one, setting one up, checking it, resetting it.

Every change is a security event (Beveiligingsgebeurtenis) and a processing-log line about the
account, written in the same transaction.
"""

from __future__ import annotations

import math
from typing import Any

from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from goedwonen.accounts.models import User
from goedwonen.accounts.services import ACCOUNT_ACTIVITY
from goedwonen.core.policy import Capability, capabilities_of, require
from goedwonen.core.processing_log import DataSubject, processing_log_record

from .models import Beveiligingsgebeurtenis, Gebeurtenissoort, Passkey

# The capabilities that show no personal data. Every other capability, also one added to the
# policy later, makes a second factor required: fail closed. The register of processing
# activities describes processings, not persons (municipalities publish it). Staff names and
# e-mail addresses (accounts, the processing log, the access review) are personal data too.
WITHOUT_PERSONAL_DATA = frozenset({Capability.REGISTER_VIEW})
RECOVERY_CODES = 10
TOTP_NAME = "Authenticator-app"
RECOVERY_NAME = "Herstelcodes"


def second_factor_required(user: User) -> bool:
    """Whether this local account must pass a second factor (settings.MFA_REQUIRED)."""
    return settings.MFA_REQUIRED and bool(capabilities_of(user) - WITHOUT_PERSONAL_DATA)


def second_factors(user: User) -> list[Device]:
    """The account's confirmed apps and passkeys (recovery codes only back them up)."""
    return [
        *TOTPDevice.objects.filter(user=user, confirmed=True),
        *Passkey.objects.filter(user=user, confirmed=True).order_by("aangemaakt_op"),
    ]


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def security_event_record(
    *,
    soort: Gebeurtenissoort,
    gebruiker: User | None,
    door: User | None,
    omschrijving: str,
    gegevens: dict[str, Any] | None = None,
) -> Beveiligingsgebeurtenis:
    """Append a security event and its processing-log line (in the caller's transaction)."""
    event = Beveiligingsgebeurtenis.objects.create(
        soort=soort,
        gebruiker=gebruiker,
        door=door,
        omschrijving=omschrijving,
        gegevens=gegevens or {},
    )
    processing_log_record(
        actor=door,
        operation=soort.label,
        activity=ACCOUNT_ACTIVITY,
        subjects=[DataSubject("gebruiker", gebruiker.username)] if gebruiker else [],
        object_ref=f"beveiligingsgebeurtenis:{event.pk}",
    )
    return event


@transaction.atomic
def totp_device_for_setup(*, user: User) -> TOTPDevice:
    """The account's app being set up: unconfirmed until a first code is right. The same one
    on every visit, so the QR code does not change while the person scans it."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError(
            "U heeft al een authenticator-app ingesteld. Laat de functioneel beheerder uw "
            "tweestapsverificatie opnieuw instellen als u een andere app wilt gebruiken."
        )
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


@transaction.atomic
def totp_confirm(*, user: User, token: str) -> list[str]:
    """Confirm the app being set up with its first code. Returns new recovery codes when the
    account had none (to be shown once), else an empty list."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(token):
        raise ValidationError(
            {"code": "Deze code klopt niet. Typ de zes cijfers die de app nu toont."}
        )
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    security_event_record(
        soort=Gebeurtenissoort.TWEESTAP_INGESTELD,
        gebruiker=user,
        door=user,
        omschrijving="Authenticator-app (TOTP) ingesteld.",
        gegevens={"methode": "totp"},
    )
    return _first_recovery_codes(user)


@transaction.atomic
def passkey_add(
    *,
    user: User,
    credential_id: str,
    public_key: bytes,
    sign_count: int,
    transports: list[str],
    naam: str,
) -> tuple[Passkey, list[str]]:
    """Store a verified passkey. Returns it with new recovery codes when the account had none."""
    if Passkey.objects.filter(credential_id=credential_id).exists():
        raise ValidationError("Deze passkey is al geregistreerd.")
    passkey = Passkey.objects.create(
        user=user,
        name=(naam.strip() or "Passkey")[:64],
        credential_id=credential_id,
        public_key=public_key,
        sign_count=sign_count,
        transports=transports,
    )
    security_event_record(
        soort=Gebeurtenissoort.TWEESTAP_INGESTELD,
        gebruiker=user,
        door=user,
        omschrijving=f"Passkey '{passkey.name}' toegevoegd.",
        gegevens={"methode": "passkey", "passkey": passkey.pk},
    )
    return passkey, _first_recovery_codes(user)


def _first_recovery_codes(user: User) -> list[str]:
    if StaticDevice.objects.filter(user=user).exists():
        return []
    return recovery_codes_renew(user=user)


@transaction.atomic
def recovery_codes_renew(*, user: User) -> list[str]:
    """New recovery codes for the account; the old ones stop working. Shown once."""
    device, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": RECOVERY_NAME})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    security_event_record(
        soort=Gebeurtenissoort.HERSTELCODES_AANGEMAAKT,
        gebruiker=user,
        door=user,
        omschrijving=f"{RECOVERY_CODES} nieuwe herstelcodes aangemaakt; eerdere vervallen.",
    )
    return codes


@transaction.atomic
def second_factor_verify(*, user: User, code: str) -> Device | None:
    """The app or recovery-code device that accepts this code, or None. Locks the account's
    devices, so one code cannot be used twice at the same moment. django-otp slows down
    repeated failures per device."""
    code = "".join(code.split()).lower()
    if not code:
        return None
    for totp in TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True):
        if code.isdigit() and totp.verify_token(code):
            return totp
    for static in StaticDevice.objects.select_for_update().filter(user=user, confirmed=True):
        if static.verify_token(code):
            security_event_record(
                soort=Gebeurtenissoort.HERSTELCODE_GEBRUIKT,
                gebruiker=user,
                door=user,
                omschrijving=(
                    f"Ingelogd met een herstelcode; nog {static.token_set.count()} over."
                ),
            )
            return static
    return None


def second_factor_wait(user: User) -> int:
    """Seconds until a code may be tried again after failures (django-otp's throttling:
    1, 2, 4, 8 … seconds after successive failures); 0 when it may now."""
    waits = [0]
    for device in [
        *TOTPDevice.objects.filter(user=user, confirmed=True),
        *StaticDevice.objects.filter(user=user, confirmed=True),
    ]:
        allowed, details = device.verify_is_allowed()
        if not allowed and details and details.get("locked_until"):
            waits.append(math.ceil((details["locked_until"] - timezone.now()).total_seconds()))
    return max(waits)


@transaction.atomic
def passkey_used(*, passkey: Passkey, sign_count: int) -> None:
    passkey.sign_count = sign_count
    passkey.laatst_gebruikt_op = timezone.now()
    passkey.save(update_fields=["sign_count", "laatst_gebruikt_op"])


@transaction.atomic
def second_factor_reset(*, actor: User, user: User, reden: str) -> int:
    """Remove every second factor of an account (a lost phone or key), so the person sets one
    up again at the next sign-in. By an account administrator, for someone else, with a reason.
    Returns how many methods were removed."""
    require(actor, Capability.ACCOUNTS_MANAGE)
    if user.pk == actor.pk:
        raise ValidationError(
            "U kunt uw eigen tweestapsverificatie niet resetten; vraag een andere beheerder."
        )
    if not reden.strip():
        raise ValidationError({"reden": "Geef de reden voor de reset."})
    removed = {
        "apps": TOTPDevice.objects.filter(user=user).delete()[1].get(TOTPDevice._meta.label, 0),
        "passkeys": Passkey.objects.filter(user=user).delete()[1].get(Passkey._meta.label, 0),
        "herstelcodes": StaticDevice.objects.filter(user=user)
        .delete()[1]
        .get(StaticToken._meta.label, 0),
    }
    security_event_record(
        soort=Gebeurtenissoort.TWEESTAP_GERESET,
        gebruiker=user,
        door=actor,
        omschrijving=f"Tweestapsverificatie gereset. Reden: {reden.strip()}",
        gegevens={"verwijderd": removed, "reden": reden.strip()},
    )
    return removed["apps"] + removed["passkeys"]
