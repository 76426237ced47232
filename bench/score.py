"""Risk scoring (issue 6). Targets on this 2-core machine: the `city` scale (about 330 thousand
dwellings) end to end in at most 5 s; the `national` scale (about 8 million) in at most 120 s
with peak memory at most 6 GB; and on the synthetic data the top 200 of a `zuid` run holds at
least three times the share of true abuse that a random 200 holds.

1. city: the `city` folder is imported once into a throwaway SQLite database under
   bench/results/score-city/ (not part of the figure). Then `goedwonen score --area GM0599
   --out scores.csv` runs as its own process, three times: the wall time from process start
   to exit is the figure (Django start, export of reports, inspections and enforcement from the
   database, hashing the snapshots it reads, scoring, writing the CSV).
2. zuid: the `zuid` folder (seed 2026) is imported the same way and scored; the top 200 is
   compared with the hidden truth (`_synth/waarheid.csv`: any abuse going on at the delivery
   date) and with 10,000 random draws of 200 dwellings.
3. national (only with BENCH_NATIONAL=1 or BENCH_SCORE=national; needs ~12 GB of disk): the
   `national` folder is generated, and turned into the analytic store the import would leave
   (Parquet snapshots of each file, each dwelling's buurt by point-in-polygon, the events per
   object) — that preparation is not part of the figure. Then the engine scores every dwelling
   with catalogue version 1 in its own process; its wall time and peak RSS are the figure.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
ROOT = HERE.parent
GOEDWONEN = str(ROOT / ".venv" / "bin" / "goedwonen")
SEED = 2026


def _env(var: Path) -> dict[str, str]:
    return os.environ | {
        "GOEDWONEN_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var}/bench.sqlite3",
    }


def _run(argv: list[str], var: Path) -> float:
    started = time.perf_counter()
    subprocess.run(argv, env=_env(var), check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    return time.perf_counter() - started


def _imported(scale: str) -> Path:
    """A throwaway database with the scale's folder imported (made once)."""
    folder = RESULTS / f"{scale}-2026"
    var = RESULTS / f"score-{scale}"
    if not (folder / "manifest.json").exists():
        _run(
            [
                GOEDWONEN,
                "generate",
                "--scale",
                scale,
                "--seed",
                str(SEED),
                "--out",
                str(folder),
                "--force",
            ],
            var,
        )
    if not (var / "imported").exists():
        var.mkdir(parents=True, exist_ok=True)
        _run([GOEDWONEN, "migrate", "-v0"], var)
        took = _run([GOEDWONEN, "import", str(folder)], var)
        print(f"import {scale}: {took:.1f} s (once; not part of the figure)")
        (var / "imported").touch()
    _run([GOEDWONEN, "migrate", "-v0"], var)  # a database made by an older version
    return var


def city() -> None:
    var = _imported("city")
    out = var / "scores.csv"
    times = [
        _run([GOEDWONEN, "score", "--area", "GM0599", "--out", str(out)], var) for _ in range(3)
    ]
    with open(out, encoding="utf-8") as handle:
        rows = sum(1 for _ in handle) - 1
    print(
        f"city: goedwonen score --area GM0599 --out: {rows:,} dwellings; wall "
        + ", ".join(f"{t:.2f}" for t in times)
        + f" s (best {min(times):.2f} s)"
    )


def zuid() -> None:
    import duckdb

    var = _imported("zuid")
    out = var / "scores.csv"
    _run([GOEDWONEN, "score", "--out", str(out)], var)
    truth = RESULTS / "zuid-2026" / "_synth" / "waarheid.csv"
    con = duckdb.connect()
    hits = (
        con.execute(
            f"""
        SELECT s.rank, (t.overbewoning + t.kamerverhuur + t.te_hoge_huur + t.leegstand
                        + t.huurcontract_werk + t.verhuur_zonder_vergunning
                        + t.niet_ingeschreven + t.achterstallig_onderhoud) > 0 AS hit
        FROM read_csv('{out}', types={{'object_id': 'VARCHAR'}}) s
        JOIN read_csv('{truth}', types={{'object_id': 'VARCHAR'}}) t USING (object_id)
        ORDER BY s.rank
        """
        )
        .fetchnumpy()["hit"]
        .astype(bool)
    )
    top = hits[:200].mean()
    rng = np.random.default_rng(SEED)
    draws = np.array(
        [hits[rng.choice(len(hits), 200, replace=False)].mean() for _ in range(10_000)]
    )
    print(
        f"zuid: {len(hits):,} dwellings, {hits.mean():.1%} with abuse going on. Top 200: "
        f"{top:.1%}; random 200: mean {draws.mean():.1%} "
        f"(95th percentile {np.percentile(draws, 95):.1%})"
        f" -> {top / draws.mean():.1f}x"
    )


