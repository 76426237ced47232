"""E-mail to reporters: what the services wrote to the outbox (`Melderbericht`), sent by the
worker in batches over one connection, a few seconds after the change it tells of."""

from __future__ import annotations

import logging

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from goedwonen.core.models import Verwerkingsactiviteitcode
from goedwonen.core.processing_log import DataSubject, processing_log_record

from .models import Melderbericht

ACTIVITY = Verwerkingsactiviteitcode.MELDINGEN_BEHANDELING
BATCH = 500

logger = logging.getLogger(__name__)


def reporter_messages_send(*, batch: int = BATCH) -> int:
    """Send every committed message that waits, and return how many mails went out.

    A batch is claimed with its rows locked (a second worker skips them), sent over one
    connection and marked sent in the same transaction: when the mail server fails, nothing is
    marked and the next round tries again. A message whose contact details have been
    anonymised in the meantime is marked sent without a mail.
    """
    sent = 0
    while True:
        with transaction.atomic():
            waiting = list(
                Melderbericht.objects.filter(verzonden_op__isnull=True)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("contact__melding")
                .order_by("id")[:batch]
            )
            if not waiting:
                return sent
            mails, subjects = [], []
            for bericht in waiting:
                contact = bericht.contact
                if not contact.email or contact.geanonimiseerd_op is not None:
                    continue
                referentie = contact.melding.referentie or str(contact.melding_id)
                mails.append(
                    EmailMessage(
                        subject=f"Uw melding {referentie}",
                        body=(
                            f"{bericht.tekst}\n\nKenmerk: {referentie}\n"
                            "De status volgt u via de link die u bij het melden kreeg."
                        ),
                        to=[contact.email],
                    )
                )
                subjects.append(DataSubject("melder", referentie))
            if mails:
                get_connection().send_messages(mails)
                processing_log_record(
                    actor=None,
                    operation="E-mail aan melder verzonden",
                    activity=ACTIVITY,
                    subjects=subjects,
                )
            Melderbericht.objects.filter(pk__in=[b.pk for b in waiting]).update(
                verzonden_op=timezone.now()
            )
        sent += len(mails)
        if len(waiting) < batch:
            return sent
