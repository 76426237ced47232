"""Every page at any screen size, in a real browser.

Each page of the URL walk (tests/core/test_url_walk.py: its routes and the objects it makes for
them), opened by a signed-in person whose role holds every capability (so the page shows all
it can) or, for the public pages, by anyone:
- at 390 px wide nothing is wider than the screen and no table is wider than its container
  (tables reflow to a card per row);
- at 1366 px no table column is narrower than four characters and no word is drawn over two
  lines.
A representative set of pages is also checked with axe-core at both widths; the main menu is
a menu button below 48em and the whole bar above it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from django.conf import settings
from django.test import Client

from goedwonen.accounts.models import Organisatie, Rol, User
from goedwonen.core.middleware import is_api_view
from goedwonen.core.policy import Capability
from tests.core.test_url_walk import (
    EXPECTED,
    POST_ONLY,
    PUBLIC,
    ROUTES,
    _sample_procedure,
    _sample_report_reference,
    _sample_run,
    _sample_unmatched_report,
    _url,
)

pytestmark = pytest.mark.e2e

AssertAccessible = Callable[[Page], None]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}

# The pages, not the API: what a person opens with GET.
PAGES = [p for _, p in ROUTES if not is_api_view(p.callback) and p.name not in POST_ONLY]

# Checked with axe at both widths: the start page, every kind of list, the pages people work
# in, and the public reporting point.
AXE = {
    "login",
    "melden",
    "home",
    "meldingen",
    "melding",
    "casussen",
    "casus",
    "taken",
    "bezoek",
    "adres",
    "eigenaar",
    "handhaving-werkvoorraad",
    "traject",
    "verhuurders-monitoring",
    "selectie",
    "leveringen",
    "accounts-overview",
    "privacy-log",
}

# Tables wider than their container (a reflowed table fits; one that scrolls does not).
TABLES_TOO_WIDE = """() => [...document.querySelectorAll('table')]
  .filter(t => t.offsetParent !== null && t.parentElement
               && t.getBoundingClientRect().width > t.parentElement.clientWidth + 1)
  .map(t => (t.caption ? t.caption.textContent : t.outerHTML.slice(0, 80)).trim())"""

# Table cells with text, drawn narrower than four characters of their own font.
NARROW_CELLS = """() => {
  const canvas = document.createElement('canvas').getContext('2d');
  const narrow = [];
  for (const cell of document.querySelectorAll('table th, table td')) {
    const text = cell.textContent.trim();
    if (!text || cell.offsetParent === null) continue;
    const style = getComputedStyle(cell);
    canvas.font = style.font;
    const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
    const width = cell.getBoundingClientRect().width - padding;
    if (width + 0.5 < canvas.measureText('0000').width) narrow.push(text.slice(0, 40));
  }
  return narrow;
}"""

# Words drawn over more than one line. A word is what lies between spaces and hyphens: a
# reference such as GW-AB12-CD34 may wrap at its hyphens, not inside a part.
BROKEN_WORDS = r"""() => {
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.offsetParent === null || parent.closest('script, style, svg, .gw-visually-hidden, .gw-honeypot')) continue;
    for (const match of node.textContent.matchAll(/[^\s\-\u2010-\u2015]{2,}/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0)
                                                        .map(r => Math.round(r.bottom)));
      if (lines.size > 1) broken.push(match[0]);
    }
  }
  return broken;
}"""


def _everyone_so() -> Organisatie:
    return Organisatie.objects.get_or_create(
        code="so", defaults={"naam": "SO", "soort": "kerncluster"}
    )[0]


def _person_with_every_capability() -> User:
    rol = Rol.objects.create(code="alles", naam="Alles", capabilities=[c.value for c in Capability])
    user = User.objects.create_user(
        username="schermbreedte",
        organisatie=_everyone_so(),
        first_name="Sam",
        last_name="Schermbreedte",
    )
    user.rollen.add(rol)
    return user


def _sign_in(page: Page, user: User, base_url: str) -> None:
    """The browser takes over a session signed in with the test client (the login form has
    tests of its own)."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}]
    )


def _lists_with_rows() -> None:
    """Rows for the lists without parameters: a case with a task, a sharing, a visit and a
    procedure with an objection, reports with and without an address, a failed run."""
    _sample_procedure()
    _sample_unmatched_report()
    _sample_report_reference()
    _sample_run()


def _check_phone(page: Page) -> None:
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide on a 390 px screen"
    assert page.evaluate(TABLES_TOO_WIDE) == [], f"tables scroll sideways on {page.url}"


def _check_laptop(page: Page) -> None:
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= LAPTOP["width"], f"{page.url} is {width} px wide on a 1366 px screen"
    assert page.evaluate(NARROW_CELLS) == [], f"columns under four characters on {page.url}"
    assert page.evaluate(BROKEN_WORDS) == [], f"words broken over two lines on {page.url}"


