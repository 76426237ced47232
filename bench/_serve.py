"""What the benchmarks that load `goedwonen serve` share: a free port on loopback, the
production settings an operator sets, the server (and worker) started and stopped again, and
percentiles. Not a benchmark itself (bench/run.py skips files starting with `_`)."""

from __future__ import annotations

import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

# The server's own defaults (two processes per core, one thread each) unless set.
WORKERS = int(os.environ.get("BENCH_WORKERS", 2 * (os.cpu_count() or 1)))
THREADS = int(os.environ.get("BENCH_THREADS", "1"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def production_env(database_url: str, var_dir: Path, **settings: str) -> dict[str, str]:
    """The environment of a production server on loopback (docs/deployment.md): not in debug,
    fresh secrets, no TLS in front (so no redirect to HTTPS), no proxy. `settings` adds or
    overrides GOEDWONEN_* variables, given without the prefix."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "goedwonen.settings",
        "GOEDWONEN_VAR_DIR": str(var_dir),
        "GOEDWONEN_DEBUG": "false",
        "GOEDWONEN_SECRET_KEY": secrets.token_urlsafe(50),
        "GOEDWONEN_LOG_ANCHOR_KEY": secrets.token_urlsafe(50),
        "GOEDWONEN_ALLOWED_HOSTS": "127.0.0.1",
        "GOEDWONEN_SSL_REDIRECT": "false",
        "GOEDWONEN_TRUSTED_PROXIES": "0",
        **{f"GOEDWONEN_{name}": value for name, value in settings.items()},
    }


def collectstatic(env: dict[str, str]) -> None:
    """As the deployment guide has it: `serve` refuses to start without the static files."""
    subprocess.run(  # noqa: S603 - fixed argv
        [_command(), "collectstatic", "--noinput", "-v", "0"], env=env, check=True
    )


@contextmanager
def served(port: int, env: dict[str, str], log: Path, *, worker: bool = True) -> Iterator[None]:
    """`goedwonen serve` with WORKERS processes of THREADS threads on 127.0.0.1:`port` and, as
    in production, `goedwonen worker` (it seals the processing log the requests write); both
    stopped afterwards. Returns once the server answers `/gezondheid` (200 needs the worker's
    heartbeat; without a worker any answer will do)."""
    collectstatic(env)
    command = _command()
    serve = [command, "serve", "--bind", f"127.0.0.1:{port}"]
    serve += ["--workers", str(WORKERS), "--threads", str(THREADS)]
    children = [
        subprocess.Popen(  # noqa: S603 - fixed argv
            serve, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT
        )
    ]
    if worker:
        children.append(
            subprocess.Popen(  # noqa: S603 - fixed argv
                [command, "worker"],
                env=env,
                stdout=log.with_suffix(".worker").open("wb"),
                stderr=subprocess.STDOUT,
            )
        )
    try:
        wait_answering(children[0], port, log, seconds=60, any_answer=not worker)
        yield
    finally:
        stop_all(children)


def wait_answering(
    process: subprocess.Popen[bytes],
    port: int,
    log: Path,
    *,
    seconds: float,
    any_answer: bool = False,
) -> None:
    """Until the server `process` started answers `/gezondheid` on `port` with 200 (which
    needs a worker's heartbeat), or with anything when `any_answer`; SystemExit naming its
    log when it stops or does not answer within `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            raise SystemExit(f"server stopped: see {log}")
        with suppress(OSError):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/gezondheid")
            if conn.getresponse().status == 200 or any_answer:
                return
        if time.monotonic() > deadline:
            raise SystemExit(f"server did not answer within {seconds:.0f} s: see {log}")
        time.sleep(0.2)


def stop_all(processes: Iterable[subprocess.Popen[bytes]], *, seconds: float = 30) -> None:
    """Ask each process to stop (SIGTERM: a worker finishes its task, a server its
    requests), then kill what has not stopped within `seconds`."""
    processes = list(processes)
    for process in processes:
        process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank percentile (0 for no values)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else 0.0


def _command() -> str:
    return str(Path(sys.executable).with_name("goedwonen"))


def store_keys(var: Path) -> dict[str, str]:
    """The keys the store was built with (in debug they are kept in its folder): the processing
    log's pseudonyms and signed anchors go on as they began. Production takes them from the
    environment."""
    files = {"SECRET_KEY": "secret_key", "LOG_ANCHOR_KEY": "log_anchor_key"}
    return {
        name: (var / file).read_text().strip()
        for name, file in files.items()
        if (var / file).exists()
    }
