"""The procedures API: list (filtered by case) and detail, with the pages' visibility rule,
logged, problem+json on bad input."""

from __future__ import annotations

from decimal import Decimal

import pytest

from django.utils import timezone

from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability
from goedwonen.handhaving.traject_services import (
    brief_send,
    rechtsmiddel_record,
    stap_record,
    traject_start_on_case,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def traject(casus, jurist, dwangsom):
    traject = traject_start_on_case(
        actor=jurist,
        casus=casus,
        instrumentversie=dwangsom,
        partij=casus.partijen.get(eigenaar__isnull=False),
        aanleiding="Tien bewoners",
    )
    today = timezone.localdate()
    brief_send(actor=jurist, stap=stap_record(actor=jurist, traject=traject, datum=today))
    stap_record(actor=jurist, traject=traject, datum=today, uitkomst="Geen")
    besluit = stap_record(actor=jurist, traject=traject, datum=today, bedrag=Decimal("2500"))
    rechtsmiddel_record(
        actor=jurist, traject=traject, stap=besluit, soort="bezwaar", ingediend_op=today
    )
    return traject


def _client(api_client, make_token, organisatie=None):
    _, key = make_token([Capability.CASES_VIEW], organisatie_=organisatie)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api_client


def test_list_and_detail(api_client, make_token, casus, traject):
    client = _client(api_client, make_token)
    lines = Verwerkingslog.objects.count()
    body = client.get("/api/v1/handhavingstrajecten").json()
    assert Verwerkingslog.objects.count() == lines + 1
    (item,) = body["results"]
    assert item == {
        "id": traject.pk,
        "kenmerk": traject.kenmerk,
        "casus": casus.referentie,
        "melding": None,
        "organisatie": "so",
        "instrument": "last-onder-dwangsom",
        "instrumentversie": traject.instrumentversie.versie,
        "eigenaarId": "E1",
        "status": "lopend",
        "gestartOp": item["gestartOp"],
        "afgeslotenOp": None,
    }
    assert client.get(f"/api/v1/handhavingstrajecten?casus={casus.referentie}").json()[
        "results"
    ] == [item]
    assert client.get("/api/v1/handhavingstrajecten?casus=CS-ANDERS").json()["results"] == []
    detail = client.get(f"/api/v1/handhavingstrajecten/{traject.pk}").json()
    today = timezone.localdate()
    assert [(s["soort"], s["briefVerzonden"]) for s in detail["stappen"]] == [
        ("voornemen", True),
        ("zienswijze", False),
        ("besluit", False),
    ]
    assert detail["stappen"][2]["bedrag"] == "2500.00"
    assert detail["rechtsmiddelen"] == [
        {
            "soort": "bezwaar",
            "ingediendOp": today.isoformat(),
            "indienenTot": (today + timezone.timedelta(days=42)).isoformat(),
            "beslissenTot": (today + timezone.timedelta(days=84)).isoformat(),
            "uitspraak": None,
        }
    ]


def test_a_partner_sees_procedures_only_as_shared(
    api_client, make_token, casus, traject, share, partner_organisatie
):
    client = _client(api_client, make_token, partner_organisatie)
    share(casus, "taken")
    assert client.get("/api/v1/handhavingstrajecten").json()["results"] == []
    response = client.get(f"/api/v1/handhavingstrajecten/{traject.pk}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    share(casus, "handhaving")
    assert [t["id"] for t in client.get("/api/v1/handhavingstrajecten").json()["results"]] == [
        traject.pk
    ]
    assert client.get(f"/api/v1/handhavingstrajecten/{traject.pk}").status_code == 200


def test_a_bad_filter_is_a_problem(api_client, make_token, traject):
    client = _client(api_client, make_token)
    response = client.get("/api/v1/handhavingstrajecten?casus=")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
