"""Nightly work on integral actions: retention."""

from __future__ import annotations

from django_tasks import task

from goedwonen.core.tasks import schedule_nightly

from .services.bewaren import acties_retention_apply


@task()
def apply_action_retention(reschedule: bool = True) -> dict[str, int]:
    counts = acties_retention_apply()
    if reschedule:
        schedule_nightly(apply_action_retention)
    return counts
