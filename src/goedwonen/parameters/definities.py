"""The check parameters an administrator may change: what each is, its unit and its bounds.

The start value of each (the first version, seeded by migration 0002) is the constant in
`goedwonen.checks.parameters`, with the source it comes from.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from goedwonen.checks import parameters as start


@dataclass(frozen=True)
class Definitie:
    code: str
    naam: str
    eenheid: str
    uitleg: str
    minimum: Decimal
    maximum: Decimal
    start: start.Parameter
    geheel: bool = False  # whole numbers only (a term in days or years)


HUURDREMPEL = "huur-overschrijdingsdrempel"
BEWONINGSNORM = "bewoningsnorm"
OPKOOPBESCHERMING_TERMIJN = "opkoopbescherming-termijn"
AANVRAAG_VOOR_LEVERING = "aanvraag-voor-levering"
INTEGRALE_ACTIES_DOEL = "integrale-acties-per-jaar"

DEFINITIES: dict[str, Definitie] = {
    d.code: d
    for d in (
        Definitie(
            HUURDREMPEL,
            "Drempel huuroverschrijding",
            "%",
            "Vanaf dit percentage boven de maximale huurprijs signaleert de huurprijstoets.",
            Decimal("0"),
            Decimal("500"),
            start.OVERSCHRIJDINGSDREMPEL_HUUR,
        ),
        Definitie(
            BEWONINGSNORM,
            "Bewoningsnorm",
            "m² per persoon",
            "De gebruiksoppervlakte per persoon waaronder de bewoningstoets overbewoning "
            "signaleert.",
            Decimal("1"),
            Decimal("100"),
            start.BEWONINGSNORM_M2_PER_PERSOON,
        ),
        Definitie(
            OPKOOPBESCHERMING_TERMIJN,
            "Termijn opkoopbescherming",
            "jaren",
            "Zo lang na de verkrijging is verhuren zonder vergunning verboden.",
            Decimal("1"),
            Decimal("10"),
            start.OPKOOPBESCHERMING_TERMIJN_JAREN,
            geheel=True,
        ),
        Definitie(
            AANVRAAG_VOOR_LEVERING,
            "Aanvraag vóór verkrijging",
            "dagen",
            "Een vergunningaanvraag uiterlijk zoveel dagen vóór de verkrijging telt als "
            "aanvraag van de huidige eigenaar.",
            Decimal("0"),
            Decimal("365"),
            start.AANVRAAG_VOOR_LEVERING_DAGEN,
            geheel=True,
        ),
        Definitie(
            INTEGRALE_ACTIES_DOEL,
            "Doel integrale acties",
            "acties per jaar",
            "Zoveel gehouden integrale acties per jaar telt het overzicht van de acties als doel.",
            Decimal("1"),
            Decimal("100"),
            start.INTEGRALE_ACTIES_PER_JAAR,
            geheel=True,
        ),
    )
}
