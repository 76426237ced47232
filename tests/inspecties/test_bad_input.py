"""Odd input on the visit form: an unknown visit to correct is a 404, never a server error."""

from __future__ import annotations

import pytest

from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("corrigeert", ["²", "①", "\u0661", "9" * 20])
def test_a_correction_of_an_odd_visit_number_is_not_found(client, casus, inspecteur, corrigeert):
    client.force_login(inspecteur)

    response = client.get(
        reverse("bezoek-nieuw", args=[casus.referentie]), {"corrigeert": corrigeert}
    )

    assert response.status_code == 404
