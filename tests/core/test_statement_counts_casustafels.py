"""Statement counts (tests/core/test_statement_counts.py) of the case tables: the tables, a
table's meetings and its follow-up, a meeting's agenda (page, CSV and API), the meeting page
and its minutes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from goedwonen.casussen.models import Casus
from goedwonen.casustafels.models import Agendapunt, Casustafel, Tafellid, Tafelvergadering
from goedwonen.casustafels.services.agenda import agendapunt_besluiten, agendapunt_inbrengen
from goedwonen.casustafels.services.besluiten import afspraak_record
from tests.casustafels.support import meeting
from tests.casustafels.support_agenda import VRAAG, Agendaopzet, build, case

from .statements import cost

pytestmark = pytest.mark.django_db


@pytest.fixture
def opzet(make_user, organisatie, partner_organisatie) -> Agendaopzet:
    return build(make_user, organisatie, partner_organisatie)


def _items(opzet: Agendaopzet, first: int, last: int) -> None:
    """Cases first..last (the set-up's own case at 1) brought in for the meeting and
    accepted by the chair (the meeting page shows the accepted ones)."""
    for n in range(first, last + 1):
        casus = opzet.casus if n == 1 else case(opzet.voorzitter, n, opzet.buurt)
        item = agendapunt_inbrengen(
            actor=opzet.voorzitter,
            vergadering=opzet.vergadering,
            casus=casus,
            vraag=VRAAG,
            vraagsoort="strategie",
        )
        agendapunt_besluiten(actor=opzet.voorzitter, item=item, besluit="accepteren")


def _cases_named(response) -> int:
    """The cases a page, file or answer names by their reference."""
    body = response.content.decode()
    return sum(1 for r in Casus.objects.values_list("referentie", flat=True) if r in body)


@pytest.mark.parametrize(
    "name",
    [
        "vergadering-agenda",
        "vergadering-agenda-export",
        "api-casustafel-agenda",
        "vergadering",
        "vergadering-notulen",
    ],
)
def test_a_meeting_costs_the_same_for_one_item_and_for_four(client, opzet, name):
    client.force_login(opzet.voorzitter)
    url = reverse(name, args=[opzet.vergadering.pk])
    _items(opzet, 1, 1)
    client.get(url)
    few = cost(client, url, rows=_cases_named)

    _items(opzet, 2, 4)
    many = cost(client, url, rows=_cases_named)

    assert many[1] > few[1] > 0
    assert many[0] == few[0], (few, many)


def test_a_table_costs_the_same_for_two_meetings_and_for_six(client, opzet):
    client.force_login(opzet.voorzitter)
    url = reverse("casustafel", args=[opzet.tafel.pk])

    def rows(response) -> int:
        return response.content.decode().count(reverse("vergadering", args=[0])[:-1])

    client.get(url)
    few = cost(client, url, rows=rows)

    for weeks in range(5, 9):
        meeting(opzet.tafel, timezone.now() + timedelta(weeks=weeks))
    many = cost(client, url, rows=rows)

    assert many[1] > few[1]
    assert many[0] == few[0], (few, many)


def test_the_tables_cost_the_same_for_one_table_and_for_four(client, opzet):
    client.force_login(opzet.voorzitter)
    url = reverse("casustafels")

    def rows(response) -> int:
        return len(response.context["regels"])

    client.get(url)
    few = cost(client, url, rows=rows)

    for n in range(3):
        tafel = Casustafel.objects.create(
            naam=f"Casustafel {n}", voorzitter=opzet.voorzitter, secretaris=opzet.secretaris
        )
        tafel.gebieden.set([opzet.buurt])
        Tafellid.objects.create(
            tafel=tafel,
            organisatie=opzet.so,
            grondslag="Convenant",
            sinds=timezone.localdate() - timedelta(days=30),
        )
        meeting(tafel, timezone.now() + timedelta(days=7))
    many = cost(client, url, rows=rows)

    assert many[1] > few[1]
    assert many[0] == few[0], (few, many)


def _decisions(opzet: Agendaopzet) -> None:
    """A decision on every item that has none (a task for the chair's organisation)."""
    for item in Agendapunt.objects.filter(afspraken__isnull=True):
        afspraak_record(
            actor=opzet.voorzitter,
            agendapunt=item,
            omschrijving="Afspraak: controle plannen",
            organisatie=opzet.so,
            deadline=timezone.localdate() + timedelta(days=14),
        )


def test_the_follow_up_costs_the_same_for_one_decision_and_for_four(client, opzet):
    """The decisions of the table's earlier meetings with the state of their tasks."""
    client.force_login(opzet.voorzitter)
    url = reverse("casustafel-opvolging", args=[opzet.tafel.pk])

    def rows(response) -> int:
        return response.content.decode().count("Afspraak: controle plannen")

    _items(opzet, 1, 1)
    _decisions(opzet)
    Tafelvergadering.objects.filter(pk=opzet.vergadering.pk).update(
        begint_op=timezone.now() - timedelta(days=1)
    )
    client.get(url)
    few = cost(client, url, rows=rows)

    Tafelvergadering.objects.filter(pk=opzet.vergadering.pk).update(
        begint_op=timezone.now() + timedelta(days=1)
    )
    _items(opzet, 2, 4)
    _decisions(opzet)
    Tafelvergadering.objects.filter(pk=opzet.vergadering.pk).update(
        begint_op=timezone.now() - timedelta(days=1)
    )
    many = cost(client, url, rows=rows)

    assert many[1] > few[1] > 0
    assert many[0] == few[0], (few, many)
