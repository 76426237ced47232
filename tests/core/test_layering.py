"""The import contracts in pyproject.toml ([tool.importlinter]; `make lint` checks them too):
the core imports no app, and the case app neither documents nor visits. Apps extend them
through registries (nightly tasks, worker start, mail; case-page sections, destroyers),
registered from their AppConfig.ready()."""

from __future__ import annotations

from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[2]


def test_the_core_imports_no_app_and_cases_import_no_documents_or_visits():
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0
