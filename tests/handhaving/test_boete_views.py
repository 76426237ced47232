"""The fine policy pages through HTTP: every version with its amounts and maxima, and the
form that makes a new version."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from goedwonen.core.policy import Capability
from goedwonen.handhaving.models import Boetebeleid

pytestmark = pytest.mark.django_db


@pytest.fixture
def jurist(client, make_user):
    client.force_login(make_user([Capability.INSTRUMENTS_MANAGE]))


def _prefilled(client) -> dict[str, str]:
    """What the browser posts for the untouched prefilled form (no new offence)."""
    page = client.get(reverse("handhaving-boetebeleid-nieuw")).content.decode()
    return dict(
        re.findall(r'<input type="(?:text|number|date)" name="(\w+)" value="([^"]*)"', page)
    )


def test_the_policy_page_shows_amounts_factors_and_maxima_with_their_source(client, jurist):
    page = client.get(reverse("handhaving-boetebeleid")).content.decode()
    assert "Versie 1: Boetebeleid wonen en verhuur (startversie) (geldt nu)" in page
    assert "Geldig vanaf 1 januari 2024." in page
    assert "103000.00" in page
    assert "Art. 19 Wgv: vijfde categorie bij een tweede overtreding binnen vier jaar" in page
    assert "Kamerverhuur zonder vergunning" in page


def test_a_jurist_makes_a_new_policy_version(client, jurist):
    vanaf = timezone.localdate() + timedelta(days=7)
    data = _prefilled(client)
    assert data["basis_kamerverhuur"] == "10000.00"
    assert data["max_wgv_recidive_bedrag"] == "103000.00"
    data |= {
        "geldig_vanaf": vanaf.isoformat(),
        "basis_kamerverhuur": "12500.00",
        "basis_woonfraude": "",  # removed from the policy
        "max_wgv_eerste_bedrag": "27000.00",
        "max_wgv_eerste_prijspeil": "2026-01-01",
        "max_wgv_eerste_bron": "Art. 23 Sr, geïndexeerd per 1-1-2026",
        "nieuw_categorie": "leegstand",
        "nieuw_naam": "Leegstand zonder vergunning",
        "nieuw_wet": "hvw",
        "nieuw_basisbedrag": "3000",
        "reden": "Indexering 2026 en hogere boete voor kamerverhuur.",
    }
    response = client.post(reverse("handhaving-boetebeleid-nieuw"), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    nieuw = Boetebeleid.objects.get(versie=2)
    assert nieuw.geldig_vanaf == vanaf
    overtredingen = {r["categorie"]: r for r in nieuw.parameters["overtredingen"]}
    assert overtredingen["kamerverhuur"]["basisbedrag"] == "12500.00"
    assert "woonfraude" not in overtredingen
    assert overtredingen["leegstand"] == {
        "categorie": "leegstand",
        "naam": "Leegstand zonder vergunning",
        "wet": "hvw",
        "basisbedrag": "3000.00",
    }
    assert {
        "wet": "wgv",
        "recidive": False,
        "bedrag": "27000.00",
        "prijspeil": "2026-01-01",
        "bron": "Art. 23 Sr, geïndexeerd per 1-1-2026",
    } in nieuw.parameters["maxima"]
    page = client.get(response["Location"]).content.decode()
    assert f"tot en met {vanaf - timedelta(days=1):%-d}" in page  # version 1 ends the day before


def test_a_policy_with_retroactive_effect_or_half_a_maximum_is_refused(client, jurist):
    data = _prefilled(client) | {
        "geldig_vanaf": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "max_hvw_eerste_bron": "",
        "nieuw_naam": "Iets",
        "reden": "Terugwerkend.",
    }
    response = client.post(reverse("handhaving-boetebeleid-nieuw"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Vul bij een maximum het bedrag, het prijspeil en de bron in." in page
    assert "Vul voor een nieuwe overtreding de categorie, de omschrijving, de wet en het" in page
    assert Boetebeleid.objects.count() == 1
    data |= {"max_hvw_eerste_bron": "Art. 35 Hvw", "nieuw_naam": ""}
    response = client.post(reverse("handhaving-boetebeleid-nieuw"), data)
    assert response.status_code == 400
    assert "Boetebeleid geldt niet met terugwerkende kracht" in response.content.decode()
    assert Boetebeleid.objects.count() == 1
