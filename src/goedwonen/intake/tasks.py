"""Nightly: reporters' contact details are anonymised when their retention term ends. (Their
e-mail goes through the outbox, `intake.mail`, sent by the worker's periodic round.)"""

from __future__ import annotations

from django_tasks import task

from goedwonen.core.tasks import schedule_nightly

from .services.contacts import reporter_contacts_anonymise


@task()
def anonymise_reporter_contacts(reschedule: bool = True) -> int:
    count = reporter_contacts_anonymise()
    if reschedule:
        schedule_nightly(anonymise_reporter_contacts)
    return count
