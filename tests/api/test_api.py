"""The API base: token auth per organisation, capabilities, problem+json, version, tracing."""

from __future__ import annotations

import importlib
import json
import re

import pytest

from django.utils import translation
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from goedwonen.accounts.services import api_token_revoke
from goedwonen.api.exceptions import PROBLEM_CONTENT_TYPE, problem_exception_handler
from goedwonen.core.models import Verwerkingsactiviteit
from goedwonen.core.policy import Capability

pytestmark = pytest.mark.django_db

MIJ = "/api/v1/mij"
REGISTER = "/api/v1/verwerkingsactiviteiten"
UNKNOWN = "/api/v1/bestaat-niet"

NOT_AUTHENTICATED = {
    "type": "https://datatracker.ietf.org/doc/html/rfc9110#status.401",
    "title": "Niet geauthenticeerd.",
    "status": 401,
}
FORBIDDEN = {
    "type": "https://datatracker.ietf.org/doc/html/rfc9110#status.403",
    "title": "Geen toegang.",
    "status": 403,
}
NOT_FOUND = {
    "type": "https://datatracker.ietf.org/doc/html/rfc9110#status.404",
    "title": "Niet gevonden.",
    "status": 404,
    "detail": "Deze pagina of dit object bestaat niet.",
}

# The two activities seeded by core's data migration, as the API shows them (camelCase).
_SEED = importlib.import_module("goedwonen.core.migrations.0002_register_and_chain_head")


def _as_api(activity: dict) -> dict:
    return {
        "code": activity["code"],
        "naam": activity["naam"],
        "doel": activity["doel"],
        "grondslag": activity["grondslag"],
        "betrokkenen": activity["betrokkenen"],
        "persoonsgegevens": activity["persoonsgegevens"],
        "ontvangers": activity["ontvangers"],
        "bewaartermijnJaren": activity["bewaartermijn_jaren"],
        "bewaartermijnBron": activity["bewaartermijn_bron"],
        "verantwoordelijke": "College van B&W Rotterdam",
        "versie": 1,
        "actief": True,
    }


ACCOUNTBEHEER, PRIVACYTOEZICHT = (_as_api(a) for a in _SEED.ACTIVITIES)


