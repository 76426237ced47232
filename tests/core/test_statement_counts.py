"""Lists cost a fixed number of SQL statements, whatever the number of rows they show
(issue 18): no query per row. Each list is fetched with a few rows and with more; the
statements counted must be the same (and more rows must show, so the test can fail).
Helpers: tests/core/statements.py. The lists of the other apps are in the modules named
after them (test_statement_counts_<app>.py).

Every list in the product, and where its test is. A new list gets a line here and a test.

Cases and tasks (this module)
  [x] casussen ?wachtrij=organisatie / mijn / team / gedeeld (a partner's view)
  [x] the director filter's people (core.lists.people_who_can)
  [x] casussen/export.csv, api/v1/casussen
  [x] a case page (its tasks, timeline, reports)
  [x] taken ?wachtrij=mijn / organisatie / te_laat, taken.csv
Reports (this module)
  [x] meldingen ?wachtrij=mijn / team / centraal / alle, meldingen.csv, api/v1/meldingen
  [x] a report page (the reports on the same object and of the same owner)
Registry (_registry, _verhuurders)
  [x] adressen (the address search), an address page, meldingen/koppelwachtrij,
      beheer/leveringen
  [x] an owner page (dwellings, inspections, the monitor's talks and alerts)
  [ ] kaart/woningen.json, kaart/buurten.geojson: one statement each by construction (a
      values list capped at MAP_POINT_LIMIT; the buurten with one grouped count)
Enforcement (_handhaving)
  [x] handhaving/werkvoorraad, api/v1/handhavingstrajecten
  [ ] handhaving/instrumenten, boetebeleid: the catalogue's configuration, not work
Landlord monitor (_verhuurders)
  [x] verhuurders (in monitoring), monitoring.csv, signaleringen, stopgesprekkandidaten,
      api/v1/verhuurders/signalen
Analysis (_analytics)
  [x] analyse (the runs), a run's ranking, analyse/selecties, a selection's addresses
  [ ] analyse/catalogus: configuration
Integral actions (_acties)
  [x] acties, an action's addresses, looplijsten, a team's briefing and field view,
      nabespreking, rapport
Case tables (_casustafels)
  [x] casustafels, a table's meetings, opvolging, a meeting's agenda (page, CSV, API), the
      meeting page, the minutes
Steering, notices, privacy, start page (_overig)
  [x] sturing/lijst/<maat> (the list behind a figure), notificaties, privacy/logboek, the
      start page's blocks
  [x] sturing (dashboard): the stand the worker computed (tests/rapportage/test_dashboard_stand.py)
  [ ] doelen, rapporten: aggregates of fixed size, not rows
  [ ] privacy/verwerkingsregister: configuration
Administration (this module)
  [x] beheer/organisaties (organisations, teams, people, roles)
  [x] beheer/api-tokens
  [ ] beheer/rolaanvragen, routering, parameters, briefsjablonen,
      taaksjablonen, api/v1/organisaties, api/v1/verwerkingsactiviteiten: the set-up's
      own configuration, bounded by it rather than by the work
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from goedwonen.accounts.models import Team
from goedwonen.casussen.models import Casus, Taak
from goedwonen.casussen.services.case_tasks import taak_create
from goedwonen.core.lists import people_pickers_forget, people_who_can
from goedwonen.core.policy import Capability
from goedwonen.intake.services.registration import melding_register
from goedwonen.intake.services.triage import melding_assign
from tests.scenario import CARNISSE_10

from .statements import api_rows, cost, csv_rows, more_cases, more_reports, statements

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("wachtrij", ["organisatie", "mijn", "team"])
def test_the_case_list_costs_the_same_for_one_case_and_for_ten(client, regisseur, casus, wachtrij):
    team = Team.objects.create(naam="Gebiedsteam Charlois")
    regisseur.teams.add(team)
    client.force_login(regisseur)
    url = reverse("casussen")
    params = {"wachtrij": wachtrij, "regisseur": "", "status": ""}
    Casus.objects.update(team=team)
    client.get(url, params)  # the session and the caches warm
    few = statements(client, url, params)

    more_cases(regisseur, casus, 9)
    Casus.objects.update(team=team)
    many = statements(client, url, params)

    assert many[1] > few[1]  # more rows shown
    assert many[0] == few[0]  # at the same cost


def test_the_task_list_costs_the_same_for_one_task_and_for_ten(client, regisseur, casus):
    client.force_login(regisseur)
    url = reverse("taken")
    more_cases(regisseur, casus, 1)
    client.get(url)
    few = statements(client, url, {})

    more_cases(regisseur, casus, 9)
    many = statements(client, url, {})

    assert many[1] > few[1]
    assert many[0] == few[0]


def test_the_people_to_filter_on_cost_the_same_for_two_people_and_for_eight(make_user):
    first = make_user([Capability.CASES_DIRECT])
    make_user([Capability.CASES_DIRECT])
    with CaptureQueriesContext(connection) as few:
        assert len(people_who_can(first.organisatie_id, Capability.CASES_DIRECT)) == 2
    for _ in range(6):
        make_user([Capability.CASES_DIRECT])
    people_pickers_forget()  # made past the account services, which drop the kept choices
    with CaptureQueriesContext(connection) as many:
        assert len(people_who_can(first.organisatie_id, Capability.CASES_DIRECT)) == 8
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's JIT compiler")
def test_postgresql_does_not_jit_compile_our_statements():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's parallel query")
def test_postgresql_starts_no_parallel_workers_for_a_web_process():
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"


def test_a_process_may_be_given_parallel_workers():
    """The setting is read per process: a worker may have them, a web process not; a value
    that is no count stops the process with the setting's name."""
    import os
    import subprocess
    import sys

    def options(value: str) -> subprocess.CompletedProcess[str]:
        env = {
            **os.environ,
            "DATABASE_URL": "postgres://u@127.0.0.1:5432/db",
            "GOEDWONEN_DB_PARALLEL_WORKERS": value,
        }
        read = "import goedwonen.settings as s; print(s.DATABASES['default']['OPTIONS']['options'])"
        return subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
            [sys.executable, "-c", read], env=env, capture_output=True, text=True, check=False
        )

    two = options("2")
    assert two.returncode == 0, two.stderr
    assert "-c max_parallel_workers_per_gather=2" in two.stdout and "-c jit=off" in two.stdout
    assert "-c max_parallel_workers_per_gather=0" in options("").stdout
    wrong = options("twee")
    assert wrong.returncode != 0 and "GOEDWONEN_DB_PARALLEL_WORKERS" in wrong.stderr


