"""Reporters' mail, sent by the worker rather than in the request (SMTP can take seconds);
nightly: reporters' contact details are anonymised when their retention term ends."""

from __future__ import annotations

from functools import partial

from django_tasks import task
from django_tasks_db.backend import DatabaseBackend

from django.core.mail import send_mail
from django.db import transaction

from goedwonen.core.tasks import schedule_nightly

from .models import MelderContact
from .services import reporter_contacts_anonymise


@task()
def anonymise_reporter_contacts(reschedule: bool = True) -> int:
    count = reporter_contacts_anonymise()
    if reschedule:
        schedule_nightly(anonymise_reporter_contacts)
    return count


def reporter_mail_queue(*, contact_id: int, referentie: str, text: str) -> None:
    """Queue a mail to the reporter with the caller's transaction: none for a rolled-back one,
    always one for a committed one.

    The task row names the contact, not its address: the queue table keeps its rows after the
    task ran, and this way they hold no contact details.
    """
    if isinstance(send_reporter_mail.get_backend(), DatabaseBackend):
        # The queue is a table in the same database: its row commits or rolls back with the
        # report, and the worker sees it only once committed. (After the commit, a failing
        # enqueue would leave a committed report without its mail.)
        send_reporter_mail.enqueue(contact_id, referentie, text)
    else:
        transaction.on_commit(partial(send_reporter_mail.enqueue, contact_id, referentie, text))


@task()
def send_reporter_mail(contact_id: int, referentie: str, text: str) -> None:
    # The address as it is now: none once the contact details have been anonymised.
    email = (
        MelderContact.objects.filter(pk=contact_id, geanonimiseerd_op__isnull=True)
        .values_list("email", flat=True)
        .first()
    )
    if not email:
        return
    send_mail(
        subject=f"Uw melding {referentie}",
        message=(
            f"{text}\n\nKenmerk: {referentie}\n"
            "De status volgt u via de link die u bij het melden kreeg."
        ),
        from_email=None,
        recipient_list=[email],
        fail_silently=True,
    )
