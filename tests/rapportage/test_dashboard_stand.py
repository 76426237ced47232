"""No request computes the dashboard's figures: the page asks the worker for them and shows
the latest stand, within a fixed, small number of statements; it says when the figures were
computed and that newer ones are on their way, and reloads itself once they are there. A new
version of a target is asked for at once; a case recorded waits for the stand to age. The
exports write the stand the page shows; the night renews the running year's stands."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django_tasks_db.models import DBTaskResult

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from goedwonen.core.policy import Capability
from goedwonen.rapportage.dashboard import FRESH_SECONDS, STAND_KEPT_DAYS
from goedwonen.rapportage.doelen import doelversie_create
from goedwonen.rapportage.models import Cijferstand
from goedwonen.rapportage.tasks import standen_nachtelijk
from tests.rapportage.doelen_data import AMS, case, make_areas

pytestmark = pytest.mark.django_db

STEER = [Capability.STEERING_VIEW, Capability.CASES_VIEW, Capability.TARGETS_MANAGE]
# Session and user, the stand, the targets' versions and the two records of its key, the
# processing log's and the form's areas: not the sections' figures.
STAND_STATEMENTS = 12


def _queued() -> int:
    return DBTaskResult.objects.filter(task_path__endswith="stand_berekenen").count()


def _totals(response) -> dict[tuple[str, str, str], int]:
    return {
        (c.maat, c.gebied, c.periode): c.waarde
        for c in response.context["stand"].secties[0].cijfers
        if c.maat == "casussen_nieuw"
    }


def test_the_page_asks_the_worker_and_shows_its_stand(make_user, client, run_worker):
    areas = make_areas()
    director = make_user([Capability.CASES_DIRECT])
    jaar = timezone.localdate().year
    case(1, datetime(jaar, 1, 2, tzinfo=AMS), areas["carnisse"], director=director)
    steerer = make_user(STEER)
    client.force_login(steerer)

    first = client.get(reverse("sturing"))
    assert first.status_code == 200
    text = first.content.decode()
    assert "De cijfers worden berekend" in text and 'id="sturing-berekend"' not in text
    assert "CSV" not in text  # nothing to download yet
    assert first.context["stand"].secties == []
    assert _queued() == 1
    # Looking again while the worker has not come by asks nothing more.
    assert "De cijfers worden berekend" in client.get(reverse("sturing")).content.decode()
    assert _queued() == 1
    # What the page asks every three seconds: the same notice until the stand is there.
    status = client.get(reverse("sturing-stand"), {"jaar": str(jaar)})
    assert status.status_code == 200 and "HX-Refresh" not in status.headers
    assert "De cijfers worden berekend" in status.content.decode()

    run_worker()
    assert client.get(reverse("sturing-stand"), {"jaar": str(jaar)}).headers["HX-Refresh"]
    with CaptureQueriesContext(connection) as shown:
        computed = client.get(reverse("sturing"))
    assert computed.status_code == 200
    text = computed.content.decode()
    assert 'id="sturing-berekend"' in text and "worden berekend" not in text
    assert "<svg" in text  # the sections' charts, as rendered by the worker
    assert len(shown.captured_queries) <= STAND_STATEMENTS
    assert _totals(computed)[("casussen_nieuw", "BU05991572", str(jaar))] == 1
    row = Cijferstand.objects.get(jaar=jaar, gebiedcode="")
    assert row.gevraagd_op is None and row.duur is not None
    stamp = timezone.localtime(row.berekend_op).isoformat()
    # Asked with the stand it shows, the status endpoint waits for a newer one.
    waiting = client.get(reverse("sturing-stand"), {"jaar": str(jaar), "berekend_op": stamp})
    assert "HX-Refresh" not in waiting.headers

    # A case recorded within the stand's lifetime waits for it: the same figures.
    case(2, datetime(jaar, 1, 3, tzinfo=AMS), areas["carnisse"], director=director)
    assert _totals(client.get(reverse("sturing"))) == _totals(computed)
    assert _queued() == 1  # fresh: nothing asked

    # A new version of a target is asked for at once; the page shows the old stand meanwhile.
    doelversie_create(
        actor=steerer,
        code="nieuwe-casussen",
        waarde=Decimal("4321"),
        geldig_vanaf=timezone.localdate(),
        bron="Bijgesteld plan",
        reden="Test",
    )
    stale = client.get(reverse("sturing"))
    assert "Nieuwere cijfers worden berekend" in stale.content.decode()
    assert "4.321" not in stale.content.decode()
    assert _queued() == 2
    run_worker()
    assert client.get(reverse("sturing-stand"), {"jaar": str(jaar), "berekend_op": stamp}).headers[
        "HX-Refresh"
    ]
    changed = client.get(reverse("sturing"))
    assert "4.321" in changed.content.decode()
    assert _totals(changed)[("casussen_nieuw", "BU05991572", str(jaar))] == 2

    # The exports write the stand the page shows, not figures of their own.
    case(3, datetime(jaar, 1, 4, tzinfo=AMS), areas["carnisse"], director=director)
    export = client.get(reverse("sturing-export"), {"formaat": "csv", "jaar": str(jaar)})
    assert export.status_code == 200
    assert f"casussen_nieuw;BU05991572;{jaar};;2;doelen" in export.content.decode()

    # Older than its lifetime, the stand is shown and a new one asked for.
    Cijferstand.objects.filter(pk=row.pk).update(
        berekend_op=timezone.now() - timedelta(seconds=FRESH_SECONDS + 1)
    )
    assert "Nieuwere cijfers worden berekend" in client.get(reverse("sturing")).content.decode()
    run_worker()
    assert _totals(client.get(reverse("sturing")))[("casussen_nieuw", "BU05991572", str(jaar))] == 3


def test_an_export_before_the_first_stand_says_to_wait(make_user, client):
    make_areas()
    client.force_login(make_user(STEER))
    response = client.get(
        reverse("sturing-export"), {"formaat": "xlsx", "jaar": "2025", "gebied": "BU05991572"}
    )
    assert response.status_code == 302
    assert response.url == reverse("sturing") + "?jaar=2025&gebied=BU05991572"
    page = client.get(response.url)
    text = page.content.decode()
    assert "De cijfers worden nog berekend" in text and "De cijfers worden berekend" in text
    assert _queued() == 1


def test_the_night_renews_the_running_years_stands_and_forgets_unseen_ones(make_user, run_worker):
    make_areas()
    jaar = timezone.localdate().year
    Cijferstand.objects.create(jaar=jaar, gebiedcode="BU05991572")
    forgotten = Cijferstand.objects.create(
        jaar=jaar - 3,
        gebiedcode="",
        bekeken_op=timezone.now() - timedelta(days=STAND_KEPT_DAYS + 1),
    )
    assert standen_nachtelijk.call(reschedule=False) == 2
    stands = {s.gebiedcode: s for s in Cijferstand.objects.filter(jaar=jaar)}
    assert set(stands) == {"", "BU05991572"}
    assert all(s.berekend_op is not None and s.secties for s in stands.values())
    assert not Cijferstand.objects.filter(pk=forgotten.pk).exists()
