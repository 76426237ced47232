"""Enforcement procedures through their services: the dwangsom chain, letters, tasks,
timeline, log, terms pinned to the version, objections, access."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from goedwonen.casussen.models import Gebeurtenissoort, Taak, Taakstatus
from goedwonen.core.models import Verwerkingslog
from goedwonen.core.registries import dwelling_events
from goedwonen.handhaving.models import Rechtsmiddel, Traject, Trajectstap, Trajectstatus
from goedwonen.handhaving.traject_selectors import traject_list, trajecten_visible
from goedwonen.handhaving.traject_services import (
    brief_send,
    rechtsmiddel_decide,
    rechtsmiddel_record,
    stap_record,
    traject_start_on_case,
    traject_start_on_report,
    trajecten_destroy,
)
from goedwonen.handhaving.werkvoorraad import werkvoorraad
from goedwonen.intake.services.registration import melding_register
from goedwonen.intake.services.triage import melding_triage
from goedwonen.registry.models import Eigenaar
from tests.documenten.pdftext import pdf_text
from tests.scenario import CARNISSE_10

from .trajectfixtures import DWANGSOM_STAPPEN, JURIST, dwangsom_versie


def _text(pdf: bytes) -> str:
    """The letter's text with its line breaks as spaces."""
    return " ".join(pdf_text(pdf).split())


pytestmark = pytest.mark.django_db


def _start(casus, jurist, versie, aanleiding="Tien bewoners op 60 m² (bezoek 1 december)"):
    return traject_start_on_case(
        actor=jurist,
        casus=casus,
        instrumentversie=versie,
        partij=casus.partijen.get(eigenaar__isnull=False),
        aanleiding=aanleiding,
    )


@pytest.fixture
def events():
    calls: list[dict] = []

    def hook(**kwargs):
        calls.append(kwargs)

    dwelling_events.register(hook)
    yield calls
    dwelling_events._items.remove(hook)


