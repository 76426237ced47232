"""Statement counts (tests/core/test_statement_counts.py) of the enforcement lists: the legal
work queue and the procedures API."""

from __future__ import annotations

from decimal import Decimal

import pytest

from django.urls import reverse
from django.utils import timezone

from goedwonen.casussen.models import Casus
from goedwonen.core.policy import Capability
from goedwonen.handhaving.models import Traject
from goedwonen.handhaving.traject_services import (
    rechtsmiddel_record,
    stap_record,
    traject_start_on_case,
)

from .statements import api_rows, cost, more_cases

pytestmark = pytest.mark.django_db


def _procedures(jurist, dwangsom) -> None:
    """A procedure on every case that has none: its intention recorded (a letter to send),
    its decision taken and objected to."""
    today = timezone.localdate()
    for casus in Casus.objects.exclude(trajecten__isnull=False):
        traject = traject_start_on_case(
            actor=jurist,
            casus=casus,
            instrumentversie=dwangsom,
            partij=casus.partijen.filter(eigenaar__isnull=False).first(),
            aanleiding="Tien bewoners",
        )
        stap_record(actor=jurist, traject=traject, datum=today)
        stap_record(actor=jurist, traject=traject, datum=today, uitkomst="Geen")
        besluit = stap_record(actor=jurist, traject=traject, datum=today, bedrag=Decimal("2500"))
        rechtsmiddel_record(
            actor=jurist, traject=traject, stap=besluit, soort="bezwaar", ingediend_op=today
        )


def _work(response) -> int:
    werk = response.context["werk"]
    return len(werk.concepten) + len(werk.termijnen) + len(werk.rechtsmiddelen)


def test_the_legal_work_queue_costs_the_same_for_one_procedure_and_for_five(
    client, regisseur, jurist, casus, dwangsom
):
    client.force_login(jurist)
    url = reverse("handhaving-werkvoorraad")
    _procedures(jurist, dwangsom)
    client.get(url)
    few = cost(client, url, rows=_work)

    more_cases(regisseur, casus, 4)
    _procedures(jurist, dwangsom)
    many = cost(client, url, rows=_work)

    assert many[1] > few[1]
    assert many[0] == few[0]


def test_the_procedures_api_costs_the_same_for_one_procedure_and_for_five(
    api_client, make_token, regisseur, jurist, casus, dwangsom
):
    _, key = make_token([Capability.CASES_VIEW], organisatie_=regisseur.organisatie)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    url = reverse("api-handhavingstrajecten")
    _procedures(jurist, dwangsom)
    api_client.get(url)
    few = cost(api_client, url, rows=api_rows)

    more_cases(regisseur, casus, 4)
    _procedures(jurist, dwangsom)
    many = cost(api_client, url, rows=api_rows)

    assert many[1] > few[1] and Traject.objects.count() == 5
    assert many[0] == few[0]
