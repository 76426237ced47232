"""The plan's targets (issue 17, point 1): each a code with the measure it is compared to,
stored as dated, append-only versions (`Doelversie`) like the check parameters. The plan's
values are seeded by migration 0002_doelen with the plan's section as source.

One target has its value elsewhere: the integral actions a year are the check parameter
`integrale-acties-per-jaar` (goedwonen.parameters), which the list of actions already counts
against. That parameter stays the one source of the value; this target reads it, and its page
sends whoever changes it to the parameter's page.

Targets are policy, not personal data: reading them needs STEERING_VIEW, changing them
TARGETS_MANAGE; every change is a new version, logged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from goedwonen.core import display, validators
from goedwonen.core.models import Verwerkingsactiviteitcode
from goedwonen.core.policy import Capability, require
from goedwonen.core.processing_log import processing_log_record
from goedwonen.parameters.definities import DEFINITIES as PARAMETERS
from goedwonen.parameters.definities import INTEGRALE_ACTIES_DOEL
from goedwonen.parameters.selectors import parameter_op

from .models import Doelperiode, Doelversie

if TYPE_CHECKING:
    from goedwonen.accounts.models import User
    from goedwonen.registry.models import Gebied

ACTIVITY = Verwerkingsactiviteitcode.STURING


@dataclass(frozen=True)
class Doeldefinitie:
    code: str
    maat: str  # a measure of realisatie.MATEN
    maximum: Decimal
    parameter: str = ""  # the check parameter that holds the value, if any
    # Only for a target whose value lives in a parameter (it has no versions of its own).
    naam: str = ""


INTEGRALE_ACTIES = "integrale-acties"

DOELEN: dict[str, Doeldefinitie] = {
    d.code: d
    for d in (
        Doeldefinitie("nieuwe-casussen", "casussen_nieuw", Decimal("100000")),
        Doeldefinitie(
            INTEGRALE_ACTIES,
            "integrale_acties_gehouden",
            Decimal("100"),
            parameter=INTEGRALE_ACTIES_DOEL,
            naam="Integrale acties op basis van dataonderzoek",
        ),
        Doeldefinitie("casustafels", "casustafel_vergaderingen", Decimal("10")),
        Doeldefinitie("stopgesprekken", "stopgesprekken_gehouden", Decimal("1000")),
        Doeldefinitie("monitoring-na-waarschuwing", "waarschuwingen_gemonitord", Decimal("100")),
        Doeldefinitie("signaleringsrapportage", "signaleringsrapporten", Decimal("12")),
        Doeldefinitie("raadsinformatie", "raadsinformaties", Decimal("12")),
        Doeldefinitie("evaluatie-tussentijds", "evaluaties_tussentijds", Decimal("10")),
        Doeldefinitie("evaluatie-volledig", "evaluaties_volledig", Decimal("10")),
    )
}


@dataclass(frozen=True)
class Doel:
    """A target as valid on a date: from its version, or from the parameter holding it."""

    code: str
    naam: str
    maat: str
    waarde: Decimal
    eenheid: str
    periode: str
    uiterlijk_op: date | None
    gebied: Gebied | None
    bron: str
    geldig_vanaf: date | None
    versie: Doelversie | None  # None: the value is a check parameter's
    parameter: str = ""

    @property
    def periode_label(self) -> str:
        return str(Doelperiode(self.periode).label)

    @property
    def waarde_getoond(self) -> str:
        """1.250 rather than 1250.00; 12,5 with a decimal comma."""
        exponent = self.waarde.normalize().as_tuple().exponent
        decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        return display.getal(self.waarde, decimals)


def _valid_on(code: str, datum: date) -> Doelversie | None:
    """The latest start on or before `datum`, of those the latest made; before every start:
    the earliest start (a target has few versions)."""
    return _pick(list(Doelversie.objects.filter(code=code).select_related("gebied")), datum)


def _pick(versions: list[Doelversie], datum: date) -> Doelversie | None:
    """Of one target's versions, the one valid on `datum` (see `_valid_on`)."""
    if not versions:
        return None
    pool = [v for v in versions if v.geldig_vanaf <= datum] or [
        v for v in versions if v.geldig_vanaf == min(v.geldig_vanaf for v in versions)
    ]
    return max(pool, key=lambda v: (v.geldig_vanaf, v.vastgesteld_op, v.pk))


def doel_op(code: str, datum: date, versies: list[Doelversie] | None = None) -> Doel | None:
    """The target as valid on `datum`; None when it has no version (an emptied database).
    `versies`: the target's versions when the caller read them already."""
    definitie = DOELEN[code]
    if definitie.parameter:
        parameter = parameter_op(definitie.parameter, datum)
        return Doel(
            code=code,
            naam=definitie.naam,
            maat=definitie.maat,
            waarde=Decimal(parameter.waarde),
            # "acties per jaar": the period says "per jaar" already.
            eenheid=PARAMETERS[definitie.parameter].eenheid.removesuffix(" per jaar"),
            periode=Doelperiode.JAAR,
            uiterlijk_op=None,
            gebied=None,
            bron=parameter.bron,
            geldig_vanaf=parameter.geldig_vanaf,
            versie=None,
            parameter=definitie.parameter,
        )
    versie = _valid_on(code, datum) if versies is None else _pick(versies, datum)
    if versie is None:
        return None
    return Doel(
        code=code,
        naam=versie.naam,
        maat=versie.maat,
        waarde=versie.waarde,
        eenheid=versie.eenheid,
        periode=versie.periode,
        uiterlijk_op=versie.uiterlijk_op,
        gebied=versie.gebied,
        bron=versie.bron,
        geldig_vanaf=versie.geldig_vanaf,
        versie=versie,
    )