def test_the_dwangsom_chain_from_intention_to_collection(casus, jurist, dwangsom, events):
    today = timezone.localdate()
    traject = _start(casus, jurist, dwangsom)
    assert (traject.status, traject.instrumentversie, traject.organisatie) == (
        Trajectstatus.LOPEND,
        dwangsom,
        jurist.organisatie,
    )
    assert traject.eigenaar.eigenaar_id == "E1"

    voornemen = stap_record(actor=jurist, traject=traject, datum=today)
    assert (voornemen.index, voornemen.soort, voornemen.termijn_tot) == (
        0,
        "voornemen",
        today + timedelta(days=14),
    )
    text = _text(voornemen.brief_pdf.read())
    # The full postal address, the term, the legal basis, signed on behalf of the body.
    for expected in (
        "Coolsingel 40",
        "3000 AA ROTTERDAM",
        "artikel 5:32 Awb jo. artikel 125 Gemeentewet",
        f"{traject.kenmerk}",
        "namens dezen",
        "Julia Jurist",
        "Het college van burgemeester en wethouders van Rotterdam",
        "Tien bewoners op 60 m²",
    ):
        assert expected in text, expected
    assert voornemen.brief_gegevens["termijn_tot"] in text
    assert voornemen.brief_gegevens["geadresseerde"]["postcode"] == "3000 AA"
    # The task for the next step (the opinion), to the jurist, by the end of the term.
    taak = voornemen.taak
    assert (taak.organisatie, taak.toegewezen_aan, taak.deadline, taak.status) == (
        jurist.organisatie,
        jurist,
        today + timedelta(days=14),
        Taakstatus.OPEN,
    )
    assert taak.titel.startswith("Zienswijze (jurist)")

    brief_send(actor=jurist, stap=voornemen)
    zienswijze = stap_record(
        actor=jurist, traject=traject, datum=today, uitkomst="Eigenaar: bewoners vertrekken"
    )
    assert zienswijze.brief_pdf.name == ""
    taak.refresh_from_db()
    assert taak.status == Taakstatus.AFGEROND

    assert events == []
    besluit = stap_record(actor=jurist, traject=traject, datum=today, bedrag=Decimal("5000"))
    assert besluit.termijn_tot == today + timedelta(days=28)
    assert "€ 5.000,00" in _text(besluit.brief_pdf.read())
    # The decision tells the landlord monitor, once per dwelling, inside the transaction.
    assert events == [
        {
            "verblijfsobject_id": casus.objecten.get().verblijfsobject_id,
            "soort": "handhaving",
            "datum": today,
            "bron": f"traject:{traject.pk}",
            "casus_id": casus.pk,
            "actor": jurist,
        }
    ]
    # The re-inspection is the inspector's: a task for the organisation, not a person.
    assert besluit.taak.toegewezen_aan is None
    assert besluit.taak.titel.startswith("Hercontrole (toezichthouder)")
    assert besluit.taak.deadline == today + timedelta(days=28)

    with pytest.raises(ValidationError) as refused:
        stap_record(actor=jurist, traject=traject, datum=today, uitkomst="Nog 8 bewoners")
    assert refused.value.message_dict == {"nageleefd": ["Geef aan of de last is nageleefd."]}
    stap_record(
        actor=jurist, traject=traject, datum=today, uitkomst="Nog 8 bewoners", nageleefd=False
    )
    verbeurte = stap_record(actor=jurist, traject=traject, datum=today, bedrag=Decimal("5000"))
    text = _text(verbeurte.brief_pdf.read())
    assert "Nog 8 bewoners" in text and "€ 5.000,00" in text
    invordering = stap_record(actor=jurist, traject=traject, datum=today, bedrag=Decimal("5000"))
    traject.refresh_from_db()
    assert (traject.status, traject.afgesloten_op) == (Trajectstatus.AFGEROND, today)
    assert invordering.taak is None
    with pytest.raises(ValidationError, match="afgerond"):
        stap_record(actor=jurist, traject=traject, datum=today)

    lines = [
        e.tekst for e in casus.tijdlijn.filter(soort=Gebeurtenissoort.HANDHAVING).order_by("pk")
    ]
    assert lines[0].startswith(
        f"Handhavingstraject 'Last onder dwangsom' gestart (versie {dwangsom.versie})"
    )
    assert len(lines) == 1 + 6 + 1  # started, six steps, one letter sent
    assert lines[1].startswith("Handhaving Last onder dwangsom: Voornemen last onder dwangsom op ")
    assert (
        Verwerkingslog.objects.filter(object_ref__startswith=f"traject:{traject.pk}").count() == 8
    )


def test_a_procedure_keeps_the_terms_of_the_version_it_started_with(casus, jurist, dwangsom):
    today = timezone.localdate()
    traject = _start(casus, jurist, dwangsom)
    # A jurist changes the intention's term to 21 days: a new version.
    stappen = [dict(s) for s in dwangsom.stappen]
    stappen[0]["termijn_dagen"] = 21
    nieuw = dwangsom_versie(stappen)
    stap = stap_record(actor=jurist, traject=traject, datum=today)
    assert stap.termijn_tot == today + timedelta(days=14)
    # A procedure started after it follows the new version.
    later = _start(casus, jurist, nieuw)
    assert stap_record(actor=jurist, traject=later, datum=today).termijn_tot == today + timedelta(
        days=21
    )


def test_no_letter_without_the_full_postal_address(casus, jurist, dwangsom):
    traject = _start(casus, jurist, dwangsom)
    Eigenaar.objects.filter(eigenaar_id="E1").update(postcode="")
    before = (Trajectstap.objects.count(), Taak.objects.count(), Verwerkingslog.objects.count())
    with pytest.raises(ValidationError) as refused:
        stap_record(actor=jurist, traject=traject, datum=timezone.localdate())
    assert "ontbreekt in de registratie (BRK) het postadres: postcode" in str(refused.value)
    assert before == (
        Trajectstap.objects.count(),
        Taak.objects.count(),
        Verwerkingslog.objects.count(),
    )


