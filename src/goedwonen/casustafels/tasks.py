"""Work on case tables: automatic proposals for each table's next agenda, nightly and for one
meeting when its chair opens the agenda."""

from __future__ import annotations

from django_tasks import task

from goedwonen.core.tasks import schedule_nightly

from .models import Tafelvergadering
from .services.voorstellen import voorstellen_alle_tafels, voorstellen_maken


@task()
def propose_agenda_items(reschedule: bool = True) -> int:
    """Propose the cases with overdue tasks or a recidivism alert; returns how many."""
    made = voorstellen_alle_tafels()
    if reschedule:
        schedule_nightly(propose_agenda_items)
    return made


@task()
def propose_for_meeting(vergadering_pk: int) -> int:
    """Propose the cases for one meeting (asked when its chair opens the agenda)."""
    vergadering = (
        Tafelvergadering.objects.select_related("tafel__voorzitter")
        .filter(pk=vergadering_pk)
        .first()
    )
    return len(voorstellen_maken(vergadering=vergadering)) if vergadering is not None else 0
