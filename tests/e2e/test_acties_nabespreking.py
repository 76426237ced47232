"""The debrief of an integral action in a real browser, at phone and laptop width: the
demo's case director reads the outcome per address, records what follows at one address,
closes the action and reads the report with the hit rate against the selection's ranking;
the police contact reads the report's totals without addresses. axe finds nothing."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from goedwonen.accounts.demo import DemoUser
from goedwonen.accounts.models import Organisatie, Rol, User
from goedwonen.acties.models import Actie
from goedwonen.inspecties.models import Toegang

from ..acties.support_nabespreking import action_from, approved_selection, dwelling, skip, visit

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
SHOTS = os.environ.get("GOEDWONEN_SCREENSHOTS", "")


@pytest.fixture
def debriefed(demo_users: list[DemoUser]) -> Actie:
    """An action of today led by the demo's case director on six ranked addresses, the
    police taking part: four visited (two with a violation, one refused), one skipped."""
    people = {u.username: u for u in User.objects.all()}
    regisseur = people["regisseur.so"]
    inspecteur = User.objects.create_user(
        username="inspecteur.so", organisatie=regisseur.organisatie, first_name="Ina"
    )
    inspecteur.rollen.add(Rol.objects.get(code="toezichthouder"))
    adressen = [dwelling(n, owner="Verhuur B.V." if n == 1 else "") for n in range(1, 7)]
    selectie = approved_selection(people["analist.so"], adressen)
    actie = action_from(
        selectie,
        organisator=regisseur,
        leden=[inspecteur, people["partner.politie"]],
        politie=Organisatie.objects.get(code="politie"),
    )
    rows = list(actie.adressen.order_by("rang"))
    visit(rows[0], inspecteur, vastgesteld=["overbewoning"])
    visit(rows[1], inspecteur, vastgesteld=["overbewoning", "te_hoge_huur"])
    visit(rows[2], inspecteur, niet_vastgesteld=["overbewoning"])
    visit(rows[3], inspecteur, Toegang.GEWEIGERD)
    skip(rows[4], "Agressieve hond")
    return actie


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _no_horizontal_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["390", "1366"])
def test_the_director_debriefs_closes_and_reads_the_report(
    debriefed: Actie,
    size: dict[str, int],
    new_page: Callable[[], Page],
    login: Callable[..., None],
    assert_accessible: Callable[[Page], None],
) -> None:
    width = size["width"]
    director = new_page()
    director.set_viewport_size(size)
    login(director, "regisseur.so")
    director.goto(f"/acties/{debriefed.pk}/nabespreking/")
    expect(director.get_by_role("heading", name=f"Nabespreking: {debriefed.naam}")).to_be_visible()
    expect(director.get_by_text("Overgeslagen: Agressieve hond")).to_be_visible()
    _no_horizontal_scroll(director)
    assert_accessible(director)
    _shot(director, f"nabespreking-{width}")

    director.get_by_role("link", name="Opvolgen Actiestraat 1, 3083 ZZ Rotterdam").click()
    expect(director.get_by_role("heading", name="Opvolging: Actiestraat 1")).to_be_visible()
    _no_horizontal_scroll(director)
    assert_accessible(director)
    _shot(director, f"opvolging-{width}")
    director.get_by_label("Wat volgt er").fill("Hercontrole met de politie in maart")
    director.get_by_role("button", name="Vervolg opslaan").click()
    expect(director.get_by_text("Vervolg opgeslagen.")).to_be_visible()
    director.get_by_role("button", name="Taak vastleggen").click()  # empty: errors beside
    expect(director.get_by_text("Dit veld is vereist.").first).to_be_visible()
    assert_accessible(director)

    director.goto(f"/acties/{debriefed.pk}/nabespreking/")
    director.get_by_label("Opmerkingen bij de nabespreking").fill("Goede samenwerking")
    director.get_by_role("button", name="Actie afronden").click()
    expect(director.get_by_text("De actie is afgerond. 2 niet bezochte adressen")).to_be_visible()
    expect(director.get_by_test_id("actiestatus")).to_contain_text("Afgerond")

    director.get_by_role("link", name="Rapport van de actie").click()
    expect(director.get_by_test_id("trefkans")).to_contain_text("66,7%: bij 2 van de 3")
    expect(
        director.get_by_role("img", name="Trefkans per deel van de rangorde", exact=False)
    ).to_be_visible()
    expect(director.get_by_test_id("banden")).to_contain_text("Bovenste derde")
    expect(
        director.get_by_role("heading", name="Per adres (alleen voor organisatoren)")
    ).to_be_visible()
    _no_horizontal_scroll(director)
    assert_accessible(director)
    _shot(director, f"rapport-{width}")

    police = new_page()
    police.set_viewport_size(size)
    login(police, "partner.politie")
    police.goto(f"/acties/{debriefed.pk}/rapport/")
    expect(police.get_by_test_id("trefkans")).to_contain_text("66,7%")
    expect(police.get_by_text("Het rapport toont alleen totalen, geen adressen.")).to_be_visible()
    assert "Actiestraat" not in police.content()
    assert_accessible(police)
    police.goto(f"/acties/{debriefed.pk}/nabespreking/")
    expect(police.get_by_text("Niet bezocht").first).to_be_visible()
    assert "Overbewoning" not in police.content()
    assert_accessible(police)
