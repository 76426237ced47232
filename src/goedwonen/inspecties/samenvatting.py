"""The one-line summary of a visit on the case timeline: what was found and what the checks
said, with the threshold's source, so the timeline alone tells the story."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from goedwonen.checks.bewoning import BewoningsToets
from goedwonen.checks.huurprijs import HuurprijsToets
from goedwonen.checks.vergunning import Vergunningplicht, Vergunningstoets
from goedwonen.core import display

from .models import Bevinding, Bezoek


def _getal(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",").removesuffix(",00")


def _source(bron: str) -> str:
    """The first clause of a parameter's source: the timeline line stays one line."""
    cut = min((i for i in (bron.find(" ("), bron.find(". ")) if i > 0), default=len(bron))
    short = bron[:cut].strip()
    return short if len(short) <= 90 else short[:89].rstrip() + "…"


def _persons(volwassenen: int | None, kinderen: int | None) -> str:
    parts = []
    if volwassenen is not None:
        parts.append(f"{volwassenen} {'volwassene' if volwassenen == 1 else 'volwassenen'}")
    if kinderen is not None:
        parts.append(f"{kinderen} {'kind' if kinderen == 1 else 'kinderen'}")
    return " en ".join(parts)


def _rent_line(toets: HuurprijsToets) -> str:
    maximum = toets.puntentelling.maximale_huur
    pct = _getal(abs(toets.overschrijding_percentage))
    if toets.overschrijding > 0:
        compared = f"is {pct}% boven het maximum van {display.euro(maximum)}"
    elif toets.overschrijding < 0:
        compared = f"is {pct}% onder het maximum van {display.euro(maximum)}"
    else:
        compared = f"is gelijk aan het maximum van {display.euro(maximum)}"
    drempel = f"drempel {_getal(toets.drempel.waarde)}%, bron: {_source(toets.drempel.bron)}"
    line = f"Huur {display.euro(toets.kale_huur)} {compared} ({toets.punten} punten; {drempel})"
    if toets.boven_drempel:
        line += ": boven de drempel"
    if toets.maximum_van_toepassing is False:
        line += "; vrije sector, het maximum is niet bindend"
    elif toets.maximum_van_toepassing is None:
        line += "; of het maximum geldt, moet juridisch worden vastgesteld"
    return line + "."


def _permit_line(toets: Vergunningstoets) -> str:
    def state(plicht: Vergunningplicht, naam: str) -> str:
        if plicht.van_toepassing is None:
            return f"{naam}: niet vast te stellen uit de registratie"
        if not plicht.van_toepassing:
            return f"{naam}: niet van toepassing"
        if plicht.geldige_vergunning is not None:
            return f"{naam}: vergunning nodig, geldige vergunning aanwezig"
        return f"{naam}: vergunning nodig, geen geldige vergunning"

    return (
        f"{state(toets.verhuurvergunning, 'Verhuurvergunning')}; "
        f"{state(toets.opkoopbescherming, 'opkoopbescherming')}."
    )


def samenvatting(
    bezoek: Bezoek,
    bevindingen: Sequence[Bevinding],
    huurtoets: HuurprijsToets | None,
    bewoningstoets: BewoningsToets | None,
    vergunningstoets: Vergunningstoets,
) -> str:
    adres = bezoek.casusobject.adres
    where = f" {adres.straat_huisnummer}" if adres else ""
    head = f"{bezoek.get_soort_display()}{where} op {display.datum(bezoek.datum)}"
    facts = [bezoek.get_toegang_display().lower()] if bezoek.toegang else []
    if persons := _persons(bezoek.volwassenen, bezoek.kinderen):
        facts.append(persons)
    parts = [f"{head}: {', '.join(facts)}." if facts else f"{head}."]
    if bezoek.corrigeert is not None:
        parts.append(
            "Correctie van het bezoek vastgelegd op "
            f"{display.datum(bezoek.corrigeert.vastgelegd_op)}: {bezoek.correctiereden}"
        )
    if huurtoets is not None:
        parts.append(_rent_line(huurtoets))
    if bewoningstoets is not None:
        norm = f"{_getal(bewoningstoets.norm.waarde)} m² per persoon"
        parts.append(
            f"Bewoning: {display.aantal(bewoningstoets.personen, 'persoon', 'personen')} op "
            f"{_getal(bewoningstoets.oppervlakte)} m², bij de norm van {norm} passen er "
            f"{bewoningstoets.maximaal_aantal_personen}"
            + (" (signaal van overbewoning)." if bewoningstoets.overbewoond else ".")
        )
    parts.append(_permit_line(vergunningstoets))
    vastgesteld = [b.get_categorie_display().lower() for b in bevindingen if b.vastgesteld]
    if vastgesteld:
        parts.append(f"Vastgesteld: {', '.join(vastgesteld)}.")
    return " ".join(parts)
