"""Import of the `city` source folder (about 330 thousand dwellings). Target: at most 2 minutes
on this 2-core machine, on SQLite and on PostgreSQL.

Runs on a throwaway database: SQLite in a temp folder, or BENCH_DATABASE_URL (an empty
PostgreSQL database) when given. The city folder is generated once into bench/results/.
Prints the time of the first import, and of the second, which must change nothing.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCALE = os.environ.get("BENCH_IMPORT_SCALE", "city")
FOLDER = HERE / "results" / f"{SCALE}-2026"


def main() -> None:
    var = tempfile.mkdtemp(prefix="goedwonen-bench-")
    os.environ["GOEDWONEN_VAR_DIR"] = var
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{var}/bench.sqlite3"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goedwonen.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from goedwonen.registry.importer.run import import_folder

    if not (FOLDER / "manifest.json").exists():
        started = time.perf_counter()
        call_command("generate", scale=SCALE, seed=2026, out=FOLDER, force=True)
        print(f"generate {SCALE}: {time.perf_counter() - started:.1f} s (not part of the figure)")
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}")
    for attempt in ("first", "second"):
        started = time.perf_counter()
        report = import_folder(actor=None, folder=FOLDER, progress=False)
        elapsed = time.perf_counter() - started
        rows = sum(f.read for f in report.files)
        changed = sum(f.inserted + f.updated for f in report.files)
        print(
            f"import {SCALE} ({attempt}): {elapsed:.1f} s for {rows:,} rows "
            f"({rows / elapsed:,.0f} rows/s), {changed:,} inserted or updated, "
            f"{report.rejected:,} rejected, exit {report.exit_code}"
        )
        for file_report in report.files:
            print(f"    {file_report.summary()}")


if __name__ == "__main__":
    sys.exit(main())
