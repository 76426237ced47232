"""The schedule: every `interval_dagen` days on the table's weekday, never on a Dutch public
holiday or in a weekend (the slot moves to the next working day and says so), planning again
adds nothing, and moving or cancelling keeps its reason."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import holidays
import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from goedwonen.casustafels.models import Tafelvergadering, Vergaderstatus
from goedwonen.casustafels.services.schema import (
    vergadering_cancel,
    vergadering_move,
    vergaderingen_plan,
)
from goedwonen.core.models import Verwerkingslog
from goedwonen.notificaties.models import Notificatie

from .support_tafels import build_opzet

pytestmark = pytest.mark.django_db


@pytest.fixture
def opzet(make_user, organisatie, partner_organisatie):
    return build_opzet(make_user, organisatie, partner_organisatie)


def _day(moment: datetime) -> date:
    return timezone.localdate(moment)


def _plan_year(opzet, weekdag: int, vanaf: date) -> list[Tafelvergadering]:
    opzet.tafel.weekdag = weekdag
    opzet.tafel.save()
    tot = vanaf.replace(year=vanaf.year + 1) - timedelta(days=1)
    return vergaderingen_plan(actor=opzet.secretaris, tafel=opzet.tafel, vanaf=vanaf, tot=tot)


# (weekday, first day of the year planned, a public holiday that rhythm lands on, the day the
# meeting moves to). Hand-listed, so the test does not only trust the library.
HOLIDAYS = [
    (1, date(2027, 1, 1), date(2027, 4, 27), date(2027, 4, 28), "Koningsdag"),
    (3, date(2027, 1, 8), date(2027, 5, 6), date(2027, 5, 7), "Hemelvaartsdag"),
    (0, date(2027, 1, 11), date(2027, 5, 17), date(2027, 5, 18), "Tweede pinksterdag"),
    # Christmas on a Friday: Boxing Day and the weekend follow, so Monday 28 December.
    (4, date(2026, 1, 9), date(2026, 12, 25), date(2026, 12, 28), "Eerste kerstdag"),
]


@pytest.mark.parametrize(("weekdag", "vanaf", "feestdag", "verschoven", "naam"), HOLIDAYS)
def test_a_year_of_meetings_holds_no_public_holiday_nor_weekend(
    opzet, weekdag, vanaf, feestdag, verschoven, naam
):
    planned = _plan_year(opzet, weekdag, vanaf)

    days = [_day(v.begint_op) for v in planned]
    calendar = holidays.NL(years=[vanaf.year, vanaf.year + 1])
    assert [d for d in days if d in calendar or d.weekday() >= 5] == []
    assert feestdag not in days
    # Every fortnight of the year has its meeting, from the first weekday on.
    slots = [_day(v.volgens_schema) for v in planned]
    assert 0 <= (slots[0] - vanaf).days < 7
    last = vanaf.replace(year=vanaf.year + 1) - timedelta(days=1)
    assert slots == [slots[0] + timedelta(days=14 * n) for n in range(len(slots))]
    assert len(slots) == (last - slots[0]).days // 14 + 1 >= 26
    assert all(s.weekday() == weekdag for s in slots)
    moved = next(v for v in planned if _day(v.volgens_schema) == feestdag)
    assert _day(moved.begint_op) == verschoven
    assert timezone.localtime(moved.begint_op).time() == time(10, 0)
    assert naam in moved.reden and "eerstvolgende werkdag" in moved.reden
    # A slot on an ordinary working day keeps its day and has no reason.
    ordinary = [v for v in planned if _day(v.volgens_schema) not in calendar]
    assert all(v.begint_op == v.volgens_schema and v.reden == "" for v in ordinary)


def test_planning_again_adds_no_duplicates_and_keeps_the_rhythm(opzet):
    first = vergaderingen_plan(
        actor=opzet.secretaris, tafel=opzet.tafel, vanaf=date(2027, 1, 1), tot=date(2027, 3, 31)
    )
    again = vergaderingen_plan(
        actor=opzet.voorzitter, tafel=opzet.tafel, vanaf=date(2027, 1, 1), tot=date(2027, 3, 31)
    )
    # From another day and further: only the new slots, on the same fortnight.
    later = vergaderingen_plan(
        actor=opzet.secretaris, tafel=opzet.tafel, vanaf=date(2027, 2, 10), tot=date(2027, 4, 30)
    )

    assert again == []
    slots = sorted(_day(v.volgens_schema) for v in opzet.tafel.vergaderingen.all())
    assert slots[0] == date(2027, 1, 5)
    assert slots == [date(2027, 1, 5) + timedelta(days=14 * n) for n in range(len(slots))]
    assert len(first) == 7 and len(later) == 2
    assert slots[-1] == date(2027, 4, 27)


def test_a_cancelled_slot_is_not_planned_again(opzet):
    first = vergaderingen_plan(
        actor=opzet.secretaris, tafel=opzet.tafel, vanaf=date(2027, 1, 1), tot=date(2027, 1, 31)
    )
    vergadering_cancel(actor=opzet.voorzitter, vergadering=first[0], reden="Te weinig punten")

    assert (
        vergaderingen_plan(
            actor=opzet.secretaris, tafel=opzet.tafel, vanaf=date(2027, 1, 1), tot=date(2027, 1, 31)
        )
        == []
    )
    first[0].refresh_from_db()
    assert first[0].status == Vergaderstatus.GEANNULEERD
    assert first[0].reden == "Te weinig punten"


def test_only_the_chair_and_secretary_plan_and_nothing_is_made_otherwise(opzet):
    for actor in (opzet.politie, opzet.beheerder, opzet.buitenstaander):
        with pytest.raises(PermissionDenied):
            vergaderingen_plan(
                actor=actor, tafel=opzet.tafel, vanaf=date(2027, 1, 1), tot=date(2027, 1, 31)
            )
    assert not Tafelvergadering.objects.exists()


@pytest.mark.parametrize(
    ("vanaf", "tot", "message"),
    [
        (date(2027, 2, 1), date(2027, 1, 1), "De einddatum ligt voor de begindatum."),
        (date(2027, 1, 1), date(2028, 6, 1), "Plan hoogstens 400 dagen vooruit"),
    ],
)
def test_a_wrong_period_is_refused_beside_the_field(opzet, vanaf, tot, message):
    with pytest.raises(ValidationError) as error:
        vergaderingen_plan(actor=opzet.secretaris, tafel=opzet.tafel, vanaf=vanaf, tot=tot)
    assert message in error.value.message_dict["tot"][0]
    assert not Tafelvergadering.objects.exists()


def test_moving_and_cancelling_need_a_reason_and_are_logged(opzet):
    eerste, tweede = vergaderingen_plan(
        actor=opzet.secretaris, tafel=opzet.tafel, vanaf=date(2027, 1, 1), tot=date(2027, 1, 31)
    )[:2]
    nieuw = (timezone.now() + timedelta(days=30)).replace(microsecond=0)
    with pytest.raises(ValidationError) as error:
        vergadering_move(
            actor=opzet.secretaris, vergadering=eerste, begint_op=nieuw, reden=" ", locatie=""
        )
    assert "Vul de reden in" in error.value.message_dict["reden"][0]
    with pytest.raises(ValidationError):
        vergadering_cancel(actor=opzet.secretaris, vergadering=tweede, reden="")
    with pytest.raises(PermissionDenied):
        vergadering_cancel(actor=opzet.politie, vergadering=tweede, reden="Ik wil niet")
    lines = Verwerkingslog.objects.count()

    vergadering_move(
        actor=opzet.secretaris,
        vergadering=eerste,
        begint_op=nieuw,
        reden="Voorzitter ziek",
        locatie="Stadskantoor",
    )
    vergadering_cancel(actor=opzet.voorzitter, vergadering=tweede, reden="Kerstreces")

    eerste.refresh_from_db()
    tweede.refresh_from_db()
    assert (eerste.begint_op, eerste.reden, eerste.locatie) == (
        nieuw,
        "Voorzitter ziek",
        "Stadskantoor",
    )
    assert eerste.verplaatst and _day(eerste.volgens_schema) == date(2027, 1, 5)
    assert (tweede.status, tweede.reden) == (Vergaderstatus.GEANNULEERD, "Kerstreces")
    assert Verwerkingslog.objects.count() == lines + 2
    # The members' people are told, by the table's name and the dates only.
    titels = sorted(
        Notificatie.objects.filter(ontvanger=opzet.politie).values_list("titel", flat=True)
    )
    assert len(titels) == 2
    assert titels[0].endswith("afgelast") and "verplaatst naar" in titels[1]
    assert all(t.startswith(f"{opzet.tafel.naam}: vergadering van ") for t in titels)
    with pytest.raises(ValidationError, match="geannuleerd"):
        vergadering_move(
            actor=opzet.secretaris, vergadering=tweede, begint_op=nieuw, reden="x", locatie=""
        )
