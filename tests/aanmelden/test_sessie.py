"""Sessions end after inactivity; the sign-in settings refuse what is unsafe."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from django.core.exceptions import ImproperlyConfigured

from goedwonen.aanmelden.conf import parse_group_roles
from goedwonen.aanmelden.middleware import LAST_SEEN_KEY
from goedwonen.core.policy import Capability

from ..conftest import PASSWORD


def _idle(client, minutes: int) -> None:
    session = client.session
    session[LAST_SEEN_KEY] -= minutes * 60
    session.save()


@pytest.mark.django_db
def test_a_session_idle_too_long_ends_and_returns_to_the_page_after_signing_in(
    client, make_user, settings
):
    settings.SESSION_IDLE_MINUTES = 30
    user = make_user([Capability.CASES_VIEW])
    client.force_login(user)
    assert client.get("/").status_code == 200
    _idle(client, 31)

    response = client.get("/casussen?status=open")
    assert response.status_code == 302
    assert response["Location"] == "/inloggen?next=%2Fcasussen%3Fstatus%3Dopen"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "U bent uitgelogd omdat u 30 minuten niets in Goedwonen deed." in page
    again = client.post(
        "/inloggen",
        {"username": user.username, "password": PASSWORD, "next": "/casussen?status=open"},
    )
    assert again["Location"] == "/casussen?status=open"


@pytest.mark.django_db
def test_a_session_in_use_stays(client, make_user, settings):
    settings.SESSION_IDLE_MINUTES = 30
    client.force_login(make_user([Capability.CASES_VIEW]))
    client.get("/")
    _idle(client, 29)
    assert client.get("/casussen").status_code == 200
    _idle(client, 29)
    assert client.get("/casussen").status_code == 200


@pytest.mark.django_db
def test_an_idle_session_on_htmx_or_the_api(client, make_user, settings):
    settings.SESSION_IDLE_MINUTES = 5
    user = make_user([Capability.CASES_VIEW])
    client.force_login(user)
    client.get("/")
    _idle(client, 6)
    partial = client.get("/casussen", headers={"HX-Request": "true"})
    assert partial.status_code == 204
    assert partial["HX-Redirect"] == "/inloggen?next=%2Fcasussen"
    client.force_login(user)
    client.get("/")
    _idle(client, 6)
    api = client.get("/api/v1/casussen")
    assert api.status_code == 401
    assert api["Content-Type"] == "application/problem+json"


def _settings_error(**env: str) -> str:
    """Import the settings in a fresh process with this environment; the error, if any."""
    result = subprocess.run(
        [sys.executable, "-c", "import goedwonen.settings"],
        env={
            **os.environ,
            "GOEDWONEN_SECRET_KEY": "x" * 50,
            "GOEDWONEN_LOG_ANCHOR_KEY": "y" * 50,
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.stderr.strip().splitlines()[-1] if result.returncode else ""


def test_production_refuses_to_switch_the_second_factor_off():
    error = _settings_error(GOEDWONEN_DEBUG="false", GOEDWONEN_MFA_REQUIRED="false")
    assert "GOEDWONEN_MFA_REQUIRED=false is refused when not in debug" in error
    assert _settings_error(GOEDWONEN_DEBUG="true", GOEDWONEN_MFA_REQUIRED="false") == ""


def test_the_idle_minutes_must_be_at_least_one():
    assert "GOEDWONEN_SESSION_IDLE_MINUTES must be 1 or more" in _settings_error(
        GOEDWONEN_SESSION_IDLE_MINUTES="0"
    )


def test_sso_needs_client_credentials():
    error = _settings_error(GOEDWONEN_OIDC_ISSUER="https://login.rotterdam.test")
    assert "GOEDWONEN_OIDC_CLIENT_ID and GOEDWONEN_OIDC_CLIENT_SECRET are required" in error


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("[", "is not valid JSON"),
        ("[]", "must be a JSON object"),
        ('{"G": {"organisatie": "so"}}', "group 'G' must be"),
        ('{"G": {"organisatie": "so", "rollen": []}}', "with at least one role"),
        ('{"G": {"organisatie": "", "rollen": ["jurist"]}}', "group 'G' must be"),
    ],
)
def test_a_wrong_group_mapping_says_what_is_wrong(text, error):
    with pytest.raises(ImproperlyConfigured, match=error):
        parse_group_roles(text)


def test_a_group_mapping():
    [(group, grant)] = parse_group_roles(
        '{"GW-Juristen": {"organisatie": "dirv", "rollen": ["jurist", "behandelaar"]}}'
    )
    assert (group, grant.organisatie, grant.rollen) == (
        "GW-Juristen",
        "dirv",
        ("jurist", "behandelaar"),
    )


def _statements_on(client, path: str, table: str) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in queries.captured_queries if f'FROM "{table}"' in q["sql"]]


@pytest.mark.django_db
def test_a_signed_in_request_reads_the_user_with_their_organisation_in_one_statement(
    client, make_user
):
    user = make_user([Capability.CASES_VIEW])
    client.post("/inloggen", {"username": user.username, "password": PASSWORD})
    assert client.session["_auth_user_backend"] == "goedwonen.aanmelden.backends.WachtwoordBackend"

    users = _statements_on(client, "/", "accounts_user")
    assert len(users) == 1 and "accounts_organisatie" in users[0]
    assert _statements_on(client, "/", "accounts_organisatie") == []


@pytest.mark.django_db
def test_a_deactivated_users_session_ends(client, make_user):
    user = make_user([Capability.CASES_VIEW])
    client.post("/inloggen", {"username": user.username, "password": PASSWORD})
    assert client.get("/").status_code == 200
    user.is_active = False
    user.save()
    response = client.get("/casussen")
    assert response.status_code == 302 and response["Location"].startswith("/inloggen")
