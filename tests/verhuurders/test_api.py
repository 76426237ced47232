"""`GET /api/v1/verhuurders/signalen`: the command's rows for organisations allowed to see
landlord monitoring, logged, with problem+json for a bad date."""

from __future__ import annotations

import pytest

from goedwonen.api.serializers import EMPTY_PARAMETER
from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability
from goedwonen.core.processing_log import DataSubject, pseudonymise
from goedwonen.verhuurders.api import BAD_DATE
from tests.verhuurders.test_regels import A, B, warned  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

URL = "/api/v1/verhuurders/signalen"
READ = "API: verhuurderssignalen"


@pytest.fixture
def key(make_token):
    return make_token([Capability.LANDLORDS_MONITOR])[1]


def get(api_client, key, query=""):
    return api_client.get(URL + query, HTTP_AUTHORIZATION=f"Token {key}")


def test_the_signals_on_the_peildatum_as_the_command_writes_them(warned, api_client, key):  # noqa: F811
    response = get(api_client, key, "?peildatum=2025-06-01")
    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "eigenaarId": "E1",
            "signaal": "monitoring",
            "datum": "2025-03-10",
            "objectId": A,
            "bronId": "W1",
        },
        {
            "eigenaarId": "E1",
            "signaal": "recidive",
            "datum": "2025-03-11",
            "objectId": B,
            "bronId": "C2",
        },
        {
            "eigenaarId": "E1",
            "signaal": "stopgesprek_kandidaat",
            "datum": "2025-03-11",
            "objectId": B,
            "bronId": "C2",
        },
    ]
    [line] = Verwerkingslog.objects.filter(name=READ)
    assert line.verwerkingsactiviteit.code == "verhuurdermonitoring"
    assert line.data_subject_id == pseudonymise(DataSubject("eigenaar", "E1"))


def test_a_page_logs_the_owners_on_it(warned, api_client, key):  # noqa: F811
    response = get(api_client, key, "?peildatum=2025-06-01&pageSize=1&page=3")
    assert [r["signaal"] for r in response.json()["results"]] == ["stopgesprek_kandidaat"]
    assert Verwerkingslog.objects.filter(name=READ).count() == 1


def test_without_a_peildatum_the_signals_of_today(warned, api_client, key):  # noqa: F811
    response = get(api_client, key)
    assert response.status_code == 200
    # Today (long after 2026-03-11) E1 is out of monitoring; the violations stay evidence.
    assert [r["signaal"] for r in response.json()["results"]] == [
        "recidive",
        "recidive",
        "stopgesprek_kandidaat",
    ]


@pytest.mark.parametrize("peildatum", ["2025-02-30", "01-06-2025", "morgen", "", "0001-01-01"])
def test_a_bad_date_is_a_problem_naming_the_parameter(api_client, key, peildatum):
    response = get(api_client, key, f"?peildatum={peildatum}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    [problem] = response.json()["invalidParams"]
    assert problem["name"] == "peildatum"
    assert problem["reason"] == BAD_DATE or problem["reason"].startswith(
        (EMPTY_PARAMETER, "Kies een datum van")
    )
    assert not Verwerkingslog.objects.filter(name=READ).exists()


def test_without_the_capability_nothing_is_read(warned, api_client, make_token):  # noqa: F811
    _, other = make_token([Capability.CASES_VIEW])
    response = get(api_client, other, "?peildatum=2025-06-01")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert not Verwerkingslog.objects.filter(name=READ).exists()


def test_the_read_behind_the_api_refuses_on_its_own(make_user):
    """The selector's gate holds without the API's (each layer is tested)."""
    from datetime import date

    from django.core.exceptions import PermissionDenied

    from goedwonen.verhuurders.regels import signalen_lezen

    user = make_user([c for c in Capability if c != Capability.LANDLORDS_MONITOR])
    with pytest.raises(PermissionDenied):
        signalen_lezen(actor=user, peildatum=date(2025, 6, 1), operation=READ)
    assert not Verwerkingslog.objects.filter(name=READ).exists()
