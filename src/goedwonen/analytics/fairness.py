"""The disparity report of a run or a selection: per buurt, how its share of the selected
dwellings compares with its share of all dwellings, and where outcomes exist, how often an
inspection found a violation. Reports and past inspections come more from some buurten than
others; a buurt selected far above its share is flagged for the approver to weigh.

Also each indicator's hit rate in inspections (how often an inspected dwelling with the
signal had a violation), and which buurten were inspected far more or less than the median.

An inspected dwelling is one with an outcome (ja/nee) in the run's exported inspections; it
counts as a hit when any of its inspections found a violation.
"""

from __future__ import annotations

import json
import os
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from typing import Any

import duckdb

from .engine import process_cursor

# A buurt whose share of the selection is more than this many times its share of the dwellings
# is flagged (a policy parameter of the report, not of the selection).
OVER_SELECTION = 2.0
# A buurt inspected more than this many times the median rate (or less than the median
# divided by it) is flagged as far above (below) the median.
FAR_FROM_MEDIAN = 2.0


@dataclass(frozen=True)
class BuurtRow:
    buurtcode: str
    woningen: int
    aandeel_woningen: float
    geselecteerd: int
    selectiegraad: float  # selected dwellings of the buurt / its dwellings
    verhouding: float  # share of the selection / share of the dwellings
    gecontroleerd: int  # dwellings with an inspection outcome (ja/nee) in the events
    trefkans: float | None  # of those, the share with a violation
    overselectie: bool
    naam: str = ""  # the buurt's name, filled in by the selector


def disparity(
    *, scores: Path, events_dir: Path, selected: Collection[str] | None = None, top: int = 200
) -> list[BuurtRow]:
    """Per buurt for the run whose scores are in `scores`: `selected` object ids, or else the
    top `top` of the ranking. Hit rates come from the run's own exported inspections."""
    figures = run_buurt_figures(scores=scores, events_dir=events_dir)
    con = process_cursor()
    try:
        if selected is None:
            counted = con.execute(
                "SELECT buurtcode, count(*) FROM read_parquet(?) WHERE rank <= ? GROUP BY 1",
                [str(scores), top],
            ).fetchall()
        else:
            counted = con.execute(
                "SELECT buurtcode, count(*) FROM read_parquet(?) "
                "WHERE object_id IN (SELECT unnest(?::VARCHAR[])) GROUP BY 1",
                [str(scores), list(selected)],
            ).fetchall()
    finally:
        con.close()
    chosen = {code: int(n) for code, n in counted}
    dwellings, selection = sum(f["woningen"] for f in figures), sum(chosen.values())
    rows = []
    for f in figures:
        geselecteerd = chosen.get(f["buurtcode"], 0)
        aandeel = f["woningen"] / dwellings
        verhouding = (geselecteerd / selection) / aandeel if selection else 0.0
        rows.append(
            BuurtRow(
                buurtcode=f["buurtcode"],
                woningen=f["woningen"],
                aandeel_woningen=aandeel,
                geselecteerd=geselecteerd,
                selectiegraad=geselecteerd / f["woningen"],
                verhouding=verhouding,
                gecontroleerd=f["gecontroleerd"],
                trefkans=f["trefkans"],
                overselectie=verhouding > OVER_SELECTION,
            )
        )
    return rows


# The figures per buurt of a run that no selection changes, kept beside its scores.
BUURT_FIGURES_FILE = "buurten.json"


def run_buurt_figures(*, scores: Path, events_dir: Path) -> list[dict[str, Any]]:
    """Per buurt of the run (by code): its scored dwellings, how many of them were inspected,
    and the hit rate among those. Worked out once per run and kept in `events_dir`: the run's
    scores and exported inspections never change, and every view of a selection or a
    ranking needs them (reading the whole run each time took most of such a page)."""
    kept = events_dir / BUURT_FIGURES_FILE
    try:
        return list(json.loads(kept.read_text(encoding="utf-8")))
    except FileNotFoundError:
        pass
    con = process_cursor()
    try:
        outcomes_table(con, events_dir)
        rows = con.execute(
            "SELECT s.buurtcode, count(*), count(u.object_id), avg(u.hit::INTEGER) "
            "FROM read_parquet(?) s LEFT JOIN uitkomst u USING (object_id) "
            "GROUP BY s.buurtcode ORDER BY s.buurtcode",
            [str(scores)],
        ).fetchall()
    finally:
        con.close()
    figures = [
        {
            "buurtcode": code,
            "woningen": int(woningen),
            "gecontroleerd": int(gecontroleerd),
            "trefkans": None if trefkans is None else float(trefkans),
        }
        for code, woningen, gecontroleerd, trefkans in rows
    ]
    partial = kept.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(json.dumps(figures), encoding="utf-8")
    partial.replace(kept)  # whole or not at all, also when two requests write it at once
    return figures


