"""Beyond one machine (issue 18, point 4; docs/scale-out.md): two web servers on two ports and
two workers, all processes of their own with the production settings, behind one PostgreSQL
database, as two machines behind a load balancer would run.

A person signed in through one server is signed in on the other; reports sent through both
at once all land, once each, and the processing log's hash chain the two workers seal stays one
chain that verifies against its anchors; the API's rate limit is counted once for both
servers; tasks queued are each run once by one of the two workers; and a task whose worker is
killed halfway is run by the other.

On SQLite the tests that start processes skip: several processes on one SQLite file is the
demo's set-up, not one that scales (docs/scale-out.md). The suite's PostgreSQL run
(scripts/test.sh, CI) runs them. The processes start once for the module.
"""

from __future__ import annotations

import http.client
import json
import signal
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from subprocess import Popen
from typing import Any

import pytest

from tests.core.test_production import Browser
from tests.processes import (
    SERVER_URL,
    database,
    free_port,
    goedwonen,
    goedwonen_ok,
    production_environment,
    start,
    stop,
    wait_for,
)

PASSWORD = "lang-en-geheim-wachtwoord-2026"
# The API's limit per token per day: above the reports one token sends below, so only the
# rate-limit test reaches it.
API_RATE = 150
VERIFY_TASK = "goedwonen.core.tasks.verify_processing_log"

SETUP = f"""
import json
from goedwonen.accounts.models import Organisatie, Rol
from goedwonen.accounts.services import api_token_create, user_create
from goedwonen.core.policy import Capability

so = Organisatie.objects.create(code="so", naam="Stadsontwikkeling", soort="kerncluster")
# Sees no personal data, so signs in without a second factor.
register = Rol.objects.create(
    code="register", naam="Register", capabilities=[Capability.REGISTER_VIEW.value])
user_create(actor=None, username="medewerker", organisatie=so, rollen=[register],
            password="{PASSWORD}")
bron = Rol.objects.create(
    code="bron", naam="Bronsysteem", capabilities=[Capability.REPORTS_REGISTER.value])
keys = [api_token_create(actor=None, organisatie=so, naam=f"Systeem {{n}}", rollen=[bron])[1]
        for n in (1, 2)]
print(json.dumps(keys))
"""


@dataclass
class Cluster:
    url: str
    env: dict[str, str]
    ports: tuple[int, int]
    workers: list[Popen[bytes]]
    keys: list[str]
    folder: Path

    def sql(self, statement: str, *params: object) -> list[tuple[Any, ...]]:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            return connection.execute(statement, params).fetchall()  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def cluster(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Cluster]:
    if not SERVER_URL:
        pytest.skip(
            "several processes on one SQLite file is not a supported set-up; runs on PostgreSQL"
        )
    migrated_database = request.getfixturevalue("migrated_database")
    folder = tmp_path_factory.mktemp("scale-out")
    with database(folder, template=migrated_database) as url:
        # One settings file for every process, as on every machine (docs/scale-out.md).
        env = production_environment(
            folder / "var",
            url,
            GOEDWONEN_API_RATE=f"{API_RATE}/day",
            GOEDWONEN_LOG_ANCHOR_SECONDS="0",
            # A worker silent this long is taken for stopped and its task run by another
            # (60 in production); a live one beats every 5 s.
            GOEDWONEN_HEALTH_WORKER_SECONDS="10",
        )
        goedwonen_ok("collectstatic", "--noinput", env=env)
        keys = json.loads(goedwonen_ok("shell", "-c", SETUP, env=env).splitlines()[-1])
        ports = (free_port(), free_port())
        servers = [
            start(
                "serve",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                env=env,
                log=folder / f"s{n}",
            )
            for n, port in enumerate(ports)
        ]
        workers = [start("worker", env=env, log=folder / f"w{n}") for n in range(2)]
        try:
            for port in ports:
                wait_for(lambda port=port: _status(port, "/gezondheid") == 200, "both servers")
            yield Cluster(url, env, ports, workers, keys, folder)
        finally:
            stop(*servers, *workers)
        for log in sorted(folder.glob("[sw][0-9]")):
            text = log.read_text()
            assert "Traceback" not in text, f"{log.name}:\n{text[-5000:]}"
            assert '" 500 ' not in text, f"{log.name}:\n{text[-5000:]}"


