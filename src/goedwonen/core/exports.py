"""CSV files that people open in a spreadsheet: every export goes through here.

A spreadsheet reads a cell that starts with `=`, `+`, `-` or `@` (and, in some programs, a tab or
carriage return before one) as a formula, so a case title such as `=HYPERLINK("https://…")`
would run in the reader's spreadsheet (OWASP, "CSV Injection"). Text cells that start with one
of those characters get a single quote in front, which spreadsheets show as text and hide.

Numbers stay numbers: a cell given as `int` or `Decimal` is ours, cannot hold a formula and is
written as is (a negative score stays a negative number; decimals with a comma, as Dutch
spreadsheets read them). Text that merely looks like a number (`-5` typed in a title) is text
and is neutralised: `-1+1` is a formula too.

The files are in the Dutch spreadsheet dialect: semicolons, UTF-8 with a byte-order mark.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.http import HttpResponse

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DELIMITER = ";"
BOM = "\ufeff"  # so spreadsheet programs read UTF-8

Cell = str | int | Decimal | None


def neutralised(text: str) -> str:
    """`text` as a spreadsheet shows it but never evaluates it."""
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):  # a subclass of int, but not a number a reader expects
        raise TypeError("Give a yes/no cell as text.")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    if isinstance(value, str):
        return neutralised(value)
    raise TypeError(f"A CSV cell is text, an int or a Decimal, not {type(value).__name__}.")


def write_csv(handle: Any, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> None:
    """Header and rows to an open text handle, each cell through `csv_cell`."""
    handle.write(BOM)
    writer = csv.writer(handle, delimiter=DELIMITER)
    writer.writerow([csv_cell(h) for h in header])
    writer.writerows([csv_cell(c) for c in row] for row in rows)


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Cell]]
) -> HttpResponse:
    """A CSV download of `rows` under `filename`."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    write_csv(response, header, rows)
    return response


def csv_file(path: Path, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> None:
    """A CSV file at `path` (written whole, replacing what was there)."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        write_csv(handle, header, rows)


def sql_neutralised(column: str) -> str:
    """The same rule as `neutralised`, as an SQL expression over a text column, for files that
    the database writes itself (DuckDB's COPY for a scoring run's millions of rows)."""
    starts = ", ".join("'" + c.replace("'", "''") + "'" for c in FORMULA_START)
    return f"CASE WHEN left({column}, 1) IN ({starts}) THEN '''' || {column} ELSE {column} END"
