"""`field__in_ids=[…]`: a long list of ids as one value.

The access rule names the cases shared with an organisation by id (ADR 0027): a police
contact's 1,700 running sharings made every case list compile `IN (%s, …)` with 1,700
parameters, each prepared by Django on its own, three times a page (the count, the page, the
task counts). On PostgreSQL this lookup sends them as one array (`= ANY(%s)`), which the
index on the column serves like the list; elsewhere (SQLite) it writes the list out as
`IN` does. The values must be whole numbers (ids): they are not prepared one by one.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignKey, Lookup


@Field.register_lookup
class InIds(Lookup):
    lookup_name = "in_ids"
    prepare_rhs = False

    def get_prep_lookup(self) -> list[int]:
        return [int(value) for value in self.rhs]

    # Any: the stubs type a statement's parameters as plain values, and here one is a list.
    def as_sql(self, compiler: Any, connection: Any) -> Any:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        ids: list[int] = self.rhs
        if not ids:
            raise EmptyResultSet
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", (*lhs_params, ids)
        return f"{lhs} IN ({', '.join(['%s'] * len(ids))})", (*lhs_params, *ids)


# A key to another table has lookups of its own: there too (`eigenaar_id__in_ids=[…]`).
ForeignKey.register_lookup(InIds)
