from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from django.urls import reverse

from tests.conftest import PASSWORD
from tests.processes import goedwonen, production_environment

pytestmark = pytest.mark.django_db


def _production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return production_environment(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite3'}", **extra)


def _goedwonen(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return goedwonen(*args, env=env, timeout=120)


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    result = _goedwonen(
        "check", "--deploy", "--fail-level", "WARNING", env=_production_env(tmp_path)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = _production_env(tmp_path)
    del env["GOEDWONEN_SECRET_KEY"]
    result = _goedwonen("check", env=env)
    assert result.returncode != 0
    assert "GOEDWONEN_SECRET_KEY is required when GOEDWONEN_DEBUG=false" in result.stderr


def test_demo_refuses_to_run_in_production(tmp_path):
    result = _goedwonen("demo", "--no-serve", env=_production_env(tmp_path))
    assert result.returncode == 1
    assert "De demo draait alleen met GOEDWONEN_DEBUG=true" in result.stderr


def test_passwords_are_hashed_with_argon2(production_hashers, make_user):
    assert make_user().password.startswith("argon2$")


def test_login_is_throttled_after_five_failures(client, make_user):
    user = make_user(username="doelwit")
    for _ in range(5):
        response = client.post(reverse("login"), {"username": "doelwit", "password": "fout"})
    response = client.post(reverse("login"), {"username": "doelwit", "password": PASSWORD})
    assert response.status_code == 429
    assert "Inloggen tijdelijk geblokkeerd" in response.content.decode()
    assert "_auth_user_id" not in client.session
    user.refresh_from_db()
    assert user.last_login is None


def test_login_with_the_right_password_works(client, make_user):
    make_user(username="welkom")
    response = client.post(reverse("login"), {"username": "welkom", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_wrong_password_says_so_in_dutch(client, make_user):
    make_user(username="iemand")
    response = client.post(reverse("login"), {"username": "iemand", "password": "fout"})
    assert response.status_code == 200
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in response.content.decode()


def test_content_security_policy_forbids_inline_code(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy


def test_pages_have_no_inline_scripts_or_styles(client, make_user):
    from goedwonen.core.policy import Capability

    client.force_login(make_user(list(Capability)))
    for name in ["home", "privacy-log", "privacy-register", "accounts-overview", "login"]:
        html = client.get(reverse(name)).content.decode()
        assert "<script>" not in html and "<script " not in html.replace("<script src=", "")
        assert " style=" not in html and "<style" not in html
