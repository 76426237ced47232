"""The registry in a real browser: search an address (htmx autocomplete), open its page and
its owner's page, the map and the matching queue; axe-core on each."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from goedwonen.registry.importer.run import import_folder
from tests.registry.conftest import write_folder

pytestmark = pytest.mark.e2e

Login = Callable[..., None]
AssertAccessible = Callable[[Page], None]


@pytest.fixture
def city(demo_users, tmp_path: Path) -> None:
    import_folder(actor=None, folder=write_folder(tmp_path / "levering"), progress=False)


def test_search_an_address_open_it_and_its_owner(
    page: Page, city: None, login: Login, assert_accessible: AssertAccessible
) -> None:
    login(page, "inspecteur.sb")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Adressen").click()
    assert_accessible(page)
    # Typing is enough: the results appear without submitting (htmx).
    page.get_by_label("Adres of BAG-id").press_sequentially("3083AB 10", delay=20)
    result = page.get_by_role("link", name="Carnisselaan 10, 3083AB Rotterdam")
    expect(result).to_be_visible()
    expect(page.locator("#zoek-aantal")).to_have_text("1 adres gevonden.")
    assert_accessible(page)

    result.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Carnisselaan 10")
    expect(page.get_by_text("60 m²")).to_be_visible()
    expect(
        page.get_by_role("img", name="Ingeschreven personen op dit adres door de tijd")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Meldingen (1)")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Jansen, J.").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jansen, J.")
    expect(page.get_by_role("heading", name="Portefeuille (1 object)")).to_be_visible()
    # The map drew the owner's one object (Leaflet, offline: no background tiles).
    expect(page.locator("#kaart .leaflet-interactive")).to_have_count(1)
    assert_accessible(page)


def test_search_works_without_javascript(browser, live_server, city: None, demo_users) -> None:
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/inloggen")
    page.get_by_label("Gebruikersnaam").fill("analist.so")
    page.get_by_label("Wachtwoord").fill("Goedwonen-demo-2026")
    page.get_by_role("button", name="Inloggen").click()
    page.goto("/adressen")
    page.get_by_label("Adres of BAG-id").fill("Dordtselaan 7")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("link", name="Dordtselaan 7-2, 3073AB Rotterdam")).to_be_visible()
    context.close()


def test_map_shows_the_buurten(
    page: Page, city: None, login: Login, assert_accessible: AssertAccessible
) -> None:
    login(page, "analist.so")
    page.goto("/kaart")
    # Two buurt polygons and, zoomed in on them, the three dwellings (clustered or not: an
    # unclustered dwelling is a path too, so the polygons are counted by their class).
    expect(page.locator("#kaart path.kaart-buurt")).to_have_count(2)
    expect(page.locator("#kaart-status")).to_contain_text("woningen in beeld")
    assert_accessible(page)


def test_match_a_queued_report(
    page: Page, city: None, login: Login, assert_accessible: AssertAccessible
) -> None:
    login(page, "admin.so")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Koppelwachtrij"
    ).click()
    assert_accessible(page)
    page.get_by_role("link", name="Koppelen melding M3").click()
    page.get_by_label("Zoek het juiste adres").fill("3083AB 10")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_label("Carnisselaan 10, 3083AB Rotterdam").check()
    assert_accessible(page)
    page.get_by_role("button", name="Koppelen").click()
    expect(page.get_by_role("status")).to_contain_text("gekoppeld aan Carnisselaan 10")
    expect(page.get_by_text("De wachtrij is leeg")).to_be_visible()