def test_the_letter_shows_data_as_text(casus, jurist, dwangsom):
    traject = _start(casus, jurist, dwangsom, aanleiding="<b>vet</b> & {{ brief.kenmerk }}")
    stap = stap_record(actor=jurist, traject=traject, datum=timezone.localdate())
    assert "<b>vet</b> & {{ brief.kenmerk }}" in _text(stap.brief_pdf.read())


def test_bad_step_input_is_refused_in_dutch(casus, jurist, dwangsom):
    traject = _start(casus, jurist, dwangsom)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        stap_record(actor=jurist, traject=traject, datum=today + timedelta(days=1))
    assert refused.value.message_dict == {
        "datum": ["De datum ligt in de toekomst: leg een stap vast als die is gezet."]
    }
    stap_record(actor=jurist, traject=traject, datum=today)
    with pytest.raises(ValidationError) as refused:
        stap_record(actor=jurist, traject=traject, datum=today - timedelta(days=1), uitkomst="x")
    assert "voor die van de vorige stap" in refused.value.message_dict["datum"][0]


def test_complied_at_reinspection_closes_the_procedure(casus, jurist, dwangsom):
    today = timezone.localdate()
    traject = _start(casus, jurist, dwangsom)
    for _ in range(2):
        stap_record(actor=jurist, traject=traject, datum=today, uitkomst="Geen zienswijze")
    stap_record(actor=jurist, traject=traject, datum=today, bedrag=Decimal("1000"))
    hercontrole = stap_record(
        actor=jurist, traject=traject, datum=today, uitkomst="Twee bewoners", nageleefd=True
    )
    traject.refresh_from_db()
    assert (traject.status, traject.afsluitreden) == (Trajectstatus.NAGELEEFD, "Twee bewoners")
    assert hercontrole.taak is None
    # Every task the procedure set out is done.
    assert not Taak.objects.filter(casus=casus, status=Taakstatus.OPEN).exists()


def test_objection_terms_follow_the_awb(casus, jurist, dwangsom):
    today = timezone.localdate()
    traject = _start(casus, jurist, dwangsom)
    for _ in range(2):
        stap_record(actor=jurist, traject=traject, datum=today - timedelta(days=50), uitkomst="x")
    besluit = stap_record(actor=jurist, traject=traject, datum=today - timedelta(days=43))
    bezwaar = rechtsmiddel_record(
        actor=jurist,
        traject=traject,
        stap=besluit,
        soort="bezwaar",
        ingediend_op=today,
        toelichting="Bewoners zijn familie",
    )
    # Six weeks from the day after the decision: the last day is 42 days after it.
    assert bezwaar.indienen_tot == besluit.datum + timedelta(days=42)
    assert not bezwaar.tijdig
    assert bezwaar.beslissen_tot == today + timedelta(weeks=6)
    assert werkvoorraad(actor=jurist, peildatum=today).rechtsmiddelen == [bezwaar]
    rechtsmiddel_decide(actor=jurist, rechtsmiddel=bezwaar, datum=today, uitspraak="ongegrond")
    assert werkvoorraad(actor=jurist, peildatum=today).rechtsmiddelen == []
    beroep = rechtsmiddel_record(
        actor=jurist, traject=traject, stap=besluit, soort="beroep", ingediend_op=today
    )
    assert (beroep.indienen_tot, beroep.beslissen_tot, beroep.tijdig) == (
        today + timedelta(days=42),
        None,
        True,
    )
    zienswijze = traject.stappen.get(index=1)
    with pytest.raises(ValidationError) as refused:
        rechtsmiddel_record(
            actor=jurist, traject=traject, stap=zienswijze, soort="bezwaar", ingediend_op=today
        )
    assert list(refused.value.message_dict) == ["stap"]


