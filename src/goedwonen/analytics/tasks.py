"""Nightly: analysis data past its retention term is removed (services.analysis_retention_apply)."""

from __future__ import annotations

from django_tasks import task

from goedwonen.core.tasks import schedule_nightly

from .services import analysis_retention_apply


@task()
def apply_analysis_retention(reschedule: bool = True) -> dict[str, int]:
    counts = analysis_retention_apply()
    if reschedule:
        schedule_nightly(apply_analysis_retention)
    return counts
