"""Changes to the task templates (add, change, deactivate), each recorded with what it was
before (parameters.Inrichtingswijziging) and logged. A task already set out from a template
keeps what it was made with: it copied the template."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from goedwonen.core import validators
from goedwonen.core.categories import Categorie
from goedwonen.core.policy import Capability, require
from goedwonen.parameters.services import inrichting_change_record

from ..models import Taaksjabloon
from .timeline import ACTIVITY

if TYPE_CHECKING:
    from goedwonen.accounts.models import User

FIELDS = (
    "categorie",
    "titel",
    "omschrijving",
    "organisatiecode",
    "dagen",
    "woningbezoek",
    "actief",
)
MAX_DAGEN = 365


def _state(sjabloon: Taaksjabloon) -> dict[str, Any]:
    return {field: getattr(sjabloon, field) for field in FIELDS}


@transaction.atomic
def taaksjabloon_save(
    *, actor: User, sjabloon: Taaksjabloon | None, reden: str = "", **values: Any
) -> Taaksjabloon:
    """Add a template (`sjabloon` None) or change one; `values` are the fields of FIELDS.
    Deactivating is a change of `actief`. Raises ValidationError naming each wrong field."""
    from goedwonen.accounts.models import Organisatie

    require(actor, Capability.ROUTING_MANAGE)
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if sjabloon is not None:
        sjabloon = Taaksjabloon.objects.select_for_update().get(pk=sjabloon.pk)
    oud = _state(sjabloon) if sjabloon is not None else {}
    target = sjabloon or Taaksjabloon(dagen=0)
    for field, value in values.items():
        setattr(target, field, value.strip() if isinstance(value, str) else value)
    errors: dict[str, list[str]] = {}
    if target.categorie and target.categorie not in Categorie.values:
        errors["categorie"] = [f"Onbekende categorie '{target.categorie}'."]
    if not target.titel:
        errors["titel"] = ["Geef de taak een titel."]
    elif message := validators.too_long(target.titel, validators.MAX_TITLE):
        errors["titel"] = [message]
    if message := validators.too_long(target.omschrijving, validators.MAX_DESCRIPTION):
        errors["omschrijving"] = [message]
    if not Organisatie.objects.filter(code=target.organisatiecode, actief=True).exists():
        errors["organisatiecode"] = ["Kies een actieve organisatie."]
    if isinstance(target.dagen, bool) or not isinstance(target.dagen, int):
        errors["dagen"] = ["Geef een aantal dagen."]
    elif not 1 <= target.dagen <= MAX_DAGEN:
        errors["dagen"] = [f"Geef een termijn van 1 tot en met {MAX_DAGEN} dagen."]
    if sjabloon is not None and _state(target) == oud:
        errors["__all__"] = ["Er is niets gewijzigd."]
    if sjabloon is not None and not reden.strip():
        errors["reden"] = ["Geef de reden van de wijziging."]
    elif message := validators.too_long(reden.strip(), validators.MAX_REASON):
        errors["reden"] = [message]
    if errors:
        raise ValidationError(errors)
    if sjabloon is None:
        target.volgorde = (
            max(Taaksjabloon.objects.values_list("volgorde", flat=True), default=0) + 1
        )
    target.save()
    if not oud:
        omschrijving = f"Taaksjabloon '{target.titel}' toegevoegd"
    elif oud["actief"] and not target.actief:
        omschrijving = f"Taaksjabloon '{target.titel}' gedeactiveerd"
    else:
        omschrijving = f"Taaksjabloon '{target.titel}' gewijzigd"
    inrichting_change_record(
        actor=actor,
        onderwerp="taaksjabloon",
        sleutel=target.pk,
        omschrijving=omschrijving,
        oud=oud,
        nieuw=_state(target),
        reden=reden,
        activity=ACTIVITY,
    )
    return target
