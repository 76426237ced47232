"""A real OpenID Connect provider on loopback (oidc_provider.mjs, panva's oidc-provider from
package.json), and the steps a person takes on its pages, for the HTTP and browser tests."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import requests

from django.conf import settings as django_settings

from goedwonen.aanmelden.conf import GroupGrant, OidcConfig

SCRIPT = Path(__file__).with_name("oidc_provider.mjs")
CLIENT_ID = "goedwonen-test"
CLIENT_SECRET = "client-secret-for-the-loopback-provider"
PROVIDER_NAME = "Rotterdam-account"


@dataclass
class LoopbackProvider:
    issuer: str
    accounts_file: Path
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)

    def set_account(self, login: str, **claims: Any) -> None:
        """Create or change an account at the provider (read at its next sign-in)."""
        self.accounts[login] = claims
        self.accounts_file.write_text(json.dumps(self.accounts))

    def config(self, group_roles: dict[str, tuple[str, list[str]]], **options: Any) -> OidcConfig:
        return OidcConfig(
            issuer=self.issuer,
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            scopes="openid profile email groups",
            provider_name=PROVIDER_NAME,
            groups_claim="groups",
            group_roles=tuple(
                (group, GroupGrant(organisatie, tuple(rollen)))
                for group, (organisatie, rollen) in group_roles.items()
            ),
            sync_roles=options.get("sync_roles", True),
        )


StartProvider = Callable[..., LoopbackProvider]


@pytest.fixture
def start_oidc_provider(tmp_path: Path) -> Iterator[StartProvider]:
    """start_oidc_provider(app_url="http://testserver"): a provider whose one client is
    Goedwonen at app_url; stopped after the test."""
    processes: list[subprocess.Popen[str]] = []

    def start(app_url: str = "http://testserver") -> LoopbackProvider:
        accounts_file = tmp_path / f"accounts-{len(processes)}.json"
        accounts_file.write_text("{}")
        config = {
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "redirect_uris": [f"{app_url}/aanmelden/oidc/terug"],
            "post_logout_redirect_uris": [f"{app_url}/inloggen"],
            "accounts_file": str(accounts_file),
        }
        log = (tmp_path / f"provider-{len(processes)}.log").open("w")
        process = subprocess.Popen(  # noqa: S603 - our own script, fixed arguments
            ["node", str(SCRIPT)],  # noqa: S607 - node from the PATH, as npm is
            cwd=django_settings.PROJECT_DIR,
            env={**os.environ, "OIDC_TEST_CONFIG": json.dumps(config)},
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
        processes.append(process)
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line:
            process.wait(10)
            raise RuntimeError(
                "the loopback OpenID Connect provider did not start:\n" + Path(log.name).read_text()
            )
        return LoopbackProvider(issuer=json.loads(line)["issuer"], accounts_file=accounts_file)

    yield start
    for process in processes:
        process.terminate()
        process.wait(10)


def provider_sign_in(authorize_url: str, login: str) -> str:
    """What a person does at the provider (its login form), as a browser would: returns the
    URL the provider sends them back to (Goedwonen's callback, with code and state)."""
    provider = urlsplit(authorize_url).netloc
    session = requests.Session()
    url = authorize_url
    for _ in range(10):
        response = session.get(url, allow_redirects=False, timeout=10)
        if response.status_code == 200 and 'name="login"' in response.text:
            action = re.search(r'<form[^>]*action="([^"]+)"', response.text)
            assert action, response.text
            response = session.post(
                urljoin(url, action.group(1)),
                data={"prompt": "login", "login": login, "password": "irrelevant"},
                allow_redirects=False,
                timeout=10,
            )
        assert response.status_code in {302, 303}, response.text[:2000]
        url = urljoin(url, response.headers["Location"])
        if urlsplit(url).netloc != provider:
            return url
    raise AssertionError("the provider kept redirecting")
