"""Fast, idempotent writing of parsed rows into one table.

The ORM creates a model instance per row; at the city scale (millions of rows) that alone
exceeds the import budget. This module compares parsed rows with what the table holds by
natural key and writes only the difference: COPY on PostgreSQL, executemany on SQLite.
It is the importer's only raw SQL; column types say how values travel and compare.

Hot loops run millions of times, so each table precomputes, per column, whether a value needs
converting at all: texts, integers, floats and booleans compare as they are (0 == False).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from operator import itemgetter
from typing import Any

from django.db import connection
from django.db.models import Model

Convert = Callable[[Any], Any]


class T(Enum):
    TEXT = "text"
    INT = "int"
    FLOAT = "float"
    BOOL = "bool"
    DATE = "date"
    DATETIME = "datetime"
    DECIMAL = "decimal"
    JSON = "json"


def _canon_date(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)[:10]


def _canon_datetime(value: Any) -> str:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat()


def _canon_decimal(value: Any) -> str:
    return f"{Decimal(str(value)):.2f}"


def _canon_json(value: Any) -> str:
    return json.dumps(json.loads(value) if isinstance(value, str) else value, sort_keys=True)


# One comparable form for a value as parsed and as read back from either database.
# None: compares as it is.
CANON: dict[T, Convert | None] = {
    T.TEXT: None,
    T.INT: None,
    T.FLOAT: None,
    T.BOOL: None,
    T.DATE: _canon_date,
    T.DATETIME: _canon_datetime,
    T.DECIMAL: _canon_decimal,
    T.JSON: _canon_json,
}
TO_SQLITE: dict[T, Convert | None] = {
    T.TEXT: None,
    T.INT: None,
    T.FLOAT: None,
    T.BOOL: int,
    T.DATE: date.isoformat,
    T.DATETIME: lambda v: v.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" "),
    T.DECIMAL: str,
    T.JSON: json.dumps,
}


def _jsonb(value: Any) -> Any:
    from psycopg.types.json import Jsonb

    return Jsonb(value)


TO_POSTGRES: dict[T, Convert | None] = {kind: None for kind in T} | {T.JSON: _jsonb}
FROM_CANON: dict[T, Convert | None] = {kind: None for kind in T} | {
    T.DATE: date.fromisoformat,
    T.DATETIME: datetime.fromisoformat,
    T.DECIMAL: Decimal,
    T.JSON: json.loads,
}


def _projector(
    names: list[Any], kinds: list[T], table: dict[T, Convert | None]
) -> Callable[[Any], tuple[Any, ...]]:
    """A function from a row (dict, or sequence by position) to the tuple of its converted
    values. Only columns that need it are converted; None stays None."""
    conversions = [(i, table[k]) for i, k in enumerate(kinds) if table[k] is not None]
    get = itemgetter(*names)
    single = len(names) == 1

    def project(row: Any) -> tuple[Any, ...]:
        values = get(row)
        if single:
            values = (values,)
        if not conversions:
            return values
        values = list(values)
        for index, convert in conversions:
            if values[index] is not None:
                values[index] = convert(values[index])  # type: ignore[misc]
        return tuple(values)

    return project


@dataclass
class Table:
    model: type[Model]
    key: tuple[str, ...]
    columns: dict[str, T]  # every written column (key columns included) and its type
    # Columns that a later delivery may leave unknown without erasing what we know.
    keep_when_empty: frozenset[str] = field(default_factory=frozenset)
    # Columns set when a row is first written and owned by the application afterwards
    # (for example a report's workflow state): never compared, never updated.
    insert_only: frozenset[str] = field(default_factory=frozenset)

    @property
    def name(self) -> str:
        return self.model._meta.db_table

    @property
    def value_columns(self) -> list[str]:
        return [c for c in self.columns if c not in self.key and c not in self.insert_only]

    def kinds(self, names: Iterable[str]) -> list[T]:
        return [self.columns[n] for n in names]


@dataclass
class SyncResult:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0


Existing = dict[tuple[Any, ...], tuple[int, tuple[Any, ...]]]


def existing_rows(table: Table) -> Existing:
    """key (canonical) → (id, canonical values) for every row of the table."""
    value_names = table.value_columns
    width = len(table.key)
    key_of = _projector(list(range(1, 1 + width)), table.kinds(table.key), CANON)
    positions = list(range(1 + width, 1 + width + len(value_names)))
    values_of = (
        _projector(positions, table.kinds(value_names), CANON) if value_names else _no_values
    )
    quoted = ", ".join(connection.ops.quote_name(c) for c in ["id", *table.key, *value_names])
    found: Existing = {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(table.name)}")  # noqa: S608 - names from our models
        while batch := cursor.fetchmany(50_000):
            for row in batch:
                found[key_of(row)] = (row[0], values_of(row))
    return found


def _no_values(row: Any) -> tuple[Any, ...]:
    return ()


def sync(
    table: Table, rows: Iterable[dict[str, Any]], *, want_ids: bool = False
) -> tuple[SyncResult, dict[tuple[Any, ...], int]]:
    """Insert new rows, update changed ones, count the rest. With want_ids, also returns the
    id of every row in the table by canonical key (for the foreign keys of later files)."""
    existing = existing_rows(table)
    value_names = table.value_columns
    key_of = _projector(list(table.key), table.kinds(table.key), CANON)
    values_of = (
        _projector(value_names, table.kinds(value_names), CANON) if value_names else _no_values
    )
    keep = [(i, n) for i, n in enumerate(value_names) if n in table.keep_when_empty]
    result = SyncResult()
    inserts: list[dict[str, Any]] = []
    updates: list[tuple[int, dict[str, Any]]] = []
    for row in rows:
        known = existing.get(key_of(row))
        if known is None:
            inserts.append(row)
            continue
        pk, old = known
        for index, name in keep:
            if row[name] is None and old[index] is not None:
                back = FROM_CANON[table.columns[name]]
                row = {**row, name: back(old[index]) if back else old[index]}
        if values_of(row) == old:
            result.unchanged += 1
        else:
            updates.append((pk, row))
    if inserts:
        _insert(table, inserts)
        result.inserted = len(inserts)
    if updates:
        _update(table, updates)
        result.updated = len(updates)
    ids: dict[tuple[Any, ...], int] = {}
    if want_ids:
        ids = {key: pk for key, (pk, _) in (existing_rows(table) if inserts else existing).items()}
    return result, ids


def _insert(table: Table, rows: list[dict[str, Any]]) -> None:
    names = list(table.columns)
    quoted = ", ".join(connection.ops.quote_name(c) for c in names)
    target = connection.ops.quote_name(table.name)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            project = _projector(names, table.kinds(names), TO_POSTGRES)
            with cursor.cursor.copy(f"COPY {target} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(project(row))
        else:
            project = _projector(names, table.kinds(names), TO_SQLITE)
            marks = ", ".join(["%s"] * len(names))
            sql = f"INSERT INTO {target} ({quoted}) VALUES ({marks})"  # noqa: S608 - names from our models
            for start in range(0, len(rows), 100_000):
                cursor.executemany(sql, [project(row) for row in rows[start : start + 100_000]])


def _update(table: Table, updates: list[tuple[int, dict[str, Any]]]) -> None:
    names = table.value_columns
    adapt = TO_POSTGRES if connection.vendor == "postgresql" else TO_SQLITE
    project = _projector(names, table.kinds(names), adapt)
    assignments = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in names)
    sql = f"UPDATE {connection.ops.quote_name(table.name)} SET {assignments} WHERE id = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(*project(row), pk) for pk, row in updates])
