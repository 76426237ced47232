"""Role changes: bounded by the organisation's kind (rules.py), never on one's own account,
four eyes for sensitive roles, an append-only history, and word to the privacy officers.

Helpers of the account services (services.py): they check the actor's capability and hold the
transaction. `actor` None is the operator on the server (a command, the demo): whoever runs
commands there holds the database already, so a second person adds nothing; such grants take
effect at once, are recorded as made on the server, and the privacy officers are told.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet

from goedwonen.core.lists import people_pickers_forget
from goedwonen.core.models import Verwerkingsactiviteitcode
from goedwonen.core.policy import Capability, capabilities_of

from .models import Organisatie, Rol, Rolwijziging, User
from .rules import KIND_NAMES, needs_four_eyes, not_allowed

ACCOUNT_ACTIVITY = Verwerkingsactiviteitcode.ACCOUNTBEHEER
SELF_CHANGE = "U kunt uw eigen rollen en teams niet wijzigen: vraag dit aan een andere beheerder."
OPERATOR = "de beheerder op de server"
Soort = Rolwijziging.Soort


@dataclass(frozen=True)
class RoleChanges:
    granted: list[Rol]
    withdrawn: list[Rol]
    requested: list[Rol]


def roles_check(organisatie: Organisatie | None, rollen: Iterable[Rol]) -> None:
    """Refuse roles with capabilities the organisation's kind may not hold, naming each."""
    problems = []
    for rol in rollen:
        if organisatie is None:
            problems.append(f"Rol '{rol.naam}' kan niet: het account hoort bij geen organisatie.")
            continue
        refused = not_allowed(organisatie.soort, rol.capabilities)
        if refused:
            kind = KIND_NAMES.get(organisatie.soort, organisatie.soort)
            problems.append(
                f"Rol '{rol.naam}' past niet bij {organisatie.naam} ({kind}). "
                f"{kind.capitalize()} mag niet: "
                + "; ".join(c.label.lower() for c in refused)
                + "."
            )
    if problems:
        raise ValidationError({"rollen": problems}, code="organisatiesoort")


def open_requests() -> QuerySet[Rolwijziging]:
    """Requests no second administrator has decided on yet, oldest first."""
    return Rolwijziging.objects.filter(soort=Soort.AANGEVRAAGD, besluit__isnull=True)


def roles_assign(*, actor: User | None, account: User, rollen: Iterable[Rol]) -> RoleChanges:
    """Give `account` exactly `rollen`. Withdrawals and ordinary grants take effect now; a
    role with a four-eyes capability, given by a person, becomes a request (once)."""
    wanted = list(dict.fromkeys(rollen))
    held = list(account.rollen.all())
    added = [r for r in wanted if r not in held]
    removed = [r for r in held if r not in wanted]
    if actor is not None and actor.pk == account.pk and (added or removed):
        raise ValidationError({"rollen": SELF_CHANGE}, code="eigen_account")
    roles_check(account.organisatie, added)
    waiting = set(open_requests().filter(gebruiker=account).values_list("rol_id", flat=True))
    direct = [r for r in added if actor is None or not needs_four_eyes(r.capabilities)]
    requested = [r for r in added if r not in direct and r.pk not in waiting]
    account.rollen.add(*direct)
    account.rollen.remove(*removed)
    account.__dict__.pop("_capabilities", None)  # what capabilities_of kept is stale now
    people_pickers_forget()
    events = Rolwijziging.objects.bulk_create(
        [Rolwijziging(gebruiker=account, rol=r, soort=Soort.TOEGEKEND, door=actor) for r in direct]
        + [
            Rolwijziging(gebruiker=account, rol=r, soort=Soort.INGETROKKEN, door=actor)
            for r in removed
        ]
        + [
            Rolwijziging(gebruiker=account, rol=r, soort=Soort.AANGEVRAAGD, door=actor)
            for r in requested
        ]
    )
    privacy_officers_notify(events)
    return RoleChanges(granted=direct, withdrawn=removed, requested=requested)


