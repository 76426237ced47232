"""How screens, letters, messages and the timeline write amounts, counts and dates: one Dutch
way each. Templates reach the same functions through the `display` filters (a built-in
library, no `{% load %}` needed) and Django's `date` filter with the named formats of the
Dutch locale: `|date` for a date ("6 december 2026"), `|date:"DATETIME_FORMAT"` for a moment
("6 december 2026 14:05"). Files for programs (CSV exports, JSON) keep ISO 8601."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils import formats, numberformat, timezone

from .categories import Categorie


def euro(bedrag: Decimal | int | float | str | None, decimals: int = 2) -> str:
    """'€ 1.234,56' (thousands with a dot, cents after a comma); '' for no amount."""
    if bedrag is None or bedrag == "":
        return ""
    return f"€ {getal(bedrag, decimals)}"


def getal(value: Decimal | int | float | str, decimals: int = 0) -> str:
    """A number the Dutch way: '1.234' or, with decimals, '1.234,5'."""
    return numberformat.format(
        value,
        ",",
        decimal_pos=decimals,
        grouping=3,
        thousand_sep=".",
        force_grouping=True,
    )


def aantal(count: int, enkelvoud: str, meervoud: str) -> str:
    """'1 melding', '0 meldingen', '1.204 meldingen'."""
    return f"{getal(count)} {enkelvoud if count == 1 else meervoud}"


def postcode(value: str) -> str:
    """'3083AB' as it is written: '3083 AB'."""
    return f"{value[:4]} {value[4:]}" if len(value) == 6 else value


def datum(value: date | None) -> str:
    """The UI's one date format: '6 december 2026'; '' for no date."""
    if value is None:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "DATE_FORMAT")


def categorieen(codes: list[str]) -> str:
    """Problem categories by their names, not their codes; an unknown code as it is."""
    return ", ".join(Categorie(c).label if c in Categorie.values else c for c in codes)
