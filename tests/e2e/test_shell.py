"""The shell in a real browser: login, navigation per role, error pages, the privacy officer's
log search and logout, each page checked with axe-core (WCAG 2.1 AA and best practices)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from goedwonen.accounts.demo import DEMO_USERS, DemoUser

pytestmark = pytest.mark.e2e

Login = Callable[..., None]
AssertAccessible = Callable[[Page], None]

WRONG_LOGIN = (
    "Voer een juiste gebruikersnaam en wachtwoord in. "
    "Let op dat beide velden hoofdlettergevoelig zijn."
)


def main_menu(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Hoofdmenu")


def menu_items(page: Page) -> list[tuple[str, str]]:
    links = main_menu(page).get_by_role("link")
    return [(link.inner_text().strip(), link.get_attribute("href") or "") for link in links.all()]


def test_login_page_is_accessible(page: Page, assert_accessible: AssertAccessible) -> None:
    response = page.goto("/inloggen")
    assert response is not None and response.status == 200
    expect(page).to_have_title("Inloggen · Goedwonen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    expect(main_menu(page)).to_have_count(0)
    assert_accessible(page)


def test_every_stylesheet_and_script_loads(page: Page) -> None:
    """Our own stylesheet included: it was once a 404 that no other test noticed."""
    failed: list[str] = []
    page.on(
        "response",
        lambda r: (
            failed.append(f"{r.status} {r.url}")
            if r.request.resource_type in {"stylesheet", "script"} and r.status >= 400
            else None
        ),
    )
    page.goto("/inloggen")
    page.wait_for_load_state("load")
    linked = page.eval_on_selector_all(
        "link[rel=stylesheet], script[src]", "els => els.map(e => e.href || e.src)"
    )
    assert any(url.endswith("/static/goedwonen/app.css") for url in linked)
    assert failed == []


def test_wrong_password_shows_the_dutch_error_and_stays_on_login(
    page: Page, login: Login, assert_accessible: AssertAccessible
) -> None:
    login(page, "regisseur.so", "niet-het-wachtwoord")

    assert page.url.endswith("/inloggen")
    expect(page.get_by_role("alert")).to_have_text(WRONG_LOGIN)
    expect(page.get_by_label("Gebruikersnaam")).to_have_value("regisseur.so")
    expect(page.get_by_label("Wachtwoord")).to_have_value("")
    assert_accessible(page)


@pytest.mark.parametrize("signed_in", [False, True], ids=["login-page", "home-page"])
def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(
    page: Page, login: Login, signed_in: bool
) -> None:
    if signed_in:
        login(page, "regisseur.so")
        page.goto("/")
    else:
        page.goto("/inloggen")

    page.keyboard.press("Tab")
    focused = page.evaluate(
        "({text: document.activeElement.textContent.trim(),"
        " href: document.activeElement.getAttribute('href')})"
    )
    assert focused == {"text": "Direct naar de inhoud", "href": "#inhoud"}
    expect(page.get_by_role("link", name="Direct naar de inhoud")).to_be_visible()

    page.keyboard.press("Enter")
    expect(page.locator("main#inhoud")).to_be_focused()


@pytest.mark.parametrize("demo", DEMO_USERS, ids=[d.username for d in DEMO_USERS])
def test_each_demo_user_logs_in_and_every_menu_page_is_accessible(
    page: Page, live_server: Any, login: Login, assert_accessible: AssertAccessible, demo: DemoUser
) -> None:
    login(page, demo.username)

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn werk")
    expect(page.get_by_text(f"Welkom, {demo.naam}.")).to_be_visible()
    expect(page.locator("header")).to_contain_text(demo.naam)

    # The menu follows the role; whatever it shows must open, and be accessible.
    items = menu_items(page)
    assert items[0] == ("Overzicht", "/")
    assert len({href for _, href in items}) == len(items), f"duplicate menu links: {items}"

    for label, href in items:
        with page.expect_navigation() as navigation:
            main_menu(page).get_by_role("link", name=label, exact=True).click()
        response = navigation.value
        assert response is not None and response.status == 200, f"{label}: {response}"
        expect(page).to_have_url(f"{live_server.url}{href}")
        expect(main_menu(page).locator("[aria-current=page]")).to_have_text(label)
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        assert_accessible(page)


def test_menu_shows_the_processing_log_to_the_privacy_officer_only(
    page: Page, login: Login
) -> None:
    login(page, "privacy.dv")
    expect(main_menu(page).get_by_role("link", name="Verwerkingslogboek")).to_have_count(1)

    page.get_by_role("button", name="Uitloggen").click()
    expect(page).to_have_url(re.compile(r"/inloggen$"))
    login(page, "analist.so")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn werk")
    expect(page.get_by_text("Welkom, Amir Analist.")).to_be_visible()
    expect(main_menu(page).get_by_role("link", name="Verwerkingslogboek")).to_have_count(0)


def test_403_and_404_pages_are_dutch_and_accessible(
    page: Page, login: Login, assert_accessible: AssertAccessible
) -> None:
    login(page, "analist.so")

    response = page.goto("/privacy/logboek")
    assert response is not None and response.status == 403
    expect(page).to_have_title("Geen toegang · Goedwonen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Geen toegang")
    expect(page.locator("main")).to_contain_text(
        "Hiervoor is de bevoegdheid 'Verwerkingslogboek doorzoeken en de integriteit ervan "
        "controleren' nodig."
    )
    assert_accessible(page)

    response = page.goto("/bestaat-niet")
    assert response is not None and response.status == 404
    expect(page).to_have_title("Niet gevonden · Goedwonen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Niet gevonden")
    expect(page.locator("main")).to_contain_text("Deze pagina of dit object bestaat niet.")
    assert_accessible(page)


def test_privacy_officer_searches_the_log_and_checks_the_chain(
    page: Page, login: Login, assert_accessible: AssertAccessible
) -> None:
    login(page, "privacy.dv")
    main_menu(page).get_by_role("link", name="Verwerkingslogboek").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verwerkingslogboek")

    page.get_by_label("Soort betrokkene").select_option("gebruiker")
    page.get_by_label("Kenmerk betrokkene").fill("regisseur.so")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    page.wait_for_load_state()

    assert "betrokkene_id=regisseur.so" in page.url
    expect(page.get_by_role("heading", level=2, name=re.compile("logregel"))).to_have_text(
        "1 logregel"
    )
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Gebruiker aangemaakt")
    expect(rows.first).to_contain_text("Beheer van gebruikers en toegang")
    assert_accessible(page)

    page.get_by_role("button", name="Controleer de keten nu").click()
    page.wait_for_load_state()
    expect(page).to_have_url(re.compile(r"/privacy/logboek$"))
    expect(page.locator("main").get_by_role("status")).to_have_text(
        re.compile(r"^\s*Logketen intact")
    )
    integrity = page.get_by_role("region", name="Integriteit van het logboek")
    expect(integrity.locator(".utrecht-status-badge")).to_have_text("Intact")
    assert_accessible(page)


def test_logout_from_the_header_returns_to_the_login_page(
    page: Page, live_server: Any, login: Login
) -> None:
    login(page, "regisseur.so")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn werk")
    expect(page.get_by_text("Welkom, Cem Regisseur.")).to_be_visible()

    page.locator("header").get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()

    expect(page).to_have_url(f"{live_server.url}/inloggen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    expect(page.get_by_role("button", name="Uitloggen")).to_have_count(0)
    # Signed out for real: the home page sends us back to the login form.
    page.goto("/")
    expect(page).to_have_url(f"{live_server.url}/inloggen?next=/")