def _check_page(page: Page, url: str, axe: bool, assert_accessible: AssertAccessible) -> bool:
    """Open the page at both widths and check it; False when it is no page (a download, an
    htmx fragment)."""
    answer = page.request.get(url, max_redirects=0)
    if not answer.headers.get("content-type", "text/html").startswith("text/html"):
        return False
    if answer.status == 200 and "<html" not in answer.text()[:300]:
        return False
    for viewport, check in ((PHONE, _check_phone), (LAPTOP, _check_laptop)):
        page.set_viewport_size(viewport)
        response = page.goto(url)
        assert response is not None and response.status == 200, f"{url}: {response}"
        page.wait_for_load_state("load")
        check(page)
        if axe:
            assert_accessible(page)
    return True


# The pages without parameters are opened in one pass, over one set of rows (a test each
# would set the database up again for every page: minutes of CI); the others each with the
# object the URL walk makes for them.
PLAIN = [p for p in PAGES if not p.pattern.converters]
WITH_OBJECT = [p for p in PAGES if p.pattern.converters]


def test_every_page_without_parameters_fits_a_phone_and_a_laptop(
    migrated_rows: None,
    new_page: Callable[[], Page],
    live_server: Any,
    assert_accessible: AssertAccessible,
) -> None:
    anonymous, signed_in = new_page(), new_page()
    _sign_in(signed_in, _person_with_every_capability(), live_server.url)
    _lists_with_rows()
    problems, pages = [], 0
    for pattern in PLAIN:
        page = anonymous if EXPECTED[pattern.name] == PUBLIC else signed_in
        try:
            pages += _check_page(page, _url(pattern), pattern.name in AXE, assert_accessible)
        except AssertionError as problem:
            problems.append(f"{pattern.name}: {problem}")
    assert problems == []
    assert pages > len(PLAIN) // 2  # most are pages, not downloads


@pytest.mark.parametrize("pattern", WITH_OBJECT, ids=[p.name for p in WITH_OBJECT])
def test_every_page_of_an_object_fits_a_phone_and_a_laptop(
    pattern: Any,
    migrated_rows: None,
    new_page: Callable[[], Page],
    live_server: Any,
    assert_accessible: AssertAccessible,
) -> None:
    page = new_page()
    if EXPECTED[pattern.name] != PUBLIC:
        _sign_in(page, _person_with_every_capability(), live_server.url)
    if not _check_page(page, _url(pattern), pattern.name in AXE, assert_accessible):
        pytest.skip("not a page: a download or an htmx fragment")


def _menu_button(page: Page) -> Any:
    return page.get_by_role("navigation", name="Hoofdmenu").get_by_role("button", name="Menu")


def test_the_main_menu_is_a_menu_button_on_a_phone(
    migrated_rows: None,
    new_page: Callable[[], Page],
    live_server: Any,
    assert_accessible: AssertAccessible,
) -> None:
    page = new_page()
    _sign_in(page, _person_with_every_capability(), live_server.url)
    page.set_viewport_size(PHONE)
    page.goto("/casussen")
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    button = _menu_button(page)
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(menu.get_by_role("link", name="Taken")).to_be_hidden()
    assert_accessible(page)

    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("link", name="Casussen")).to_have_attribute("aria-current", "page")
    expect(menu.get_by_role("link", name="Taken")).to_be_visible()
    _check_phone(page)
    assert_accessible(page)

    # Escape closes it and leaves the focus on the button.
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
    expect(menu.get_by_role("link", name="Taken")).to_be_hidden()

    # The keyboard opens it too, and the links follow the button in the tab order.
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    expect(menu.get_by_role("link", name="Overzicht")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mijn werk")

    # On a laptop the whole bar shows and there is no button.
    page.set_viewport_size(LAPTOP)
    expect(button).to_be_hidden()
    expect(menu.get_by_role("link", name="Taken")).to_be_visible()


def test_without_javascript_the_menu_shows_all_its_links(
    migrated_rows: None, browser: Any, live_server: Any
) -> None:
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", java_script_enabled=False, viewport=PHONE
    )
    try:
        page = context.new_page()
        _sign_in(page, _person_with_every_capability(), live_server.url)
        page.goto("/")
        menu = page.get_by_role("navigation", name="Hoofdmenu")
        expect(menu.get_by_role("link", name="Taken")).to_be_visible()
        expect(_menu_button(page)).to_be_hidden()
        _check_phone(page)
    finally:
        context.close()


def test_a_table_on_a_phone_is_a_card_per_row_with_the_column_names(
    migrated_rows: None,
    new_page: Callable[[], Page],
    live_server: Any,
) -> None:
    page = new_page()
    _sign_in(page, _person_with_every_capability(), live_server.url)
    _lists_with_rows()
    page.set_viewport_size(PHONE)
    page.goto("/taken?wachtrij=organisatie")
    cell = page.locator("table tbody tr").first.locator("td").nth(2)
    expect(cell).to_have_attribute("data-label", "Casus")
    # Shown above the value; kept out of what a screen reader says (it names the column
    # from the header already): the alternative text after the slash is empty.
    label = cell.evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"Casus" / ""', label
    # The task list's header holds what people use (select all, sort links): it stays, as a
    # row of its own above the cards.
    header = page.locator("table thead")
    assert header.evaluate("h => getComputedStyle(h).display") == "flex"

    page.set_viewport_size(LAPTOP)
    assert cell.evaluate("td => getComputedStyle(td, '::before').content") == "none"
    expect(page.locator("table thead")).to_be_visible()
