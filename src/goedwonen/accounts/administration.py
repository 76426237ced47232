"""Functional administration of organisations and area teams (roles: role_changes.py).

Each change is versioned (`Beheerwijziging`, history.py: which field, from what to what, by
whom, when) and written to the processing log, in the service's transaction. The rules of
role grants (ADR 0009) hold here too: an organisation changes kind only when the roles of its
accounts fit the new kind; nobody changes their own teams or deactivates their own
organisation. Organisations are never deleted: an inactive one's accounts can do nothing
(core.policy). `actor` None is the operator on the server (a command, the demo).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction

from goedwonen.core.lists import people_pickers_forget
from goedwonen.core.memo import request_memo_forget
from goedwonen.core.policy import Capability, require
from goedwonen.core.processing_log import DataSubject, processing_log_record
from goedwonen.registry.models import Gebied

from .grants import ACCOUNT_ACTIVITY, KIND_NAMES, SELF_CHANGE
from .history import area_names, changes_record, member_names
from .models import Beheerwijziging, Organisatie, Organisatiesoort, Rol, Team, User
from .rules import not_allowed
from .services import live_tokens_forget

Soort = Beheerwijziging.Soort
CODE_LENGTH = 40


def require_manage(actor: User | None) -> None:
    if actor is not None:
        require(actor, Capability.ACCOUNTS_MANAGE)


def code_check(code: str, model: type[Organisatie] | type[Rol], errors: dict[str, str]) -> str:
    code = code.strip().lower()
    if not code:
        errors["code"] = "Geef een code."
        return code
    try:
        validate_slug(code)
    except ValidationError:
        errors["code"] = (
            f"Code '{code}' kan niet: gebruik alleen kleine letters, cijfers en streepjes."
        )
        return code
    if len(code) > CODE_LENGTH:
        errors["code"] = f"De code is {len(code)} tekens lang; het mogen er {CODE_LENGTH} zijn."
    elif model.objects.filter(code__iexact=code).exists():
        errors["code"] = f"Code '{code}' is al in gebruik."
    return code


def name_check(
    naam: str, queryset: Any, errors: dict[str, str], what: str, exclude: int | None = None
) -> str:
    naam = " ".join(naam.split())
    if not naam:
        errors["naam"] = "Geef een naam."
    elif queryset.filter(naam__iexact=naam).exclude(pk=exclude).exists():
        errors["naam"] = f"Er is al {what} met de naam '{naam}'."
    return naam


def log_change(
    actor: User | None, operation: str, object_ref: str, people: Iterable[str] = ()
) -> None:
    processing_log_record(
        actor=actor,
        operation=operation,
        activity=ACCOUNT_ACTIVITY,
        subjects=[DataSubject("gebruiker", username) for username in people],
        object_ref=object_ref,
    )


# Organisations ------------------------------------------------------------------------------


@transaction.atomic
def organisatie_create(
    *, actor: User | None, code: str, naam: str, soort: str, actief: bool = True
) -> Organisatie:
    """A new organisation (a partner that joins, in production). Its code is fixed."""
    require_manage(actor)
    errors: dict[str, str] = {}
    code = code_check(code, Organisatie, errors)
    naam = name_check(naam, Organisatie.objects, errors, "een organisatie")
    if soort not in Organisatiesoort.values:
        errors["soort"] = "Kies de soort organisatie."
    if errors:
        raise ValidationError(errors)
    organisatie = Organisatie.objects.create(code=code, naam=naam, soort=soort, actief=actief)
    changes_record(
        actor=actor,
        subject=organisatie,
        soort=Soort.AANGEMAAKT,
        changes={
            "code": (None, code),
            "naam": (None, naam),
            "soort": (None, soort),
            "actief": (None, actief),
        },
    )
    log_change(actor, "Organisatie aangemaakt", f"organisatie:{code}")
    return organisatie


@transaction.atomic
def organisatie_update(
    *, actor: User | None, organisatie: Organisatie, naam: str, soort: str, actief: bool
) -> Organisatie:
    """Rename, change the kind, (de)activate. Deactivated, its people and tokens can do
    nothing until it is active again; nothing of it is deleted."""
    require_manage(actor)
    organisatie = Organisatie.objects.select_for_update().get(pk=organisatie.pk)
    errors: dict[str, str] = {}
    naam = name_check(naam, Organisatie.objects, errors, "een organisatie", organisatie.pk)
    if soort not in Organisatiesoort.values:
        errors["soort"] = "Kies de soort organisatie."
    elif soort != organisatie.soort:
        problems = _roles_of_accounts_refused(organisatie, soort)
        if problems:
            errors["soort"] = " ".join(problems)
    if not actief and actor is not None and actor.organisatie_id == organisatie.pk:
        errors["actief"] = (
            "U kunt uw eigen organisatie niet op non-actief zetten: u zou zelf niets meer "
            "kunnen. Vraag dit aan een beheerder van een andere organisatie."
        )
    if errors:
        raise ValidationError(errors)
    changes = {
        "naam": (organisatie.naam, naam),
        "soort": (organisatie.soort, soort),
        "actief": (organisatie.actief, actief),
    }
    if all(old == new for old, new in changes.values()):
        return organisatie
    organisatie.naam, organisatie.soort, organisatie.actief = naam, soort, actief
    organisatie.save(update_fields=["naam", "soort", "actief"])
    changes_record(actor=actor, subject=organisatie, soort=Soort.GEWIJZIGD, changes=changes)
    live_tokens_forget()
    people_pickers_forget()
    log_change(actor, "Organisatie gewijzigd", f"organisatie:{organisatie.code}")
    return organisatie


def _roles_of_accounts_refused(organisatie: Organisatie, soort: str) -> list[str]:
    """Per role its accounts hold, what an organisation of the new kind may not hold."""
    kind = KIND_NAMES.get(soort, soort)
    problems = []
    for rol in Rol.objects.filter(gebruikers__organisatie=organisatie).distinct():
        refused = not_allowed(soort, rol.capabilities)
        if refused:
            problems.append(
                f"Accounts van {organisatie.naam} hebben de rol '{rol.naam}', en "
                f"{kind} mag niet: " + "; ".join(c.label.lower() for c in refused) + "."
            )
    if problems:
        problems.append("Neem die rollen eerst af, of kies een andere soort.")
    return problems


# Teams -----------------------------------------------------------------------------------------


def _members_check(actor: User | None, team: Team | None, leden: Sequence[User]) -> list[User]:
    current = set(team.leden.all()) if team is not None else set()
    wanted = list(dict.fromkeys(leden))
    if any(p.is_serviceaccount for p in wanted):
        raise ValidationError({"leden": "Alleen mensen kunnen lid zijn van een team."})
    if actor is not None and (actor in current) != (actor in wanted):
        raise ValidationError({"leden": SELF_CHANGE}, code="eigen_account")
    return wanted


@transaction.atomic
def team_create(
    *, actor: User | None, naam: str, gebieden: Iterable[Gebied], leden: Iterable[User]
) -> Team:
    require_manage(actor)
    errors: dict[str, str] = {}
    naam = name_check(naam, Team.objects, errors, "een team")
    if errors:
        raise ValidationError(errors)
    members = _members_check(actor, None, list(leden))
    areas = list(gebieden)
    team = Team.objects.create(naam=naam)
    team.gebieden.set(areas)
    team.leden.set(members)
    request_memo_forget()  # the team ids read earlier in this request
    changes_record(
        actor=actor,
        subject=team,
        soort=Soort.AANGEMAAKT,
        changes={
            "naam": (None, naam),
            "gebieden": ([], area_names(areas)),
            "leden": ([], member_names(members)),
        },
    )
    log_change(actor, "Team aangemaakt", f"team:{team.pk}", member_names(members))
    return team


@transaction.atomic
def team_update(
    *,
    actor: User | None,
    team: Team,
    naam: str,
    gebieden: Iterable[Gebied],
    leden: Iterable[User],
) -> Team:
    """Rename the team, set its areas and its members. Routing rules that name the team keep
    sending reports to it."""
    require_manage(actor)
    team = Team.objects.select_for_update().get(pk=team.pk)
    errors: dict[str, str] = {}
    naam = name_check(naam, Team.objects, errors, "een team", team.pk)
    if errors:
        raise ValidationError(errors)
    members = _members_check(actor, team, list(leden))
    areas = list(gebieden)
    was_members = member_names(team.leden.all())
    changes = {
        "naam": (team.naam, naam),
        "gebieden": (area_names(team.gebieden.all()), area_names(areas)),
        "leden": (was_members, member_names(members)),
    }
    if all(old == new for old, new in changes.values()):
        return team
    if team.naam != naam:
        team.naam = naam
        team.save(update_fields=["naam"])
    team.gebieden.set(areas)
    team.leden.set(members)
    request_memo_forget()  # the team ids read earlier in this request
    changes_record(actor=actor, subject=team, soort=Soort.GEWIJZIGD, changes=changes)
    moved = set(was_members) ^ set(member_names(members))
    log_change(actor, "Team gewijzigd", f"team:{team.pk}", sorted(moved))
    return team
