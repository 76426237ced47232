"""The database cache (the default GOEDWONEN_CACHE_URL) with an increment that loses nothing."""

from __future__ import annotations

import base64
import pickle

from django.core.cache.backends import db
from django.db import router, transaction
from django.utils import timezone


class DatabaseCache(db.DatabaseCache):
    """Django's database cache, whose `incr` reads the value and then writes it plus one: two
    processes at once both write n + 1, and a count is lost. Here the row is read and written
    in one transaction that holds it: on PostgreSQL a row lock (SELECT … FOR UPDATE), on
    SQLite the write lock that the settings' IMMEDIATE transactions take at BEGIN.

    Two statements, not Django's eight or so (a read, then a set that counts the table and
    reads again in a savepoint): the API counts every request with it. The value is stored
    as Django stores it (pickled, base64), so `get` and `set` read and write the same row."""

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        database = router.db_for_write(self.cache_model_class)
        table_name: str = self._table  # type: ignore[attr-defined]
        with transaction.atomic(using=database):
            connection = transaction.get_connection(database)
            quote = connection.ops.quote_name
            table, cache_key = quote(table_name), quote("cache_key")
            lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
            stored_key = self.make_and_validate_key(key, version=version)
            now = connection.ops.adapt_datetimefield_value(timezone.now())
            with connection.cursor() as cursor:
                # On PostgreSQL the lock is held until COMMIT, which would wait for the disk:
                # every request of a token would queue behind one flush after another. A count
                # lost in a crash does not matter, so this transaction does not wait
                # (synchronous_commit off for it alone, set in the same round trip).
                no_wait = (
                    ", set_config('synchronous_commit', 'off', true)"
                    if connection.vendor == "postgresql"
                    else ""
                )
                cursor.execute(
                    f"SELECT {quote('value')}{no_wait} FROM {table} "  # noqa: S608 - quoted names
                    f"WHERE {cache_key} = %s AND {quote('expires')} > %s{lock}",
                    [stored_key, now],
                )
                row = cursor.fetchone()
                if row is None:  # absent or expired: the caller adds it
                    raise ValueError(f"Key '{key}' not found.")
                value = pickle.loads(  # noqa: S301 - our own cache table
                    base64.b64decode(connection.ops.process_clob(row[0]).encode())
                )
                value += delta
                cursor.execute(
                    f"UPDATE {table} SET {quote('value')} = %s WHERE {cache_key} = %s",  # noqa: S608
                    [
                        base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode(),
                        stored_key,
                    ],
                )
        return value
