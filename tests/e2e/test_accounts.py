"""Four eyes in a real browser: one administrator asks for a sensitive role, a second approves
it, and the privacy officer sees both steps in the access review. Each page checked with axe."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e


def test_a_sensitive_role_takes_a_second_administrator_and_shows_in_the_review(
    new_page: Callable[[], Page],
    demo_users: object,
    login: Callable[..., None],
    assert_accessible: Callable[[Page], None],
) -> None:
    bas = new_page()
    login(bas, "beheer.so")
    bas.goto("/beheer/organisaties")
    bas.get_by_role("link", name="analist.so").click()
    bas.get_by_label("Privacy officer (FG/CPO)").check()
    bas.get_by_role("button", name="Wijzigingen opslaan").click()
    expect(bas.get_by_role("status")).to_contain_text(
        "De rol 'Privacy officer (FG/CPO)' voor analist.so geeft gevoelige bevoegdheden"
    )
    bas.goto("/beheer/rolaanvragen")
    expect(bas.get_by_role("cell", name="Een andere beheerder beslist hierover.")).to_be_visible()
    assert_accessible(bas)

    bo = new_page()
    login(bo, "beheer.sb")
    bo.goto("/beheer/rolaanvragen")
    assert_accessible(bo)
    bo.get_by_role("button", name="Goedkeuren rol Privacy officer (FG/CPO) voor analist.so").click()
    expect(bo.get_by_role("status")).to_contain_text("is goedgekeurd en toegekend")
    expect(bo.get_by_text("Er wachten geen aanvragen op een besluit.")).to_be_visible()

    fg = new_page()
    login(fg, "privacy.dv")
    fg.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Toegangsbeoordeling"
    ).click()
    expect(fg.get_by_role("heading", level=1)).to_have_text("Toegangsbeoordeling")
    expect(fg.locator("#recent-kop + p + ul")).to_contain_text(
        "goedgekeurd door beheer.sb (aangevraagd door beheer.so)"
    )
    assert_accessible(fg)
