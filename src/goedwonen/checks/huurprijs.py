"""Rent check: the maximum legal rent from the WWS points, compared with the agreed bare rent.

The points and the maximum come from `woningwaardering` (see `_wws.py` for how it is called);
each amount is checked against the 2026 table (`huurprijstabel.py`). Whether the maximum binds
depends on the sector (Wet betaalbare huur, contracts from 1 July 2024): social up to 143
points, middle 144-186, free from 187 for self-contained dwellings; rooms (onzelfstandig) are
never in the free sector.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from django.core.exceptions import ValidationError

from goedwonen.core import display

from . import _wws
from ._eenheid import VEREENVOUDIGD_LABEL_TOT, VEREENVOUDIGD_LABEL_VAN, eenheid_from_woning
from .huurprijstabel import TABEL_PEILDATUM, huurprijstabel
from .parameters import OVERSCHRIJDINGSDREMPEL_HUUR, Parameter
from .woning import KEUKENRUIMTEN, VERTREKKEN, Monument, Woningkenmerken, Woningtype

CENT = Decimal("0.01")
WBH_INGANG = date(2024, 7, 1)  # Wet betaalbare huur: WWS binds the middle sector from here
SOCIALE_SECTOR_TOT_EN_MET = 143
MIDDENSECTOR_TOT_EN_MET = 186

# Package warnings that describe a rule applied, not input it could not use.
_ENERGIELABEL_ONTBREEKT = "'energieprestaties' is None"
_KEUKEN_ZONDER_AANRECHT = "is een keuken, maar heeft geen aanrecht"
_GEEN_KEUKEN = "omdat er geen keuken is gevonden"
_WARNING_PLACE = re.compile(r" ?\((?P<plek>(?:buiten)?ruimten\[\d+\])\)")
_EENHEID_PREFIX = re.compile(r"^Eenheid \(?woning\)?:? ?")


class Huursector(StrEnum):
    SOCIAAL = "sociaal"
    MIDDEN = "midden"
    VRIJ = "vrij"


@dataclass(frozen=True)
class Rubriekpunten:
    """Points of one WWS rubric (stelselgroep), rounded to a quarter as they count."""

    code: str
    naam: str
    punten: Decimal
    opslagpercentage: Decimal | None = None


@dataclass(frozen=True)
class Puntentelling:
    woningtype: Woningtype
    peildatum: date
    punten: int
    rubrieken: tuple[Rubriekpunten, ...]
    maximale_huur_zonder_opslag: Decimal
    opslagpercentage: Decimal
    maximale_huur: Decimal
    maximale_huur_volgens_tabel: Decimal
    tabel_klopt: bool
    toelichting: tuple[str, ...]


@dataclass(frozen=True)
class HuurprijsToets:
    puntentelling: Puntentelling
    kale_huur: Decimal
    datum_huurovereenkomst: date | None
    sector: Huursector
    maximum_van_toepassing: bool | None
    overschrijding: Decimal
    overschrijding_percentage: Decimal
    drempel: Parameter[Decimal]
    boven_drempel: bool
    toelichting: tuple[str, ...]

    @property
    def punten(self) -> int:
        return self.puntentelling.punten

    @property
    def maximale_huur(self) -> Decimal:
        return self.puntentelling.maximale_huur


def _between(value: object, low: Decimal, high: Decimal) -> bool:
    """A finite number in (low, high]; NaN or a non-number is never valid."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return False
    number = Decimal(value)
    return number.is_finite() and low < number <= high


