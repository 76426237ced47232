"""The dashboard's work figures computed by hand on hand-made work (issue 17, point 2):
lead times with known dates, service norms met, a hit rate of 1 in 3, enforcement by
instrument, and open work with an overdue task."""

from __future__ import annotations

from datetime import date

import pytest

from goedwonen.core.policy import Capability
from goedwonen.intake.models import Servicenorm
from goedwonen.rapportage import werkstroom
from goedwonen.rapportage.cijfers import cijfers
from goedwonen.registry.models import Controle, Handhaving
from tests.scenario import DIRECTOR

from .werkstroom_data import areas, casus, dwelling, melding, step, taak, triage

pytestmark = pytest.mark.django_db


def _figures(rows) -> dict[tuple[str, str, str], int]:
    return {(c.maat, c.periode, c.categorie): c.waarde for c in rows}


@pytest.fixture
def regisseur(make_user):
    return make_user(DIRECTOR, username="regisseur")


def _throughput(regisseur):
    _, carnisse, tarwewijk = areas()
    a, b = dwelling(carnisse), dwelling(tarwewijk)
    m1 = melding(a, date(2026, 1, 5))
    triage(m1, date(2026, 1, 8))  # 3 days
    casus(regisseur, a, date(2026, 1, 18), date(2026, 3, 19), (m1,))  # 10 days, then 60
    m2 = melding(a, date(2026, 2, 1))
    triage(m2, date(2026, 2, 11), naar="doorgezet")  # 10 days, no case
    m3 = melding(b, date(2026, 4, 1))
    triage(m3, date(2026, 4, 2))  # 1 day
    casus(regisseur, b, date(2026, 4, 6), date(2026, 6, 30), (m3,))  # 4 days, then 85
    m4 = melding(a, date(2025, 12, 30))  # received the year before
    triage(m4, date(2026, 1, 2))  # 3 days
    melding(a, date(2026, 5, 1))  # not triaged
    return carnisse, tarwewijk


def test_throughput_and_lead_times_by_hand(regisseur):
    _throughput(regisseur)
    rows = werkstroom.doorstroom(jaar=2026)
    got = _figures(rows)

    assert {c.gebied for c in rows} == {"GM0599"}  # everything, under the gemeente
    assert got[("doorstroom_meldingen_ontvangen", "2026", "")] == 4
    assert got[("doorstroom_meldingen_ontvangen", "2026-Q1", "")] == 2
    assert got[("doorstroom_meldingen_ontvangen", "2026-Q2", "")] == 2
    assert got[("doorstroom_meldingen_ontvangen", "2026-Q3", "")] == 0
    assert got[("doorstroom_meldingen_getrieerd", "2026", "")] == 4
    assert got[("doorstroom_meldingen_getrieerd", "2026-Q1", "")] == 3
    assert got[("doorstroom_casussen_aangemaakt", "2026", "")] == 2
    assert got[("doorstroom_casussen_gesloten", "2026", "")] == 2
    # Report -> triage: 1, 3, 3, 10 days; nearest rank: median the 2nd, p80 the 4th.
    assert got[("doorlooptijd_melding_triage_mediaan_dagen", "2026", "")] == 3
    assert got[("doorlooptijd_melding_triage_p80_dagen", "2026", "")] == 10
    assert got[("doorlooptijd_melding_triage_aantal", "2026", "")] == 4
    assert got[("doorlooptijd_melding_triage_mediaan_dagen", "2026-Q1", "")] == 3
    assert got[("doorlooptijd_melding_triage_p80_dagen", "2026-Q1", "")] == 10
    assert got[("doorlooptijd_melding_triage_mediaan_dagen", "2026-Q2", "")] == 1
    # Triage -> case: 10 and 4 days; case -> closed: 60 and 85 days.
    assert got[("doorlooptijd_triage_casus_mediaan_dagen", "2026", "")] == 4
    assert got[("doorlooptijd_triage_casus_p80_dagen", "2026", "")] == 10
    assert got[("doorlooptijd_casus_sluiting_mediaan_dagen", "2026", "")] == 60
    assert got[("doorlooptijd_casus_sluiting_p80_dagen", "2026", "")] == 85
    assert got[("doorlooptijd_casus_sluiting_mediaan_dagen", "2026-Q2", "")] == 85
    assert ("doorlooptijd_casus_sluiting_mediaan_dagen", "2026-Q3", "") not in got


