"""Statement counts (tests/core/test_statement_counts.py) of the landlord monitor's lists
(owners in monitoring and its CSV, alerts, stop-talk candidates, the signals API) and of the
owner page's lists."""

from __future__ import annotations

from datetime import timedelta

import pytest

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from goedwonen.core.memo import ProcessMemo
from goedwonen.core.policy import Capability
from goedwonen.registry.models import Adres, Controle, Eigenaar, Eigendom, Verblijfsobject
from goedwonen.verhuurders.models import Recidivesignalering
from goedwonen.verhuurders.services.gesprekken import gesprek_invite, gesprek_record

from .statements import api_rows, cost, csv_rows, page_rows

pytestmark = pytest.mark.django_db

MONITOR = [
    Capability.LANDLORD_TALKS,
    Capability.LANDLORDS_MONITOR,
    Capability.CASES_VIEW,
    Capability.REGISTRY_VIEW,
    Capability.REPORTS_VIEW,
    Capability.ENFORCEMENT_HISTORY_VIEW,
]


@pytest.fixture
def monitor(make_user, city):
    return make_user(MONITOR, username="monitor")


def _dwelling(eigenaar: Eigenaar, n: int) -> Verblijfsobject:
    """Dwelling n of the owner, inspected twice with a violation in the last two years."""
    carnisse = Verblijfsobject.objects.get(object_id="0599010000000001")
    vbo = Verblijfsobject.objects.create(
        object_id=f"0599010000091{n:03d}", objecttype="VBO", is_woning=True, buurt=carnisse.buurt
    )
    Adres.objects.create(
        nummeraanduiding=f"0599200000091{n:03d}",
        verblijfsobject=vbo,
        openbareruimte="Carnisselaan",
        huisnummer=100 + n,
        postcode="3083AB",
        woonplaats="Rotterdam",
    )
    Eigendom.objects.create(
        verblijfsobject=vbo, eigenaar=eigenaar, verkregen_op=timezone.localdate() - timedelta(900)
    )
    for days in (400, 200):
        Controle.objects.create(
            bron_id=f"S{n}-{days}",
            verblijfsobject=vbo,
            datum=timezone.localdate() - timedelta(days),
            aanleiding="melding",
            overtreding="ja",
        )
    return vbo


def _landlords(monitor, first: int, last: int) -> None:
    """Owners first..last, each with a violating dwelling (a stop-talk candidate), warned a
    week ago (in monitoring) and with an open alert."""
    today = timezone.localdate()
    for n in range(first, last + 1):
        eigenaar = Eigenaar.objects.create(
            eigenaar_id=f"S{n}",
            soort="natuurlijk_persoon",
            naam=f"Verhuurder {n}",
            straat="Coolsingel",
            huisnummer=n,
            postcode="3000AA",
            woonplaats="Rotterdam",
        )
        vbo = _dwelling(eigenaar, n)
        gesprek = gesprek_invite(
            actor=monitor,
            eigenaar=eigenaar,
            soort="waarschuwingsgesprek",
            gepland_op=timezone.now() + timedelta(days=7),
            locatie="Stadskantoor",
            aanleiding="Overbewoning vastgesteld.",
        )
        gesprek_record(
            actor=monitor,
            gesprek=gesprek,
            gehouden_op=today - timedelta(days=7),
            deelnemers="De eigenaar; de jurist",
            afspraken="Niet meer dan vier bewoners.",
        )
        Recidivesignalering.objects.create(
            eigenaar=eigenaar,
            verblijfsobject=vbo,
            soort="controle",
            bron=f"controle:S{n}",
            datum=today,
            waarschuwing_op=today - timedelta(days=7),
            gesprek=gesprek,
        )


def _rows_of(key: str):
    return lambda response: len(response.context[key])


@pytest.mark.parametrize(
    ("name", "rows"),
    [
        ("verhuurders-monitoring", _rows_of("rows")),
        ("verhuurders-monitoring-export", csv_rows),
        ("verhuurders-signaleringen", _rows_of("signaleringen")),
        ("verhuurders-kandidaten", page_rows),
    ],
)
def test_the_monitor_lists_cost_the_same_for_one_owner_and_for_five(client, monitor, name, rows):
    client.force_login(monitor)
    url = reverse(name)
    _landlords(monitor, 1, 1)
    client.get(url)
    few = cost(client, url, rows=rows)

    _landlords(monitor, 2, 5)
    # The candidates are kept for ten minutes, and a minute in each process: count them anew.
    cache.clear()
    ProcessMemo.forget_everywhere()
    many = cost(client, url, rows=rows)

    assert many[1] > few[1]
    assert many[0] == few[0]


def test_the_signals_api_costs_the_same_for_one_owner_and_for_five(api_client, make_token, monitor):
    _, key = make_token([Capability.LANDLORDS_MONITOR])
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    url = reverse("api-verhuurders-signalen")
    _landlords(monitor, 1, 1)
    api_client.get(url)
    few = cost(api_client, url, rows=api_rows)

    _landlords(monitor, 2, 5)
    many = cost(api_client, url, rows=api_rows)

    assert many[1] > few[1]
    assert many[0] == few[0]


def _owner_rows(response) -> int:
    """The owner's dwellings on the page (its reports and inspections are parts of their own,
    tests/registry/test_eigenaar_delen.py)."""
    return len(response.context["bezit"])


def test_the_owner_page_costs_the_same_for_one_dwelling_and_for_five(client, monitor):
    """The owner's dwellings, inspections, talks and alerts (the monitor's section)."""
    client.force_login(monitor)
    _landlords(monitor, 1, 1)
    eigenaar = Eigenaar.objects.get(eigenaar_id="S1")
    url = reverse("eigenaar", args=["S1"])
    client.get(url)
    few = cost(client, url, rows=_owner_rows)

    for n in range(2, 6):
        _dwelling(eigenaar, n)
    many = cost(client, url, rows=_owner_rows)

    assert many[1] > few[1]
    assert many[0] == few[0]