# New reports land in these queues (no team routes them here); "mijn" and "team" show the
# same rows through the same selector once a report is assigned.
@pytest.mark.parametrize("wachtrij", ["centraal", "alle"])
def test_the_report_queues_cost_the_same_for_one_report_and_for_ten(
    client, regisseur, triaged, wachtrij
):
    client.force_login(regisseur)
    url = reverse("meldingen")
    params = {"wachtrij": wachtrij}
    more_reports(regisseur, 1)
    client.get(url, params)
    few = statements(client, url, params)

    more_reports(regisseur, 9)
    many = statements(client, url, params)

    assert many[1] > few[1]  # more rows shown
    assert many[0] == few[0]  # at the same cost


def test_the_case_api_costs_the_same_for_one_case_and_for_ten(
    api_client, make_token, regisseur, casus
):
    _, key = make_token([Capability.CASES_VIEW], organisatie_=regisseur.organisatie)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    url = reverse("api-casussen")
    api_client.get(url)
    few = cost(api_client, url, rows=api_rows)

    more_cases(regisseur, casus, 9)
    many = cost(api_client, url, rows=api_rows)

    assert many[1] > few[1]
    assert many[0] == few[0]


def test_the_case_export_costs_the_same_for_one_case_and_for_ten(client, regisseur, casus):
    client.force_login(regisseur)
    url = reverse("casussen-export")
    params = {"wachtrij": "organisatie", "status": ""}
    client.get(url, params)
    few = cost(client, url, params, rows=csv_rows)

    more_cases(regisseur, casus, 9)
    many = cost(client, url, params, rows=csv_rows)

    assert many[1] > few[1]
    assert many[0] == few[0]


def test_the_shared_cases_cost_the_same_for_one_case_and_for_ten(
    client, regisseur, politie, casus, share
):
    share(casus, "taken")
    client.force_login(politie)
    url = reverse("casussen")
    params = {"wachtrij": "gedeeld", "regisseur": "", "status": ""}
    client.get(url, params)
    few = statements(client, url, params)

    more_cases(regisseur, casus, 9)
    for case in Casus.objects.exclude(pk=casus.pk):
        share(case, "taken")
    many = statements(client, url, params)

    assert many[1] > few[1]
    assert many[0] == few[0]


def _overdue_tasks() -> None:
    """Every task's deadline passed (the service refuses a past deadline, time does not)."""
    Taak.objects.update(deadline=timezone.localdate() - timedelta(days=1))


@pytest.mark.parametrize("wachtrij", ["organisatie", "te_laat"])
def test_the_task_queues_cost_the_same_for_one_task_and_for_ten(client, regisseur, casus, wachtrij):
    client.force_login(regisseur)
    url = reverse("taken")
    params = {"wachtrij": wachtrij}
    more_cases(regisseur, casus, 1)
    _overdue_tasks()
    client.get(url, params)
    few = statements(client, url, params)

    more_cases(regisseur, casus, 9)
    _overdue_tasks()
    many = statements(client, url, params)

    assert many[1] > few[1]
    assert many[0] == few[0]


def test_the_task_export_costs_the_same_for_one_task_and_for_ten(client, regisseur, casus):
    client.force_login(regisseur)
    url = reverse("taken-export")
    more_cases(regisseur, casus, 1)
    client.get(url)
    few = cost(client, url, rows=csv_rows)

    more_cases(regisseur, casus, 9)
    many = cost(client, url, rows=csv_rows)

    assert many[1] > few[1]
    assert many[0] == few[0]


