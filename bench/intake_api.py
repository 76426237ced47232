"""Intake API under load: `POST /api/v1/meldingen` on the production server with PostgreSQL.

Target: at least 150 reports per second with p95 latency at most 100 ms on this 2-core
machine, and afterwards exactly as many stored reports as accepted (201) responses.

Starts a throwaway PostgreSQL cluster (as scripts/pg-throwaway.sh does, but with the
server's durable defaults unless BENCH_PG_FAST=1), migrates it, seeds the demo areas, teams
and routing rules plus BENCH_ADDRESSES addresses, creates a partner token, and runs
`goedwonen serve` (gunicorn, GOEDWONEN_DEBUG=false) on loopback. A bounded load generator
(threads, keep-alive connections, standard library only) then sends unique reports in two
phases of BENCH_SECONDS each, at most BENCH_MAX_REQUESTS per phase:

1. paced: BENCH_RATE reports per second (the target), latency counted from the moment each
   request was due, so a server that falls behind is not flattered;
2. open throttle: BENCH_CONCURRENCY connections sending back to back (the capacity).

A 3-second warm-up comes first (not in the figures, but in the check).

BENCH_SERVERS=2 starts that many servers on as many ports (each with BENCH_WORKERS
processes) and spreads the connections over them, as a load balancer would; BENCH_TASK_WORKERS
starts that many `goedwonen worker` processes (docs/scale-out.md).

One in twenty requests repeats a report sent earlier: it must get 200 and store nothing.
Every cluster, server and temporary folder it starts is stopped and removed at the end.

BENCH_DATABASE_URL (and BENCH_VAR_DIR, the store's application folder) runs it on a store
that exists instead, such as the scale store (bench/scale_store.py, issue 18 point 3): its
BENCH_ADDRESSES addresses are added once, the reports of each run come from a source of their
own, and what waits in the task queue is dropped first, so that the worker only seals the log
while the load runs (the scale store's old cases are past retention: BENCH_TASK_WORKERS=0
keeps any worker away from it, the log is then sealed at the end).
"""

from __future__ import annotations

import glob
import http.client
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from _serve import (
    THREADS,
    WORKERS,
    collectstatic,
    free_port,
    percentile,
    production_env,
    stop_all,
    store_keys,
    wait_answering,
)

SECONDS = float(os.environ.get("BENCH_SECONDS", "20"))
RATE = float(os.environ.get("BENCH_RATE", "150"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))
MAX_REQUESTS = int(os.environ.get("BENCH_MAX_REQUESTS", "20000"))
SERVERS = int(os.environ.get("BENCH_SERVERS", "1"))
TASK_WORKERS = int(os.environ.get("BENCH_TASK_WORKERS", "1"))
ADDRESSES = int(os.environ.get("BENCH_ADDRESSES", "20000"))
PG_FAST = os.environ.get("BENCH_PG_FAST", "") == "1"
RETRY_EVERY = 20
UNKNOWN_EVERY = 10  # one in ten reports names an address that is not in the registry
PATH = "/api/v1/meldingen"
STORE = os.environ.get("BENCH_DATABASE_URL", "")
# On a store that exists, each run's reports have a source of their own (see the docstring).
BRON = f"bench_{int(time.time())}" if STORE else "bench_cluster"
CATEGORIES = ["overbewoning", "woonoverlast", "achterstallig_onderhoud", "kamerverhuur"]
BUURTEN = ["BU05991081", "BU05991082", "BU05991571", "BU05991572", "BU05991573", "BU05991577"]


@contextmanager
def postgres() -> Iterator[str]:
    """A throwaway cluster on loopback; yields its URL, stops and removes it afterwards."""
    bindirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name))
    if not bindirs:
        raise SystemExit("no PostgreSQL server installed (apt-get install postgresql)")
    bindir = Path(bindirs[-1])
    folder = Path(tempfile.mkdtemp(prefix="goedwonen-pg-"))
    run = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if run:
        shutil.chown(folder, "postgres")
    data, port = folder / "data", free_port()
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=200"
    if PG_FAST:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    initdb = [*run, str(bindir / "initdb"), "-D", str(data), "-U", "goedwonen", "-A", "trust"]
    pg_ctl = [*run, str(bindir / "pg_ctl"), "-D", str(data)]
    try:
        for argv in (
            [*initdb, "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"],
            [*pg_ctl, "-l", str(folder / "server.log"), "-w", "-o", options, "start"],
        ):
            done = subprocess.run(argv, check=False, capture_output=True, text=True)  # noqa: S603
            if done.returncode:
                raise SystemExit(f"{argv[len(run)]} failed:\n{done.stdout}{done.stderr}")
        yield f"postgres://goedwonen@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*pg_ctl, "-m", "fast", "stop"], check=False, capture_output=True)  # noqa: S603
        shutil.rmtree(folder, ignore_errors=True)


