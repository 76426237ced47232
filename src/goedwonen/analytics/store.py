"""The analytic store a run reads: the latest delivery snapshot of each source, and the events
(reports, inspections, enforcement) exported from the operational database for the run.

The snapshots are written by the import (`registry/importer/snapshots.py`); they never change
after. The events change every day, so each run keeps its own export beside its scores: with
the snapshots' hashes in the run record, a run can be repeated on exactly what it read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from django.conf import settings
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast, Substr

from goedwonen.inspecties.models import Bevinding, Bezoek
from goedwonen.intake.models import Melding
from goedwonen.registry import contract
from goedwonen.registry.importer.snapshots import write_objects_snapshot
from goedwonen.registry.models import Controle, Handhaving, Levering

from .engine import EVENTS, SOURCES, Store
from .models import Risicorun

USABLE = (Levering.Status.GESLAAGD, Levering.Status.DEELS)


def runs_root() -> Path:
    return Path(settings.DATA_DIR) / "analytics" / "runs"


def run_folder(run: Risicorun) -> Path:
    """A run's files: its scores (`scores.parquet`) and the events it exported."""
    return runs_root() / f"run-{run.pk}"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class Inputs:
    store: Store
    bronnen: dict[str, dict[str, Any]]


def current_peildatum() -> date:
    """The reference date of a run made now: that of the latest usable BAG snapshot, which
    the run will read (today when it has none). Fixed when the run is recorded, so it does
    not change while the run computes."""
    for levering in Levering.objects.filter(status__in=USABLE).order_by("-pk"):
        snapshot = contract.snapshot_folder(settings.DATA_DIR, levering.pk)
        if (snapshot / f"{contract.BAG.stem}.parquet").exists():
            return levering.peildatum or date.today()
    return date.today()


def current_inputs(run_dir: Path) -> Inputs:
    """The latest usable snapshot of every source, and the events exported into `run_dir`."""
    files: dict[str, Path] = {}
    bronnen: dict[str, dict[str, Any]] = {}
    leveringen = list(Levering.objects.filter(status__in=USABLE).order_by("-pk"))
    for stem in SOURCES:
        if stem == contract.OBJECTEN:
            continue
        for levering in leveringen:
            path = contract.snapshot_folder(settings.DATA_DIR, levering.pk) / f"{stem}.parquet"
            if path.exists():
                files[stem] = path
                bronnen[stem] = _described(path, levering=levering.pk)
                if stem == contract.BAG.stem:
                    objecten = path.with_name(f"{contract.OBJECTEN}.parquet")
                    if not objecten.exists():  # a delivery imported before areas were kept
                        write_objects_snapshot(objecten)
                    files[contract.OBJECTEN] = objecten
                    bronnen[contract.OBJECTEN] = _described(objecten, levering=levering.pk)
                break
    run_dir.mkdir(parents=True, exist_ok=True)
    for name, table in _events().items():
        path = run_dir / f"{name}.parquet"
        pq.write_table(table, path, compression="zstd")
        files[name] = path
        bronnen[name] = _described(path, levering=None) | {"rijen": table.num_rows}
    return Inputs(Store(files=files), bronnen)


def recorded_inputs(bronnen: dict[str, dict[str, Any]]) -> Store:
    """The store a run read, from its record; refuses when a file changed or is gone."""
    files = {}
    for name, described in bronnen.items():
        path = Path(settings.DATA_DIR) / described["bestand"]
        if not path.exists() or sha256(path) != described["sha256"]:
            raise FileNotFoundError(
                f"{described['bestand']} is er niet meer of is veranderd sinds de run."
            )
        files[name] = path
    return Store(files=files)


def _described(path: Path, *, levering: int | None) -> dict[str, Any]:
    return {
        "levering": levering,
        "bestand": str(path.relative_to(Path(settings.DATA_DIR))),
        "sha256": sha256(path),
    }


def _text_table(names: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> pa.Table:
    columns = list(zip(*rows, strict=True)) or [() for _ in names]
    return pa.table(
        {name: pa.array(values, pa.string()) for name, values in zip(names, columns, strict=True)}
    )


def _day(field: str) -> Substr:
    """A date or timestamp as `YYYY-MM-DD` text made by the database (UTC, the connection's
    time zone): read as text, the rows need no conversion in Python."""
    return Substr(Cast(field, CharField()), 1, 10)


def _events() -> dict[str, pa.Table]:
    """Reports, inspection outcomes and enforcement per object, as of now."""
    meldingen = (
        Melding.objects.filter(verblijfsobject__isnull=False)
        .annotate(dag=_day("ontvangen_op"))
        .values_list("verblijfsobject__object_id", "dag")
    )
    controles = list(
        Controle.objects.annotate(dag=_day("datum"))
        .values_list("verblijfsobject__object_id", "dag", "overtreding")
        .iterator(chunk_size=20_000)
    )
    # Visits recorded in cases count as inspections: the last version of each (a correction
    # replaces the visit it corrects), a violation when any finding was established.
    bezoeken = (
        Bezoek.objects.filter(correctie__isnull=True)
        .annotate(
            dag=_day("datum"),
            overtreding=Exists(Bevinding.objects.filter(bezoek=OuterRef("pk"), vastgesteld=True)),
        )
        .values_list("casusobject__verblijfsobject__object_id", "dag", "overtreding")
    )
    controles += [(o, d, "ja" if v else "nee") for o, d, v in bezoeken]
    handhavingen = Handhaving.objects.annotate(dag=_day("datum")).values_list(
        "verblijfsobject__object_id", "eigenaar__eigenaar_id", "dag"
    )
    return {
        "meldingen": _text_table(EVENTS["meldingen"], meldingen.iterator(chunk_size=20_000)),
        "controles": _text_table(EVENTS["controles"], controles),
        "handhavingen": _text_table(
            EVENTS["handhavingen"], handhavingen.iterator(chunk_size=20_000)
        ),
    }
