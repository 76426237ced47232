"""Point 6: what an integral action found flows back into the analysis. A visit recorded on
an action's address is exported to the next run as an inspection outcome, so each
indicator's hit rate (analytics `catalogue_hit_rates`, the catalogue page) and the learning
proposal include it."""

from __future__ import annotations

import duckdb
import pyarrow.parquet as pq
import pytest

from django.urls import reverse

from goedwonen.analytics.fairness import indicator_hit_rates
from goedwonen.analytics.models import Catalogusversie
from goedwonen.analytics.selectors import catalogue_hit_rates, scores_path
from goedwonen.analytics.services import catalogue_proposal, risicorun_start, run_folder
from goedwonen.core.policy import Capability
from goedwonen.registry.models import Adres
from tests.analytics.conftest import imported, zuid_sample  # noqa: F401 - fixtures

from .support_nabespreking import (
    INSPECTOR,
    ORGANISER,
    PARTNER,
    action_from,
    approved_selection,
    visit,
)


def _uninspected_with_signals(run, n: int) -> list[tuple[str, int]]:
    """The run's n highest-ranked dwellings with a signal and no inspection outcome yet."""
    return duckdb.execute(
        "SELECT object_id, rank FROM read_parquet(?) WHERE score > 0 AND object_id NOT IN "
        "(SELECT object_id FROM read_parquet(?) WHERE overtreding IN ('ja', 'nee')) "
        "ORDER BY rank LIMIT ?",
        [str(scores_path(run)), str(run_folder(run) / "controles.parquet"), n],
    ).fetchall()


def _latest_outcomes(run) -> dict[str, bool]:
    """Per inspected dwelling of the run's export: whether its latest outcome was a violation
    (on one day, a violation counts), counted without DuckDB."""
    latest: dict[str, tuple[str, bool]] = {}
    for row in pq.read_table(run_folder(run) / "controles.parquet").to_pylist():
        if row["overtreding"] in ("ja", "nee"):
            seen = (row["datum"], row["overtreding"] == "ja")
            latest[row["object_id"]] = max(latest.get(row["object_id"], seen), seen)
    return {o: hit for o, (_, hit) in latest.items()}


def _signals(run, object_ids: list[str], codes: list[str]) -> dict[str, dict[str, float]]:
    table = pq.read_table(scores_path(run), columns=["object_id", *[f"s_{c}" for c in codes]])
    return {
        r["object_id"]: {c: r[f"s_{c}"] or 0 for c in codes}
        for r in table.to_pylist()
        if r["object_id"] in object_ids
    }


@pytest.mark.django_db
def test_an_outcome_recorded_in_an_action_changes_the_indicator_hit_rates_of_the_next_run(
    imported,  # noqa: F811 - the fixture
    make_user,
    organisatie,
    partner_organisatie,
    client,
):
    analist = make_user([Capability.ANALYSIS_VIEW, Capability.SELECTION_COMPOSE])
    versie = Catalogusversie.objects.get()
    run1 = risicorun_start(actor=None)
    before = catalogue_hit_rates(actor=analist, versie=versie)
    assert before.run == run1
    codes = list(before.per_indicator)
    learned_before = catalogue_proposal(actor=None, run=run1)

    chosen = _uninspected_with_signals(run1, 4)
    adressen = [
        Adres.objects.filter(verblijfsobject__object_id=o).order_by("-hoofdadres", "pk").first()
        for o, _ in chosen
    ]
    selectie = approved_selection(analist, adressen, run=run1, ranks=[r for _, r in chosen])
    organisator = make_user(ORGANISER)
    inspecteur = make_user(INSPECTOR)
    agent = make_user(PARTNER, organisatie_=partner_organisatie)
    actie = action_from(
        selectie, organisator=organisator, leden=[inspecteur, agent], politie=partner_organisatie
    )
    adressen_actie = list(actie.adressen.order_by("rang"))
    # Three violations and one visit that found nothing.
    for adres in adressen_actie[:3]:
        visit(adres, inspecteur, vastgesteld=["overbewoning"])
    visit(adressen_actie[3], inspecteur, niet_vastgesteld=["overbewoning"])

    run2 = risicorun_start(actor=None)
    after = catalogue_hit_rates(actor=analist, versie=versie)
    assert after.run == run2

    # Exactly the action's four outcomes were added: the hit rates of run 2's signals over
    # run 1's exported inspections, plus each visited dwelling where the signal was on.
    without = indicator_hit_rates(
        scores=scores_path(run2), events_dir=run_folder(run1), codes=codes
    )
    visited = [o for o, _ in chosen]
    hits = set(visited[:3])
    signals = _signals(run2, visited, codes)
    for code in codes:
        on = [o for o in visited if signals[o][code] > 0]
        assert after.per_indicator[code].met_signaal == without[code].met_signaal + len(on), code
        assert after.per_indicator[code].met_overtreding == without[code].met_overtreding + len(
            [o for o in on if o in hits]
        ), code
    changed = [
        c
        for c in codes
        if (after.per_indicator[c].met_signaal, after.per_indicator[c].met_overtreding)
        != (before.per_indicator[c].met_signaal, before.per_indicator[c].met_overtreding)
    ]
    assert changed  # the dwellings had signals: some indicator's hit rate moved

    # The action's report names the run that took its outcomes in.
    from goedwonen.acties.uitkomsten import rapport

    found = rapport(actie)
    assert found.in_run == run2
    # Beside each third of the ranking, what run 1 knew of dwellings ranked like them.
    assert found.verwachting_beschikbaar
    outcomes = _latest_outcomes(run1)
    ranks = pq.read_table(scores_path(run1), columns=["object_id", "rank"]).to_pylist()
    for band in found.banden:
        known = [
            outcomes[r["object_id"]]
            for r in ranks
            if band.rang_van <= r["rank"] <= band.rang_tot and r["object_id"] in outcomes
        ]
        assert (band.verwachting_gecontroleerd, band.verwachting_overtreding) == (
            len(known),
            sum(known),
        ), band.naam
    assert found.banden[0].verwachting_gecontroleerd  # the top third was inspected before

    # The catalogue page says where the outcomes came from.
    assert (before.gecontroleerd, before.herkomst) == (
        after.gecontroleerd - 4,
        (("bezocht in integrale acties", 0),),
    )
    assert after.herkomst == (("bezocht in integrale acties", 4),)
    client.force_login(analist)
    page = client.get(reverse("analyse-catalogus")).content.decode()
    assert (
        f"Run {run2.pk} kent {after.gecontroleerd} gecontroleerde woningen, waarvan 4 bezocht "
        "in integrale acties." in page
    )

    # The learning proposal learns from them too: four more outcomes.
    learned_after = catalogue_proposal(actor=None, run=run2)
    assert (learned_after.getraind_op + learned_after.getoetst_op) == (
        learned_before.getraind_op + learned_before.getoetst_op + 4
    )
