"""Integral actions in a real browser (acties lane): the case director opens the list with
the count against the target, the demo action in Carnisse, adds Stedin as a participant,
sets the entry basis of an address and plans the action; the police officer sees the action
without the selection's reasons. Every page is checked with axe at 390 px and 1366 px,
without horizontal scrolling at 390 px."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from goedwonen.acties.demo import NAAM, acties_demo_seed
from goedwonen.acties.models import Actie
from goedwonen.registry.importer.run import import_folder
from tests.registry.conftest import write_folder

pytestmark = pytest.mark.e2e

AssertAccessible = Callable[[Page], None]
WIDTHS = (390, 1366)
SHOTS = os.environ.get("GOEDWONEN_E2E_SHOTS", "")


def check_both_widths(page: Page, assert_accessible: AssertAccessible, name: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
        if width == 390:
            assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url
        if SHOTS:
            page.screenshot(path=str(Path(SHOTS) / f"acties-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_the_director_sets_up_and_plans_the_demo_action(
    new_page: Callable[[], Page],
    demo_users: object,
    login: Callable[..., None],
    assert_accessible: AssertAccessible,
    tmp_path: Path,
) -> None:
    import_folder(actor=None, folder=write_folder(tmp_path / "levering"), progress=False)
    acties_demo_seed()  # the city is there now: the demo action gets its addresses
    actie = Actie.objects.get(naam=NAAM)
    assert actie.adressen.exists()

    regisseur = new_page()
    login(regisseur, "regisseur.so")
    regisseur.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Integrale acties"
    ).click()
    expect(regisseur.get_by_role("heading", name="Integrale acties", level=1)).to_be_visible()
    expect(regisseur.locator("#telling")).to_contain_text("0 van 12 integrale acties in")
    check_both_widths(regisseur, assert_accessible, "lijst")

    regisseur.get_by_role("link", name=NAAM).click()
    expect(regisseur.get_by_role("heading", name=NAAM, level=1)).to_be_visible()
    check_both_widths(regisseur, assert_accessible, "actie")

    regisseur.get_by_role("link", name="Organisatie toevoegen").click()
    regisseur.get_by_label("Organisatie", exact=True).select_option(label="Stedin")
    regisseur.get_by_label("Grondslag").fill("Convenant, art. 6; Elektriciteitswet")
    regisseur.get_by_label("Adressen en objecten").check()
    regisseur.get_by_label("Slechte staat / achterstallig onderhoud").check()
    check_both_widths(regisseur, assert_accessible, "partner")
    regisseur.get_by_role("button", name="Organisatie toevoegen").click()
    expect(regisseur.get_by_role("cell", name="Stedin", exact=True)).to_be_visible()

    regisseur.get_by_role("link", name="Wijzigen binnentreden en veiligheid").first.click()
    regisseur.get_by_label("Machtiging tot binnentreden verleend").check()
    regisseur.get_by_label("Veiligheidsaandachtspunten").fill("Hond in de gang")
    check_both_widths(regisseur, assert_accessible, "adres")
    regisseur.get_by_role("button", name="Opslaan").click()
    expect(regisseur.get_by_text("Hond in de gang")).to_be_visible()

    regisseur.get_by_role("button", name="Actie plannen").click()
    expect(regisseur.locator("#actie-status")).to_have_text("Gepland")
    check_both_widths(regisseur, assert_accessible, "gepland")

    agent = new_page()
    login(agent, "partner.politie")
    agent.goto(f"/acties/{actie.pk}/")
    expect(agent.get_by_role("heading", name=NAAM, level=1)).to_be_visible()
    expect(agent.get_by_text("Hond in de gang")).to_be_visible()
    expect(agent.get_by_text("Redenen (signaal, geen bewijs)")).to_have_count(0)
    expect(agent.get_by_role("button", name="Actie plannen")).to_have_count(0)
