"""Policy parameters of the checks, each with the text it comes from.

A check never hard-codes a norm: it takes a `Parameter` whose `bron` says where the value comes
from and whether it is law, local policy or a choice still to be confirmed. The values below
are the start values, what the reference documents support today: `goedwonen.parameters`
seeds them as the first version of each parameter, and a visit's checks take the version
valid on the visit date from there (ADR 0020).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Parameter(Generic[T]):
    """A value with its source. `geldig_vanaf` is None when the source gives no date."""

    waarde: T
    bron: str
    geldig_vanaf: date | None

    def __post_init__(self) -> None:
        if not self.bron.strip():
            raise ValueError("Een parameter zonder bron is niet toegestaan.")


OVERSCHRIJDINGSDREMPEL_HUUR: Parameter[Decimal] = Parameter(
    waarde=Decimal("25"),
    bron=(
        "Lokale beleidsdrempel, geen wettelijke norm (juridisch kader §2.6: geen bron gevonden "
        "voor een wettelijke 25%-drempel). Herkomst: Uitvoeringsplan Rotterdams Goed Wonen, "
        "hoofdstuk 1 Inleiding, 'Huidige inzet': \"bij de pilot verhuurvergunning Carnisse "
        "bleek dat bij 156 van de 1.119 vergunningaanvragen de huurprijs minstens 25% te hoog "
        'was." Dat 25% ook de signaleringsdrempel is, is een beleidskeuze om te bevestigen; '
        "het plan noemt geen ingangsdatum."
    ),
    geldig_vanaf=None,
)
"""Percentage of the legal maximum rent from which an excess is flagged ("minstens": >=)."""

BEWONINGSNORM_M2_PER_PERSOON: Parameter[Decimal] = Parameter(
    waarde=Decimal("12"),
    bron=(
        'Bouwbesluit 2012 art. 7.18: "Een woonfunctie wordt niet bewoond door meer dan één '
        'persoon per 12 m² gebruiksoppervlakte" (juridisch kader §3.3). Sinds 1-1-2024 is het '
        "Bouwbesluit vervangen door het Bbl; of de norm daar of via de bruidsschat in het "
        "omgevingsplan terugkomt is niet bevestigd. Beleidskeuze om te bevestigen; alleen "
        "bruikbaar als signaal, nooit als bewijs."
    ),
    geldig_vanaf=date(2012, 4, 1),
)

OPKOOPBESCHERMING_TERMIJN_JAREN: Parameter[int] = Parameter(
    waarde=4,
    bron=(
        "Huisvestingswet 2014 art. 41 (opkoopbescherming, sinds 1-1-2022): verhuren zonder "
        "vergunning is verboden gedurende 4 jaar na de levering (juridisch kader §3.1, "
        "secundaire bron dirkzwager.nl okt 2022; Rotterdamse verordening niet zelf ingezien)."
    ),
    geldig_vanaf=date(2022, 1, 1),
)

AANVRAAG_VOOR_LEVERING_DAGEN: Parameter[int] = Parameter(
    waarde=30,
    bron=(
        "Beleidskeuze om te bevestigen. Een vergunning hoort bij de eigenaar die haar aanvroeg "
        "en gaat niet over op een nieuwe eigenaar (datacontract, vergunningen.csv), maar de "
        "registratie noemt de aanvrager niet. Een aanvraag uiterlijk zoveel dagen vóór de "
        "verkrijging wordt aan de huidige eigenaar toegerekend (een koper vraagt soms vóór de "
        "levering aan); een eerdere aanvraag aan een vorige eigenaar."
    ),
    geldig_vanaf=None,
)

INTEGRALE_ACTIES_PER_JAAR: Parameter[int] = Parameter(
    waarde=12,
    bron=(
        "Uitvoeringsplan Rotterdams Goed Wonen, proactief toezicht: ten minste 12 integrale "
        "acties per jaar in de focuswijken (SO, SB, politie en Stedin; andere partners kunnen "
        "aansluiten). Het plan noemt geen ingangsdatum."
    ),
    geldig_vanaf=None,
)
"""Not a check's norm but the plan's target the action list counts against (issue 16)."""
