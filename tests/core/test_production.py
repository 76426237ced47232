"""Production mode: settings fail closed, and the deployment of docs/deployment.md works.

The smoke test follows the documented steps with GOEDWONEN_DEBUG=false: a fresh database
migrated, a source folder imported, the static files collected, the deploy check clean, the
server (gunicorn) and the worker started as processes on loopback, and every demo role walking
its pages through a client that acts as the TLS proxy in front (X-Forwarded-Proto: https).
"""

from __future__ import annotations

import http.client
import json
import re
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

import pyotp
import pytest

from django.test import Client

from goedwonen.accounts.demo import DEMO_PASSWORD, DEMO_USERS
from tests.processes import (
    database,
    environment,
    free_port,
    goedwonen,
    goedwonen_ok,
    production_environment,
    start,
    stop,
    wait_for,
)
from tests.registry.conftest import write_folder


def test_debug_is_off_unless_asked_for(tmp_path):
    env = production_environment(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite3'}")
    del env["GOEDWONEN_DEBUG"]

    shown = goedwonen_ok(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEBUG, settings.SESSION_COOKIE_SECURE, "
        "settings.SECURE_HSTS_SECONDS, settings.EMAIL_BACKEND)",
        env=env,
    )

    # Mail is sent, not printed to the log with the addresses in it.
    assert shown.split()[-4:] == [
        "False",
        "True",
        "31536000",
        "django.core.mail.backends.smtp.EmailBackend",
    ]


def test_without_debug_or_a_secret_key_nothing_starts(tmp_path):
    env = environment(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite3'}")

    done = goedwonen("check", env=env)

    assert done.returncode == 1
    assert "GOEDWONEN_SECRET_KEY is required when GOEDWONEN_DEBUG=false" in done.stderr
    assert "for development set GOEDWONEN_DEBUG=true" in done.stderr


def test_server_refuses_to_start_without_collected_static_files(tmp_path):
    env = production_environment(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite3'}")

    done = goedwonen("serve", "--bind", f"127.0.0.1:{free_port()}", env=env, timeout=60)

    assert done.returncode == 1
    assert (
        f"De statische bestanden zijn niet verzameld: {tmp_path / 'static'} heeft geen manifest. "
        "Voer `goedwonen collectstatic --noinput` uit (docs/deployment.md)."
    ) in done.stderr


@pytest.mark.django_db
def test_server_error_page_answers_when_what_it_needs_is_broken(settings, tmp_path):
    """Production storage without a manifest: every page fails on its stylesheet, the
    server-error page included; the bare one answers."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    client = Client(raise_request_exception=False)

    response = client.get("/inloggen")

    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "<h1>Er ging iets mis</h1>" in html
    assert "Traceback" not in html and "staticfiles" not in html


# The smoke test.

HASHED = re.compile(r"\.[0-9a-f]{12}\.[a-z0-9]+$")
DEPLOYMENT = Path(__file__).resolve().parents[2] / "docs" / "deployment.md"
ADMIN_PASSWORD = "lang-en-geheim-wachtwoord-2026"


def _documented_first_administrator() -> str:
    """The code block docs/deployment.md gives for the first functional administrator."""
    text = DEPLOYMENT.read_text()
    block = re.search(r"<!-- first-administrator: .*?-->\n```python\n(.*?)```", text, re.S)
    assert block, "docs/deployment.md lost its first-administrator block"
    return block[1]


@dataclass
class Browser:
    """A browser and the TLS proxy in front of the server in one: every request carries the
    proxy's X-Forwarded-Proto: https and X-Forwarded-For (docs/deployment.md), so the secure
    cookies are the browser's to send back."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    static_seen: set[str] = field(default_factory=set)

    def request(
        self, method: str, path: str, form: dict[str, object] | None = None, *, proxy: bool = True
    ) -> tuple[int, dict[str, str], str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if proxy:  # what the proxy adds: the scheme, and the client it heard from
            headers["X-Forwarded-Proto"] = "https"
            headers["X-Forwarded-For"] = "192.0.2.10"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://127.0.0.1:{self.port}"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    assert morsel["secure"], header
                    self.cookies[name] = morsel.value
        connection.close()
        return response.status, {k.lower(): v for k, v in response.headers.items()}, text

    def page(self, path: str) -> str:
        status, headers, html = self.request("GET", path)
        assert status == 200, f"GET {path}: {status}\n{html[:2000]}"
        assert headers["strict-transport-security"].startswith("max-age=31536000")
        self._static(path, html)
        return html

    def post(self, path: str, form: dict[str, object]) -> str:
        """A form sent as the page sends it; its redirect's target."""
        form = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **form}
        status, headers, html = self.request("POST", path, form)
        assert status == 302, f"POST {path}: {status}\n{html[:2000]}"
        return urlsplit(headers["location"]).path

    def _static(self, page: str, html: str) -> None:
        """Each stylesheet, script and icon a page loads answers under its hashed name, and
        so does each file a stylesheet refers to."""
        for url in re.findall(r'(?:href|src)="(/static/[^"]+)"', html):
            self._asset(page, url)

    def _asset(self, referrer: str, url: str) -> None:
        path = urlsplit(url).path
        if path in self.static_seen:
            return
        self.static_seen.add(path)
        assert HASHED.search(path), f"{referrer} loads {path} without a hashed name"
        status, headers, body = self.request("GET", path)
        assert status == 200, f"{referrer} loads {path}: {status}"
        assert "immutable" in headers["cache-control"], path
        if path.endswith(".css"):
            for ref in re.findall(r'url\(["\']?([^"\')]+)["\']?\)|@import\s+url\("([^"]+)"', body):
                target = ref[0] or ref[1]
                if not target.startswith(("data:", "#")):
                    self._asset(path, urljoin(path, target))


def _login(browser: Browser, username: str, password: str = DEMO_PASSWORD) -> str:
    """The password, then the second factor production asks of every role that sees personal
    data: set up the first time as a person does, typing the page's key into an
    authenticator app; then the recovery codes, and on."""
    browser.page("/inloggen")
    step = browser.post("/inloggen", {"username": username, "password": password})
    if step == "/aanmelden/tweestap/instellen":
        setup = browser.page(step)
        key = re.search(r'id="totp-sleutel">([^<]+)<', setup)
        assert key, setup
        codes = browser.page(
            browser.post(step, {"code": pyotp.TOTP(key[1].replace(" ", "")).now()})
        )
        onward = re.search(r'href="([^"]+)">Ik heb de codes bewaard', codes)
        assert onward, codes
        step = onward[1]
    return step


def _menu(html: str) -> list[str]:
    return re.findall(r'<a class="utrecht-nav-list__link" href="([^"]+)"', html)


def _health(port: int) -> tuple[int, dict[str, object]]:
    """Straight at the server over plain HTTP, as a load balancer probes it."""
    status, _, body = Browser(port).request("GET", "/gezondheid", proxy=False)
    return status, json.loads(body)


def test_production_deployment_serves_every_role(tmp_path):
    var = tmp_path / "var"
    with database(tmp_path) as url:
        env = production_environment(var, url)
        port = free_port()

        # docs/deployment.md, "Installing and upgrading", step by step.
        goedwonen_ok("migrate", env=env)
        # The hand-made folder has bad rows on purpose: exit 1, the good rows imported.
        folder = write_folder(tmp_path / "bronmap")
        assert goedwonen("import", str(folder), "--geen-voortgang", env=env).returncode == 1
        goedwonen_ok("collectstatic", "--noinput", env=env)
        check = goedwonen_ok("check", "--deploy", "--fail-level", "WARNING", env=env)
        assert "System check identified no issues (0 silenced)." in check
        goedwonen_ok(
            "shell",
            "-c",
            _documented_first_administrator(),
            env={**env, "GOEDWONEN_BEHEERDER_WACHTWOORD": ADMIN_PASSWORD},
        )
        # Not a deployment step: the demo's organisations, roles and people, to walk with.
        goedwonen_ok(
            "shell", "-c", "from goedwonen.accounts.demo import demo_seed; demo_seed()", env=env
        )
        server = start(
            "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2", env=env, log=tmp_path / "s"
        )
        worker = start("worker", env=env, log=tmp_path / "w")
        try:
            wait_for(
                lambda: _reachable(port) and _health(port)[0] == 200,
                "the server to answer and the worker to beat",
            )
            _walk(Browser(port), port)
            status, health = _health(port)
            assert status == 200, health
        finally:
            stop(server, worker)
        server_log = (tmp_path / "s").read_text()
        assert "Traceback" not in server_log, server_log[-5000:]
        assert '" 500 ' not in server_log, server_log[-5000:]
        assert "Traceback" not in (tmp_path / "w").read_text()


def _reachable(port: int) -> bool:
    try:
        http.client.HTTPConnection("127.0.0.1", port, timeout=2).connect()
    except OSError:
        return False
    return True


def _walk(anonymous: Browser, port: int) -> None:
    # Plain HTTP is sent on to HTTPS, the health check excepted (above).
    status, headers, _ = anonymous.request("GET", "/inloggen", proxy=False)
    assert (status, headers["location"]) == (301, f"https://127.0.0.1:{port}/inloggen")

    # The public reporting point: a resident reports, reads the confirmation and the status.
    anonymous.page("/melden")
    target = anonymous.post(
        "/melden",
        {
            "postcode": "3083 AB",
            "huisnummer": "10",
            "categorie": "overbewoning",
            "omschrijving": "Er slapen twaalf mensen in deze woning.",
        },
    )
    received = anonymous.page(target)
    status_link = re.search(r'href="https://127\.0\.0\.1:\d+(/melden/status/[^"]+)"', received)
    assert status_link, received
    anonymous.page(status_link[1])
    status, _, html = anonymous.request("GET", "/bestaat-niet")
    assert status == 404 and "Deze pagina of dit object bestaat niet." in html
    anonymous._static("/bestaat-niet", html)

    # The case director opens a case on the reported address.
    director = Browser(port, static_seen=anonymous.static_seen)
    assert _login(director, "regisseur.so") == "/"
    form = director.page("/casussen/nieuw")
    me = re.search(r'<option value="(\d+)"[^>]*>Cem Regisseur</option>', form)
    assert me, form
    case = director.post(
        "/casussen/nieuw",
        {
            "herkomst": "casustafel",
            "postcode": "3083AB",
            "huisnummer": "10",
            "titel": "Overbewoning Carnisselaan",
            "categorieen": ["overbewoning"],
            "casusregisseur": me[1],
        },
    )
    assert case.startswith("/casussen/CS-"), case

    signed_in = {"regisseur.so": director}
    people = [(d.username, DEMO_PASSWORD, d.organisatie) for d in DEMO_USERS]
    for username, password, organisatie in [*people, ("beheerder", ADMIN_PASSWORD, "so")]:
        browser = signed_in.get(username) or Browser(port, static_seen=anonymous.static_seen)
        if username not in signed_in:  # a second sign-in would ask the app's next code
            assert _login(browser, username, password) == "/", username
        menu = _menu(browser.page("/"))
        assert menu[0] == "/" and len(menu) > 1, (username, menu)
        for path in menu[1:]:
            html = browser.page(path)
            if path == "/meldingen":  # the queue holds the resident's report
                report = re.search(r'href="(/meldingen/\d+)"', html)
                assert report, html
                browser.page(report[1])
            if path == "/casussen" and organisatie == "so":
                assert case in html
                browser.page(case)
        assert browser.post("/uitloggen", {}) == "/inloggen"
