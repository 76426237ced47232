"""A task that takes its time, for tests/core/test_scale_out.py to kill its worker halfway:
none of the product's tasks runs long on an empty database. Each run notes its start and its
end in a file."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django_tasks import task


@task()
def slow(path: str, seconds: float) -> int:
    with open(path, "a") as notes:
        notes.write(f"begonnen {os.getpid()}\n")
    time.sleep(seconds)
    with open(path, "a") as notes:
        notes.write(f"klaar {os.getpid()}\n")
    return len(Path(path).read_text().splitlines())
