"""Odd query parameters on the analyst screens are treated as absent, never a server error."""

from __future__ import annotations

import pytest

from django.urls import reverse

from goedwonen.analytics.models import Risicorun
from goedwonen.core.policy import Capability

pytestmark = pytest.mark.django_db


@pytest.fixture
def analist(client, make_user):
    client.force_login(make_user([Capability.ANALYSIS_VIEW]))


@pytest.mark.parametrize("pagina", ["²", "①", "0", "-1", "9" * 20])
def test_a_run_page_with_an_odd_page_number_shows_the_first_page(client, analist, pagina):
    run = Risicorun.objects.create(
        catalogus_id=1, peildatum="2026-01-01", status="mislukt", melding="Geen BAG-levering"
    )

    response = client.get(reverse("analyse-run", kwargs={"pk": run.pk}), {"pagina": pagina})

    assert response.status_code == 200
    assert response.context["page"].number == 1
    assert "Deze run is mislukt: Geen BAG-levering" in response.content.decode()


@pytest.mark.parametrize("versie", ["²", "\u0661", "9" * 20])
def test_the_catalogue_and_register_with_an_odd_version_show_the_current_one(
    client, analist, versie
):
    catalogue = client.get(reverse("analyse-catalogus"), {"versie": versie})
    register = client.get(reverse("analyse-algoritmeregister"), {"versie": versie})

    assert catalogue.status_code == register.status_code == 200
    assert "Indicatorcatalogus versie 1" in catalogue.content.decode()
