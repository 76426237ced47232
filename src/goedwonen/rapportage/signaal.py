"""The signal report (signaleringsrapportage, issue 17 point 4) as published, for a year and
an area or the whole: trends in reports and findings by category, hot spots per buurt, the
case tables' signals, new patterns, enforcement by instrument, outcomes, selections and hit
rates from the analysis. The council and evaluation reports (`rapporten`) reuse its parts.

Everything published goes through `onderdrukking.publiceerbaar`; a year's tables (those that
share totals suppressed together) are made in `signaaltabellen`. Tables that repeat a
published total (hot spots, the comparison with last year) copy the published value, never
the count. Charts draw published numbers only: a suppressed cell is not drawn."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString

from goedwonen.core import display
from goedwonen.core.charts import bar_chart, line_chart
from goedwonen.registry.models import Gebied

from . import signaalbronnen as bronnen
from .onderdrukking import DREMPEL, KLEIN, TOTAAL, Gepubliceerd, publiceerbaar
from .signaaltabellen import KWARTALEN, Tabel, getal_tekst, jaartabellen, namen
from .uitkomsten import uitkomsten_cijfers

STREEP = "\u2013"  # an en dash: no figure
HOTSPOTS = 15  # buurten in the hot-spot ranking
PATRONEN = 5  # rising categories and buurten shown


@dataclass(frozen=True)
class Onderdeel:
    """A part of a report: its tables and charts, and the key of the analyst's narrative
    section shown with it."""

    key: str
    titel: str
    inleiding: str
    tabellen: list[Tabel] = field(default_factory=list)
    grafieken: list[SafeString] = field(default_factory=list)
    signalen: list[bronnen.Signaal] | None = None
    uitleg: list[str] = field(default_factory=list)  # notes under the tables


@dataclass(frozen=True)
class Signaalrapport:
    jaar: int
    gebied: Gebied | None
    onderdelen: list[Onderdeel]
    drempel: int

    @property
    def tabellen(self) -> list[Tabel]:
        return [t for o in self.onderdelen for t in o.tabellen]


def _vergelijking(
    titel: str, kop: str, nu: Tabel, vorig: Tabel, jaar: int, rijen: list[tuple[str, str]]
) -> Tabel:
    """Last year's and this year's published totals side by side (copied, not recounted),
    with the change where both are numbers."""
    cells: dict[tuple[str, str], int | str] = {}
    extra = {}
    for key, _ in rijen:
        before, now = _totaal(vorig, key), _totaal(nu, key)
        cells[(key, "vorig")] = before
        cells[(key, "nu")] = now
        extra[key] = [_verschil(before, now)]
    return Tabel(
        titel=titel,
        kop=kop,
        rijen=rijen,
        kolommen=[("vorig", str(jaar - 1)), ("nu", str(jaar))],
        cellen=Gepubliceerd(cellen=cells, drempel=nu.cellen.drempel),
        rijtotaal=False,
        kolomtotaal=False,
        extra_kolommen=("Verschil",),
        extra=extra,
    )


def _totaal(tabel: Tabel, key: str) -> int | str:
    """The published total of a row, or of a column when the row is absent: a number, a
    mark; one that did not occur that year is 0, shown as small like any 0 in a table."""
    for cell in ((key, TOTAAL), (TOTAAL, key)):
        if cell in tabel.cellen.cellen:
            return tabel.cellen.cellen[cell]
    return KLEIN.format(drempel=tabel.cellen.drempel)


def _verschil(before: int | str, now: int | str) -> str:
    if not isinstance(before, int) or not isinstance(now, int):
        return "niet te berekenen"
    if before == 0:
        return f"+{getal_tekst(now)}" if now else "0"
    change = f"{now - before:+,d}".replace(",", ".")
    return f"{change} ({(now - before) / before:+.0%})"


def _stijgers(vergelijking: Tabel) -> list[str]:
    """The rows rising most, by published numbers: the largest increases first."""
    rising = []
    for key, label in vergelijking.rijen:
        before = vergelijking.getal(key, "vorig")
        now = vergelijking.getal(key, "nu")
        if now is None:
            continue
        if before is None:
            if vergelijking.cellen.cellen[(key, "vorig")] != "x":
                rising.append((now, f"{label}: van onder de drempel naar {getal_tekst(now)}"))
        elif now > before:
            rising.append(
                (
                    now - before,
                    f"{label}: {getal_tekst(before)} naar {getal_tekst(now)} "
                    f"({_verschil(before, now)})",
                )
            )
    return [text for _, text in sorted(rising, key=lambda r: -r[0])[:PATRONEN]]


def _grafiek_per_categorie(tabel: Tabel, titel: str) -> SafeString | None:
    values = [
        {"categorie": label, "aantal": n}
        for key, label in tabel.kolommen
        if (n := tabel.getal(TOTAAL, key)) is not None
    ]
    if not values:
        return None
    return bar_chart(
        values,
        category="categorie",
        value="aantal",
        category_title="",
        value_title="Aantal",
        title=titel,
        value_format=",d",
    )


def _trendgrafiek(nu: Tabel, vorig: Tabel, jaar: int) -> SafeString | None:
    values = [
        {"kwartaal": q, "meldingen": n, "jaar": str(year)}
        for year, tabel in ((jaar - 1, vorig), (jaar, nu))
        for q in KWARTALEN
        if (n := tabel.getal(TOTAAL, q)) is not None
    ]
    if not values:
        return None
    return line_chart(
        values,
        x="kwartaal",
        y="meldingen",
        x_title="Kwartaal",
        y_title="Meldingen",
        title=f"Meldingen per kwartaal, {jaar - 1} en {jaar}",
        series="jaar",
    )


def _hotspots(
    jaar: int, meldingen: Tabel, overtredingen: Tabel, buurten: dict[str, str]
) -> Onderdeel:
    woningen = bronnen.woningen_per_buurt()
    ranked: list[tuple[float, float, str]] = []
    extra: dict[str, list[str]] = {}
    for code in buurten:
        homes = woningen.get(code, 0)
        reports, violations = meldingen.getal(code, TOTAAL), overtredingen.getal(code, TOTAAL)
        per_reports = 1000 * reports / homes if homes and reports is not None else None
        per_violations = 1000 * violations / homes if homes and violations is not None else None
        extra[code] = [
            f"{homes:,}".replace(",", "."),
            getal_tekst(meldingen.cellen.cellen[(code, TOTAAL)]),
            STREEP if per_reports is None else f"{per_reports:.1f}".replace(".", ","),
            getal_tekst(overtredingen.cellen.cellen[(code, TOTAAL)]),
            STREEP if per_violations is None else f"{per_violations:.1f}".replace(".", ","),
        ]
        if per_reports is not None or per_violations is not None:
            ranked.append((per_reports or 0.0, per_violations or 0.0, code))
    ranked.sort(key=lambda r: (-r[0], -r[1], buurten[r[2]]))
    top = [code for *_, code in ranked[:HOTSPOTS]]
    tabel = Tabel(
        titel=f"Buurten met de meeste meldingen per 1.000 woningen, {jaar}",
        kop="Buurt",
        rijen=[(code, buurten[code]) for code in top],
        kolommen=[],
        cellen=meldingen.cellen,
        rijtotaal=False,
        kolomtotaal=False,
        extra_kolommen=(
            "Woningen",
            "Meldingen",
            "Meldingen per 1.000 woningen",
            "Controles met overtreding",
            "Overtredingen per 1.000 woningen",
        ),
        extra=extra,
    )
    values = [
        {"buurt": buurten[code], "per1000": round(per, 1)}
        for per, _, code in ranked[:HOTSPOTS]
        if meldingen.getal(code, TOTAAL) is not None
    ]
    grafieken = []
    if values:
        grafieken.append(
            bar_chart(
                values,
                category="buurt",
                value="per1000",
                category_title="",
                value_title="Meldingen per 1.000 woningen",
                title=f"Meldingen per 1.000 woningen, {jaar}",
            )
        )
    return Onderdeel(
        key="hotspots",
        titel="Hotspots per buurt",
        inleiding=(
            "De buurten gerangschikt naar meldingen per 1.000 woningen (daarna overtredingen "
            "per 1.000 woningen); woningen zijn de verblijfsobjecten met een woonfunctie in de "
            "basisregistratie. Een onderdrukt aantal geeft geen cijfer per 1.000 woningen."
        ),
        tabellen=[tabel],
        grafieken=grafieken,
    )


def _analyse(jaar: int, buurten: dict[str, str]) -> Onderdeel:
    selected = bronnen.geselecteerd_per_buurt(jaar, set(buurten))
    run = bronnen.treffers_laatste_run(jaar)
    hits = run.per_buurt if run else {}
    values: dict[tuple[str, str], int] = {}
    for code in buurten:
        values[(code, "geselecteerd")] = selected.get(code, 0)
        values[(code, "gecontroleerd")] = hits.get(code, (0, 0))[0]
    codes = list(buurten)
    cellen = publiceerbaar(values, rijen=codes, kolommen=["geselecteerd", "gecontroleerd"])
    extra = {}
    for code in codes:
        inspected, hit = hits.get(code, (0, 0))
        # A hit rate shows its count of hits: only when that count is not small either.
        shown = isinstance(cellen.cellen[(code, "gecontroleerd")], int) and hit >= DREMPEL
        extra[code] = [f"{hit / inspected:.0%}" if shown and inspected else STREEP]
    tabel = Tabel(
        titel=f"Selecties en trefkans per buurt, {jaar}",
        kop="Buurt",
        rijen=[(c, buurten[c]) for c in codes if values[(c, "geselecteerd")] or hits.get(c)],
        kolommen=[
            ("geselecteerd", "Adressen in goedgekeurde selecties"),
            ("gecontroleerd", "Gecontroleerde woningen in de risicorun"),
        ],
        cellen=cellen,
        rijtotaal=False,
        extra_kolommen=("Trefkans",),
        extra=extra,
    )
    uitleg = [
        "Trefkans: het deel van de gecontroleerde woningen waar een overtreding werd "
        "vastgesteld, uit de laatste afgeronde risicorun"
        + (
            f" (run {run.run_id}, peildatum {display.datum(run.peildatum)})."
            if run
            else ": geen run."
        )
        + f" Alleen getoond als er ten minste {DREMPEL} treffers zijn."
    ]
    return Onderdeel(
        key="analyse",
        titel="Selectie en trefkans uit de data-analyse",
        inleiding="Adressen in de selecties die in het jaar zijn goedgekeurd, per buurt.",
        tabellen=[tabel] if tabel.rijen else [],
        uitleg=uitleg,
    )


# Outcome measures in euros: shown only when the rent reductions behind them are not few
# (an amount over fewer than the threshold could be one tenant's rent).
BEDRAGMATEN = {
    "huurverlaging_totaal_per_maand": "Huurverlaging per maand, opgeteld",
    "huurverlaging_gemiddeld_per_maand": "Huurverlaging per maand, gemiddeld",
}
HUURVERLAGINGEN = ("uitkomsten", "huur_verlaagd")  # (maat, categorie) they are counted by
UITKOMSTLABELS = {
    "uitkomsten": "Uitkomsten",
    "bewoners_minder": "Bewoners minder (bewoning teruggebracht)",
    "inschrijvingen_gecorrigeerd_personen": "Personen met gecorrigeerde inschrijving",
}


def _uitkomsten(jaar: int, gebied: str | None, top: str) -> Onderdeel | None:
    """The outcomes (`uitkomsten_cijfers`): the counts
    of the area in the year, each suppressed (no total: they count unlike things),
    the amounts in euros only beside a published count of rent reductions."""
    rows = uitkomsten_cijfers(jaar=jaar, gebied=gebied)
    mine = [r for r in rows if r.periode == str(jaar) and r.gebied == top]
    counts = [r for r in mine if r.maat not in BEDRAGMATEN]
    keys = [f"{r.maat}|{r.categorie}" for r in counts]
    labels = namen()
    # Unlike things with no total shown: each count suppressed on its own.
    cellen = Gepubliceerd(
        cellen={
            (k, "aantal"): publiceerbaar(
                {(k, "aantal"): r.waarde}, rijen=[k], kolommen=["aantal"]
            ).cellen[(k, "aantal")]
            for k, r in zip(keys, counts, strict=True)
        },
        drempel=DREMPEL,
    )
    tabel = Tabel(
        titel=f"Uitkomsten na een interventie, {jaar}",
        kop="Uitkomst",
        rijen=[
            (
                k,
                UITKOMSTLABELS.get(r.maat, r.maat.replace("_", " ").capitalize())
                + (
                    f": {labels.get(r.categorie, r.categorie.replace('_', ' ').capitalize())}"
                    if r.categorie
                    else ""
                ),
            )
            for k, r in zip(keys, counts, strict=True)
        ],
        kolommen=[("aantal", "Aantal")],
        cellen=cellen,
        rijtotaal=False,
        kolomtotaal=False,
    )
    reductions = cellen.cellen.get(("|".join(HUURVERLAGINGEN), "aantal"))
    amounts = []
    for r in mine:
        if r.maat in BEDRAGMATEN:
            shown = isinstance(reductions, int) and reductions >= DREMPEL
            amounts.append(
                f"{BEDRAGMATEN[r.maat]}: € " + f"{r.waarde:,}".replace(",", ".")
                if shown
                else f"{BEDRAGMATEN[r.maat]}: niet gepubliceerd (minder dan {DREMPEL} "
                "huurverlagingen)."
            )
    return Onderdeel(
        key="uitkomsten",
        titel="Uitkomsten",
        inleiding="Wat er na een interventie veranderde (huur verlaagd, inschrijving "
        "gecorrigeerd, gebreken hersteld, bewoning verminderd).",
        tabellen=[tabel] if counts else [],
        uitleg=amounts,
    )


def _top_code(gebied: Gebied | None) -> str:
    if gebied is not None:
        return gebied.code
    gemeente = Gebied.objects.filter(soort="gemeente").order_by("code").first()
    return gemeente.code if gemeente else ""


def signaalrapport(*, jaar: int, gebied: str | None = None) -> Signaalrapport:
    area = Gebied.objects.filter(code=gebied).first() if gebied else None
    buurten = bronnen.buurten_binnen(gebied)
    nu = jaartabellen(jaar, gebied, buurten)
    vorig = jaartabellen(jaar - 1, gebied, buurten)
    labels = namen()
    categories = sorted(
        {k for k, _ in [*nu.meldingen_kwartaal.rijen, *vorig.meldingen_kwartaal.rijen]},
        key=lambda c: labels.get(c, c),
    )
    categorie_vergelijking = _vergelijking(
        "Meldingen per categorie: dit jaar tegen vorig jaar",
        "Categorie",
        nu.meldingen_kwartaal,
        vorig.meldingen_kwartaal,
        jaar,
        [(c, labels.get(c, c)) for c in categories],
    )
    buurt_vergelijking = _vergelijking(
        "Meldingen per buurt: dit jaar tegen vorig jaar",
        "Buurt",
        nu.meldingen_buurt,
        vorig.meldingen_buurt,
        jaar,
        list(buurten.items()),
    )
    trend_charts = [
        chart
        for chart in (
            _trendgrafiek(nu.meldingen_kwartaal, vorig.meldingen_kwartaal, jaar),
            _grafiek_per_categorie(nu.meldingen_buurt, f"Meldingen per categorie, {jaar}"),
        )
        if chart is not None
    ]
    handhaving_chart = _grafiek_per_categorie(
        nu.handhaving, f"Handhavingsbesluiten per instrument, {jaar}"
    )
    rising_categories, rising_buurten = (
        _stijgers(categorie_vergelijking),
        _stijgers(buurt_vergelijking),
    )
    onderdelen = [
        Onderdeel(
            key="trends",
            titel="Trends in meldingen en bevindingen",
            inleiding=f"Meldingen en vastgestelde overtredingen per categorie in {jaar}, per "
            f"kwartaal en tegen {jaar - 1}.",
            tabellen=[
                nu.meldingen_kwartaal,
                categorie_vergelijking,
                nu.meldingen_buurt,
                nu.bevindingen,
                nu.controles,
                nu.overtredingen,
            ],
            grafieken=trend_charts,
        ),
        _hotspots(jaar, nu.meldingen_buurt, nu.overtredingen, buurten),
        Onderdeel(
            key="tafelsignalen",
            titel="Signalen van de casustafels",
            inleiding="Trends en nieuwe patronen die de casustafels in het jaar signaleerden.",
            signalen=bronnen.tafelsignalen(jaar, area),
        ),
        Onderdeel(
            key="patronen",
            titel="Nieuwe patronen",
            inleiding=f"Categorieën en buurten met de grootste stijging in meldingen tegen "
            f"{jaar - 1} (gepubliceerde aantallen).",
            # The per-buurt comparison is summed up in words: as a table of every buurt it
            # would double the PDF's layout time for little.
            uitleg=[
                "Categorieën: " + ("; ".join(rising_categories) or "geen stijging") + ".",
                "Buurten: " + ("; ".join(rising_buurten) or "geen stijging") + ".",
            ],
        ),
        Onderdeel(
            key="handhaving",
            titel="Handhaving per instrument",
            inleiding="Opgelegde handhavingsbesluiten, geïmporteerd en in Goedwonen vastgelegd.",
            tabellen=[nu.handhaving],
            grafieken=[handhaving_chart] if handhaving_chart is not None else [],
        ),
    ]
    outcomes = _uitkomsten(jaar, gebied, _top_code(area))
    if outcomes is not None:
        onderdelen.append(outcomes)
    onderdelen.append(_analyse(jaar, buurten))
    return Signaalrapport(jaar=jaar, gebied=area, onderdelen=onderdelen, drempel=DREMPEL)


def signaalrapport_html(rapport: Signaalrapport, **context: Any) -> str:
    """The self-contained report page (for the file and the PDF); see `rapporten.rapport_html`
    for the other kinds and the narrative."""
    from .rapporten import rapport_html

    return rapport_html("signalering", rapport=rapport, **context)
