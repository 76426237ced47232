"""Rows that keep their dwelling's buurt beside it (reports, case objects), so that a list
on a buurt reads one index, follow their dwelling when a registry import moves it."""

from __future__ import annotations

from django.db import connection
from django.db.models import Model

from .models import Verblijfsobject


def buurt_volgen(model: type[Model]) -> int:
    """Each row of `model` (columns `verblijfsobject_id` and `buurt_id`) given its dwelling's
    buurt again where it differs (CBS redrew the buurten, or left the dwelling in none).
    Returns how many changed. One statement over the rows whose buurt differs: an import pays
    a join over all of them, no page ever does."""
    table = connection.ops.quote_name(model._meta.db_table)
    objects = connection.ops.quote_name(Verblijfsobject._meta.db_table)
    with connection.cursor() as cursor:
        # Both databases take UPDATE ... FROM and IS DISTINCT FROM (SQLite 3.39 and later).
        cursor.execute(
            f"UPDATE {table} SET buurt_id = v.buurt_id FROM {objects} v "  # noqa: S608 - our tables
            f"WHERE v.id = {table}.verblijfsobject_id "
            f"AND {table}.buurt_id IS DISTINCT FROM v.buurt_id"
        )
        return cursor.rowcount
