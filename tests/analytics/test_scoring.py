"""Scoring through its public entry points: `goedwonen score` and the run services."""

from __future__ import annotations

import csv
from datetime import timedelta

import duckdb
import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from goedwonen.analytics.models import Indicator, Risicorun
from goedwonen.analytics.services import risicorun_repeat, risicorun_request, risicorun_start
from goedwonen.analytics.store import run_folder
from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability
from goedwonen.intake.models import Melding
from goedwonen.registry.models import Gebied, Levering, Verblijfsobject


def scores(run: Risicorun) -> list[tuple]:
    path = run_folder(run) / "scores.parquet"
    return duckdb.sql(f"SELECT * FROM read_parquet('{path}') ORDER BY rank").fetchall()


def score_table(run: Risicorun) -> dict[str, dict]:
    path = run_folder(run) / "scores.parquet"
    relation = duckdb.sql(f"SELECT * FROM read_parquet('{path}')")
    names = relation.columns
    return {row[0]: dict(zip(names, row, strict=True)) for row in relation.fetchall()}


def test_score_writes_every_dwelling_of_the_area_with_its_rank_and_reasons(imported, tmp_path):
    buurt = Gebied.objects.get(code="BU05991572")  # Carnisse
    out = tmp_path / "carnisse.csv"
    call_command("score", area="bu05991572", out=str(out), verbosity=0)
    with open(out, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["object_id", "score", "rank", "reasons"]
    dwellings = set(
        Verblijfsobject.objects.filter(buurt=buurt, is_woning=True).values_list(
            "object_id", flat=True
        )
    )
    assert {row["object_id"] for row in rows} == dwellings
    assert [int(row["rank"]) for row in rows] == list(range(1, len(rows) + 1))
    values = [float(row["score"]) for row in rows]
    assert values == sorted(values, reverse=True) and values[0] > 0
    assert all(bool(row["reasons"]) == (float(row["score"]) > 0) for row in rows)
    run = Risicorun.objects.get()
    assert (run.status, run.gebied, run.catalogus.versie) == ("klaar", buurt, 1)
    assert run.aantal_woningen == len(dwellings)
    assert run.bronnen["bag_adressen"]["levering"] == run.bronnen["brp_bewoning"]["levering"]
    assert len(run.bronnen["brp_bewoning"]["sha256"]) == 64
    assert (
        run.bronnen["meldingen"]["rijen"]
        == Melding.objects.filter(verblijfsobject__isnull=False).count()
    )
    assert Verwerkingslog.objects.filter(object_ref=f"risicorun:{run.pk}").exists()


def test_a_score_is_the_weighted_sum_of_its_signals_and_each_signal_is_what_it_measures(
    imported,
):
    run = risicorun_start(actor=None)
    table = score_table(run)
    weights = dict(Indicator.objects.filter(versie=run.catalogus).values_list("code", "gewicht"))
    for row in table.values():
        total = sum(weights[code] * row[f"s_{code}"] for code in weights)
        assert row["score"] == pytest.approx(total, abs=1e-5)
    # Reports in the 24 months before the delivery's date, counted from the database.
    start = run.peildatum - timedelta(days=730)
    counted: dict[str, int] = {}
    for object_id, received in Melding.objects.filter(verblijfsobject__isnull=False).values_list(
        "verblijfsobject__object_id", "ontvangen_op"
    ):
        if start < received.date() <= run.peildatum:
            counted[object_id] = counted.get(object_id, 0) + 1
    assert any(counted.values())
    for object_id, row in table.items():
        assert row["w_meldingen"] == counted.get(object_id, 0)
        assert row["s_meldingen"] == pytest.approx(min(counted.get(object_id, 0) / 3, 1))
    # The reasons are the indicators that contributed, largest contribution first.
    top = next(row for row in table.values() if row["rank"] == 1)
    contributing = sorted(
        (weights[code] * top[f"s_{code}"] for code in weights if top[f"s_{code}"] > 0),
        reverse=True,
    )
    assert len(top["redenen"]) == len(contributing)


def test_two_runs_on_the_same_deliveries_and_catalogue_give_identical_scores(imported):
    first = risicorun_start(actor=None)
    second = risicorun_start(actor=None)
    again = risicorun_repeat(actor=None, run=first)
    assert first.uitkomst_hash == second.uitkomst_hash == again.uitkomst_hash
    assert scores(first) == scores(second) == scores(again)
    assert again.bronnen == first.bronnen


def test_the_top_of_the_ranking_holds_far_more_true_abuse_than_the_average(imported):
    run = risicorun_start(actor=None)
    truth = imported / "_synth" / "waarheid.csv"
    path = run_folder(run) / "scores.parquet"
    base, top = duckdb.sql(
        f"""
        WITH t AS (SELECT object_id::VARCHAR AS object_id,
                          (overbewoning + kamerverhuur + te_hoge_huur + leegstand
                           + huurcontract_werk + verhuur_zonder_vergunning + niet_ingeschreven
                           + achterstallig_onderhoud) > 0 AS hit
                   FROM read_csv('{truth}', types={{'object_id': 'VARCHAR'}})),
             s AS (SELECT object_id, rank, hit FROM read_parquet('{path}') JOIN t USING (object_id))
        SELECT avg(hit::INT), (SELECT avg(hit::INT) FROM s WHERE rank <= 100) FROM s
        """
    ).fetchall()[0]
    assert top >= 3 * base


def test_score_output_keeps_numbers_and_lets_no_formula_through_in_its_reasons(
    imported, tmp_path, make_user
):
    """A file for programs, but opened in spreadsheets too: the reasons come from templates a
    catalogue manager writes, and are neutralised as in every export."""
    from goedwonen.analytics.services import catalogusversie_create, indicator_definition

    hostile = [
        indicator_definition(i) | {"reden": '=HYPERLINK("https://evil.example","{waarde}")'}
        for i in Indicator.objects.filter(versie__versie=1)
    ]
    catalogusversie_create(
        actor=make_user([Capability.CATALOGUE_MANAGE]), toelichting="Opmaak", indicatoren=hostile
    )
    out = tmp_path / "carnisse.csv"
    call_command("score", area="BU05991572", out=str(out), catalogus=2, verbosity=0)
    with open(out, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    reasons = [row["reasons"] for row in rows if row["reasons"]]
    assert reasons and all(r.startswith("'=HYPERLINK(") for r in reasons)
    assert float(rows[0]["score"]) > 0 and rows[0]["rank"] == "1"


def test_a_run_needs_the_capability_and_a_bag_delivery(db, make_user):
    with pytest.raises(PermissionDenied):
        risicorun_start(actor=make_user([Capability.ANALYSIS_VIEW]))
    with pytest.raises(CommandError, match="importeer eerst een BAG-levering"):
        call_command("score", verbosity=0)
    assert Risicorun.objects.get().status == "mislukt"  # recorded, with what went wrong
    assert "BAG" in Risicorun.objects.get().melding


def test_a_requested_run_that_fails_in_the_worker_keeps_its_message(db, make_user, run_worker):
    with pytest.raises(PermissionDenied):
        risicorun_request(actor=make_user([Capability.ANALYSIS_VIEW]))
    assert not Risicorun.objects.exists()
    run = risicorun_request(actor=make_user([Capability.ANALYSIS_RUN]))
    run_worker()
    run.refresh_from_db()
    assert run.status == "mislukt" and "BAG" in run.melding


def test_score_says_what_is_wrong_with_its_arguments(imported, tmp_path):
    with pytest.raises(CommandError, match="Onbekend gebied 'BU0000'"):
        call_command("score", area="BU0000", verbosity=0)
    with pytest.raises(CommandError, match="Catalogusversie 9 bestaat niet"):
        call_command("score", catalogus=9, verbosity=0)
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("score", out=str(tmp_path / "nope" / "x.csv"), verbosity=0)


def test_a_parameter_not_valid_on_the_delivery_date_stops_the_run(imported):
    indicator = Indicator.objects.get(versie__versie=1, code="meldingen")
    indicator.parameters["verzadiging"]["geldig_vanaf"] = "2099-01-01"
    indicator.save()
    with pytest.raises(ValidationError, match="verzadiging van meldingen geldt niet"):
        risicorun_start(actor=None)
    assert Risicorun.objects.get().status == "mislukt"


def test_an_indicator_may_look_up_the_legal_maximum_rent_of_the_wws_table(
    imported, tmp_path, settings
):
    """`maximale_huur(punten)` in an indicator gives the amount of the checks' 2026 table."""
    from goedwonen.analytics import engine
    from goedwonen.analytics.store import current_inputs, current_peildatum
    from goedwonen.checks.huurprijstabel import huurprijstabel

    inputs = current_inputs(settings.DATA_DIR / "proef")
    spec = engine.IndicatorSpec(
        code="proef",
        berekening="1",
        waarde="maximale_huur(oppervlakte + $extra)",
        reden="{waarde}",
        gewicht=1.0,
        parameters={"extra": {"waarde": 40, "bron": "proef", "geldig_vanaf": "2020-01-01"}},
    )
    result = engine.score(
        store=inputs.store,
        indicators=[spec],
        peildatum=current_peildatum(),
        buurten=None,
        out=tmp_path / "s.parquet",
    )
    rows = duckdb.sql(f"SELECT object_id, w_proef FROM read_parquet('{result.path}')").fetchall()
    area = dict(
        Verblijfsobject.objects.filter(is_woning=True).values_list("object_id", "oppervlakte")
    )
    tabel = huurprijstabel()
    checked = 0
    for object_id, amount in rows:
        if area.get(object_id) is None:
            assert amount is None
            continue
        expected = tabel.maximale_huur(area[object_id] + 40, zelfstandig=True)
        assert amount == pytest.approx(float(expected), abs=0.005)
        checked += 1
    assert checked > 100


def test_a_reason_puts_a_count_of_one_in_the_singular(imported):
    run = risicorun_start(actor=None)
    table = score_table(run)
    once = next(row for row in table.values() if row["w_meldingen"] == 1)
    twice = next(row for row in table.values() if row["w_meldingen"] == 2)
    assert "1 melding in de laatste 24 maanden" in once["redenen"]
    assert "2 meldingen in de laatste 24 maanden" in twice["redenen"]
    reasons = [reason for row in table.values() for reason in row["redenen"]]
    for wrong in ["1 meldingen", "1 objecten", "1 handhavingsbesluiten", "1 overtredingen"]:
        assert not [reason for reason in reasons if reason.startswith(wrong)], wrong


def test_a_requested_run_has_its_reference_date_from_the_moment_it_is_made(
    imported, make_user, run_worker
):
    """The run's peildatum is the BAG delivery's it will read, from the start: not today's
    date while it waits and computes, then another one."""
    delivery = Levering.objects.get()
    assert delivery.peildatum != timezone.localdate()
    run = risicorun_request(actor=make_user([Capability.ANALYSIS_RUN]))
    assert Risicorun.objects.get(pk=run.pk).peildatum == delivery.peildatum
    run_worker()
    run.refresh_from_db()
    assert (run.status, run.peildatum) == ("klaar", delivery.peildatum)


def test_a_ranking_page_kept_in_the_process_follows_its_file_and_is_the_callers_own(imported):
    """A page of a finished run is read from its scores file once per process; a file that
    changes on disk is read again, and what a caller does to its rows stays with it."""
    from goedwonen.analytics.selectors import ScoreFilters, query_scores, scores_path

    run = risicorun_start(actor=None)
    first = query_scores(run, ScoreFilters(), limit=3)
    assert [row["rank"] for row in first.rows] == [1, 2, 3]
    first.rows[0]["score"] = -1.0
    assert query_scores(run, ScoreFilters(), limit=3).rows[0]["score"] != -1.0

    # The file rewritten with only its best dwelling: the next view reads that.
    path = scores_path(run)
    best = path.with_name("best.parquet")
    duckdb.sql(
        f"COPY (SELECT * FROM read_parquet('{path}') WHERE rank = 1) TO '{best}' (FORMAT parquet)"
    )
    best.replace(path)
    again = query_scores(run, ScoreFilters(), limit=3)
    assert (again.total, [row["rank"] for row in again.rows]) == (1, [1])
