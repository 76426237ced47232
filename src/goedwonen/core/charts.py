"""Charts as SVG, rendered on the server with Vega-Lite (Altair + vl-convert): the same chart
works in the page, in a PDF and offline. Every chart is shown with a data table beside it."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from functools import wraps
from typing import Any, Literal, ParamSpec

import altair as alt
import vl_convert as vlc

from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

FONT = "Arial"
# Charts a process keeps: a few tens of KB each.
KEPT_CHARTS = 64
# How long the shared cache keeps a chart after it was drawn (see `_kept`).
SHARED_SECONDS = 24 * 3600

P = ParamSpec("P")


def charts_warm() -> None:
    """Render a chart of one bar, so the next chart of this process does not wait for
    vl-convert to start (see goedwonen.gunicorn_hooks). Drawn, never taken from a cache."""
    bar_chart.__wrapped__(  # type: ignore[attr-defined]
        [{"x": "", "y": 1}], category="x", value="y", category_title="", value_title="", title=""
    )


# Charts a process made, by their kind and arguments: building the Vega-Lite spec with Altair
# (which validates it against the schema) and drawing it with vl-convert take a few hundred
# milliseconds, and a page shows the same chart on every view. The oldest made goes first.
# A chart this process has not made is looked up in the shared cache first: one server
# process draws it, the others (and those started later) read it, instead of each drawing
# it on its first view (a run's disparity chart: 450 ms, ADR 0027).
_made: dict[str, SafeString] = {}


def charts_forget() -> None:
    """Forget the charts this process made (a test that counts renderings starts here)."""
    _made.clear()


def _kept(make: Callable[P, SafeString]) -> Callable[P, SafeString]:
    @wraps(make)
    def chart(*args: P.args, **kwargs: P.kwargs) -> SafeString:
        key = json.dumps(
            [make.__name__, args, kwargs],
            sort_keys=True,
            default=lambda o: f"{type(o).__name__}:{o}",
        )
        found = _made.get(key)
        if found is None:
            shared = "grafiek:" + hashlib.sha256(key.encode()).hexdigest()
            svg = cache.get(shared)
            if svg is None:
                found = make(*args, **kwargs)
                cache.set(shared, str(found), SHARED_SECONDS)
            else:
                found = mark_safe(svg)  # noqa: S308 - drawn by `make`, kept as it was
            if len(_made) >= KEPT_CHARTS:
                _made.pop(next(iter(_made)), None)
            _made[key] = found
        return found

    return chart


def _svg(spec: dict[str, Any], format_locale: Literal["nl-NL"] | None = None) -> str:
    return vlc.vegalite_to_svg(spec, format_locale=format_locale)


def _accessible(svg: str, title: str) -> SafeString:
    """An SVG announces itself as one image with its title; the table beside it has the data."""
    svg = re.sub(
        r"^<svg ", f'<svg role="img" aria-label="{escape(title)}" focusable="false" ', svg, count=1
    )
    return mark_safe(svg)  # noqa: S308 - SVG produced by vl-convert from our own spec


@_kept
def line_chart(
    values: list[dict[str, Any]],
    *,
    x: str,
    y: str,
    x_title: str,
    y_title: str,
    title: str,
    series: str | None = None,
) -> SafeString:
    encoding: dict[str, Any] = {
        # Reference dates are few and irregular: label each one rather than a time scale.
        "x": alt.X(f"{x}:O", title=x_title, axis=alt.Axis(labelAngle=0)),
        "y": alt.Y(f"{y}:Q", title=y_title, scale=alt.Scale(zero=True)),
    }
    if series:
        encoding["color"] = alt.Color(f"{series}:N", title=None, legend=alt.Legend(orient="bottom"))
        encoding["strokeDash"] = alt.StrokeDash(f"{series}:N", legend=None)
    chart = (
        alt.Chart(alt.Data(values=values), width=420, height=180)
        .mark_line(point=True)
        .encode(**encoding)
        .configure(font=FONT)
        .configure_axis(labelFontSize=12, titleFontSize=12)
    )
    return _accessible(_svg(chart.to_dict()), title)


@_kept
def bar_chart(
    values: list[dict[str, Any]],
    *,
    category: str,
    value: str,
    category_title: str,
    value_title: str,
    title: str,
    value_format: str = ",.1f",
    rules: list[tuple[float, str]] | None = None,
    label: str | None = None,
) -> SafeString:
    """Horizontal bars, one per category in the order given. `rules` draws dashed reference
    lines with their text (a norm, a median); `label` names a field whose text is written
    beside its bar, so what a bar means never rests on colour alone."""
    y = alt.Y(f"{category}:N", title=category_title, sort=None)
    x = alt.X(
        f"{value}:Q",
        title=value_title,
        scale=alt.Scale(zero=True),
        # Counts (an integer format) get whole ticks only: no 0, 0, 1, 1 on a small scale.
        axis=alt.Axis(
            format=value_format,
            tickMinStep=1 if value_format.endswith("d") else alt.Undefined,
        ),
    )
    height = max(60, 24 * len(values))
    base = alt.Chart(alt.Data(values=values), width=420, height=height)
    layers: list[Any] = [base.mark_bar().encode(x=x, y=y)]
    if label:
        layers.append(
            base.mark_text(align="left", dx=4, fontWeight="bold").encode(
                x=x, y=y, text=alt.Text(f"{label}:N")
            )
        )
    for at, text in rules or []:
        line = alt.Chart(alt.Data(values=[{"at": at, "text": text}]))
        layers.append(line.mark_rule(strokeDash=[6, 4], color="black").encode(x="at:Q"))
        layers.append(
            line.mark_text(align="left", baseline="bottom", dx=4, dy=-2, y=0).encode(
                x="at:Q", text="text:N"
            )
        )
    chart = (
        alt.layer(*layers)
        .configure(font=FONT)
        .configure_axis(labelFontSize=12, titleFontSize=12)
        .configure_text(fontSize=12)
    )
    svg = _svg(chart.to_dict(), format_locale="nl-NL")
    return _accessible(svg, title)
