"""`migrate`, then the database cache's table: the rate limit of the public reporting point
counts in it, and without it the reporting point fails. Django's `migrate` does not create it,
and a separate `createcachetable` step is one that a deployment forgets."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.commands import migrate


class Command(migrate.Command):
    def handle(self, *args: Any, **options: Any) -> None:
        super().handle(*args, **options)
        if options["plan"] or options["check_unapplied"]:
            return  # those only report
        # Idempotent; does nothing for a cache that is not in the database.
        call_command("createcachetable", database=options["database"], verbosity=0)