def auth(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def assert_problem(response, status: int, expected: dict, path: str) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    body = json.loads(response.content)
    assert set(body) == {"type", "title", "status", "detail", "instance"}
    assert {key: body[key] for key in expected} == expected
    assert body["instance"] == path
    return body


# Authentication


def test_unauthenticated_is_401_problem_with_token_challenge(api_client):
    response = api_client.get(MIJ)

    body = assert_problem(response, 401, NOT_AUTHENTICATED, MIJ)
    assert body["detail"] == "Authenticatiegegevens zijn niet opgegeven."
    assert response["WWW-Authenticate"] == "Token"


def test_token_shows_its_service_account_organisation_and_capabilities(
    api_client, make_token, partner_organisatie
):
    token, key = make_token(
        [Capability.REGISTER_VIEW, Capability.CASES_VIEW], organisatie_=partner_organisatie
    )

    response = api_client.get(MIJ, **auth(key))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    account = token.serviceaccount
    assert account.is_serviceaccount is True
    assert account.organisatie == partner_organisatie
    assert account.username.startswith("systeem-politie-")
    assert response.json() == {
        "gebruikersnaam": account.username,
        "organisatie": {"code": "politie", "naam": "Politie", "soort": "extern"},
        "rollen": ["api-rol-1"],
        "bevoegdheden": ["casussen.inzien", "privacy.verwerkingsregister.inzien"],
    }


def test_each_token_is_bound_to_its_own_organisation(
    api_client, make_token, organisatie, partner_organisatie
):
    _, politie_key = make_token(organisatie_=partner_organisatie)
    _, so_key = make_token(organisatie_=organisatie)

    politie = api_client.get(MIJ, **auth(politie_key)).json()
    so = api_client.get(MIJ, **auth(so_key)).json()

    assert politie["organisatie"]["code"] == "politie"
    assert politie["bevoegdheden"] == []
    assert so["organisatie"]["code"] == "so"
    assert so["gebruikersnaam"] != politie["gebruikersnaam"]


def test_any_token_lists_the_active_organisations(
    api_client, make_token, organisatie, partner_organisatie
):
    _, key = make_token(organisatie_=partner_organisatie)

    response = api_client.get("/api/v1/organisaties", **auth(key))

    assert response.status_code == 200
    assert response.json() == {
        "count": 2,
        "next": None,
        "previous": None,
        "results": [
            {"code": "politie", "naam": "Politie", "soort": "extern"},
            {"code": "so", "naam": "Stadsontwikkeling", "soort": "kerncluster"},
        ],
    }


def test_revoked_token_is_401(api_client, make_token):
    token, key = make_token([Capability.REGISTER_VIEW])
    assert api_client.get(MIJ, **auth(key)).status_code == 200

    api_token_revoke(actor=None, token=token)
    response = api_client.get(MIJ, **auth(key))

    body = assert_problem(response, 401, NOT_AUTHENTICATED, MIJ)
    assert body["detail"] == "Onbekend of ingetrokken token."
    assert response["WWW-Authenticate"] == "Token"


def test_a_token_revoked_by_another_process_is_refused_at_once(api_client, make_token):
    """It kept working for up to 5 s (the process memo); revocation is now asked each time."""
    from django.utils import timezone

    from goedwonen.accounts.models import ApiToken

    token, key = make_token([Capability.REGISTER_VIEW])
    assert api_client.get(MIJ, **auth(key)).status_code == 200  # now kept by this process
    # As another server process would: the row changes, this process is not told.
    ApiToken.objects.filter(pk=token.pk).update(ingetrokken_op=timezone.now())
    response = api_client.get(MIJ, **auth(key))
    body = assert_problem(response, 401, NOT_AUTHENTICATED, MIJ)
    assert body["detail"] == "Onbekend of ingetrokken token."


def test_garbage_token_is_401(api_client, make_token):
    make_token([Capability.REGISTER_VIEW])

    response = api_client.get(MIJ, HTTP_AUTHORIZATION="Token dit-is-geen-sleutel")

    body = assert_problem(response, 401, NOT_AUTHENTICATED, MIJ)
    assert body["detail"] == "Onbekend of ingetrokken token."
    assert response["WWW-Authenticate"] == "Token"


def test_malformed_authorization_header_is_401(api_client, make_token):
    _, key = make_token([Capability.REGISTER_VIEW])

    response = api_client.get(MIJ, HTTP_AUTHORIZATION=f"Token {key} extra")

    body = assert_problem(response, 401, NOT_AUTHENTICATED, MIJ)
    assert body["detail"] == "Ongeldige Authorization-header: gebruik 'Token <sleutel>'."
    assert response["WWW-Authenticate"] == "Token"


def test_token_of_deactivated_service_account_is_401(api_client, make_token):
    token, key = make_token([Capability.REGISTER_VIEW])
    token.serviceaccount.is_active = False
    token.serviceaccount.save()

    response = api_client.get(MIJ, **auth(key))

    assert_problem(response, 401, NOT_AUTHENTICATED, MIJ)


# Capabilities


def test_token_without_register_capability_is_403(api_client, make_token):
    _, key = make_token([Capability.LOG_SEARCH, Capability.ACCOUNTS_MANAGE])

    for path in (REGISTER, f"{REGISTER}/accountbeheer"):
        response = api_client.get(path, **auth(key))

        body = assert_problem(response, 403, FORBIDDEN, path)
        assert body["detail"] == "U heeft geen bevoegdheid voor deze actie."


def test_token_with_register_capability_lists_the_seeded_activities(api_client, make_token):
    _, key = make_token([Capability.REGISTER_VIEW])

    response = api_client.get(REGISTER, **auth(key))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    # Every app seeds the activities its code refers to; these two come from core.
    codes = list(Verwerkingsactiviteit.objects.order_by("naam").values_list("code", flat=True))
    assert (body["count"], body["next"], body["previous"]) == (len(codes), None, None)
    assert [a["code"] for a in body["results"]] == codes
    by_code = {a["code"]: a for a in body["results"]}
    assert by_code["accountbeheer"] == ACCOUNTBEHEER
    assert by_code["privacytoezicht"] == PRIVACYTOEZICHT
    assert [by_code[c]["bewaartermijnJaren"] for c in ("accountbeheer", "privacytoezicht")] == [
        2,
        7,
    ]
    assert "bewaartermijn_jaren" not in body["results"][0]


def test_activity_detail(api_client, make_token):
    _, key = make_token([Capability.REGISTER_VIEW])

    response = api_client.get(f"{REGISTER}/accountbeheer", **auth(key))

    assert response.status_code == 200
    assert response.json() == ACCOUNTBEHEER
    assert response.json()["bewaartermijnBron"] == (
        "Na einde account; parameter, te bevestigen door de FG [K]"
    )


def test_unknown_activity_is_404_problem(api_client, make_token):
    _, key = make_token([Capability.REGISTER_VIEW])
    path = f"{REGISTER}/bestaat-niet"

    response = api_client.get(path, **auth(key))

    assert_problem(response, 404, NOT_FOUND, path)


def test_capabilities_of_an_inactive_organisation_count_for_nothing(
    api_client, make_token, partner_organisatie
):
    _, key = make_token([Capability.REGISTER_VIEW], organisatie_=partner_organisatie)
    partner_organisatie.actief = False
    partner_organisatie.save()

    response = api_client.get(REGISTER, **auth(key))

    assert_problem(response, 403, FORBIDDEN, REGISTER)


# Session login


def test_session_login_works_on_the_api(client, make_user):
    user = make_user([Capability.REGISTER_VIEW])
    client.force_login(user)

    register = client.get(REGISTER)
    mij = client.get(MIJ)

    assert register.status_code == 200
    assert [a["code"] for a in register.json()["results"]] == list(
        Verwerkingsactiviteit.objects.order_by("naam").values_list("code", flat=True)
    )
    assert mij.status_code == 200
    assert mij.json()["gebruikersnaam"] == user.username
    assert mij.json()["organisatie"]["code"] == "so"
    assert mij.json()["bevoegdheden"] == ["privacy.verwerkingsregister.inzien"]


def test_session_user_without_capability_is_403_not_401(client, make_user):
    client.force_login(make_user([Capability.LOG_SEARCH]))

    response = client.get(REGISTER)

    assert_problem(response, 403, FORBIDDEN, REGISTER)


# Every response: version header, problem+json for errors, trace context


@pytest.fixture
def responses(api_client, make_token) -> dict[str, object]:
    _, without = make_token()
    _, allowed = make_token([Capability.REGISTER_VIEW])
    return {
        "200": api_client.get(REGISTER, **auth(allowed)),
        "401": api_client.get(REGISTER),
        "403": api_client.get(REGISTER, **auth(without)),
        "404": api_client.get(f"{REGISTER}/bestaat-niet", **auth(allowed)),
        "404-unknown-path": api_client.get(UNKNOWN, **auth(allowed)),
        "404-unknown-path-anonymous": api_client.get(UNKNOWN),
        "405": api_client.post(MIJ, {}, format="json", **auth(allowed)),
        "schema": api_client.get("/api/v1/openapi.json"),
    }


def test_every_api_response_carries_the_api_version(responses):
    assert {name: r.status_code for name, r in responses.items()} == {
        "200": 200,
        "401": 401,
        "403": 403,
        "404": 404,
        "404-unknown-path": 404,
        "404-unknown-path-anonymous": 404,
        "405": 405,
        "schema": 200,
    }
    for name, response in responses.items():
        assert response["API-Version"] == "1.0.0", name


def test_pages_outside_the_api_carry_no_api_version(client):
    response = client.get("/gezondheid")

    assert "API-Version" not in response


def test_unknown_api_path_answers_problem_json_not_html(api_client):
    response = api_client.get(UNKNOWN, HTTP_ACCEPT="text/html")

    assert_problem(response, 404, NOT_FOUND, UNKNOWN)
    assert b"<html" not in response.content.lower()


def test_wrong_method_is_405_problem(api_client, make_token):
    _, key = make_token()

    response = api_client.post(MIJ, {}, format="json", **auth(key))

    body = assert_problem(
        response,
        405,
        {
            "type": "https://datatracker.ietf.org/doc/html/rfc9110#status.405",
            "title": "Methode niet toegestaan.",
            "status": 405,
        },
        MIJ,
    )
    assert body["detail"] == 'Methode "POST" niet toegestaan.'


def test_caller_traceparent_is_continued(api_client, make_token):
    _, key = make_token()
    trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"
    caller_span = "00f067aa0ba902b7"

    response = api_client.get(MIJ, HTTP_TRACEPARENT=f"00-{trace_id}-{caller_span}-01", **auth(key))

    assert response.status_code == 200
    match = re.fullmatch(r"00-([0-9a-f]{32})-([0-9a-f]{16})-01", response["traceparent"])
    assert match is not None
    assert match.group(1) == trace_id
    assert match.group(2) != caller_span  # our own span within the caller's trace


def test_without_traceparent_a_new_trace_starts(api_client):
    first = api_client.get(MIJ)["traceparent"]
    second = api_client.get(MIJ)["traceparent"]

    assert re.fullmatch(r"00-[0-9a-f]{32}-[0-9a-f]{16}-01", first)
    assert first.split("-")[1] != second.split("-")[1]


# The contract, served


def test_openapi_json_is_public_and_documents_the_api(api_client):
    response = api_client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oai.openapi+json"
    schema = json.loads(response.content)
    assert re.fullmatch(r"3\.\d+\.\d+", schema["openapi"])
    assert schema["info"]["version"] == "1.0.0"
    assert {"/api/v1/mij", "/api/v1/organisaties", "/api/v1/verwerkingsactiviteiten"} <= set(
        schema["paths"]
    )
    assert set(schema["components"]["securitySchemes"]) == {"tokenAuth", "cookieAuth"}
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for code in ("401", "403"):
                assert operation["responses"][code]["content"] == problem, (path, method, code)
    assert schema["components"]["schemas"]["Problem"]["required"] == ["title", "status"]
    assert set(schema["components"]["schemas"]["Problem"]["properties"]) == {
        "type",
        "title",
        "status",
        "detail",
        "instance",
        "invalidParams",
    }


# invalidParams: DRF validation errors flattened with dotted names


class _Adres(serializers.Serializer):
    postcode = serializers.RegexField(r"^\d{4}[A-Z]{2}$")
    huisnummer = serializers.IntegerField(min_value=1)


class _Bewoner(serializers.Serializer):
    naam = serializers.CharField()


class _Melding(serializers.Serializer):
    omschrijving = serializers.CharField()
    adres = _Adres()
    bewoners = _Bewoner(many=True)


class _Tijdvak(serializers.Serializer):
    van = serializers.IntegerField()
    tot = serializers.IntegerField()

    def validate(self, attrs):
        if attrs["tot"] < attrs["van"]:
            raise serializers.ValidationError("'tot' ligt voor 'van'.", code="volgorde")
        return attrs


class _Periode(serializers.Serializer):
    tijdvak = _Tijdvak()


def _handle(serializer: serializers.Serializer, path: str = "/api/v1/meldingen"):
    request = Request(APIRequestFactory().post(path, {}, format="json"))
    with translation.override("nl"), pytest.raises(serializers.ValidationError) as raised:
        serializer.is_valid(raise_exception=True)
    return problem_exception_handler(
        raised.value, {"request": request, "view": None, "args": (), "kwargs": {}}
    )


def test_invalid_params_name_nested_fields_with_dots():
    serializer = _Melding(
        data={
            "omschrijving": "",
            "adres": {"postcode": "3011", "huisnummer": 0},
            "bewoners": [{"naam": "A. de Vries"}, {"naam": ""}],
        }
    )

    response = _handle(serializer)

    assert response.status_code == 400
    assert response.content_type == PROBLEM_CONTENT_TYPE
    assert response.data == {
        "type": "https://datatracker.ietf.org/doc/html/rfc9110#status.400",
        "title": "Ongeldige invoer.",
        "status": 400,
        "detail": "Een of meer velden zijn ongeldig.",
        "instance": "/api/v1/meldingen",
        "invalidParams": [
            {"name": "omschrijving", "code": "blank", "reason": "Dit veld mag niet leeg zijn."},
            {
                "name": "adres.postcode",
                "code": "invalid",
                "reason": "Deze waarde voldoet niet aan het vereiste formaat.",
            },
            {
                "name": "adres.huisnummer",
                "code": "min_value",
                "reason": "Zorg ervoor dat deze waarde groter is dan of gelijk is aan 1.",
            },
            {"name": "bewoners.1.naam", "code": "blank", "reason": "Dit veld mag niet leeg zijn."},
        ],
    }


def test_invalid_params_name_nested_non_field_errors():
    serializer = _Periode(data={"tijdvak": {"van": 5, "tot": 3}})

    response = _handle(serializer)

    assert response.data["invalidParams"] == [
        {"name": "tijdvak.nonFieldErrors", "code": "volgorde", "reason": "'tot' ligt voor 'van'."}
    ]


def test_invalid_params_top_level_non_field_error():
    response = _handle(_Tijdvak(data={"van": 5, "tot": 3}))

    assert response.data["invalidParams"] == [
        {"name": "nonFieldErrors", "code": "volgorde", "reason": "'tot' ligt voor 'van'."}
    ]


def test_serializers_with_fixed_fields_keep_each_instance_apart():
    """FixedFieldsSerializer copies its declared fields one level deep: each instance still
    binds, validates and reports on its own fields, nested ones included."""
    from goedwonen.intake.api import MeldingRegistratieSerializer

    good = {
        "bron": "so_wonen",
        "bronId": "Z-1",
        "categorie": "overbewoning",
        "omschrijving": "Tien matrassen",
        "melderSoort": "bewoner",
        "adres": {"postcode": "3083AB", "huisnummer": 10},
    }
    bad = good | {"categorie": "drugslab", "adres": {"postcode": "nee", "huisnummer": 10}}
    first, second = MeldingRegistratieSerializer(data=good), MeldingRegistratieSerializer(data=bad)
    assert not second.is_valid()
    assert first.is_valid(), first.errors
    assert set(second.errors) == {"categorie", "adres"}
    assert set(second.errors["adres"]) == {"postcode"}
    assert first.validated_data["adres"] == {"postcode": "3083AB", "huisnummer": 10}
    for serializer in (first, second):
        adres = serializer.fields["adres"]
        assert adres.parent is serializer and adres.fields["postcode"].parent is adres
    assert first.fields["adres"] is not second.fields["adres"]
    declared = MeldingRegistratieSerializer._declared_fields["adres"]
    assert declared.parent is None and "fields" not in vars(declared)


# Pages


@pytest.mark.parametrize(
    ("query", "name", "reason"),
    [
        ("page=", "page", "Geef een geheel getal van 1 tot en met 999999999."),
        ("page=0", "page", "Geef een geheel getal van 1 tot en met 999999999."),
        ("page=²", "page", "Geef een geheel getal van 1 tot en met 999999999."),
        ("page=99999999999999999999", "page", "Geef een geheel getal van 1 tot en met 999999999."),
        ("pageSize=", "pageSize", "Geef een geheel getal van 1 tot en met 500."),
        ("pageSize=501", "pageSize", "Geef een geheel getal van 1 tot en met 500."),
        ("pageSize=-1", "pageSize", "Geef een geheel getal van 1 tot en met 500."),
    ],
)
def test_a_page_or_page_size_that_is_no_whole_number_in_range_is_a_400_naming_it(
    api_client, make_token, query, name, reason
):
    _, key = make_token([Capability.REGISTER_VIEW])

    response = api_client.get(f"{REGISTER}?{query}", **auth(key))

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert response.json()["invalidParams"] == [{"name": name, "code": "invalid", "reason": reason}]


def test_pages_of_a_list_are_read_from_page_and_page_size(api_client, make_token):
    _, key = make_token([Capability.REGISTER_VIEW])
    everything = api_client.get(REGISTER, **auth(key)).json()

    first = api_client.get(f"{REGISTER}?pageSize=2", **auth(key)).json()
    second = api_client.get(f"{REGISTER}?pageSize=2&page=2", **auth(key)).json()
    beyond = api_client.get(f"{REGISTER}?pageSize=2&page=99", **auth(key))

    assert everything["count"] == first["count"] == Verwerkingsactiviteit.objects.count()
    assert first["results"] + second["results"] == everything["results"][:4]
    assert first["next"] == "http://testserver/api/v1/verwerkingsactiviteiten?page=2&pageSize=2"
    assert beyond.status_code == 404


def test_a_long_list_is_counted_up_to_its_limit_and_leads_on(api_client, make_token, monkeypatch):
    from goedwonen.core import lists

    monkeypatch.setattr(lists, "TELGRENS", 3)
    _, key = make_token([Capability.REGISTER_VIEW])
    total = Verwerkingsactiviteit.objects.count()
    assert total > 6  # the register the migrations fill

    first = api_client.get(f"{REGISTER}?pageSize=1", **auth(key)).json()
    deeper = api_client.get(f"{REGISTER}?pageSize=2&page=3", **auth(key)).json()
    last = api_client.get(f"{REGISTER}?pageSize=2&page={(total + 1) // 2}", **auth(key)).json()

    assert first["count"] == 4 and first["next"]  # three, and one more: more follow
    assert deeper["count"] == 7 and len(deeper["results"]) == 2
    assert last["count"] == total and last["next"] is None
