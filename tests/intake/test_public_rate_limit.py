"""The public reporting point's rate limit in production: per client behind the trusted
reverse proxies, counted in a cache that all server processes share."""

from __future__ import annotations

import threading

import pytest

from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse

from goedwonen.intake import public_views
from goedwonen.intake.models import Melding
from tests.conftest import PASSWORD

PROXY = "10.0.0.2"


pytestmark = pytest.mark.usefixtures("fresh_rate_limits")


def fields() -> dict[str, str]:
    return {
        "postcode": "3083 AB",
        "huisnummer": "10",
        "huisletter": "",
        "toevoeging": "",
        "categorie": "overbewoning",
        "omschrijving": "Er slapen minstens tien mensen in deze woning.",
        "naam": "",
        "email": "",
        "telefoon": "",
        "website": "",  # the honeypot: left empty, as a person leaves it
    }


def report(client, forwarded_for: str | None):
    """A report through the proxy, which connects from PROXY and sends this header."""
    extra = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {}
    return client.post("/melden", fields(), REMOTE_ADDR=PROXY, **extra)


@pytest.fixture
def one_report_each(settings, monkeypatch):
    settings.TRUSTED_PROXIES = 1
    monkeypatch.setattr(public_views, "RATE_LIMIT", 1)


@pytest.mark.django_db
@pytest.mark.usefixtures("one_report_each")
def test_behind_a_proxy_each_client_has_its_own_limit(client):
    assert reverse("melden") == "/melden"
    assert report(client, "198.51.100.1").status_code == 302
    assert report(client, "198.51.100.1").status_code == 429
    assert report(client, "198.51.100.2").status_code == 302
    assert report(client, "198.51.100.2").status_code == 429
    assert Melding.objects.filter(bron="meldpunt").count() == 2


@pytest.mark.django_db
@pytest.mark.usefixtures("one_report_each")
def test_what_the_client_puts_in_front_of_the_header_does_not_escape_the_limit(client):
    assert report(client, "198.51.100.1").status_code == 302
    # The client sends its own X-Forwarded-For; the proxy appends the address it saw.
    for spoofed in ("192.0.2.1", "192.0.2.2, 192.0.2.3", "2001:db8::1", "onzin"):
        assert report(client, f"{spoofed}, 198.51.100.1").status_code == 429
    assert Melding.objects.filter(bron="meldpunt").count() == 1


@pytest.mark.django_db
def test_two_proxies_take_the_second_entry_from_the_right(client, settings, monkeypatch):
    settings.TRUSTED_PROXIES = 2
    monkeypatch.setattr(public_views, "RATE_LIMIT", 1)
    assert report(client, "192.0.2.1, 198.51.100.1, 10.0.0.1").status_code == 302
    assert report(client, "192.0.2.9, 198.51.100.1, 10.0.0.1").status_code == 429
    assert report(client, "198.51.100.2, 10.0.0.1").status_code == 302


@pytest.mark.django_db
@pytest.mark.usefixtures("one_report_each")
def test_a_request_past_the_proxies_counts_as_the_proxy(client):
    """Without the header the proxies add, no entry is believed: all such requests share the
    limit of the address they come from."""
    assert report(client, None).status_code == 302
    assert report(client, "").status_code == 429
    assert report(client, "geen adres").status_code == 429


@pytest.mark.django_db
def test_without_trusted_proxies_the_header_is_ignored(client, settings, monkeypatch):
    settings.TRUSTED_PROXIES = 0
    monkeypatch.setattr(public_views, "RATE_LIMIT", 1)
    assert report(client, "198.51.100.1").status_code == 302
    assert report(client, "198.51.100.2").status_code == 429
    other = client.post("/melden", fields(), REMOTE_ADDR="10.0.0.3")
    assert other.status_code == 302


@pytest.mark.django_db
def test_login_throttling_counts_per_client_behind_the_proxy(client, settings, make_user):
    settings.TRUSTED_PROXIES = 1
    make_user(username="doelwit")
    login = reverse("login")
    for _ in range(5):
        client.post(
            login,
            {"username": "doelwit", "password": "fout"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.1",
        )
    locked = client.post(
        login,
        {"username": "doelwit", "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="192.0.2.7, 198.51.100.1",
    )
    assert locked.status_code == 429
    elsewhere = client.post(
        login,
        {"username": "doelwit", "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )
    assert elsewhere.status_code == 302


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("data_migration_rows_back")
def test_processes_counting_at_once_take_each_slot_once():
    """Each thread has its own database connection, as each server process has."""
    if connection.vendor == "sqlite":
        # The shared in-memory test database answers "table is locked" at once instead of
        # waiting; a file database (IMMEDIATE, 20 s timeout) serialises the writers.
        pytest.skip("needs a database whose writers wait for each other (PostgreSQL)")
    request = RequestFactory().post("/melden", REMOTE_ADDR="198.51.100.1")
    threads, limit = 8, 5
    start = threading.Barrier(threads)
    reserved: list[str | None] = []

    def reserve() -> None:
        try:
            start.wait()
            reserved.append(public_views._reserve(request, "melding", limit))
        finally:
            connection.close()

    workers = [threading.Thread(target=reserve) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    slots = public_views._slots(request, "melding", limit)
    assert sorted(slot for slot in reserved if slot is not None) == sorted(slots)
    assert reserved.count(None) == threads - limit
    assert len(cache.get_many(slots)) == limit


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_rows", "data_migration_rows_back")
@pytest.mark.parametrize("backend", ["db", "locmem"])
def test_a_burst_of_reports_at_once_stores_exactly_the_limit(backend, settings):
    """Requests arriving together all passed the check before any was counted, so 12 were
    stored for a limit of 10. Each thread is a server process with its own connection.
    (GOEDWONEN_CACHE_URL=redis://… runs the db case on Redis.)"""
    if connection.vendor == "sqlite":
        pytest.skip("needs a database whose writers wait for each other (PostgreSQL)")
    if backend == "locmem":
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    threads = public_views.RATE_LIMIT + 6
    start = threading.Barrier(threads)
    statuses: list[int] = []

    def send() -> None:
        try:
            start.wait(timeout=10)
            statuses.append(
                Client().post("/melden", fields(), REMOTE_ADDR="198.51.100.1").status_code
            )
        finally:
            connection.close()

    workers = [threading.Thread(target=send) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)

    assert Melding.objects.filter(bron="meldpunt").count() == public_views.RATE_LIMIT
    assert sorted(statuses) == [302] * public_views.RATE_LIMIT + [429] * 6
