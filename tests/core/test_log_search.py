from __future__ import annotations

from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from goedwonen.core.models import Verwerkingsactiviteitcode, Verwerkingslog
from goedwonen.core.policy import Capability
from goedwonen.core.processing_log import DataSubject, processing_log_record, pseudonymise
from goedwonen.core.selectors import LogFilters, processing_log_search

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user):
    return make_user([Capability.LOG_SEARCH], username="fg")


@pytest.fixture
def history(make_user, partner_organisatie):
    """Three lines by two people of two organisations about two data subjects."""
    so_user = make_user(username="anna")
    police_user = make_user(username="piet", organisatie_=partner_organisatie)
    processing_log_record(
        actor=so_user,
        operation="A",
        activity=Verwerkingsactiviteitcode.ACCOUNTBEHEER,
        subjects=[DataSubject("eigenaar", "E1")],
    )
    processing_log_record(
        actor=so_user,
        operation="B",
        activity=Verwerkingsactiviteitcode.ACCOUNTBEHEER,
        subjects=[DataSubject("eigenaar", "E2")],
    )
    processing_log_record(
        actor=police_user,
        operation="C",
        activity=Verwerkingsactiviteitcode.ACCOUNTBEHEER,
        subjects=[DataSubject("eigenaar", "E1")],
    )


def _names(lines):
    return [line.name for line in lines]


def test_search_by_data_subject(officer, history):
    lines = processing_log_search(
        actor=officer, filters=LogFilters(subject=DataSubject("eigenaar", "E1"))
    )
    assert _names(lines) == ["C", "A"]


def test_search_by_user_and_by_organisation(officer, history, partner_organisatie):
    assert _names(processing_log_search(actor=officer, filters=LogFilters(username="ANNA"))) == [
        "B",
        "A",
    ]
    assert _names(
        processing_log_search(actor=officer, filters=LogFilters(organisatie=partner_organisatie))
    ) == ["C"]


def test_search_by_period(officer, history):
    today = timezone.localdate()
    assert (
        len(
            processing_log_search(
                actor=officer, filters=LogFilters(start=today, end=today, username="anna")
            )
        )
        == 2
    )
    tomorrow = today + timedelta(days=1)
    assert len(processing_log_search(actor=officer, filters=LogFilters(start=tomorrow))) == 0


def test_the_search_itself_is_logged_with_the_searched_subject(officer, history):
    processing_log_search(actor=officer, filters=LogFilters(subject=DataSubject("eigenaar", "E2")))
    last = Verwerkingslog.objects.order_by("-pk").first()
    assert last.name == "Verwerkingslogboek doorzocht"
    assert last.verwerkingsactiviteit.code == "privacytoezicht"
    assert last.data_subject_id == pseudonymise(DataSubject("eigenaar", "E2"))
    assert last.audit.gebruikersnaam == "fg"


def test_page_shows_results_and_validates_input(client, officer, history):
    client.force_login(officer)
    response = client.get(
        reverse("privacy-log"), {"betrokkene_soort": "eigenaar", "betrokkene_id": "E1"}
    )
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 2
    assert "2 logregels" in response.content.decode()

    response = client.get(reverse("privacy-log"), {"betrokkene_id": "E1"})
    assert response.context["page"] is None
    assert "zowel de soort als het kenmerk" in response.content.decode()

    response = client.get(reverse("privacy-log"), {"van": "2026-02-30"})
    assert response.context["form"].errors["van"] == ["Voer een geldige datum in."]

    response = client.get(reverse("privacy-log"), {"van": "2026-05-02", "tot": "2026-05-01"})
    assert response.context["form"].errors["tot"] == ["De einddatum ligt voor de begindatum."]


def test_verify_button_records_a_check(client, officer, history):
    client.force_login(officer)
    response = client.post(reverse("privacy-log-verify"), follow=True)
    assert "Logketen intact: 3 regels gecontroleerd." in response.content.decode()
