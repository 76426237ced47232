"""Number formats of the analyst screens, Dutch style."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def procent(value: float | None, digits: int = 1) -> str:
    """A share between 0 and 1 as a Dutch percentage ('12,5%'); a dash when there is none."""
    if value is None:
        return "\u2013"  # an en dash
    return f"{floatformat(value * 100, digits)}%"