def _national_store(folder: Path, store: Path) -> None:
    """Parquet snapshots of every file, areas per dwelling and events, as the import leaves
    them (the analytic store); made once."""
    import duckdb
    import shapely

    store.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute("SET memory_limit = '4GB'")
    started = time.perf_counter()
    for stem in (
        "bag_adressen",
        "brp_bewoning",
        "brk_eigendom",
        "woz",
        "energie",
        "vergunningen",
        "gebiedsaanwijzingen",
    ):
        if not (store / f"{stem}.parquet").exists():
            con.execute(
                f"COPY (SELECT * FROM read_csv('{folder / (stem + '.csv')}', all_varchar=true, "
                f"header=true)) TO '{store / (stem + '.parquet')}' "
                "(FORMAT parquet, COMPRESSION zstd)"
            )
    if not (store / "objecten.parquet").exists():
        collection = json.loads((folder / "buurten.geojson").read_text(encoding="utf-8"))
        props = [f["properties"] for f in collection["features"]]
        polygons = [shapely.geometry.shape(f["geometry"]) for f in collection["features"]]
        tree = shapely.STRtree(polygons)
        objects = con.execute(
            f"SELECT object_id, TRY_CAST(x AS DOUBLE) x, TRY_CAST(y AS DOUBLE) y "
            f"FROM read_parquet('{store / 'bag_adressen.parquet'}') "
            "WHERE object_type = 'VBO' AND nevenadres = 'f' "
            "AND verblijfsobjectgebruiksdoel LIKE '%woonfunctie%'"
        ).fetchnumpy()
        points, areas = tree.query(
            shapely.points(objects["x"], objects["y"]), predicate="intersects"
        )
        first = np.unique(points, return_index=True)[1]
        points, areas = points[first], areas[first]
        import pyarrow as pa
        import pyarrow.parquet as pq

        pick = lambda key: pa.array([props[a][key] for a in areas.tolist()], pa.string())  # noqa: E731
        pq.write_table(
            pa.table(
                {
                    "object_id": pa.array(objects["object_id"][points]),
                    "buurtcode": pick("buurtcode"),
                    "wijkcode": pick("wijkcode"),
                    "gemeentecode": pick("gemeentecode"),
                }
            ),
            store / "objecten.parquet",
            compression="zstd",
        )
    if not (store / "meldingen.parquet").exists():
        con.execute(
            f"""
            COPY (
                WITH bag AS (SELECT object_id, nummeraanduiding, postcode, huisnummer
                             FROM read_parquet('{store / "bag_adressen.parquet"}'))
                SELECT coalesce(a.object_id, b.object_id) AS object_id,
                       left(m.ontvangen_op, 10) AS datum
                FROM read_csv('{folder / "meldingen.csv"}', all_varchar=true) m
                LEFT JOIN bag a ON a.nummeraanduiding = m.nummeraanduiding
                LEFT JOIN bag b ON m.nummeraanduiding IS NULL
                     AND b.postcode = replace(upper(m.postcode), ' ', '')
                     AND b.huisnummer = m.huisnummer
                WHERE coalesce(a.object_id, b.object_id) IS NOT NULL
            ) TO '{store / "meldingen.parquet"}' (FORMAT parquet)
            """
        )
        con.execute(
            "COPY (SELECT object_id, datum, overtreding "
            f"FROM read_csv('{folder / 'controles.csv'}', "
            f"all_varchar=true)) TO '{store / 'controles.parquet'}' (FORMAT parquet)"
        )
        con.execute(
            "COPY (SELECT object_id, eigenaar_id, datum "
            f"FROM read_csv('{folder / 'handhavingen.csv'}',"
            f" all_varchar=true)) TO '{store / 'handhavingen.parquet'}' (FORMAT parquet)"
        )
    print(f"national store: {time.perf_counter() - started:.0f} s (once; not part of the figure)")


def _score_national(store: Path, out: Path, peildatum: str) -> None:
    """In its own process (so its peak memory is its own): engine.score with catalogue v1."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goedwonen.settings")
    os.environ["GOEDWONEN_VAR_DIR"] = str(store.parent)  # spill files beside the store
    import importlib
    from datetime import date

    import django

    django.setup()
    from goedwonen.analytics import engine

    v1 = importlib.import_module("goedwonen.analytics.migrations.0002_catalogue_v1")
    specs = [
        engine.IndicatorSpec(
            code=i["code"],
            berekening=i["berekening"],
            waarde=i["waarde"],
            reden=i["reden"],
            gewicht=i["gewicht"],
            parameters=i["parameters"],
        )
        for i in v1.INDICATORS
    ]
    files = {p.stem: p for p in store.glob("*.parquet")}
    started = time.perf_counter()
    result = engine.score(
        store=engine.Store(files=files),
        indicators=specs,
        peildatum=date.fromisoformat(peildatum),
        buurten=None,
        out=out,
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    print(
        f"national: {result.dwellings:,} dwellings scored in {time.perf_counter() - started:.1f} s "
        f"(engine only), peak RSS of the scoring process {peak:.2f} GB"
    )


def national() -> None:
    folder = RESULTS / "national-2026"
    var = RESULTS / "score-national"
    if not (folder / "manifest.json").exists():
        took = _run(
            [
                GOEDWONEN,
                "generate",
                "--scale",
                "national",
                "--seed",
                str(SEED),
                "--out",
                str(folder),
                "--force",
            ],
            var,
        )
        print(f"generate national: {took:.0f} s (once; not part of the figure)")
    store = var / "store"
    _national_store(folder, store)
    peildatum = json.loads((folder / "manifest.json").read_text())["peildatum"]
    started = time.perf_counter()
    subprocess.run(  # noqa: S603
        [
            sys.executable,
            __file__,
            "--score-national",
            str(store),
            str(var / "scores.parquet"),
            peildatum,
        ],
        check=True,
    )
    wall = time.perf_counter() - started
    print(f"national: wall {wall:.1f} s from process start")


def main() -> None:
    if sys.argv[1:2] == ["--score-national"]:
        _score_national(Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4])
        return
    chosen = os.environ.get("BENCH_SCORE", "city,zuid").split(",")
    if os.environ.get("BENCH_NATIONAL") == "1":
        chosen.append("national")
    for part in (city, zuid, national):
        if part.__name__ in chosen:
            part()


if __name__ == "__main__":
    main()
