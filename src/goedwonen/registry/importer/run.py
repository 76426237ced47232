"""Import one source folder: every file of the contract, in dependency order."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tqdm import tqdm

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from goedwonen.core.exports import Cell, csv_file
from goedwonen.core.processing_log import processing_log_record
from goedwonen.core.registries import imports_finished
from goedwonen.registry import contract
from goedwonen.registry.models import Levering

from . import history, sources
from .areas import import_areas
from .context import ImportContext
from .interrupted import IMPORT_ACTIVITY, ImportLock, leveringen_interrupted_close, snapshot_folder
from .reading import Record, UnreadableFile, find_source, read_records
from .report import FileReport, ImportReport
from .snapshots import Snapshot, write_objects_snapshot

if TYPE_CHECKING:
    from goedwonen.accounts.models import User

Importer = Callable[[Iterable[Record], FileReport, ImportContext], None]

# The reader of each CSV file of the contract; they run in the contract's order.
IMPORTERS: dict[contract.Source, Importer] = {
    contract.BAG: sources.import_bag,
    contract.BRP: sources.import_bewoning,
    contract.BRK: sources.import_eigendom,
    contract.WOZ: sources.import_woz,
    contract.ENERGIE: sources.import_energie,
    contract.VERGUNNINGEN: sources.import_vergunningen,
    contract.GEBIEDSAANWIJZINGEN: sources.import_aanwijzingen,
    contract.MELDINGEN: history.import_meldingen,
    contract.CONTROLES: history.import_controles,
    contract.HANDHAVINGEN: history.import_handhavingen,
}
KNOWN = {contract.BUURTEN.name, contract.MANIFEST} | {
    f"{source.stem}{suffix}" for source in contract.CSV_SOURCES for suffix in contract.SUFFIXES
}


def _manifest(folder: Path, report: ImportReport) -> dict[str, object]:
    path = folder / contract.MANIFEST
    if not path.exists():
        return {}
    try:
        manifest = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        report.fatal.append(f"manifest.json: niet leesbaar ({error})")
        return {}
    if not isinstance(manifest, dict):
        report.fatal.append("manifest.json: verwacht een JSON-object")
        return {}
    return manifest


def _peildatum(manifest: dict[str, object], report: ImportReport) -> date:
    raw = manifest.get("peildatum")
    if not raw:
        return timezone.localdate()
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        report.fatal.append(f"manifest.json: peildatum '{raw}' is geen datum (JJJJ-MM-DD)")
        return timezone.localdate()


def _progress(records: Iterator[Record], total: int, name: str, show: bool) -> Iterator[Record]:
    if not show:
        return records
    return iter(
        tqdm(
            records,
            total=max(total, 0),
            desc=name,
            unit=" rijen",
            leave=True,
            dynamic_ncols=True,
            mininterval=0.5,
        )
    )


def import_folder(
    *, actor: User | None, folder: Path, progress: bool | None = None
) -> ImportReport:
    """Import a source folder. Re-running it changes nothing; bad rows are reported, good rows
    kept. Each file commits on its own, so a failure in one loses nothing of the others."""
    report = ImportReport()
    show = sys.stderr.isatty() if progress is None else progress
    folder = folder.resolve()
    if not folder.is_dir():
        report.fatal.append(f"{folder}: geen map")
        return report
    manifest = _manifest(folder, report)
    peildatum = _peildatum(manifest, report)
    if not (folder / contract.BUURTEN.name).is_file():
        report.fatal.append(f"{contract.BUURTEN.name}: verplicht bestand ontbreekt")
    bag = find_source(folder, contract.BAG.stem)
    if bag is None:
        report.fatal.append(f"{contract.BAG.name}: verplicht bestand ontbreekt")
    else:
        try:
            read_records(bag)
        except UnreadableFile as error:
            report.fatal.append(f"{bag.name}: {error}")
    report.unknown_files = sorted(
        entry.name
        for entry in folder.iterdir()
        if entry.name not in KNOWN and not entry.name.startswith(contract.IGNORED_PREFIXES)
    )
    if report.fatal:
        return report

    leveringen_interrupted_close()
    with transaction.atomic():
        levering = Levering.objects.create(
            bronmap=str(folder),
            peildatum=peildatum,
            gemeente=str(manifest.get("gemeente") or "")[:6],
            manifest=manifest,
            uitgevoerd_door=actor,
        )
        # Taken before the delivery can be seen: whoever sees it "bezig" finds it locked.
        lock = ImportLock(levering.pk)
    try:
        _import_files(folder, levering, report, peildatum, show)
        _finish(levering, report, actor)
    finally:
        lock.release()
    _refresh_statistics()
    for hook in imports_finished:
        hook(levering_id=levering.pk)
    return report


def _refresh_statistics() -> None:
    """On PostgreSQL, the planner's statistics read anew after an import: the tables it just
    filled could otherwise be planned as if empty (nested loops over a whole city) until
    autovacuum comes by, and never inside the transaction that imported them (ADR 0027)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _import_files(
    folder: Path, levering: Levering, report: ImportReport, peildatum: date, show: bool
) -> None:
    report.levering_id = levering.pk
    ctx = ImportContext(peildatum=peildatum)
    snapshot_dir = snapshot_folder(levering.pk)

    area_report = FileReport(contract.BUURTEN.name)
    report.files.append(area_report)
    try:
        with transaction.atomic():
            ctx.grid = import_areas(folder / contract.BUURTEN.name, area_report)
        ctx._areas = None
    except UnreadableFile as error:
        report.fatal.append(f"{contract.BUURTEN.name}: {error}")
    if not report.fatal:
        for source in contract.CSV_SOURCES:
            importer, stem = IMPORTERS[source], source.stem
            path = find_source(folder, stem)
            if path is None:
                continue
            file_report = FileReport(path.name)
            report.files.append(file_report)
            try:
                header, records, total = read_records(path)
                snapshot = Snapshot(snapshot_dir / f"{stem}.parquet", path, header, file_report)
                with transaction.atomic():
                    _check_foreign_keys_while_loading()
                    importer(
                        snapshot.tee(_progress(records, total, path.name, show)), file_report, ctx
                    )
                snapshot.write()
                if source == contract.BAG:
                    write_objects_snapshot(snapshot_dir / f"{contract.OBJECTEN}.parquet")
            except UnreadableFile as error:
                if source.required:
                    report.fatal.append(f"{path.name}: {error}")
                    break
                file_report.reject(0, f"bestand niet leesbaar: {error}")
                ctx.forget()


