"""The large store of the scale benchmark (issue 18): a persistent PostgreSQL 15 cluster in
bench/results/scale-pg/ with the `city` folder imported and then, bulk loaded with COPY,
BENCH_CASES cases (default 1,000,000) with their objects, parties, tasks, sharings, status
history and timeline, three reports per case with their history, and ten processing-log lines
per case in a valid hash chain. Everything is drawn from a seeded random generator over the
imported addresses, owners and the demo organisations, teams and users.

    .venv/bin/python bench/scale_store.py build [--fresh]   # build it, and leave it stopped
    .venv/bin/python bench/scale_store.py start             # serve it (durable settings)
    .venv/bin/python bench/scale_store.py stop
    .venv/bin/python bench/scale_store.py url               # its DATABASE_URL
    .venv/bin/python bench/scale_store.py env               # DATABASE_URL and the app's var dir
    .venv/bin/python bench/scale_store.py samples           # add a procedure and an analysis run

Without a subcommand (as `make bench` runs it) it says whether a store is built, and exits.
The rows themselves are drawn in bench/_scale_rows.py.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
STORE = HERE / "results" / "scale-pg"
DATA = STORE / "data"
# The application's var folder for this store: its secret key (and so the pseudonym key of the
# processing log) and the log's anchor file belong with the database.
VAR = STORE / "var"
BUILT = STORE / "built.txt"
# The store with the city imported, before the bulk load: kept, as the import takes minutes;
# a build migrates it first. Delete it after a change to the import or the demo seeds.
CITY_BASE = HERE / "results" / "scale-pg-city"
CITY = HERE / "results" / "city-2026"
PORT = int(os.environ.get("BENCH_SCALE_PORT", "55432"))
URL = f"postgres://goedwonen@127.0.0.1:{PORT}/goedwonen"

# Written into postgresql.conf: what a deployment on this machine (2 cores, 23 GB RAM, SSD)
# would set. See bench/README.md for the reasons.
SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "unix_socket_directories": f"'{STORE}'",
    "max_connections": "100",
    "shared_buffers": "2GB",
    "effective_cache_size": "8GB",
    "work_mem": "16MB",
    "maintenance_work_mem": "512MB",
    "random_page_cost": "1.1",
    "effective_io_concurrency": "200",
    "max_wal_size": "4GB",
    "checkpoint_completion_target": "0.9",
}
# Only while loading: nothing is worth keeping until the load has finished, so no WAL beyond
# the minimum and no flushing; the cluster is stopped, synced to disk and started durable.
LOAD_SETTINGS = {
    "fsync": "off",
    "full_page_writes": "off",
    "synchronous_commit": "off",
    "wal_level": "minimal",
    "max_wal_senders": "0",
    "max_wal_size": "4GB",
    "checkpoint_timeout": "1h",
    "autovacuum": "off",
    "maintenance_work_mem": "2GB",
}


def _bindir() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not found or not (found[-1] / "initdb").exists():
        sys.exit("scale_store: no PostgreSQL server installed (apt-get install postgresql)")
    return found[-1]


def _as_server_user() -> list[str]:
    """The server refuses to run as root: as root, it runs as user postgres."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def _pg_ctl(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    command = [*_as_server_user(), str(_bindir() / "pg_ctl"), "-D", str(DATA), *args]
    return subprocess.run(command, check=check, capture_output=True, text=True)  # noqa: S603


def running() -> bool:
    return DATA.exists() and _pg_ctl("status", check=False).returncode == 0


