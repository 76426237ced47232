"""Figures for running beyond one machine (docs/scale-out.md), on PostgreSQL.

On BENCH_DATABASE_URL (a throwaway cluster: scripts/pg-throwaway.sh), in a new database:

1. PostgreSQL connections: `goedwonen serve --workers BENCH_WORKERS` and one
   `goedwonen worker`, after requests to every server process; counted in pg_stat_activity,
   at rest and at most while the worker runs its rounds.
2. Processing-log appends from BENCH_LOG_WRITERS processes at once (1, 2 and 4 by default),
   a transaction per line as a request writes it, BENCH_LOG_LINES lines in all; then sealing
   them into the chain and verifying it.
3. The workers' task throughput: BENCH_TASKS tasks (the log verification, a few ms each on
   the small chain) run by one worker, then by two.

Every process it starts is stopped and the database dropped at the end.
"""

from __future__ import annotations

import multiprocessing
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg
from _serve import stop_all

SERVER = os.environ.get("BENCH_DATABASE_URL", "")
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
LINES = int(os.environ.get("BENCH_LOG_LINES", "6000"))
WRITERS = [int(n) for n in os.environ.get("BENCH_LOG_WRITERS", "1,2,4").split(",")]
TASKS = int(os.environ.get("BENCH_TASKS", "200"))
COMMAND = str(Path(sys.executable).with_name("goedwonen"))


def _sql(url: str, statement: str) -> list[tuple[object, ...]]:
    with psycopg.connect(url, autocommit=True) as connection:
        cursor = connection.execute(statement)  # type: ignore[arg-type]
        return cursor.fetchall() if cursor.description else []


def _connections(url: str, name: str) -> int:
    rows = _sql(url, f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{name}'")  # noqa: S608
    return int(rows[0][0]) - 1  # not this one


def _append(count: int) -> None:
    import django

    django.setup()
    from goedwonen.core.models import Verwerkingsactiviteitcode
    from goedwonen.core.processing_log import DataSubject, processing_log_record

    for n in range(count):
        processing_log_record(
            actor=None,
            operation="Bench",
            activity=Verwerkingsactiviteitcode.PRIVACYTOEZICHT,
            subjects=[DataSubject("eigenaar", f"E{os.getpid()}-{n}")],
        )


def log_appends() -> None:
    from goedwonen.core.processing_log import processing_log_seal, processing_log_verify

    for writers in WRITERS:
        context = multiprocessing.get_context("spawn")
        processes = [
            context.Process(target=_append, args=(LINES // writers,)) for _ in range(writers)
        ]
        started = time.perf_counter()
        for process in processes:
            process.start()
        for process in processes:
            process.join()
        appended = time.perf_counter() - started
        started = time.perf_counter()
        sealed = processing_log_seal()
        sealing = time.perf_counter() - started
        lines = writers * (LINES // writers)
        print(
            f"log: {writers} writer process(es): {lines:,} lines in {appended:.2f} s = "
            f"{lines / appended:,.0f} lines/s (process start included); sealed {sealed:,} in "
            f"{sealing:.2f} s = {sealed / sealing:,.0f} lines/s",
            flush=True,
        )
    started = time.perf_counter()
    check = processing_log_verify()
    print(
        f"log: verified {check.checked:,} lines in {time.perf_counter() - started:.2f} s: "
        f"{check.describe()}",
        flush=True,
    )


def _start(*args: str, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603 - our own command
        [COMMAND, *args], env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT
    )


def connections_and_tasks(url: str, name: str, env: dict[str, str], folder: Path) -> None:
    import http.client

    port = 20000 + os.getpid() % 20000
    at_rest = _connections(url, name)
    server = _start(
        "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS), env=env, log=folder / "s"
    )
    worker = _start("worker", env=env, log=folder / "w")
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/gezondheid")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("the server did not answer in 180 s")
            time.sleep(0.5)
        for _ in range(WORKERS * 20):  # every server process answers some
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", "/gezondheid")
            connection.getresponse().read()
        seen = [_connections(url, name) - at_rest for _ in range(40) if not time.sleep(0.25)]
        print(
            f"connections: serve --workers {WORKERS} and one worker: {min(seen)} to {max(seen)} "
            f"(one per server process while CONN_MAX_AGE keeps it; the worker's queue loop one, "
            f"its log, mail and heartbeat rounds one each while they run)",
            flush=True,
        )
        for workers in (1, 2):
            extra = [_start("worker", env=env, log=folder / f"w{n}") for n in range(1, workers)]
            time.sleep(3 if extra else 0)
            subprocess.run(  # noqa: S603 - our own command
                [
                    COMMAND,
                    "shell",
                    "-c",
                    "from goedwonen.core.tasks import verify_processing_log as v\n"
                    f"for _ in range({TASKS}): v.enqueue(reschedule=False)",
                ],
                env=env,
                check=True,
            )
            query = (
                "SELECT count(*) FILTER (WHERE status = 'SUCCESSFUL'), min(started_at), "
                "max(finished_at) FROM django_tasks_database_dbtaskresult "
                "WHERE args_kwargs->'kwargs'->>'reschedule' = 'false' AND status <> 'READY'"
            )
            while (
                _sql(url, query + " AND enqueued_at > now() - interval '10 minutes'")[0][0]
                < TASKS * workers
            ):
                time.sleep(0.5)
            rows = _sql(
                url,
                "SELECT min(started_at), max(finished_at), count(DISTINCT worker_ids->>0) "  # noqa: S608 - a number of ours
                "FROM (SELECT * FROM django_tasks_database_dbtaskresult "
                "WHERE args_kwargs->'kwargs'->>'reschedule' = 'false' "
                f"ORDER BY enqueued_at DESC LIMIT {TASKS:d}) t",
            )
            first, last, by = rows[0]
            seconds = (last - first).total_seconds()  # type: ignore[operator]
            print(
                f"tasks: {TASKS} log verifications by {workers} worker(s) ({by} took part): "
                f"{seconds:.1f} s = {TASKS / seconds:,.1f} tasks/s",
                flush=True,
            )
            stop_all(extra, seconds=60)
    finally:
        stop_all([server, worker], seconds=60)


def main() -> int:
    if not SERVER.startswith(("postgres:", "postgresql:")):
        print("skipped: needs BENCH_DATABASE_URL, a PostgreSQL server (scripts/pg-throwaway.sh)")
        return 0
    name = f"goedwonen_bench_{uuid.uuid4().hex[:8]}"
    url = SERVER.rsplit("/", 1)[0] + f"/{name}"
    folder = Path(tempfile.mkdtemp(prefix="goedwonen-bench-"))
    _sql(SERVER, f'CREATE DATABASE "{name}"')
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "goedwonen.settings",
        "GOEDWONEN_VAR_DIR": str(folder / "var"),
        "GOEDWONEN_DEBUG": "false",
        "GOEDWONEN_SECRET_KEY": secrets.token_urlsafe(50),
        "GOEDWONEN_LOG_ANCHOR_KEY": secrets.token_urlsafe(50),
        "GOEDWONEN_ALLOWED_HOSTS": "127.0.0.1",
        "GOEDWONEN_TRUSTED_PROXIES": "0",
    }
    os.environ.update(env)
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0)
        call_command("collectstatic", "--noinput", verbosity=0)
        connections.close_all()
        connections_and_tasks(url, name, env, folder)
        log_appends()
        connections.close_all()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        _sql(SERVER, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main())
