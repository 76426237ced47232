"""The figures and the signal report (issue 17, point 6). Target on this 2-core machine:
`goedwonen rapportage --jaar YYYY --out DIR` for a year on the imported `city` folder in at
most 10 s, the PDF included.

The `city` folder (seed 2026) is generated and imported once into a throwaway SQLite database
(shared with bench/verhuurders.py, not part of the figure). Then the command runs as its own
process, three times, for the year before the folder's peildatum: the wall time from process
start to exit is the figure (Django start, the counts, the suppression, HTML, PDF, CSV).
"""

from __future__ import annotations

import csv
import json
import time

from verhuurders import GOEDWONEN, RESULTS, _imported, _run  # the same city database


def main() -> None:
    folder = RESULTS / "city-2026"
    var = _imported(folder)
    jaar = int(json.loads((folder / "manifest.json").read_text())["peildatum"][:4]) - 1
    out = var / "rapportage"
    argv = [GOEDWONEN, "rapportage", "--jaar", str(jaar), "--out", str(out)]
    times = []
    for _ in range(3):
        started = time.perf_counter()
        _run(argv, var)
        times.append(time.perf_counter() - started)
    with (out / "cijfers.csv").open(encoding="utf-8", newline="") as handle:
        figures = sum(1 for _ in csv.DictReader(handle))
    pdf = out / f"signaleringsrapport-{jaar}.pdf"
    print(
        f"city: goedwonen rapportage --jaar {jaar}: {figures:,} figures, "
        f"PDF {pdf.stat().st_size / 1024:.0f} KB; wall "
        + ", ".join(f"{t:.2f}" for t in times)
        + f" s (best {min(times):.2f} s)"
    )


if __name__ == "__main__":
    main()
