"""Fast, idempotent writing of parsed rows into one table.

The ORM creates a model instance per row; at the city scale (millions of rows) that alone
exceeds the import budget. This module compares parsed rows with what the table holds by
natural key and writes only the difference: COPY on PostgreSQL, executemany on SQLite.
It is the importer's only raw SQL; column types say how values travel and compare.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from django.db import connection
from django.db.models import Model


class T(Enum):
    TEXT = "text"
    INT = "int"
    FLOAT = "float"
    BOOL = "bool"
    DATE = "date"
    DATETIME = "datetime"
    DECIMAL = "decimal"
    JSON = "json"


def _canon(value: Any, kind: T) -> Any:
    """One comparable form for a value as parsed and as read back from either database."""
    if value is None:
        return None
    if kind is T.DATE:
        return value.isoformat() if isinstance(value, date) else str(value)[:10]
    if kind is T.DATETIME:
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat()
    if kind is T.DECIMAL:
        return f"{Decimal(str(value)):.2f}"
    if kind is T.BOOL:
        return bool(value)
    if kind is T.FLOAT:
        return round(float(value), 6)
    if kind is T.INT:
        return int(value)
    if kind is T.JSON:
        return json.dumps(json.loads(value) if isinstance(value, str) else value, sort_keys=True)
    return value


def _to_sqlite(value: Any, kind: T) -> Any:
    if value is None:
        return None
    if kind is T.DATE:
        return value.isoformat()
    if kind is T.DATETIME:
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")
    if kind is T.DECIMAL:
        return str(value)
    if kind is T.BOOL:
        return int(value)
    if kind is T.JSON:
        return json.dumps(value)
    return value


def _to_postgres(value: Any, kind: T) -> Any:
    if value is not None and kind is T.JSON:
        from psycopg.types.json import Jsonb

        return Jsonb(value)
    return value


@dataclass
class Table:
    model: type[Model]
    key: tuple[str, ...]
    columns: dict[str, T]  # every written column (key columns included) and its type
    # Columns that a later delivery may leave unknown without erasing what we know.
    keep_when_empty: frozenset[str] = field(default_factory=frozenset)

    @property
    def name(self) -> str:
        return self.model._meta.db_table

    @property
    def value_columns(self) -> list[str]:
        return [c for c in self.columns if c not in self.key]


@dataclass
class SyncResult:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0


def existing_rows(table: Table) -> dict[tuple[Any, ...], tuple[int, tuple[Any, ...]]]:
    """key (canonical) → (id, canonical values) for every row of the table."""
    key_kinds = [table.columns[c] for c in table.key]
    value_names = table.value_columns
    value_kinds = [table.columns[c] for c in value_names]
    quoted = ", ".join(connection.ops.quote_name(c) for c in ["id", *table.key, *value_names])
    found: dict[tuple[Any, ...], tuple[int, tuple[Any, ...]]] = {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(table.name)}")  # noqa: S608 - names from our models
        width = len(table.key)
        while batch := cursor.fetchmany(20_000):
            for row in batch:
                key = tuple(
                    _canon(v, k) for v, k in zip(row[1 : 1 + width], key_kinds, strict=True)
                )
                values = tuple(
                    _canon(v, k) for v, k in zip(row[1 + width :], value_kinds, strict=True)
                )
                found[key] = (row[0], values)
    return found


def sync(
    table: Table, rows: Iterable[dict[str, Any]], *, want_ids: bool = False
) -> tuple[SyncResult, dict[tuple[Any, ...], int]]:
    """Insert new rows, update changed ones, count the rest. With want_ids, also returns the
    id of every row in the table by canonical key (for the foreign keys of later files)."""
    existing = existing_rows(table)
    value_names = table.value_columns
    result = SyncResult()
    inserts: list[dict[str, Any]] = []
    updates: list[tuple[int, dict[str, Any]]] = []
    ids: dict[tuple[Any, ...], int] = {}
    for row in rows:
        key = tuple(_canon(row[c], table.columns[c]) for c in table.key)
        known = existing.get(key)
        if known is None:
            inserts.append(row)
            continue
        pk, old = known
        merged = dict(row)
        for index, name in enumerate(value_names):
            if name in table.keep_when_empty and row[name] is None and old[index] is not None:
                merged[name] = _uncanon(old[index], table.columns[name])
        new = tuple(_canon(merged[c], table.columns[c]) for c in value_names)
        if new == old:
            result.unchanged += 1
        else:
            updates.append((pk, merged))
    if inserts:
        _insert(table, inserts)
        result.inserted = len(inserts)
    if updates:
        _update(table, updates)
        result.updated = len(updates)
    if want_ids:
        ids = {key: pk for key, (pk, _) in (existing_rows(table) if inserts else existing).items()}
    return result, ids


def _uncanon(value: Any, kind: T) -> Any:
    if kind is T.DATE:
        return date.fromisoformat(value)
    if kind is T.DATETIME:
        return datetime.fromisoformat(value)
    if kind is T.DECIMAL:
        return Decimal(value)
    if kind is T.JSON:
        return json.loads(value)
    return value


def _insert(table: Table, rows: list[dict[str, Any]]) -> None:
    names = list(table.columns)
    kinds = [table.columns[c] for c in names]
    quoted = ", ".join(connection.ops.quote_name(c) for c in names)
    target = connection.ops.quote_name(table.name)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {target} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(
                        [_to_postgres(row[c], k) for c, k in zip(names, kinds, strict=True)]
                    )
        else:
            marks = ", ".join(["%s"] * len(names))
            sql = f"INSERT INTO {target} ({quoted}) VALUES ({marks})"  # noqa: S608 - names from our models
            for start in range(0, len(rows), 50_000):
                cursor.executemany(
                    sql,
                    [
                        [_to_sqlite(row[c], k) for c, k in zip(names, kinds, strict=True)]
                        for row in rows[start : start + 50_000]
                    ],
                )


def _update(table: Table, updates: list[tuple[int, dict[str, Any]]]) -> None:
    names = table.value_columns
    kinds = [table.columns[c] for c in names]
    adapt: Callable[[Any, T], Any] = (
        _to_postgres if connection.vendor == "postgresql" else _to_sqlite
    )
    assignments = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in names)
    sql = f"UPDATE {connection.ops.quote_name(table.name)} SET {assignments} WHERE id = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [
                [*(adapt(row[c], k) for c, k in zip(names, kinds, strict=True)), pk]
                for pk, row in updates
            ],
        )
