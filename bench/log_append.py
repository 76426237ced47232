"""Processing-log throughput: append lines one transaction each, then verify the chain.

Runs on a throwaway database: SQLite in a temp folder, or BENCH_DATABASE_URL when given.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time

LINES = int(os.environ.get("BENCH_LOG_LINES", "5000"))


def main() -> None:
    folder = tempfile.mkdtemp(prefix="goedwonen-bench-")
    os.environ["GOEDWONEN_VAR_DIR"] = folder
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goedwonen.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from goedwonen.core.models import Verwerkingsactiviteitcode
    from goedwonen.core.processing_log import (
        DataSubject,
        processing_log_record,
        processing_log_verify,
    )

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    for n in range(LINES):
        processing_log_record(
            actor=None,
            operation="Bench",
            activity=Verwerkingsactiviteitcode.PRIVACYTOEZICHT,
            subjects=[DataSubject("eigenaar", f"E{n}")],
        )
    append = time.perf_counter() - started
    started = time.perf_counter()
    check = processing_log_verify()
    verify = time.perf_counter() - started
    assert check.ok and check.checked == LINES, check.describe()
    rate = LINES / append
    print(f"append: {LINES} lines in {append:.2f} s = {rate:,.0f} lines/s (a transaction each)")
    print(f"verify: {LINES} lines in {verify:.2f} s = {LINES / verify:,.0f} lines/s")


if __name__ == "__main__":
    sys.exit(main())
