"""The enforcement catalogue in a real browser: a jurist opens an instrument, changes the
decision's term in a new version, sees what changed, and opens the fine policy and its
new-version form (with an error on it). axe-core on every page on the way."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from goedwonen.handhaving.catalogus import instrumentversie_changes
from goedwonen.handhaving.models import Instrumentversie

pytestmark = pytest.mark.e2e

Login = Callable[..., None]
AssertAccessible = Callable[[Page], None]


def test_a_jurist_changes_a_term_and_reads_the_fine_policy(
    demo_users, page: Page, login: Login, assert_accessible: AssertAccessible
):
    login(page, "jurist.dirv")
    page.get_by_role("link", name="Handhavingsinstrumenten").click()
    expect(page.get_by_role("heading", name="Handhavingsinstrumenten", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Last onder dwangsom").click()
    expect(page.get_by_role("heading", name="Geldende versie: versie 1")).to_be_visible()
    page.get_by_text("Besluit last onder dwangsom").click()  # open the letter text
    assert_accessible(page)

    page.get_by_role("link", name="Nieuwe versie vaststellen").click()
    expect(
        page.get_by_role("heading", name="Nieuwe versie van last onder dwangsom")
    ).to_be_visible()
    assert_accessible(page)
    page.locator("#id_stap-2-termijn_dagen").fill("42")
    page.get_by_label("Reden van de wijziging").fill("Begunstigingstermijn zes weken.")
    page.get_by_role("button", name="Versie vaststellen").click()

    expect(page.get_by_text("Versie 2 van last onder dwangsom is vastgesteld.")).to_be_visible()
    expect(page.get_by_text("Stap 'Besluit': termijn: 28 dagen → 42 dagen")).to_be_visible()
    assert_accessible(page)
    nieuw, oud = Instrumentversie.objects.filter(instrument__code="last-onder-dwangsom").order_by(
        "-versie"
    )
    assert nieuw.stappen[2]["termijn_dagen"] == 42
    # Only the term changed: the letters came back from the browser as they were.
    assert [w.wat for w in instrumentversie_changes(oud, nieuw)] == ["Stap 'Besluit': termijn"]

    page.get_by_role("link", name="Handhavingsinstrumenten").first.click()
    page.get_by_role("link", name="boetebeleid").click()
    expect(page.get_by_role("heading", name="Boetebeleid", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Nieuwe versie vaststellen").click()
    page.get_by_role("button", name="Versie vaststellen").click()  # no date, no reason
    expect(page.get_by_role("alert").filter(has_text="Controleer het formulier")).to_be_visible()
    assert_accessible(page)
