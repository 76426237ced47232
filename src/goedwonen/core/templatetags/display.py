"""Amounts and counts in templates, the Dutch way (goedwonen.core.display). A built-in
library (settings.TEMPLATES): every template has these filters without `{% load %}`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import template

from goedwonen.core import display
from goedwonen.core.lists import begrensd_aantal

register = template.Library()


@register.filter
def euro(value: Decimal | int | float | str | None, decimals: int = 2) -> str:
    """{{ bedrag|euro }} -> '€ 1.234,56'; {{ woz|euro:0 }} -> '€ 245.000'."""
    return display.euro(value, decimals)


@register.filter
def aantal(count: int | None, words: str) -> str:
    """{{ n|aantal:"melding,meldingen" }} -> '1 melding', '1.204 meldingen'; '? meldingen'
    when the count is not known."""
    enkelvoud, meervoud = words.split(",")
    if count is None:
        return f"? {meervoud}"
    return display.aantal(count, enkelvoud, meervoud)


@register.filter
def getal(value: int | Decimal | None) -> str:
    """{{ n|getal }} -> '56.614'; '?' when not known."""
    return "?" if value is None else display.getal(value)


@register.filter
def begrensd(count: int) -> str:
    """A count made by `core.lists.begrensd_tellen`: {{ n|begrensd }} -> '12', '1.204' or
    'meer dan 1.000'."""
    return begrensd_aantal(count)


@register.filter
def categorieen(codes: list[str] | None) -> str:
    """{{ controle.categorieen|categorieen }} -> 'Overbewoning, Te hoge huur'."""
    return display.categorieen(codes or [])


@register.filter
def isodatum(value: str | date | None) -> date | str | None:
    """An ISO date kept as text (in JSON) as a date, for `|date`:
    {{ p.geldig_vanaf|isodatum|date }}. Text that is no ISO date stays as it is."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value
