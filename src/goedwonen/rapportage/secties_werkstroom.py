"""The dashboard's work sections (registered in `dashboard.SECTIES`): the figures of
`werkstroom.py` for the filter, each with a chart and the same numbers as a table. Aggregates
only: counts per area, period, category and organisation, never a person or an address."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString

from goedwonen.accounts.models import Organisatie
from goedwonen.core import display
from goedwonen.core.categories import Categorie
from goedwonen.core.charts import bar_chart
from goedwonen.registry.contract import Aanleiding
from goedwonen.registry.models import Instrument

from . import werkstroom
from .cijfers import Cijfer
from .dashboard import Filter, Sectie


@dataclass(frozen=True)
class Tabel:
    """A table of the section: a row per (label, periode), a column per measure."""

    titel: str
    kolommen: list[str]  # the header of each column, the first naming the rows
    rijen: list[list[Any]] = field(default_factory=list)

    @property
    def regels(self) -> list[list[tuple[str, Any, bool]]]:
        """Each row's cells with their column header and whether they are a number."""
        return [
            [(k, v, isinstance(v, int)) for k, v in zip(self.kolommen, rij, strict=True)]
            for rij in self.rijen
        ]


def _tabel(
    titel: str,
    cijfers: list[Cijfer],
    kop: str,
    maten: list[tuple[str, str]],
    label: dict[str, str] | None = None,
    met_periode: bool = True,
) -> Tabel:
    """Pivot: a row per categorie (and periode), a column per maat; a cell without a figure
    shows a dash. The year comes before its quarters."""
    values = {(c.categorie, c.periode, c.maat): c.waarde for c in cijfers}
    keys = sorted({(c.categorie, c.periode) for c in cijfers if c.maat in dict(maten)})
    rijen = []
    for categorie, periode in keys:
        naam = (label or {}).get(categorie, categorie)
        first: list[Any] = [naam, periode] if met_periode else [naam]
        rijen.append(first + [values.get((categorie, periode, m), "\u2013") for m, _ in maten])
    kolommen = [kop, *(["Periode"] if met_periode else []), *(t for _, t in maten)]
    return Tabel(titel, kolommen, rijen)


def _chart(values: list[dict[str, Any]], *, value_title: str, title: str, fmt: str) -> SafeString:
    if not values:
        return SafeString("")
    return bar_chart(
        values,
        category="naam",
        value="waarde",
        category_title="",
        value_title=value_title,
        title=title,
        value_format=fmt,
        label="tekst",
    )


def _bar(naam: str, waarde: int) -> dict[str, Any]:
    return {"naam": naam, "waarde": waarde, "tekst": str(waarde)}


def _jaar(cijfers: list[Cijfer], jaar: int, maat: str) -> list[Cijfer]:
    return [c for c in cijfers if c.maat == maat and c.periode == str(jaar)]


def doorstroom(filter_: Filter) -> Sectie:
    cijfers = werkstroom.doorstroom(jaar=filter_.jaar, gebied=filter_.gebied)
    stappen = [
        ("doorstroom_meldingen_ontvangen", "Meldingen ontvangen"),
        ("doorstroom_meldingen_getrieerd", "Meldingen getrieerd"),
        ("doorstroom_casussen_aangemaakt", "Casussen aangemaakt"),
        ("doorstroom_casussen_gesloten", "Casussen gesloten"),
    ]
    year = {c.maat: c.waarde for c in cijfers if c.periode == str(filter_.jaar)}
    grafiek = _chart(
        [{"naam": t, "waarde": year.get(m, 0), "tekst": str(year.get(m, 0))} for m, t in stappen],
        value_title="Aantal",
        title=f"Aantal per stap in {filter_.jaar}",
        fmt=",d",
    )
    # One row per period: the counts as columns.
    per_periode = [Cijfer(c.maat, c.gebied, c.periode, c.periode, c.waarde) for c in cijfers]
    tellingen = _tabel("Aantal per stap", per_periode, "Periode", stappen, met_periode=False)
    doorloop = []
    for stap, naam in werkstroom.STAPPEN:
        maten = [
            (f"doorlooptijd_{stap}_mediaan_dagen", "Mediaan (dagen)"),
            (f"doorlooptijd_{stap}_p80_dagen", "80e percentiel (dagen)"),
            (f"doorlooptijd_{stap}_aantal", "Aantal"),
        ]
        relabelled = [
            Cijfer(c.maat, c.gebied, c.periode, naam, c.waarde)
            for c in cijfers
            if c.maat.startswith(f"doorlooptijd_{stap}_")
        ]
        doorloop.append(_tabel("", relabelled, "Stap", maten))
    kolommen = ["Stap", "Periode", "Mediaan (dagen)", "80e percentiel (dagen)", "Aantal"]
    doorlooptijden = Tabel(
        "Doorlooptijd per stap", kolommen, [r for t in doorloop for r in t.rijen]
    )
    return Sectie(
        key="doorstroom",
        titel="Doorstroom en doorlooptijden",
        template="rapportage/_sectie_doorstroom.html",
        cijfers=cijfers,
        context={"grafiek": grafiek, "tabellen": [tellingen, doorlooptijden]},
    )


