"""Run every benchmark in this folder (each a script with a main()) and print its figures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    failures = 0
    for script in sorted(HERE.glob("[!_]*.py")):
        if script.name == "run.py":
            continue
        print(f"== {script.stem}", flush=True)
        failures += subprocess.run([sys.executable, str(script)], check=False).returncode != 0  # noqa: S603
    sys.exit(1 if failures else 0)
