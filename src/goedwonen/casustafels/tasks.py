"""Nightly work on case tables: automatic proposals for each table's next agenda."""

from __future__ import annotations

from django_tasks import task

from goedwonen.core.tasks import schedule_nightly

from .services.voorstellen import voorstellen_alle_tafels


@task()
def propose_agenda_items(reschedule: bool = True) -> int:
    """Propose the cases with overdue tasks or a recidivism alert; returns how many."""
    made = voorstellen_alle_tafels()
    if reschedule:
        schedule_nightly(propose_agenda_items)
    return made
