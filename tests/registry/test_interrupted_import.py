"""An import that stops halfway is marked "afgebroken" and its partial snapshot removed by the
next import, worker or demo; one that is still running is left alone."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest

from django.conf import settings

from goedwonen.core.models import Verwerkingslog
from goedwonen.registry.importer.interrupted import INTERRUPTED, ImportLock
from goedwonen.registry.importer.run import import_folder
from goedwonen.registry.models import Levering
from tests.processes import database, environment, goedwonen, goedwonen_ok, start, wait_for
from tests.registry.conftest import write_folder


def _killed_import() -> tuple[Levering, Path]:
    """What SIGKILL leaves: a delivery "bezig" that no process holds, half a snapshot."""
    levering = Levering.objects.create(bronmap="/bronnen/zuid", manifest={})
    folder = Path(settings.DATA_DIR) / "snapshots" / f"levering-{levering.pk}"
    folder.mkdir(parents=True)
    (folder / "brp_bewoning.parquet").write_bytes(b"PAR1 half geschreven")
    return levering, folder


@pytest.mark.django_db
def test_the_next_import_marks_a_killed_one_interrupted_and_removes_its_snapshot(source_folder):
    killed, snapshot = _killed_import()

    report = import_folder(actor=None, folder=source_folder)

    killed.refresh_from_db()
    assert killed.status == Levering.Status.AFGEBROKEN
    assert killed.klaar_op is not None
    assert killed.rapport == {"fataal": [INTERRUPTED]}
    assert not snapshot.exists()
    assert Levering.objects.get(pk=report.levering_id).status == Levering.Status.DEELS
    assert (Path(settings.DATA_DIR) / "snapshots" / f"levering-{report.levering_id}").is_dir()
    assert Verwerkingslog.objects.filter(
        name="Bronlevering als afgebroken afgesloten", object_ref=f"levering:{killed.pk}"
    ).exists()


@pytest.mark.django_db
def test_an_import_still_running_is_left_alone(source_folder):
    running, snapshot = _killed_import()
    lock = ImportLock(running.pk)  # as the importing process holds it
    try:
        import_folder(actor=None, folder=source_folder)
    finally:
        lock.release()

    running.refresh_from_db()
    assert running.status == Levering.Status.BEZIG
    assert snapshot.exists()


@pytest.mark.django_db
def test_snapshot_folders_without_a_usable_delivery_are_removed(source_folder):
    failed = Levering.objects.create(bronmap="/x", manifest={}, status=Levering.Status.MISLUKT)
    root = Path(settings.DATA_DIR) / "snapshots"
    for name in (f"levering-{failed.pk}", "levering-9999"):
        (root / name).mkdir(parents=True)

    import_folder(actor=None, folder=source_folder)

    assert sorted(p.name for p in root.iterdir()) == [f"levering-{failed.pk + 1}"]


def _deliveries(env: dict[str, str]) -> list[list[object]]:
    shown = goedwonen_ok(
        "shell",
        "-c",
        "import json; from goedwonen.registry.models import Levering; "
        "print(json.dumps(list(Levering.objects.order_by('pk').values_list('pk', 'status'))))",
        env=env,
    )
    return json.loads(shown.strip().splitlines()[-1])


def test_an_import_killed_halfway_is_marked_when_the_worker_starts(tmp_path, migrated_database):
    """`goedwonen import` killed (SIGKILL) once it has written the BRP snapshot, while it
    reads a long WOZ file; then `goedwonen worker` starts."""
    folder = write_folder(tmp_path / "bronmap")
    with open(folder / "woz.csv", "a") as woz:
        for n in range(200_000):
            woz.write(f"0599010000000001,{1800 + n // 336}-{1 + n % 12:02d}-{1 + n % 28:02d},1\n")
    with database(tmp_path, template=migrated_database) as url:
        env = environment(tmp_path / "var", url, GOEDWONEN_DEBUG="true")
        snapshot = tmp_path / "var" / "data" / "snapshots" / "levering-1"
        importing = start("import", str(folder), "--geen-voortgang", env=env, log=tmp_path / "i")
        try:
            wait_for(
                lambda: (
                    (snapshot / "brp_bewoning.parquet").exists() or importing.poll() is not None
                ),
                "the import to write its BRP snapshot",
                timeout=120,
            )
            assert importing.poll() is None, (tmp_path / "i").read_text()
            os.kill(importing.pid, signal.SIGKILL)
        finally:
            importing.wait()
        assert _deliveries(env) == [[1, "bezig"]]
        assert (snapshot / "brp_bewoning.parquet").exists()

        assert goedwonen("worker", "--batch", env=env).returncode == 0

        assert _deliveries(env) == [[1, "afgebroken"]]
        assert not snapshot.exists()
