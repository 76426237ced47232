from __future__ import annotations

from pathlib import Path

import pytest

from goedwonen.registry.importer.run import import_folder
from goedwonen.synth.generator import generate

SEED = 11


@pytest.fixture(scope="session")
def zuid_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tenth of the synthetic Zuid (about 3,700 dwellings), generated once per session."""
    out = tmp_path_factory.mktemp("zuid") / "levering"
    generate("zuid", SEED, out, fraction=0.1)
    return out


@pytest.fixture
def imported(db, zuid_sample: Path) -> Path:
    """The sample imported as a delivery: the database rows and the Parquet snapshots."""
    report = import_folder(actor=None, folder=zuid_sample, progress=False)
    assert not report.fatal
    return zuid_sample
