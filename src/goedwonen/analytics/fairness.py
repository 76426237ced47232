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

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import median

import duckdb

from .engine import connect

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
    con = connect(threads=1)
    try:
        con.execute(
            "CREATE TEMP TABLE s AS SELECT object_id, buurtcode, rank FROM read_parquet(?)",
            [str(scores)],
        )
        if selected is None:
            con.execute(
                "CREATE TEMP TABLE gekozen AS SELECT object_id FROM s WHERE rank <= ?", [top]
            )
        else:
            con.execute("CREATE TEMP TABLE gekozen (object_id VARCHAR)")
            con.executemany("INSERT INTO gekozen VALUES (?)", [[o] for o in selected])
        outcomes_table(con, events_dir)
        rows = con.execute(
            """
            WITH per_buurt AS (
                SELECT s.buurtcode, count(*) AS woningen,
                       count(g.object_id) AS geselecteerd,
                       count(u.object_id) AS gecontroleerd,
                       avg(u.hit::INTEGER) AS trefkans
                FROM s
                LEFT JOIN gekozen g USING (object_id)
                LEFT JOIN uitkomst u USING (object_id)
                GROUP BY s.buurtcode
            )
            SELECT buurtcode, woningen, woningen / sum(woningen) OVER () AS aandeel_woningen,
                   geselecteerd, geselecteerd / woningen AS selectiegraad,
                   coalesce((geselecteerd / nullif(sum(geselecteerd) OVER (), 0))
                            / (woningen / sum(woningen) OVER ()), 0) AS verhouding,
                   gecontroleerd, trefkans
            FROM per_buurt ORDER BY buurtcode
            """
        ).fetchall()
    finally:
        con.close()
    return [
        BuurtRow(
            buurtcode=r[0],
            woningen=int(r[1]),
            aandeel_woningen=float(r[2]),
            geselecteerd=int(r[3]),
            selectiegraad=float(r[4]),
            verhouding=float(r[5]),
            gecontroleerd=int(r[6]),
            trefkans=None if r[7] is None else float(r[7]),
            overselectie=float(r[5]) > OVER_SELECTION,
        )
        for r in rows
    ]


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
    con = connect(threads=1)
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
