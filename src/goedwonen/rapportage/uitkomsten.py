"""Outcomes as figures (issue 17, point 3): what changed after the interventions, per buurt,
wijk and gemeente and per year and quarter, in the contract's `Cijfer` rows; and the
dashboard's section "Uitkomsten" over them.

Counted: the last version of each outcome (`models.Uitkomst`; a corrected one no longer
counts), dated (`datum`, the day the change took effect) in the year, on an object in the
area.

- `uitkomsten`: the number of outcomes; `categorie` the kind (`Uitkomstsoort`).
- `huurverlaging_totaal_per_maand`: the rent reductions per month added up, in whole euros.
- `huurverlaging_gemiddeld_per_maand`: their average per reduction, in whole euros (half up).
- `bewoners_minder`: persons fewer where occupancy was reduced.
- `inschrijvingen_gecorrigeerd_personen`: persons whose BRP registration was corrected (the
  difference before and after, up or down).

A measure has rows only for the areas and periods where it occurred: an average of nothing is
not zero. The signal report calls `uitkomsten_cijfers`; keep its signature.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models.functions import ExtractQuarter

from goedwonen.core.charts import bar_chart
from goedwonen.registry.models import Gebied, Gebiedssoort

from .cijfers import Cijfer, _ancestors
from .dashboard import Filter, Sectie
from .models import Uitkomst, Uitkomstsoort

MATEN = (
    "uitkomsten",
    "huurverlaging_totaal_per_maand",
    "huurverlaging_gemiddeld_per_maand",
    "bewoners_minder",
    "inschrijvingen_gecorrigeerd_personen",
)
# The plan's own figure for the rent reduction per month ("Huidige inzet"). The plan gives
# it for the reports to the meldpunt Ongewenst Verhuurgedrag in 2024; its figure of the
# Carnisse permit pilot is a share (156 of 1,119 applications at least 25% too high), not an
# amount.
REFERENTIE_HUURVERLAGING = Decimal("500")
REFERENTIE_BRON = (
    "Uitvoeringsplan Rotterdams Goed Wonen, 'Huidige inzet': de 383 meldingen bij het "
    "meldpunt Ongewenst Verhuurgedrag in 2024 leidden tot een gemiddelde huurverlaging van "
    "€ 500 per maand."
)
EURO = Decimal("1")


def _euros(amount: Decimal) -> int:
    return int(amount.quantize(EURO, rounding=ROUND_HALF_UP))


def uitkomsten_cijfers(jaar: int, gebied: str | None = None) -> list[Cijfer]:
    """The outcome figures of the year for each buurt, its wijk and the gemeente, per year
    and per quarter, sorted; only the areas within `gebied` (a code) when given."""
    lines = _ancestors()
    rows = (
        Uitkomst.objects.filter(
            correctie__isnull=True,
            datum__year=jaar,
            casusobject__verblijfsobject__buurt__isnull=False,
        )
        .annotate(kwartaal=ExtractQuarter("datum"))
        .values_list(
            "casusobject__verblijfsobject__buurt_id",
            "kwartaal",
            "soort",
            "huur_van",
            "huur_naar",
            "personen_voor",
            "personen_na",
        )
    )
    counts: Counter[tuple[str, str, str, str]] = Counter()
    huur: dict[tuple[str, str], list[Decimal]] = defaultdict(list)
    for buurt, kwartaal, soort, van, naar, voor, na in rows.iterator(chunk_size=20_000):
        for code in lines.get(buurt, []):
            for periode in (str(jaar), f"{jaar}-Q{kwartaal}"):
                counts[("uitkomsten", code, periode, soort)] += 1
                if soort == Uitkomstsoort.HUUR_VERLAAGD and van is not None and naar is not None:
                    huur[(code, periode)].append(van - naar)
                if voor is None or na is None:
                    continue
                if soort == Uitkomstsoort.BEWONING_VERMINDERD:
                    counts[("bewoners_minder", code, periode, "")] += voor - na
                elif soort == Uitkomstsoort.INSCHRIJVING_GECORRIGEERD:
                    counts[("inschrijvingen_gecorrigeerd_personen", code, periode, "")] += abs(
                        voor - na
                    )
    figures = [Cijfer(*key, waarde=value) for key, value in counts.items()]
    for (code, periode), verlagingen in huur.items():
        totaal = sum(verlagingen, Decimal(0))
        figures.append(Cijfer("huurverlaging_totaal_per_maand", code, periode, "", _euros(totaal)))
        figures.append(
            Cijfer(
                "huurverlaging_gemiddeld_per_maand",
                code,
                periode,
                "",
                _euros(totaal / len(verlagingen)),
            )
        )
    if gebied is not None:
        within = {chain[0] for chain in lines.values() if gebied in chain} | {gebied}
        figures = [f for f in figures if f.gebied in within]
    return sorted(figures)


def sectie_uitkomsten(filter_: Filter) -> Sectie | None:
    """The dashboard's section: the outcomes of the year in the area (or the gemeente), by
    kind, and the average rent reduction per month beside the plan's figure."""
    gebied = filter_.gebied or Gebied.objects.filter(soort=Gebiedssoort.GEMEENTE).first()
    if gebied is None:
        return None
    periode = str(filter_.jaar)
    shown = [
        c
        for c in uitkomsten_cijfers(filter_.jaar, gebied.code)
        if c.gebied == gebied.code and c.periode == periode
    ]
    value = {(c.maat, c.categorie): c.waarde for c in shown}
    soorten = [
        {"soort": label, "aantal": value.get(("uitkomsten", code), 0)}
        for code, label in Uitkomstsoort.choices
    ]
    huurverlagingen = value.get(("uitkomsten", Uitkomstsoort.HUUR_VERLAAGD), 0)
    gemiddeld = value.get(("huurverlaging_gemiddeld_per_maand", ""))
    context: dict[str, Any] = {
        "gebied": gebied,
        "soorten": soorten,
        "totaal": sum(s["aantal"] for s in soorten),
        "huurverlagingen": huurverlagingen,
        "gemiddeld": gemiddeld,
        "huur_totaal": value.get(("huurverlaging_totaal_per_maand", "")),
        "bewoners_minder": value.get(("bewoners_minder", ""), 0),
        "inschrijvingen": value.get(("inschrijvingen_gecorrigeerd_personen", ""), 0),
        "referentie": REFERENTIE_HUURVERLAGING,
        "referentie_bron": REFERENTIE_BRON,
    }
    if context["totaal"]:
        # The kinds that occurred, each with its count beside the bar; the table has all.
        context["grafiek"] = bar_chart(
            [{**s, "tekst": str(s["aantal"])} for s in soorten if s["aantal"]],
            category="soort",
            value="aantal",
            category_title="",
            value_title="Aantal uitkomsten",
            title=f"Uitkomsten in {gebied.naam} in {periode}, per soort",
            value_format=",d",
            label="tekst",
        )
    if gemiddeld is not None:
        context["huurgrafiek"] = bar_chart(
            [
                {"wie": f"Deze aanpak, {periode}", "euro": gemiddeld},
                {"wie": "Plan: meldpunt 2024", "euro": int(REFERENTIE_HUURVERLAGING)},
            ],
            category="wie",
            value="euro",
            category_title="",
            value_title="Gemiddelde huurverlaging per maand (euro)",
            title=f"Gemiddelde huurverlaging per maand in {periode} naast die uit het plan",
            value_format=",d",
        )
    return Sectie(
        key="uitkomsten",
        titel="Uitkomsten",
        template="rapportage/_sectie_uitkomsten.html",
        cijfers=shown,
        context=context,
    )
