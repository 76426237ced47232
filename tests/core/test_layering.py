"""The import contracts in pyproject.toml ([tool.importlinter]; `make lint` checks them too):
the core imports no app, and the case app neither documents nor visits. Apps extend them
through registries (nightly tasks, worker start, mail; case-page sections, destroyers),
registered from their AppConfig.ready()."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_core_imports_no_app_and_cases_import_no_documents_or_visits():
    # In a process of its own: import-linter configures logging anew, which would silence
    # the loggers that later tests read.
    checked = subprocess.run(  # noqa: S603 - the venv's own tool, fixed arguments
        [
            Path(sys.executable).with_name("lint-imports"),
            "--no-cache",
            "--config",
            "pyproject.toml",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
