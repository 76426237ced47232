"""Every API endpoint parses with one parser and every write refuses what the contract does
not name: walked from the routes and the generated contract, so a new endpoint is covered
the day it is added."""

from __future__ import annotations

import json

import pytest

from django.urls import URLPattern, get_resolver
from drf_spectacular.generators import SchemaGenerator
from rest_framework.views import APIView

from goedwonen.api.parsers import MAX_DEPTH, JSONParser
from goedwonen.api.serializers import EMPTY_PARAMETER, NOT_TEXT, UNKNOWN_FIELD
from goedwonen.core.policy import Capability

pytestmark = pytest.mark.django_db

WRITES = {"post", "put", "patch"}


def _api_views() -> list[type[APIView]]:
    found = []
    for pattern in get_resolver().url_patterns:
        for inner in getattr(pattern, "url_patterns", [pattern]):
            view = getattr(inner, "callback", None)
            cls = getattr(view, "cls", None)
            if isinstance(inner, URLPattern) and isinstance(cls, type) and issubclass(cls, APIView):
                found.append(cls)
    return found


def _write_operations() -> list[tuple[str, str, dict]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        (path, method, operation)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if method in WRITES
    ]


def test_every_api_view_parses_json_with_the_depth_limit():
    views = _api_views()
    assert len(views) >= 8
    for view in views:
        parsers = view().get_parsers()
        assert parsers and all(isinstance(p, JSONParser) for p in parsers), view


def test_there_are_write_operations_to_check():
    assert ("/api/v1/meldingen", "post") in [(p, m) for p, m, _ in _write_operations()]


@pytest.fixture
def key(make_token):
    return make_token(list(Capability))[1]


@pytest.mark.parametrize(("path", "method", "operation"), _write_operations())
def test_every_write_refuses_an_unknown_field_and_says_so_in_its_contract(
    api_client, key, path, method, operation
):
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    component = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"][
        ref.rsplit("/", 1)[1]
    ]
    assert component["additionalProperties"] is False

    response = getattr(api_client, method)(
        path, {"ditVeldBestaatNiet": 1}, format="json", HTTP_AUTHORIZATION=f"Token {key}"
    )

    assert response.status_code == 400
    assert {"name": "ditVeldBestaatNiet", "code": "unknown", "reason": UNKNOWN_FIELD} in (
        response.json()["invalidParams"]
    )
    assert {"400", "413"} <= set(operation["responses"])


@pytest.mark.parametrize(("path", "method", "operation"), _write_operations())
def test_every_write_refuses_deep_nesting_and_large_bodies_as_problems(
    api_client, key, settings, path, method, operation
):
    send = getattr(api_client, method)
    headers = {"HTTP_AUTHORIZATION": f"Token {key}", "content_type": "application/json"}

    deep = send(path, "[" * 1000 + "]" * 1000, **headers)
    just_deep_enough = send(path, "[" * MAX_DEPTH + "]" * MAX_DEPTH, **headers)
    large = send(path, json.dumps({"x": "y" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE}), **headers)

    assert (deep.status_code, large.status_code) == (400, 413)
    assert deep["Content-Type"] == large["Content-Type"] == "application/problem+json"
    # Within the limit the body is read, and refused for what it is (a list).
    assert just_deep_enough.status_code == 400
    assert "invalidParams" in just_deep_enough.json()


def test_a_number_where_the_contract_says_text_is_refused_naming_the_field(api_client, key):
    response = api_client.post(
        "/api/v1/meldingen",
        {
            "bron": "cluster-so",
            "bronId": "T-1",
            "categorie": "overbewoning",
            "omschrijving": "Te veel bewoners.",
            "melderSoort": "professional",
            "adres": {"postcode": "3083AB", "huisnummer": 10, "huisnummertoevoeging": 0},
            "contact": {"naam": 12},
        },
        format="json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )

    assert response.status_code == 400
    reasons = {p["name"]: p["reason"] for p in response.json()["invalidParams"]}
    assert reasons == {
        "adres.huisnummertoevoeging": NOT_TEXT,
        "contact.naam": NOT_TEXT,
    }


def test_text_longer_than_its_maximum_as_sent_is_refused_though_trimmed_it_would_fit(
    api_client, key
):
    response = api_client.post(
        "/api/v1/meldingen",
        {
            "bron": "cluster-so",
            "bronId": "T-2",
            "categorie": "overbewoning",
            "omschrijving": " " + "x" * 5000,
            "melderSoort": "professional",
            "adres": {"postcode": "3083AB", "huisnummer": 10},
        },
        format="json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )

    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalidParams"]] == ["omschrijving"]


@pytest.mark.parametrize(
    "path", ["/api/v1/meldingen?status=", "/api/v1/meldingen?bron=", "/api/v1/casussen?zoek="]
)
def test_a_query_parameter_without_a_value_is_refused_not_ignored(api_client, key, path):
    response = api_client.get(path, HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 400
    [problem] = response.json()["invalidParams"]
    assert problem == {
        "name": path.rsplit("?", 1)[1].rstrip("="),
        "code": "blank",
        "reason": EMPTY_PARAMETER,
    }
