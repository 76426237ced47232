"""One password tried against every account from one address (issue 11, point 15): beside the
lock per account and address, a higher limit per address."""

from __future__ import annotations

import pytest

from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SPRAYER = "203.0.113.9"


def login(client, username: str, password: str, address: str = SPRAYER):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


@pytest.fixture
def address_limit(settings) -> int:
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    return 8


def test_one_password_against_many_accounts_locks_the_address(client, make_user, address_limit):
    for n in range(address_limit - 1):  # two tries per account: each below its own five
        assert login(client, f"medewerker{n // 2}", "Welkom2026!").status_code == 200
    assert login(client, "medewerker9", "Welkom2026!").status_code == 429  # the limit
    make_user(username="collega")

    locked = login(client, "collega", PASSWORD)

    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Inloggen tijdelijk geblokkeerd" in page
    assert (
        "Vanaf uw netwerkadres is in korte tijd te vaak een verkeerd wachtwoord ingevoerd" in page
    )
    assert "_auth_user_id" not in client.session
    # Another address is not locked.
    assert login(client, "collega", PASSWORD, address="198.51.100.7").status_code == 302


def test_below_the_address_limit_colleagues_behind_one_address_sign_in(
    client, make_user, address_limit
):
    for n in range(address_limit - 1):
        login(client, f"medewerker{n}", "typfout")
    make_user(username="collega")
    assert login(client, "collega", PASSWORD).status_code == 302


def test_signing_in_clears_only_the_own_failures(client, make_user, address_limit):
    """Else one account of the attacker's own would reset the address's count."""
    make_user(username="eigen")
    for n in range(address_limit - 1):
        login(client, f"medewerker{n}", "Welkom2026!")
    assert login(client, "eigen", PASSWORD).status_code == 302
    client.logout()
    assert login(client, "nog-een", "Welkom2026!").status_code == 429


def test_the_lock_per_account_says_it_is_the_account(client, make_user):
    make_user(username="doelwit")
    for _ in range(5):
        login(client, "doelwit", "fout")
    locked = login(client, "doelwit", PASSWORD)
    assert locked.status_code == 429
    assert "voor dit account" in locked.content.decode()
