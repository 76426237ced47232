"""The legal work queue's search: a procedure by its reference, its case's, its
addressee's name or its address; the page keeps the term and offers saved filters."""

from __future__ import annotations

import pytest

from django.urls import reverse

from goedwonen.core.models import OpgeslagenFilter
from goedwonen.handhaving.traject_services import traject_start_on_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def traject(casus, jurist, dwangsom):
    return traject_start_on_case(
        actor=jurist,
        casus=casus,
        instrumentversie=dwangsom,
        partij=casus.partijen.get(eigenaar__isnull=False),
        aanleiding="Tien bewoners op 60 m²",
    )


@pytest.mark.parametrize(
    "term",
    ["{kenmerk}", "{casus}", "jansen", "Carnisselaan 10", "3083 AB"],
)
def test_a_procedure_is_found_by_reference_owner_and_address(client, jurist, traject, term):
    client.force_login(jurist)
    term = term.format(kenmerk=traject.kenmerk, casus=traject.casus.referentie)
    html = client.get(reverse("handhaving-werkvoorraad"), {"zoek": term}).content.decode()
    assert traject.kenmerk in html


def test_a_search_that_finds_nothing_shows_nothing(client, jurist, traject):
    client.force_login(jurist)
    html = client.get(reverse("handhaving-werkvoorraad"), {"zoek": "Pietersen"}).content.decode()
    assert traject.kenmerk not in html
    assert "Alleen wat gevonden is voor 'Pietersen'" in html
    assert html.count("Geen ") >= 3


def test_saved_filters_of_the_work_queue(client, jurist, traject):
    OpgeslagenFilter.objects.create(
        eigenaar=jurist, lijst="handhaving-werkvoorraad", naam="Jansen", query="zoek=jansen"
    )
    client.force_login(jurist)
    html = client.get(reverse("handhaving-werkvoorraad")).content.decode()
    assert 'href="?zoek=jansen"' in html
