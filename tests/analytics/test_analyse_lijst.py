"""The runs and the selections with the list toolkit: search, status filter, sortable
headers, and pages that keep them."""

from __future__ import annotations

import pytest

from django.urls import reverse

from goedwonen.analytics.models import Risicorun, Selectie
from goedwonen.core.policy import Capability
from goedwonen.registry.models import Gebied

pytestmark = pytest.mark.django_db


@pytest.fixture
def analist(make_user):
    return make_user([Capability.ANALYSIS_VIEW], username="analist")


@pytest.fixture
def runs(db) -> list[Risicorun]:
    zuid = Gebied.objects.create(code="GM0599ZUID", naam="Rotterdam Zuid", soort="wijk")
    return [
        Risicorun.objects.create(
            catalogus_id=1,
            peildatum="2026-01-01",
            status="klaar",
            gebied=zuid if n % 2 else None,
            aantal_woningen=n,
        )
        for n in range(30)
    ]


def test_runs_found_by_number_or_area_and_sorted(client, analist, runs):
    client.force_login(analist)
    oldest = runs[0]
    by_number = client.get(reverse("analyse"), {"zoek": f"Run {oldest.pk}"})
    assert [r.pk for r in by_number.context["page"].object_list] == [oldest.pk]
    by_area = client.get(reverse("analyse"), {"zoek": "zuid"})
    assert by_area.context["page"].paginator.count == 15
    most = client.get(reverse("analyse"), {"sorteer": "-woningen"})
    assert [r.aantal_woningen for r in most.context["page"].object_list][:3] == [29, 28, 27]
    html = most.content.decode()
    assert 'aria-sort="descending"' in html and "nieuwste eerst" not in html
    assert 'href="?sorteer=-woningen&amp;pagina=2"' in html


def test_selections_found_by_name_and_filtered_by_status(client, analist, runs, make_user):
    composer = make_user([Capability.SELECTION_COMPOSE])
    for naam, status in (("Carnisse hoog", "concept"), ("Hillesluis", "goedgekeurd")):
        Selectie.objects.create(run=runs[1], naam=naam, status=status, samengesteld_door=composer)
    client.force_login(analist)

    def names(**query) -> list[str]:
        response = client.get(reverse("selecties"), query)
        return [s.naam for s in response.context["page"].object_list]

    assert names(zoek="carnisse") == ["Carnisse hoog"]
    assert names(status="goedgekeurd") == ["Hillesluis"]
    assert names(sorteer="naam") == ["Carnisse hoog", "Hillesluis"]
    assert names(sorteer="-naam") == ["Hillesluis", "Carnisse hoog"]
    assert names(status="onzin") == ["Hillesluis", "Carnisse hoog"]  # unknown: no filter
    empty = client.get(reverse("selecties"), {"zoek": "Delfshaven"}).content.decode()
    assert "Geen selecties die hieraan voldoen." in empty
