"""Reads on organisations and users, limited to what the actor may see."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Prefetch, Q, QuerySet

from goedwonen.core.policy import Capability, require, require_any
from goedwonen.core.processing_log import DataSubject, processing_log_record

from .grants import ACCOUNT_ACTIVITY, open_requests
from .history import HistoryLine, history_lines, people_named
from .models import ApiToken, Beheerwijziging, Organisatie, Rol, Rolwijziging, Team, User


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


def organisatie_get(*, actor: User, pk: int) -> Organisatie:
    """One organisation with the number of its people and service accounts (no names)."""
    require_any(actor, Capability.ACCOUNTS_VIEW, Capability.ACCOUNTS_MANAGE)
    return Organisatie.objects.annotate(
        mensen=Count("gebruikers", filter=Q(gebruikers__is_serviceaccount=False)),
        systemen=Count("gebruikers", filter=Q(gebruikers__is_serviceaccount=True)),
    ).get(pk=pk)


def team_get(*, actor: User, pk: int) -> Team:
    """One team with its areas and members. Logs each member shown."""
    require_any(actor, Capability.ACCOUNTS_VIEW, Capability.ACCOUNTS_MANAGE)
    team = Team.objects.prefetch_related(
        "gebieden",
        Prefetch(
            "leden",
            queryset=User.objects.select_related("organisatie").order_by("last_name", "username"),
            to_attr="members",
        ),
    ).get(pk=pk)
    members = [u.username for u in team.members]
    _people_logged(actor, "Team ingezien", f"team:{team.pk}", members)
    return team


def rol_get(*, actor: User, pk: int) -> Rol:
    """One role with how many accounts and organisations hold it (no names)."""
    require_any(actor, Capability.ACCOUNTS_VIEW, Capability.ACCOUNTS_MANAGE)
    return Rol.objects.annotate(
        houders=Count("gebruikers", distinct=True),
        organisaties=Count("gebruikers__organisatie", distinct=True),
    ).get(pk=pk)


def team_member_choices(*, actor: User) -> QuerySet[User]:
    """The people a team may have as members, for the team form, which lists them by name:
    logged, one line each."""
    require(actor, Capability.ACCOUNTS_MANAGE)
    people = User.objects.filter(is_serviceaccount=False).select_related("organisatie")
    _people_logged(
        actor, "Mensen voor een team ingezien", "", list(people.values_list("username", flat=True))
    )
    return people.order_by("organisatie__naam", "last_name", "username")


def beheerwijziging_history(*, actor: User, subject: Organisatie | Team | Rol) -> list[HistoryLine]:
    """The history of an organisation, team or role, newest first. Logs each account it
    names (who changed it, members)."""
    require(actor, Capability.ACCOUNTS_VIEW)
    field = {Organisatie: "organisatie", Team: "team", Rol: "rol"}[type(subject)]
    rows = list(
        Beheerwijziging.objects.filter(**{field: subject}).select_related("door", "besluit__door")
    )
    _people_logged(actor, "Beheergeschiedenis ingezien", "", people_named(rows))
    return history_lines(rows)


def rolbevoegdheid_aanvragen(*, actor: User, rol: Rol | None = None) -> list[Beheerwijziging]:
    """Capabilities asked for roles, awaiting a second administrator, oldest first. Names
    only the requesting administrator (logged)."""
    require(actor, Capability.ACCOUNTS_MANAGE)
    requests = Beheerwijziging.objects.filter(
        rol__isnull=False, soort=Beheerwijziging.Soort.AANGEVRAAGD, besluit__isnull=True
    ).select_related("rol", "door")
    if rol is not None:
        requests = requests.filter(rol=rol)
    found = list(requests.order_by("op", "pk"))
    _people_logged(
        actor,
        "Aanvragen voor bevoegdheden ingezien",
        "",
        sorted({r.door.username for r in found if r.door}),
    )
    return found


def rolbevoegdheid_aanvraag_get(*, actor: User, pk: int) -> Beheerwijziging:
    """One request for a role's capabilities (decided or not), for a decision on it."""
    require(actor, Capability.ACCOUNTS_MANAGE)
    return Beheerwijziging.objects.get(
        pk=pk, rol__isnull=False, soort=Beheerwijziging.Soort.AANGEVRAAGD
    )


def _people_logged(actor: User, operation: str, object_ref: str, usernames: Sequence[str]) -> None:
    if usernames:
        processing_log_record(
            actor=actor,
            operation=operation,
            activity=ACCOUNT_ACTIVITY,
            subjects=[DataSubject("gebruiker", u) for u in usernames],
            object_ref=object_ref,
        )
