"""Roles and their capabilities, changed by functional administrators (ADR 0009 extended).

Changing a role changes the rights of everyone who holds it, so the rules of role grants
(grants.py) hold here too:
- a role's capabilities must fit the kind of every organisation whose accounts hold it;
- a four-eyes capability (rules.FOUR_EYES) added to a role by a person is a request until a
  second administrator approves it: neither the requester nor someone holding the role;
  taking a capability away takes effect at once;
- nobody changes the capabilities of a role they hold;
- the privacy officers are told of every change to a role's four-eyes capabilities.
Every change is versioned (`Beheerwijziging`) and in the processing log. `actor` None is the
operator on the server: changes take effect at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction

from goedwonen.core.lists import people_pickers_forget
from goedwonen.core.policy import Capability, require

from .administration import code_check, log_change, name_check, require_manage
from .grants import KIND_NAMES, OPERATOR, privacy_officer_addresses
from .history import capability_text, changes_record
from .models import Beheerwijziging, Organisatie, Rol, User
from .rules import FOUR_EYES, capabilities_in, not_allowed
from .services import live_tokens_forget, rol_validate_capabilities

Soort = Beheerwijziging.Soort


def _codes(capabilities: Iterable[str]) -> list[str]:
    """Known capability codes, in the order of the Capability enum (unknown ones refused)."""
    return [c.value for c in capabilities_in(rol_validate_capabilities(capabilities))]


def _holders_refused(rol: Rol, codes: Iterable[str]) -> None:
    """Refuse capabilities that an organisation whose accounts hold the role may not hold."""
    codes = list(codes)
    problems = []
    organisaties = Organisatie.objects.filter(gebruikers__rollen=rol).distinct()
    for organisatie in organisaties.order_by("naam"):
        refused = not_allowed(organisatie.soort, codes)
        if refused:
            kind = KIND_NAMES.get(organisatie.soort, organisatie.soort)
            problems.append(
                f"Rol '{rol.naam}' is toegekend aan accounts van {organisatie.naam} ({kind}). "
                f"{kind.capitalize()} mag niet: "
                + "; ".join(c.label.lower() for c in refused)
                + "."
            )
    if problems:
        raise ValidationError({"capabilities": problems}, code="organisatiesoort")


def _open_requests(rol: Rol) -> list[Beheerwijziging]:
    return list(
        Beheerwijziging.objects.filter(
            rol=rol, soort=Soort.AANGEVRAAGD, besluit__isnull=True
        ).order_by("op", "pk")
    )


def requested_codes(aanvraag: Beheerwijziging) -> list[str]:
    """The capabilities a request asks to add."""
    return [c for c in aanvraag.naar or [] if c not in (aanvraag.van or [])]


def _capabilities_change(
    actor: User | None, rol: Rol, wanted: list[str]
) -> tuple[list[str], list[str]]:
    """The role's capabilities now, and those that wait for a second administrator."""
    current = list(rol.capabilities)
    added = [c for c in wanted if c not in current]
    removed = [c for c in current if c not in wanted]
    if actor is not None and (added or removed) and rol.gebruikers.filter(pk=actor.pk).exists():
        raise ValidationError(
            {
                "capabilities": "U heeft deze rol zelf: u kunt zijn bevoegdheden niet wijzigen. "
                "Vraag dit aan een andere beheerder."
            },
            code="eigen_rol",
        )
    _holders_refused(rol, added)
    waiting = {c for r in _open_requests(rol) for c in requested_codes(r)}
    sensitive = {c.value for c in FOUR_EYES}
    direct = [c for c in added if actor is None or c not in sensitive]
    requested = [c for c in added if c not in direct and c not in waiting]
    return [c for c in wanted if c not in added or c in direct], requested


def _record_role(
    actor: User | None,
    rol: Rol,
    soort: str,
    changes: dict[str, tuple[Any, Any]],
    requested: list[str],
) -> None:
    changes_record(actor=actor, subject=rol, soort=soort, changes=changes)
    if requested:
        changes_record(
            actor=actor,
            subject=rol,
            soort=Soort.AANGEVRAAGD,
            changes={"capabilities": (rol.capabilities, _ordered(rol.capabilities + requested))},
        )
    before, after = changes.get("capabilities", ([], []))
    who = _who(actor)
    _privacy_officers_tell(
        rol,
        [(f"toegevoegd door {who}", c) for c in after if c not in before]
        + [(f"weggehaald door {who}", c) for c in before if c not in after]
        + [(f"aangevraagd door {who}, wacht op een tweede beheerder", c) for c in requested],
    )


def _ordered(codes: Iterable[str]) -> list[str]:
    return [c.value for c in capabilities_in(codes)]


def _who(actor: User | None) -> str:
    return actor.username if actor is not None else OPERATOR


@transaction.atomic
def rol_create(
    *,
    actor: User | None,
    code: str,
    naam: str,
    omschrijving: str,
    capabilities: Iterable[str],
) -> Rol:
    """A new role. Its four-eyes capabilities wait for a second administrator; the others
    are the role's at once."""
    require_manage(actor)
    errors: dict[str, str] = {}
    code = code_check(code, Rol, errors)
    naam = name_check(naam, Rol.objects, errors, "een rol")
    if errors:
        raise ValidationError(errors)
    wanted = _codes(capabilities)
    rol = Rol(code=code, naam=naam, omschrijving=omschrijving.strip(), capabilities=[])
    rol.save()
    capabilities_now, requested = _capabilities_change(actor, rol, wanted)
    rol.capabilities = capabilities_now
    rol.save(update_fields=["capabilities"])
    _record_role(
        actor,
        rol,
        Soort.AANGEMAAKT,
        {
            "code": (None, code),
            "naam": (None, naam),
            "omschrijving": (None, rol.omschrijving),
            "capabilities": ([], capabilities_now),
        },
        requested,
    )
    log_change(actor, "Rol aangemaakt", f"rol:{code}")
    return rol


