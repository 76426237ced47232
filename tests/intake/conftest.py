from __future__ import annotations

from collections.abc import Callable

import pytest
from django_tasks_db.management.commands import db_worker

from django.core.management import call_command


@pytest.fixture
def run_worker(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """`goedwonen worker --batch`: runs what the request queued, inside the test's transaction.
    Between tasks the worker drops database connections that are in a transaction (a worker's
    connection never should be); that would end the test's own, so here it keeps them."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    return lambda: call_command("worker", batch=True, verbosity=0)