def test_the_work_queue(casus, jurist, dwangsom):
    today = timezone.localdate()
    traject = _start(casus, jurist, dwangsom)
    werk = werkvoorraad(actor=jurist, peildatum=today)
    assert ([t.traject for t in werk.termijnen], werk.concepten) == ([traject], [])
    stap = stap_record(actor=jurist, traject=traject, datum=today)
    werk = werkvoorraad(actor=jurist, peildatum=today)
    # The 14-day term is beyond the week ahead; the draft waits for a check.
    assert (werk.concepten, werk.termijnen) == ([stap], [])
    assert werkvoorraad(actor=jurist, peildatum=today + timedelta(days=7)).termijnen[0].tot == (
        today + timedelta(days=14)
    )
    assert werkvoorraad(actor=jurist, peildatum=today + timedelta(days=15)).termijnen[0].verlopen
    brief_send(actor=jurist, stap=stap)
    assert werkvoorraad(actor=jurist, peildatum=today).concepten == []
    with pytest.raises(ValidationError, match="al verzonden"):
        brief_send(actor=jurist, stap=stap)


def test_partners_see_procedures_only_when_enforcement_is_shared(
    casus, jurist, dwangsom, politie, share
):
    traject = _start(casus, jurist, dwangsom)
    share(casus, "taken")
    assert list(traject_list(actor=politie)) == []
    share(casus, "handhaving")
    assert list(traject_list(actor=politie)) == [traject]
    assert list(traject_list(actor=politie, casus=casus.referentie)) == [traject]


def test_who_may_handle(casus, jurist, dwangsom, regisseur, politie, share, make_user):

    with pytest.raises(PermissionDenied):
        _start(casus, regisseur, dwangsom)  # no enforcement capability
    traject = _start(casus, jurist, dwangsom)
    share(casus, "handhaving")
    partner_jurist = make_user(JURIST, username="pj", organisatie_=politie.organisatie)
    before = Trajectstap.objects.count()
    with pytest.raises(PermissionDenied):
        stap_record(actor=partner_jurist, traject=traject, datum=timezone.localdate())
    assert Trajectstap.objects.count() == before


def test_a_procedure_on_a_report_without_a_case(city, regisseur, jurist, dwangsom):
    melding = melding_register(
        actor=regisseur,
        bron="telefoon",
        categorie="overbewoning",
        omschrijving="Matrassen",
        adres=CARNISSE_10,
        melder_soort="bewoner",
    ).melding
    melding = melding_triage(
        actor=regisseur,
        melding=melding,
        uitkomst="mono",
        reden="Alleen bouw- en woningtoezicht",
        organisatie=jurist.organisatie,
    )
    eigenaar = Eigenaar.objects.get(eigenaar_id="E1")
    traject = traject_start_on_report(
        actor=jurist, melding=melding, instrumentversie=dwangsom, eigenaar=eigenaar, aanleiding="x"
    )
    stap = stap_record(actor=jurist, traject=traject, datum=timezone.localdate())
    assert stap.taak is None  # tasks belong to cases: the work queue shows the term
    assert traject.kenmerk == f"{melding.referentie}/HH{traject.pk}"
    text = _text(stap.brief_pdf.read())
    assert "Carnisselaan 10" in text
    assert list(trajecten_visible(jurist)) == [traject]


def test_the_rule_for_a_procedure_joins_its_case_instead_of_listing_every_case_seen(
    casus, jurist, dwangsom
):
    """`casus IN (the cases seen)` beside the rule for a procedure without a case made
    PostgreSQL hash the organisation's 200,000 cases to show one procedure (ADR 0027)."""
    traject = _start(casus, jurist, dwangsom)
    one = trajecten_visible(jurist).filter(pk=traject.pk)
    assert "IN (SELECT" not in str(one.query).upper()
    assert list(one) == [traject]


def test_destroying_the_case_removes_its_procedures(casus, jurist, dwangsom):
    traject = _start(casus, jurist, dwangsom)
    stap = stap_record(actor=jurist, traject=traject, datum=timezone.localdate())
    rechtsmiddel_count = Rechtsmiddel.objects.count()
    assert trajecten_destroy(casus=casus) == 1
    assert not Traject.objects.exists() and not Trajectstap.objects.filter(pk=stap.pk).exists()
    assert Rechtsmiddel.objects.count() == rechtsmiddel_count


