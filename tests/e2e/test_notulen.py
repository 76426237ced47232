"""The minutes of a case-table meeting in a real browser (issue 15, point 6): the police read
their own version, the secretary fixes and sends them; accessible and fitting a phone and a
laptop."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from django.urls import reverse

from goedwonen.accounts.demo import DemoUser
from goedwonen.accounts.models import Organisatie, User
from tests.casustafels import support_notulen as s

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture
def tafel(demo_users: list[DemoUser]) -> s.Tafeldata:
    people = {u.username: u for u in User.objects.all()}
    return s.held_meeting_of(
        voorzitter=people["regisseur.so"],
        secretaris=people["admin.so"],
        agent=people["partner.politie"],
        so=Organisatie.objects.get(code="so"),
        politie=Organisatie.objects.get(code="politie"),
        naam="Casustafel Bloemhof (notulen)",
    )


def _fits(page: Page, screenshot: Path) -> None:
    """No sideways scrolling at phone or laptop width; a screenshot of each to look at."""
    for viewport in (PHONE, LAPTOP):
        page.set_viewport_size(viewport)
        page.reload()
        width = page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= viewport["width"], f"{width} px on a {viewport['width']} px screen"
        page.screenshot(path=f"{screenshot}-{viewport['width']}.png", full_page=True)


def test_the_police_read_their_version_and_the_secretary_sends_it(
    tafel: s.Tafeldata,
    new_page: Callable[[], Page],
    live_server: Any,
    login: Callable[..., None],
    assert_accessible: Callable[[Page], None],
    tmp_path: Path,
) -> None:
    url = live_server.url + reverse("vergadering-notulen", kwargs={"pk": tafel.vergadering.pk})

    politie = new_page()
    login(politie, "partner.politie")
    politie.goto(url)
    expect(politie.get_by_role("heading", level=1)).to_contain_text("Notulen")
    expect(politie.get_by_text(s.A_STRATEGIE)).to_be_visible()
    expect(politie.get_by_text(s.B_VRAAG).first).to_be_visible()
    body = politie.content()
    for text in (s.B_TITEL, s.B_STRAAT, s.B_BESPREKING, s.B_AFSPRAAK_SO):
        assert text not in body, text
    assert politie.get_by_role("button", name="Notulen vaststellen en verzenden").count() == 0
    _fits(politie, tmp_path / "notulen-politie")
    assert_accessible(politie)

    secretaris = new_page()
    login(secretaris, "admin.so")
    secretaris.goto(url)
    secretaris.get_by_role("button", name="Notulen vaststellen en verzenden").click()
    expect(secretaris.get_by_text("Notulen vastgesteld en verzonden")).to_be_visible()
    expect(secretaris.get_by_text("Vastgesteld op")).to_be_visible()
    _fits(secretaris, tmp_path / "notulen-secretaris")
    assert_accessible(secretaris)
