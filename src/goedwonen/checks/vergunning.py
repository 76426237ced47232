"""Permit check: does letting this object need a permit on a date, and is there a valid one?

Two local rules, both read from the area designations (`Gebiedsaanwijzing`) of the object's
buurt and the areas above it, so a new area or municipality is data:

- verhuurvergunning (Wgv art. 5, Verhuurverordening Rotterdam 2023: Carnisse): letting a
  dwelling in a designated area needs a permit. Not for dwellings of the municipality (the
  ordinance) nor of housing corporations (Wgv; the Autoriteit woningcorporaties supervises).
- opkoopbescherming (Huisvestingswet art. 41): a dwelling bought in a designated area with a
  WOZ value up to the designation's limit may not be let without a permit for four years.

A permit belongs to the owner who applied and does not pass to a new owner; the registry does
not record the applicant, so a permit applied for before the current owner acquired the object
(minus a margin, `AANVRAAG_VOOR_LEVERING_DAGEN`) is taken to be a previous owner's.
Validity periods (`geldig_van`, `geldig_tot`) include both ends, as in the registry pages.

Read-only: the caller has already fetched the object through the access policy. The reasons
name owner kinds and dates, never owners.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q

from goedwonen.core import display
from goedwonen.registry.models import (
    Eigenaarsoort,
    Eigendom,
    Gebied,
    Gebiedsaanwijzing,
    Regeling,
    Verblijfsobject,
    Vergunning,
    Vergunningsoort,
    Vergunningstatus,
    WozWaarde,
)

from .parameters import (
    AANVRAAG_VOOR_LEVERING_DAGEN,
    OPKOOPBESCHERMING_TERMIJN_JAREN,
    Parameter,
)

# Statuses of a permit that was granted; withdrawn and lapsed ones were valid until geldig_tot.
_VERLEEND = (Vergunningstatus.VERLEEND, Vergunningstatus.INGETROKKEN, Vergunningstatus.VERVALLEN)


@dataclass(frozen=True)
class Vergunningplicht:
    """One rule for one object on one date. `van_toepassing` is None when the registry does
    not hold enough to decide (the reasons say what is missing)."""

    regeling: Regeling
    van_toepassing: bool | None
    geldige_vergunning: Vergunning | None
    aanvraag_in_behandeling: Vergunning | None
    redenen: tuple[str, ...]
    grondslag: str = ""

    @property
    def vergunning_ontbreekt(self) -> bool:
        return self.van_toepassing is True and self.geldige_vergunning is None


@dataclass(frozen=True)
class Vergunningstoets:
    verblijfsobject: Verblijfsobject
    datum: date
    verhuurvergunning: Vergunningplicht
    opkoopbescherming: Vergunningplicht

    @property
    def vergunning_ontbreekt(self) -> bool:
        return (
            self.verhuurvergunning.vergunning_ontbreekt
            or self.opkoopbescherming.vergunning_ontbreekt
        )


def _d(day: date) -> str:
    return display.datum(day)


def _areas_up(vbo: Verblijfsobject) -> list[Gebied]:
    areas: list[Gebied] = []
    area = vbo.buurt
    while area is not None:
        areas.append(area)
        area = area.bovenliggend
    return areas


def _in_force(aanwijzing: Gebiedsaanwijzing, day: date) -> bool:
    return aanwijzing.geldig_van <= day and (
        aanwijzing.geldig_tot is None or day <= aanwijzing.geldig_tot
    )


def _valid_on(vergunning: Vergunning, day: date) -> bool:
    if vergunning.status not in _VERLEEND or vergunning.geldig_van is None:
        return False
    if vergunning.geldig_tot is None:
        return vergunning.status == Vergunningstatus.VERLEEND and vergunning.geldig_van <= day
    return vergunning.geldig_van <= day <= vergunning.geldig_tot


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class _Eigendom:
    """Who held the object on the date, as far as the registry knows."""

    soorten: frozenset[str]
    verkregen_op: date | None  # the latest acquisition among the current owners
    bekend: bool


def _ownership(vbo: Verblijfsobject, day: date) -> _Eigendom:
    current = list(
        Eigendom.objects.filter(verblijfsobject=vbo)
        .filter(Q(verkregen_op__isnull=True) | Q(verkregen_op__lte=day))
        .filter(Q(beeindigd_op__isnull=True) | Q(beeindigd_op__gt=day))
        .select_related("eigenaar")
    )
    dates = [e.verkregen_op for e in current if e.verkregen_op is not None]
    return _Eigendom(
        soorten=frozenset(e.eigenaar.soort for e in current),
        verkregen_op=max(dates) if dates else None,
        bekend=bool(current),
    )


def _permits_of_owner(
    vbo: Verblijfsobject,
    soort: Vergunningsoort,
    eigendom: _Eigendom,
    day: date,
    marge: Parameter[int],
) -> tuple[Vergunning | None, Vergunning | None, list[str]]:
    """The current owner's valid permit and pending application on `day`, with reasons."""
    naam = Vergunningsoort(soort).label.lower()
    permits = list(
        Vergunning.objects.filter(verblijfsobject=vbo, soort=soort, aangevraagd_op__lte=day)
    )
    reasons: list[str] = []
    if eigendom.verkregen_op is not None:
        cutoff = eigendom.verkregen_op - timedelta(days=marge.waarde)
        earlier = [v for v in permits if v.aangevraagd_op < cutoff]
        permits = [v for v in permits if v.aangevraagd_op >= cutoff]
        for v in earlier:
            if _valid_on(v, day) or v.status == Vergunningstatus.AANGEVRAAGD:
                reasons.append(
                    f"De {naam} aangevraagd op {_d(v.aangevraagd_op)} hoort bij een vorige "
                    f"eigenaar (de huidige verkreeg het object op {_d(eigendom.verkregen_op)}); "
                    "een vergunning gaat niet over op een nieuwe eigenaar."
                )
    elif permits:
        reasons.append(
            "De eigenaar op deze datum is onbekend: elke vergunning voor het object is meegeteld."
        )
    valid = next((v for v in permits if _valid_on(v, day)), None)
    pending = next((v for v in permits if v.status == Vergunningstatus.AANGEVRAAGD), None)
    if valid is not None:
        until = f" tot en met {_d(valid.geldig_tot)}" if valid.geldig_tot else ""
        reasons.append(
            f"Geldige {naam} sinds {_d(valid.geldig_van or valid.aangevraagd_op)}{until}."
        )
    else:
        reasons.append(f"Geen geldige {naam} op {_d(day)}.")
        if pending is not None:
            reasons.append(
                f"Er is een aanvraag in behandeling, ingediend op {_d(pending.aangevraagd_op)}."
            )
    return valid, pending, reasons


