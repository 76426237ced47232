"""Accountability around the scores: the disparity report, weights learned from outcomes as a
proposal a person adopts, and the algorithm register entry generated from the catalogue."""

from __future__ import annotations

import json

import duckdb
import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from goedwonen.analytics.fairness import OVER_SELECTION, disparity
from goedwonen.analytics.models import Catalogusversie, Indicator
from goedwonen.analytics.services import (
    catalogue_proposal,
    catalogusversie_from_proposal,
    risicorun_start,
    run_folder,
)
from goedwonen.core.policy import Capability


@pytest.fixture
def run(imported):
    return risicorun_start(actor=None)


def test_the_disparity_report_compares_each_buurts_share_of_the_selection_with_its_dwellings(run):
    scores = run_folder(run) / "scores.parquet"
    rows = disparity(scores=scores, events_dir=run_folder(run), top=100)
    per_buurt = duckdb.sql(
        f"SELECT buurtcode, count(*), count(*) FILTER (WHERE rank <= 100) "
        f"FROM read_parquet('{scores}') GROUP BY buurtcode ORDER BY buurtcode"
    ).fetchall()
    assert [(r.buurtcode, r.woningen, r.geselecteerd) for r in rows] == per_buurt
    assert sum(r.geselecteerd for r in rows) == 100
    assert sum(r.aandeel_woningen for r in rows) == pytest.approx(1)
    total = sum(r.woningen for r in rows)
    for row in rows:
        expected = (row.geselecteerd / 100) / (row.woningen / total)
        assert row.verhouding == pytest.approx(expected)
        assert row.overselectie == (expected > OVER_SELECTION)
        assert row.gecontroleerd <= row.woningen
    assert any(r.trefkans is not None for r in rows)


def test_a_pages_reads_of_a_run_share_the_processs_duckdb(run, monkeypatch):
    """A new DuckDB costs about 20 ms: a selection's disparity read twice opens none."""
    from goedwonen.analytics import engine

    scores = run_folder(run) / "scores.parquet"
    first = disparity(scores=scores, events_dir=run_folder(run), top=100)
    opened: list[object] = []
    connect = engine.duckdb.connect
    monkeypatch.setattr(
        engine.duckdb, "connect", lambda *a, **k: opened.append(a) or connect(*a, **k)
    )

    again = disparity(scores=scores, events_dir=run_folder(run), top=100)
    also = disparity(scores=scores, events_dir=run_folder(run), selected=[], top=100)

    assert again == first and len(also) == len(first)
    assert opened == []


def test_a_selection_concentrated_in_one_buurt_is_flagged(run):
    scores = run_folder(run) / "scores.parquet"
    (buurt, *_), *_ = duckdb.sql(
        f"SELECT buurtcode FROM read_parquet('{scores}') GROUP BY 1 ORDER BY count(*) LIMIT 1"
    ).fetchall()
    chosen = [
        r[0]
        for r in duckdb.sql(
            f"SELECT object_id FROM read_parquet('{scores}') WHERE buurtcode = '{buurt}' LIMIT 20"
        ).fetchall()
    ]
    rows = {
        r.buurtcode: r
        for r in disparity(scores=scores, events_dir=run_folder(run), selected=chosen)
    }
    assert rows[buurt].overselectie and rows[buurt].selectiegraad > 0
    assert not any(r.overselectie for code, r in rows.items() if code != buurt)


def test_learned_weights_are_a_scorecard_judged_on_held_out_inspections(run):
    voorstel = catalogue_proposal(actor=None, run=run)
    cards = {c.code: c for c in voorstel.scorecard}
    assert set(cards) == set(
        Indicator.objects.filter(versie=run.catalogus).values_list("code", flat=True)
    )
    # Indicators computed from the inspections themselves do not learn from their own answer.
    for code in ("overtredingen_adres", "eigenaar_terugkerend", "eigenaar_handhaving"):
        assert cards[code].coefficient is None
        assert cards[code].voorgesteld_gewicht == cards[code].huidig_gewicht
    learned = [c for c in cards.values() if c.coefficient is not None]
    assert all(c.voorgesteld_gewicht >= 0 for c in learned)
    assert sum(c.voorgesteld_gewicht for c in learned) == pytest.approx(
        sum(c.huidig_gewicht for c in learned), abs=0.1 * len(learned)
    )
    evaluatie = voorstel.evaluatie
    assert 0 < evaluatie.basiskans < 1 and evaluatie.k >= 1
    assert voorstel.getraind_op > voorstel.getoetst_op > 0
    assert evaluatie.lift_voorstel == pytest.approx(
        evaluatie.precisie_voorstel / evaluatie.basiskans
    )
    assert (
        sum(b["gecontroleerd"] for b in voorstel.per_buurt)
        == voorstel.getraind_op + voorstel.getoetst_op
    )
    assert catalogue_proposal(actor=None, run=run) == voorstel  # the same data, the same proposal


def test_a_person_adopts_the_proposal_as_a_new_version(run, make_user):
    analyst = make_user([Capability.ANALYSIS_VIEW, Capability.ANALYSIS_RUN])
    with pytest.raises(PermissionDenied):
        catalogusversie_from_proposal(actor=analyst, run=run, toelichting="Leren")
    manager = make_user([Capability.CATALOGUE_MANAGE, Capability.ANALYSIS_VIEW], username="beheer")
    with pytest.raises(ValidationError, match="Zeg wat er in deze versie verandert"):
        catalogusversie_from_proposal(actor=manager, run=run, toelichting=" ")
    versie = catalogusversie_from_proposal(actor=manager, run=run, toelichting="Gewichten uit 2026")
    weights = catalogue_proposal(actor=None, run=run).weights()
    assert dict(versie.indicatoren.values_list("code", "gewicht")) == weights
    assert "precisie bij" in versie.toelichting and versie.aangemaakt_door == manager
    assert Catalogusversie.objects.get(versie=1).indicatoren.get(code="bezetting").gewicht == 3.0


@pytest.mark.django_db
def test_the_register_entry_is_generated_from_the_catalogue(tmp_path):
    out = tmp_path / "register.json"
    call_command("algoritmeregister", out=str(out), verbosity=0)
    entry = json.loads(out.read_text(encoding="utf-8"))
    indicators = Indicator.objects.filter(versie__versie=1, actief=True)
    assert [i["code"] for i in entry["indicatoren"]] == [i.code for i in indicators]
    assert set(entry["gegevens"]) == {s for i in indicators for s in i.bronnen}
    assert "art. 22 AVG" in entry["menselijke_tussenkomst"]
    assert entry["verwerkingsregister"] == "risicoselectie-woningtoezicht"
    for field in ("doel_en_impact", "wettelijke_basis", "risicobeheer", "uitgesloten_kenmerken"):
        assert entry[field]