def prepare() -> str:
    """Migrate, seed areas, teams, routing rules and addresses; return a partner token key."""
    import django

    django.setup()
    from django.core.management import call_command

    from goedwonen.accounts.demo import demo_seed
    from goedwonen.accounts.models import Organisatie, Rol
    from goedwonen.accounts.services import api_token_create
    from goedwonen.core.policy import Capability
    from goedwonen.registry.models import Adres, Gebied, Verblijfsobject

    call_command("migrate", verbosity=0)
    if STORE:
        from django_tasks.base import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        from goedwonen.core.processing_log import processing_log_seal

        DBTaskResult.objects.filter(status=TaskResultStatus.READY, run_after__isnull=True).delete()
        # The lines earlier runs left unsealed: the worker then seals only this run's.
        processing_log_seal()
    else:
        demo_seed()
    buurten = list(Gebied.objects.filter(code__in=BUURTEN))
    Verblijfsobject.objects.bulk_create(
        (
            Verblijfsobject(
                object_id=f"0599010{n:09d}",
                objecttype="VBO",
                is_woning=True,
                buurt=buurten[n % len(buurten)],
            )
            for n in range(ADDRESSES)
        ),
        ignore_conflicts=True,
    )
    objects = Verblijfsobject.objects.in_bulk(
        [f"0599010{n:09d}" for n in range(ADDRESSES)], field_name="object_id"
    )
    Adres.objects.bulk_create(
        (
            Adres(
                nummeraanduiding=f"0599200{n:09d}",
                verblijfsobject=objects[f"0599010{n:09d}"],
                openbareruimte=f"Benchstraat {n // 100}",
                huisnummer=n % 100 + 1,
                postcode=_postcode(n),
                woonplaats="Rotterdam",
            )
            for n in range(ADDRESSES)
        ),
        ignore_conflicts=True,
    )
    rol, _ = Rol.objects.get_or_create(
        code="bench-registratie",
        defaults={
            "naam": "Bench: registreren",
            "capabilities": [Capability.REPORTS_REGISTER.value],
        },
    )
    _, key = api_token_create(
        actor=None, organisatie=Organisatie.objects.get(code="so"), naam="Bench", rollen=[rol]
    )
    from django.db import connections

    connections.close_all()
    return key


def _postcode(n: int) -> str:
    block = n // 100
    letters = "ABCDEFGHJKLMNPRSTVWXZ"
    return f"{3000 + block // 400}{letters[block // 20 % 20]}{letters[block % 20]}"


def _payload(seq: int) -> bytes:
    n = seq * 7919 % ADDRESSES
    adres: dict[str, object]
    if seq % UNKNOWN_EVERY == 0:
        adres = {"postcode": "9999ZZ", "huisnummer": seq % 500 + 1}
    elif seq % 2:
        adres = {"postcode": _postcode(n), "huisnummer": n % 100 + 1}
    else:
        adres = {"nummeraanduiding": f"0599200{n:09d}"}
    body: dict[str, object] = {
        "bron": BRON,
        "bronId": f"B-{seq:08d}",
        "categorie": CATEGORIES[seq % len(CATEGORIES)],
        "omschrijving": f"Melding {seq}: te veel bewoners, matrassen op zolder <b>en</b> overlast.",
        "melderSoort": "professional" if seq % 3 else "bewoner",
        "adres": adres,
    }
    if seq % 2 == 0:
        body["contact"] = {"naam": f"Melder {seq}", "email": f"melder{seq}@example.nl"}
    return json.dumps(body).encode()


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    errors: int = 0
    bad_retries: int = 0
    elapsed: float = 0.0


