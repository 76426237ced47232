"""Browser fixtures: one headless Debian Chromium for the session, a fresh context per test.

The live server runs the real product against the test database, seeded with the demo
organisations and users. No browser downloads: Playwright drives /usr/bin/chromium.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from django.conf import settings as django_settings
from django.db import connections

from goedwonen.accounts.demo import DEMO_PASSWORD, DemoUser, demo_seed
from goedwonen.accounts.models import User
from goedwonen.intake.models import Melding
from goedwonen.intake.services.registration import melding_register
from goedwonen.intake.services.triage import melding_triage
from goedwonen.registry.address_lookup import OpgegevenAdres
from goedwonen.registry.importer.run import import_folder
from tests.registry.conftest import write_folder

# Playwright's sync API runs an asyncio event loop in this thread; Django would otherwise
# refuse ORM calls from the fixtures ("You cannot call this from an async context").
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
TIMEOUT_MS = 10_000
# Assertions wait as long as actions do: a loaded CI machine draws the map later than 5 s.
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    before = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        # While Playwright runs, this thread has a running event loop, and Django then keeps
        # its database connections per async context rather than per thread: it would open
        # fresh ones that the test-database teardown never closes (PostgreSQL then refuses to
        # drop the test database). Keep using the connections the test database was set up on.
        for alias, connection in before.items():
            connections[alias] = connection
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def demo_users(migrated_rows: None) -> list[DemoUser]:
    """What the data migrations create, then the demo organisations, teams, roles and users
    (password DEMO_PASSWORD; hashed fast, tests/conftest.py `_fast_password_hashing`)."""
    return demo_seed()


@pytest.fixture(scope="module", autouse=True)
def _leave_data_migrations_behind(data_migration_rows_back: None) -> None:
    """After the module's last test emptied the tables, the data-migration rows go back."""


@pytest.fixture
def triaged(demo_users: list[DemoUser], tmp_path: Path) -> Melding:
    """The demo's scene in a browser: the test city imported, and a report on Carnisselaan 10
    that the handler triaged to the demo case director (the shared scenario's chain, with
    the demo's users)."""
    import_folder(actor=None, folder=write_folder(tmp_path / "levering"), progress=False)
    handler = User.objects.get(username="behandelaar.sb")
    melding = melding_register(
        actor=handler,
        bron="telefoon",
        categorie="overbewoning",
        omschrijving="Tien matrassen op zolder, busjes in de ochtend.",
        adres=OpgegevenAdres(postcode="3083AB", huisnummer="10"),
        melder_soort="professional",
    ).melding
    return melding_triage(
        actor=handler,
        melding=melding,
        uitkomst="multi",
        reden="Overbewoning en vermoeden van uitbuiting",
        casusregisseur=User.objects.get(username="regisseur.so"),
    )


@pytest.fixture
def new_page(browser: Browser, live_server: Any) -> Iterator[Callable[[], Page]]:
    """new_page(): a browser of its own (its own cookies) for each person in a test; all are
    closed after it."""
    contexts = []

    def make() -> Page:
        # bypass_csp only so that the axe-core script can be injected into the page; the
        # product's own pages get no exception from their Content-Security-Policy otherwise.
        context = browser.new_context(base_url=live_server.url, locale="nl-NL", bypass_csp=True)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[[], Page], demo_users: list[DemoUser]) -> Page:
    return new_page()


def _login(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the form; leaves the page wherever the form submission ends."""
    page.goto("/inloggen")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


AXE_SCRIPT = django_settings.NODE_MODULES / "axe-core" / "axe.min.js"


def _describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        targets = [
            " ".join(str(part) for part in node["target"]) for node in violation["nodes"][:3]
        ]
        more = len(violation["nodes"]) - len(targets)
        first = violation["nodes"][0]
        why = [check["message"] for kind in ("any", "all", "none") for check in first[kind]]
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}\n"
            f"    at {', '.join(targets)}"
            + (f" and {more} more" if more > 0 else "")
            + (f"\n    first: {why[0]}" if why else "")
        )
    return "\n".join(lines)


def _axe(page: Page) -> list[dict[str, Any]]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    violations: list[dict[str, Any]] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})"
        ".then(result => result.violations)",
        AXE_TAGS,
    )
    return violations


def _assert_accessible(page: Page) -> None:
    """axe-core (WCAG 2.1 A/AA and best practices) finds nothing on the current page.

    Right after a click that follows a link the next page may still be arriving: its document
    has no head yet, or the old one's scripts are torn down while axe runs. It is checked
    once that page has loaded."""
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            violations = _axe(page)
            break
        except PlaywrightError as error:
            arriving = (
                "Execution context was destroyed" in error.message
                or "reading 'appendChild'" in error.message
            )
            if not arriving or attempt == 2:
                raise
    assert violations == [], (
        f"axe found {len(violations)} accessibility violation(s) on {page.url}:\n"
        + _describe(violations)
    )


@pytest.fixture
def login() -> Callable[..., None]:
    """login(page, username, password=DEMO_PASSWORD): sign in through the login form."""
    return _login


@pytest.fixture
def assert_accessible() -> Callable[[Page], None]:
    """assert_accessible(page): axe-core finds no violations on the page as it is now."""
    return _assert_accessible
