from __future__ import annotations

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from django.core.management import call_command

from goedwonen.core.models import Ketencontrole
from goedwonen.core.tasks import next_night, schedule_nightly, verify_processing_log

pytestmark = pytest.mark.django_db(transaction=True)


def test_worker_runs_the_log_verification_and_books_the_next_night():
    verify_processing_log.enqueue()
    call_command("worker", batch=True, verbosity=0)
    check = Ketencontrole.objects.get()
    assert check.intact is True
    done = DBTaskResult.objects.get(status=TaskResultStatus.SUCCESSFUL)
    assert done.return_value["intact"] is True
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert sorted(w.task_path for w in waiting) == [
        "goedwonen.core.tasks.verify_processing_log",
        "goedwonen.intake.tasks.anonymise_reporter_contacts",
    ]
    assert all(w.run_after == next_night(w.enqueued_at) for w in waiting)


def test_scheduling_twice_books_one_run():
    schedule_nightly(verify_processing_log)
    schedule_nightly(verify_processing_log)
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1