def test_throughput_of_one_buurt(regisseur):
    _, tarwewijk = _throughput(regisseur)
    got = _figures(werkstroom.doorstroom(jaar=2026, gebied=tarwewijk))
    assert got[("doorstroom_meldingen_ontvangen", "2026", "")] == 1
    assert got[("doorlooptijd_melding_triage_mediaan_dagen", "2026", "")] == 1
    assert got[("doorlooptijd_triage_casus_mediaan_dagen", "2026", "")] == 4
    assert got[("doorlooptijd_casus_sluiting_p80_dagen", "2026", "")] == 85


def test_service_norms_met_by_hand():
    _, carnisse, _ = areas()
    a = dwelling(carnisse)
    Servicenorm.objects.all().delete()  # the norms the migrations preload
    Servicenorm.objects.create(categorie="overbewoning", dagen_triage=5, dagen_afhandeling=30)
    Servicenorm.objects.create(categorie="", dagen_triage=10, dagen_afhandeling=60)
    n1 = melding(
        a, date(2026, 1, 5), triage_voor=date(2026, 1, 10), afgehandeld_voor=date(2026, 2, 4)
    )
    triage(n1, date(2026, 1, 8), naar="doorgezet")  # in time
    step(n1, "doorgezet", "afgesloten", date(2026, 2, 10))  # late
    n2 = melding(
        a, date(2026, 3, 1), triage_voor=date(2026, 3, 6), afgehandeld_voor=date(2026, 3, 31)
    )
    triage(n2, date(2026, 3, 9), naar="doorgezet")  # late; still open after its term
    # Not yet due on the reference day, and not triaged: not judged.
    melding(a, date(2026, 6, 28), triage_voor=date(2026, 7, 3), afgehandeld_voor=date(2026, 7, 28))
    n4 = melding(
        a,
        date(2026, 2, 1),
        "te_hoge_huur",
        triage_voor=date(2026, 2, 11),
        afgehandeld_voor=date(2026, 4, 2),
    )
    triage(n4, date(2026, 2, 11), naar="doorgezet")  # on the last day: in time
    step(n4, "doorgezet", "afgesloten", date(2026, 3, 1))

    got = _figures(werkstroom.servicenormen(jaar=2026, peildatum=date(2026, 6, 30)))

    assert got[("servicenorm_triage_getoetst", "2026", "overbewoning")] == 2
    assert got[("servicenorm_triage_gehaald", "2026", "overbewoning")] == 1
    assert got[("servicenorm_triage_gehaald_procent", "2026", "overbewoning")] == 50
    assert got[("servicenorm_afhandeling_getoetst", "2026", "overbewoning")] == 2
    assert got[("servicenorm_afhandeling_gehaald", "2026", "overbewoning")] == 0
    assert got[("servicenorm_afhandeling_gehaald_procent", "2026", "overbewoning")] == 0
    assert got[("servicenorm_triage_gehaald_procent", "2026", "standaard")] == 100
    assert got[("servicenorm_afhandeling_gehaald", "2026", "standaard")] == 1
    assert got[("servicenorm_triage_getoetst", "2026-Q1", "overbewoning")] == 2
    assert ("servicenorm_triage_getoetst", "2026-Q2", "overbewoning") not in got


