"""The product on a phone (390 px wide), in a real browser: the resident's reporting point, its
confirmation and status page, and the staff's queue, case page and visit result. On every
page nothing is wider than the screen (the navigation included), a key/value list gives its
values room to be read, no table cell breaks a word in two, and axe-core finds nothing.
Every other page at 390 and 1366 px: test_schermbreedte.py."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from goedwonen.accounts.models import User
from goedwonen.casussen.models import Casus, Onderdeel
from goedwonen.casussen.services.cases import casus_create
from goedwonen.inspecties.models import Bezoek
from goedwonen.intake.models import Melding
from tests.inspecties.support import walk_steps
from tests.inspecties.test_views import VISIT, _rooms
from tests.scenario import share_case

pytestmark = pytest.mark.e2e

Login = Callable[..., None]
AssertAccessible = Callable[[Page], None]

PHONE = {"width": 390, "height": 844}
# A value column narrower than this holds a few letters a line: unreadable.
MIN_VALUE_WIDTH = 150

# Each value of a key/value list and how wide it is drawn.
VALUE_WIDTHS = """() => [...document.querySelectorAll('.utrecht-data-list__item-value')]
  .filter(dd => dd.offsetParent !== null)
  .map(dd => [dd.previousElementSibling.textContent.trim(),
              Math.round(dd.getBoundingClientRect().width)])"""

# Words of table cells drawn over more than one line (a reference such as GW-AB12-CD34 is one
# word).
BROKEN_WORDS = r"""() => {
  const broken = [];
  for (const cell of document.querySelectorAll('.utrecht-table th, .utrecht-table td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


@pytest.fixture
def scene(triaged: Melding) -> Casus:
    """A case of the director on the triaged report, with a home visit recorded by
    Stadsbeheer's inspector."""
    cache.clear()  # the reporting point's rate limit counts per client address
    regisseur = User.objects.get(username="regisseur.so")
    melding = triaged
    casus = casus_create(
        actor=regisseur,
        titel="Carnisselaan 10: overbewoning en een te hoge huur",
        categorieen=["overbewoning", "te_hoge_huur"],
        casusregisseur=regisseur,
        meldingen=[melding],
    )
    inspecteur = User.objects.get(username="inspecteur.sb")
    share_case(casus, regisseur, inspecteur.organisatie, list(Onderdeel.values))
    client = Client()
    client.force_login(inspecteur)
    url = reverse("bezoek-nieuw", args=[casus.referentie])
    recorded = walk_steps(
        client,
        url,
        **VISIT,
        **_rooms(),
        **{"huur-kale_huur": "725,00", "huur-datum_huurovereenkomst": "2025-03-01"},
    )
    assert recorded.status_code == 302
    cache.clear()
    return casus


@pytest.fixture
def phone(new_page: Callable[[], Page]) -> Page:
    page = new_page()
    page.set_viewport_size(PHONE)
    return page


def _assert_fits(page: Page, assert_accessible: AssertAccessible) -> None:
    """Nothing wider than the screen, readable values, whole words in tables; accessible."""
    page.wait_for_load_state("load")
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide on a 390 px screen"
    narrow = [(key, w) for key, w in page.evaluate(VALUE_WIDTHS) if w < MIN_VALUE_WIDTH]
    assert narrow == [], f"values squeezed to a few letters on {page.url}: {narrow}"
    assert page.evaluate(BROKEN_WORDS) == [], f"words broken in table cells on {page.url}"
    assert_accessible(page)


def test_a_resident_reports_and_follows_the_report_on_a_phone(
    phone: Page, scene: Casus, assert_accessible: AssertAccessible
) -> None:
    phone.goto("/melden")
    _assert_fits(phone, assert_accessible)
    phone.get_by_label("Postcode").fill("3083 AB")
    phone.get_by_label("Huisnummer").fill("10")
    phone.get_by_role("button", name="Adres controleren").click()
    expect(phone.get_by_text("Adres gevonden: Carnisselaan 10")).to_be_visible()
    phone.get_by_label("Er wonen te veel mensen in de woning").check()
    phone.get_by_label("Wat is er aan de hand?").fill(
        "Elke avond komen er busjes; er liggen tien matrassen op zolder."
    )
    phone.get_by_role("button", name="Melding versturen").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Bedankt, wij hebben uw melding ontvangen"
    )
    _assert_fits(phone, assert_accessible)

    status_link = phone.locator("#statuslink").get_attribute("href")
    assert status_link
    phone.goto(status_link)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Status van uw melding")
    _assert_fits(phone, assert_accessible)


def test_the_director_works_on_a_phone(
    phone: Page, scene: Casus, login: Login, assert_accessible: AssertAccessible
) -> None:
    login(phone, "regisseur.so")
    # The navigation folds behind its menu button; opened, it holds every item of the role,
    # inside the screen.
    menu = phone.get_by_role("navigation", name="Hoofdmenu")
    menu.get_by_role("button", name="Menu").click()
    expect(menu.get_by_role("link", name="Meldingen")).to_be_visible()
    _assert_fits(phone, assert_accessible)

    phone.goto("/meldingen")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Meldingen")
    _assert_fits(phone, assert_accessible)

    phone.goto("/casussen")
    _assert_fits(phone, assert_accessible)

    phone.goto(f"/casussen/{scene.referentie}")
    expect(phone.get_by_role("heading", level=1)).to_contain_text(scene.referentie)
    _assert_fits(phone, assert_accessible)

    bezoek = Bezoek.objects.get(casus=scene)
    phone.goto(reverse("bezoek", args=[scene.referentie, bezoek.pk]))
    expect(phone.locator("#huur-uitkomst")).to_contain_text("maximale huur")
    _assert_fits(phone, assert_accessible)


def test_an_owner_page_on_a_phone(
    phone: Page, scene: Casus, login: Login, assert_accessible: AssertAccessible
) -> None:
    login(phone, "regisseur.so")
    phone.goto("/eigenaren/E1")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Jansen, J.")
    _assert_fits(phone, assert_accessible)