def _check_foreign_keys_while_loading() -> None:
    """PostgreSQL checks Django's deferred foreign keys at commit, one by one, while we wait.
    Checked as rows arrive, the server does it on the other core while Python parses on."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _finish(levering: Levering, report: ImportReport, actor: User | None) -> None:
    with transaction.atomic():
        levering.rapport = {
            "bestanden": [f.as_record() for f in report.files],
            "onbekende_bestanden": report.unknown_files,
            "fataal": report.fatal,
        }
        levering.klaar_op = timezone.now()
        levering.status = (
            Levering.Status.MISLUKT
            if report.fatal
            else Levering.Status.DEELS
            if report.rejected
            else Levering.Status.GESLAAGD
        )
        levering.save()
        processing_log_record(
            actor=actor,
            operation="Bronlevering geïmporteerd",
            activity=IMPORT_ACTIVITY,
            object_ref=f"levering:{levering.pk}",
        )
    _write_rejections(levering, report)


def _write_rejections(levering: Levering, report: ImportReport) -> None:
    """Every rejected row and warning, in full, next to the data (the record keeps the first)."""
    if not any(f.rejected or f.warnings for f in report.files):
        return
    folder = Path(settings.DATA_DIR) / "leveringen"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"levering-{levering.pk}-problemen.csv"
    rows: list[list[Cell]] = [
        [f.file, problem.line, problem.column, soort, problem.reason]
        for f in report.files
        for soort, problems in (("afgewezen", f.rejected), ("waarschuwing", f.warnings))
        for problem in problems
    ]
    # A person opens this in a spreadsheet, and a reason may quote a hostile source value.
    csv_file(path, ["bestand", "regel", "kolom", "soort", "reden"], rows)
