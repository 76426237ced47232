"""The dashboard's first section: each target of the plan against its realisation, per focus
buurt as a chart with the same numbers as a table, the trend per quarter against the
pro-rata line, and the forecast for the year."""

from __future__ import annotations

from typing import Any

from goedwonen.core.charts import bar_chart, line_chart

from .dashboard import Filter, Sectie
from .lijst import NAMEN
from .realisatie import Realisatie, realisatie_cijfers, realisaties


def _charts(r: Realisatie) -> dict[str, Any]:
    charts: dict[str, Any] = {}
    if any(g.waarde for g in r.gebieden):  # an empty chart tells nothing the table does not
        charts["gebieden"] = bar_chart(
            [{"gebied": g.naam, "waarde": g.waarde, "tekst": str(g.waarde)} for g in r.gebieden],
            category="gebied",
            value="waarde",
            category_title="",
            value_title=r.doel.eenheid,
            title=f"{r.doel.naam}: realisatie per gebied",
            value_format=",d",
            label="tekst",
        )
    if r.kwartalen and r.doel_jaar is not None and r.doel.periode != "doorlopend":
        values = []
        for k in r.kwartalen:
            values.append({"kwartaal": k.label, "aantal": k.cumulatief, "lijn": "Gerealiseerd"})
            values.append(
                {"kwartaal": k.label, "aantal": float(k.lijn), "lijn": "Naar rato van het doel"}
            )
        charts["trend"] = line_chart(
            values,
            x="kwartaal",
            y="aantal",
            x_title="",
            y_title="opgeteld",
            title=f"{r.doel.naam}: verloop per kwartaal naast het doel naar rato",
            series="lijn",
        )
    return charts


def sectie(filter_: Filter) -> Sectie:
    items = realisaties(jaar=filter_.jaar, gebied=filter_.gebied, peildatum=filter_.peildatum)
    return Sectie(
        key="doelen",
        titel="Doelen van het plan",
        template="rapportage/_sectie_doelen.html",
        cijfers=realisatie_cijfers(items, filter_.jaar),
        context={"rijen": [(r, _charts(r)) for r in items], "lijstmaten": tuple(NAMEN)},
    )
