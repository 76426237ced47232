"""Each indicator's hit rate in inspections, and the inspection density against the median,
checked against counts made another way (pyarrow and plain Python, no DuckDB)."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from goedwonen.analytics.fairness import (
    FAR_FROM_MEDIAN,
    IndicatorHitRate,
    indicator_hit_rates,
    inspection_density_median,
    median_deviation,
)
from goedwonen.analytics.services import risicorun_start, run_folder


@pytest.fixture
def run(imported):
    return risicorun_start(actor=None)


def _independent_counts(folder: Path, code: str) -> tuple[int, int]:
    # The latest inspection with an outcome decides; on one day a violation counts.
    latest: dict[str, tuple[str, bool]] = {}
    for row in pq.read_table(folder / "controles.parquet").to_pylist():
        if row["overtreding"] in ("ja", "nee"):
            seen = (row["datum"], row["overtreding"] == "ja")
            latest[row["object_id"]] = max(latest.get(row["object_id"], seen), seen)
    outcome = {object_id: hit for object_id, (_, hit) in latest.items()}
    scores = pq.read_table(folder / "scores.parquet", columns=["object_id", f"s_{code}"])
    inspected_with_signal = [
        outcome[r["object_id"]]
        for r in scores.to_pylist()
        if r["object_id"] in outcome and (r[f"s_{code}"] or 0) > 0
    ]
    return len(inspected_with_signal), sum(inspected_with_signal)


def test_hit_rate_per_indicator_matches_an_independent_count(run):
    folder = run_folder(run)
    codes = list(run.parameters)
    rates = indicator_hit_rates(
        scores=folder / "scores.parquet", events_dir=folder, codes=[*codes, "bestaat_niet"]
    )
    assert list(rates) == codes  # a code the run did not score is left out
    for code in codes:
        met_signaal, met_overtreding = _independent_counts(folder, code)
        assert (rates[code].met_signaal, rates[code].met_overtreding) == (
            met_signaal,
            met_overtreding,
        ), code
    # The sample has inspections with and without a violation under a signal.
    assert any(0 < r.met_overtreding < r.met_signaal for r in rates.values())


def test_an_indicator_identifier_is_never_taken_from_outside_the_runs_columns(run):
    folder = run_folder(run)
    rates = indicator_hit_rates(
        scores=folder / "scores.parquet",
        events_dir=folder,
        codes=['bezetting" > 0) FROM s; DROP TABLE s; --'],
    )
    assert rates == {}


def test_without_exported_inspections_nothing_is_inspected(run, tmp_path):
    rates = indicator_hit_rates(
        scores=run_folder(run) / "scores.parquet", events_dir=tmp_path, codes=["bezetting"]
    )
    assert rates == {"bezetting": IndicatorHitRate("bezetting", 0, 0)}
    assert rates["bezetting"].trefkans is None


def test_hit_rate_is_the_share_with_a_violation():
    assert IndicatorHitRate("x", 8, 2).trefkans == 0.25


@pytest.mark.parametrize(
    ("value", "middle", "expected"),
    [
        (10.0, 4.0, "boven"),
        (8.0, 4.0, ""),  # exactly FAR_FROM_MEDIAN times: not yet far
        (4.0, 4.0, ""),
        (2.0, 4.0, ""),
        (1.9, 4.0, "onder"),
        (0.0, 4.0, "onder"),
        (0.0, 0.0, ""),
        (0.5, 0.0, "boven"),
    ],
)
def test_far_above_or_below_the_median(value, middle, expected):
    assert FAR_FROM_MEDIAN == 2.0
    assert median_deviation(value, middle) == expected


def test_the_median_of_the_inspection_density():
    rows = [{"controles_per_1000": v} for v in (3.0, 1.0, 10.0, 2.0)]
    assert inspection_density_median(rows) == 2.5
    assert inspection_density_median([]) == 0.0