def doelen_op(datum: date) -> list[Doel]:
    """Every target as valid on `datum`, in the order of DOELEN. No actor: the dashboard's
    sections read them for a viewer the page already checked."""
    # One query for every target's versions (a target has few), not one per target.
    versies: dict[str, list[Doelversie]] = {code: [] for code in DOELEN}
    for versie in Doelversie.objects.filter(code__in=list(DOELEN)).select_related("gebied"):
        versies[versie.code].append(versie)
    return [d for code in DOELEN if (d := doel_op(code, datum, versies[code])) is not None]


def doelen_overview(*, actor: User, datum: date) -> list[Doel]:
    require(actor, Capability.STEERING_VIEW)
    return doelen_op(datum)


def doel_history(*, actor: User, code: str) -> list[Doelversie]:
    """Every version of the target, the latest made first. KeyError: unknown code."""
    require(actor, Capability.STEERING_VIEW)
    DOELEN[code]
    return list(
        Doelversie.objects.filter(code=code)
        .select_related("vastgesteld_door", "gebied")
        .order_by("-vastgesteld_op", "-pk")
    )


@transaction.atomic
def doelversie_create(
    *,
    actor: User,
    code: str,
    waarde: Decimal,
    geldig_vanaf: date,
    bron: str,
    reden: str,
    gebied: Gebied | None = None,
    uiterlijk_op: date | None = None,
) -> Doelversie:
    """A new version of a target, valid from `geldig_vanaf` (today or later; a target does
    not change the past). Name, measure, unit and period carry over from the version valid
    today. Raises ValidationError naming each wrong field."""
    require(actor, Capability.TARGETS_MANAGE)
    definitie = DOELEN.get(code)
    if definitie is None:
        raise ValidationError({"code": [f"Onbekend doel '{code}'."]})
    if definitie.parameter:
        raise ValidationError(
            {
                "waarde": [
                    "Dit doel is de toetsparameter "
                    f"'{PARAMETERS[definitie.parameter].naam}'; wijzig het daar."
                ]
            }
        )
    today = timezone.localdate()
    huidig = _valid_on(code, today)
    if huidig is None:
        raise ValidationError({"code": [f"Het doel '{code}' heeft nog geen versie."]})
    errors: dict[str, list[str]] = {}
    try:
        waarde = Decimal(waarde)
    except (InvalidOperation, TypeError, ValueError):
        errors["waarde"] = ["Geef een getal."]
    else:
        if not waarde.is_finite() or not Decimal(0) <= waarde <= definitie.maximum:
            errors["waarde"] = [
                f"Geef een waarde van 0 tot en met {definitie.maximum} {huidig.eenheid}."
            ]
        elif waarde.as_tuple().exponent < -2:  # type: ignore[operator]
            errors["waarde"] = ["Gebruik hooguit twee cijfers achter de komma."]
    if geldig_vanaf < today:
        errors["geldig_vanaf"] = [
            f"Kies vandaag ({display.datum(today)}) of later: een doel geldt niet met "
            "terugwerkende kracht."
        ]
    else:
        try:
            validators.validate_date_range(geldig_vanaf)
        except ValidationError as error:
            errors["geldig_vanaf"] = error.messages
    if huidig.periode == Doelperiode.EENMALIG:
        if uiterlijk_op is None:
            errors["uiterlijk_op"] = ["Geef de datum waarop het doel uiterlijk bereikt is."]
        else:
            try:
                validators.validate_date_range(uiterlijk_op)
            except ValidationError as error:
                errors["uiterlijk_op"] = error.messages
    else:
        uiterlijk_op = None
    for field, text, longest in (
        ("bron", bron, validators.MAX_DESCRIPTION),
        ("reden", reden, validators.MAX_REASON),
    ):
        if not text.strip():
            errors[field] = [
                "Noem de bron van het doel (het plan en de paragraaf, of het besluit)."
                if field == "bron"
                else "Geef de reden van de wijziging."
            ]
        elif message := validators.too_long(text.strip(), longest):
            errors[field] = [message]
    if errors:
        raise ValidationError(errors)
    versie = Doelversie.objects.create(
        code=code,
        naam=huidig.naam,
        maat=huidig.maat,
        waarde=waarde,
        eenheid=huidig.eenheid,
        periode=huidig.periode,
        uiterlijk_op=uiterlijk_op,
        gebied=gebied,
        bron=bron.strip(),
        geldig_vanaf=geldig_vanaf,
        reden=reden.strip(),
        vastgesteld_door=actor,
    )
    processing_log_record(
        actor=actor,
        operation=f"Doel gewijzigd: {huidig.naam}"[:200],
        activity=ACTIVITY,
        object_ref=f"doel:{code}/versie:{versie.pk}",
    )
    return versie
