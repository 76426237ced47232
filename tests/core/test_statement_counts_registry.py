"""Statement counts (tests/core/test_statement_counts.py) of the registry's lists: the
address search, an address page's lists, the matching queue and the deliveries."""

from __future__ import annotations

import pytest

from django.urls import reverse
from django.utils import timezone

from goedwonen.core.policy import Capability
from goedwonen.intake.models import Melding
from goedwonen.registry.models import Adres, Controle, Levering, Verblijfsobject

from .statements import cost, more_cases, more_reports, page_rows

pytestmark = pytest.mark.django_db

REGISTRY = [
    Capability.REGISTRY_VIEW,
    Capability.REPORTS_VIEW,
    Capability.ENFORCEMENT_HISTORY_VIEW,
    Capability.CASES_VIEW,
    Capability.REPORTS_MATCH,
    Capability.DELIVERIES_VIEW,
]


@pytest.fixture
def kijker(make_user, city):
    return make_user(REGISTRY, username="kijker")


def _more_addresses(first: int, last: int) -> None:
    """Carnisselaan 100+n, a dwelling each, n from first to last."""
    carnisse = Verblijfsobject.objects.get(object_id="0599010000000001")
    for n in range(first, last + 1):
        vbo = Verblijfsobject.objects.create(
            object_id=f"0599010000092{n:03d}",
            objecttype="VBO",
            is_woning=True,
            buurt=carnisse.buurt,
        )
        Adres.objects.create(
            nummeraanduiding=f"0599200000092{n:03d}",
            verblijfsobject=vbo,
            openbareruimte="Carnisselaan",
            huisnummer=100 + n,
            postcode="3083AB",
            woonplaats="Rotterdam",
        )


def test_the_address_search_costs_the_same_for_few_addresses_and_for_more(client, kijker):
    client.force_login(kijker)
    url = reverse("adres-zoeken")
    params = {"q": "Carnisselaan"}

    def rows(response) -> int:
        return len(response.context["results"])

    client.get(url, params)
    few = cost(client, url, params, rows=rows)

    _more_addresses(1, 5)
    many = cost(client, url, params, rows=rows)

    assert many[1] > few[1]
    assert many[0] == few[0]


def _address_rows(response) -> int:
    dossier = response.context["d"]
    return len(dossier.meldingen) + len(dossier.controles) + len(response.context["casussen"])


def test_an_address_page_costs_the_same_for_few_reports_and_cases_and_for_more(
    client, kijker, regisseur, casus
):
    client.force_login(kijker)
    url = reverse("adres", args=[casus.objecten.first().adres.nummeraanduiding])
    client.get(url)
    few = cost(client, url, rows=_address_rows)

    more_reports(regisseur, 4)
    more_cases(regisseur, casus, 4)
    for n in range(4):
        Controle.objects.create(
            bron_id=f"A{n}",
            verblijfsobject=casus.objecten.first().verblijfsobject,
            datum=timezone.localdate(),
            aanleiding="melding",
            overtreding="ja",
        )
    many = cost(client, url, rows=_address_rows)

    assert many[1] > few[1]
    assert many[0] == few[0]


def test_the_matching_queue_costs_the_same_for_few_reports_and_for_more(client, kijker):
    client.force_login(kijker)
    url = reverse("koppelwachtrij")
    client.get(url)
    few = cost(client, url, rows=page_rows)

    unmatched = Melding.objects.filter(adres__isnull=True).first()
    for n in range(4):
        unmatched.pk = None
        unmatched.referentie = f"M-2026-9{n:04d}"
        unmatched.bron_id = f"K{n}"
        unmatched.save()
    many = cost(client, url, rows=page_rows)

    assert many[1] > few[1]
    assert many[0] == few[0]


def test_the_deliveries_cost_the_same_for_one_delivery_and_for_five(client, kijker):
    client.force_login(kijker)
    url = reverse("leveringen")
    client.get(url)
    few = cost(client, url, rows=page_rows)

    levering = Levering.objects.get()
    for _ in range(4):
        levering.pk = None
        levering.uitgevoerd_door = kijker
        levering.save()
    many = cost(client, url, rows=page_rows)

    assert many[1] > few[1]
    assert many[0] == few[0]
