"""Realisation by hand: a few cases in two focus buurten and one other, made on both sides of
the year's bounds (local time), case-table meetings and stop talks; the figures per buurt,
quarter and in total, the share of the target, the forecast and the pro-rata line."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from goedwonen.casustafels.models import Casustafel, Tafelvergadering
from goedwonen.rapportage.cijfers import cijfers
from goedwonen.rapportage.realisatie import realisaties, verstreken
from goedwonen.registry.models import Eigenaar
from goedwonen.verhuurders.models import Verhuurdergesprek
from tests.rapportage.doelen_data import AMS, case, make_areas

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas():
    return make_areas()


@pytest.fixture
def hand_made(areas, make_user):
    director = make_user([])
    c, t, e = areas["carnisse"], areas["tarwewijk"], areas["elders"]
    case(1, datetime(2025, 1, 1, 0, 30, tzinfo=AMS), c, director=director)  # Q1 Carnisse
    case(2, datetime(2025, 12, 31, 23, 30, tzinfo=AMS), c, director=director)  # Q4
    case(3, datetime(2025, 6, 15, tzinfo=AMS), t, herkomst="proactief", director=director)
    case(4, datetime(2024, 12, 31, 23, 30, tzinfo=AMS), c, director=director)  # last year
    case(5, datetime(2026, 1, 1, 0, 10, tzinfo=AMS), c, director=director)  # next year
    case(6, datetime(2025, 3, 1, tzinfo=AMS), t, c, director=director)  # first object: T
    case(7, datetime(2025, 5, 1, tzinfo=AMS), e, director=director)  # not a focus buurt
    case(8, datetime(2025, 5, 1, tzinfo=AMS), director=director)  # no object: no buurt
    tafel = Casustafel.objects.create(naam="Tafel Zuid", voorzitter=director, secretaris=director)
    tafel.gebieden.set([c, t])
    for day, status in (
        (date(2025, 1, 14), "gehouden"),
        (date(2025, 1, 28), "gehouden"),
        (date(2025, 2, 11), "geannuleerd"),
        (date(2024, 12, 30), "gehouden"),
    ):
        moment = datetime(day.year, day.month, day.day, 10, tzinfo=AMS)
        Tafelvergadering.objects.create(
            tafel=tafel, volgens_schema=moment, begint_op=moment, status=status
        )
    owner = Eigenaar.objects.create(eigenaar_id="E1", soort="rechtspersoon", naam="BV")
    for day, soort in (
        (date(2025, 4, 2), "stopgesprek"),
        (date(2025, 11, 3), "stopgesprek"),
        (date(2024, 4, 2), "stopgesprek"),
        (date(2025, 5, 5), "waarschuwingsgesprek"),
    ):
        Verhuurdergesprek.objects.create(
            eigenaar=owner,
            soort=soort,
            status="gehouden",
            gehouden_op=day,
            organisatie=director.organisatie,
            aangemaakt_door=director,
        )
    return areas


def test_new_cases_by_hand(hand_made):
    rows = {
        (c.gebied, c.periode, c.categorie): c.waarde
        for c in cijfers(jaar=2025, maten=["casussen_nieuw"])
    }
    assert rows[("BU05991572", "2025", "melding")] == 2  # cases 1 and 2
    assert rows[("BU05991571", "2025", "melding")] == 1  # case 6 (its first object)
    assert rows[("BU05991571", "2025", "proactief")] == 1  # case 3
    assert rows[("BU05991599", "2025", "melding")] == 1  # case 7
    assert rows[("WK059915", "2025", "melding")] == 4
    assert rows[("BU05991572", "2025-Q1", "melding")] == 1
    assert rows[("BU05991572", "2025-Q4", "melding")] == 1
    assert ("BU05991572", "2025-Q2", "melding") not in rows
    assert sum(v for (g, p, _), v in rows.items() if g == "GM0599" and p == "2025") == 5

    found = {
        r.doel.code: r for r in realisaties(jaar=2025, gebied=None, peildatum=date(2025, 12, 31))
    }
    nieuw = found["nieuwe-casussen"]
    assert [(g.naam, g.waarde) for g in nieuw.gebieden] == [("Carnisse", 2), ("Tarwewijk", 2)]
    assert nieuw.totaal == 4  # the focus buurten only
    assert nieuw.doel_jaar == 1250 and nieuw.aandeel == 0 and nieuw.op_koers is False
    assert nieuw.prognose == 4  # the whole year has passed
    assert [(k.label, k.waarde, k.cumulatief) for k in nieuw.kwartalen] == [
        ("2025-Q1", 2, 2),
        ("2025-Q2", 1, 3),
        ("2025-Q3", 0, 3),
        ("2025-Q4", 1, 4),
    ]
    assert nieuw.kwartalen[1].lijn == Decimal("619.9")  # 1250 * 181/365 = 619.86

    carnisse = realisaties(jaar=2025, gebied=hand_made["carnisse"], peildatum=date(2025, 12, 31))
    only = {r.doel.code: r for r in carnisse}["nieuwe-casussen"]
    assert only.totaal == 2 and only.doel_jaar is None and only.op_koers is None


def test_meetings_talks_and_the_forecast_by_hand(hand_made):
    peildatum = date(2025, 7, 2)
    found = {r.doel.code: r for r in realisaties(jaar=2025, gebied=None, peildatum=peildatum)}
    tafels = found["casustafels"]
    # Two meetings held, each for both buurten; against a meeting every two weeks per buurt.
    assert [(g.naam, g.waarde) for g in tafels.gebieden] == [("Carnisse", 2), ("Tarwewijk", 2)]
    assert verstreken(2025, peildatum) == Decimal(183) / Decimal(365)
    assert tafels.gebieden[0].doel_tot_nu == Decimal("13.0")  # 26 * 183/365
    assert tafels.doel_jaar == 52 and tafels.op_koers is False
    stop = found["stopgesprekken"]
    assert stop.totaal == 1  # the talk of November is after the reference date
    assert stop.prognose == 2  # 1 / (183/365), rounded
    assert stop.gemeente == "GM0599"
    assert found["monitoring-na-waarschuwing"].totaal == 100
    signaal = found["signaleringsrapportage"]  # counted once established (test_vaststelling)
    assert signaal.gemeten is True and signaal.totaal == 0
