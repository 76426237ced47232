"""The dashboard shows its sections from the cache within its lifetime (a fixed, small
number of statements), says when the figures were computed, shows a new version of a
target at once, and the exports compute fresh figures."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from goedwonen.core.policy import Capability
from goedwonen.rapportage.doelen import doelversie_create
from tests.rapportage.doelen_data import AMS, case, make_areas

pytestmark = pytest.mark.django_db

STEER = [Capability.STEERING_VIEW, Capability.CASES_VIEW, Capability.TARGETS_MANAGE]
# Session and user, the targets' versions and parameters (the cache key), the cache read,
# the processing log's and the areas' reads of the page: not the sections' figures.
CACHED_STATEMENTS = 12


def test_a_second_view_renders_from_the_cache_and_a_new_target_shows_at_once(make_user, client):
    areas = make_areas()
    director = make_user([Capability.CASES_DIRECT])
    jaar = timezone.localdate().year
    case(1, datetime(jaar, 1, 2, tzinfo=AMS), areas["carnisse"], director=director)
    steerer = make_user(STEER)
    client.force_login(steerer)
    with CaptureQueriesContext(connection) as first:
        response = client.get(reverse("sturing"))
    assert response.status_code == 200
    assert "Cijfers van " in response.content.decode()

    with CaptureQueriesContext(connection) as second:
        again = client.get(reverse("sturing"))
    assert again.status_code == 200
    assert len(second.captured_queries) <= CACHED_STATEMENTS < len(first.captured_queries)
    # A case recorded within the lifetime waits for it: the same figures, the same time.
    case(2, datetime(jaar, 1, 3, tzinfo=AMS), areas["carnisse"], director=director)
    assert [s.cijfers for s in again.context["secties"]] == [
        s.cijfers for s in client.get(reverse("sturing")).context["secties"]
    ]

    doelversie_create(
        actor=steerer,
        code="nieuwe-casussen",
        waarde=Decimal("4321"),
        geldig_vanaf=timezone.localdate(),
        bron="Bijgesteld plan",
        reden="Test",
    )
    changed = client.get(reverse("sturing"))
    assert "4.321" in changed.content.decode()
    totals = {
        (c.maat, c.gebied, c.periode): c.waarde
        for c in changed.context["secties"][0].cijfers
        if c.maat == "casussen_nieuw"
    }
    assert totals[("casussen_nieuw", "BU05991572", str(jaar))] == 2  # computed afresh

    # The export computes fresh figures whatever the cache holds.
    case(3, datetime(jaar, 1, 4, tzinfo=AMS), areas["carnisse"], director=director)
    export = client.get(reverse("sturing-export"), {"formaat": "csv", "jaar": str(jaar)})
    assert export.status_code == 200
    assert f"casussen_nieuw;BU05991572;{jaar};;3;doelen" in export.content.decode()
