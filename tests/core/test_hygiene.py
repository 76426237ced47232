"""What every response carries and what a refusal writes to the log (issue 11, point 16)."""

from __future__ import annotations

import logging

import pytest

from django.core.cache import cache
from django.urls import reverse

from goedwonen.core.policy import Capability
from goedwonen.intake.services.registration import melding_register
from goedwonen.registry.address_lookup import OpgegevenAdres

pytestmark = pytest.mark.django_db


def test_pages_of_a_signed_in_user_are_not_stored(client, make_user):
    client.force_login(make_user([Capability.LOG_SEARCH]))
    for url in (reverse("home"), reverse("privacy-log"), "/bestaat-niet"):
        assert "no-store" in client.get(url)["Cache-Control"], url


def test_the_public_pages_of_a_report_are_not_stored(client):
    cache.clear()
    registratie = melding_register(
        actor=None,
        bron="meldpunt",
        categorie="overbewoning",
        omschrijving="Te veel mensen in één woning.",
        adres=OpgegevenAdres(postcode="3083AB", huisnummer="999"),
        melder_soort="anoniem",
    )
    status = reverse(
        "melding-status",
        kwargs={
            "referentie": registratie.melding.referentie,
            "secret": registratie.statuslink_secret,
        },
    )
    for url in (reverse("melden"), status, reverse("login")):
        assert "no-store" in client.get(url)["Cache-Control"], url


def test_static_files_keep_their_cache(client):
    response = client.get("/static/goedwonen/app.css")
    assert response.status_code == 200
    assert "no-store" not in response["Cache-Control"]
    assert "max-age=" in response["Cache-Control"]


def test_a_refusal_is_logged_as_one_line_without_traceback(client, make_user, caplog):
    user = make_user([Capability.CASES_VIEW])
    client.force_login(user)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(reverse("privacy-log"))
    assert response.status_code == 403
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info is None
    assert record.getMessage() == (
        f"Forbidden: /privacy/logboek (gebruiker {user.pk}): Hiervoor is de bevoegdheid "
        f"'{Capability.LOG_SEARCH.label}' nodig."
    )
    assert "Traceback" not in caplog.text


def test_an_api_refusal_names_the_user_too(client, make_user, caplog):
    user = make_user([])
    client.force_login(user)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/api/v1/verwerkingsactiviteiten")
    assert response.status_code == 403
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert (
        record.getMessage()
        == f"Forbidden: /api/v1/verwerkingsactiviteiten (gebruiker {user.pk}): -"
    )


def test_no_template_comment_spans_lines():
    """Django's `{# … #}` ends at the line's end: one spread over lines is printed on the page
    (an agenda item's heading showed its own comment). Longer comments use {% comment %}."""
    import re
    from pathlib import Path

    import goedwonen

    templates = Path(goedwonen.__file__).parent / "templates"
    spread = [
        str(path.relative_to(templates))
        for path in sorted(templates.rglob("*.html"))
        for line in path.read_text().splitlines()
        if re.search(r"\{#(?!.*#\})", line)
    ]
    assert spread == []
