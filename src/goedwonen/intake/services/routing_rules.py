"""Changes to the routing rules and service norms, which the shared `Router` reads. Each
change is recorded with what it was before (parameters.Inrichtingswijziging) and logged."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from goedwonen.core import validators
from goedwonen.core.policy import Capability, require
from goedwonen.parameters.services import inrichting_change_record

from ..models import Routeringsregel, Servicenorm
from ..routing import Router
from . import ACTIVITY

if TYPE_CHECKING:
    from goedwonen.accounts.models import User


def _rule_state(regel: Routeringsregel) -> dict[str, Any]:
    return {
        "volgorde": regel.volgorde,
        "naam": regel.naam,
        "gebied": regel.gebied.naam if regel.gebied else "overal",
        "categorie": regel.get_categorie_display() or "alle",
        "bron": regel.bron or "alle",
        "team": regel.team.naam,
        "behandelaar": regel.behandelaar.username if regel.behandelaar else None,
        "actief": regel.actief,
    }


def _norm_state(norm: Servicenorm) -> dict[str, Any]:
    return {"dagen_triage": norm.dagen_triage, "dagen_afhandeling": norm.dagen_afhandeling}


def _check_reason(is_change: bool, reden: str) -> None:
    if is_change and not reden.strip():
        raise ValidationError({"reden": "Geef de reden van de wijziging."})
    if message := validators.too_long(reden.strip(), validators.MAX_REASON):
        raise ValidationError({"reden": message})


@transaction.atomic
def routeringsregel_save(
    *, actor: User, regel: Routeringsregel, reden: str = ""
) -> Routeringsregel:
    """Add or change a routing rule. Rules are data; the order decides (first match wins).
    A change needs a reason; a rule is switched off (`actief`), never deleted."""
    require(actor, Capability.ROUTING_MANAGE)
    before = (
        Routeringsregel.objects.select_for_update().filter(pk=regel.pk).first()
        if regel.pk
        else None
    )
    _check_reason(before is not None, reden)
    regel.full_clean()
    oud = _rule_state(before) if before is not None else {}
    nieuw = _rule_state(regel)
    if before is not None and oud == nieuw:
        raise ValidationError("Er is niets gewijzigd.")
    regel.save()
    inrichting_change_record(
        actor=actor,
        onderwerp="routeringsregel",
        sleutel=regel.pk,
        omschrijving=f"Routeringsregel '{regel.naam}' {'gewijzigd' if oud else 'toegevoegd'}",
        oud=oud,
        nieuw=nieuw,
        reden=reden,
        activity=ACTIVITY,
    )
    _routing_changed()
    return regel


@transaction.atomic
def servicenorm_save(*, actor: User, norm: Servicenorm, reden: str = "") -> Servicenorm:
    require(actor, Capability.ROUTING_MANAGE)
    before = Servicenorm.objects.select_for_update().filter(pk=norm.pk).first() if norm.pk else None
    _check_reason(before is not None, reden)
    norm.full_clean()
    oud = _norm_state(before) if before is not None else {}
    nieuw = _norm_state(norm)
    if before is not None and oud == nieuw:
        raise ValidationError("Er is niets gewijzigd.")
    norm.save()
    categorie = norm.get_categorie_display() or "standaard"
    inrichting_change_record(
        actor=actor,
        onderwerp="servicenorm",
        sleutel=norm.categorie or "standaard",
        omschrijving=f"Servicenorm {categorie} {'gewijzigd' if oud else 'vastgesteld'}",
        oud=oud,
        nieuw=nieuw,
        reden=reden,
        activity=ACTIVITY,
    )
    _routing_changed()
    return norm


def _routing_changed() -> None:
    # Now, and again once committed: a request in between may rebuild the shared Router from
    # the rows as they were before the commit.
    Router.forget_shared()
    transaction.on_commit(Router.forget_shared)