def _rental_permit(
    vbo: Verblijfsobject,
    aanwijzingen: list[Gebiedsaanwijzing],
    eigendom: _Eigendom,
    day: date,
    marge: Parameter[int],
) -> Vergunningplicht:
    regeling = Regeling.VERHUURVERGUNNING
    active = [a for a in aanwijzingen if a.regeling == regeling and _in_force(a, day)]
    if not active:
        return Vergunningplicht(
            regeling,
            False,
            None,
            None,
            (f"Het gebied is op {_d(day)} niet aangewezen voor de verhuurvergunning.",),
        )
    aanwijzing = active[0]
    grondslag = aanwijzing.bron
    reasons = [
        f"{aanwijzing.gebied.naam} ({aanwijzing.gebied.code}) is sinds "
        f"{_d(aanwijzing.geldig_van)} aangewezen voor de verhuurvergunning ({grondslag})."
    ]
    if not vbo.is_woning:
        reasons.append("Het object is volgens de BAG geen woning: geen vergunningplicht.")
        return Vergunningplicht(regeling, False, None, None, tuple(reasons), grondslag)
    if eigendom.bekend and eigendom.soorten <= {Eigenaarsoort.WONINGCORPORATIE}:
        reasons.append(
            "De eigenaar is een woningcorporatie: de gemeente kan geen verhuurvergunning "
            "eisen (Wgv; toezicht door de Autoriteit woningcorporaties)."
        )
        return Vergunningplicht(regeling, False, None, None, tuple(reasons), grondslag)
    if eigendom.bekend and eigendom.soorten <= {Eigenaarsoort.OVERHEID}:
        reasons.append(
            "De eigenaar is een overheid: de verordening geldt niet voor woningen van de "
            "gemeente. Controleer of de eigenaar de gemeente is."
        )
        return Vergunningplicht(regeling, False, None, None, tuple(reasons), grondslag)
    if not eigendom.bekend:
        reasons.append(f"De eigenaar op {_d(day)} is niet bekend in de registratie.")
    reasons.append("Voor verhuur van deze woning is een verhuurvergunning nodig.")
    valid, pending, permit_reasons = _permits_of_owner(
        vbo, Vergunningsoort.VERHUURVERGUNNING, eigendom, day, marge
    )
    return Vergunningplicht(regeling, True, valid, pending, (*reasons, *permit_reasons), grondslag)


def _woz_at_acquisition(vbo: Verblijfsobject, acquired: date) -> tuple[WozWaarde | None, str]:
    """The WOZ value in force when the object was acquired: that of the calendar year, with
    waardepeildatum 1 January of the year before. Falls back on the nearest later one."""
    in_force = date(acquired.year - 1, 1, 1)
    values = list(WozWaarde.objects.filter(verblijfsobject=vbo).order_by("peildatum"))
    earlier = [w for w in values if w.peildatum <= in_force]
    if earlier:
        return earlier[-1], ""
    if values:
        return values[0], (
            f" (de WOZ-waarde met waardepeildatum {_d(in_force)} ontbreekt; de eerstvolgende "
            "bekende is gebruikt)"
        )
    return None, ""


