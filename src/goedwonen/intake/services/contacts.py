"""The reporter's contact details: blanked once their retention term has passed."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from goedwonen.core.processing_log import DataSubject, processing_log_record

from ..models import MelderContact
from . import ACTIVITY

CONTACT_RETENTION = timedelta(days=4 * 365)  # Besluit goed verhuurderschap: 4 years


@transaction.atomic
def reporter_contacts_anonymise(*, now: datetime | None = None) -> int:
    """Blank the reporter's contact details once the retention term has passed (a task)."""
    cutoff = (now or timezone.now()) - CONTACT_RETENTION
    due = list(
        MelderContact.objects.filter(
            geanonimiseerd_op__isnull=True, melding__ontvangen_op__lt=cutoff
        ).select_related("melding")
    )
    for contact in due:
        contact.naam = contact.email = contact.telefoon = ""
        contact.geanonimiseerd_op = timezone.now()
        contact.save(update_fields=["naam", "email", "telefoon", "geanonimiseerd_op"])
    if due:
        processing_log_record(
            actor=None,
            operation="Contactgegevens melders geanonimiseerd",
            activity=ACTIVITY,
            subjects=[
                DataSubject("melder", c.melding.referentie or str(c.melding_id)) for c in due
            ],
        )
    return len(due)
