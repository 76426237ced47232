"""What a run's pages need is worked out once per run, not on every view (issue 12, point 13:
the learning proposal took 3.6 s, a selection's page most of its 2.4 s). A run's scores,
exported inspections and catalogue version never change, so neither does what is learned or
counted from them. Spies fail a test when the work is done again."""

from __future__ import annotations

import pytest
from sklearn.linear_model import LogisticRegression

from django.urls import reverse

from goedwonen.analytics import fairness
from goedwonen.analytics.models import Risicorun
from goedwonen.analytics.selections import selectie_compose
from goedwonen.analytics.services import (
    catalogue_proposal,
    risicorun_request,
    risicorun_start,
    run_folder,
)
from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability

C = Capability


@pytest.fixture
def analist(make_user):
    return make_user([C.ANALYSIS_VIEW, C.SELECTION_COMPOSE], username="ana")


@pytest.fixture
def learned_again(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the fits of the learning proposal from here on (it still fits)."""
    fits: list[int] = []
    fit = LogisticRegression.fit

    def spy(self, x, y, *args, **kwargs):
        fits.append(len(y))
        return fit(self, x, y, *args, **kwargs)

    monkeypatch.setattr(LogisticRegression, "fit", spy)
    return fits


def test_the_worker_learns_the_proposal_after_scoring_and_the_page_only_reads_it(
    imported, analist, client, run_worker, learned_again
):
    run = risicorun_request(actor=None)
    run_worker()
    run.refresh_from_db()
    assert run.status == Risicorun.Status.KLAAR
    assert len(learned_again) == 1  # by the worker
    client.force_login(analist)

    for _ in range(2):
        page = client.get(reverse("analyse-voorstel", kwargs={"pk": run.pk}))
        assert page.status_code == 200
        assert page.context["lv"] is not None and "Scorekaart" in page.content.decode()

    assert len(learned_again) == 1  # no view learned it again
    # Every view of the proposal is still logged.
    assert (
        Verwerkingslog.objects.filter(
            object_ref=f"risicorun:{run.pk}", name__startswith="Leervoorstel"
        ).count()
        == 2
    )


def test_a_proposal_learned_on_a_view_is_the_same_when_read_again(imported, learned_again):
    run = risicorun_start(actor=None)  # scored here, as `goedwonen score` does: nothing learned
    first = catalogue_proposal(actor=None, run=run)
    assert catalogue_proposal(actor=None, run=run) == first
    assert len(learned_again) == 1


def test_the_runs_figures_per_buurt_are_counted_once_for_all_its_selections(
    imported, analist, client, monkeypatch
):
    run = risicorun_start(actor=None)
    client.force_login(analist)
    selectie = selectie_compose(actor=analist, run=run, naam="Actie", top_n=20)
    first = client.get(reverse("selectie", kwargs={"pk": selectie.pk}))
    assert first.status_code == 200

    def reread(*args, **kwargs):
        raise AssertionError("the run's inspections were read again")

    monkeypatch.setattr(fairness, "outcomes_table", reread)
    other = selectie_compose(actor=analist, run=run, naam="Nog een actie", top_n=5)
    again = client.get(reverse("selectie", kwargs={"pk": other.pk}))
    assert again.status_code == 200
    rows = {r.buurtcode: r for r in again.context["verschillen"]}
    assert sum(r.geselecteerd for r in rows.values()) == 5
    assert [
        (r.buurtcode, r.woningen, r.gecontroleerd, r.trefkans) for r in first.context["verschillen"]
    ] == [
        (r.buurtcode, r.woningen, r.gecontroleerd, r.trefkans) for r in again.context["verschillen"]
    ]
    assert (run_folder(run) / fairness.BUURT_FIGURES_FILE).exists()