def request_decide(*, actor: User, aanvraag: Rolwijziging, approve: bool) -> Rolwijziging:
    """A second administrator's decision on a request: approved, the role takes effect."""
    # Locked: two administrators deciding at once get one decision (and the one-to-one
    # field refuses a second at the database, whatever the isolation).
    aanvraag = (
        Rolwijziging.objects.select_for_update(of=("self",))
        .select_related("gebruiker__organisatie", "rol", "door")
        .get(pk=aanvraag.pk)
    )
    if aanvraag.soort != Soort.AANGEVRAAGD:
        raise ValidationError("Dit is geen aanvraag.", code="geen_aanvraag")
    if Rolwijziging.objects.filter(aanvraag=aanvraag).exists():
        raise ValidationError("Over deze aanvraag is al besloten.", code="al_besloten")
    if aanvraag.door_id == actor.pk:
        raise ValidationError(
            "U heeft deze rol zelf aangevraagd: een andere beheerder beslist erover.",
            code="eigen_aanvraag",
        )
    if aanvraag.gebruiker_id == actor.pk:
        raise ValidationError(
            "Deze aanvraag gaat over uw eigen account: een andere beheerder beslist erover.",
            code="eigen_account",
        )
    account = aanvraag.gebruiker
    if approve:
        # The role's capabilities may have changed since the request.
        roles_check(account.organisatie, [aanvraag.rol])
        account.rollen.add(aanvraag.rol)
        people_pickers_forget()
    besluit = Rolwijziging.objects.create(
        gebruiker=account,
        rol=aanvraag.rol,
        soort=Soort.GOEDGEKEURD if approve else Soort.AFGEWEZEN,
        door=actor,
        aanvraag=aanvraag,
    )
    privacy_officers_notify([besluit])
    return besluit


def describe(event: Rolwijziging) -> str:
    """The step in a sentence, naming accounts by user name only (for mail and pages)."""
    door = event.door.username if event.door else OPERATOR
    match event.soort:
        case Soort.TOEGEKEND:
            return f"toegekend door {door}"
        case Soort.INGETROKKEN:
            return f"ingetrokken door {door}"
        case Soort.AANGEVRAAGD:
            return f"aangevraagd door {door}; wacht op goedkeuring door een andere beheerder"
        case Soort.GOEDGEKEURD | Soort.AFGEWEZEN:
            assert event.aanvraag is not None
            requester = event.aanvraag.door.username if event.aanvraag.door else OPERATOR
            verb = "goedgekeurd" if event.soort == Soort.GOEDGEKEURD else "afgewezen"
            return f"{verb} door {door} (aangevraagd door {requester})"
    return event.get_soort_display().lower()


def privacy_officer_addresses() -> list[str]:
    """Where the privacy officers (whoever may search the processing log) read mail."""
    log_roles = [r.pk for r in Rol.objects.all() if Capability.LOG_SEARCH.value in r.capabilities]
    people = (
        User.objects.filter(rollen__in=log_roles, is_active=True, is_serviceaccount=False)
        .exclude(email="")
        .select_related("organisatie")
        .prefetch_related("rollen")
        .distinct()
    )
    return sorted({p.email for p in people if Capability.LOG_SEARCH in capabilities_of(p)})


def privacy_officers_notify(events: Sequence[Rolwijziging]) -> None:
    """Mail the privacy officers, once committed, about changes to four-eyes roles. Names
    accounts and roles only; the access review lists the same."""
    sensitive = [e for e in events if needs_four_eyes(e.rol.capabilities)]
    recipients = privacy_officer_addresses() if sensitive else []
    if not recipients:
        return
    lines = "\n".join(
        f"- rol '{e.rol.naam}' voor account {e.gebruiker.username}: {describe(e)}"
        for e in sensitive
    )
    text = (
        "In Goedwonen is een rol met gevoelige bevoegdheden (melders inzien, het "
        "verwerkingslogboek, de toegangsbeoordeling of accountbeheer) gewijzigd:\n\n"
        f"{lines}\n\nU vindt alle aanvragen en wijzigingen op de pagina Toegangsbeoordeling."
    )
    transaction.on_commit(
        partial(
            send_mail,
            "Goedwonen: wijziging in een rol met gevoelige bevoegdheden",
            text,
            None,
            recipients,
            fail_silently=True,
        )
    )
