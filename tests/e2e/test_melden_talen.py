"""A labour migrant reports in Polish on a phone: the language menu on /melden, the form, its
errors, the confirmation with the help offers for the category, and the status page, all in
Polish; axe-core on every page at 390 px and at 1366 px, without horizontal scrolling."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from django.core.cache import cache

from goedwonen.intake.models import Melding
from goedwonen.registry.importer.run import import_folder
from tests.registry.conftest import write_folder

pytestmark = pytest.mark.e2e

AssertAccessible = Callable[[Page], None]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}


@pytest.fixture
def city(demo_users, tmp_path: Path) -> Iterator[None]:
    import_folder(actor=None, folder=write_folder(tmp_path / "levering"), progress=False)
    cache.clear()  # the reporting point's rate limit counts per client address
    yield
    cache.clear()


def _fits(page: Page) -> None:
    """No horizontal scrolling, and the page is in Polish for assistive technology."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.evaluate("document.documentElement.lang") == "pl"


def _at_both_widths(page: Page, assert_accessible: AssertAccessible, shot: Path) -> None:
    for name, size in (("390", PHONE), ("1366", DESKTOP)):
        page.set_viewport_size(size)
        _fits(page)
        assert_accessible(page)
        page.screenshot(path=str(shot.with_name(f"{shot.stem}-{name}.png")), full_page=True)
    page.set_viewport_size(PHONE)


def test_a_report_in_polish_end_to_end(
    page: Page, city: None, assert_accessible: AssertAccessible, tmp_path: Path
) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/melden")
    expect(page.get_by_role("heading", level=1)).to_have_text("Misstand bij wonen melden")
    menu = page.get_by_role("navigation", name="Kies uw taal")
    expect(menu.get_by_role("link", name="Polski")).to_have_attribute("lang", "pl")
    menu.get_by_role("link", name="Polski").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Zgłoś nieprawidłowości związane z mieszkaniem"
    )
    expect(
        page.get_by_role("navigation", name="Wybierz język").get_by_role("link", name="Polski")
    ).to_have_attribute("aria-current", "true")
    expect(page.get_by_role("heading", name="Twoje prawa jako najemcy")).to_be_visible()
    _at_both_widths(page, assert_accessible, tmp_path / "formularz.png")

    page.get_by_label("Kod pocztowy").fill("3083 AB")
    page.get_by_label("Numer domu").fill("10")
    page.get_by_role("button", name="Sprawdź adres").click()
    expect(page.get_by_text("Znaleziono adres: Carnisselaan 10, 3083AB Rotterdam")).to_be_visible()
    page.get_by_label("Umowa najmu zależy od pracy").check()
    page.get_by_role("button", name="Wyślij zgłoszenie").click()

    # Without a description: the errors in Polish, what was typed kept.
    expect(page.get_by_role("alert")).to_contain_text("Sprawdź formularz:")
    expect(page.get_by_role("alert")).to_contain_text("Opisz, co się dzieje.")
    expect(page.get_by_label("Kod pocztowy")).to_have_value("3083 AB")
    _fits(page)
    assert_accessible(page)

    page.get_by_label("Co się dzieje?").fill(
        "Mieszkamy w dziesięć osób w jednym domu, czynsz potrąca agencja z pensji."
    )
    page.get_by_role("button", name="Wyślij zgłoszenie").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Dziękujemy, otrzymaliśmy twoje zgłoszenie"
    )
    referentie = page.locator("#kenmerk").inner_text()
    assert Melding.objects.get(referentie=referentie).categorie == "huurcontract_werk"
    # The contract tied to work: all three partners can help, named in Polish.
    help_offers = page.locator("#hulpaanbod > li")
    expect(help_offers).to_have_count(3)
    expect(page.locator("#hulp-huurteam")).to_contain_text("Zespół pomocy najemcom (Huurteam)")
    expect(page.locator("#hulp-juridisch_loket")).to_contain_text("0900 8020")
    _at_both_widths(page, assert_accessible, tmp_path / "ontvangen.png")

    status_link = page.locator("#statuslink").get_attribute("href")
    assert status_link and re.search(rf"/melden/status/{referentie}/[\w-]+\?taal=pl$", status_link)

    # Opened later in a browser that chose nothing: the link itself keeps the language.
    page.context.clear_cookies()
    page.goto(status_link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Status twojego zgłoszenia")
    expect(page.locator("#huidige-status")).to_have_text("Twoje zgłoszenie zostało przyjęte.")
    expect(page.locator("#hulpaanbod > li")).to_have_count(3)
    _at_both_widths(page, assert_accessible, tmp_path / "status.png")

    # Back to Dutch from the menu, on the same status page.
    page.get_by_role("navigation", name="Wybierz język").get_by_role(
        "link", name="Nederlands"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Status van uw melding")
    assert page.evaluate("document.documentElement.lang") == "nl"
