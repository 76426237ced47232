"""Bad input on every intake channel: a clear error in Dutch on the field, never a server
error, and nothing valid lost: the public reporting point, its address check, staff
registration, the API and a delivery (meldingen.csv)."""

# The API's and the delivery's fixtures come from their own test modules (imported below), so
# their names are arguments here too.
# ruff: noqa: F811

from __future__ import annotations

import json

import pytest

from django.urls import reverse

from goedwonen.core.policy import Capability
from goedwonen.core.validators import HUISNUMMER_MESSAGE, POSTCODE_MESSAGE
from goedwonen.intake.models import MelderContact, Melding
from goedwonen.registry.importer.history import QUEUED
from tests.intake.test_api import (  # noqa: F401
    MELDINGEN,
    REGISTER,
    VIEW,
    auth,
    invalid,
    make_token,
    payload,
    problem,
    registry,
    stored,
)
from tests.intake.test_import_meldingen import deliver, folder, write_meldingen  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]

# str.isdigit() says yes to these; int() says no (or reads another number).
NOT_DIGITS = ["²", "①", "\u0661\u0662"]
NOT_HOUSE_NUMBERS = [*NOT_DIGITS, "-1", "1.5", "0x10", "0", "100000"]


REPORT = {
    "postcode": "3083 AB",
    "huisnummer": "10",
    "huisletter": "",
    "toevoeging": "",
    "categorie": "overbewoning",
    "omschrijving": "Er slapen minstens tien mensen in deze woning.",
    "naam": "Sanne de Bruin",
    "email": "sanne@voorbeeld.nl",
    "telefoon": "010 123 45 67",
    "website": "",
}


# The public reporting point


@pytest.mark.parametrize("number", NOT_HOUSE_NUMBERS)
def test_a_report_with_an_odd_house_number_comes_back_with_everything_kept(client, reports, number):
    response = client.post(reverse("melden"), REPORT | {"huisnummer": number})

    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors == {"huisnummer": [HUISNUMMER_MESSAGE]}
    body = response.content.decode()
    assert 'aria-invalid="true"' in body
    # The resident's report is on the page again, as typed: nothing to type twice.
    for kept in [
        f'value="{number}"',
        'value="3083 AB"',
        "Er slapen minstens tien mensen in deze woning.</textarea>",
        'value="Sanne de Bruin"',
        'value="sanne@voorbeeld.nl"',
        'value="010 123 45 67"',
        'value="overbewoning" id="id_categorie_0" checked',
    ]:
        assert kept in body
    assert not reports().exists()


def test_once_corrected_the_same_report_is_stored(client, reports):
    client.post(reverse("melden"), REPORT | {"huisnummer": "²"})

    response = client.post(reverse("melden"), REPORT)

    assert response.status_code == 302
    melding = reports().get()
    assert (melding.opgegeven_postcode, melding.opgegeven_huisnummer) == ("3083AB", "10")
    assert melding.adres is not None
    assert MelderContact.objects.get(melding=melding).telefoon == "010 123 45 67"


@pytest.mark.parametrize("number", NOT_DIGITS)
def test_the_address_check_with_an_odd_house_number_asks_for_a_number(client, reports, number):
    check = {"actie": "adres", "postcode": "3083ab", "huisnummer": number}

    partial = client.post(reverse("melden"), check, HTTP_HX_REQUEST="true")
    page = client.post(reverse("melden"), check)

    assert partial.status_code == 200
    assert "Vul een postcode (zoals 3083 AB) en een huisnummer in" in partial.content.decode()
    assert page.status_code == 200
    assert page.context["adres_form"].errors == {"huisnummer": [HUISNUMMER_MESSAGE]}
    assert not reports().exists()


# Staff registration


@pytest.fixture
def handler(client, make_user):
    user = make_user(
        [Capability.REPORTS_REGISTER, Capability.REPORTS_VIEW, Capability.REPORTS_TRIAGE]
    )
    client.force_login(user)
    return user


STAFF = {
    "bron": "telefoon",
    "bron_id": "",
    "categorie": "overbewoning",
    "omschrijving": "Veel bedden op zolder.",
    "postcode": "3083AB",
    "huisnummer": "10",
    "huisletter": "",
    "toevoeging": "",
    "melder_soort": "bewoner",
    "naam": "",
    "email": "",
    "telefoon": "",
}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        *(({"huisnummer": n}, "huisnummer", HUISNUMMER_MESSAGE) for n in NOT_HOUSE_NUMBERS),
        ({"postcode": "hacked"}, "postcode", POSTCODE_MESSAGE),
        ({"postcode": "0123 AB"}, "postcode", POSTCODE_MESSAGE),
        (
            {"huisletter": "1"},
            "huisletter",
            "Een huisletter is één letter, bijvoorbeeld A.",
        ),
        (
            {"telefoon": "bel me"},
            "telefoon",
            "Een telefoonnummer heeft 6 tot 15 cijfers, met eventueel + ( ) - . / en spaties, "
            "bijvoorbeeld 010 123 45 67.",
        ),
    ],
)
def test_staff_registration_refuses_what_the_rules_refuse(
    client, city, handler, reports, change, field, message
):
    response = client.post(reverse("melding-registreren"), STAFF | change)

    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert "Veel bedden op zolder.</textarea>" in response.content.decode()
    assert not reports().exists()


