"""The database cache (the default GOEDWONEN_CACHE_URL) with an increment that loses nothing."""

from __future__ import annotations

from django.core.cache.backends import db
from django.db import router, transaction


class DatabaseCache(db.DatabaseCache):
    """Django's database cache, whose `incr` reads the value and then writes it plus one: two
    processes at once both write n + 1, and a count is lost. Here the read and the write run
    in one transaction that holds the row: on PostgreSQL a row lock (SELECT … FOR UPDATE), on
    SQLite the write lock that the settings' IMMEDIATE transactions take at BEGIN."""

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        database = router.db_for_write(self.cache_model_class)
        with transaction.atomic(using=database):
            connection = transaction.get_connection(database)
            if connection.features.has_select_for_update:
                table = connection.ops.quote_name(self._table)  # type: ignore[attr-defined]
                column = connection.ops.quote_name("cache_key")
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT 1 FROM {table} WHERE {column} = %s FOR UPDATE",  # noqa: S608
                        [self.make_and_validate_key(key, version=version)],
                    )
                    if cursor.fetchone() is None:
                        # Not there when locking. Reading it later could see a row another
                        # process inserted meanwhile, unlocked: the caller adds it instead.
                        raise ValueError(f"Key '{key}' not found.")
            return super().incr(key, delta, version)