def test_hit_rates_by_origin_one_in_three(regisseur):
    _, carnisse, tarwewijk = areas()
    a, b = dwelling(carnisse), dwelling(tarwewijk)
    for n, (overtreding, vbo) in enumerate([("nee", a), ("nee", a), ("ja", b)]):
        Controle.objects.create(
            bron_id=f"p{n}",
            verblijfsobject=vbo,
            datum=date(2026, 5, 1),
            aanleiding="proactief",
            overtreding=overtreding,
        )
    Controle.objects.create(
        bron_id="m1",
        verblijfsobject=a,
        datum=date(2026, 2, 1),
        aanleiding="melding",
        overtreding="ja",
    )
    Controle.objects.create(
        bron_id="old",
        verblijfsobject=a,
        datum=date(2025, 5, 1),
        aanleiding="proactief",
        overtreding="ja",
    )

    rows = werkstroom.trefkansen(jaar=2026)
    got = _figures(rows)

    assert got[("inspecties_uitgevoerd", "2026", "proactief")] == 3
    assert got[("inspecties_met_overtreding", "2026", "proactief")] == 1
    assert got[("inspecties_trefkans_procent", "2026", "proactief")] == 33
    assert got[("inspecties_trefkans_procent", "2026", "melding")] == 100
    assert got[("inspecties_uitgevoerd", "2026-Q2", "proactief")] == 3
    # The same inspections as the contract figures.
    contract = {
        (c.maat, c.gebied, c.periode): c.waarde for c in cijfers(jaar=2026) if c.categorie == ""
    }
    done = sum(v for (m, p, _), v in got.items() if m == "inspecties_uitgevoerd" and p == "2026")
    assert done == contract[("controles_uitgevoerd", "GM0599", "2026")] == 4
    got_b = _figures(werkstroom.trefkansen(jaar=2026, gebied=tarwewijk))
    assert got_b[("inspecties_trefkans_procent", "2026", "proactief")] == 100
    # Two equal inspections (same day, origin and outcome) in the area are two.
    got_a = _figures(werkstroom.trefkansen(jaar=2026, gebied=carnisse))
    assert got_a[("inspecties_uitgevoerd", "2026", "proactief")] == 2
    assert got_a[("inspecties_trefkans_procent", "2026", "proactief")] == 0
    assert {c.gebied for c in werkstroom.trefkansen(jaar=2026, gebied=tarwewijk)} == {"BU05991571"}


def test_a_visit_in_a_case_takes_the_cases_origin(casus, inspecteur):
    from django.utils import timezone

    from goedwonen.inspecties.services import BevindingInvoer, bezoek_record

    casus.herkomst = "proactief"
    casus.save(update_fields=["herkomst"])
    today = timezone.localdate()
    before = _figures(werkstroom.trefkansen(jaar=today.year))
    bezoek_record(
        actor=inspecteur,
        casus=casus,
        object=casus.objecten.first(),
        soort="woningbezoek",
        datum=today,
        toegang="verleend",
        volwassenen=9,
        kinderen=0,
        bevindingen=[BevindingInvoer("overbewoning", True, "Negen volwassenen op 40 m².")],
    )
    after = _figures(werkstroom.trefkansen(jaar=today.year))
    key = ("inspecties_met_overtreding", str(today.year), "proactief")
    assert after[key] == before.get(key, 0) + 1


def test_enforcement_by_instrument_by_hand():
    _, carnisse, _ = areas()
    a = dwelling(carnisse)
    for n, (datum, instrument) in enumerate(
        [
            (date(2026, 1, 10), "waarschuwing"),
            (date(2026, 2, 10), "waarschuwing"),
            (date(2026, 5, 10), "last_onder_dwangsom"),
            (date(2025, 5, 10), "last_onder_dwangsom"),
        ]
    ):
        Handhaving.objects.create(
            bron_id=f"h{n}", verblijfsobject=a, datum=datum, instrument=instrument
        )
    got = _figures(werkstroom.handhaving(jaar=2026, peildatum=date(2026, 12, 31)))
    assert got[("handhaving_besluiten", "2026", "waarschuwing")] == 2
    assert got[("handhaving_besluiten", "2026-Q1", "waarschuwing")] == 2
    assert got[("handhaving_besluiten", "2026", "last_onder_dwangsom")] == 1
    assert got[("handhaving_besluiten", "2026-Q2", "last_onder_dwangsom")] == 1


