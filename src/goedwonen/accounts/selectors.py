"""Reads on organisations and users, limited to what the actor may see."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Prefetch, QuerySet

from goedwonen.core.policy import Capability, require
from goedwonen.core.processing_log import DataSubject, processing_log_record

from .grants import ACCOUNT_ACTIVITY, open_requests
from .models import ApiToken, Organisatie, Rol, Rolwijziging, Team, User


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


def rolaanvraag_list(*, actor: User, gebruiker: User | None = None) -> list[Rolwijziging]:
    """Requests for four-eyes roles awaiting a second administrator (of one account, or
    all), oldest first. Logs each account they name."""
    require(actor, Capability.ACCOUNTS_MANAGE)
    requests = open_requests().select_related("gebruiker__organisatie", "rol", "door")
    if gebruiker is not None:
        requests = requests.filter(gebruiker=gebruiker)
    found = list(requests.order_by("op", "pk"))
    if found:
        processing_log_record(
            actor=actor,
            operation="Rolaanvragen ingezien",
            activity=ACCOUNT_ACTIVITY,
            subjects=[
                DataSubject("gebruiker", u) for u in sorted({r.gebruiker.username for r in found})
            ],
        )
    return found


def rolaanvraag_get(*, actor: User, pk: int) -> Rolwijziging:
    """One request (decided or not), for a decision on it."""
    require(actor, Capability.ACCOUNTS_MANAGE)
    return Rolwijziging.objects.get(pk=pk, soort=Rolwijziging.Soort.AANGEVRAAGD)


def api_token_pending_roles(*, actor: User) -> dict[int, list[Rol]]:
    """Per service account, the roles its token waits for (four eyes)."""
    require(actor, Capability.ACCOUNTS_MANAGE)
    pending: dict[int, list[Rol]] = {}
    for request in open_requests().filter(gebruiker__is_serviceaccount=True).select_related("rol"):
        pending.setdefault(request.gebruiker_id, []).append(request.rol)
    return pending