def _validate_woning(woning: Woningkenmerken, peildatum: date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    zelfstandig = woning.woningtype == Woningtype.ZELFSTANDIG
    if not 1000 <= woning.bouwjaar <= peildatum.year + 1:
        add("bouwjaar", f"Bouwjaar {woning.bouwjaar} is niet mogelijk.")
    if not re.fullmatch(r"\d{4}", woning.woonplaatscode) or not _wws.bekende_woonplaatscode(
        woning.woonplaatscode
    ):
        add(
            "woonplaatscode",
            f"'{woning.woonplaatscode}' is geen bekende BAG-woonplaatscode (Rotterdam: 3086).",
        )
    if woning.gebruiksoppervlakte <= 0:
        add("gebruiksoppervlakte", "De gebruiksoppervlakte moet groter zijn dan 0 m².")
    if woning.woz_waarde <= 0:
        add("woz_waarde", "De WOZ-waarde moet groter zijn dan € 0.")
    geldige_peildatums = (date(peildatum.year - 1, 1, 1), date(peildatum.year - 2, 1, 1))
    if woning.woz_waardepeildatum not in geldige_peildatums:
        add(
            "woz_waardepeildatum",
            f"Voor peildatum {display.datum(peildatum)} telt alleen een WOZ-waarde met "
            "waardepeildatum "
            f"{display.datum(geldige_peildatums[0])} of {display.datum(geldige_peildatums[1])}.",
        )
    if (label := woning.energielabel) is not None:
        if label.geldig_tot <= label.registratiedatum:
            add("energielabel.geldig_tot", "De geldigheid moet na de registratiedatum eindigen.")
        if label.energie_index is not None and not _between(
            label.energie_index, Decimal("0"), Decimal("10")
        ):
            add("energielabel.energie_index", "De energie-index moet tussen 0 en 10 liggen.")
    if not any(r.ruimtetype in VERTREKKEN for r in woning.ruimten):
        add("ruimten", "Geef ten minste één vertrek op (kamer, keuken of badkamer).")
    for i, ruimte in enumerate(woning.ruimten):
        where = f"ruimten[{i}]"
        if not _between(ruimte.oppervlakte, Decimal("0"), Decimal("1000")):
            add(f"{where}.oppervlakte", "De oppervlakte moet tussen 0 en 1.000 m² liggen.")
        if ruimte.ruimtetype in KEUKENRUIMTEN and ruimte.aanrechtlengte_cm is None:
            add(
                f"{where}.aanrechtlengte_cm",
                "Geef de lengte van het aanrecht op (0 als er geen aanrecht is).",
            )
        if ruimte.aanrechtlengte_cm is not None and not 0 <= ruimte.aanrechtlengte_cm <= 2000:
            add(f"{where}.aanrechtlengte_cm", "De aanrechtlengte moet tussen 0 en 2.000 cm liggen.")
        if ruimte.gedeeld_met_kamers < 1 or (zelfstandig and ruimte.gedeeld_met_kamers != 1):
            add(
                f"{where}.gedeeld_met_kamers",
                "Alleen bij een onzelfstandige woonruimte (kamer) kan een ruimte met andere "
                "kamers gedeeld zijn; het aantal is minstens 1.",
            )
    for i, buiten in enumerate(woning.buitenruimten):
        where = f"buitenruimten[{i}]"
        if not _between(buiten.oppervlakte, Decimal("0"), Decimal("10000")):
            add(f"{where}.oppervlakte", "De oppervlakte moet tussen 0 en 10.000 m² liggen.")
        if buiten.gedeeld_met_adressen < 1:
            add(f"{where}.gedeeld_met_adressen", "Het aantal adressen is minstens 1.")
        if buiten.gedeeld_met_kamers < 1 or (zelfstandig and buiten.gedeeld_met_kamers != 1):
            add(
                f"{where}.gedeeld_met_kamers",
                "Alleen bij een onzelfstandige woonruimte kan een buitenruimte met andere "
                "kamers gedeeld zijn; het aantal is minstens 1.",
            )
    return errors


def _kwart(punten: float) -> Decimal:
    return (Decimal(str(punten)) / Decimal("0.25")).quantize(
        Decimal("1"), rounding=ROUND_HALF_UP
    ) * Decimal("0.25")


def woningwaardering_compute(
    woning: Woningkenmerken, *, peildatum: date, datum_huurovereenkomst: date | None = None
) -> Puntentelling:
    """WWS points and maximum rent of a dwelling on `peildatum`. Invalid or incomplete input
    raises ValidationError naming each field; so does input the package cannot rate."""
    errors = _validate_woning(woning, peildatum)
    try:
        _wws.controleer_peildatum(peildatum)
    except ValueError as error:
        errors.setdefault("peildatum", []).append(str(error))
    if peildatum.year != TABEL_PEILDATUM.year:
        errors.setdefault("peildatum", []).append(
            f"De huurprijstabel geldt voor {TABEL_PEILDATUM.year}, niet voor {peildatum.year}."
        )
    if Monument.RIJKSMONUMENT in woning.monumenten and datum_huurovereenkomst is None:
        errors.setdefault("datum_huurovereenkomst", []).append(
            "Bij een rijksmonument hangt de opslag af van de datum van de huurovereenkomst."
        )
    if errors:
        raise ValidationError(errors)

    eenheid = eenheid_from_woning(woning, datum_huurovereenkomst=datum_huurovereenkomst)
    try:
        waardering = _wws.waardeer(eenheid, peildatum)
    except Exception as error:  # the package signals odd input with bare exceptions
        raise ValidationError(
            {"woning": [f"De woningwaardering kon niet worden berekend: {error}"]}
        ) from error

    # Warnings of the package describe a rule it applied to what it was given (a kitchen
    # without a worktop scores nothing); they become notes naming the room. Only when a
    # rubric could not be rated at all do they explain an error.
    toelichting: list[str] = []
    per_plek: dict[str, list[str]] = {}
    for message in waardering.waarschuwingen:
        if _ENERGIELABEL_ONTBREEKT in message or _GEEN_KEUKEN in message:
            continue  # the energy note below says it better; a missing kitchen scores 0
        match = _WARNING_PLACE.search(message)
        plek = match["plek"] if match else "woning"
        if _KEUKEN_ZONDER_AANRECHT in message:
            naam = _plaatsnaam(woning, plek)
            note = f"{naam}: geen aanrecht van minstens 1 meter, geen keukenpunten."
        else:
            note = _EENHEID_PREFIX.sub("", _WARNING_PLACE.sub("", message)).strip()
        toelichting.append(note)
        per_plek.setdefault(plek, []).append(note)

    resultaat = waardering.resultaat
    rubrieken = []
    for groep in resultaat.groepen or []:
        stelselgroep = groep.criterium_groep.stelselgroep if groep.criterium_groep else None
        if stelselgroep is None or groep.punten is None:
            rubriek = (stelselgroep.naam if stelselgroep else None) or "onbekend"
            raise ValidationError(
                per_plek or {"woning": [f"De rubriek {rubriek} kon niet worden gewaardeerd."]}
            )
        rubrieken.append(
            Rubriekpunten(
                code=stelselgroep.code or "",
                naam=stelselgroep.naam or "",
                punten=_kwart(groep.punten),
                opslagpercentage=(
                    Decimal(str(groep.opslagpercentage))
                    if groep.opslagpercentage is not None
                    else None
                ),
            )
        )
        if stelselgroep.code == "ENE" and any(
            w.criterium and (w.criterium.id or "").endswith("__bouwjaar")
            for w in groep.woningwaarderingen or []
        ):
            toelichting.append(_energie_op_bouwjaar(woning, peildatum))

    punten = int(Decimal(str(resultaat.punten)))
    zelfstandig = woning.woningtype == Woningtype.ZELFSTANDIG
    zonder_opslag = Decimal(str(resultaat.maximale_huur)).quantize(CENT)
    volgens_tabel = huurprijstabel().maximale_huur(punten, zelfstandig=zelfstandig)
    tabel_klopt = zonder_opslag == volgens_tabel
    if not tabel_klopt:
        toelichting.append(
            f"Let op: woningwaardering geeft bij {punten} punten {display.euro(zonder_opslag)}, "
            f"de huurprijstabel {TABEL_PEILDATUM:%Y} {display.euro(volgens_tabel)}. "
            "Laat dit controleren."
        )
    return Puntentelling(
        woningtype=woning.woningtype,
        peildatum=peildatum,
        punten=punten,
        rubrieken=tuple(rubrieken),
        maximale_huur_zonder_opslag=zonder_opslag,
        opslagpercentage=Decimal(str(resultaat.opslagpercentage or 0)),
        maximale_huur=Decimal(str(resultaat.maximale_huur_inclusief_opslag)).quantize(CENT),
        maximale_huur_volgens_tabel=volgens_tabel,
        tabel_klopt=tabel_klopt,
        toelichting=tuple(toelichting),
    )


def _plaatsnaam(woning: Woningkenmerken, plek: str) -> str:
    """'ruimten[2]' -> the name the inspector gave that room (or its type)."""
    groep, index = plek.rstrip("]").split("[")
    if groep == "ruimten":
        ruimte = woning.ruimten[int(index)]
        return ruimte.naam or ruimte.ruimtetype.value.replace("_", " ").capitalize()
    buiten = woning.buitenruimten[int(index)]
    return buiten.naam or buiten.buitenruimtetype.value.capitalize()


def _energie_op_bouwjaar(woning: Woningkenmerken, peildatum: date) -> str:
    label = woning.energielabel
    if label is None:
        reden = "geen energielabel opgegeven"
    elif not label.registratiedatum <= peildatum < label.geldig_tot:
        reden = "het energielabel was op de peildatum niet geldig"
    elif VEREENVOUDIGD_LABEL_VAN <= label.registratiedatum < VEREENVOUDIGD_LABEL_TOT:
        reden = "een vereenvoudigd label (2015-2020) telt alleen met energie-index"
    else:
        reden = "het energielabel is niet bruikbaar"
    return f"Energieprestatie gewaardeerd op bouwjaar {woning.bouwjaar}: {reden}."


def _sector(
    puntentelling: Puntentelling, datum_huurovereenkomst: date | None
) -> tuple[Huursector, bool | None, str | None]:
    punten = puntentelling.punten
    if punten <= SOCIALE_SECTOR_TOT_EN_MET:
        sector = Huursector.SOCIAAL
    elif punten <= MIDDENSECTOR_TOT_EN_MET:
        sector = Huursector.MIDDEN
    else:
        sector = Huursector.VRIJ
    if puntentelling.woningtype == Woningtype.ONZELFSTANDIG:
        return sector, True, "Een onzelfstandige woonruimte valt altijd onder de maximale huur."
    if datum_huurovereenkomst is None or datum_huurovereenkomst < WBH_INGANG:
        return (
            sector,
            None,
            "Huurovereenkomst van vóór 1 juli 2024 of datum onbekend: of de maximale huur geldt "
            "hangt af van de aanvangshuur ten opzichte van de liberalisatiegrens op de datum "
            "van ondertekening. Laat dit juridisch vaststellen.",
        )
    if sector == Huursector.VRIJ:
        return (
            sector,
            False,
            f"{punten} punten: vrije sector (187 punten of meer); de maximale huur volgens het "
            "WWS is niet bindend.",
        )
    return sector, True, None


def huurprijs_check(
    woning: Woningkenmerken,
    *,
    kale_huur: Decimal,
    datum_huurovereenkomst: date | None,
    peildatum: date,
    drempel: Parameter[Decimal] = OVERSCHRIJDINGSDREMPEL_HUUR,
) -> HuurprijsToets:
    """Compare the agreed bare rent with the maximum legal rent on `peildatum`.

    `overschrijding` is rent minus maximum (negative when below it), the percentage is of the
    maximum. `boven_drempel` is true when the excess is at least `drempel` percent and the
    maximum is not known to be non-binding (free sector)."""
    if not isinstance(kale_huur, Decimal) or not kale_huur.is_finite() or kale_huur <= 0:
        raise ValidationError({"kale_huur": ["De kale huur moet een bedrag boven € 0 zijn."]})
    if kale_huur > Decimal("100000"):
        raise ValidationError({"kale_huur": ["Een kale huur boven € 100.000 is niet mogelijk."]})
    puntentelling = woningwaardering_compute(
        woning, peildatum=peildatum, datum_huurovereenkomst=datum_huurovereenkomst
    )
    maximum = puntentelling.maximale_huur
    kale_huur = kale_huur.quantize(CENT)
    overschrijding = kale_huur - maximum
    percentage = (overschrijding / maximum * 100).quantize(CENT, rounding=ROUND_HALF_UP)
    sector, van_toepassing, sector_toelichting = _sector(puntentelling, datum_huurovereenkomst)
    # Compared unrounded, so 24.996% does not count as 25%.
    boven_drempel = van_toepassing is not False and overschrijding * 100 >= drempel.waarde * maximum
    toelichting = [*puntentelling.toelichting]
    if sector_toelichting:
        toelichting.append(sector_toelichting)
    return HuurprijsToets(
        puntentelling=puntentelling,
        kale_huur=kale_huur,
        datum_huurovereenkomst=datum_huurovereenkomst,
        sector=sector,
        maximum_van_toepassing=van_toepassing,
        overschrijding=overschrijding,
        overschrijding_percentage=percentage,
        drempel=drempel,
        boven_drempel=boven_drempel,
        toelichting=tuple(toelichting),
    )
