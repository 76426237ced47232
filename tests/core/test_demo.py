from __future__ import annotations

import http.client
import os
import signal
import subprocess
from pathlib import Path

import pytest

from django.core.management import call_command

from goedwonen.accounts.demo import demo_seed
from goedwonen.accounts.models import Team, User
from goedwonen.core.policy import Capability, capabilities_of
from goedwonen.intake.routing import Router
from goedwonen.registry.models import Gebied, Levering, Verblijfsobject
from tests.processes import (
    alive,
    database,
    environment,
    free_port,
    goedwonen,
    start,
    stop,
    wait_for,
)
from tests.registry.conftest import write_folder


@pytest.mark.django_db
def test_demo_generates_and_imports_zuid_once_then_reuses_it(settings, tmp_path, capsys):
    settings.DATA_DIR = tmp_path / "data"
    settings.DEBUG = True  # the demo refuses to run otherwise; pytest-django turns it off
    # A first start whose import was killed: not a city to reuse.
    killed = Levering.objects.create(bronmap="zuid-2026", manifest={})
    partial = tmp_path / "data" / "snapshots" / f"levering-{killed.pk}"
    partial.mkdir(parents=True)
    (partial / "bag_adressen.parquet").write_bytes(b"PAR1")

    call_command("demo", no_serve=True)
    out = capsys.readouterr().out
    assert f"Levering {killed.pk} werd niet afgemaakt (afgebroken); opnieuw importeren." in out
    assert "Synthetisch Rotterdam-Zuid genereren" in out
    assert "bag_adressen.csv:" in out
    assert "Goedwonen-demo-2026" in out and "privacy.dv" in out
    killed.refresh_from_db()
    assert killed.status == Levering.Status.AFGEBROKEN
    assert not partial.exists()
    levering = Levering.objects.exclude(pk=killed.pk).get()
    assert levering.status == Levering.Status.GESLAAGD
    buurten = {g.code: g.naam for g in Gebied.objects.filter(soort="buurt")}
    assert buurten == {
        "BU05991081": "Bloemhof",
        "BU05991082": "Hillesluis",
        "BU05991571": "Tarwewijk",
        "BU05991572": "Carnisse",
        "BU05991573": "Zuidwijk",
        "BU05991577": "Pendrecht",
    }
    assert set(Gebied.objects.filter(focusgebied=True).values_list("code", flat=True)) == set(
        buurten
    )
    dwellings = Verblijfsobject.objects.filter(is_woning=True).count()
    assert 30_000 <= dwellings <= 42_000
    # The demo's integral action has its addresses on the first start, after the import.
    from goedwonen.acties.demo import NAAM
    from goedwonen.acties.models import Actie

    assert Actie.objects.get(naam=NAAM).adressen.exists()
    users = User.objects.count()

    call_command("demo", no_serve=True)
    assert "Synthetische stad al geïmporteerd; hergebruikt." in capsys.readouterr().out
    assert (Levering.objects.count(), User.objects.count()) == (2, users)


def _worker_of(demo: subprocess.Popen[bytes]) -> int | None:
    """The pid of the demo's worker, a child process running `goedwonen worker`."""
    children = Path(f"/proc/{demo.pid}/task/{demo.pid}/children").read_text().split()
    for pid in map(int, children):
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except FileNotFoundError:
            continue
        if b"worker" in argv and alive(pid):
            return pid
    return None


def _health(port: int) -> int:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", "/gezondheid")
        return connection.getresponse().status
    except OSError:
        return 0