def _buy_to_let(
    vbo: Verblijfsobject,
    aanwijzingen: list[Gebiedsaanwijzing],
    eigendom: _Eigendom,
    day: date,
    termijn: Parameter[int],
    marge: Parameter[int],
) -> Vergunningplicht:
    regeling = Regeling.OPKOOPBESCHERMING
    designated = [a for a in aanwijzingen if a.regeling == regeling]
    if not designated:
        return Vergunningplicht(
            regeling, False, None, None, ("Het gebied is niet aangewezen voor opkoopbescherming.",)
        )
    if not vbo.is_woning:
        return Vergunningplicht(
            regeling, False, None, None, ("Het object is volgens de BAG geen woning.",)
        )
    acquired = eigendom.verkregen_op
    if acquired is None:
        return Vergunningplicht(
            regeling,
            None,
            None,
            None,
            (
                "Het gebied is aangewezen voor opkoopbescherming, maar de datum waarop de "
                "huidige eigenaar het object verkreeg is niet bekend.",
            ),
        )
    at_acquisition = [a for a in designated if _in_force(a, acquired)]
    if not at_acquisition:
        return Vergunningplicht(
            regeling,
            False,
            None,
            None,
            (f"Verkregen op {_d(acquired)}, toen gold in dit gebied geen opkoopbescherming.",),
        )
    aanwijzing = at_acquisition[0]
    grondslag = aanwijzing.bron
    reasons = [
        f"Verkregen op {_d(acquired)}; {aanwijzing.gebied.naam} ({aanwijzing.gebied.code}) "
        f"was toen aangewezen voor opkoopbescherming ({grondslag})."
    ]
    ends = _add_years(acquired, termijn.waarde)
    if day >= ends:
        reasons.append(
            f"De termijn van {termijn.waarde} jaar na verkrijging liep af op {_d(ends)}."
        )
        return Vergunningplicht(regeling, False, None, None, tuple(reasons), grondslag)
    try:
        limit = int(aanwijzing.parameter)
    except ValueError:
        reasons.append("De aanwijzing noemt geen WOZ-grens; laat de grens vaststellen.")
        return Vergunningplicht(regeling, None, None, None, tuple(reasons), grondslag)
    woz, note = _woz_at_acquisition(vbo, acquired)
    if woz is None:
        reasons.append("Er is geen WOZ-waarde bekend om met de grens te vergelijken.")
        return Vergunningplicht(regeling, None, None, None, tuple(reasons), grondslag)
    waarde = display.euro(woz.waarde, 0)
    grens = display.euro(limit, 0)
    if woz.waarde > limit:
        reasons.append(
            f"De WOZ-waarde {waarde} (waardepeildatum {_d(woz.peildatum)}){note} is hoger dan "
            f"de grens van {grens}: geen opkoopbescherming."
        )
        return Vergunningplicht(regeling, False, None, None, tuple(reasons), grondslag)
    reasons.append(
        f"De WOZ-waarde {waarde} (waardepeildatum {_d(woz.peildatum)}){note} is niet hoger dan "
        f"de grens van {grens}. Tot {_d(ends)} is voor verhuur een vergunning nodig."
    )
    valid, pending, permit_reasons = _permits_of_owner(
        vbo, Vergunningsoort.OPKOOPBESCHERMING, eigendom, day, marge
    )
    return Vergunningplicht(regeling, True, valid, pending, (*reasons, *permit_reasons), grondslag)


def vergunningen_check(
    verblijfsobject: Verblijfsobject,
    *,
    datum: date,
    termijn_opkoopbescherming: Parameter[int] = OPKOOPBESCHERMING_TERMIJN_JAREN,
    aanvraag_voor_levering: Parameter[int] = AANVRAAG_VOOR_LEVERING_DAGEN,
) -> Vergunningstoets:
    """Whether letting the object on `datum` needs a rental permit and/or falls under
    opkoopbescherming, and whether the current owner holds a valid permit for each."""
    aanwijzingen = list(
        Gebiedsaanwijzing.objects.filter(
            gebied__in=_areas_up(verblijfsobject),
            regeling__in=[Regeling.VERHUURVERGUNNING, Regeling.OPKOOPBESCHERMING],
            geldig_van__lte=datum,
        )
        .select_related("gebied")
        .order_by("-geldig_van", "gebied__code")
    )
    eigendom = _ownership(verblijfsobject, datum)
    return Vergunningstoets(
        verblijfsobject=verblijfsobject,
        datum=datum,
        verhuurvergunning=_rental_permit(
            verblijfsobject, aanwijzingen, eigendom, datum, aanvraag_voor_levering
        ),
        opkoopbescherming=_buy_to_let(
            verblijfsobject,
            aanwijzingen,
            eigendom,
            datum,
            termijn_opkoopbescherming,
            aanvraag_voor_levering,
        ),
    )
