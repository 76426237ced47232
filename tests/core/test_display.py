"""One Dutch way to write amounts, counts and dates on every screen (core/display.py and its
built-in template filters), and no template or message that writes its own."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from django.template import Context, Template

import goedwonen

SRC = Path(goedwonen.__file__).parent
# Formats a template may name: the two of the screens, ISO 8601 for machines (`c`) and for
# comparing dates (`Y-m-d`), and a year on its own.
NAMED_FORMATS = {"DATETIME_FORMAT", "c", "Y-m-d", "Y"}
# `goedwonen verify-log` names an anchor of the processing log to the second.
TO_THE_SECOND = {"core/processing_log.py"}


def render(source: str, **context: object) -> str:
    return Template(source).render(Context(context))


@pytest.mark.parametrize(
    ("source", "value", "expected"),
    [
        ("{{ x|euro }}", Decimal("1234.5"), "€ 1.234,50"),
        ("{{ x|euro }}", Decimal("5000"), "€ 5.000,00"),
        ("{{ x|euro }}", Decimal("-224.62"), "€ -224,62"),
        ("{{ x|euro:0 }}", 245000, "€ 245.000"),
        ("{{ x|euro }}", None, ""),
        ('{{ x|aantal:"melding,meldingen" }}', 1, "1 melding"),
        ('{{ x|aantal:"melding,meldingen" }}', 0, "0 meldingen"),
        ('{{ x|aantal:"woning,woningen" }}', 37204, "37.204 woningen"),
        ('{{ x|aantal:"volwassene,volwassenen" }}', None, "? volwassenen"),
        ("{{ x|categorieen }}", ["overbewoning", "te_hoge_huur"], "Overbewoning, Te hoge huur"),
        ("{{ x|date }}", date(2026, 3, 1), "1 maart 2026"),
        (
            '{{ x|date:"DATETIME_FORMAT" }}',
            datetime(2026, 3, 1, 13, 5, tzinfo=ZoneInfo("UTC")),
            "1 maart 2026 14:05",
        ),
        ("{{ x|isodatum|date }}", "2025-01-01", "1 januari 2025"),
    ],
)
def test_every_template_writes_amounts_counts_and_dates_the_dutch_way(source, value, expected):
    assert render(source, x=value) == expected


def test_templates_use_the_one_date_format_and_the_one_date_time_format():
    """`|date` ('6 december 2026') and `|date:"DATETIME_FORMAT"` ('6 december 2026 14:05');
    not a format of their own ('6-12-2026', '6 dec.')."""
    own = {}
    for template in sorted((SRC / "templates").rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        for fmt in re.findall(r"""\|date:["']([^"']*)["']""", text):
            if fmt not in NAMED_FORMATS:
                own.setdefault(str(template.relative_to(SRC)), set()).add(fmt)
    assert own == {}


def test_messages_write_dates_through_the_one_date_format():
    """Messages, timeline lines and check outcomes call display.datum(), not strftime:
    only files for programs (exports, JSON) write dates themselves, in ISO 8601."""
    own = {}
    for module in sorted(SRC.rglob("*.py")):
        text = module.read_text(encoding="utf-8")
        found = re.findall(r"%d-%m-%Y", text)
        if found and module.relative_to(SRC).as_posix() not in TO_THE_SECOND:
            own[str(module.relative_to(SRC))] = found
    assert own == {}
