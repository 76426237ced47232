"""Running `goedwonen` as an operator does: a process with an environment of its own, on a
database of its own (an SQLite file, or a database on the PostgreSQL server of this run)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

_SUITE_DATABASE = os.environ.get("DATABASE_URL", "")
# The PostgreSQL server of this run (scripts/test.sh), or empty when the suite runs on SQLite.
SERVER_URL = _SUITE_DATABASE if _SUITE_DATABASE.startswith(("postgres:", "postgresql:")) else ""


def environment(var_dir: Path, database_url: str, **settings: str) -> dict[str, str]:
    """The test's environment without our settings, then these: nothing leaks in from the
    suite (which runs in debug mode on its own database)."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("GOEDWONEN_", "DATABASE_URL", "DJANGO_"))
    }
    env.update(GOEDWONEN_VAR_DIR=str(var_dir), DATABASE_URL=database_url, **settings)
    return env


def production_environment(var_dir: Path, database_url: str, **settings: str) -> dict[str, str]:
    """What docs/deployment.md tells an operator to set; `settings` add to it or replace."""
    documented = {
        "GOEDWONEN_DEBUG": "false",
        "GOEDWONEN_SECRET_KEY": "test-secret-" + "k7!q" * 12,
        "GOEDWONEN_PSEUDONYM_KEY": "test-pseudonym-" + "p3#z" * 12,
        "GOEDWONEN_LOG_ANCHOR_KEY": "test-anchor-" + "a9#z" * 12,
        "GOEDWONEN_ALLOWED_HOSTS": "127.0.0.1",
        "GOEDWONEN_TRUSTED_PROXIES": "1",
    }
    return environment(var_dir, database_url, **(documented | settings))


def goedwonen(
    *args: str, env: dict[str, str], timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own CLI, fixed arguments
        [sys.executable, "-m", "goedwonen.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def goedwonen_ok(*args: str, env: dict[str, str], timeout: float = 300) -> str:
    """Run a command that must succeed; its output."""
    done = goedwonen(*args, env=env, timeout=timeout)
    assert done.returncode == 0, f"goedwonen {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def start(*args: str, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """A long-running command (server, worker, demo), its output in `log`."""
    with open(log, "ab") as out:
        return subprocess.Popen(  # noqa: S603 - our own CLI, fixed arguments
            [sys.executable, "-m", "goedwonen.cli", *args],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def stop(*processes: subprocess.Popen[Any]) -> None:
    """SIGTERM, as systemd sends; killed when still there after 30 s."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(condition: Callable[[], Any], what: str, timeout: float = 60) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:.0f} s for {what}")
        time.sleep(0.2)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A child that has exited but was not reaped yet is a zombie: gone for our purposes.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except (FileNotFoundError, IndexError):
        return False


def _postgres(statement: str) -> None:
    import psycopg

    with psycopg.connect(SERVER_URL, autocommit=True) as connection:
        connection.execute(statement)


@contextmanager
def database(folder: Path, *, template: str | None = None) -> Iterator[str]:
    """A new database, empty or a copy of `template` (a URL this function gave); its URL."""
    if not SERVER_URL:
        path = folder / f"db-{uuid.uuid4().hex[:8]}.sqlite3"
        if template:
            shutil.copyfile(template.removeprefix("sqlite:///"), path)
        yield f"sqlite:///{path}"
        return
    name = f"goedwonen_{uuid.uuid4().hex[:12]}"
    copy = f' TEMPLATE "{template.rsplit("/", 1)[1]}"' if template else ""
    _postgres(f'CREATE DATABASE "{name}"{copy}')
    try:
        yield SERVER_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        _postgres(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
