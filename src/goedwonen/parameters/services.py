"""Changes to the check parameters and the record of every change to the set-up.

A parameter changes by a new version with a date from which it applies, never back in time:
a visit already recorded keeps the value in its outcome (a snapshot), and a correction of it
dated before the change takes what applied then.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from goedwonen.core import display, validators
from goedwonen.core.models import Verwerkingsactiviteitcode
from goedwonen.core.policy import Capability, require
from goedwonen.core.processing_log import processing_log_record

from .definities import DEFINITIES
from .models import Inrichtingswijziging, Parameterversie

if TYPE_CHECKING:
    from goedwonen.accounts.models import User

# The checks serve the visits in cases.
ACTIVITY = Verwerkingsactiviteitcode.CASUSREGIE


@transaction.atomic
def parameterversie_create(
    *,
    actor: User,
    code: str,
    waarde: Decimal,
    geldig_vanaf: date,
    bron: str,
    reden: str,
) -> Parameterversie:
    """A new version of a check parameter, valid from `geldig_vanaf` (today or later).
    Raises ValidationError naming each wrong field."""
    require(actor, Capability.ROUTING_MANAGE)
    errors: dict[str, list[str]] = {}
    definitie = DEFINITIES.get(code)
    if definitie is None:
        raise ValidationError({"code": [f"Onbekende parameter '{code}'."]})
    try:
        waarde = Decimal(waarde)
    except (InvalidOperation, TypeError, ValueError):
        errors["waarde"] = ["Geef een getal."]
    else:
        if not waarde.is_finite() or not definitie.minimum <= waarde <= definitie.maximum:
            errors["waarde"] = [
                f"Geef een waarde van {definitie.minimum} tot en met {definitie.maximum} "
                f"{definitie.eenheid}."
            ]
        elif definitie.geheel and waarde != waarde.to_integral_value():
            errors["waarde"] = [f"Geef een geheel aantal {definitie.eenheid}."]
        elif waarde.as_tuple().exponent < -2:  # type: ignore[operator]
            errors["waarde"] = ["Gebruik hooguit twee cijfers achter de komma."]
    today = timezone.localdate()
    if geldig_vanaf < today:
        errors["geldig_vanaf"] = [
            f"Kies vandaag ({display.datum(today)}) of later: een parameter geldt niet met "
            "terugwerkende kracht."
        ]
    else:
        try:
            validators.validate_date_range(geldig_vanaf)
        except ValidationError as error:
            errors["geldig_vanaf"] = error.messages
    for field, text, longest in (
        ("bron", bron, validators.MAX_DESCRIPTION),
        ("reden", reden, validators.MAX_REASON),
    ):
        if not text.strip():
            errors[field] = [
                "Noem de bron van de waarde (wet, besluit of beleidsregel)."
                if field == "bron"
                else "Geef de reden van de wijziging."
            ]
        elif message := validators.too_long(text.strip(), longest):
            errors[field] = [message]
    if errors:
        raise ValidationError(errors)
    versie = Parameterversie.objects.create(
        code=code,
        waarde=waarde,
        eenheid=definitie.eenheid,
        bron=bron.strip(),
        geldig_vanaf=geldig_vanaf,
        reden=reden.strip(),
        vastgesteld_door=actor,
    )
    processing_log_record(
        actor=actor,
        operation=f"Toetsparameter gewijzigd: {definitie.naam}",
        activity=ACTIVITY,
        object_ref=f"parameter:{code}/versie:{versie.pk}",
    )
    return versie


def inrichting_change_record(
    *,
    actor: User,
    onderwerp: str,
    sleutel: str | int,
    omschrijving: str,
    oud: dict[str, Any],
    nieuw: dict[str, Any],
    activity: Verwerkingsactiviteitcode,
    reden: str = "",
) -> Inrichtingswijziging:
    """Record a change to a piece of the set-up (within the caller's transaction): the
    history row and the processing-log line. The caller's service made the change."""
    require(actor, Capability.ROUTING_MANAGE)
    wijziging = Inrichtingswijziging.objects.create(
        onderwerp=onderwerp,
        sleutel=str(sleutel),
        omschrijving=omschrijving[:200],
        oud=oud,
        nieuw=nieuw,
        reden=reden.strip(),
        door=actor,
    )
    processing_log_record(
        actor=actor,
        operation=f"Inrichting gewijzigd: {omschrijving}"[:200],
        activity=activity,
        object_ref=f"{onderwerp}:{sleutel}/wijziging:{wijziging.pk}",
    )
    return wijziging
