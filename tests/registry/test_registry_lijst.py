"""The matching queue and the deliveries with the list toolkit: search, sort and a status
filter kept in the URL."""

from __future__ import annotations

import pytest

from django.urls import reverse

from goedwonen.core.policy import Capability
from goedwonen.intake.models import Melding
from goedwonen.registry.importer.run import import_folder
from goedwonen.registry.models import Levering

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(source_folder):
    import_folder(actor=None, folder=source_folder, progress=False)


def test_the_matching_queue_finds_a_report_by_its_source_id_or_postcode(
    imported, client, make_user
):
    client.force_login(make_user([Capability.REPORTS_MATCH]))
    m3 = Melding.objects.get(bron_id="M3")

    def shown(**query) -> list[int]:
        response = client.get(reverse("koppelwachtrij"), query)
        return [m.pk for m in response.context["page"].object_list]

    assert shown(zoek="m3") == [m3.pk]
    assert shown(zoek="3083 ab") == [m3.pk]
    assert shown(zoek="9999ZZ") == []
    assert (
        "Geen melding zonder adres gevonden voor"
        in client.get(reverse("koppelwachtrij"), {"zoek": "9999ZZ"}).content.decode()
    )
    html = client.get(reverse("koppelwachtrij"), {"sorteer": "-ontvangen"}).content.decode()
    assert 'aria-sort="descending"' in html and "oudste eerst" not in html


def test_deliveries_by_number_and_status(imported, client, make_user):
    client.force_login(make_user([Capability.DELIVERIES_VIEW]))
    levering = Levering.objects.get()

    def shown(**query) -> list[int]:
        return [
            lev.pk for lev in client.get(reverse("leveringen"), query).context["page"].object_list
        ]

    assert shown(zoek=f"Levering {levering.pk}") == [levering.pk]
    assert shown(status=levering.status) == [levering.pk]
    assert shown(status="geslaagd" if levering.status != "geslaagd" else "mislukt") == []
    assert shown(status="onzin") == [levering.pk]