def test_a_decision_in_a_procedure_and_the_running_procedure(casus, jurist):
    from django.utils import timezone

    from goedwonen.handhaving.models import Instrument
    from tests.handhaving.test_traject_boete import _decide, _to_decision

    today = timezone.localdate()
    code = Instrument.objects.get(code="bestuurlijke-boete-wgv").registratiecode
    traject = _to_decision(casus, jurist)
    got = _figures(werkstroom.handhaving(jaar=today.year, peildatum=today))
    assert ("handhaving_besluiten", str(today.year), code) not in got
    assert got[("handhaving_trajecten_lopend", str(today.year), code)] == 1
    _decide(jurist, traject)
    got = _figures(werkstroom.handhaving(jaar=today.year, peildatum=today))
    assert got[("handhaving_besluiten", str(today.year), code)] == 1


def test_open_work_per_organisation_with_an_overdue_task(
    regisseur, organisatie, partner_organisatie
):
    _, carnisse, _ = areas()
    a = dwelling(carnisse)
    peildatum = date(2026, 6, 30)
    c = casus(regisseur, a, date(2026, 1, 10))
    taak(c, organisatie, date(2026, 1, 10), deadline=date(2026, 6, 1))  # overdue
    taak(c, partner_organisatie, date(2026, 1, 10), deadline=date(2026, 7, 15))
    taak(c, partner_organisatie, date(2026, 1, 10), date(2026, 6, 20), afgerond=date(2026, 6, 15))
    # Done only after the reference day: open on it, and overdue.
    taak(c, organisatie, date(2026, 5, 1), deadline=date(2026, 6, 20), afgerond=date(2026, 7, 10))
    taak(c, organisatie, date(2026, 7, 5), deadline=date(2026, 7, 6))  # made after it
    casus(
        regisseur, a, date(2026, 1, 10), gesloten=date(2026, 5, 1), organisatie=partner_organisatie
    )
    casus(regisseur, a, date(2026, 7, 1))

    got = _figures(werkstroom.open_werk(jaar=2026, peildatum=peildatum))

    assert got == {
        ("open_casussen", "2026", "so"): 1,
        ("open_taken", "2026", "so"): 2,
        ("open_taken_te_laat", "2026", "so"): 2,
        ("open_casussen", "2026", "politie"): 0,
        ("open_taken", "2026", "politie"): 1,
        ("open_taken_te_laat", "2026", "politie"): 0,
    }


def test_the_dashboard_shows_each_section_with_its_numbers(client, make_user, run_worker):
    from django.utils import timezone

    from tests.rapportage.stand import dashboard

    _, carnisse, _ = areas()
    Controle.objects.create(
        bron_id="p1",
        verblijfsobject=dwelling(carnisse),
        datum=timezone.localdate(),
        aanleiding="proactief",
        overtreding="ja",
    )
    client.force_login(make_user([Capability.STEERING_VIEW]))
    page = dashboard(client, run_worker).content.decode()
    for key, titel in [
        ("doorstroom", "Doorstroom en doorlooptijden"),
        ("servicenormen", "Servicenormen gehaald"),
        ("trefkansen", "Trefkans van controles"),
        ("handhaving", "Handhaving per instrument"),
        ("open-werk", "Open werk per organisatie"),
    ]:
        assert f'id="{key}"' in page and titel in page
    assert 'data-label="Trefkans (%)">100<' in page
    assert 'role="img"' in page  # the chart, beside its table
