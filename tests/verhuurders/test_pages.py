"""The monitor's pages through HTTP: the owner page's section (monitoring period, talks,
alerts), the owners in monitoring with days left, the alerts, the stop-talk candidates where a
person decides, and the talk pages (invite, record, the letter). Each view is logged."""

from __future__ import annotations

from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability
from goedwonen.inspecties.services import BevindingInvoer, bezoek_record
from goedwonen.verhuurders.models import (
    Gespreksstatus,
    Kandidaatbesluit,
    Recidivesignalering,
    Stopgesprekbesluit,
    Verhuurdergesprek,
)
from goedwonen.verhuurders.regels import plus_maanden
from tests.inspecties.support import DATUM, browser_post

from .support import JURIST, case_on_other_dwelling, e1, give_e1_another_dwelling, invite, warn

pytestmark = pytest.mark.django_db


@pytest.fixture
def jurist(make_user):
    return make_user(JURIST, username="jurist")


@pytest.fixture
def client_of(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


def _lines(name: str) -> list[Verwerkingslog]:
    return list(Verwerkingslog.objects.filter(name=name))


def test_the_owner_page_shows_the_monitoring_period_talks_and_alerts(
    jurist, casus, regisseur, inspecteur, client_of
):
    today = timezone.localdate()
    held = today - timedelta(days=65)
    gesprek = warn(jurist, held_on=held, casus=casus)
    give_e1_another_dwelling()
    other = case_on_other_dwelling(regisseur)
    bezoek_record(
        actor=inspecteur,
        casus=other,
        object=other.objecten.get(),
        soort="woningbezoek",
        datum=today,
        toegang="verleend",
        volwassenen=9,
        kinderen=0,
        bevindingen=[BevindingInvoer("overbewoning", True, "Negen volwassenen.")],
    )
    end = plus_maanden(held, 12)

    page = client_of(jurist).get(reverse("eigenaar", args=["E1"]))

    body = page.content.decode()
    assert page.status_code == 200
    assert "Verhuurdermonitor" in body
    days = (end - today).days
    assert f"nog {days} dagen" in body
    assert reverse("verhuurders-gesprek", args=[gesprek.pk]) in body
    assert "Overtreding vastgesteld bij een bezoek" in body
    assert reverse("casus", args=[other.referentie]) in body
    assert [
        line.data_subject_type for line in _lines("Monitoring van een verhuurder ingezien")
    ] == ["eigenaar"]


def test_the_owner_page_has_no_monitor_for_those_without_it(make_user, city, client_of):
    viewer = make_user([Capability.REGISTRY_VIEW])
    body = client_of(viewer).get(reverse("eigenaar", args=["E1"])).content.decode()
    assert "Verhuurdermonitor" not in body
    assert not _lines("Monitoring van een verhuurder ingezien")


def test_the_list_of_owners_in_monitoring_with_days_left(jurist, casus, client_of):
    today = timezone.localdate()
    warn(jurist, held_on=today - timedelta(days=10), casus=casus)

    page = client_of(jurist).get(reverse("verhuurders-monitoring"))

    body = page.content.decode()
    assert "volgen wij de eigenaar 12 maanden lang" in body
    assert "1 eigenaar in monitoring" in body
    assert "Jansen" in body
    days = (plus_maanden(today - timedelta(days=10), 12) - today).days
    assert f'<td class="utrecht-table__cell">{days}</td>' in body
    assert [line.object_ref for line in _lines("Verhuurders in monitoring ingezien")] == [
        "monitoring/eigenaar:E1"
    ]


def test_an_empty_monitoring_list_says_so(jurist, city, client_of):
    body = client_of(jurist).get(reverse("verhuurders-monitoring")).content.decode()
    assert "Er is nu geen eigenaar in monitoring." in body


def test_handling_an_alert_with_a_reason(jurist, city, client_of):
    alert = Recidivesignalering.objects.create(
        eigenaar=e1(),
        verblijfsobject=e1().eigendommen.get().verblijfsobject,
        soort="controle",
        bron="controle:C1",
        datum=timezone.localdate(),
        waarschuwing_op=timezone.localdate() - timedelta(days=3),
    )
    client = client_of(jurist)
    page = client.get(reverse("verhuurders-signaleringen"))
    assert "1 signalering" in page.content.decode()
    url = reverse("verhuurders-signalering-afhandelen", args=[alert.pk])

    refused = client.post(url, {f"s{alert.pk}-afhandeling": ""}, follow=True)
    assert "Schrijf hoe de signalering is afgehandeld." in refused.content.decode()
    alert.refresh_from_db()
    assert alert.afgehandeld_op is None

    client.post(url, {f"s{alert.pk}-afhandeling": "Last onder dwangsom gestart."})
    alert.refresh_from_db()
    assert (alert.afhandeling, alert.afgehandeld_door) == ("Last onder dwangsom gestart.", jurist)
    assert (
        "Geen open signaleringen."
        in client.get(reverse("verhuurders-signaleringen")).content.decode()
    )


@pytest.fixture
def candidate(casus, inspecteur):
    """E1: the imported inspection C1 (2026-09-10) and a visit on DATUM, both with a
    violation at Carnisselaan 10, which E1 has owned since 2019."""
    bezoek_record(
        actor=inspecteur,
        casus=casus,
        object=casus.objecten.get(),
        soort="woningbezoek",
        datum=DATUM,
        toegang="verleend",
        volwassenen=6,
        kinderen=0,
        bevindingen=[BevindingInvoer("overbewoning", True, "Zes volwassenen.")],
    )
    return e1()


def test_candidates_are_listed_with_their_evidence(jurist, candidate, client_of):
    body = client_of(jurist).get(reverse("verhuurders-kandidaten")).content.decode()
    assert "Te besluiten (1)" in body
    assert "Bewijs: 2 controles met een overtreding" in body
    assert "C1" in body
    assert "?kandidaat=1" in body
    assert [line.object_ref for line in _lines("Stopgesprekkandidaten ingezien")] == [
        "stopgesprekkandidaten/eigenaar:E1"
    ]


def test_not_now_needs_a_reason_and_then_leaves_the_open_candidates(jurist, candidate, client_of):
    client = client_of(jurist)
    url = reverse("verhuurders-kandidaat-niet-nu", args=["E1"])
    prefix = f"k{candidate.pk}"

    refused = client.post(url, {f"{prefix}-reden": " "})
    assert refused.status_code == 200
    assert "Geef de reden waarom er nu geen stopgesprek komt." in refused.content.decode()
    assert not Stopgesprekbesluit.objects.exists()

    client.post(url, {f"{prefix}-reden": "Eigenaar heeft de woning te koop gezet."})

    besluit = Stopgesprekbesluit.objects.get()
    assert (besluit.besluit, besluit.reden, besluit.laatste_overtreding) == (
        Kandidaatbesluit.NIET_NU,
        "Eigenaar heeft de woning te koop gezet.",
        timezone.datetime(2026, 9, 10).date(),
    )
    body = client.get(reverse("verhuurders-kandidaten")).content.decode()
    assert "Te besluiten (0)" in body
    assert "Besloten (1)" in body


def test_inviting_a_candidate_plans_the_stop_talk_and_records_the_decision(
    jurist, candidate, client_of
):
    client = client_of(jurist)
    url = reverse("verhuurders-uitnodigen", args=["E1"]) + "?kandidaat=1"
    form = client.get(url).content.decode()
    assert "Stopgesprekkandidaat: 2 controles" in form
    moment = timezone.localdate() + timedelta(days=14)

    response = client.post(
        url,
        browser_post(
            form,
            datum=moment.isoformat(),
            tijd="10:00",
            locatie="Stadskantoor",
            aanleiding="Twee keer overbewoning vastgesteld.",
        ),
    )

    gesprek = Verhuurdergesprek.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("verhuurders-gesprek", args=[gesprek.pk])
    assert (gesprek.soort, gesprek.status) == ("stopgesprek", Gespreksstatus.GEPLAND)
    besluit = Stopgesprekbesluit.objects.get()
    assert (besluit.besluit, besluit.gesprek) == (Kandidaatbesluit.UITNODIGEN, gesprek)
    body = client.get(reverse("verhuurders-kandidaten")).content.decode()
    assert "Uitgenodigd voor een" in body


def test_the_invitation_form_names_each_wrong_field_and_keeps_the_rest(jurist, city, client_of):
    client = client_of(jurist)
    url = reverse("verhuurders-uitnodigen", args=["E1"])

    response = client.post(
        url,
        {
            "soort": "waarschuwingsgesprek",
            "datum": "2020-01-01",
            "tijd": "25:00",
            "locatie": "Stadskantoor",
            "aanleiding": "Overbewoning.",
        },
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Vul een geldige tijd in (uu:mm)." in body
    assert 'value="Stadskantoor"' in body
    response = client.post(
        url,
        {
            "soort": "waarschuwingsgesprek",
            "datum": "2020-01-01",
            "tijd": "10:00",
            "locatie": "Stadskantoor",
            "aanleiding": "Overbewoning.",
        },
    )
    assert "Het gesprek ligt in het verleden" in response.content.decode()
    assert not Verhuurdergesprek.objects.exists()


def test_recording_a_talk_through_its_page_and_downloading_the_letter(jurist, casus, client_of):
    gesprek = invite(jurist, casus=casus)
    client = client_of(jurist)
    page = client.get(reverse("verhuurders-gesprek", args=[gesprek.pk])).content.decode()
    assert "Gesprek vastleggen" in page

    letter = client.get(reverse("verhuurders-gesprek-uitnodiging", args=[gesprek.pk]))
    assert letter["Content-Type"] == "application/pdf"
    assert b"".join(letter.streaming_content).startswith(b"%PDF-")
    assert _lines("Uitnodigingsbrief van een verhuurdergesprek gedownload")

    held = timezone.localdate() - timedelta(days=1)
    response = client.post(
        reverse("verhuurders-gesprek-vastleggen", args=[gesprek.pk]),
        {
            "verslag-gehouden_op": held.isoformat(),
            "verslag-deelnemers": "J. Jansen; jurist",
            "verslag-afspraken": "Vier bewoners.",
        },
    )
    assert response.status_code == 302
    gesprek.refresh_from_db()
    assert (gesprek.status, gesprek.gehouden_op) == (Gespreksstatus.GEHOUDEN, held)


def test_the_case_page_shows_its_talks_only_to_whom_it_is_shared(
    jurist, casus, regisseur, make_user, partner_organisatie, share, client_of
):
    gesprek = invite(jurist, casus=casus)
    url = reverse("casus", args=[casus.referentie])
    director_view = make_user([Capability.CASES_VIEW, Capability.LANDLORDS_MONITOR])
    body = client_of(director_view).get(url).content.decode()
    assert reverse("verhuurders-gesprek", args=[gesprek.pk]) in body

    partner = make_user(
        [Capability.CASES_VIEW, Capability.LANDLORDS_MONITOR], organisatie_=partner_organisatie
    )
    share(casus, "taken")
    body = client_of(partner).get(url).content.decode()
    assert "Verhuurdergesprekken en recidive" not in body
    share(casus, "handhaving")
    body = client_of(partner).get(url).content.decode()
    assert reverse("verhuurders-gesprek", args=[gesprek.pk]) in body


def test_candidates_come_a_page_at_a_time_and_the_log_names_those_shown(
    jurist, candidate, client_of, monkeypatch
):
    # A second candidate: E2 owns the other dwelling, inspected twice with a violation.
    from goedwonen.registry.models import Controle, Eigenaar, Eigendom, Verblijfsobject
    from goedwonen.verhuurders import selectors

    from .support import OTHER_DWELLING

    vbo = Verblijfsobject.objects.get(object_id=OTHER_DWELLING)
    e2 = Eigenaar.objects.create(eigenaar_id="E2", soort="natuurlijk_persoon", naam="P. Pietersen")
    Eigendom.objects.filter(verblijfsobject=vbo).delete()
    Eigendom.objects.create(verblijfsobject=vbo, eigenaar=e2, verkregen_op=DATUM - timedelta(900))
    for n, days in ((1, 400), (2, 200)):
        Controle.objects.create(
            bron_id=f"P{n}",
            verblijfsobject=vbo,
            datum=DATUM - timedelta(days),
            aanleiding="melding",
            overtreding="ja",
        )
    monkeypatch.setattr(selectors, "KANDIDATEN_PER_PAGINA", 1)
    client = client_of(jurist)

    first = client.get(reverse("verhuurders-kandidaten")).content.decode()
    second = client.get(reverse("verhuurders-kandidaten") + "?pagina=2").content.decode()

    assert "Te besluiten (2)" in first and "Pagina 1 van 2" in first
    assert 'rel="next" href="?pagina=2"' in first
    shown = [line.object_ref for line in _lines("Stopgesprekkandidaten ingezien")]
    assert len(shown) == 2 and shown[0] != shown[1]
    assert {shown[0].rsplit(":", 1)[1], shown[1].rsplit(":", 1)[1]} == {"E1", "E2"}
    assert ("P. Pietersen" in first) != ("P. Pietersen" in second)


def test_a_candidate_with_many_violations_shows_the_newest_and_links_to_all(
    jurist, candidate, client_of, monkeypatch
):
    """The list shows a candidate's newest violations (a corporation has hundreds), newest
    first, says how many there are and links to the owner's inspections."""
    from goedwonen.verhuurders import regels

    monkeypatch.setattr(regels, "BEWIJS_GETOOND", 1)
    body = client_of(jurist).get(reverse("verhuurders-kandidaten")).content.decode()
    assert "Bewijs: 2 controles met een overtreding" in body
    assert "; de nieuwste 1</caption>" in body
    # The imported inspection C1 of 10 September is the newest; the visit of 1 July is not shown.
    assert ">C1<" in body
    assert 'utrecht-table__cell">1 juli 2026</td>' not in body
    assert reverse("eigenaar-controles", args=["E1"]) in body


def test_an_old_copy_of_the_candidates_is_shown_while_the_worker_makes_the_next(
    jurist, candidate, client_of, run_worker
):
    """The day's first view computes the candidates; a view that finds the copy older than
    ten minutes shows it and asks the worker, once, for the next (issue 18: no request
    computes the city's candidates every ten minutes)."""
    from django_tasks_db.models import DBTaskResult

    from django.core.cache import cache

    from goedwonen.core.memo import ProcessMemo
    from goedwonen.verhuurders import selectors

    client = client_of(jurist)
    url = reverse("verhuurders-kandidaten")
    assert "Te besluiten (1)" in client.get(url).content.decode()  # computed by the view
    asked = DBTaskResult.objects.filter(task_path__endswith="candidates_compute")
    assert not asked.exists()  # fresh: nothing asked

    # The copy as it was eleven minutes ago, before E1 was a candidate.
    key = selectors.kandidaten_key(timezone.localdate())
    cache.set(key, ([], timezone.now() - timedelta(minutes=11)), 3600)
    ProcessMemo.forget_everywhere()
    assert "Te besluiten (1)" not in client.get(url).content.decode()  # the old copy
    client.get(url)
    assert asked.count() == 1  # asked once for two views

    run_worker()
    ProcessMemo.forget_everywhere()  # another process, or this one a minute later
    assert "Te besluiten (1)" in client.get(url).content.decode()
    assert asked.count() == 1  # the new copy is fresh
