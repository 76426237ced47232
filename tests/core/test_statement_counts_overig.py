"""Statement counts (tests/core/test_statement_counts.py) of the other lists: the start page's
blocks of work, the notifications, the processing log as the privacy officer searches it and
the list behind a figure of the steering dashboard."""

from __future__ import annotations

from datetime import datetime

import pytest

from django.urls import reverse

from goedwonen.core.models import Verwerkingsactiviteitcode
from goedwonen.core.policy import Capability
from goedwonen.core.processing_log import DataSubject, processing_log_record
from goedwonen.notificaties.services import notificatie_send
from tests.rapportage.doelen_data import AMS, case, make_areas

from .statements import cost, more_cases, more_reports, page_rows

pytestmark = pytest.mark.django_db


def test_the_start_page_costs_the_same_for_one_case_and_task_and_for_five(client, regisseur, casus):
    """The director's blocks: reports to triage, cases, tasks."""
    client.force_login(regisseur)
    url = reverse("home")
    more_cases(regisseur, casus, 1)
    more_reports(regisseur, 1)

    def rows(response) -> int:
        return response.content.decode().count("<li")

    client.get(url)
    few = cost(client, url, rows=rows)

    more_cases(regisseur, casus, 4)
    more_reports(regisseur, 4)
    many = cost(client, url, rows=rows)

    assert many[1] > few[1]
    assert many[0] == few[0], (few, many)


def _notices(user, first: int, last: int) -> None:
    for n in range(first, last + 1):
        notificatie_send(
            ontvangers=[user], soort="taak", titel=f"Taak bij casus C-{n}", link=f"/casussen/C-{n}"
        )


def test_the_notifications_cost_the_same_for_one_and_for_five(client, make_user):
    user = make_user([Capability.CASES_VIEW])
    client.force_login(user)
    url = reverse("notificaties")
    _notices(user, 1, 1)
    client.get(url)
    few = cost(client, url, rows=page_rows)

    _notices(user, 2, 5)
    many = cost(client, url, rows=page_rows)

    assert many[1] > few[1]
    assert many[0] == few[0], (few, many)


def _log_lines(make_user, partner_organisatie, first: int, last: int) -> None:
    """Lines about owner E1, each by another person (of the police for the even ones)."""
    for n in range(first, last + 1):
        processing_log_record(
            actor=make_user(organisatie_=partner_organisatie if n % 2 else None),
            operation=f"Ingezien {n}",
            activity=Verwerkingsactiviteitcode.ACCOUNTBEHEER,
            subjects=[DataSubject("eigenaar", "E1")],
        )


def test_the_processing_log_costs_the_same_for_one_line_and_for_five(
    client, make_user, partner_organisatie
):
    client.force_login(make_user([Capability.LOG_SEARCH], username="fg"))
    url = reverse("privacy-log")
    params = {"betrokkene_soort": "eigenaar", "betrokkene_id": "E1"}
    _log_lines(make_user, partner_organisatie, 1, 1)
    client.get(url, params)
    few = cost(client, url, params, rows=page_rows)

    _log_lines(make_user, partner_organisatie, 2, 5)
    many = cost(client, url, params, rows=page_rows)

    assert many[1] > few[1]
    assert many[0] == few[0], (few, many)


def test_the_list_behind_a_figure_costs_the_same_for_one_case_and_for_five(client, make_user):
    areas = make_areas()
    director = make_user([Capability.CASES_DIRECT])
    client.force_login(make_user([Capability.STEERING_VIEW, Capability.CASES_VIEW]))
    url = reverse("sturing-lijst", args=["casussen_nieuw"])
    params = {"jaar": "2025"}
    case(1, datetime(2025, 3, 3, tzinfo=AMS), areas["carnisse"], director=director)
    client.get(url, params)
    few = cost(client, url, params, rows=page_rows)

    for n in range(2, 6):
        case(n, datetime(2025, 3, n, tzinfo=AMS), areas["tarwewijk"], director=director)
    many = cost(client, url, params, rows=page_rows)

    assert many[1] > few[1]
    assert many[0] == few[0], (few, many)
