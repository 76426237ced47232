"""The landlord signals (issue 13, point 7). Target on this 2-core machine: `goedwonen
verhuurders --peildatum ... --out FILE.csv` on the imported `city` folder in at most 10 s.

The `city` folder (seed 2026) is generated and imported once into a throwaway SQLite database
under bench/results/verhuurders-city/ (not part of the figure). Then the command runs as its
own process, three times, with the folder's own peildatum: the wall time from process start to
exit is the figure (Django start, reading talks, inspections and ownerships, the rules, the
processing-log lines, writing the CSV).
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import time
from collections import Counter
from pathlib import Path

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


def _imported(folder: Path) -> Path:
    """A throwaway database with the city folder imported (made once)."""
    var = RESULTS / "verhuurders-city"
    if not (folder / "manifest.json").exists():
        argv = [GOEDWONEN, "generate", "--scale", "city", "--seed", str(SEED)]
        _run([*argv, "--out", str(folder), "--force"], var)
    if not (var / "imported").exists():
        var.mkdir(parents=True, exist_ok=True)
        _run([GOEDWONEN, "migrate", "-v0"], var)
        took = _run([GOEDWONEN, "import", str(folder)], var)
        print(f"import city: {took:.1f} s (once; not part of the figure)")
        (var / "imported").touch()
    _run([GOEDWONEN, "migrate", "-v0"], var)  # a database made by an older version
    return var


def main() -> None:
    folder = RESULTS / "city-2026"
    var = _imported(folder)
    peildatum = json.loads((folder / "manifest.json").read_text())["peildatum"]
    out = var / "signalen.csv"
    argv = [GOEDWONEN, "verhuurders", "--peildatum", peildatum, "--out", str(out)]
    times = [_run(argv, var) for _ in range(3)]
    with open(out, encoding="utf-8", newline="") as handle:
        counts = Counter(row["signaal"] for row in csv.DictReader(handle))
    print(
        f"city: goedwonen verhuurders --peildatum {peildatum}: "
        + ", ".join(f"{counts[s]:,} {s}" for s in sorted(counts))
        + "; wall "
        + ", ".join(f"{t:.2f}" for t in times)
        + f" s (best {min(times):.2f} s)"
    )


if __name__ == "__main__":
    main()