def cluster_init() -> None:
    STORE.mkdir(parents=True, exist_ok=True)
    VAR.mkdir(exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(STORE, "postgres")
    subprocess.run(  # noqa: S603
        [
            *_as_server_user(),
            str(_bindir() / "initdb"),
            "-D",
            str(DATA),
            "-U",
            "goedwonen",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ],
        check=True,
        capture_output=True,
    )
    lines = "".join(f"{name} = {value}\n" for name, value in SETTINGS.items())
    conf = DATA / "postgresql.conf"
    conf.write_text(conf.read_text() + "\n# bench/scale_store.py\n" + lines)


def server_start(*, load: bool = False) -> None:
    if running():
        return
    options = [f"-p {PORT}"] + (
        [f"-c {name}={value}" for name, value in LOAD_SETTINGS.items()] if load else []
    )
    result = _pg_ctl("-l", str(STORE / "server.log"), "-w", "-o", " ".join(options), "start")
    if result.returncode != 0:
        sys.exit(f"scale_store: the server did not start; see {STORE / 'server.log'}")


def server_stop() -> None:
    if running():
        _pg_ctl("-m", "fast", "-w", "stop")
    # After a load with fsync off: everything the checkpoint wrote reaches the disk now.
    os.sync()


def _copy(source: Path, target: Path) -> None:
    subprocess.run(["cp", "-a", str(source), str(target)], check=True)  # noqa: S603, S607


def app_environment() -> dict[str, str]:
    return {"DATABASE_URL": URL, "GOEDWONEN_VAR_DIR": str(VAR)}


def step(name: str, action: Callable[[], dict[str, int] | None]) -> None:
    started = time.perf_counter()
    counts = action() or {}
    figures = ", ".join(f"{table} {count:,}" for table, count in counts.items())
    print(f"{name}: {time.perf_counter() - started:,.1f} s" + (f" ({figures})" if figures else ""))
    sys.stdout.flush()


def _rows_on_store() -> Any:
    """Django set up on the store (its database and var folder), and the row builders."""
    os.environ.update(app_environment())
    os.environ.setdefault("GOEDWONEN_DEBUG", "true")  # the demo users' known password
    os.environ.setdefault(
        "GOEDWONEN_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goedwonen.settings")
    sys.path.insert(0, str(HERE))
    import django

    django.setup()
    import _scale_rows

    return _scale_rows


def samples() -> None:
    """On a built store: what `build` makes last through the services (a procedure, an
    analysis run), where the store has none yet."""
    was_running = running()
    if not was_running:
        server_start()
    try:
        rows = _rows_on_store()
        rows.build_samples(step=step)
        from django.db import connection

        connection.close()
    finally:
        if not was_running:
            server_stop()


def build(*, fresh: bool, verify: bool) -> None:
    if STORE.exists():
        if not fresh:
            sys.exit(
                f"scale_store: a store exists in {STORE}; `build --fresh` removes it and builds "
                "anew"
            )
        if running():
            server_stop()
        shutil.rmtree(STORE)
    started = time.perf_counter()
    cases = int(os.environ.get("BENCH_CASES", "1000000"))
    print(f"scale store: {cases:,} cases into {STORE} (port {PORT})")
    if CITY_BASE.exists():
        step("cluster with the city (kept)", lambda: _copy(CITY_BASE, STORE))
    else:
        step("cluster", cluster_init)
    server_start(load=True)
    import psycopg

    if not CITY_BASE.exists():
        with psycopg.connect(URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE goedwonen")
    rows = _rows_on_store()

    from django.db import connection

    if not CITY_BASE.exists():
        rows.build_city(city=CITY, step=step)
        connection.close()
        server_stop()
        step("keep the city", lambda: _copy(STORE, CITY_BASE))
        server_start(load=True)
    else:
        step("migrate the kept city", rows.migrate)
    rows.build_load(cases=cases, url=URL, step=step, verify=verify)
    rows.build_samples(step=step)
    size = rows.database_size()
    connection.close()
    server_stop()
    seconds = time.perf_counter() - started
    BUILT.write_text(f"cases={cases}\nseconds={seconds:.0f}\nbytes={size}\n")
    print(f"built in {seconds / 60:,.1f} min; database {size / 2**30:,.2f} GB; stopped")
    print(f"start: .venv/bin/python bench/scale_store.py start; url: {URL}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    build_parser = sub.add_parser("build", help="build the store (BENCH_CASES cases)")
    build_parser.add_argument("--fresh", action="store_true", help="remove a built store first")
    build_parser.add_argument(
        "--no-verify", action="store_true", help="skip verifying the log chain at the end"
    )
    for name in ("start", "stop", "url", "env"):
        sub.add_parser(name)
    sub.add_parser("samples", help="add what build makes through the services, where missing")
    args = parser.parse_args()
    if args.command == "build":
        build(fresh=args.fresh, verify=not args.no_verify)
    elif args.command in ("start", "stop", "samples") and not BUILT.exists():
        sys.exit(f"scale_store: no store built in {STORE} (run `build`)")
    elif args.command == "start":
        server_start()
        print(URL)
    elif args.command == "stop":
        server_stop()
    elif args.command == "samples":
        samples()
    elif args.command == "url":
        print(URL)
    elif args.command == "env":
        for name, value in app_environment().items():
            print(f"export {name}={value}")
    else:
        state = BUILT.read_text().replace("\n", " ") if BUILT.exists() else "none built"
        print(f"scale store ({STORE}): {state}; see `bench/scale_store.py --help`")


if __name__ == "__main__":
    main()
