"""The first requests a fresh server process answers: `goedwonen serve --workers 1` on the
demo database that bench/single_actions.py prepares (run that first), left alone for
BENCH_IDLE seconds after it listens (as a server is, before anyone uses it), then a resident
opens the reporting form and submits a report. A process that loads its URLs and starts its
chart renderer only on its first request makes that person wait for it.

Prints the two times of BENCH_STARTS fresh servers, and their medians.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

HERE = Path(__file__).resolve().parent
PREPARED = HERE / "results" / "single-actions-var"
STARTS = int(os.environ.get("BENCH_STARTS", "3"))
IDLE = float(os.environ.get("BENCH_IDLE", "30"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def timed(
    opener: urllib.request.OpenerDirector, url: str, data: bytes | None = None
) -> tuple[float, str]:
    started = time.perf_counter()
    with opener.open(url, data=data, timeout=120) as response:
        body = response.read().decode()
    return time.perf_counter() - started, body


def one_start() -> tuple[float, float]:
    var = tempfile.mkdtemp(prefix="goedwonen-bench-")
    shutil.copytree(PREPARED, var, dirs_exist_ok=True)
    port = free_port()
    env = dict(
        os.environ,
        GOEDWONEN_VAR_DIR=var,
        DATABASE_URL=f"sqlite:///{var}/bench.sqlite3",
        GOEDWONEN_DEBUG="true",
        GOEDWONEN_MFA_REQUIRED="false",
    )
    subprocess.run(  # the static files a server needs
        [sys.executable, "-m", "goedwonen.cli", "collectstatic", "--noinput", "-v", "0"],
        env=env,
        check=True,
    )
    server = subprocess.Popen(  # noqa: S603 - our own CLI, fixed arguments
        [
            sys.executable,
            "-m",
            "goedwonen.cli",
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        time.sleep(IDLE)
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        base = f"http://127.0.0.1:{port}"
        form_time, form = timed(opener, f"{base}/melden")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
        assert token, "no CSRF token in the form"
        fields = {
            "csrfmiddlewaretoken": token.group(1),
            "postcode": "3083 AB",
            "huisnummer": "10",
            "categorie": "overbewoning",
            "omschrijving": "Er slapen minstens tien mensen in deze woning.",
            "website": "",
        }
        request = urllib.request.Request(  # noqa: S310 - http on loopback
            f"{base}/melden",
            data=urllib.parse.urlencode(fields).encode(),
            headers={"Referer": f"{base}/melden"},
        )
        started = time.perf_counter()
        with opener.open(request, timeout=120) as response:
            response.read()
        submit_time = time.perf_counter() - started
        return form_time, submit_time
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        shutil.rmtree(var, ignore_errors=True)


def main() -> None:
    if not (PREPARED / "bench.sqlite3").exists():
        print("run bench/single_actions.py first: it prepares the demo database")
        return
    forms, submits = [], []
    for _ in range(STARTS):
        form_time, submit_time = one_start()
        forms.append(form_time)
        submits.append(submit_time)
        print(f"first form {1000 * form_time:.0f} ms, then the report {1000 * submit_time:.0f} ms")
    print(
        f"median of {STARTS} fresh servers: first form {1000 * statistics.median(forms):.0f} ms, "
        f"report submitted {1000 * statistics.median(submits):.0f} ms"
    )


if __name__ == "__main__":
    sys.exit(main())
