"""Nightly: notices of task deadlines that are near."""

from __future__ import annotations

from django_tasks import task

from django.utils import timezone

from goedwonen.core.tasks import schedule_nightly

from .services import deadlines_notify


@task()
def notify_deadlines(reschedule: bool = True) -> int:
    made = deadlines_notify(today=timezone.localdate())
    if reschedule:
        schedule_nightly(notify_deadlines)
    return made
