"""What the analyst screens share: a run by its key, the score filters of a query, the
disparity table and chart, a form's errors as one line."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import Http404, HttpRequest

from goedwonen.core.charts import bar_chart
from goedwonen.core.policy import actor_of

from .. import selectors
from ..fairness import OVER_SELECTION, BuurtRow
from ..models import Risicorun


def run_or_404(request: HttpRequest, pk: int) -> Risicorun:
    try:
        return selectors.run_get(actor=actor_of(request), pk=pk)
    except Risicorun.DoesNotExist:
        raise Http404 from None


def score_filters(data: Any) -> selectors.ScoreFilters:
    return selectors.ScoreFilters(
        buurt=data.get("buurt", "")[:12],
        straat=data.get("straat", "").strip()[:120],
        indicator=data.get("indicator", "")[:40],
        eigenaar=data.get("eigenaar", "").strip()[:40],
    )


def disparity_context(rows: list[BuurtRow] | None, what: str) -> dict[str, Any]:
    """The disparity table (by buurt name) and its chart: each buurt's share of the selection
    against its share of the dwellings, with the lines at 1 (even) and at the flag."""
    if rows is None:
        return {"verschillen": None}
    title = f"Verhouding selectie tegen woningen per buurt, {what}"
    chart = None
    if any(r.geselecteerd for r in rows):
        ordered = sorted(rows, key=lambda r: (-r.verhouding, r.naam))
        chart = bar_chart(
            [
                {
                    "buurt": r.naam,
                    "verhouding": round(r.verhouding, 2),
                    "markering": "overselectie" if r.overselectie else "",
                }
                for r in ordered
            ],
            category="buurt",
            value="verhouding",
            category_title="Buurt",
            value_title="Aandeel in de selectie gedeeld door aandeel in de woningen",
            title=title,
            rules=[(1.0, "evenredig"), (OVER_SELECTION, "overselectie")],
            label="markering",
        )
    return {
        "verschillen": sorted(rows, key=lambda r: r.naam),
        "verschillen_chart": chart,
        "verschillen_titel": title,
        "verschillen_wat": what,
        "verschillen_geselecteerd": sum(r.geselecteerd for r in rows),
        "verschillen_overselectie": [
            r.naam for r in sorted(rows, key=lambda r: r.naam) if r.overselectie
        ],
        "overselectie_grens": OVER_SELECTION,
    }


def errors_text(form: forms.Form) -> str:
    return " ".join(
        f"{form.fields[name].label if name in form.fields else ''}: "
        f"{' '.join(str(e) for e in errors)}".lstrip(": ")
        for name, errors in form.errors.items()
    )
