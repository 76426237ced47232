"""Letter templates as data: text versions, refusals, history, and that a text change never
alters a letter already made."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability
from goedwonen.documenten.brieftekst import brief_tekst_errors
from goedwonen.documenten.brieven import SJABLONEN, VOORBEELD_BRIEF
from goedwonen.documenten.models import Briefsjabloonversie
from goedwonen.documenten.services import brief_generate
from goedwonen.documenten.sjablonen import (
    briefsjabloon_list,
    briefsjabloonversie_create,
    briefsjabloonversie_history,
)
from goedwonen.parameters.models import Inrichtingswijziging

from .pdftext import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder(make_user):
    return make_user([Capability.ROUTING_MANAGE], username="beheerder")


def _new(actor, **overrides):
    values = {
        "code": "vooraankondiging_controle",
        "titel": "Aankondiging controle",
        "tekst": "Wij komen kijken bij {{ brief.adressen|join:'; ' }}.\n\n{{ brief.alinea }}",
        "alinea_hint": "De datum van de controle.",
        "geldig_vanaf": timezone.localdate(),
        "reden": "Kortere tekst na klachten.",
    }
    return briefsjabloonversie_create(actor=actor, **{**values, **overrides})


def test_the_seeded_texts_render_for_every_letter():
    for code in SJABLONEN:
        versie = Briefsjabloonversie.objects.get(code=code)
        assert brief_tekst_errors(versie.tekst, voorbeeld=VOORBEELD_BRIEF) == []
        assert "{{ brief.alinea }}" in versie.tekst


def test_a_new_version_is_current_and_the_previous_stays_in_the_history(beheerder):
    versie = _new(beheerder)
    current = dict(briefsjabloon_list(actor=beheerder))
    assert current["vooraankondiging_controle"] == versie
    history = briefsjabloonversie_history(actor=beheerder, code="vooraankondiging_controle")
    assert [v.titel for v in history] == ["Aankondiging controle", "Vooraankondiging controle"]
    wijziging = Inrichtingswijziging.objects.get(onderwerp="briefsjabloon")
    assert wijziging.sleutel == "vooraankondiging_controle"
    assert wijziging.oud["titel"] == "Vooraankondiging controle"
    assert wijziging.nieuw["titel"] == "Aankondiging controle"
    line = Verwerkingslog.objects.order_by("pk").last()
    assert line.name.startswith("Inrichting gewijzigd: Briefsjabloon")
    assert line.data_subject_id == ""


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"tekst": "Hallo {{ brief.bestaat_niet }}"}, "tekst", "onbekende plaatshouder"),
        ({"tekst": "Hallo {% if %}"}, "tekst", "geen geldig sjabloon"),
        ({"tekst": "{% include 'base.html' %}"}, "tekst", "laadt een ander sjabloon"),
        ({"tekst": "  "}, "tekst", "Geef de tekst"),
        ({"titel": ""}, "titel", "Geef de titel"),
        ({"reden": ""}, "reden", "Geef de reden"),
        ({"geldig_vanaf": timezone.localdate() - timedelta(days=1)}, "geldig_vanaf", "Kies"),
        ({"code": "bestaat_niet"}, "code", "Onbekende brief"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(beheerder, overrides, field, message):
    before = (Briefsjabloonversie.objects.count(), Inrichtingswijziging.objects.count())
    with pytest.raises(ValidationError) as refused:
        _new(beheerder, **overrides)
    assert message in " ".join(refused.value.message_dict[field])
    assert before == (Briefsjabloonversie.objects.count(), Inrichtingswijziging.objects.count())


def test_only_a_functional_administrator_changes_a_text(make_user):
    with pytest.raises(PermissionDenied):
        _new(make_user([Capability.CASES_DIRECT], username="regisseur2"))
    assert Briefsjabloonversie.objects.count() == len(SJABLONEN)


def test_a_text_change_leaves_a_letter_already_made_and_the_next_letter_uses_it(
    casus, regisseur, beheerder
):
    partij = casus.partijen.get(eigenaar__eigenaar_id="E1")
    oud = brief_generate(
        actor=regisseur,
        casus=casus,
        sjabloon="vooraankondiging_controle",
        partij=partij,
        alinea="Op dinsdag om tien uur.",
    )
    oud_pdf = Path(oud.bestand.path).read_bytes()
    oud_hash, oud_gegevens = hashlib.sha256(oud_pdf).hexdigest(), dict(oud.brief_gegevens)
    assert "afdeling 5.2 van de Algemene wet bestuursrecht" in " ".join(pdf_text(oud_pdf).split())

    _new(beheerder, tekst="Nieuwe tekst voor {{ brief.kenmerk }}.\n\n{{ brief.alinea }}")

    oud.refresh_from_db()
    assert hashlib.sha256(Path(oud.bestand.path).read_bytes()).hexdigest() == oud_hash
    assert oud.sha256 == oud_hash and oud.brief_gegevens == oud_gegevens
    nieuw = brief_generate(
        actor=regisseur,
        casus=casus,
        sjabloon="vooraankondiging_controle",
        partij=partij,
        alinea="Op dinsdag om tien uur.",
    )
    text = " ".join(pdf_text(Path(nieuw.bestand.path).read_bytes()).split())
    assert f"Nieuwe tekst voor {casus.referentie}." in text
    assert "Aankondiging controle" in text and "Op dinsdag om tien uur." in text
    assert "afdeling 5.2" not in text


def test_the_pages_show_the_text_and_history_and_make_a_new_version(client, beheerder):
    client.force_login(beheerder)
    lijst = client.get("/beheer/briefsjablonen")
    assert lijst.status_code == 200
    assert b'href="/beheer/briefsjablonen/waarschuwing_wgv"' in lijst.content
    assert "handhavingscatalogus" in lijst.content.decode()
    assert "/beheer/briefsjablonen" in client.get("/beheer/parameters").content.decode()
    url = "/beheer/briefsjablonen/vooraankondiging_controle"
    page = client.get(url)
    assert page.status_code == 200 and "afdeling 5.2" in page.content.decode()
    form = {
        "titel": "Aankondiging controle",
        "tekst": "Wij komen op {{ brief.datum }}.\n\n{{ brief.alinea }}",
        "alinea_hint": "",
        "geldig_vanaf": timezone.localdate().isoformat(),
        "reden": "Korter.",
    }
    assert client.post(url, form).status_code == 302
    page = client.get(url).content.decode()
    assert "Aankondiging controle" in page and "Korter." in page
    assert "Starttekst van het product." in page  # the previous text stays in the history


def test_the_page_refuses_a_text_that_does_not_render_on_the_field(client, beheerder):
    client.force_login(beheerder)
    url = "/beheer/briefsjablonen/vooraankondiging_controle"
    form = {
        "titel": "Aankondiging",
        "tekst": "Beste {{ brief.naam }}",
        "geldig_vanaf": timezone.localdate().isoformat(),
        "reden": "Test.",
    }
    response = client.post(url, form)
    assert response.status_code == 400
    assert "onbekende plaatshouder {{ brief.naam }}" in response.content.decode()
    assert "Beste {{ brief.naam }}" in response.content.decode()  # what was typed is kept
    assert Briefsjabloonversie.objects.count() == len(SJABLONEN)


def test_the_pages_need_the_set_up_capability(client, make_user):
    client.force_login(make_user([Capability.CASES_DIRECT], username="regisseur3"))
    assert client.get("/beheer/briefsjablonen").status_code == 403
    assert client.get("/beheer/briefsjablonen/waarschuwing_wgv").status_code == 403


def test_an_unknown_letter_is_not_found(client, beheerder):
    client.force_login(beheerder)
    assert client.get("/beheer/briefsjablonen/bestaat_niet").status_code == 404
