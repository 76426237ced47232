"""A person's browser, as far as a benchmark needs one: a keep-alive connection to the server
on loopback, the cookies it was given, and signing in through the production login form with
a password and a second factor. Standard library only. Not a benchmark itself."""

from __future__ import annotations

import http.client
import re
import time
import urllib.parse
from collections.abc import Callable
from http.cookies import SimpleCookie

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class SignInFailed(Exception):
    pass


class Browser:
    """One person's session. Cookies are kept whatever their `Secure` flag: the server runs
    as in production (secure cookies) but the benchmark talks plain HTTP on loopback."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self._conn = self._connect()

    def _connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, http.client.HTTPMessage, bytes]:
        """Send one request and read the whole answer; redirects are not followed."""
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self._conn.request(method, path, body, headers)
            response = self._conn.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            self._conn.close()
            self._conn = self._connect()
            raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, response.headers, content

    def timed_get(self, path: str) -> tuple[float, int]:
        """Seconds from sending the request to the last byte of the answer, and its status."""
        started = time.perf_counter()
        status, _, _ = self.request("GET", path)
        return time.perf_counter() - started, status

    def close(self) -> None:
        self._conn.close()

    def sign_in(
        self,
        username: str,
        password: str,
        second_factor: Callable[[], str],
        *,
        login: str = "/inloggen",
        step: str = "/aanmelden/tweestap",
    ) -> None:
        """Sign in as a person does: the login form, then the second-factor form when the
        server asks for it (`second_factor()` gives the code to type). Raises SignInFailed."""
        location = self._post_form(login, {"username": username, "password": password})
        if urllib.parse.urlsplit(location).path == step:
            location = self._post_form(step, {"code": second_factor()})
        if urllib.parse.urlsplit(location).path in (login, step):
            raise SignInFailed(f"{username}: signing in ended at {location}")
        status, _, _ = self.request("GET", "/")
        if status != 200:
            raise SignInFailed(f"{username}: the start page answered {status} after signing in")

    def _post_form(self, path: str, fields: dict[str, str]) -> str:
        """GET the form, POST it with its CSRF token; the redirect's target."""
        status, _, page = self.request("GET", path)
        token = CSRF_FIELD.search(page.decode())
        if status != 200 or token is None:
            raise SignInFailed(f"{path} answered {status} without a form")
        status, headers, page = self.request(
            "POST", path, {"csrfmiddlewaretoken": token.group(1), **fields}
        )
        if status != 302:
            raise SignInFailed(f"{path} answered {status}, not a redirect: {page[:300]!r}")
        return headers.get("Location", "")
