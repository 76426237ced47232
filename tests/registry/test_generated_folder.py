"""The generator and the importer read one contract: a generated folder imports with no row
rejected, every file of the contract read, and warnings only where the generator plants them
on purpose (report addresses that cannot be matched)."""

from __future__ import annotations

import pytest

from goedwonen.registry import contract
from goedwonen.registry.importer.run import import_folder
from goedwonen.synth.generator import generate

pytestmark = pytest.mark.django_db


def test_a_generated_folder_imports_without_a_rejected_row(tmp_path):
    folder = tmp_path / "levering"
    generate("zuid", 11, folder, fraction=0.05)

    report = import_folder(actor=None, folder=folder, progress=False)

    assert (report.fatal, report.unknown_files, report.exit_code) == ([], [], 0)
    files = {f.file: f for f in report.files}
    assert set(files) == {source.name for source in contract.SOURCES}
    assert {name: f.rejected_rows for name, f in files.items() if f.rejected_rows} == {}
    assert {f.file for f in report.files if f.warnings} <= {contract.MELDINGEN.name}
    assert all(f.read > 0 for f in report.files)