def _status(port: int, path: str) -> int:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", path)
        return connection.getresponse().status
    except OSError:
        return 0


def _api(port: int, key: str, method: str, path: str, body: dict[str, Any] | None = None) -> int:
    """A request as the proxy in front passes it on."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {
        "Authorization": f"Token {key}",
        "Content-Type": "application/json",
        "X-Forwarded-Proto": "https",
        "X-Forwarded-For": "192.0.2.20",
    }
    connection.request(method, path, json.dumps(body) if body else None, headers)
    status = connection.getresponse().status
    connection.close()
    return status


def _report(bron_id: str) -> dict[str, Any]:
    return {
        "bron": "schaal",
        "bronId": bron_id,
        "categorie": "overbewoning",
        "omschrijving": f"Melding {bron_id}: te veel bewoners.",
        "melderSoort": "professional",
        "adres": {"postcode": "3083AB", "huisnummer": 10},
    }


def _at_once(jobs: list[Any]) -> list[Any]:
    """Run the callables in threads released together; their results in order."""
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(index: int) -> None:
        barrier.wait(timeout=30)
        results[index] = jobs[index]()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_behind_pgbouncer_in_transaction_mode_no_cursor_outlives_its_transaction(tmp_path):
    shown = "from django.conf import settings; print(settings.DATABASES['default']['{}'])"
    url = "postgres://goedwonen@db.intern:6432/goedwonen"
    pooled = production_environment(tmp_path, url, GOEDWONEN_DB_TRANSACTION_POOLING="true")
    direct = production_environment(tmp_path, url)

    assert (
        goedwonen_ok(
            "shell", "-c", shown.format("DISABLE_SERVER_SIDE_CURSORS"), env=pooled
        ).split()[-1]
        == "True"
    )
    assert (
        goedwonen_ok(
            "shell", "-c", shown.format("DISABLE_SERVER_SIDE_CURSORS"), env=direct
        ).split()[-1]
        == "False"
    )


def test_a_person_signed_in_on_one_server_is_signed_in_on_the_other(cluster):
    first, second = cluster.ports
    on_first = Browser(first)
    on_first.page("/inloggen")
    assert on_first.post("/inloggen", {"username": "medewerker", "password": PASSWORD}) == "/"

    # The same browser behind the load balancer, its next request sent to the other server.
    on_second = Browser(second, cookies=dict(on_first.cookies))
    assert "Uitloggen" in on_second.page("/")
    assert on_second.post("/uitloggen", {}) == "/inloggen"

    status, headers, _ = on_first.request("GET", "/")
    assert (status, headers["location"]) == (302, "/inloggen?next=/")


def test_reports_through_both_servers_at_once_land_once_and_the_chain_holds(cluster):
    key = cluster.keys[0]
    threads, per_thread = 3, 10
    first, second = cluster.ports

    def send(port: int, batch: str) -> list[int]:
        return [
            _api(port, key, "POST", "/api/v1/meldingen", _report(f"{batch}-{n}"))
            for n in range(per_thread)
        ]

    # Each batch of reports is sent through both servers at the same moment (a source system
    # that retries through the load balancer): stored once, the other answer 200.
    batches = [f"{server}-{t}" for server in "ab" for t in range(threads)]
    jobs = [lambda b=b, port=port: send(port, b) for b in batches for port in (first, second)]
    statuses = Counter(status for answers in _at_once(jobs) for status in answers)

    unique = len(batches) * per_thread
    assert statuses == {201: unique, 200: unique}
    [(stored,)] = cluster.sql("SELECT count(*) FROM intake_melding WHERE bron = 'schaal'")
    assert stored == unique
    # The two workers seal what both servers wrote into one chain; it verifies against the
    # anchors both wrote.
    wait_for(
        lambda: (
            cluster.sql("SELECT count(*) FROM core_verwerkingslog WHERE volgnummer IS NULL")[0][0]
            == 0
        ),
        "the workers to seal every line",
    )
    [(lines, first, last)] = cluster.sql(
        "SELECT count(*), min(volgnummer), max(volgnummer) FROM core_verwerkingslog"
    )
    assert (first, last) == (1, lines)
    done = goedwonen("verify-log", env=cluster.env)
    assert done.returncode == 0, done.stderr
    assert f"Logketen intact: {lines} regels gecontroleerd." in done.stdout


def test_the_rate_limit_is_counted_once_for_both_servers(cluster):
    key = cluster.keys[1]
    per_client = API_RATE // 2 + 5
    jobs = [
        lambda port=port: [_api(port, key, "GET", "/api/v1/mij") for _ in range(per_client)]
        for port in cluster.ports
        for _ in range(2)
    ]
    statuses = Counter(status for answers in _at_once(jobs) for status in answers)
    assert statuses == {200: API_RATE, 429: 4 * per_client - API_RATE}


def test_tasks_queued_are_each_run_once_by_one_of_the_two_workers(cluster):
    tasks, slow_tasks = 50, 4
    [(checks_before,)] = cluster.sql("SELECT coalesce(max(id), 0) FROM core_ketencontrole")
    # A few tasks of a second each among them: a verification takes milliseconds, so one
    # worker could run all fifty between two looks of the other (it looks once a second).
    # While one worker sleeps through a slow task, the other takes the next.
    notes = cluster.folder / "notes-both"
    goedwonen_ok(
        "shell",
        "-c",
        "from goedwonen.core.tasks import verify_processing_log\n"
        "from tests.core.slow_task import slow\n"
        f"for _ in range({slow_tasks}): slow.enqueue({str(notes)!r}, 1)\n"
        f"for _ in range({tasks}): verify_processing_log.enqueue(reschedule=False)",
        env=cluster.env,
    )
    query = (
        "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult "
        "WHERE (task_path = %s AND args_kwargs->'kwargs'->>'reschedule' = 'false') "
        "OR (task_path = 'tests.core.slow_task.slow' AND args_kwargs->'args'->>0 = %s)"
    )
    wait_for(
        lambda: all(
            status == "SUCCESSFUL" for status, _ in cluster.sql(query, VERIFY_TASK, str(notes))
        ),
        "the workers to run every task",
    )
    results = cluster.sql(query, VERIFY_TASK, str(notes))
    assert len(results) == tasks + slow_tasks
    assert all(len(worker_ids) == 1 for _, worker_ids in results)
    assert len({worker_ids[0] for _, worker_ids in results}) == 2, "one worker ran them all"
    # Each run's outcome is kept once, and each found the chain intact.
    [(checks, intact)] = cluster.sql(
        "SELECT count(*), count(*) FILTER (WHERE intact) FROM core_ketencontrole WHERE id > %s",
        checks_before,
    )
    assert checks == tasks == intact


def test_nightly_tasks_are_booked_once_though_both_workers_book_them(cluster):
    booked = cluster.sql(
        "SELECT task_path, count(*) FROM django_tasks_database_dbtaskresult "
        "WHERE status = 'READY' GROUP BY task_path"
    )
    assert booked and all(count == 1 for _, count in booked), booked


def test_a_task_whose_worker_is_killed_halfway_is_run_by_the_other(cluster):
    """Last: it leaves one worker. django-tasks-db leaves the task "running" for ever; the
    other worker sees the killed one stop beating and puts its task back in the queue."""
    notes = cluster.folder / "notes"
    goedwonen_ok(
        "shell",
        "-c",
        f"from tests.core.slow_task import slow; slow.enqueue({str(notes)!r}, 3)",
        env=cluster.env,
    )
    query = (
        "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult "
        "WHERE task_path = 'tests.core.slow_task.slow' AND args_kwargs->'args'->>0 = %s"
    )
    wait_for(lambda: notes.exists(), "a worker to start the task")
    [(_, [taken_by])] = cluster.sql(query, str(notes))
    pids = {str(worker.pid): worker for worker in cluster.workers}
    killed = pids.pop(taken_by.rsplit(":", 1)[1])

    killed.send_signal(signal.SIGKILL)

    wait_for(
        lambda: cluster.sql(query, str(notes))[0][0] == "SUCCESSFUL", "the other worker", timeout=45
    )
    [(_, worker_ids)] = cluster.sql(query, str(notes))
    [survivor] = pids
    assert [worker_id.rsplit(":", 1)[1] for worker_id in worker_ids] == [str(killed.pid), survivor]
    assert notes.read_text().split() == [
        "begonnen",
        str(killed.pid),
        "begonnen",
        survivor,
        "klaar",
        survivor,
    ]
