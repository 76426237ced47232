"""Statement counts (tests/core/test_statement_counts.py) of the integral actions: the list,
an action's addresses, its walk lists, a team's briefing and field view, the debrief and the
report."""

from __future__ import annotations

import pytest

from django.urls import reverse

from goedwonen.acties.models import Actie
from goedwonen.casussen.models import Onderdeel
from goedwonen.core.categories import Categorie
from tests.acties.support_veld import planned_action

from .statements import cost, page_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(veld_leider, veld_inspecteur, veld_agent, partner_organisatie):
    """plan(n): a planned action with two teams of n addresses each."""

    def make(n: int) -> Actie:
        return planned_action(
            leider=veld_leider,
            teams=[[veld_inspecteur, veld_agent], [veld_leider]],
            partners=[(partner_organisatie, [Onderdeel.OBJECTEN], [Categorie.CRIMINEEL_GEBRUIK])],
            adressen_per_team=n,
        )

    return make


def _streets(response) -> int:
    """The addresses a page names (the helper's dwellings are all on the Veldstraat)."""
    return response.content.decode().count("Veldstraat")


@pytest.mark.parametrize(
    ("name", "team"),
    [
        ("actie", False),
        ("actie-looplijsten", False),
        ("actie-briefing", True),
        ("actie-veld", True),
        ("actie-nabespreking", False),
        ("actie-rapport", False),
    ],
)
def test_an_action_page_costs_the_same_for_one_address_a_team_and_for_four(
    client, veld_leider, plan, name, team
):
    client.force_login(veld_leider)
    few_action, many_action = plan(1), plan(4)

    def url(actie: Actie) -> str:
        args = [actie.pk, actie.teams.get(naam="Team 1").pk] if team else [actie.pk]
        return reverse(name, args=args)

    client.get(url(few_action))
    few = cost(client, url(few_action), rows=_streets)
    many = cost(client, url(many_action), rows=_streets)

    assert many[1] > few[1] > 0
    assert many[0] == few[0], (few, many)


def test_the_action_list_costs_the_same_for_one_action_and_for_four(client, veld_leider, plan):
    client.force_login(veld_leider)
    url = reverse("acties")
    plan(1)
    client.get(url)
    few = cost(client, url, rows=page_rows)

    for _ in range(3):
        plan(1)
    many = cost(client, url, rows=page_rows)

    assert many[1] > few[1]
    assert many[0] == few[0]