def servicenormen(filter_: Filter) -> Sectie:
    cijfers = werkstroom.servicenormen(
        jaar=filter_.jaar, gebied=filter_.gebied, peildatum=filter_.peildatum
    )
    namen = {**dict(Categorie.choices), "standaard": "Standaardnorm"}
    tabellen = []
    values = []
    for term, titel in (("triage", "Triage"), ("afhandeling", "Afhandeling")):
        maten = [
            (f"servicenorm_{term}_getoetst", "Getoetst"),
            (f"servicenorm_{term}_gehaald", "Gehaald"),
            (f"servicenorm_{term}_gehaald_procent", "Gehaald (%)"),
        ]
        tabellen.append(_tabel(f"{titel}: norm gehaald", cijfers, "Norm", maten, namen))
        for c in _jaar(cijfers, filter_.jaar, f"servicenorm_{term}_gehaald_procent"):
            naam = f"{namen.get(c.categorie, c.categorie)} ({titel.lower()})"
            values.append({"naam": naam, "waarde": c.waarde / 100, "tekst": f"{c.waarde}%"})
    grafiek = _chart(
        values,
        value_title="Aandeel norm gehaald",
        title=f"Aandeel meldingen binnen de servicenorm in {filter_.jaar}",
        fmt=".0%",
    )
    return Sectie(
        key="servicenormen",
        titel="Servicenormen gehaald",
        template="rapportage/_sectie_servicenormen.html",
        cijfers=cijfers,
        context={"grafiek": grafiek, "tabellen": tabellen},
    )


HERKOMST_NAMEN = {**dict(Aanleiding.choices), "overig": "Overig (casustafel, partner)"}


def trefkansen(filter_: Filter) -> Sectie:
    cijfers = werkstroom.trefkansen(jaar=filter_.jaar, gebied=filter_.gebied)
    maten = [
        ("inspecties_uitgevoerd", "Controles"),
        ("inspecties_met_overtreding", "Met overtreding"),
        ("inspecties_trefkans_procent", "Trefkans (%)"),
    ]
    tabel = _tabel("Trefkans per herkomst", cijfers, "Herkomst", maten, HERKOMST_NAMEN)
    grafiek = _chart(
        [
            {
                "naam": HERKOMST_NAMEN.get(c.categorie, c.categorie),
                "waarde": c.waarde / 100,
                "tekst": f"{c.waarde}%",
            }
            for c in _jaar(cijfers, filter_.jaar, "inspecties_trefkans_procent")
        ],
        value_title="Trefkans (overtreding vastgesteld)",
        title=f"Trefkans van controles per herkomst in {filter_.jaar}",
        fmt=".0%",
    )
    return Sectie(
        key="trefkansen",
        titel="Trefkans van controles",
        template="rapportage/_sectie_trefkansen.html",
        cijfers=cijfers,
        context={"grafiek": grafiek, "tabellen": [tabel]},
    )


def handhaving(filter_: Filter) -> Sectie:
    cijfers = werkstroom.handhaving(
        jaar=filter_.jaar, gebied=filter_.gebied, peildatum=filter_.peildatum
    )
    namen = dict(Instrument.choices)
    besluiten = _tabel(
        "Besluiten per instrument",
        cijfers,
        "Instrument",
        [("handhaving_besluiten", "Besluiten")],
        namen,
    )
    lopend = _tabel(
        f"Lopende trajecten op {display.datum(filter_.peildatum)}",
        cijfers,
        "Instrument",
        [("handhaving_trajecten_lopend", "Lopend")],
        namen,
        met_periode=False,
    )
    grafiek = _chart(
        [
            {
                "naam": namen.get(c.categorie, c.categorie),
                "waarde": c.waarde,
                "tekst": str(c.waarde),
            }
            for c in _jaar(cijfers, filter_.jaar, "handhaving_besluiten")
        ],
        value_title="Besluiten",
        title=f"Handhavingsbesluiten per instrument in {filter_.jaar}",
        fmt=",d",
    )
    return Sectie(
        key="handhaving",
        titel="Handhaving per instrument",
        template="rapportage/_sectie_handhaving.html",
        cijfers=cijfers,
        context={"grafiek": grafiek, "tabellen": [besluiten, lopend]},
    )


def open_werk(filter_: Filter) -> Sectie:
    cijfers = werkstroom.open_werk(
        jaar=filter_.jaar, gebied=filter_.gebied, peildatum=filter_.peildatum
    )
    namen = dict(Organisatie.objects.values_list("code", "naam"))
    maten = [
        ("open_casussen", "Open casussen (regie)"),
        ("open_taken", "Open taken"),
        ("open_taken_te_laat", "Waarvan te laat"),
    ]
    tabel = _tabel(
        f"Open werk op {display.datum(filter_.peildatum)}",
        cijfers,
        "Organisatie",
        maten,
        namen,
        met_periode=False,
    )
    grafiek = _chart(
        [
            {
                "naam": namen.get(c.categorie, c.categorie),
                "waarde": c.waarde,
                "tekst": str(c.waarde),
            }
            for c in cijfers
            if c.maat == "open_taken"
        ],
        value_title="Open taken",
        title="Open taken per organisatie",
        fmt=",d",
    )
    return Sectie(
        key="open-werk",
        titel="Open werk per organisatie",
        template="rapportage/_sectie_open_werk.html",
        cijfers=cijfers,
        context={"grafiek": grafiek, "tabellen": [tabel]},
    )
