"""Automatic proposals for a meeting's agenda (issue 15, point 3): open cases with a dwelling
in the table's buurten that have an overdue open task or a landlord recidivism alert (open, or
raised in the last `RECENT_DAGEN` days) and are not on that meeting's agenda yet. Each becomes
an item on behalf of the chair's organisation with its `voorstelreden`; the chair accepts or
refuses it like any other. Made by the worker: nightly, and when the chair or secretary opens
the agenda (`voorstellen_vragen`, at most once per `OPNIEUW_NA`: finding them reads every
open case of the table's buurten, 0.4 s at a million cases); once per case per meeting."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from goedwonen.casussen.models import Casus, Casusstatus, Taak, Taakstatus
from goedwonen.core.processing_log import processing_log_record
from goedwonen.core.tasks import enqueue_with_transaction
from goedwonen.verhuurders.models import Recidivesignalering

from ..models import (
    Agendapunt,
    Casustafel,
    Tafelvergadering,
    Vergaderstatus,
    Voorstelreden,
    Vraagsoort,
)
from ..selectors import ACTIVITY, next_open_meeting

RECENT_DAGEN = 28  # two meetings at the default interval
OPNIEUW_NA = timedelta(minutes=10)

VRAAG = {
    Voorstelreden.TAKEN_TE_LAAT: "Voorgesteld: taken in deze casus zijn over de deadline. "
    "Welke gezamenlijke aanpak is nodig?",
    Voorstelreden.RECIDIVE: "Voorgesteld: recidivesignalering bij de eigenaar. "
    "Is opschalen of een gezamenlijke strategie nodig?",
}


def _candidates(tafel: Casustafel, today: date) -> list[tuple[Casus, Voorstelreden]]:
    overdue = Taak.objects.filter(casus=OuterRef("pk"), status=Taakstatus.OPEN, deadline__lt=today)
    recidive = Recidivesignalering.objects.filter(casus=OuterRef("pk")).filter(
        Q(afgehandeld_op__isnull=True) | Q(datum__gte=today - timedelta(days=RECENT_DAGEN))
    )
    cases = (
        Casus.objects.exclude(status=Casusstatus.GESLOTEN)
        .filter(objecten__verblijfsobject__buurt__in=tafel.gebieden.all())
        .annotate(te_laat=Exists(overdue), recidive=Exists(recidive))
        .filter(Q(te_laat=True) | Q(recidive=True))
        .distinct()
        .order_by("referentie")
    )
    return [
        (c, Voorstelreden.RECIDIVE if c.recidive else Voorstelreden.TAKEN_TE_LAAT) for c in cases
    ]


@transaction.atomic
def voorstellen_maken(
    *, vergadering: Tafelvergadering, now: datetime | None = None
) -> list[Agendapunt]:
    """Propose the cases that qualify for this planned, coming meeting; returns the new
    items (none twice: a case on the agenda in any state is not proposed again)."""
    now = now or timezone.now()
    if vergadering.status != Vergaderstatus.GEPLAND or vergadering.begint_op <= now:
        return []
    # One proposal run per meeting at a time (the nightly task and a chair opening the page).
    Tafelvergadering.objects.select_for_update().filter(pk=vergadering.pk).first()
    tafel = vergadering.tafel
    namens = tafel.voorzitter.organisatie_id
    if namens is None:
        return []
    on_agenda = set(
        vergadering.agendapunten.filter(casus__isnull=False).values_list("casus_id", flat=True)
    )
    made = [
        Agendapunt.objects.create(
            vergadering=vergadering,
            casus=casus,
            vraagsoort=Vraagsoort.STRATEGIE,
            vraag=VRAAG[reden],
            ingebracht_door=None,
            ingebracht_namens_id=namens,
            voorstelreden=reden,
        )
        for casus, reden in _candidates(tafel, timezone.localdate(now))
        if casus.pk not in on_agenda
    ]
    if made:
        processing_log_record(
            actor=None,
            operation="Casustafel: casussen voorgesteld voor de agenda",
            activity=ACTIVITY,
            objects=[(f"casus:{p.casus.referentie}", None) for p in made],  # type: ignore[union-attr]
        )
    return made


def voorstellen_vragen(*, vergadering: Tafelvergadering, now: datetime | None = None) -> bool:
    """Ask the worker to propose cases for this planned, coming meeting, unless it was asked
    within `OPNIEUW_NA` (a conditional update: two chairs opening the agenda at once ask
    once). Returns whether it asked."""
    from ..tasks import propose_for_meeting

    now = now or timezone.now()
    if vergadering.status != Vergaderstatus.GEPLAND or vergadering.begint_op <= now:
        return False
    asked = (
        Tafelvergadering.objects.filter(pk=vergadering.pk)
        .filter(
            Q(voorstellen_gevraagd_op__isnull=True)
            | Q(voorstellen_gevraagd_op__lte=now - OPNIEUW_NA)
        )
        .update(voorstellen_gevraagd_op=now)
    )
    if asked:
        enqueue_with_transaction(propose_for_meeting, vergadering.pk)
    return bool(asked)


def voorstellen_alle_tafels(*, now: datetime | None = None) -> int:
    """Proposals for every active table's next meeting still open for items; how many made."""
    now = now or timezone.now()
    made = 0
    for tafel in Casustafel.objects.filter(actief=True).select_related("voorzitter"):
        vergadering = next_open_meeting(tafel, after=now)
        if vergadering is not None:
            made += len(voorstellen_maken(vergadering=vergadering, now=now))
    return made
