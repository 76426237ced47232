"""Bad input outside forms gets a clear 4xx, never a server error: dates at the ends of the
calendar in the log search, NUL characters anywhere in a request, a malformed request."""

from __future__ import annotations

import pytest

from django.urls import reverse

from goedwonen.core.policy import Capability

pytestmark = pytest.mark.django_db

DATE_ERROR = "Kies een datum van 1 januari 1900 tot en met 31 december 2100."


@pytest.fixture
def officer(client, make_user):
    client.force_login(make_user([Capability.LOG_SEARCH], username="fg"))


@pytest.mark.parametrize(
    ("field", "day"),
    [("van", "0001-01-01"), ("tot", "0001-01-01"), ("van", "9999-12-31"), ("tot", "9999-12-31")],
)
def test_log_search_with_a_date_at_the_end_of_the_calendar_names_the_field(
    client, officer, field, day
):
    # Year 1 or 9999 as a time in our zone overflowed when converted to UTC (a 500).
    response = client.get(reverse("privacy-log"), {field: day})

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {field: [DATE_ERROR]}
    assert response.context["page"] is None  # nothing searched
    assert f'value="{day}"' in response.content.decode()  # what was typed stays


def test_log_search_within_the_range_still_searches(client, officer):
    response = client.get(reverse("privacy-log"), {"van": "1900-01-01", "tot": "2100-12-31"})

    assert response.status_code == 200
    assert response.context["form"].errors == {}
    assert response.context["page"] is not None


@pytest.mark.parametrize(
    "url",
    [
        "/adressen?q=ab%00cd",
        "/casussen?zoek=%00",
        "/casussen/export.csv?eigenaar=%00",
        "/meldingen?categorie=%00",
        "/casussen/CS-%00",
        "/adressen/%00",
        "/eigenaren/%00",
        "/melden/status/GW-%00/geheim",
        "/api/v1/meldingen?bron=a%00",
        "/api/v1/casussen/CS-%00",
    ],
)
def test_a_nul_character_in_the_request_is_a_400(client, make_user, url):
    """PostgreSQL refuses NUL in any text it compares: these were server errors there."""
    client.force_login(make_user(list(Capability)))

    response = client.get(url)

    assert response.status_code == 400
    if url.startswith("/api/"):
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["detail"] == (
            "Het adres of de zoekvraag bevat een ongeldig teken (NUL)."
        )
    else:
        body = response.content.decode()
        assert "Ongeldig verzoek" in body
        assert "Het adres of de zoekvraag bevat een ongeldig teken (NUL)." in body


def test_a_nul_character_in_a_cookie_is_a_400(client, make_user):
    client.force_login(make_user([Capability.CASES_VIEW]))
    client.cookies["sessionid"] = "abc\x00defghijklmnop"

    assert client.get(reverse("casussen")).status_code == 400
