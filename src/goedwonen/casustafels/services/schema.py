"""The schedule of a case table: meetings every `interval_dagen` days on the table's weekday,
never on a Dutch public holiday (`holidays.NL`) nor in a weekend: such a slot moves to the
next working day and says so. Planning again adds no duplicates; a meeting moved or cancelled
by hand keeps its reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import holidays

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from goedwonen.core import display
from goedwonen.core.processing_log import processing_log_record
from goedwonen.notificaties.models import Notificatiesoort
from goedwonen.notificaties.services import notificatie_send

from ..models import Casustafel, Tafelvergadering, Vergaderstatus
from ..selectors import ACTIVITY, may_lead, moment_text, table_people

if TYPE_CHECKING:
    from goedwonen.accounts.models import User

# Planning further ahead than this is a typing error more often than a plan.
MAX_PLAN_DAYS = 400


@dataclass(frozen=True)
class Slot:
    volgens_schema: date  # the day the rhythm gives
    datum: date  # the day it is held: the next working day when that is a holiday
    reden: str  # why it moved ("" when it did not)


def _holiday_calendar(start: date, end: date) -> holidays.HolidayBase:
    return holidays.NL(years=range(start.year, end.year + 2), language="nl")


def _working_day(day: date, calendar: holidays.HolidayBase) -> tuple[date, str]:
    """The first working day from `day`, and why `day` itself is not one ("" if it is)."""
    reasons = []
    moved = day
    while moved.weekday() >= 5 or moved in calendar:
        reasons.append(calendar.get(moved) or "weekend")
        moved += timedelta(days=1)
    if moved == day:
        return day, ""
    return moved, (
        f"Verschoven van {display.datum(day)} ({reasons[0]}) naar de eerstvolgende werkdag."
    )


def _anchor(tafel: Casustafel, vanaf: date) -> date:
    """The day the rhythm counts from: the table's latest scheduled slot on its weekday (so a
    second run continues the same fortnight), else the first weekday from `vanaf`."""
    latest = (
        tafel.vergaderingen.order_by("-volgens_schema").values_list("volgens_schema", flat=True)
    ).first()
    if latest is not None:
        day = timezone.localdate(latest)
        if day.weekday() == tafel.weekdag:
            return day
    return vanaf + timedelta(days=(tafel.weekdag - vanaf.weekday()) % 7)


def schedule_slots(tafel: Casustafel, *, vanaf: date, tot: date) -> list[Slot]:
    """Every slot of the table's rhythm from `vanaf` up to and including `tot`."""
    interval = timedelta(days=tafel.interval_dagen)
    anchor = _anchor(tafel, vanaf)
    # The first slot on or after `vanaf` in the anchor's rhythm (the anchor may lie before).
    steps = -((anchor - vanaf) // interval)
    day = anchor + steps * interval
    calendar = _holiday_calendar(vanaf, tot)
    slots = []
    while day <= tot:
        datum, reden = _working_day(day, calendar)
        slots.append(Slot(day, datum, reden))
        day += interval
    return slots


def _moment(day: date, tafel: Casustafel) -> datetime:
    return timezone.make_aware(datetime.combine(day, tafel.aanvang))


def unplanned_meetings(tafel: Casustafel, *, vanaf: date, tot: date) -> list[Tafelvergadering]:
    """The meetings (unsaved) of the slots from `vanaf` to `tot` that have none yet (a slot
    with a meeting, moved or cancelled included, gets no second)."""
    planned = {
        timezone.localdate(moment)
        for moment in tafel.vergaderingen.values_list("volgens_schema", flat=True)
    }
    return [
        Tafelvergadering(
            tafel=tafel,
            volgens_schema=_moment(slot.volgens_schema, tafel),
            begint_op=_moment(slot.datum, tafel),
            locatie=tafel.locatie,
            reden=slot.reden,
        )
        for slot in schedule_slots(tafel, vanaf=vanaf, tot=tot)
        if slot.volgens_schema not in planned
    ]


def _require_leader(actor: User, tafel: Casustafel) -> None:
    if not may_lead(actor, tafel):
        raise PermissionDenied("Alleen de voorzitter en de secretaris plannen deze tafel.")


@transaction.atomic
def vergaderingen_plan(
    *, actor: User, tafel: Casustafel, vanaf: date, tot: date
) -> list[Tafelvergadering]:
    """Plan the meetings of the table's rhythm from `vanaf` to `tot` that do not exist yet."""
    _require_leader(actor, tafel)
    if tot < vanaf:
        raise ValidationError({"tot": "De einddatum ligt voor de begindatum."})
    if (tot - vanaf).days > MAX_PLAN_DAYS:
        raise ValidationError(
            {"tot": f"Plan hoogstens {MAX_PLAN_DAYS} dagen vooruit; kies een eerdere einddatum."}
        )
    created = Tafelvergadering.objects.bulk_create(unplanned_meetings(tafel, vanaf=vanaf, tot=tot))
    processing_log_record(
        actor=actor,
        operation=f"Casustafel: {len(created)} vergaderingen gepland tot {tot.isoformat()}",
        activity=ACTIVITY,
        object_ref=f"casustafel:{tafel.pk}",
    )
    return created


def _tell_members(vergadering: Tafelvergadering, was: datetime, wat: str) -> None:
    """A notice to the members' people: the table's name and the dates, nothing else."""
    tafel = vergadering.tafel
    notificatie_send(
        ontvangers=table_people(tafel),
        soort=Notificatiesoort.VERGADERING_CASUSTAFEL,
        titel=f"{tafel.naam}: vergadering van {moment_text(was)} {wat}",
        link=reverse("casustafel", args=[tafel.pk]),
    )


def _require_planned(vergadering: Tafelvergadering) -> None:
    if vergadering.status != Vergaderstatus.GEPLAND:
        raise ValidationError(
            f"Deze vergadering is {vergadering.get_status_display().lower()}; alleen een "
            "geplande vergadering kan worden verplaatst of geannuleerd."
        )


def _require_reason(reden: str) -> str:
    reden = reden.strip()
    if not reden:
        raise ValidationError({"reden": "Vul de reden in: de leden zien waarom."})
    return reden


@transaction.atomic
def vergadering_move(
    *, actor: User, vergadering: Tafelvergadering, begint_op: datetime, reden: str, locatie: str
) -> Tafelvergadering:
    """Move a planned meeting to another moment (and place); the reason is kept."""
    _require_leader(actor, vergadering.tafel)
    _require_planned(vergadering)
    reden = _require_reason(reden)
    if begint_op < timezone.now():
        raise ValidationError({"datum": "Dit moment is al voorbij; kies een moment dat nog komt."})
    if begint_op == vergadering.begint_op and locatie == vergadering.locatie:
        raise ValidationError({"datum": "Kies een ander moment of een andere locatie."})
    was = vergadering.begint_op
    vergadering.begint_op = begint_op
    vergadering.locatie = locatie
    vergadering.reden = reden
    vergadering.save(update_fields=["begint_op", "locatie", "reden"])
    _tell_members(vergadering, was, f"verplaatst naar {moment_text(begint_op)}")
    processing_log_record(
        actor=actor,
        operation="Casustafel: vergadering verplaatst",
        activity=ACTIVITY,
        object_ref=f"tafelvergadering:{vergadering.pk}",
    )
    return vergadering


@transaction.atomic
def vergadering_cancel(*, actor: User, vergadering: Tafelvergadering, reden: str) -> None:
    """Cancel a planned meeting; the reason is kept and the slot is not planned again."""
    _require_leader(actor, vergadering.tafel)
    _require_planned(vergadering)
    vergadering.reden = _require_reason(reden)
    vergadering.status = Vergaderstatus.GEANNULEERD
    vergadering.save(update_fields=["reden", "status"])
    _tell_members(vergadering, vergadering.begint_op, "afgelast")
    processing_log_record(
        actor=actor,
        operation="Casustafel: vergadering geannuleerd",
        activity=ACTIVITY,
        object_ref=f"tafelvergadering:{vergadering.pk}",
    )