@transaction.atomic
def rol_update(
    *,
    actor: User | None,
    rol: Rol,
    naam: str,
    omschrijving: str,
    capabilities: Iterable[str],
) -> Rol:
    """Rename the role, describe it, change its capabilities (for everyone who holds it)."""
    require_manage(actor)
    rol = Rol.objects.select_for_update().get(pk=rol.pk)
    errors: dict[str, str] = {}
    naam = name_check(naam, Rol.objects, errors, "een rol", rol.pk)
    if errors:
        raise ValidationError(errors)
    omschrijving = omschrijving.strip()
    capabilities_now, requested = _capabilities_change(actor, rol, _codes(capabilities))
    if set(capabilities_now) == set(rol.capabilities):
        capabilities_now = list(rol.capabilities)  # the same, in another order: no change
    changes = {
        "naam": (rol.naam, naam),
        "omschrijving": (rol.omschrijving, omschrijving),
        "capabilities": (list(rol.capabilities), capabilities_now),
    }
    unchanged = all(old == new for old, new in changes.values())
    if unchanged and not requested:
        return rol
    rol.naam, rol.omschrijving, rol.capabilities = naam, omschrijving, capabilities_now
    rol.save(update_fields=["naam", "omschrijving", "capabilities"])
    _record_role(actor, rol, Soort.GEWIJZIGD, changes, requested)
    live_tokens_forget()
    people_pickers_forget()
    log_change(actor, "Rol gewijzigd", f"rol:{rol.code}")
    return rol


@transaction.atomic
def rolbevoegdheid_decide(
    *, actor: User, aanvraag: Beheerwijziging, approve: bool
) -> Beheerwijziging:
    """A second administrator's decision on capabilities asked for a role. Neither the
    requester nor someone who holds the role decides; approved, the role has them now."""
    require(actor, Capability.ACCOUNTS_MANAGE)
    # Locked: two administrators deciding at once get one decision (and the one-to-one
    # field refuses a second at the database, whatever the isolation).
    aanvraag = (
        Beheerwijziging.objects.select_for_update(of=("self",))
        .select_related("rol", "door")
        .get(pk=aanvraag.pk)
    )
    rol = aanvraag.rol
    if aanvraag.soort != Soort.AANGEVRAAGD or rol is None:
        raise ValidationError("Dit is geen aanvraag.", code="geen_aanvraag")
    if Beheerwijziging.objects.filter(aanvraag=aanvraag).exists():
        raise ValidationError("Over deze aanvraag is al besloten.", code="al_besloten")
    if aanvraag.door_id == actor.pk:
        raise ValidationError(
            "U heeft deze bevoegdheden zelf aangevraagd: een andere beheerder beslist erover.",
            code="eigen_aanvraag",
        )
    if rol.gebruikers.filter(pk=actor.pk).exists():
        raise ValidationError(
            f"U heeft de rol '{rol.naam}' zelf: een andere beheerder beslist erover.",
            code="eigen_rol",
        )
    rol = Rol.objects.select_for_update().get(pk=rol.pk)
    asked = requested_codes(aanvraag)
    current = list(rol.capabilities)
    change: tuple[Any, Any]
    if approve:
        # Who holds the role may have changed since the request.
        _holders_refused(rol, asked)
        rol.capabilities = _ordered(current + asked)
        rol.save(update_fields=["capabilities"])
        change = (current, rol.capabilities)
        live_tokens_forget()
        people_pickers_forget()
    else:
        change = (aanvraag.van, aanvraag.naar)
    besluit = changes_record(
        actor=actor,
        subject=rol,
        soort=Soort.GOEDGEKEURD if approve else Soort.AFGEWEZEN,
        changes={"capabilities": change},
        aanvraag=aanvraag,
    )[0]
    verb = "goedgekeurd" if approve else "afgewezen"
    _privacy_officers_tell(
        rol,
        [
            (f"{verb} door {actor.username} (aangevraagd door {_who(aanvraag.door)})", c)
            for c in asked
        ],
    )
    log_change(actor, f"Bevoegdheden voor rol {verb}", f"rol:{rol.code}")
    return besluit


def _privacy_officers_tell(rol: Rol, changes: list[tuple[str, str]]) -> None:
    """Mail the privacy officers, once committed, about changes to the role's four-eyes
    capabilities (`changes`: what happened, capability code). Names the role and the
    capabilities only: no personal data."""
    sensitive = {c.value for c in FOUR_EYES}
    lines = [f"{what}: {capability_text(code)}" for what, code in changes if code in sensitive]
    recipients = privacy_officer_addresses() if lines else []
    if not recipients:
        return
    text = (
        f"In Goedwonen zijn gevoelige bevoegdheden van de rol '{rol.naam}' gewijzigd. "
        "Dat geldt voor iedereen met die rol:\n\n"
        + "\n".join(f"- {line}" for line in lines)
        + "\n\nU vindt de geschiedenis op de pagina van de rol onder Organisaties en gebruikers."
    )
    transaction.on_commit(
        partial(
            send_mail,
            "Goedwonen: gevoelige bevoegdheden van een rol gewijzigd",
            text,
            None,
            recipients,
            fail_silently=True,
        )
    )
