"""Statement counts (tests/core/test_statement_counts.py) of the analysis lists: the runs, a
run's ranking, the selections and a selection's addresses."""

from __future__ import annotations

import pytest

from django.urls import reverse

from goedwonen.analytics.models import Risicorun, Selectie
from goedwonen.analytics.views import runs as run_views
from goedwonen.core.policy import Capability
from goedwonen.registry.models import Gebied, Gebiedssoort
from tests.acties.support_acties import approved_selection, dwelling
from tests.analytics.conftest import imported, zuid_sample  # noqa: F401 (fixtures)

from .statements import cost, page_rows

pytestmark = pytest.mark.django_db

ANALYST = [Capability.ANALYSIS_VIEW, Capability.ANALYSIS_RUN, Capability.SELECTION_COMPOSE]


@pytest.fixture
def analist(make_user):
    return make_user(ANALYST, username="analist")


@pytest.fixture
def buurt(db) -> Gebied:
    return Gebied.objects.create(
        code="BU05991572", naam="Carnisse", soort=Gebiedssoort.BUURT, focusgebied=True
    )


def _selections(analist, buurt, first: int, last: int) -> list[Selectie]:
    """A selection of two dwellings each, with its own run, numbered first..last."""
    return [
        approved_selection([dwelling(2 * n, buurt), dwelling(2 * n + 1, buurt)], analist, buurt)
        for n in range(first, last + 1)
    ]


@pytest.mark.parametrize("name", ["analyse", "selecties"])
def test_the_runs_and_the_selections_cost_the_same_for_one_and_for_five(
    client, analist, buurt, name
):
    client.force_login(analist)
    url = reverse(name)
    _selections(analist, buurt, 1, 1)
    Risicorun.objects.update(gebied=buurt, gestart_door=analist)
    client.get(url)
    few = cost(client, url, rows=page_rows)

    _selections(analist, buurt, 2, 5)
    Risicorun.objects.update(gebied=buurt, gestart_door=analist)
    many = cost(client, url, rows=page_rows)

    assert many[1] > few[1]
    assert many[0] == few[0]


def test_a_selection_costs_the_same_for_two_addresses_and_for_ten(client, analist, buurt):
    client.force_login(analist)
    few_selection = approved_selection([dwelling(n, buurt) for n in (1, 2)], analist, buurt)
    many_selection = approved_selection(
        [dwelling(n, buurt) for n in range(3, 13)], analist, buurt, removed=2
    )

    def rows(response) -> int:
        return len(response.context["rows"])

    url = reverse("selectie", args=[few_selection.pk])
    client.get(url)
    few = cost(client, url, rows=rows)
    many = cost(client, reverse("selectie", args=[many_selection.pk]), rows=rows)

    assert many[1] > few[1]
    assert many[0] == few[0]


@pytest.fixture
def zuid_run(imported):  # noqa: F811 (the fixture)
    from goedwonen.analytics.services import risicorun_start

    return risicorun_start(actor=None)


def test_the_ranking_costs_the_same_for_a_short_page_and_a_long_one(
    client, analist, zuid_run, monkeypatch
):
    """The same run, ranked five and fifty to a page."""
    client.force_login(analist)
    url = reverse("analyse-run", args=[zuid_run.pk])
    client.get(url)
    monkeypatch.setattr(run_views, "PAGE_SIZE", 5)
    few = cost(client, url, rows=page_rows)

    monkeypatch.setattr(run_views, "PAGE_SIZE", 50)
    many = cost(client, url, rows=page_rows)

    assert many[1] > few[1]
    assert many[0] == few[0]
