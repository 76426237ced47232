"""Case tables in a real browser (tafels lane): the secretary plans the Bloemhof table until a
date from the list and the table's page, moves a meeting with a reason and opens the
follow-up; a manager opens the set-up of a new table. Every page is checked with axe at
390 px and at 1366 px, without horizontal scrolling at 390 px."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from django.utils import timezone

from goedwonen.casustafels.models import Casustafel

pytestmark = pytest.mark.e2e

AssertAccessible = Callable[[Page], None]
WIDTHS = (390, 1366)
# Set GOEDWONEN_E2E_SHOTS to a folder to keep a screenshot of each page at both widths.
SHOTS = os.environ.get("GOEDWONEN_E2E_SHOTS", "")


def check_both_widths(page: Page, assert_accessible: AssertAccessible, name: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
        if width == 390:
            assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url
        if SHOTS:
            page.screenshot(path=str(Path(SHOTS) / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_the_secretary_plans_bloemhof_and_moves_a_meeting(
    new_page: Callable[[], Page],
    demo_users: object,
    login: Callable[..., None],
    assert_accessible: AssertAccessible,
) -> None:
    tot = timezone.localdate() + timedelta(days=60)
    secretaris = new_page()
    login(secretaris, "admin.so")
    expect(secretaris.locator("#casustafels-kop")).to_be_visible()  # the start page's block
    secretaris.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Casustafels"
    ).click()
    expect(secretaris.get_by_role("heading", name="Casustafels", level=1)).to_be_visible()
    check_both_widths(secretaris, assert_accessible, "tafels")

    secretaris.get_by_role("link", name="Casustafel Bloemhof").click()
    expect(secretaris.get_by_role("heading", name="Casustafel Bloemhof", level=1)).to_be_visible()
    check_both_widths(secretaris, assert_accessible, "tafel-leeg")
    secretaris.get_by_role("link", name="Vergaderingen plannen").click()
    secretaris.get_by_label("Plannen tot en met").fill(tot.isoformat())
    secretaris.get_by_label("Plannen vanaf").fill("")
    secretaris.get_by_role("button", name="Vergaderingen plannen").click()
    expect(secretaris.get_by_role("alert")).to_contain_text("Vul in vanaf wanneer.")
    check_both_widths(secretaris, assert_accessible, "tafel-plannen")
    secretaris.get_by_label("Plannen vanaf").fill(timezone.localdate().isoformat())
    secretaris.get_by_role("button", name="Vergaderingen plannen").click()

    expect(secretaris.get_by_text("gepland")).not_to_have_count(0)
    tafel = Casustafel.objects.get(naam="Casustafel Bloemhof")
    assert 4 <= tafel.vergaderingen.count() <= 5
    check_both_widths(secretaris, assert_accessible, "tafel")

    secretaris.get_by_role("link", name="Verplaatsen").first.click()
    secretaris.get_by_label("Reden").fill("De zaal is bezet")
    secretaris.get_by_label("Nieuwe aanvang").fill("14:30")
    check_both_widths(secretaris, assert_accessible, "tafel-verplaatsen")
    secretaris.get_by_role("button", name="Vergadering verplaatsen").click()
    expect(secretaris.get_by_text("De zaal is bezet")).to_be_visible()

    secretaris.get_by_role("link", name="Opvolging van de afspraken").click()
    expect(secretaris.get_by_role("heading", name="Opvolging: Casustafel Bloemhof")).to_be_visible()
    check_both_widths(secretaris, assert_accessible, "tafel-opvolging")


def test_a_manager_sets_up_a_table(
    new_page: Callable[[], Page],
    demo_users: object,
    login: Callable[..., None],
    assert_accessible: AssertAccessible,
) -> None:
    beheer = new_page()
    login(beheer, "procesregisseur.dirv")
    beheer.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Casustafels"
    ).click()
    beheer.get_by_role("link", name="Nieuwe casustafel").click()
    beheer.get_by_label("Naam").fill("Casustafel Bloemhof")
    beheer.get_by_role("button", name="Casustafel inrichten").click()
    expect(beheer.get_by_role("alert")).to_contain_text("Kies de voorzitter.")
    check_both_widths(beheer, assert_accessible, "tafel-nieuw")
    beheer.get_by_role("link", name="Casustafels", exact=True).first.click()
    beheer.get_by_role("link", name="Casustafel Carnisse").click()
    expect(beheer.get_by_role("heading", name="Casustafel Carnisse wijzigen")).to_be_visible()
    check_both_widths(beheer, assert_accessible, "tafel-wijzigen")
