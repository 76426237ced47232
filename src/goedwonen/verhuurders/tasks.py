"""The landlord monitor's background work: alerts for imported history, after each import
and every night (the nightly import may bring inspections dated inside a monitoring period)."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from goedwonen.core.tasks import schedule_nightly

from .services.signaleringen import imported_violations_alert


@task()
def alert_imported_violations(reschedule: bool = True) -> int:
    """Raise the recidivism alerts of imported inspections and decisions; returns how many
    were new (none when run again)."""
    raised = imported_violations_alert()
    if reschedule:
        schedule_nightly(alert_imported_violations)
    return raised


@task()
def candidates_compute(dag: str) -> int:
    """Compute the day's stop-talk candidates for the page (asked by a view that found its
    copy old); returns how many."""
    from .selectors import kandidaten_berekenen

    kandidaten, _ = kandidaten_berekenen(date.fromisoformat(dag))
    return len(kandidaten)


def after_import(*, levering_id: int) -> None:
    """The `imports_finished` hook: book one run now, beside the nightly one."""
    alert_imported_violations.enqueue(reschedule=False)
