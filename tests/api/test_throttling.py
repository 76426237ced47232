"""Requests per API token (issue 11, point 15): counted in the shared cache, together by all
server processes, exactly when they count at once."""

from __future__ import annotations

import threading

import pytest

from django.core.cache import cache
from django.db import connection
from rest_framework.test import APIClient

from goedwonen.core.policy import Capability

MIJ = "/api/v1/mij"


@pytest.fixture(autouse=True)
def _fresh_counters(settings):
    # Per day: a test never runs across the window's edge (except at midnight UTC).
    settings.API_RATE = "3/day"
    cache.clear()
    yield
    cache.clear()


def auth(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


@pytest.mark.django_db
def test_a_token_past_its_rate_gets_429_with_retry_after(api_client, make_token):
    _, key = make_token([Capability.REPORTS_VIEW])
    for _ in range(3):
        assert api_client.get(MIJ, **auth(key)).status_code == 200

    refused = api_client.get(MIJ, **auth(key))

    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert 0 < int(refused["Retry-After"]) <= 24 * 3600
    body = refused.json()
    assert body["title"] == "Te veel verzoeken."
    assert body["detail"].startswith("Te veel verzoeken met dit token. Probeer het over ")
    assert body["detail"].endswith(" seconden opnieuw.")


@pytest.mark.django_db
def test_each_token_has_its_own_count(api_client, make_token):
    _, first = make_token([Capability.REPORTS_VIEW])
    _, second = make_token([Capability.REPORTS_VIEW])
    for _ in range(3):
        api_client.get(MIJ, **auth(first))
    assert api_client.get(MIJ, **auth(first)).status_code == 429
    assert api_client.get(MIJ, **auth(second)).status_code == 200


@pytest.mark.django_db
def test_the_api_through_a_session_counts_per_user(client, make_user):
    client.force_login(make_user([]))
    assert [client.get(MIJ).status_code for _ in range(4)] == [200, 200, 200, 429]


@pytest.mark.django_db
def test_the_public_contract_is_not_counted(client):
    assert [client.get("/api/v1/openapi.json").status_code for _ in range(4)] == [200] * 4


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_rows", "data_migration_rows_back")
@pytest.mark.parametrize("backend", ["db", "locmem"])
def test_requests_of_one_token_at_once_are_each_counted(backend, settings, make_token):
    """Each thread is a server process with its own connection; all send at once."""
    if connection.vendor == "sqlite":
        pytest.skip("needs a database whose writers wait for each other (PostgreSQL)")
    if backend == "locmem":
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.API_RATE = "5/day"
    _, key = make_token([Capability.REPORTS_VIEW])
    threads = 12
    start = threading.Barrier(threads)
    statuses: list[int] = []

    def send() -> None:
        try:
            start.wait(timeout=10)
            statuses.append(APIClient().get(MIJ, **auth(key)).status_code)
        finally:
            connection.close()

    workers = [threading.Thread(target=send) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)

    assert sorted(statuses) == [200] * 5 + [429] * 7


@pytest.mark.django_db
def test_a_counter_reads_back_as_django_stores_it():
    """The database cache's increment writes the value as Django's get and set do."""
    assert cache.add("teller", 1, 60)
    assert cache.incr("teller") == 2
    assert cache.incr("teller", 3) == 5
    assert cache.get("teller") == 5
    cache.set("teller", 10, 60)
    assert cache.incr("teller") == 11
    with pytest.raises(ValueError):
        cache.incr("geen-teller")