def _assigned_reports(regisseur, n: int, **to) -> None:
    """`n` new reports, each handed to `to` (a team or a handler)."""
    for i in range(n):
        melding = melding_register(
            actor=regisseur,
            bron="telefoon",
            categorie="overbewoning",
            omschrijving=f"Toegewezen melding {i}",
            adres=CARNISSE_10,
            melder_soort="bewoner",
        ).melding
        melding_assign(actor=regisseur, melding=melding, **to)


@pytest.mark.parametrize("wachtrij", ["mijn", "team"])
def test_the_own_report_queues_cost_the_same_for_one_report_and_for_ten(
    client, regisseur, city, wachtrij
):
    team = Team.objects.create(naam="Gebiedsteam Charlois")
    regisseur.teams.add(team)
    to = {"behandelaar": regisseur} if wachtrij == "mijn" else {"team": team}
    client.force_login(regisseur)
    url = reverse("meldingen")
    params = {"wachtrij": wachtrij}
    _assigned_reports(regisseur, 1, **to)
    client.get(url, params)
    few = statements(client, url, params)

    _assigned_reports(regisseur, 9, **to)
    many = statements(client, url, params)

    assert many[1] > few[1]
    assert many[0] == few[0]


def test_the_report_export_costs_the_same_for_one_report_and_for_ten(client, regisseur, triaged):
    client.force_login(regisseur)
    url = reverse("meldingen-export")
    params = {"wachtrij": "alle"}
    more_reports(regisseur, 1)
    client.get(url, params)
    few = cost(client, url, params, rows=csv_rows)

    more_reports(regisseur, 9)
    many = cost(client, url, params, rows=csv_rows)

    assert many[1] > few[1]
    assert many[0] == few[0]


def test_the_report_api_costs_the_same_for_one_report_and_for_ten(
    api_client, make_token, regisseur, triaged
):
    _, key = make_token([Capability.REPORTS_VIEW], organisatie_=regisseur.organisatie)
    url = reverse("api-meldingen")
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    api_client.get(url)
    few = cost(api_client, url, rows=api_rows)

    more_reports(regisseur, 9)
    many = cost(api_client, url, rows=api_rows)

    assert many[1] > few[1]
    assert many[0] == few[0]


def test_a_report_page_costs_the_same_for_one_related_report_and_for_five(
    client, regisseur, triaged
):
    """The reports on the same object (and of the same owner) beside a report."""
    client.force_login(regisseur)
    url = reverse("melding", args=[triaged.pk])

    def rows(response) -> int:
        related = response.context["related"]
        return len(related.object) + len(related.eigenaar)

    more_reports(regisseur, 1)
    client.get(url)
    few = cost(client, url, rows=rows)

    more_reports(regisseur, 4)
    many = cost(client, url, rows=rows)

    assert many[1] > few[1]
    assert many[0] == few[0], (few, many)


def test_a_case_page_costs_the_same_for_one_task_and_for_five(client, regisseur, casus):
    """The case's tasks, its timeline and its reports."""
    client.force_login(regisseur)
    url = reverse("casus", args=[casus.referentie])

    def add_tasks(n: int) -> None:
        for i in range(n):
            taak_create(
                actor=regisseur,
                casus=casus,
                titel=f"Controle {i}",
                organisatie=regisseur.organisatie,
                deadline=timezone.localdate() + timedelta(days=7),
                toegewezen_aan=regisseur,
            )

    def rows(response) -> int:
        return response.content.decode().count("Controle ")

    add_tasks(1)
    client.get(url)
    few = cost(client, url, rows=rows)

    add_tasks(4)
    many = cost(client, url, rows=rows)

    assert many[1] > few[1]
    assert many[0] == few[0], (few, many)


def test_the_accounts_overview_costs_the_same_for_two_people_and_for_six(client, make_user):
    client.force_login(make_user([Capability.ACCOUNTS_VIEW, Capability.ACCOUNTS_MANAGE]))
    url = reverse("accounts-overview")
    make_user([Capability.CASES_VIEW])

    def rows(response) -> int:
        return response.content.decode().count("gebruiker")

    client.get(url)
    few = cost(client, url, rows=rows)

    for _ in range(4):
        make_user([Capability.CASES_VIEW])
    many = cost(client, url, rows=rows)

    assert many[1] > few[1]
    assert many[0] == few[0], (few, many)


def test_the_api_tokens_cost_the_same_for_one_token_and_for_five(client, make_user, make_token):
    client.force_login(make_user([Capability.ACCOUNTS_VIEW, Capability.ACCOUNTS_MANAGE]))
    url = reverse("api-tokens")

    def rows(response) -> int:
        return response.content.decode().count("Partnersysteem")

    make_token([Capability.CASES_VIEW])
    client.get(url)
    few = cost(client, url, rows=rows)

    for _ in range(4):
        make_token([Capability.CASES_VIEW])
    many = cost(client, url, rows=rows)

    assert many[1] > few[1]
    assert many[0] == few[0], (few, many)
