"""Synthetic data generator: wall time and peak memory of `generate --scale city` (and
`--scale national` when BENCH_NATIONAL=1; it takes minutes and writes about 6 GB).

Each scale runs in a child process of its own, so its peak resident set size (getrusage
ru_maxrss) is its own. Output goes to a temporary folder that is removed afterwards.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEED = int(os.environ.get("BENCH_SEED", "1"))


def child(scale: str, out: str) -> None:
    from goedwonen.synth.generator import generate

    started = time.perf_counter()
    counts = generate(scale, SEED, Path(out))
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    size_mb = sum(p.stat().st_size for p in Path(out).rglob("*") if p.is_file()) / 2**20
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "size_mb": size_mb, "rows": counts}))


def main() -> None:
    scales = ["city"] + (["national"] if os.environ.get("BENCH_NATIONAL") == "1" else [])
    for scale in scales:
        folder = tempfile.mkdtemp(prefix=f"goedwonen-generate-{scale}-")
        try:
            result = subprocess.run(  # noqa: S603
                [sys.executable, __file__, "--child", scale, folder],
                check=True,
                capture_output=True,
                text=True,
            )
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        rows = sum(figures["rows"].values())
        dwellings = figures["rows"]["_synth/waarheid.csv"]
        print(
            f"generate {scale}: {dwellings:,} dwellings, {rows:,} rows, "
            f"{figures['size_mb']:,.0f} MB in {figures['seconds']:.1f} s; "
            f"peak RSS {figures['peak_mb']:,.0f} MB"
        )
    if "national" not in scales:
        print("generate national: skipped (set BENCH_NATIONAL=1; takes minutes)")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
    else:
        sys.exit(main())
