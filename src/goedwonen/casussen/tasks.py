"""Nightly work on cases: reminders of tasks that are due or overdue, and destruction of
closed cases whose retention term has ended."""

from __future__ import annotations

from django_tasks import task

from django.core.mail import send_mail
from django.utils import timezone

from goedwonen.core import display
from goedwonen.core.tasks import schedule_nightly

from .services.case_tasks import task_reminders
from .services.retention import casussen_destroy_due


@task()
def remind_tasks(reschedule: bool = True) -> int:
    """One mail per person with their tasks that are due within two days or overdue.
    Returns how many mails were sent."""
    today = timezone.localdate()
    sent = 0
    for address, taken in task_reminders(today=today).items():
        lines = [
            # By reference only: a task's title can name an owner (no personal data by mail).
            f"- taak bij casus {t.casus.referentie}: "
            f"{'te laat, ' if t.deadline < today else ''}deadline {display.datum(t.deadline)}"
            for t in taken
        ]
        noun = "taak vraagt" if len(taken) == 1 else "taken vragen"
        sent += send_mail(
            subject=f"Goedwonen: {len(taken)} {noun} aandacht",
            message="Deze taken zijn bijna of al over de deadline:\n\n" + "\n".join(lines),
            from_email=None,
            recipient_list=[address],
            fail_silently=True,
        )
    if reschedule:
        schedule_nightly(remind_tasks)
    return sent


@task()
def destroy_expired_cases(reschedule: bool = True) -> list[str]:
    destroyed = casussen_destroy_due()
    if reschedule:
        schedule_nightly(destroy_expired_cases)
    return destroyed
