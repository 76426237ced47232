"""What every reader of a contract file does with a record: check every cell against the data
contract (`registry/contract.py`), check what it refers to, collect the row under its key,
and write the rows of the file to its table."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .. import contract as c
from . import parsing as p
from .context import ImportContext
from .reading import Record
from .report import FileReport
from .tables import Table, sync

Row = dict[str, Any]
Check = Callable[[Row], "p.FieldError | None"]


class Rows:
    """Collects parsed rows of one file, rejecting duplicates of a key within the file."""

    def __init__(self, report: FileReport) -> None:
        self.report = report
        self.rows: list[Row] = []
        self.seen: dict[tuple[Any, ...], int] = {}

    def add(self, line: int, key: tuple[Any, ...], row: Row) -> None:
        first = self.seen.get(key)
        if first is not None:
            self.report.reject(
                line, f"dubbele sleutel {'/'.join(map(str, key))}; eerder op regel {first}"
            )
            return
        self.seen[key] = line
        self.rows.append(row)


def checked(
    source: c.Source,
    record: Record,
    report: FileReport,
    *,
    checks: Iterable[Check] = (),
    skip: frozenset[str] = frozenset(),
) -> Row | None:
    """The record's values parsed by the contract, or None when the row is rejected. Every
    bad cell is reported, whatever the other cells and rows say: all of a rejected row's
    problems as rejections, an accepted row's bad optional cells as warnings (stored as
    unknown). `checks` add what the row refers to (a known object, an address)."""
    row, problems = p.parse_row(source, record.values, skip=skip)
    rejects = any(source.column(error.column).rejects_row for error in problems)
    if not rejects:
        for check in checks:
            problem = check(row)
            if problem is not None:
                problems.append(problem)
                rejects = True
    for error in problems:
        if rejects:
            report.reject(record.line, str(error), error.column)
        else:
            report.warn(record.line, f"{error}; opgeslagen als onbekend", error.column)
    return None if rejects else row


def known(column: str, found: Mapping[str, Any], what: str, where: str) -> Check:
    """A check that the row's `column` names something delivered before (when it names one)."""

    def check(row: Row) -> p.FieldError | None:
        value = row[column]
        if value and value not in found:
            return p.FieldError(column, f"onbekend {what} {value} (niet in {where})")
        return None

    return check


def known_object(ctx: ImportContext) -> Check:
    return known("object_id", ctx.objects, "object", c.BAG.name.removesuffix(".csv"))


def known_address(ctx: ImportContext) -> Check:
    return known("nummeraanduiding", ctx.addresses, "adres", c.BAG.name.removesuffix(".csv"))


def read_into(
    source: c.Source,
    table: Table,
    records: Iterable[Record],
    report: FileReport,
    *,
    checks: Iterable[Check],
    resolve: Callable[[Row], None],
) -> None:
    """A file whose checked rows go to one table once `resolve` turned the natural ids they
    refer to into database ids."""
    rows = Rows(report)
    for record in records:
        v = checked(source, record, report, checks=checks)
        if v is None:
            continue
        resolve(v)
        rows.add(record.line, tuple(v[name] for name in table.key), v)
    write(table, rows.rows, report)


def per_object(
    source: c.Source,
    table: Table,
    records: Iterable[Record],
    report: FileReport,
    ctx: ImportContext,
) -> None:
    def resolve(row: Row) -> None:
        row["verblijfsobject_id"] = ctx.objects[row.pop("object_id")]

    read_into(source, table, records, report, checks=(known_object(ctx),), resolve=resolve)


def per_address(
    source: c.Source,
    table: Table,
    records: Iterable[Record],
    report: FileReport,
    ctx: ImportContext,
) -> None:
    def resolve(row: Row) -> None:
        row["adres_id"] = ctx.addresses[row.pop("nummeraanduiding")][0]

    read_into(source, table, records, report, checks=(known_address(ctx),), resolve=resolve)


def write(table: Table, rows: list[Row], report: FileReport) -> None:
    result, _ = sync(table, rows)
    report.counts(result.inserted, result.updated, result.unchanged)
