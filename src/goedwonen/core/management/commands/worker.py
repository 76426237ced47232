from __future__ import annotations

import logging
import threading
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from goedwonen.casussen.tasks import destroy_expired_cases, remind_tasks
from goedwonen.core.processing_log import processing_log_seal
from goedwonen.core.tasks import schedule_nightly, verify_processing_log
from goedwonen.intake.tasks import anonymise_reporter_contacts

# How often the worker seals new processing-log lines into the hash chain: the longest a
# line stays outside the chain while the worker runs.
SEAL_SECONDS = 2.0

logger = logging.getLogger(__name__)


def _seal_continuously(stop: threading.Event) -> None:
    while not stop.wait(SEAL_SECONDS):
        try:
            processing_log_seal()
        except Exception:  # keep sealing after a passing database failure; it is logged
            logger.exception("Verzegelen van het verwerkingslogboek mislukt")
        finally:
            connection.close()


class Command(BaseCommand):
    help = (
        "Start de achtergrondverwerker: taken uit de database-wachtrij, en het verzegelen van "
        "nieuwe regels van het verwerkingslogboek in de hashketen."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch", action="store_true", help="Verwerk wat klaarstaat en stop.")

    def handle(self, *args: Any, **options: Any) -> None:
        nightly_tasks = (
            verify_processing_log,
            anonymise_reporter_contacts,
            remind_tasks,
            destroy_expired_cases,
        )
        for nightly in nightly_tasks:
            schedule_nightly(nightly)
        worker_options: dict[str, Any] = {"reload": False, "interval": 1}
        if options["batch"]:
            worker_options.update(batch=True, startup_delay=False)
            call_command("db_worker", **worker_options)
            processing_log_seal()  # what waits, and the lines the tasks just wrote
            return
        stop = threading.Event()
        sealer = threading.Thread(target=_seal_continuously, args=(stop,), daemon=True)
        sealer.start()
        try:
            call_command("db_worker", **worker_options)
        finally:
            stop.set()
            sealer.join(timeout=SEAL_SECONDS * 2)