def test_demo_restarts_a_worker_that_dies_and_stops_both_on_exit(tmp_path, migrated_database):
    with database(tmp_path, template=migrated_database) as url:
        # An imported city, so the demo starts at once; then the demo as a developer starts
        # it, without GOEDWONEN_DEBUG: it asks for debug mode itself.
        var = tmp_path / "var"
        folder = write_folder(tmp_path / "bronmap")
        debug = environment(var, url, GOEDWONEN_DEBUG="true")
        assert goedwonen("import", str(folder), "--geen-voortgang", env=debug).returncode == 1
        port = free_port()
        demo = start(
            "demo", "--bind", f"127.0.0.1:{port}", env=environment(var, url), log=tmp_path / "d"
        )
        log = tmp_path / "d"
        try:
            wait_for(lambda: _health(port) == 200, "the server and a beating worker", timeout=180)
            first = wait_for(lambda: _worker_of(demo), "the worker")

            os.kill(first, signal.SIGKILL)

            wait_for(
                lambda: (
                    "De achtergrondverwerker stopte (code -9); opnieuw gestart." in log.read_text()
                ),
                "the demo to notice",
            )
            second = wait_for(lambda: _worker_of(demo), "a new worker")
            assert second != first
            demo.send_signal(signal.SIGTERM)
            assert demo.wait(timeout=60) == 0, log.read_text()
        finally:
            stop(demo)
        assert "Synthetische stad al geïmporteerd; hergebruikt." in log.read_text()
        assert not alive(second)
        assert _health(port) == 0  # the server stopped too


def _server_of(demo: subprocess.Popen[bytes]) -> int | None:
    """The pid of the demo's web server (gunicorn's master, a child of the demo)."""
    children = Path(f"/proc/{demo.pid}/task/{demo.pid}/children").read_text().split()
    for pid in map(int, children):
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except FileNotFoundError:
            continue
        if b"gunicorn" in argv and alive(pid):
            return pid
    return None


def test_demo_listens_on_goedwonen_port_and_its_children_end_with_it(tmp_path, migrated_database):
    """GOEDWONEN_PORT chooses the port; a demo killed outright (SIGKILL: no chance to stop
    its children) leaves neither worker nor server behind."""
    with database(tmp_path, template=migrated_database) as url:
        var = tmp_path / "var"
        folder = write_folder(tmp_path / "bronmap")
        debug = environment(var, url, GOEDWONEN_DEBUG="true")
        assert goedwonen("import", str(folder), "--geen-voortgang", env=debug).returncode == 1
        port = free_port()
        log = tmp_path / "d"
        demo = start("demo", env=environment(var, url, GOEDWONEN_PORT=str(port)), log=log)
        try:
            wait_for(lambda: _health(port) == 200, "the server and a beating worker", timeout=180)
            assert f"Goedwonen draait op http://127.0.0.1:{port}/" in log.read_text()
            worker = wait_for(lambda: _worker_of(demo), "the worker")
            server = wait_for(lambda: _server_of(demo), "the server")

            demo.kill()
            demo.wait(timeout=10)

            wait_for(lambda: not alive(worker) and not alive(server), "the children to end")
            wait_for(lambda: _health(port) == 0, "the port to close")
        finally:
            stop(demo)


def test_a_port_that_is_no_port_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    done = goedwonen("demo", "--no-serve", env=environment(tmp_path, url, GOEDWONEN_PORT="80a"))
    assert done.returncode != 0
    assert "GOEDWONEN_PORT must be a port from 1 to 65535, not '80a'" in done.stderr


@pytest.mark.django_db
def test_every_area_team_has_demo_staff_to_triage_and_direct():
    """Routing sends a report in each focus buurt to its area team: in the demo each of those
    teams has a handler who triages and a case director."""
    demo_seed()
    router = Router()
    for buurt in Gebied.objects.filter(soort="buurt", focusgebied=True):
        route = router.route(buurt_id=buurt.pk, categorie="overbewoning", bron="meldpunt")
        assert route.team is not None, buurt.naam
        staff = [capabilities_of(user) for user in route.team.leden.all()]
        assert any(Capability.REPORTS_TRIAGE in held for held in staff), route.team.naam
        assert any(Capability.CASES_DIRECT in held for held in staff), route.team.naam
    assert Team.objects.count() == 5


@pytest.mark.django_db
def test_an_older_demo_database_gets_the_new_team_memberships():
    demo_seed()
    handler = User.objects.get(username="behandelaar.sb")
    handler.teams.set(Team.objects.filter(naam="Team Carnisse"))
    demo_seed()
    assert handler.teams.count() == 5