def _seeded_like(extra_term: int = 42) -> list[dict]:
    """The steps as the catalogue seeds them: after the collection an objection step and a
    closing step, which are not taken in turn."""
    closing = {
        "soort": "afsluiting",
        "naam": "Afsluiting",
        "termijn_dagen": None,
        "uitvoerder": "jurist",
        "brief": {
            "titel": "Afsluiting handhaving",
            "tekst": "Bij de hercontrole op {{ brief.hercontrole.datum }} bleek de overtreding "
            "beëindigd. Wij sluiten {{ brief.kenmerk }} af.",
        },
    }
    bezwaar = {
        "soort": "bezwaar",
        "naam": "Bezwaar",
        "termijn_dagen": extra_term,
        "uitvoerder": "jurist",
        "brief": None,
    }
    return [*DWANGSOM_STAPPEN, bezwaar, closing]


def test_compliance_leads_to_the_closing_letter(casus, jurist):
    today = timezone.localdate()
    versie = dwangsom_versie(_seeded_like())
    traject = _start(casus, jurist, versie)
    for uitkomst in ("", "Geen zienswijze"):
        stap_record(actor=jurist, traject=traject, datum=today, uitkomst=uitkomst)
    stap_record(actor=jurist, traject=traject, datum=today, bedrag=Decimal(500))
    hercontrole = stap_record(
        actor=jurist, traject=traject, datum=today, uitkomst="Twee bewoners", nageleefd=True
    )
    traject.refresh_from_db()
    assert traject.status == Trajectstatus.LOPEND  # the closing letter is still to go
    assert hercontrole.taak.titel.startswith("Afsluiting (jurist)")
    afsluiting = stap_record(actor=jurist, traject=traject, datum=today)
    assert (afsluiting.index, afsluiting.soort) == (7, "afsluiting")
    assert "bleek de overtreding beëindigd" in _text(afsluiting.brief_pdf.read())
    traject.refresh_from_db()
    assert (traject.status, traject.afsluitreden) == (Trajectstatus.NAGELEEFD, "Twee bewoners")


def test_no_compliance_skips_the_steps_out_of_turn(casus, jurist):
    today = timezone.localdate()
    traject = traject_start_on_case(
        actor=jurist,
        casus=casus,
        instrumentversie=dwangsom_versie(_seeded_like(extra_term=30)),
        partij=casus.partijen.get(eigenaar__isnull=False),
        aanleiding="Tien bewoners",
        last="Zorg dat er niet meer dan vier personen wonen.",
    )
    for uitkomst in ("", "Geen zienswijze"):
        stap_record(actor=jurist, traject=traject, datum=today, uitkomst=uitkomst)
    with pytest.raises(ValidationError) as refused:
        stap_record(
            actor=jurist, traject=traject, datum=today, bedrag=Decimal(600), bedrag_maximum=1
        )
    assert refused.value.message_dict == {
        "bedrag_maximum": ["Het maximum is lager dan het bedrag."]
    }
    besluit = stap_record(
        actor=jurist,
        traject=traject,
        datum=today,
        bedrag=Decimal(500),
        bedrag_maximum=Decimal(5000),
    )
    stap_record(actor=jurist, traject=traject, datum=today, uitkomst="Acht", nageleefd=False)
    stap_record(actor=jurist, traject=traject, datum=today, bedrag=Decimal(500))
    invordering = stap_record(actor=jurist, traject=traject, datum=today)
    traject.refresh_from_db()
    assert [s.soort for s in traject.stappen.all()][-1] == "invordering"
    assert traject.status == Trajectstatus.AFGEROND
    # The collection letter takes the amounts of the latest step that set them.
    assert invordering.brief_gegevens["bedrag"] == "€ 500,00"
    assert invordering.brief_gegevens["bedrag_maximum"] == "€ 5.000,00"
    assert invordering.brief_gegevens["last"] == "Zorg dat er niet meer dan vier personen wonen."
    # The objection's term comes from the version's objection step.
    bezwaar = rechtsmiddel_record(
        actor=jurist, traject=traject, stap=besluit, soort="bezwaar", ingediend_op=today
    )
    assert bezwaar.indienen_tot == today + timedelta(days=30)
