from __future__ import annotations

import threading

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from django.core.management import call_command
from django.db import connection

from goedwonen.core.models import Ketencontrole, Verwerkingsactiviteitcode, Verwerkingslog
from goedwonen.core.processing_log import processing_log_record, processing_log_verify
from goedwonen.core.tasks import next_night, schedule_nightly, verify_processing_log

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migrated_rows", "data_migration_rows_back"),
]


def test_worker_runs_the_log_verification_and_books_the_next_night():
    verify_processing_log.enqueue()
    call_command("worker", batch=True, verbosity=0)
    check = Ketencontrole.objects.get()
    assert check.intact is True
    done = DBTaskResult.objects.get(status=TaskResultStatus.SUCCESSFUL)
    assert done.return_value["intact"] is True
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert sorted(w.task_path for w in waiting) == [
        "goedwonen.acties.tasks.apply_action_retention",
        "goedwonen.analytics.tasks.apply_analysis_retention",
        "goedwonen.casussen.tasks.destroy_expired_cases",
        "goedwonen.casussen.tasks.remind_tasks",
        "goedwonen.casustafels.tasks.propose_agenda_items",
        "goedwonen.core.tasks.verify_processing_log",
        "goedwonen.intake.tasks.anonymise_reporter_contacts",
        "goedwonen.rapportage.tasks.standen_nachtelijk",
        "goedwonen.verhuurders.tasks.alert_imported_violations",
        "goedwonen.werk.tasks.notify_deadlines",
    ]
    assert all(w.run_after == next_night(w.enqueued_at) for w in waiting)


def test_scheduling_twice_books_one_run():
    schedule_nightly(verify_processing_log)
    schedule_nightly(verify_processing_log)
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1


def test_workers_starting_together_book_one_run():
    """Each thread is a worker starting on a machine of its own, with its own connection: all
    looked for a waiting run before any had booked one, and each booked it (docs/scale-out.md)."""
    if connection.vendor == "sqlite":
        pytest.skip("needs a database whose writers wait for each other (PostgreSQL)")
    threads = 8
    start = threading.Barrier(threads)

    def book() -> None:
        try:
            connection.ensure_connection()
            start.wait(timeout=10)
            schedule_nightly(verify_processing_log)
        finally:
            connection.close()

    workers = [threading.Thread(target=book) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)

    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1


def test_the_worker_seals_the_log_lines_that_wait():
    processing_log_record(
        actor=None, operation="x", activity=Verwerkingsactiviteitcode.ACCOUNTBEHEER
    )
    call_command("worker", batch=True, verbosity=0)  # no task due: only the sealing
    assert Verwerkingslog.objects.get().volgnummer == 1
    assert processing_log_verify().checked == 1