def load(
    ports: list[int],
    key: str,
    *,
    rate: float | None,
    connections: int,
    first: int,
    seconds: float = SECONDS,
) -> Tally:
    """Send reports from `connections` threads for `seconds` (at most MAX_REQUESTS). With a
    rate, request k is due at start + k/rate and its latency counts from then."""
    headers = {"Authorization": f"Token {key}", "Content-Type": "application/json"}
    numbers = itertools.count()
    tallies = [Tally() for _ in range(connections)]
    start = time.perf_counter()
    deadline = start + seconds

    def send(tally: Tally, port: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        sent: list[int] = []
        while True:
            k = next(numbers)
            if k >= MAX_REQUESTS:
                break
            due = start + k / rate if rate else time.perf_counter()
            if due >= deadline or time.perf_counter() >= deadline:
                break
            if rate:
                time.sleep(max(0.0, due - time.perf_counter()))
            retry = bool(sent) and k % RETRY_EVERY == 0
            seq = sent[len(sent) // 2] if retry else first + k
            try:
                conn.request("POST", PATH, _payload(seq), headers)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                tally.errors += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            tally.latencies.append(time.perf_counter() - due)
            tally.statuses[response.status] += 1
            if retry and response.status != 200:
                tally.bad_retries += 1
            if not retry and response.status == 201:
                sent.append(seq)
        conn.close()

    threads = [
        threading.Thread(target=send, args=(t, ports[n % len(ports)]))
        for n, t in enumerate(tallies)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = Tally(elapsed=time.perf_counter() - start)
    for tally in tallies:
        total.latencies += tally.latencies
        total.statuses += tally.statuses
        total.errors += tally.errors
        total.bad_retries += tally.bad_retries
    return total


def report(name: str, tally: Tally) -> None:
    created, retried = tally.statuses[201], tally.statuses[200]
    ms = [v * 1000 for v in tally.latencies]
    others = {s: c for s, c in tally.statuses.items() if s not in (200, 201)}
    print(
        f"{name}: {created / tally.elapsed:,.1f} reports/s accepted (201: {created}, retries 200: "
        f"{retried}, other: {others or 0}, errors: {tally.errors}); latency "
        f"p50 {percentile(ms, 50):.1f} ms, p95 {percentile(ms, 95):.1f} ms, "
        f"p99 {percentile(ms, 99):.1f} ms, max {max(ms, default=0):.1f} ms",
        flush=True,
    )


@contextmanager
def server(ports: list[int], env: dict[str, str], log: Path) -> Iterator[None]:
    """`goedwonen serve` on each port and, as in production, `goedwonen worker` (which seals
    the processing log while the load runs), TASK_WORKERS of them."""
    command = str(Path(sys.executable).with_name("goedwonen"))
    collectstatic(env)
    servers = [
        subprocess.Popen(  # noqa: S603 - fixed argv
            [
                command,
                "serve",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(WORKERS),
                "--threads",
                str(THREADS),
            ],
            env=env,
            stdout=log.with_suffix(f".{port}").open("wb"),
            stderr=subprocess.STDOUT,
        )
        for port in ports
    ]
    workers = [
        subprocess.Popen(  # noqa: S603 - fixed argv
            [command, "worker"],
            env=env,
            stdout=log.with_suffix(f".worker{n}").open("wb"),
            stderr=subprocess.STDOUT,
        )
        for n in range(TASK_WORKERS)
    ]
    try:
        deadline = time.monotonic() + 180
        for port, process in zip(ports, servers, strict=True):
            # Without a worker no heartbeat beats: any answer will do.
            left = max(deadline - time.monotonic(), 0)
            wait_answering(process, port, log, seconds=left, any_answer=not TASK_WORKERS)
        yield
    finally:
        stop_all([*servers, *workers])


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="goedwonen-bench-"))
    try:
        with nullcontext(STORE) if STORE else postgres() as url:
            # One source system sending at the target rate: far above the default per token
            # (600/min), which partner systems get; the counting itself is measured.
            var = Path(os.environ.get("BENCH_VAR_DIR") or folder / "var")
            env = production_env(url, var, API_RATE="100000/min", **store_keys(var))
            os.environ.update(env)
            started = time.perf_counter()
            key = prepare()
            kind = "the store" if STORE else "fsync off" if PG_FAST else "durable defaults"
            print(
                f"setup: PostgreSQL ({kind}), "
                f"{ADDRESSES:,} addresses, token; {time.perf_counter() - started:.1f} s",
                flush=True,
            )
            ports = [free_port() for _ in range(SERVERS)]
            with server(ports, env, folder / "server.log"):
                print(
                    f"server: {SERVERS} x goedwonen serve --workers {WORKERS} --threads "
                    f"{THREADS} (gunicorn) and {TASK_WORKERS} x goedwonen worker, "
                    f"{os.cpu_count()} cores; {SECONDS:.0f} s per phase",
                    flush=True,
                )
                # Not counted: every worker thread opens its database connection first.
                warm = load(ports, key, rate=None, connections=CONCURRENCY, first=0, seconds=3)
                paced = load(ports, key, rate=RATE, connections=CONCURRENCY * 4, first=MAX_REQUESTS)
                report(f"paced at {RATE:.0f}/s", paced)
                flat_out = load(
                    ports, key, rate=None, connections=CONCURRENCY, first=2 * MAX_REQUESTS
                )
                report(f"{CONCURRENCY} connections back to back", flat_out)
            return verify(warm, paced, flat_out)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def verify(*tallies: Tally) -> int:
    from goedwonen.core.models import Verwerkingslog
    from goedwonen.core.processing_log import processing_log_seal, processing_log_verify
    from goedwonen.intake.models import Melding

    accepted = sum(t.statuses[201] for t in tallies)
    stored = Melding.objects.filter(bron=BRON).count()
    queued = Melding.objects.filter(bron=BRON, adres__isnull=True).count()
    bad_retries = sum(t.bad_retries for t in tallies)
    # What the worker had not sealed yet when it stopped, then the whole chain.
    left = processing_log_seal()
    unsealed = Verwerkingslog.objects.filter(volgnummer__isnull=True).count()
    print(
        f"verify: {stored:,} reports stored for {accepted:,} accepted responses "
        f"({'equal' if stored == accepted else 'NOT EQUAL'}); {queued:,} queued for address "
        f"matching; retries answered other than 200: {bad_retries}; {left} log lines sealed "
        f"after the worker stopped",
        flush=True,
    )
    if STORE:  # ten million lines take about 17 minutes: the nightly check's work
        print("the chain of the store is not verified here (goedwonen verify_log)", flush=True)
        intact = True
    else:
        check = processing_log_verify()
        print(f"verify: {check.describe()}", flush=True)
        intact = check.ok
    return 0 if stored == accepted and not bad_retries and intact and not unsealed else 1


if __name__ == "__main__":
    sys.exit(main())
