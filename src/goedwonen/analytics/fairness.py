"""The disparity report of a run or a selection: per buurt, how its share of the selected
dwellings compares with its share of all dwellings, and where outcomes exist, how often an
inspection found a violation. Reports and past inspections come more from some buurten than
others; a buurt selected far above its share is flagged for the approver to weigh.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from .engine import connect

# A buurt whose share of the selection is more than this many times its share of the dwellings
# is flagged (a policy parameter of the report, not of the selection).
OVER_SELECTION = 2.0


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
        controles = events_dir / "controles.parquet"
        if controles.exists():
            con.execute(
                "CREATE TEMP TABLE uitkomst AS SELECT object_id, "
                "bool_or(overtreding = 'ja') AS hit FROM read_parquet(?) "
                "WHERE overtreding IN ('ja', 'nee') GROUP BY object_id",
                [str(controles)],
            )
        else:
            con.execute("CREATE TEMP TABLE uitkomst (object_id VARCHAR, hit BOOLEAN)")
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
