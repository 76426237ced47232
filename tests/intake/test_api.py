"""The intake API: registration (idempotent on bron and bronId), list with filters, detail,
the reporter's contact details behind their own capability, errors as problem+json."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from datetime import datetime

import pytest

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from goedwonen.accounts.models import ApiToken, Rol, Team
from goedwonen.accounts.services import api_token_create
from goedwonen.api.exceptions import PROBLEM_CONTENT_TYPE, problem_exception_handler
from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability
from goedwonen.core.processing_log import DataSubject, pseudonymise
from goedwonen.intake.api import _as_field_errors
from goedwonen.intake.models import MelderContact, Melding, Routeringsregel, StatusWijziging
from goedwonen.intake.services.registration import Contact, melding_register
from goedwonen.intake.services.triage import melding_transition
from goedwonen.registry.address_lookup import OpgegevenAdres
from goedwonen.registry.models import Adres, Gebied, Verblijfsobject
from tests.log_lines import log_inserts, log_mark, logged_since, subject

pytestmark = pytest.mark.django_db

MELDINGEN = "/api/v1/meldingen"
REGISTER = [Capability.REPORTS_REGISTER]
VIEW = [Capability.REPORTS_VIEW]
IDENTITY = [Capability.REPORTS_VIEW, Capability.REPORTER_IDENTITY_VIEW]
REFERENCE = re.compile(r"GW-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}")


@pytest.fixture
def make_token(make_token) -> Callable[..., str]:
    """The shared make_token (tests/scenario.py), giving the key only: what a partner system
    sends."""
    return lambda *args, **kwargs: make_token(*args, **kwargs)[1]


def auth(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


@pytest.fixture
def registry(db) -> dict[str, object]:
    """Two buurten of Charlois with one address each; a routing rule for Carnisse."""
    gemeente = Gebied.objects.create(code="GM0599", naam="Rotterdam", soort="gemeente")
    wijk = Gebied.objects.create(
        code="WK059915", naam="Charlois", soort="wijk", bovenliggend=gemeente
    )
    carnisse = Gebied.objects.create(
        code="BU05991572", naam="Carnisse", soort="buurt", bovenliggend=wijk
    )
    tarwewijk = Gebied.objects.create(
        code="BU05991571", naam="Tarwewijk", soort="buurt", bovenliggend=wijk
    )
    for n, buurt, street, number, letter, extra, postcode in [
        (1, carnisse, "Carnisselaan", 10, "", "", "3083AB"),
        (2, tarwewijk, "Mijnsherenlaan", 20, "A", "2", "3081CE"),
    ]:
        vbo = Verblijfsobject.objects.create(
            object_id=f"059901000000000{n}", objecttype="VBO", is_woning=True, buurt=buurt
        )
        Adres.objects.create(
            nummeraanduiding=f"059920000000000{n}",
            verblijfsobject=vbo,
            openbareruimte=street,
            huisnummer=number,
            huisletter=letter,
            toevoeging=extra,
            postcode=postcode,
            woonplaats="Rotterdam",
        )
    team = Team.objects.create(naam="Team Carnisse")
    Routeringsregel.objects.create(volgorde=1, naam="Carnisse", gebied=carnisse, team=team)
    return {"carnisse": carnisse, "tarwewijk": tarwewijk, "team": team}


def payload(**overrides: object) -> dict[str, object]:
    return {
        "bron": "so_wonen",
        "bronId": "SOW-0000001",
        "categorie": "overbewoning",
        "omschrijving": "Tien matrassen op zolder.",
        "melderSoort": "bewoner",
        "adres": {"postcode": "3083 AB", "huisnummer": 10},
        "contact": {
            "naam": "A. de Vries",
            "email": "a.devries@example.nl",
            "telefoon": "010-1234567",
        },
        "ontvangenOp": "2026-11-02T09:00:00Z",
    } | overrides


CARNISSE_10 = {
    "nummeraanduiding": "0599200000000001",
    "straatnaam": "Carnisselaan",
    "huisnummer": 10,
    "huisletter": "",
    "huisnummertoevoeging": "",
    "postcode": "3083AB",
    "woonplaats": "Rotterdam",
}


def expected_report(referentie: str, **overrides: object) -> dict[str, object]:
    return {
        "referentie": referentie,
        "bron": "so_wonen",
        "bronId": "SOW-0000001",
        "ontvangenOp": "2026-11-02T10:00:00+01:00",
        "categorie": "overbewoning",
        "omschrijving": "Tien matrassen op zolder.",
        "melderSoort": "bewoner",
        "status": "ontvangen",
        "adresGevonden": True,
        "adres": CARNISSE_10,
        # As every channel stores it: the postcode without its space.
        "opgegevenAdres": {
            "nummeraanduiding": "",
            "postcode": "3083AB",
            "huisnummer": "10",
            "huisletter": "",
            "huisnummertoevoeging": "",
        },
        "buurt": "BU05991572",
        "team": "Team Carnisse",
        # Service norm for overbewoning: 3 days to triage, 42 to finish.
        "triageVoor": "2026-11-05",
        "afgehandeldVoor": "2026-12-14",
    } | overrides


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    body = json.loads(response.content)
    assert body["status"] == status
    return body


def invalid(response) -> list[tuple[str, str, str]]:
    body = problem(response, 400)
    assert body["detail"] == "Een of meer velden zijn ongeldig."
    return [(p["name"], p["code"], p["reason"]) for p in body["invalidParams"]]


def stored() -> tuple[int, int, int, int]:
    return (
        Melding.objects.count(),
        StatusWijziging.objects.count(),
        MelderContact.objects.count(),
        Verwerkingslog.objects.count(),
    )


# Registration


def test_registration_stores_the_report_and_answers_201(api_client, make_token, registry):
    key = make_token(REGISTER)
    log_before = Verwerkingslog.objects.count()

    response = api_client.post(MELDINGEN, payload(), format="json", **auth(key))

    assert response.status_code == 201
    assert response["Content-Type"] == "application/json"
    melding = Melding.objects.get()
    assert REFERENCE.fullmatch(melding.referentie)
    assert response.json() == expected_report(melding.referentie)
    assert response["Location"] == f"http://testserver/api/v1/meldingen/{melding.referentie}"
    assert (melding.bron, melding.bron_id, melding.team, melding.adres.nummeraanduiding) == (
        "so_wonen",
        "SOW-0000001",
        registry["team"],
        "0599200000000001",
    )
    contact = MelderContact.objects.get(melding=melding)
    assert (contact.naam, contact.email, contact.telefoon) == (
        "A. de Vries",
        "a.devries@example.nl",
        "010-1234567",
    )
    (step,) = StatusWijziging.objects.filter(melding=melding)
    assert (step.van, step.naar, step.door.organisatie.code) == ("", "ontvangen", "so")
    assert step.reden == "Geregistreerd via so_wonen; routering: Carnisse"
    (line,) = Verwerkingslog.objects.order_by("pk")[log_before:]
    assert (line.name, line.object_ref, line.audit.organisatiecode) == (
        "Melding geregistreerd",
        f"melding:{melding.referentie}",
        "so",
    )


def test_a_retry_returns_the_stored_report_with_200_and_stores_nothing(
    api_client, make_token, registry
):
    key = make_token(REGISTER)
    first = api_client.post(MELDINGEN, payload(), format="json", **auth(key))
    before = stored()

    # The same report again, its address written as the sender first did.
    retry = api_client.post(MELDINGEN, payload(), format="json", **auth(key))

    assert (first.status_code, retry.status_code) == (201, 200)
    assert retry.json() == first.json()
    assert "Location" not in retry
    assert stored() == before
    assert Melding.objects.filter(bron="so_wonen", bron_id="SOW-0000001").count() == 1


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"omschrijving": "Nog eens verstuurd."}, "omschrijving"),
        ({"categorie": "leegstand"}, "categorie"),
        ({"adres": {"postcode": "3081CE", "huisnummer": 20}}, "adres.postcode, adres.huisnummer"),
        ({"contact": None}, "contact.naam, contact.email, contact.telefoon"),
        ({"ontvangenOp": "2026-11-03T09:00:00Z"}, "ontvangenOp"),
    ],
)
def test_a_retry_with_other_content_is_409_and_keeps_the_stored_report(
    api_client, make_token, registry, change, named
):
    key = make_token(REGISTER)
    first = api_client.post(MELDINGEN, payload(), format="json", **auth(key))
    before = stored()

    retry = api_client.post(MELDINGEN, payload(**change), format="json", **auth(key))

    body = problem(retry, 409)
    assert body["detail"] == (
        "Onder deze bron en bronId is al een melding opgeslagen met een andere inhoud "
        f"(anders: {named}). Een herhaling heeft dezelfde inhoud; een andere melding krijgt "
        "een eigen bronId."
    )
    assert stored() == before
    melding = Melding.objects.get(bron="so_wonen", bron_id="SOW-0000001")
    assert melding.referentie == first.json()["referentie"]
    assert melding.omschrijving == "Tien matrassen op zolder."


def test_same_bron_id_from_another_source_is_another_report(api_client, make_token, registry):
    key = make_token(REGISTER)

    first = api_client.post(MELDINGEN, payload(), format="json", **auth(key))
    other = api_client.post(MELDINGEN, payload(bron="sb_woonoverlast"), format="json", **auth(key))

    assert (first.status_code, other.status_code) == (201, 201)
    assert first.json()["referentie"] != other.json()["referentie"]
    assert Melding.objects.count() == 2


def test_another_organisations_key_gets_409_and_not_the_report(
    api_client, make_token, registry, partner_organisatie
):
    so_key = make_token(REGISTER)
    politie_key = make_token(REGISTER, organisatie_=partner_organisatie)
    api_client.post(MELDINGEN, payload(), format="json", **auth(so_key))
    before = stored()

    response = api_client.post(MELDINGEN, payload(), format="json", **auth(politie_key))

    body = problem(response, 409)
    assert body["title"] == "Conflict met bestaande gegevens."
    assert body["detail"] == (
        "Deze combinatie van bron en bronId is al gebruikt voor een melding die uw organisatie "
        "niet heeft geregistreerd."
    )
    assert "Tien matrassen" not in response.content.decode()
    assert stored() == before


def test_a_key_taken_by_a_delivery_gets_409(api_client, make_token, registry):
    Melding.objects.create(
        bron="so_wonen",
        bron_id="SOW-0000001",
        ontvangen_op=timezone.now(),
        categorie="leegstand",
        omschrijving="Uit meldingen.csv",
    )

    response = api_client.post(MELDINGEN, payload(), format="json", **auth(make_token(REGISTER)))

    problem(response, 409)
    assert "Uit meldingen.csv" not in response.content.decode()
    assert Melding.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_rows", "data_migration_rows_back")
def test_two_simultaneous_posts_of_one_report_store_one_row(registry, organisatie):
    """Both requests miss the pre-check; the unique constraint lets one insert, and the other
    answers with the stored report (the IntegrityError path of melding_register)."""
    if connection.vendor == "sqlite":
        # The shared in-memory test database answers "table is locked" at once instead of
        # waiting; a file database (IMMEDIATE, 20 s timeout) serialises the two writers.
        pytest.skip("needs a database whose writers wait for each other (PostgreSQL)")
    rol = Rol.objects.create(code="gelijktijdig", naam="Gelijktijdig", capabilities=REGISTER)
    _, key = api_token_create(
        actor=None, organisatie=organisatie, naam="Clustersysteem", rollen=[rol]
    )
    start = threading.Barrier(2)
    responses: list[object] = []

    def send() -> None:
        try:
            start.wait(timeout=10)
            responses.append(APIClient().post(MELDINGEN, payload(), format="json", **auth(key)))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(r.status_code for r in responses) == [200, 201]  # type: ignore[attr-defined]
    assert len({r.json()["referentie"] for r in responses}) == 1  # type: ignore[attr-defined]
    assert Melding.objects.count() == 1
    assert StatusWijziging.objects.count() == 1
    assert MelderContact.objects.count() == 1


def test_a_saved_routing_rule_applies_to_the_next_report(
    api_client, make_token, registry, make_user
):
    from goedwonen.intake.services.routing_rules import routeringsregel_save

    key = make_token(REGISTER)
    first = api_client.post(MELDINGEN, payload(), format="json", **auth(key))
    overlast = Team.objects.create(naam="Team Woonoverlast")
    routeringsregel_save(
        actor=make_user([Capability.ROUTING_MANAGE]),
        regel=Routeringsregel(
            volgorde=0, naam="Alles van so_wonen", bron="so_wonen", team=overlast
        ),
    )

    second = api_client.post(MELDINGEN, payload(bronId="SOW-0000002"), format="json", **auth(key))

    assert (first.json()["team"], second.json()["team"]) == ("Team Carnisse", "Team Woonoverlast")
    step = StatusWijziging.objects.get(melding__bron_id="SOW-0000002")
    assert step.reden == "Geregistreerd via so_wonen; routering: Alles van so_wonen"


def test_without_contact_the_report_is_anonymous(api_client, make_token, registry):
    key = make_token(REGISTER)
    body = payload(melderSoort="anoniem")
    del body["contact"]

    response = api_client.post(MELDINGEN, body, format="json", **auth(key))

    assert response.status_code == 201
    assert response.json()["melderSoort"] == "anoniem"
    assert MelderContact.objects.count() == 0


def test_by_nummeraanduiding_with_letter_and_addition(api_client, make_token, registry):
    key = make_token(REGISTER)

    response = api_client.post(
        MELDINGEN,
        payload(adres={"nummeraanduiding": "0599200000000002"}, ontvangenOp=None),
        format="json",
        **auth(key),
    )

    assert response.status_code == 201
    body = response.json()
    assert body["adres"] == {
        "nummeraanduiding": "0599200000000002",
        "straatnaam": "Mijnsherenlaan",
        "huisnummer": 20,
        "huisletter": "A",
        "huisnummertoevoeging": "2",
        "postcode": "3081CE",
        "woonplaats": "Rotterdam",
    }
    assert (body["buurt"], body["team"]) == ("BU05991571", None)  # no rule: central queue
    received = datetime.fromisoformat(body["ontvangenOp"])
    assert abs((timezone.now() - received).total_seconds()) < 60


def test_postcode_with_letter_and_addition(api_client, make_token, registry):
    key = make_token(REGISTER)
    adres = {
        "postcode": "3081ce",
        "huisnummer": 20,
        "huisletter": "a",
        "huisnummertoevoeging": "2",
    }

    response = api_client.post(MELDINGEN, payload(adres=adres), format="json", **auth(key))

    assert response.status_code == 201
    assert response.json()["adres"]["nummeraanduiding"] == "0599200000000002"
    assert response.json()["opgegevenAdres"] == {
        "nummeraanduiding": "",
        "postcode": "3081CE",
        "huisnummer": "20",
        "huisletter": "A",
        "huisnummertoevoeging": "2",
    }


# An unknown address is kept and queued, never dropped


@pytest.mark.parametrize(
    ("adres", "opgegeven"),
    [
        (
            {"postcode": "3083AB", "huisnummer": 999},
            {"nummeraanduiding": "", "postcode": "3083AB", "huisnummer": "999"},
        ),
        (
            {"nummeraanduiding": "0599200000009999"},
            {"nummeraanduiding": "0599200000009999", "postcode": "", "huisnummer": ""},
        ),
    ],
    ids=["postcode", "nummeraanduiding"],
)
def test_unknown_address_is_stored_and_queued(api_client, make_token, registry, adres, opgegeven):
    key = make_token(REGISTER)

    response = api_client.post(MELDINGEN, payload(adres=adres), format="json", **auth(key))

    assert response.status_code == 201
    body = response.json()
    assert body == expected_report(
        body["referentie"],
        adresGevonden=False,
        adres=None,
        buurt=None,
        team=None,
        opgegevenAdres=opgegeven | {"huisletter": "", "huisnummertoevoeging": ""},
    )
    melding = Melding.objects.get()
    assert (melding.adres, melding.verblijfsobject) == (None, None)
    assert list(Melding.objects.filter(adres__isnull=True)) == [melding]  # the matching queue
    (step,) = StatusWijziging.objects.filter(melding=melding)
    assert step.reden == (
        "Geregistreerd via so_wonen; routering: geen regel: centrale wachtrij; "
        "adres niet gevonden, in de koppelwachtrij"
    )


# Bad payloads: 400 problem+json naming each invalid field, nothing stored


def test_empty_payload_names_every_required_field(api_client, make_token, registry):
    key = make_token(REGISTER)

    response = api_client.post(MELDINGEN, {}, format="json", **auth(key))

    required = "Dit veld is vereist."
    assert invalid(response) == [
        ("bron", "required", required),
        ("bronId", "required", required),
        ("categorie", "required", required),
        ("omschrijving", "required", required),
        ("melderSoort", "required", required),
        ("adres", "required", required),
    ]
    assert stored()[:3] == (0, 0, 0)


def test_each_invalid_field_is_named(api_client, make_token, registry):
    key = make_token(REGISTER)
    body = payload(
        bron="meldpunt",
        bronId="X" * 81,
        categorie="inbraak",
        omschrijving="   ",
        melderSoort="buurman",
        adres={
            "postcode": "0123 AB",
            "huisnummer": 0,
            "huisletter": "AB",
            "huisnummertoevoeging": "12345",
        },
        contact={"naam": "N" * 201, "telefoon": "bel me"},
        ontvangenOp="2099-01-01T00:00:00Z",
    )

    response = api_client.post(MELDINGEN, body, format="json", **auth(key))

    assert invalid(response) == [
        ("bron", "reserved", "Deze bron is voorbehouden aan het openbare meldpunt."),
        ("bronId", "max_length", "Zorg ervoor dat dit veld niet meer dan 80 karakters bevat."),
        ("categorie", "invalid_choice", '"inbraak" is een ongeldige keuze.'),
        ("omschrijving", "blank", "Dit veld mag niet leeg zijn."),
        ("melderSoort", "invalid_choice", '"buurman" is een ongeldige keuze.'),
        (
            "adres.postcode",
            "postcode",
            "Een postcode is vier cijfers en twee letters, bijvoorbeeld 3083 AB.",
        ),
        (
            "adres.huisnummer",
            "huisnummer",
            "Een huisnummer is een getal van 1 tot en met 99999, alleen cijfers, bijvoorbeeld 10.",
        ),
        ("adres.huisletter", "huisletter", "Een huisletter is één letter, bijvoorbeeld A."),
        (
            "adres.huisnummertoevoeging",
            "toevoeging",
            "Een toevoeging is ten hoogste vier letters of cijfers, bijvoorbeeld 2 of bis.",
        ),
        (
            "contact.naam",
            "max_length",
            "Zorg ervoor dat dit veld niet meer dan 200 karakters bevat.",
        ),
        (
            "contact.telefoon",
            "telefoon",
            "Een telefoonnummer heeft 6 tot 15 cijfers, met eventueel + ( ) - . / en "
            "spaties, bijvoorbeeld 010 123 45 67.",
        ),
        ("ontvangenOp", "future", "Dit tijdstip ligt in de toekomst."),
    ]
    assert stored()[:3] == (0, 0, 0)


def test_an_address_needs_a_nummeraanduiding_or_postcode_and_number(
    api_client, make_token, registry
):
    key = make_token(REGISTER)

    response = api_client.post(
        MELDINGEN, payload(adres={"huisletter": "A"}), format="json", **auth(key)
    )

    reason = "Geef een nummeraanduiding, of een postcode met een huisnummer."
    assert invalid(response) == [
        ("adres.postcode", "required", reason),
        ("adres.huisnummer", "required", reason),
    ]


def test_an_invalid_email_is_named_by_its_payload_path(api_client, make_token, registry):
    key = make_token(REGISTER)

    response = api_client.post(
        MELDINGEN,
        payload(contact={"naam": "A. de Vries", "email": "geen-adres"}),
        format="json",
        **auth(key),
    )

    assert invalid(response) == [
        ("contact.email", "email", "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.")
    ]
    assert stored()[:3] == (0, 0, 0)


def test_every_service_error_maps_onto_the_api_field_names(make_user):
    registrar = make_user(REGISTER)
    with pytest.raises(ValidationError) as raised:
        melding_register(
            actor=registrar,
            bron=" ",
            bron_id="1",
            categorie="inbraak",
            omschrijving="x" * 5001,
            adres=OpgegevenAdres(postcode="3083AB", huisnummer="1"),
            melder_soort="buurman",
            contact=Contact(email="geen-adres"),
        )
    request = Request(APIRequestFactory().post(MELDINGEN, {}, format="json"))

    response = problem_exception_handler(
        ApiValidationError(_as_field_errors(raised.value)),
        {"request": request, "view": None, "args": (), "kwargs": {}},
    )

    assert response is not None
    assert [(p["name"], p["reason"]) for p in response.data["invalidParams"]] == [
        ("bron", "Geef de bron van de melding."),
        ("categorie", "Onbekende categorie 'inbraak'."),
        ("omschrijving", "Gebruik ten hoogste 5000 tekens."),
        ("melderSoort", "Onbekende soort melder 'buurman'."),
        ("contact.email", "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."),
    ]


def test_a_message_without_field_is_a_non_field_error():
    assert _as_field_errors(ValidationError("Mag niet.", code="regel")) == {
        "nonFieldErrors": ["Mag niet."]
    }


def test_malformed_json_is_400_problem(api_client, make_token):
    key = make_token(REGISTER)

    response = api_client.post(
        MELDINGEN, "{niet: json", content_type="application/json", **auth(key)
    )

    body = problem(response, 400)
    assert body["detail"].startswith("JSON parse error")
    assert Melding.objects.count() == 0


# Permissions


def test_without_token_every_operation_is_401(api_client, registry):
    responses = [
        api_client.post(MELDINGEN, payload(), format="json"),
        api_client.get(MELDINGEN),
        api_client.get(f"{MELDINGEN}/GW-AAAA-BBBB"),
    ]

    for response in responses:
        assert problem(response, 401)["detail"] == "Authenticatiegegevens zijn niet opgegeven."
        assert response["WWW-Authenticate"] == "Token"
    assert Melding.objects.count() == 0


def test_registering_needs_the_register_capability(api_client, make_token, registry):
    key = make_token([Capability.REPORTS_VIEW, Capability.REPORTER_IDENTITY_VIEW])

    response = api_client.post(MELDINGEN, payload(), format="json", **auth(key))

    assert problem(response, 403)["detail"] == "U heeft geen bevoegdheid voor deze actie."
    assert stored()[:3] == (0, 0, 0)


def test_reading_needs_the_view_capability(api_client, make_token, registry):
    key = make_token([Capability.REPORTS_REGISTER, Capability.REPORTER_IDENTITY_VIEW])
    created = api_client.post(MELDINGEN, payload(), format="json", **auth(key))
    log_before = Verwerkingslog.objects.count()

    listed = api_client.get(MELDINGEN, **auth(key))
    detail = api_client.get(f"{MELDINGEN}/{created.json()['referentie']}", **auth(key))

    assert created.status_code == 201
    for response in (listed, detail):
        assert problem(response, 403)["detail"] == "U heeft geen bevoegdheid voor deze actie."
        assert "Tien matrassen" not in response.content.decode()
    assert Verwerkingslog.objects.count() == log_before


def test_unknown_reference_is_404_problem(api_client, make_token):
    key = make_token(VIEW)

    response = api_client.get(f"{MELDINGEN}/GW-AAAA-BBBB", **auth(key))

    assert problem(response, 404)["detail"] == "Deze pagina of dit object bestaat niet."


# Detail, and the reporter's contact details


@pytest.fixture
def registered(api_client, make_token, registry) -> str:
    response = api_client.post(MELDINGEN, payload(), format="json", **auth(make_token(REGISTER)))
    assert response.status_code == 201
    return response.json()["referentie"]


def test_detail_without_identity_capability_hides_the_contact_and_logs_the_read(
    api_client, make_token, registered
):
    key = make_token(VIEW)
    mark = log_mark()

    response = api_client.get(f"{MELDINGEN}/{registered}", **auth(key))

    assert response.status_code == 200
    assert response.json() == expected_report(registered)
    assert "contact" not in response.json()
    assert "de Vries" not in response.content.decode()
    # The address and the description are personal data too.
    assert logged_since(mark) == [
        (
            "Melding opgevraagd",
            "meldingen-behandeling",
            f"melding:{registered}",
            subject("melder", registered),
        )
    ]


def test_detail_with_identity_capability_shows_the_contact_and_logs_it(
    api_client, make_token, registered
):
    key = make_token(IDENTITY)
    account = ApiToken.objects.latest("pk").serviceaccount
    log_before = Verwerkingslog.objects.count()

    response = api_client.get(f"{MELDINGEN}/{registered}", **auth(key))

    assert response.status_code == 200
    assert response.json() == expected_report(registered) | {
        "contact": {
            "naam": "A. de Vries",
            "email": "a.devries@example.nl",
            "telefoon": "010-1234567",
        }
    }
    report, line = Verwerkingslog.objects.order_by("pk")[log_before:]
    assert (report.name, report.object_ref) == ("Melding opgevraagd", f"melding:{registered}")
    assert (line.name, line.verwerkingsactiviteit.code, line.object_ref) == (
        "Contactgegevens melder ingezien",
        "meldingen-behandeling",
        f"melding:{registered}",
    )
    assert line.data_subject_type == "melder"
    assert line.data_subject_id == pseudonymise(DataSubject("melder", registered))
    assert (line.audit.gebruiker, line.audit.organisatiecode) == (account, "so")

    api_client.get(f"{MELDINGEN}/{registered}", **auth(key))

    assert Verwerkingslog.objects.order_by("pk")[log_before:].count() == 4


def test_detail_of_an_anonymous_report_shows_no_contact_and_logs_only_the_report(
    api_client, make_token, registry
):
    body = payload(melderSoort="anoniem")
    del body["contact"]
    created = api_client.post(MELDINGEN, body, format="json", **auth(make_token(REGISTER)))
    key = make_token(IDENTITY)
    referentie = created.json()["referentie"]
    mark = log_mark()

    response = api_client.get(f"{MELDINGEN}/{referentie}", **auth(key))

    assert response.status_code == 200
    assert response.json()["contact"] is None
    assert [(name, ref) for name, _, ref, _ in logged_since(mark)] == [
        ("Melding opgevraagd", f"melding:{referentie}")
    ]


def test_the_list_never_shows_contact_details(api_client, make_token, registered):
    key = make_token(IDENTITY)
    mark = log_mark()

    response = api_client.get(MELDINGEN, **auth(key))

    assert response.status_code == 200
    assert response.json()["results"] == [expected_report(registered)]
    assert "de Vries" not in response.content.decode()
    # The reports are logged as read; no contact details were, so no line says so.
    assert logged_since(mark) == [
        (
            "Meldingenlijst opgevraagd",
            "meldingen-behandeling",
            f"melding:{registered}",
            subject("melder", registered),
        )
    ]


def test_the_list_logs_a_line_per_report_on_the_page_in_one_insert(
    api_client, make_token, registry
):
    register = make_token(REGISTER)
    for n in range(5):
        body = payload(bronId=f"SOW-{n:07d}")
        assert api_client.post(MELDINGEN, body, format="json", **auth(register)).status_code == 201
    key = make_token(VIEW)
    mark = log_mark()

    with log_inserts() as inserts:
        response = api_client.get(MELDINGEN, {"pageSize": 3, "page": 2}, **auth(key))

    shown = [r["referentie"] for r in response.json()["results"]]
    assert len(shown) == 2
    assert logged_since(mark) == [
        ("Meldingenlijst opgevraagd", "meldingen-behandeling", f"melding:{r}", subject("melder", r))
        for r in shown
    ]
    assert inserts == [1]
    # A filter that finds nothing shows nothing and logs nothing.
    mark = log_mark()
    assert api_client.get(MELDINGEN, {"bron": "elders"}, **auth(key)).json()["results"] == []
    assert logged_since(mark) == []


def test_script_in_the_description_comes_back_as_json_text(api_client, make_token, registry):
    script = '<script>alert("x")</script> & <b>vet</b>'
    created = api_client.post(
        MELDINGEN, payload(omschrijving=script), format="json", **auth(make_token(REGISTER))
    )
    key = make_token(VIEW)
    referentie = created.json()["referentie"]

    detail = api_client.get(f"{MELDINGEN}/{referentie}", **auth(key))
    listed = api_client.get(MELDINGEN, **auth(key))
    as_html = api_client.get(f"{MELDINGEN}/{referentie}", HTTP_ACCEPT="text/html", **auth(key))

    assert Melding.objects.get().omschrijving == script
    for response in (created, detail, listed):
        assert response["Content-Type"] == "application/json"
        assert response["X-Content-Type-Options"] == "nosniff"
    assert created.json()["omschrijving"] == script
    assert detail.json()["omschrijving"] == script
    assert listed.json()["results"][0]["omschrijving"] == script
    # Asking for HTML gets no HTML rendering, only a problem+json refusal.
    assert problem(as_html, 406)["title"] == "Niet aanvaardbaar."


# The list: filters and paging


@pytest.fixture
def reports(registry, make_user) -> dict[str, str]:
    """Five reports over two buurten, sources, categories, states and days."""
    registrar = make_user(REGISTER)
    triager = make_user([Capability.REPORTS_TRIAGE])
    rows = [
        ("a", "so_wonen", "overbewoning", "3083AB", "10", "2026-10-01T12:00:00+02:00"),
        ("b", "so_wonen", "woonoverlast", "3081CE", "20", "2026-10-02T12:00:00+02:00"),
        ("c", "sb_woonoverlast", "woonoverlast", "3083AB", "10", "2026-10-03T00:30:00+02:00"),
        ("d", "sb_woonoverlast", "overbewoning", "3083AB", "999", "2026-10-04T23:30:00+02:00"),
        ("e", "dirv_veiligheid", "crimineel_gebruik", "3081CE", "20", "2026-10-05T12:00:00+02:00"),
    ]
    names = {}
    for name, bron, categorie, postcode, number, received in rows:
        adres = OpgegevenAdres(postcode=postcode, huisnummer=number)
        if postcode == "3081CE":
            adres = OpgegevenAdres(
                postcode=postcode, huisnummer=number, huisletter="A", toevoeging="2"
            )
        melding = melding_register(
            actor=registrar,
            bron=bron,
            bron_id=f"{bron}-{name}",
            categorie=categorie,
            omschrijving=f"Melding {name}",
            adres=adres,
            melder_soort="professional",
            ontvangen_op=datetime.fromisoformat(received),
        ).melding
        names[name] = melding.referentie
    for name in ("b", "e"):
        melding_transition(
            actor=triager,
            melding=Melding.objects.get(referentie=names[name]),
            naar="in_triage",
            reden="Triage gestart",
        )
    return names


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", "edcba"),
        ("?status=in_triage", "eb"),
        ("?status=ontvangen", "dca"),
        ("?categorie=woonoverlast", "cb"),
        ("?bron=sb_woonoverlast", "dc"),
        ("?buurt=BU05991572", "ca"),
        ("?buurt=BU05991571", "eb"),
        ("?ontvangenVan=2026-10-03", "edc"),
        ("?ontvangenTot=2026-10-03", "cba"),
        ("?ontvangenVan=2026-10-02&ontvangenTot=2026-10-04", "dcb"),
        ("?ontvangenVan=2026-10-04&ontvangenTot=2026-10-04", "d"),
        ("?categorie=overbewoning&status=ontvangen&buurt=BU05991572", "a"),
        ("?bron=meldpunt", ""),
    ],
)
def test_list_filters(api_client, make_token, reports, query, expected):
    key = make_token(VIEW)

    response = api_client.get(MELDINGEN + query, **auth(key))

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(expected)
    assert [r["referentie"] for r in body["results"]] == [reports[n] for n in expected]


def test_list_pages(api_client, make_token, reports):
    key = make_token(VIEW)

    first = api_client.get(f"{MELDINGEN}?pageSize=2", **auth(key)).json()
    last = api_client.get(f"{MELDINGEN}?pageSize=2&page=3", **auth(key)).json()

    assert first["count"] == 5
    assert first["next"] == "http://testserver/api/v1/meldingen?page=2&pageSize=2"
    assert first["previous"] is None
    assert [r["referentie"] for r in first["results"]] == [reports["e"], reports["d"]]
    assert [r["referentie"] for r in last["results"]] == [reports["a"]]
    assert last["next"] is None


def test_list_shows_the_report_as_the_detail_does(api_client, make_token, reports):
    key = make_token(VIEW)

    listed = api_client.get(f"{MELDINGEN}?bron=dirv_veiligheid", **auth(key)).json()
    detail = api_client.get(f"{MELDINGEN}/{reports['e']}", **auth(key)).json()

    assert listed["results"] == [detail]
    assert detail == {
        "referentie": reports["e"],
        "bron": "dirv_veiligheid",
        "bronId": "dirv_veiligheid-e",
        "ontvangenOp": "2026-10-05T12:00:00+02:00",
        "categorie": "crimineel_gebruik",
        "omschrijving": "Melding e",
        "melderSoort": "professional",
        "status": "in_triage",
        "adresGevonden": True,
        "adres": {
            "nummeraanduiding": "0599200000000002",
            "straatnaam": "Mijnsherenlaan",
            "huisnummer": 20,
            "huisletter": "A",
            "huisnummertoevoeging": "2",
            "postcode": "3081CE",
            "woonplaats": "Rotterdam",
        },
        "opgegevenAdres": {
            "nummeraanduiding": "",
            "postcode": "3081CE",
            "huisnummer": "20",
            "huisletter": "A",
            "huisnummertoevoeging": "2",
        },
        "buurt": "BU05991571",
        "team": None,
        "triageVoor": "2026-10-06",
        "afgehandeldVoor": "2026-11-02",
    }


def test_invalid_filters_are_named(api_client, make_token, reports):
    key = make_token(VIEW)

    response = api_client.get(
        f"{MELDINGEN}?status=zoek&buurt=Carnisse&ontvangenVan=2026-10-05&ontvangenTot=2026-10-01",
        **auth(key),
    )
    wrong_date = api_client.get(f"{MELDINGEN}?ontvangenVan=gisteren", **auth(key))

    assert invalid(response) == [
        ("status", "invalid_choice", '"zoek" is een ongeldige keuze.'),
        ("buurt", "invalid", "Een buurtcode is BU gevolgd door acht cijfers."),
    ]
    assert [name for name, _, _ in invalid(wrong_date)] == ["ontvangenVan"]


def test_a_period_that_ends_before_it_starts_is_named(api_client, make_token, reports):
    key = make_token(VIEW)

    response = api_client.get(
        f"{MELDINGEN}?ontvangenVan=2026-10-05&ontvangenTot=2026-10-01", **auth(key)
    )

    assert invalid(response) == [("ontvangenTot", "order", "Deze datum ligt vóór ontvangenVan.")]


def test_a_report_from_a_delivery_has_no_reference_and_lists_with_null(
    api_client, make_token, registry
):
    Melding.objects.create(
        bron="so_wonen",
        bron_id="SOW-9",
        ontvangen_op=datetime.fromisoformat("2026-09-01T12:00:00+02:00"),
        categorie="leegstand",
    )
    key = make_token(VIEW)

    (listed,) = api_client.get(MELDINGEN, **auth(key)).json()["results"]

    assert (listed["referentie"], listed["bronId"], listed["melderSoort"]) == (None, "SOW-9", "")
    assert (listed["adres"], listed["adresGevonden"], listed["triageVoor"]) == (None, False, None)
