"""Imports that stopped halfway: the process killed, the machine down.

Such a delivery would say "bezig" forever, and its partial snapshot folder (owners and BRP
registrations in Parquet) would stay on disk. The importing process holds a lock on a file
of its delivery from the moment the delivery exists until it is finished; the kernel lets go
of the lock when the process ends, however it ends. A delivery "bezig" whose lock is free has
no process anymore: the next import, worker or demo marks it "afgebroken" and removes the
snapshot folders of every delivery that is not usable.
"""

from __future__ import annotations

import fcntl
import shutil
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from goedwonen.core.models import Verwerkingsactiviteitcode
from goedwonen.core.processing_log import processing_log_record
from goedwonen.registry import contract
from goedwonen.registry.models import Levering

IMPORT_ACTIVITY = Verwerkingsactiviteitcode.REGISTRATIE_WONINGEN_EIGENAREN
INTERRUPTED = (
    "Afgebroken: het importproces stopte voordat de levering klaar was. De gedeeltelijke "
    "momentopname is verwijderd; importeer de bronmap opnieuw."
)
# Deliveries whose snapshots the analytics may read, and one still being imported.
KEPT = (Levering.Status.GESLAAGD, Levering.Status.DEELS, Levering.Status.BEZIG)


def snapshot_folder(levering_pk: int) -> Path:
    return contract.snapshot_folder(settings.DATA_DIR, levering_pk)


def _lock_path(levering_pk: int) -> Path:
    return Path(settings.DATA_DIR) / "leveringen" / f"levering-{levering_pk}.lock"


class ImportLock:
    """Held by the process that imports a delivery, until `release`."""

    def __init__(self, levering_pk: int) -> None:
        self.path = _lock_path(levering_pk)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = open(self.path, "w")  # noqa: SIM115 - held open until release
        fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def release(self) -> None:
        """After the delivery's final status is committed: whoever finds the file gone or
        free then also finds that status."""
        self.path.unlink(missing_ok=True)
        self.handle.close()


def _process_gone(levering_pk: int) -> bool:
    """No process holds the delivery's lock (taking it for a moment to find out)."""
    try:
        handle = open(_lock_path(levering_pk))  # noqa: SIM115 - closed below
    except FileNotFoundError:
        return True  # an import from before these locks, or one that just finished
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
    return True


def leveringen_interrupted_close() -> list[int]:
    """Mark deliveries "bezig" whose process is gone as "afgebroken", then remove the
    snapshot folders of deliveries that are neither usable nor being imported. Returns the
    deliveries marked."""
    marked = []
    for pk in Levering.objects.filter(status=Levering.Status.BEZIG).values_list("pk", flat=True):
        # The lock first, outside a transaction: a running import keeps the database busy
        # (on SQLite, writing at all) for as long as a file takes.
        if not _process_gone(pk):
            continue
        with transaction.atomic():
            # Read again under a row lock: an import that finished meanwhile committed its
            # status before it let go of its lock.
            levering = Levering.objects.select_for_update().filter(pk=pk).first()
            if levering is None or levering.status != Levering.Status.BEZIG:
                continue
            levering.status = Levering.Status.AFGEBROKEN
            levering.klaar_op = timezone.now()
            levering.rapport = {**levering.rapport, "fataal": [INTERRUPTED]}
            levering.save(update_fields=["status", "klaar_op", "rapport"])
            processing_log_record(
                actor=None,
                operation="Bronlevering als afgebroken afgesloten",
                activity=IMPORT_ACTIVITY,
                object_ref=f"levering:{pk}",
            )
        _lock_path(pk).unlink(missing_ok=True)
        marked.append(pk)
    snapshots_orphaned_remove()
    return marked


def snapshots_orphaned_remove() -> None:
    """Folders first, then the deliveries: a folder appears only after its delivery exists,
    so a new import's folder is never taken for an orphan."""
    root = contract.snapshot_root(settings.DATA_DIR)
    prefix = contract.SNAPSHOT_FOLDER_PREFIX
    folders = {
        int(entry.name.removeprefix(prefix)): entry
        for entry in (root.iterdir() if root.is_dir() else ())
        if entry.is_dir() and entry.name.removeprefix(prefix).isdigit()
    }
    kept = set(
        Levering.objects.filter(pk__in=folders, status__in=KEPT).values_list("pk", flat=True)
    )
    for pk, folder in folders.items():
        if pk not in kept:
            shutil.rmtree(folder, ignore_errors=True)
