"""What is recorded in the product counts like imported history (work in progress for issue
17): a visit with a violation and a new report on the case's address each add one to their
figures for the buurt, its wijk and the gemeente."""

from __future__ import annotations

import pytest

from django.utils import timezone

from goedwonen.inspecties.services import BevindingInvoer, bezoek_record
from goedwonen.intake.services.registration import melding_register
from goedwonen.rapportage.cijfers import cijfers
from tests.scenario import CARNISSE_10

pytestmark = pytest.mark.django_db


def _figures(jaar: int) -> dict[tuple[str, str, str, str], int]:
    return {(c.maat, c.gebied, c.periode, c.categorie): c.waarde for c in cijfers(jaar=jaar)}


def test_a_recorded_visit_and_report_count(casus, inspecteur, regisseur):
    today = timezone.localdate()
    jaar = str(today.year)
    object_ = casus.objecten.select_related("verblijfsobject__buurt").first()
    buurt = object_.verblijfsobject.buurt
    codes = [buurt.code]
    area = buurt.bovenliggend
    while area is not None:
        codes.append(area.code)
        area = area.bovenliggend
    before = _figures(today.year)

    bezoek_record(
        actor=inspecteur,
        casus=casus,
        object=object_,
        soort="woningbezoek",
        datum=today,
        toegang="verleend",
        volwassenen=9,
        kinderen=0,
        bevindingen=[BevindingInvoer("overbewoning", True, "Negen volwassenen op 40 m².")],
    )
    melding_register(
        actor=regisseur,
        bron="telefoon",
        categorie="te_hoge_huur",
        omschrijving="Huur ver boven het maximum",
        adres=CARNISSE_10,
        melder_soort="bewoner",
    )
    after = _figures(today.year)

    assert len(codes) >= 2  # a buurt and the area above it
    for code in codes:
        for maat, categorie in (
            ("controles_uitgevoerd", ""),
            ("controles_met_overtreding", ""),
            ("meldingen_ontvangen", "te_hoge_huur"),
        ):
            key = (maat, code, jaar, categorie)
            assert after.get(key, 0) == before.get(key, 0) + 1, key


def test_a_decision_in_a_procedure_counts_once_per_buurt(casus, jurist):
    from goedwonen.handhaving.models import Instrument
    from tests.handhaving.test_traject_boete import _decide, _to_decision

    today = timezone.localdate()
    code = Instrument.objects.get(code="bestuurlijke-boete-wgv").registratiecode
    buurt = casus.objecten.select_related("verblijfsobject__buurt").first().verblijfsobject.buurt
    key = ("handhavingen_opgelegd", buurt.code, str(today.year), code)
    before = _figures(today.year).get(key, 0)
    traject = _to_decision(casus, jurist)
    assert _figures(today.year).get(key, 0) == before  # intention and opinion: no decision
    _decide(jurist, traject)
    assert _figures(today.year)[key] == before + 1
