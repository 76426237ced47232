"""Outcomes in a real browser: the director records a rent reduction on the case page (a
mistake first, told beside the field with nothing lost), sees it in the block, and the
steering dashboard shows it beside the plan's figure. axe and the width check at 390 px and
1366 px on each page."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from goedwonen.accounts.models import User
from goedwonen.casussen.services.cases import casus_create
from goedwonen.intake.models import Melding

pytestmark = pytest.mark.e2e

Login = Callable[..., None]
AssertAccessible = Callable[[Page], None]
WIDTHS = {"telefoon": 390, "laptop": 1366}
# A folder to save screenshots of the pages in, to look at them (not needed for the test).
SCREENSHOTS = Path(os.environ["E2E_SCREENSHOTS"]) if "E2E_SCREENSHOTS" in os.environ else None


def _check(page: Page, assert_accessible: AssertAccessible, name: str) -> None:
    """At both widths: nothing wider than the screen, axe finds nothing."""
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(50)
        scroll = page.evaluate("document.scrollingElement.scrollWidth")
        assert scroll <= width, f"{page.url} is {scroll} px wide on a {width} px screen"
        assert_accessible(page)
        if SCREENSHOTS is not None:
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)


def test_director_records_a_rent_reduction_and_the_dashboard_shows_it(
    page: Page,
    login: Login,
    assert_accessible: AssertAccessible,
    triaged: Melding,
    run_worker: Callable[[], None],
):
    director = User.objects.get(username="regisseur.so")
    casus = casus_create(
        actor=director,
        titel="Te hoge huur Carnisselaan",
        categorieen=["te_hoge_huur"],
        casusregisseur=director,
        meldingen=[triaged],
    )
    login(page, "regisseur.so")
    page.goto(f"/casussen/{casus.referentie}")
    block = page.get_by_role("region", name="Uitkomsten")
    expect(block).to_contain_text("Nog geen uitkomsten vastgelegd.")
    block.locator("summary", has_text="Uitkomst vastleggen").click()
    block.get_by_label("Wat is er veranderd").select_option(label="Huur verlaagd")
    block.get_by_label("Ingangsdatum").fill("2026-01-01")
    block.get_by_label("Huur per maand vóór (euro)").fill("1.250,00")
    block.get_by_label("Nieuwe huur per maand (euro)").fill("1.300,00")
    block.get_by_label("Bewijs: omschrijving").fill("Uitspraak Huurcommissie")
    block.get_by_role("button", name="Uitkomst vastleggen").click()

    # The service's rule beside its field, everything typed still there.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Uitkomst vastleggen")
    expect(
        page.get_by_text("De nieuwe huur moet lager zijn dan de huur ervoor.").first
    ).to_be_visible()
    expect(page.get_by_label("Bewijs: omschrijving")).to_have_value("Uitspraak Huurcommissie")
    _check(page, assert_accessible, "uitkomst-fout")
    page.get_by_label("Nieuwe huur per maand (euro)").fill("950,00")
    page.get_by_role("button", name="Uitkomst vastleggen").click()

    block = page.get_by_role("region", name="Uitkomsten")
    expect(block).to_contain_text("van € 1.250,00 naar € 950,00 per maand (€ 300,00 lager)")
    _check(page, assert_accessible, "casus-uitkomsten")

    page.get_by_role("button", name="Uitloggen").click()
    login(page, "procesregisseur.dirv")
    page.goto("/sturing/")
    run_worker()  # the page shows the figures once the worker has computed them
    section = page.get_by_role("region", name="Uitkomsten")
    expect(section).to_contain_text("Gemiddelde verlaging per maand€ 300", timeout=15_000)
    expect(section).to_contain_text("€ 500")
    _check(page, assert_accessible, "sturing-uitkomsten")
