"""Background tasks (django-tasks, database backend; run by `goedwonen worker`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from functools import partial
from typing import Any, ParamSpec

from django_tasks import task
from django_tasks.base import Task
from django_tasks_db.backend import DatabaseBackend

from django.db import connection, transaction
from django.utils import timezone

from .registries import Registry
from .services import chain_check_run

NIGHTLY_AT = time(2, 30)
# The key of the transaction lock under which workers book the nightly runs, one at a time.
BOOKING_LOCK = 0x6E_69_67_68_74  # "night"
# The tasks `goedwonen worker` books for every night; each reschedules itself when done.
nightly_tasks: Registry[Task[..., Any]] = Registry("nightly_tasks")
# What the worker does once as it starts: closing the work a previous worker left unfinished.
worker_startup: Registry[Callable[[], object]] = Registry("worker_startup")
# What the worker's mail round sends, each with the message logged when it fails.
mail_senders: Registry[tuple[Callable[[], object], str]] = Registry("mail_senders")


def next_night(now: datetime | None = None) -> datetime:
    now = timezone.localtime(now or timezone.now())
    candidate = now.replace(hour=NIGHTLY_AT.hour, minute=NIGHTLY_AT.minute, second=0, microsecond=0)
    return candidate if candidate > now else candidate + timedelta(days=1)


@task()
def verify_processing_log(reschedule: bool = True) -> dict[str, object]:
    """Verify the log chain and keep the outcome; then book the next night's run."""
    check = chain_check_run(actor=None)
    if reschedule:
        schedule_nightly(verify_processing_log)
    return {
        "intact": check.intact,
        "gecontroleerd": check.gecontroleerd,
        "bevinding": check.bevinding,
    }


P = ParamSpec("P")


def enqueue_with_transaction(queued: Task[P, Any], *args: P.args, **kwargs: P.kwargs) -> None:
    """Queue a task so that it commits with the caller's transaction. With the database
    backend the queue is a table in the same database: the task's row commits with the work
    that asked for it, and the worker sees it only once committed (queued after the commit, a
    failing enqueue would leave work asked for and never done). Another backend is told when
    the transaction commits."""
    if isinstance(queued.get_backend(), DatabaseBackend):
        queued.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(partial(queued.enqueue, *args, **kwargs))


def schedule_nightly(nightly: Task[..., Any]) -> None:
    """Book the next night's run of a task unless one is already waiting.

    Workers that start together (one per machine) take turns: each would otherwise find none
    waiting and book one, and the night's mail would go out twice. On PostgreSQL a lock for the
    transaction (it works behind PgBouncer in transaction mode); SQLite's transactions take
    the database's write lock as they begin (settings: IMMEDIATE)."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [BOOKING_LOCK])
        waiting = DBTaskResult.objects.filter(
            status=TaskResultStatus.READY, task_path=nightly.module_path
        )
        if not waiting.exists():
            nightly.using(run_after=next_night()).enqueue()
