"""Whether the service works, for the load balancer and monitoring (`/gezondheid`).

The web servers answering is not enough: without a running worker (`goedwonen worker`) new
processing-log lines stay outside the hash chain, and mail, retention and destruction stop. So
each worker beats (a row it updates every few seconds), and the check reports how long ago the
last beat was and how old the oldest unsealed log line is. Counts and ages only: nothing about
the data.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone

from .models import Verwerkingslog, Werkerhartslag

# How often a worker beats; the health check's limit (settings) is well above it.
HEARTBEAT_SECONDS = 5.0
# Rows of workers that stopped without removing theirs (killed) go after a day.
HEARTBEAT_FORGOTTEN_AFTER = timedelta(days=1)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def worker_heartbeat(*, werker: str, gestart_op: datetime) -> None:
    """One beat of a running worker: its row says it is alive now."""
    now = timezone.now()
    Werkerhartslag.objects.update_or_create(
        werker=werker, defaults={"gestart_op": gestart_op, "laatste_slag": now}
    )


def worker_heartbeats_forget(*, werker: str | None = None) -> None:
    """Remove a stopping worker's row (`werker`), or the rows no worker updated for a day."""
    if werker is not None:
        Werkerhartslag.objects.filter(werker=werker).delete()
    else:
        cutoff = timezone.now() - HEARTBEAT_FORGOTTEN_AFTER
        Werkerhartslag.objects.filter(laatste_slag__lt=cutoff).delete()


def tasks_of_stopped_workers_requeue(*, now: datetime | None = None) -> int:
    """Put the tasks a worker took but never finished back in the queue, for any worker to
    run; return how many. A worker that stops normally finishes its task first and removes
    its heartbeat; one killed (SIGKILL, out of memory) or whose machine went down leaves a
    task "running" for ever (django-tasks-db does not notice) and a heartbeat that stops.
    So a task whose worker has not beaten for GOEDWONEN_HEALTH_WORKER_SECONDS is run again:
    at least once, not at most once (docs/scale-out.md). Each worker asks after every beat;
    the heartbeat table is read first, the queue only when a worker went quiet."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    cutoff = (now or timezone.now()) - timedelta(seconds=settings.HEALTH_WORKER_MAX_SECONDS)
    quiet = set(
        Werkerhartslag.objects.filter(laatste_slag__lt=cutoff).values_list("werker", flat=True)
    )
    if not quiet:
        return 0
    with transaction.atomic():
        running = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status=TaskResultStatus.RUNNING
        )
        orphans = [task for task in running if task.worker_ids and task.worker_ids[-1] in quiet]
        for task in orphans:
            task.status, task.started_at = TaskResultStatus.READY, None
            task.save(update_fields=["status", "started_at"])
        # Its beat, should it come back (a worker cut off from the database for that long),
        # makes a new row.
        Werkerhartslag.objects.filter(werker__in=quiet, laatste_slag__lt=cutoff).delete()
    return len(orphans)


@dataclass
class Health:
    worker_age: float | None = None
    unsealed_age: float | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_json(self) -> dict[str, object]:
        return {
            "status": "ok" if self.ok else "degraded",
            "werker": {
                "laatsteHartslagSecondenGeleden": _whole(self.worker_age),
                "grensSeconden": settings.HEALTH_WORKER_MAX_SECONDS,
            },
            "verwerkingslog": {
                "oudsteOnverzegeldeRegelSecondenOud": _whole(self.unsealed_age),
                "grensSeconden": settings.HEALTH_UNSEALED_MAX_SECONDS,
            },
            "problemen": self.problems,
        }


def _whole(seconds: float | None) -> int | None:
    return None if seconds is None else int(seconds)


def health_check(*, now: datetime | None = None) -> Health:
    """The worker's last beat and the oldest unsealed log line, each against its limit."""
    now = now or timezone.now()
    health = Health()
    try:
        last_beat = (
            Werkerhartslag.objects.order_by("-laatste_slag")
            .values_list("laatste_slag", flat=True)
            .first()
        )
        # The oldest by id, through the partial index on unsealed lines (no table scan).
        oldest_unsealed = (
            Verwerkingslog.objects.filter(volgnummer__isnull=True)
            .order_by("id")
            .values_list("end_time", flat=True)
            .first()
        )
    except DatabaseError:
        health.problems.append("De database antwoordt niet.")
        return health
    worker_limit = settings.HEALTH_WORKER_MAX_SECONDS
    if last_beat is None:
        health.problems.append("Er draait geen achtergrondverwerker (goedwonen worker).")
    else:
        health.worker_age = max((now - last_beat).total_seconds(), 0.0)
        if health.worker_age > worker_limit:
            health.problems.append(
                f"De achtergrondverwerker gaf {int(health.worker_age)} seconden geen teken van "
                f"leven (grens {worker_limit})."
            )
    if oldest_unsealed is not None:
        health.unsealed_age = max((now - oldest_unsealed).total_seconds(), 0.0)
        unsealed_limit = settings.HEALTH_UNSEALED_MAX_SECONDS
        if health.unsealed_age > unsealed_limit:
            health.problems.append(
                f"De oudste regel van het verwerkingslogboek wacht al {int(health.unsealed_age)} "
                f"seconden op verzegeling in de hashketen (grens {unsealed_limit})."
            )
    return health
