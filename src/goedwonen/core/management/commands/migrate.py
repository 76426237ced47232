"""`migrate`, then the database cache's table: the rate limit of the public reporting point
counts in it, and without it the reporting point fails. Django's `migrate` does not create it,
and a separate `createcachetable` step is one that a deployment forgets.

Then the processing log's guard again (core/log_guard.py), once its migration is applied: on
SQLite a later migration that alters a log table rebuilds it without its triggers, and the
guard compares the table's columns as they are now."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.commands import migrate
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

from goedwonen.core import log_guard


class Command(migrate.Command):
    def handle(self, *args: Any, **options: Any) -> None:
        super().handle(*args, **options)
        if options["plan"] or options["check_unapplied"]:
            return  # those only report
        # Idempotent; does nothing for a cache that is not in the database.
        call_command("createcachetable", database=options["database"], verbosity=0)
        connection = connections[options["database"]]
        applied = MigrationRecorder(connection).applied_migrations()
        if any(app == "core" and name.endswith("_log_append_only_guard") for app, name in applied):
            log_guard.install(connection)
