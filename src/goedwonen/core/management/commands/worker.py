from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from goedwonen.core.tasks import schedule_nightly, verify_processing_log
from goedwonen.intake.tasks import anonymise_reporter_contacts


class Command(BaseCommand):
    help = "Start de achtergrondverwerker (taken uit de database-wachtrij)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch", action="store_true", help="Verwerk wat klaarstaat en stop.")

    def handle(self, *args: Any, **options: Any) -> None:
        for nightly in (verify_processing_log, anonymise_reporter_contacts):
            schedule_nightly(nightly)
        worker_options: dict[str, Any] = {"reload": False, "interval": 1}
        if options["batch"]:
            worker_options.update(batch=True, startup_delay=False)
        call_command("db_worker", **worker_options)
