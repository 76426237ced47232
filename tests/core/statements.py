"""Helpers of the statement-count tests (tests/core/test_statement_counts*.py): what a page,
an export or an API list cost in SQL statements and how many rows it showed, and a few more
cases or reports to show."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from goedwonen.casussen.models import Casus, Herkomst
from goedwonen.casussen.services.case_tasks import taak_create
from goedwonen.casussen.services.cases import casus_create
from goedwonen.intake.services.registration import melding_register
from tests.scenario import CARNISSE_10


def cost(client, url: str, params: dict[str, str] | None = None, *, rows: Callable[[Any], int]):
    """The statements a page cost, and the rows `rows(response)` counts on it. Asked twice,
    the second counted: what the product keeps for a few seconds (an API token, for
    TOKEN_MEMO_SECONDS) is then kept for both the few and the many, however long making the
    rows in between took on a busy machine."""
    client.get(url, params or {})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200, response
    return len(queries.captured_queries), rows(response)


def page_rows(response) -> int:
    """The rows of a paginated staff page."""
    return len(response.context["page"].object_list)


def csv_rows(response) -> int:
    """The rows of a CSV export, without its header."""
    return len(response.content.decode().splitlines()) - 1


def api_rows(response) -> int:
    """The rows of an API list (paginated or not)."""
    body = response.json()
    return len(body["results"] if isinstance(body, dict) else body)


def statements(client, url: str, params: dict[str, str]) -> tuple[int, int]:
    """The statements a paginated page cost, and the rows it showed."""
    return cost(client, url, params, rows=page_rows)


def more_cases(regisseur, casus, n: int) -> None:
    for i in range(n):
        case = casus_create(
            actor=regisseur,
            titel=f"Proactief {i:02d}",
            categorieen=["overbewoning"],
            casusregisseur=regisseur,
            herkomst=Herkomst.PROACTIEF,
            adressen=[casus.objecten.first().adres],
            naast_open_casussen=list(Casus.objects.values_list("referentie", flat=True)),
        )
        taak_create(
            actor=regisseur,
            casus=case,
            titel="Controle",
            organisatie=regisseur.organisatie,
            deadline=timezone.localdate() + timedelta(days=7),
            toegewezen_aan=regisseur,
        )


def more_reports(regisseur, n: int) -> None:
    for i in range(n):
        melding_register(
            actor=regisseur,
            bron="telefoon",
            categorie="overbewoning",
            omschrijving=f"Melding {i}",
            adres=CARNISSE_10,
            melder_soort="bewoner",
        )
