"""Writes of the work app: when a person opened a case, and the notices of deadlines near."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from goedwonen.casussen.models import Casusstatus, Taak, Taakstatus
from goedwonen.core import display
from goedwonen.core.policy import Capability
from goedwonen.notificaties.models import Notificatiesoort
from goedwonen.notificaties.selectors import members_with
from goedwonen.notificaties.services import notificatie_send

from .models import LaatstBekeken

if TYPE_CHECKING:
    from goedwonen.accounts.models import User
    from goedwonen.casussen.models import Casus

DEADLINE_NEAR = timedelta(days=2)


def casus_seen(*, actor: User, casus: Casus) -> None:
    """The actor opened the case now (the case page, after its read was allowed and logged).
    One statement (an insert that updates the moment when the pair is there), not a
    transaction of a read and a write on every view of a case."""
    LaatstBekeken.objects.bulk_create(
        [LaatstBekeken(gebruiker=actor, casus=casus, bekeken_op=timezone.now())],
        update_conflicts=True,
        unique_fields=["gebruiker", "casus"],
        update_fields=["bekeken_op"],
    )


def deadlines_notify(*, today: date) -> int:
    """Tell those who do an open task that its deadline is near (within two days) or passed:
    the assignee, or else the organisation's people who work tasks. Once per task and
    deadline (a moved deadline is told again). Returns how many notices were made."""
    due = (
        Taak.objects.filter(status=Taakstatus.OPEN, deadline__lte=today + DEADLINE_NEAR)
        .filter(~Q(casus__status=Casusstatus.GESLOTEN))
        .select_related("casus", "toegewezen_aan")
        .order_by("deadline", "pk")
    )
    workers: dict[int, list[User]] = {}
    made = 0
    for taak in due:
        if taak.toegewezen_aan is not None:
            people = [taak.toegewezen_aan]
        else:
            if taak.organisatie_id not in workers:
                workers[taak.organisatie_id] = members_with(
                    organisatie_id=taak.organisatie_id, capabilities=[Capability.TASKS_WORK]
                )
            people = workers[taak.organisatie_id]
        made += len(
            notificatie_send(
                ontvangers=people,
                soort=Notificatiesoort.DEADLINE,
                titel=f"Deadline van een taak bij casus {taak.casus.referentie}: "
                f"{display.datum(taak.deadline)}",
                link=reverse("casus", args=[taak.casus.referentie]) + "#taken-kop",
                sleutel=f"deadline:taak:{taak.pk}:{taak.deadline.isoformat()}",
            )
        )
    return made
