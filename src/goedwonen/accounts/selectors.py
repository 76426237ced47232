"""Reads on organisations and users, limited to what the actor may see."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Prefetch, QuerySet

from goedwonen.core.policy import Capability, require
from goedwonen.core.processing_log import DataSubject, processing_log_record

from .models import ApiToken, Organisatie, Rol, Team, User
from .services import ACCOUNT_ACTIVITY


def organisatie_list(*, actor: User) -> QuerySet[Organisatie]:
    """Every signed-in user may know which organisations take part (no personal data)."""
    return Organisatie.objects.filter(actief=True)


def organisatie_overview(*, actor: User) -> Sequence[Organisatie]:
    """Organisations with their teams and people, for account managers. Logs each person."""
    require(actor, Capability.ACCOUNTS_VIEW)
    people = User.objects.filter(is_serviceaccount=False).prefetch_related("rollen", "teams")
    organisaties = list(
        Organisatie.objects.prefetch_related(
            Prefetch("gebruikers", queryset=people, to_attr="mensen")
        )
    )
    shown = [DataSubject("gebruiker", u.username) for o in organisaties for u in o.mensen]
    processing_log_record(
        actor=actor,
        operation="Gebruikersoverzicht ingezien",
        activity=ACCOUNT_ACTIVITY,
        subjects=shown,
    )
    return organisaties


def team_list(*, actor: User) -> QuerySet[Team]:
    require(actor, Capability.ACCOUNTS_VIEW)
    return Team.objects.prefetch_related("gebieden")


def rol_list(*, actor: User) -> QuerySet[Rol]:
    require(actor, Capability.ACCOUNTS_VIEW)
    return Rol.objects.all()


def user_get_for_management(*, actor: User, pk: int) -> User:
    """One person's account, for the account manager. Logs the view."""
    require(actor, Capability.ACCOUNTS_MANAGE)
    user = User.objects.select_related("organisatie").get(pk=pk, is_serviceaccount=False)
    processing_log_record(
        actor=actor,
        operation="Gebruiker ingezien",
        activity=ACCOUNT_ACTIVITY,
        subjects=[DataSubject("gebruiker", user.username)],
    )
    return user


def api_token_list(*, actor: User) -> QuerySet[ApiToken]:
    require(actor, Capability.ACCOUNTS_MANAGE)
    return ApiToken.objects.select_related("serviceaccount__organisatie").prefetch_related(
        "serviceaccount__rollen"
    )
