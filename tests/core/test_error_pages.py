"""The product's own 404 and 403 pages in every mode, debug mode (the demo) included: Django's
technical 404 page lists every URL pattern and names the view."""

from __future__ import annotations

import pytest

from django.test import override_settings
from django.urls import reverse

from goedwonen.casussen.models import Casus
from goedwonen.core.policy import Capability

pytestmark = pytest.mark.django_db

OWN_404 = "Deze pagina of dit object bestaat niet."
TECHNICAL = ("Using the URLconf", "goedwonen.urls", "Raised by", "DEBUG = True")


@pytest.fixture
def unshared_case(make_user):
    """A case directed by Stadsontwikkeling, shared with nobody."""
    regisseur = make_user([Capability.CASES_DIRECT, Capability.CASES_VIEW])
    return Casus.objects.create(
        referentie="CS-2026-0001",
        titel="Niet gedeeld",
        herkomst="melding",
        categorieen=["overbewoning"],
        casusregisseur=regisseur,
        organisatie=regisseur.organisatie,
    )


def _own_page(body: str) -> None:
    assert not any(marker in body for marker in TECHNICAL), body[:2000]
    assert 'class="utrecht-heading-1"' in body


@pytest.mark.parametrize("debug", [True, False], ids=["debug", "production"])
def test_a_partner_opening_an_unshared_case_gets_the_own_404(
    client, make_user, partner_organisatie, unshared_case, debug
):
    client.force_login(
        make_user([Capability.CASES_VIEW, Capability.TASKS_WORK], organisatie_=partner_organisatie)
    )
    with override_settings(DEBUG=debug):
        response = client.get(reverse("casus", kwargs={"referentie": unshared_case.referentie}))
    assert response.status_code == 404
    body = response.content.decode()
    _own_page(body)
    assert OWN_404 in body


@pytest.mark.parametrize("signed_in", [True, False], ids=["signed-in", "anonymous"])
def test_an_unknown_address_in_debug_mode_gets_the_own_404(client, make_user, signed_in):
    if signed_in:
        client.force_login(make_user([Capability.CASES_VIEW]))
    with override_settings(DEBUG=True):
        response = client.get("/bestaat/niet")
    assert response.status_code == 404
    body = response.content.decode()
    _own_page(body)
    assert OWN_404 in body
    assert "casussen/" not in body  # no URL pattern listed


def test_an_unknown_api_address_in_debug_mode_is_problem_json(client, make_user):
    client.force_login(make_user([Capability.CASES_VIEW]))
    with override_settings(DEBUG=True):
        response = client.get("/api/v1/bestaat-niet")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_a_missing_capability_in_debug_mode_gets_the_own_403(client, make_user):
    client.force_login(make_user([Capability.CASES_VIEW]))
    with override_settings(DEBUG=True):
        response = client.get(reverse("kaart"))
    assert response.status_code == 403
    body = response.content.decode()
    _own_page(body)
    assert "Geen toegang" in body
