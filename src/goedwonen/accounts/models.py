"""Organisations, teams, roles (data granting capabilities) and users."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

from goedwonen.core.memo import request_memo
from goedwonen.core.models import AppendOnlyModel


class Organisatiesoort(models.TextChoices):
    KERNCLUSTER = "kerncluster", "Kerncluster gemeente"
    INTERN = "intern", "Interne partner"
    EXTERN = "extern", "Externe partner"


class Organisatie(models.Model):
    code = models.SlugField(max_length=40, unique=True)
    naam = models.CharField(max_length=200)
    soort = models.CharField(max_length=12, choices=Organisatiesoort.choices)
    actief = models.BooleanField(default=True)

    class Meta:
        ordering = ["soort", "naam"]
        verbose_name = "organisatie"
        verbose_name_plural = "organisaties"

    def __str__(self) -> str:
        return self.naam


class Rol(models.Model):
    """A role is data: it grants capabilities (codes from core.policy.Capability)."""

    code = models.SlugField(max_length=40, unique=True)
    naam = models.CharField(max_length=100)
    omschrijving = models.TextField(blank=True)
    capabilities = models.JSONField(default=list)

    class Meta:
        ordering = ["naam"]
        verbose_name = "rol"
        verbose_name_plural = "rollen"

    def __str__(self) -> str:
        return self.naam


class Team(models.Model):
    """An integrated area team: people of several organisations working one neighbourhood."""

    naam = models.CharField(max_length=120, unique=True)
    gebieden = models.ManyToManyField("registry.Gebied", blank=True, related_name="teams")

    class Meta:
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class User(AbstractUser):
    """A person, or a partner system's service account (which holds API tokens)."""

    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, null=True, blank=True, related_name="gebruikers"
    )
    rollen = models.ManyToManyField(Rol, blank=True, related_name="gebruikers")
    teams = models.ManyToManyField(Team, blank=True, related_name="leden")
    is_serviceaccount = models.BooleanField(default=False)

    class Meta:
        ordering = ["username"]
        verbose_name = "gebruiker"
        verbose_name_plural = "gebruikers"

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def team_list(self) -> list[Team]:
        """The user's teams (id and name, by name). Read once per request: the start page
        names them and its report block filters on their ids."""
        return request_memo(("teams", self.pk), lambda: list(self.teams.only("pk", "naam")))

    def team_ids(self) -> list[int]:
        """The ids of the user's teams. A queue filters on them by value, not through a join
        on the membership: PostgreSQL then reads each team's rows on its index (ADR 0027)."""
        return [team.pk for team in self.team_list()]


class ApiToken(models.Model):
    """A partner system's key. Bound to a service account, and so to one organisation.

    Only a SHA-256 of the key is stored; the key itself is shown once, at creation.
    """

    naam = models.CharField(max_length=120)
    serviceaccount = models.ForeignKey(User, on_delete=models.PROTECT, related_name="api_tokens")
    prefix = models.CharField(max_length=8, db_index=True)
    sleutel_hash = models.CharField(max_length=64, unique=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    aangemaakt_door = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ingetrokken_op = models.DateTimeField(null=True, blank=True)
    # Written at most once per TOKEN_USE_RESOLUTION, not per request (services).
    laatst_gebruikt_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-aangemaakt_op"]
        verbose_name = "API-token"
        verbose_name_plural = "API-tokens"

    def __str__(self) -> str:
        return f"{self.naam} ({self.prefix}…)"


class Rolwijziging(AppendOnlyModel):
    """One step in the history of an account's roles: a grant, a withdrawal, a request that
    needs a second administrator (four eyes), or the decision on one. Appended, never edited.

    Roles an account held before this history began have no step: their grant is unknown."""

    class Soort(models.TextChoices):
        TOEGEKEND = "toegekend", "Toegekend"
        INGETROKKEN = "ingetrokken", "Ingetrokken"
        AANGEVRAAGD = "aangevraagd", "Aangevraagd"
        GOEDGEKEURD = "goedgekeurd", "Goedgekeurd en toegekend"
        AFGEWEZEN = "afgewezen", "Afgewezen"

    gebruiker = models.ForeignKey(User, on_delete=models.PROTECT, related_name="rolwijzigingen")
    rol = models.ForeignKey(Rol, on_delete=models.PROTECT, related_name="+")
    soort = models.CharField(max_length=12, choices=Soort.choices)
    # None: the operator on the server (a command, the demo).
    door = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    op = models.DateTimeField(default=timezone.now)
    # For a decision: the request it decides. One decision per request, also when two
    # administrators decide at the same moment.
    aanvraag = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="besluit"
    )

    class Meta:
        ordering = ["op", "pk"]
        verbose_name = "rolwijziging"
        verbose_name_plural = "rolwijzigingen"

    def __str__(self) -> str:
        return f"{self.rol} {self.get_soort_display().lower()} voor {self.gebruiker}"


class Beheerwijziging(AppendOnlyModel):
    """One change a functional administrator made to an organisation, a team or a role: which
    field, from what to what, by whom, when. Appended, never edited; a change of several
    fields writes a row per field at the same moment.

    A four-eyes capability added to a role by a person is a request (AANGEVRAAGD) until a
    second administrator decides on it; the decision points to its request. `van` and `naar`
    hold the values as they were: codes for a role's capabilities (their labels are shown),
    "name (code)" for areas, user names for members."""

    class Soort(models.TextChoices):
        AANGEMAAKT = "aangemaakt", "Aangemaakt"
        GEWIJZIGD = "gewijzigd", "Gewijzigd"
        AANGEVRAAGD = "aangevraagd", "Aangevraagd"
        GOEDGEKEURD = "goedgekeurd", "Goedgekeurd en doorgevoerd"
        AFGEWEZEN = "afgewezen", "Afgewezen"

    organisatie = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="beheerwijzigingen",
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="beheerwijzigingen"
    )
    rol = models.ForeignKey(
        Rol, on_delete=models.PROTECT, null=True, blank=True, related_name="beheerwijzigingen"
    )
    soort = models.CharField(max_length=12, choices=Soort.choices)
    veld = models.CharField(max_length=40)
    van = models.JSONField(null=True, blank=True)
    naar = models.JSONField(null=True, blank=True)
    # None: the operator on the server (a command, the demo).
    door = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    op = models.DateTimeField(default=timezone.now)
    aanvraag = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="besluit"
    )

    class Meta:
        ordering = ["op", "pk"]
        verbose_name = "beheerwijziging"
        verbose_name_plural = "beheerwijzigingen"
        constraints = [
            models.CheckConstraint(
                name="beheerwijziging_een_onderwerp",
                condition=(
                    models.Q(organisatie__isnull=False, team__isnull=True, rol__isnull=True)
                    | models.Q(organisatie__isnull=True, team__isnull=False, rol__isnull=True)
                    | models.Q(organisatie__isnull=True, team__isnull=True, rol__isnull=False)
                ),
            )
        ]

    def __str__(self) -> str:
        onderwerp = self.organisatie or self.team or self.rol
        return f"{onderwerp}: {self.veld} {self.get_soort_display().lower()}"