def test_staff_registration_under_a_used_key_with_other_content_is_refused(
    client, city, handler, reports
):
    first = client.post(reverse("melding-registreren"), STAFF | {"bron_id": "SO-1"})
    again = client.post(reverse("melding-registreren"), STAFF | {"bron_id": "SO-1"})

    other = client.post(
        reverse("melding-registreren"),
        STAFF | {"bron_id": "SO-1", "omschrijving": "Iets anders.", "huisnummer": "12"},
    )

    assert (first.status_code, again.status_code) == (302, 302)  # a retry is idempotent
    assert other.status_code == 409
    assert other.context["form"].errors == {
        "bron_id": [
            "Onder dit kenmerk is al een melding geregistreerd met een andere inhoud (anders: "
            "omschrijving, huisnummer). Controleer het kenmerk; een andere melding krijgt een "
            "eigen kenmerk."
        ]
    }
    assert "Iets anders.</textarea>" in other.content.decode()
    assert reports().get().omschrijving == "Veel bedden op zolder."


# The API


@pytest.mark.parametrize(
    "number", ["²", "\u0661\u0662", "1.5", "0x10", -1, 1.5, True, "9" * 5000, "10 "]
)
def test_the_api_takes_a_house_number_of_ascii_digits_only(
    api_client, make_token, registry, number
):
    response = api_client.post(
        MELDINGEN,
        payload(adres={"postcode": "3083AB", "huisnummer": number}),
        format="json",
        **auth(make_token(REGISTER)),
    )

    if number == "10 ":
        assert response.status_code == 201  # digits, and a space around them
    else:
        assert invalid(response) == [("adres.huisnummer", "huisnummer", HUISNUMMER_MESSAGE)]
        assert stored()[:3] == (0, 0, 0)


@pytest.mark.parametrize("when", ["0001-01-01T00:00:00", "9999-12-31T23:59:59", "1899-12-31"])
def test_a_reception_time_at_the_end_of_the_calendar_is_named(
    api_client, make_token, registry, when
):
    response = api_client.post(
        MELDINGEN, payload(ontvangenOp=when), format="json", **auth(make_token(REGISTER))
    )

    assert invalid(response) == [
        (
            "ontvangenOp",
            "date_range",
            "Kies een datum van 1 januari 1900 tot en met 31 december 2100.",
        )
    ]


@pytest.mark.parametrize("name", ["ontvangenVan", "ontvangenTot"])
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_list_filters_at_the_end_of_the_calendar_are_named(api_client, make_token, name, day):
    response = api_client.get(MELDINGEN, {name: day}, **auth(make_token(VIEW)))

    assert invalid(response) == [
        (name, "date_range", "Kies een datum van 1 januari 1900 tot en met 31 december 2100.")
    ]


@pytest.mark.parametrize(
    "body",
    ["[" * 1000 + "]" * 1000, '{"a":' * 1000 + "1" + "}" * 1000, "[" * 33 + "]" * 33],
)
def test_json_nested_too_deep_is_a_400_problem(api_client, make_token, body):
    response = api_client.post(
        MELDINGEN, body, content_type="application/json", **auth(make_token(REGISTER))
    )

    assert problem(response, 400)["detail"] == (
        "JSON parse error - de inhoud is dieper genest dan 32 niveaus."
    )
    assert stored()[:3] == (0, 0, 0)


def test_a_body_over_the_limit_is_a_413_problem(api_client, make_token, settings):
    body = json.dumps(payload(omschrijving="x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE))

    response = api_client.post(
        MELDINGEN, body, content_type="application/json", **auth(make_token(REGISTER))
    )

    body = problem(response, 413)
    assert body["title"] == "Verzoek te groot."
    assert body["detail"] == "De inhoud van het verzoek is groter dan 2,5 MB."
    assert response["API-Version"]
    assert stored()[:3] == (0, 0, 0)


def test_unknown_fields_are_refused_and_named(api_client, make_token, registry):
    body = payload(
        omschrijvnig="Tikfout in de naam van het veld",
        adres={"postcode": "3083AB", "huisnummer": 10, "straat": "Carnisselaan"},
        contact={"naam": "A. de Vries", "mobiel": "0612345678"},
    )

    response = api_client.post(MELDINGEN, body, format="json", **auth(make_token(REGISTER)))

    reason = "Onbekend veld: de API kent dit veld niet (zie het contract, openapi.json)."
    assert invalid(response) == [
        ("adres.straat", "unknown", reason),
        ("contact.mobiel", "unknown", reason),
        ("omschrijvnig", "unknown", reason),
    ]
    assert stored()[:3] == (0, 0, 0)


def test_unknown_fields_are_named_beside_the_other_errors(api_client, make_token, registry):
    body = payload(categorie="inbraak", extra=1)

    response = api_client.post(MELDINGEN, body, format="json", **auth(make_token(REGISTER)))

    assert [(name, code) for name, code, _ in invalid(response)] == [
        ("categorie", "invalid_choice"),
        ("extra", "unknown"),
    ]


# A delivery (meldingen.csv)


def test_a_delivered_report_with_an_odd_address_is_kept_queued_and_named(folder):
    write_meldingen(
        folder,
        "sb_woonoverlast,SB-1,2026-09-05,,3083AB,²,,,woonoverlast,Lawaai,anoniem,open",
        "sb_woonoverlast,SB-2,2026-09-05,,hacked,10,1,-2,woonoverlast,Lawaai,anoniem,open",
    )

    report = deliver(folder)

    assert report.rejected == []
    first, second = (Melding.objects.get(bron_id=key) for key in ("SB-1", "SB-2"))
    assert (first.adres, first.opgegeven_huisnummer) == (None, "²")
    assert (second.adres, second.opgegeven_postcode) == (None, "hacked")
    assert [(w.line, w.reason) for w in report.warnings] == [
        (2, f"huisnummer: '²' is ongeldig. {HUISNUMMER_MESSAGE}"),
        (2, QUEUED),
        (3, f"postcode: 'hacked' is ongeldig. {POSTCODE_MESSAGE}"),
        (3, "huisletter: '1' is ongeldig. Een huisletter is één letter, bijvoorbeeld A."),
        (3, QUEUED),
    ]
