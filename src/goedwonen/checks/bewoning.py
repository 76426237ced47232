"""Occupancy check: persons found or registered against usable floor area.

The norm (default: one person per 12 m², Bouwbesluit 2012 art. 7.18) is a `Parameter`. The
outcome is a signal for follow-up, never proof of overcrowding: the BAG area is usable floor
area (NEN 2580), and the norm was written to protect health, not to allocate housing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError

from goedwonen.core import display

from .parameters import BEWONINGSNORM_M2_PER_PERSOON, Parameter


@dataclass(frozen=True)
class BewoningsToets:
    oppervlakte: Decimal
    volwassenen: int
    kinderen: int
    norm: Parameter[Decimal]
    oppervlakte_per_persoon: Decimal | None  # None when nobody lives there
    maximaal_aantal_personen: int
    overbewoond: bool
    toelichting: str

    @property
    def personen(self) -> int:
        return self.volwassenen + self.kinderen


def _m2(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",").removesuffix(",00") + " m²"


def bewoning_check(
    *,
    oppervlakte: Decimal | int,
    volwassenen: int,
    kinderen: int = 0,
    norm: Parameter[Decimal] = BEWONINGSNORM_M2_PER_PERSOON,
) -> BewoningsToets:
    """Compare the persons found (adults and children count alike, as in the Bouwbesluit
    norm) with the floor area. Overcrowded means more persons than the area allows at the
    norm; the maximum is the area divided by the norm, rounded down."""
    errors: dict[str, list[str]] = {}
    area = Decimal(oppervlakte) if isinstance(oppervlakte, int | Decimal) else Decimal("NaN")
    if not area.is_finite() or area <= 0:
        errors["oppervlakte"] = [
            "Geef de gebruiksoppervlakte op in m² (groter dan 0); zonder oppervlakte is geen "
            "bewoningstoets mogelijk."
        ]
    for field, count in (("volwassenen", volwassenen), ("kinderen", kinderen)):
        if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= 500:
            errors[field] = [f"Het aantal {field} moet een geheel getal van 0 tot 500 zijn."]
    if not norm.waarde > 0:
        errors["norm"] = ["De norm moet groter zijn dan 0 m² per persoon."]
    if errors:
        raise ValidationError(errors)

    persons = volwassenen + kinderen
    maximum = int((area / norm.waarde).to_integral_value(rounding=ROUND_FLOOR))
    per_person = (area / persons).quantize(Decimal("0.01"), ROUND_HALF_UP) if persons else None
    overcrowded = persons > maximum
    people = display.aantal(persons, "persoon", "personen")
    if per_person is None:
        toelichting = "Geen personen aangetroffen of ingeschreven."
    elif overcrowded:
        toelichting = (
            f"{people} op {_m2(area)}: {_m2(per_person)} per persoon, minder dan de "
            f"norm van {_m2(norm.waarde)}; bij die norm passen er {maximum}. Dit is een signaal "
            "voor nader onderzoek, geen bewijs van overbewoning."
        )
    else:
        toelichting = (
            f"{people} op {_m2(area)}: {_m2(per_person)} per persoon; bij de norm van "
            f"{_m2(norm.waarde)} passen er {maximum}."
        )
    return BewoningsToets(
        oppervlakte=area,
        volwassenen=volwassenen,
        kinderen=kinderen,
        norm=norm,
        oppervlakte_per_persoon=per_person,
        maximaal_aantal_personen=maximum,
        overbewoond=overcrowded,
        toelichting=toelichting,
    )
