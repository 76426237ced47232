"""The monitor's lists with the list toolkit: owners in monitoring (search, sort, CSV export,
logged) and stop-talk candidates (search, pages that keep it)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from goedwonen.core.models import Verwerkingslog

from .support import JURIST, warn

pytestmark = pytest.mark.django_db


@pytest.fixture
def jurist(make_user):
    return make_user(JURIST, username="jurist")


@pytest.fixture
def monitored(jurist, casus):
    warn(jurist, held_on=timezone.localdate() - timedelta(days=10), casus=casus)


def test_search_owners_in_monitoring_by_name_or_id(client, jurist, monitored):
    client.force_login(jurist)
    assert (
        "1 eigenaar in monitoring"
        in client.get(reverse("verhuurders-monitoring"), {"zoek": "jans"}).content.decode()
    )
    assert (
        "1 eigenaar in monitoring"
        in client.get(reverse("verhuurders-monitoring"), {"zoek": "e1"}).content.decode()
    )
    mark = Verwerkingslog.objects.count()
    none = client.get(reverse("verhuurders-monitoring"), {"zoek": "Pietersen"}).content.decode()
    assert "Geen eigenaar in monitoring gevonden voor 'Pietersen'." in none
    # Nobody was shown: the log names no owner.
    assert list(
        Verwerkingslog.objects.order_by("pk")[mark:].values_list("object_ref", flat=True)
    ) == ["monitoring"]


def test_the_monitoring_list_sorts_by_its_headers(client, jurist, monitored):
    client.force_login(jurist)
    html = client.get(reverse("verhuurders-monitoring"), {"sorteer": "-dagen"}).content.decode()
    assert 'aria-sort="descending"' in html
    assert "de kortste resterende periode eerst" not in html


def test_the_monitoring_export_is_logged_per_owner(client, jurist, monitored):
    client.force_login(jurist)
    response = client.get(reverse("verhuurders-monitoring-export"), {"zoek": "jansen"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "eigenaar",
        "naam",
        "waarschuwingsgesprek",
        "monitoring_tot",
        "dagen_over",
        "open_signaleringen",
    ]
    assert [r[0] for r in rows[1:]] == ["E1"]
    assert list(
        Verwerkingslog.objects.filter(name="Verhuurders in monitoring geëxporteerd").values_list(
            "object_ref", flat=True
        )
    ) == ["monitoring/eigenaar:E1"]


def test_the_export_needs_the_monitor_capability(client, make_user, monitored):
    client.force_login(make_user([]))
    assert client.get(reverse("verhuurders-monitoring-export")).status_code == 403


def test_sorting_a_list_built_in_python_puts_empty_values_last(rf):
    from goedwonen.core.lists import Kolom, Lijst, Lijstdefinitie

    definitie = Lijstdefinitie(key="proef", kolommen=(Kolom("n", "N", ("n",)),))

    class Row:
        def __init__(self, n):
            self.n = n

    rows = [Row(2), Row(None), Row(1), Row(3)]
    up = Lijst.from_request(rf.get("/?sorteer=n"), definitie).order(rows)
    down = Lijst.from_request(rf.get("/?sorteer=-n"), definitie).order(rows)
    assert [r.n for r in up] == [1, 2, 3, None]
    assert [r.n for r in down] == [3, 2, 1, None]


def test_alerts_found_by_owner_or_address(client, jurist, city):
    from goedwonen.verhuurders.models import Recidivesignalering

    from .support import e1

    Recidivesignalering.objects.create(
        eigenaar=e1(),
        verblijfsobject=e1().eigendommen.get().verblijfsobject,
        soort="controle",
        bron="controle:C1",
        datum=timezone.localdate(),
        waarschuwing_op=timezone.localdate() - timedelta(days=3),
    )
    client.force_login(jurist)

    def count(term: str) -> int:
        response = client.get(reverse("verhuurders-signaleringen"), {"zoek": term})
        return len(response.context["signaleringen"])

    assert (count("jansen"), count("E1"), count("Carnisselaan 10"), count("3083AB")) == (1, 1, 1, 1)
    assert (count("Pietersen"), count("Dordtselaan 7")) == (0, 0)
