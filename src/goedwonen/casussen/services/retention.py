"""Destruction of cases whose retention term has passed (a nightly task)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from goedwonen.core.processing_log import processing_log_record
from goedwonen.intake.models import Melding

from ..models import Casus, Casusstatus, Casusstatuswijziging, Gebeurtenis, Vernietiging
from ..registries import case_destroyers
from .timeline import ACTIVITY


@transaction.atomic
def casussen_destroy_due(*, today: date | None = None) -> list[str]:
    """Destroy the closed cases whose retention term has ended (a nightly task): their
    objects, parties, sharings, tasks, history and timeline. What remains is a destruction
    record per case and one processing-log line. Their reports stay (they have their own
    term) and lose the link. Returns the references destroyed."""
    today = today or timezone.localdate()
    due = list(Casus.objects.filter(status=Casusstatus.GESLOTEN, bewaren_tot__lt=today))
    for casus in due:
        Vernietiging.objects.create(
            referentie=casus.referentie,
            resultaat=casus.resultaat,
            handhaving_bereikt=casus.handhaving_bereikt,
            gesloten_op=casus.gesloten_op or timezone.now(),
            bewaren_tot=casus.bewaren_tot or today,
        )
        Melding.objects.filter(casus=casus).update(casus=None)
        for destroy in case_destroyers:  # the documents (they add to our timeline)
            destroy(casus=casus)
        # Destruction is the one way these append-only rows go: past their guard.
        QuerySet(Gebeurtenis).filter(casus=casus).delete()
        QuerySet(Casusstatuswijziging).filter(casus=casus).delete()
        casus.delete()
    if due:
        processing_log_record(
            actor=None,
            operation="Casussen vernietigd na de bewaartermijn",
            activity=ACTIVITY,
            object_ref=f"casussen:{len(due)}",
        )
    return [c.referentie for c in due]