def outcomes_table(con: duckdb.DuckDBPyConnection, events_dir: Path) -> None:
    """Temp table `uitkomst`: one row per inspected dwelling, `hit` when its latest inspection
    with an outcome found a violation (on one day, a violation counts). Every report on hit
    rates uses this one definition. Empty when the run exported no inspections."""
    controles = events_dir / "controles.parquet"
    if controles.exists():
        con.execute(
            "CREATE TEMP TABLE uitkomst AS SELECT object_id, "
            "arg_max(overtreding = 'ja', (datum, overtreding = 'ja')) AS hit "
            "FROM read_parquet(?) WHERE overtreding IN ('ja', 'nee') GROUP BY object_id",
            [str(controles)],
        )
    else:
        con.execute("CREATE TEMP TABLE uitkomst (object_id VARCHAR, hit BOOLEAN)")


@dataclass(frozen=True)
class IndicatorHitRate:
    code: str
    met_signaal: int  # inspected dwellings where the indicator's signal was on (above 0)
    met_overtreding: int  # of those, the dwellings with a violation

    @property
    def trefkans(self) -> float | None:
        return self.met_overtreding / self.met_signaal if self.met_signaal else None


def indicator_hit_rates(
    *, scores: Path, events_dir: Path, codes: Sequence[str]
) -> dict[str, IndicatorHitRate]:
    """Per indicator code, among the inspected dwellings of the run where its signal was on,
    how many had a violation. Codes the run did not score are left out."""
    con = process_cursor()
    try:
        described = con.execute("SELECT * FROM read_parquet(?) LIMIT 0", [str(scores)])
        columns = {d[0] for d in described.description}
        # The one identifier built into the SQL: a signal column that exists in the run's file.
        scored = [code for code in codes if f"s_{code}" in columns]
        if not scored:
            return {}
        outcomes_table(con, events_dir)
        counts = ", ".join(
            f'count(*) FILTER (WHERE "s_{code}" > 0), '
            f'count(*) FILTER (WHERE "s_{code}" > 0 AND u.hit)'
            for code in scored
        )
        row = con.execute(
            f"SELECT {counts} FROM read_parquet(?) s "  # noqa: S608 - columns checked above
            "JOIN uitkomst u USING (object_id)",
            [str(scores)],
        ).fetchone()
    finally:
        con.close()
    assert row is not None
    return {
        code: IndicatorHitRate(code, int(row[2 * n]), int(row[2 * n + 1]))
        for n, code in enumerate(scored)
    }


def median_deviation(value: float, middle: float) -> str:
    """'boven' when far above the median, 'onder' when far below, else ''. When the median is
    0 (most buurten never inspected), every inspected buurt is far above it."""
    if middle <= 0:
        return "boven" if value > 0 else ""
    if value > FAR_FROM_MEDIAN * middle:
        return "boven"
    if value < middle / FAR_FROM_MEDIAN:
        return "onder"
    return ""


def inspection_density_median(per_buurt: Sequence[dict[str, object]]) -> float:
    """The median of `controles_per_1000` over the buurten of a learning proposal."""
    rates = [float(b["controles_per_1000"]) for b in per_buurt]  # type: ignore[arg-type]
    return float(median(rates)) if rates else 0.0


def hit_rates_between_ranks(
    *, scores: Path, events_dir: Path, bands: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Per rank band (first, last; inclusive) of the run: its inspected dwellings and how
    many of those had a violation, by the one definition of `outcomes_table`. What the run
    knew of dwellings ranked like that: the expectation an action's hit rate per band is
    set against."""
    if not bands:
        return []
    con = process_cursor()
    try:
        outcomes_table(con, events_dir)
        counts = []
        for first, last in bands:
            row = con.execute(
                "SELECT count(*), count(*) FILTER (WHERE u.hit) FROM read_parquet(?) s "
                "JOIN uitkomst u USING (object_id) WHERE s.rank BETWEEN ? AND ?",
                [str(scores), first, last],
            ).fetchone()
            assert row is not None
            counts.append((int(row[0]), int(row[1])))
    finally:
        con.close()
    return counts


def inspected_dwellings(events_dir: Path) -> list[str]:
    """The object ids of the dwellings with an inspection outcome in the run's export."""
    con = process_cursor()
    try:
        outcomes_table(con, events_dir)
        return [row[0] for row in con.execute("SELECT object_id FROM uitkomst").fetchall()]
    finally:
        con.close()
