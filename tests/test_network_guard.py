"""No test reaches the network: pytest-socket (addopts in pyproject.toml) lets a test connect
to loopback only, where the suite runs its own servers (the live server, PostgreSQL, the OIDC
provider, SMTP). A library that would quietly ask an outside service (woningwaardering and the
Kadaster, a mail relay, a URL in a delivery) fails the test instead."""

from __future__ import annotations

import socket

import pytest
from pytest_socket import SocketConnectBlockedError

# TEST-NET-1 and -3 (RFC 5737) and the IPv6 documentation prefix (RFC 3849): never a real host.
pytestmark = pytest.mark.filterwarnings("ignore:A test tried to use socket")

OUTSIDE = [("192.0.2.1", 80), ("203.0.113.7", 443), ("2001:db8::1", 443)]


@pytest.mark.parametrize("address", OUTSIDE, ids=[host for host, _ in OUTSIDE])
def test_a_connection_beyond_loopback_is_refused(address):
    family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
    with (
        socket.socket(family, socket.SOCK_STREAM) as outside,
        pytest.raises(SocketConnectBlockedError),
    ):
        outside.settimeout(2)
        outside.connect(address)


def test_the_way_libraries_connect_is_refused_too():
    """socket.create_connection, which http.client, smtplib and urllib use."""
    with pytest.raises(SocketConnectBlockedError):
        socket.create_connection(("192.0.2.1", 25), timeout=2)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_loopback_stays_open_for_the_suites_own_servers(host):
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        with socket.create_connection((host, port), timeout=2):
            accepted, _ = server.accept()
            accepted.close()
