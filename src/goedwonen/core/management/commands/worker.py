from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone

from goedwonen.core.health import (
    HEARTBEAT_SECONDS,
    tasks_of_stopped_workers_requeue,
    worker_heartbeat,
    worker_heartbeats_forget,
    worker_name,
)
from goedwonen.core.log_anchor import processing_log_anchor
from goedwonen.core.processing_log import processing_log_seal
from goedwonen.core.tasks import mail_senders, nightly_tasks, schedule_nightly, worker_startup

# How often the worker runs its periodic rounds: one seals new processing-log lines into the
# hash chain (and anchors its head), the other sends the reporters' mail that waits. The
# longest a line stays outside the chain, or a mail in the outbox, while the worker runs.
ROUND_SECONDS = 2.0

logger = logging.getLogger(__name__)


Steps = tuple[tuple[Callable[[], object], str], ...]
# Sealing, then anchoring the head outside the database (when it is due).
LOG: Steps = (
    (processing_log_seal, "Verzegelen van het verwerkingslogboek mislukt"),
    (processing_log_anchor, "Verankeren van de logketen buiten de database mislukt"),
)


def _mail() -> Steps:
    """The mail the apps send from the worker (`mail_senders`, registered in their ready())."""
    return tuple(mail_senders)


def periodic_round(steps: Steps | None = None) -> None:
    """Mail first: its log lines are then sealed in the same round."""
    if steps is None:
        steps = _mail() + LOG
    for step, failure in steps:
        try:
            step()
        except Exception:  # go on after a passing database or mail failure; it is logged
            logger.exception(failure)


def _rounds(stop: threading.Event, steps: Steps) -> None:
    while not stop.wait(ROUND_SECONDS):
        try:
            periodic_round(steps)
        finally:
            connection.close()


def _heartbeats(stop: threading.Event, werker: str) -> None:
    """Beat until the worker stops, in a thread of its own: a long task or a slow round
    does not make a running worker look dead. Gone from the table when it stops normally.
    After each beat, the tasks of workers that stopped beating go back in the queue."""
    started = timezone.now()
    try:
        while True:
            try:
                worker_heartbeat(werker=werker, gestart_op=started)
                if requeued := tasks_of_stopped_workers_requeue():
                    logger.warning(
                        "%s taak/taken van een gestopte achtergrondverwerker opnieuw in de "
                        "wachtrij gezet",
                        requeued,
                    )
            except Exception:  # a passing database failure; the health check shows the gap
                logger.exception("Hartslag van de achtergrondverwerker niet vastgelegd")
            finally:
                connection.close()
            if stop.wait(HEARTBEAT_SECONDS):
                break
    finally:
        worker_heartbeats_forget(werker=werker)
        connection.close()


class Command(BaseCommand):
    help = (
        "Start de achtergrondverwerker: taken uit de database-wachtrij, het verzenden van e-mail "
        "aan melders en het verzegelen van nieuwe regels van het verwerkingslogboek in de "
        "hashketen."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch", action="store_true", help="Verwerk wat klaarstaat en stop.")

    def handle(self, *args: Any, **options: Any) -> None:
        for nightly in nightly_tasks:
            schedule_nightly(nightly)
        for close_interrupted in worker_startup:  # runs and imports whose process is gone
            close_interrupted()
        worker_options: dict[str, Any] = {"reload": False, "interval": 1}
        if options["batch"]:
            worker_options.update(batch=True, startup_delay=False)
            call_command("db_worker", **worker_options)
            periodic_round()  # what waits, and the lines the tasks just wrote
            return
        worker_heartbeats_forget()  # of workers killed long ago
        stop = threading.Event()
        # The log on a round of its own: a slow or hanging mail server (no timeout by default)
        # must not keep lines outside the chain, where a change to them would not show.
        rounds = [
            threading.Thread(target=_rounds, args=(stop, steps), daemon=True)
            for steps in (_mail(), LOG)
        ]
        for thread in rounds:
            thread.start()
        # The queue records which worker took a task by the name its heartbeat has.
        werker = worker_name()
        heartbeats = threading.Thread(target=_heartbeats, args=(stop, werker), daemon=True)
        heartbeats.start()
        try:
            call_command("db_worker", worker_id=werker, **worker_options)
        finally:
            stop.set()
            for thread in rounds:
                thread.join(timeout=ROUND_SECONDS * 2)
            heartbeats.join(timeout=HEARTBEAT_SECONDS)
