"""The start page runs a fixed number of SQL statements whatever the work waiting: a case
table more, with its next meeting, or more tasks and directed cases, add none; and a block
counts up to TELGRENS, then says "meer dan 1.000"."""

from __future__ import annotations

from datetime import timedelta

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from goedwonen.casussen.models import Taak
from goedwonen.casussen.services.case_tasks import taak_create
from goedwonen.casustafels.models import Casustafel, Tafelvergadering
from goedwonen.core.policy import Capability

pytestmark = pytest.mark.django_db


def _statements(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return len(queries.captured_queries)


def _table(n: int, chair) -> None:
    tafel = Casustafel.objects.create(naam=f"Casustafel {n}", voorzitter=chair, secretaris=chair)
    moment = timezone.now() + timedelta(days=n)
    Tafelvergadering.objects.create(tafel=tafel, volgens_schema=moment, begint_op=moment)


def _task(casus, regisseur, n: int) -> None:
    taak_create(
        actor=regisseur,
        casus=casus,
        titel=f"Bellen {n}",
        organisatie=regisseur.organisatie,
        deadline=timezone.localdate() + timedelta(days=n),
        toegewezen_aan=regisseur,
    )


def test_the_start_page_runs_as_many_statements_with_more_work(client, casus, regisseur):
    # Every block on the page: the director's role holds every capability.
    regisseur.rollen.update(capabilities=[c.value for c in Capability])
    client.force_login(regisseur)
    _table(1, regisseur)
    _task(casus, regisseur, 1)
    client.get("/")  # the first view of a session may do more (last-seen marks)
    few = _statements(client)
    for n in range(2, 7):
        _table(n, regisseur)
        _task(casus, regisseur, n)
    page = client.get("/").content.decode()
    assert page.count("Naar de tafel") == 6  # each table's next meeting
    assert _statements(client) == few
    # A block that fills its eight counts the rest in the statement that reads them.
    for n in range(7, 16):
        _task(casus, regisseur, n)
    page = client.get("/").content.decode()
    assert 'data-testid="blok-aantal-taken">15<' in page
    block = page[page.index('aria-labelledby="taken-kop"') :]
    block = block[: block.index("</section>")]
    assert block.count("Naar de taak") == 8
    assert "Alle taken (15)" in block
    assert _statements(client) == few


def test_a_block_counts_open_work_up_to_a_limit(client, casus, regisseur, monkeypatch):
    from goedwonen.werk import selectors

    monkeypatch.setattr(selectors, "BLOK_TELGRENS", 2)
    client.force_login(regisseur)
    for n in range(3):
        _task(casus, regisseur, n)
    assert Taak.objects.count() >= 3
    page = client.get("/").content.decode()
    assert 'data-testid="blok-aantal-taken">meer dan 2<' in page
