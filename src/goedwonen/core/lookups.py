"""`field__in_ids=[…]`: a long list of ids as one value.

The access rule names the cases shared with an organisation by id (ADR 0027): a police
contact's 1,700 running sharings made every case list compile `IN (%s, …)` with 1,700
parameters, each prepared by Django on its own, three times a page (the count, the page, the
task counts). On PostgreSQL this lookup sends them as one array (`= ANY(%s)`), which the
index on the column serves like the list; elsewhere (SQLite) it writes the list out as
`IN` does. The values must be whole numbers (ids): they are not prepared one by one.

Given as `Ids`, the array is written once however many statements use it: a plain list is
walked by Django each time a filter takes it (to resolve and to hash every element) and
written out by psycopg element by element in every statement, which cost the police
contact's case list about a fifth of its CPU.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignKey, Lookup


class Ids:
    """Whole numbers for `in_ids`, with the array literal PostgreSQL reads them from, made
    once. Not a list or tuple, so a filter passes it on as one value."""

    __slots__ = ("array", "kind", "values")

    def __init__(self, values: Iterable[int | str]) -> None:
        self.values: tuple[int, ...] = tuple(int(value) for value in values)
        self.array = "{" + ",".join(map(str, self.values)) + "}"
        # The smallest integer type that holds them, as psycopg types a list of numbers: the
        # plans were chosen, and measured, with that. As `bigint[]` against the cases' bigint
        # key, PostgreSQL filtered the director's index with the police contact's 1,734 ids
        # instead of reading them from the primary key (16 ms against 5).
        widest = max((abs(v) for v in self.values), default=0)
        self.kind = "int2" if widest < 2**15 else "int4" if widest < 2**31 else "int8"

    def __iter__(self) -> Iterator[int]:
        return iter(self.values)

    def __len__(self) -> int:
        return len(self.values)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Ids) and other.values == self.values

    def __hash__(self) -> int:
        return hash(self.values)

    def __repr__(self) -> str:
        return f"Ids({len(self.values)})"


@Field.register_lookup
class InIds(Lookup):
    lookup_name = "in_ids"
    prepare_rhs = False

    def get_prep_lookup(self) -> Ids:
        return self.rhs if isinstance(self.rhs, Ids) else Ids(self.rhs)

    # Any: the stubs type a statement's parameters as plain values.
    def as_sql(self, compiler: Any, connection: Any) -> Any:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        ids: Ids = self.rhs
        if not ids:
            raise EmptyResultSet
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s::{ids.kind}[])", (*lhs_params, ids.array)
        return f"{lhs} IN ({', '.join(['%s'] * len(ids))})", (*lhs_params, *ids.values)


# A key to another table has lookups of its own: there too (`eigenaar_id__in_ids=[…]`).
ForeignKey.register_lookup(InIds)
