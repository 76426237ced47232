"""Talks held and visits recorded in the product count in the landlord rules exactly like the
imported ones (issue 13, point 6). The shared scenario: E1 owns Carnisselaan 10 (A) since
2019-05-01; the imported controles.csv has a violation there on 2026-09-10 (C1)."""

from __future__ import annotations

from datetime import date

import pytest

from goedwonen.inspecties.services import BevindingInvoer, bezoek_record
from goedwonen.verhuurders import regels
from goedwonen.verhuurders.models import Gesprekssoort, Gespreksstatus, Verhuurdergesprek
from tests.verhuurders.test_regels import A, pk, signals

pytestmark = pytest.mark.django_db


def talk(regisseur, soort, datum, status=Gespreksstatus.GEHOUDEN):
    from goedwonen.registry.models import Eigenaar

    return Verhuurdergesprek.objects.create(
        eigenaar=Eigenaar.objects.get(eigenaar_id="E1"),
        soort=soort,
        status=status,
        gehouden_op=datum,
        organisatie=regisseur.organisatie,
        aangemaakt_door=regisseur,
    )


def visit(inspecteur, casus, datum, vastgesteld=True, **kwargs):
    return bezoek_record(
        actor=inspecteur,
        casus=casus,
        object=casus.objecten.get(),
        soort="woningbezoek",
        datum=datum,
        toegang="verleend",
        volwassenen=6,
        kinderen=0,
        bevindingen=[
            BevindingInvoer("overbewoning", vastgesteld, "Zes volwassenen op 40 m²."),
            BevindingInvoer("achterstallig_onderhoud", False),
        ],
        **kwargs,
    )


def test_a_held_warning_talk_starts_monitoring_planned_and_cancelled_ones_do_not(casus, regisseur):
    held = talk(regisseur, Gesprekssoort.WAARSCHUWINGSGESPREK, date(2025, 3, 10))
    talk(regisseur, Gesprekssoort.WAARSCHUWINGSGESPREK, date(2025, 4, 1), Gespreksstatus.GEPLAND)
    talk(regisseur, Gesprekssoort.WAARSCHUWINGSGESPREK, date(2025, 4, 2), Gespreksstatus.AFGEZEGD)
    assert signals("2025-03-09", "monitoring") == []
    assert signals("2025-06-01", "monitoring") == [
        ("E1", "monitoring", "2025-03-10", "", f"gesprek:{held.pk}")
    ]
    assert signals("2026-03-10", "monitoring") == []
    assert regels.monitoring_on(date(2026, 3, 9)) == {pk("E1"): date(2025, 3, 10)}


def test_a_visit_with_an_established_finding_is_recidivism(casus, regisseur, inspecteur):
    talk(regisseur, Gesprekssoort.WAARSCHUWINGSGESPREK, date(2025, 3, 10))
    on_the_day = visit(inspecteur, casus, date(2025, 3, 10))
    counted = visit(inspecteur, casus, date(2025, 3, 11))
    visit(inspecteur, casus, date(2025, 3, 12), vastgesteld=False)
    last = visit(inspecteur, casus, date(2026, 3, 10))
    visit(inspecteur, casus, date(2026, 3, 11))
    assert signals("2026-12-31", "recidive") == [
        ("E1", "recidive", "2025-03-11", A, f"bezoek:{counted.pk}"),
        ("E1", "recidive", "2026-03-10", A, f"bezoek:{last.pk}"),
    ]
    assert f"bezoek:{on_the_day.pk}" not in {s[4] for s in signals("2026-01-01")}


def test_a_corrected_visit_counts_as_its_correction_says(casus, regisseur, inspecteur):
    talk(regisseur, Gesprekssoort.WAARSCHUWINGSGESPREK, date(2025, 3, 10))
    first = visit(inspecteur, casus, date(2025, 4, 1))
    visit(
        inspecteur,
        casus,
        date(2025, 4, 1),
        vastgesteld=False,
        corrigeert=first,
        correctiereden="Bij nader inzien geen overbewoning: twee bewoners waren bezoek.",
    )
    wrong_day = visit(inspecteur, casus, date(2025, 5, 1))
    right_day = visit(
        inspecteur,
        casus,
        date(2025, 5, 2),
        corrigeert=wrong_day,
        correctiereden="Verkeerde datum ingevuld.",
    )
    assert signals("2025-12-31", "recidive") == [
        ("E1", "recidive", "2025-05-02", A, f"bezoek:{right_day.pk}")
    ]


def test_product_and_imported_violations_together_make_a_candidate(casus, regisseur, inspecteur):
    own = visit(inspecteur, casus, date(2026, 5, 1))
    assert signals("2026-09-09", "stopgesprek_kandidaat") == []
    assert signals("2026-09-10", "stopgesprek_kandidaat") == [
        ("E1", "stopgesprek_kandidaat", "2026-09-10", A, "C1")
    ]
    [kandidaat] = regels.stop_talk_candidates(date(2026, 9, 10))
    assert [v.bron_id for v in kandidaat.overtredingen] == [f"bezoek:{own.pk}", "C1"]
    # A stop talk held in the product ends the candidacy, as an imported one does.
    talk(regisseur, Gesprekssoort.STOPGESPREK, date(2026, 9, 10))
    assert signals("2026-09-10", "stopgesprek_kandidaat") == []
    assert regels.stop_talk_candidates(date(2026, 9, 10)) == []


def test_eigenaren_limits_the_signals_to_those_owners(casus, regisseur, inspecteur):
    talk(regisseur, Gesprekssoort.WAARSCHUWINGSGESPREK, date(2026, 9, 1))
    visit(inspecteur, casus, date(2026, 5, 1))
    everything = signals("2026-09-30")
    assert [s[1] for s in everything] == ["monitoring", "recidive", "stopgesprek_kandidaat"]
    assert signals("2026-09-30", eigenaren=[pk("E1")]) == everything
    assert signals("2026-09-30", eigenaren=[]) == []
    assert regels.monitoring_on(date(2026, 9, 30), eigenaren=[pk("E1") + 1]) == {}
    assert regels.stop_talk_candidates(date(2026, 9, 30), eigenaren=[]) == []
