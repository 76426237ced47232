"""Behind a reverse proxy without GOEDWONEN_TRUSTED_PROXIES every client counts as the proxy
(issue 11, point 15): production says so at start and in the deploy check, and a request
that arrives through a proxy nobody trusts is logged once."""

from __future__ import annotations

import logging
import signal
import socket
import subprocess
import sys
import time

import pytest

from django.test import RequestFactory

from goedwonen.core import network
from tests.core.test_security import _goedwonen, _production_env

CHECK_ID = "goedwonen.proxies.W001"


def test_production_without_the_proxy_setting_warns_in_the_deploy_check(tmp_path):
    env = _production_env(tmp_path)
    del env["GOEDWONEN_TRUSTED_PROXIES"]
    result = _goedwonen("check", "--deploy", env=env)
    assert CHECK_ID in result.stderr
    assert "GOEDWONEN_TRUSTED_PROXIES is niet gezet" in result.stderr


@pytest.mark.parametrize("proxies", ["0", "1"])
def test_saying_how_many_proxies_silences_it(tmp_path, proxies):
    result = _goedwonen(
        "check", "--deploy", "--fail-level", "WARNING",
        env=_production_env(tmp_path, GOEDWONEN_TRUSTED_PROXIES=proxies),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert CHECK_ID not in result.stdout + result.stderr


def test_debug_does_not_warn(settings):
    settings.DEBUG = True
    settings.TRUSTED_PROXIES = None
    assert network.check_trusted_proxies() == []
    settings.DEBUG = False
    assert [m.id for m in network.check_trusted_proxies()] == [CHECK_ID]


def test_serve_shows_the_warning_at_start(tmp_path):
    env = _production_env(tmp_path)
    del env["GOEDWONEN_TRUSTED_PROXIES"]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(  # noqa: S603 - our own CLI, fixed arguments
        [sys.executable, "-m", "goedwonen.cli", "serve", "--bind", f"127.0.0.1:{port}"],
        env={**env, "GOEDWONEN_WEB_WORKERS": "1"},
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    try:
        assert server.stderr is not None
        deadline = time.monotonic() + 60
        seen = ""
        while CHECK_ID not in seen and time.monotonic() < deadline:
            line = server.stderr.readline()
            if not line:
                break
            seen += line
        assert CHECK_ID in seen
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_a_forwarded_request_without_trusted_proxies_is_logged_once(settings, caplog):
    settings.TRUSTED_PROXIES = 0
    network._warn_forwarded_without_proxies.cache_clear()
    factory = RequestFactory()
    with caplog.at_level(logging.WARNING, logger="goedwonen.core.network"):
        for client in ("198.51.100.1", "198.51.100.2"):
            request = factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=client)
            assert network.client_address(request) == "10.0.0.2"
        network.client_address(factory.get("/", REMOTE_ADDR="10.0.0.3"))
    [record] = caplog.records
    assert "X-Forwarded-For" in record.getMessage()
    assert "GOEDWONEN_TRUSTED_PROXIES is 0" in record.getMessage()
