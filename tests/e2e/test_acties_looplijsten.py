"""Walk lists and the briefing in a real browser (looplijsten lane): the case director makes
the walk lists of an action with two teams and sees the routes on the map and in the tables;
the police officer in team 1 reads the team's briefing without the owner or the reasons.
Every page is checked with axe at 390 px and at 1366 px, without horizontal scrolling at
390 px."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from goedwonen.accounts.models import Organisatie, User
from goedwonen.acties.models import Actie
from tests.acties.support_looplijsten import X0, Y0, action, address, dwelling, police_partner, team

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


@pytest.fixture
def actie(demo_users: object) -> Actie:
    regisseur = User.objects.get(username="regisseur.so")
    actie = action(regisseur, status="gepland", per_team=4)
    police_partner(actie, Organisatie.objects.get(code="politie"))
    team(
        actie,
        "Team 1",
        User.objects.get(username="inspecteur.sb"),
        User.objects.get(username="partner.politie"),
        volgorde=1,
    )
    team(actie, "Team 2", User.objects.get(username="behandelaar.sb"), volgorde=2)
    for n in range(9):
        address(
            actie,
            dwelling(
                n + 1,
                X0 + (n % 2) * 600 + (n // 2) * 35,
                Y0 + (n % 2) * 200,
                owner=f"Eigenaar{n + 1}",
            ),
            rang=n + 1,
            veiligheid="Agressieve hond" if n == 0 else "",
            redenen=["Zes ingeschrevenen op 40 m²"],
        )
    return actie


def test_the_director_makes_walk_lists_and_the_police_reads_its_briefing(
    new_page: Callable[[], Page],
    actie: Actie,
    login: Callable[..., None],
    assert_accessible: AssertAccessible,
) -> None:
    regisseur = new_page()
    login(regisseur, "regisseur.so")
    regisseur.goto(f"/acties/{actie.pk}/looplijsten/")
    regisseur.get_by_role("button", name="Looplijsten maken").click()
    expect(
        regisseur.get_by_text("Looplijsten gemaakt: 8 adressen over 2 teams, 1 in reserve.")
    ).to_be_visible()
    expect(regisseur.get_by_role("table", name="Route van Team 1 (4 adressen)")).to_be_visible()
    expect(regisseur.get_by_role("table", name="Route van Team 2 (4 adressen)")).to_be_visible()
    expect(regisseur.locator(".gw-routepunt")).to_have_count(8)
    expect(regisseur.locator(".gw-routepunt").first).to_have_text("1")
    check_both_widths(regisseur, assert_accessible, "looplijsten")

    agent = new_page()
    login(agent, "partner.politie")
    agent.goto(f"/acties/{actie.pk}/looplijsten/")
    expect(agent.get_by_role("table", name="Route van Team 1 (4 adressen)")).to_be_visible()
    expect(agent.get_by_text("Team 2")).to_have_count(0)
    check_both_widths(agent, assert_accessible, "looplijsten-politie")
    agent.get_by_role("link", name="Briefing Team 1").click()
    expect(
        agent.get_by_role("heading", name="Briefing Team 1: Actie Tarwewijk", level=1)
    ).to_be_visible()
    expect(agent.get_by_text("Agressieve hond")).to_be_visible()
    expect(
        agent.get_by_text("Versie voor Politie Rotterdam, gefilterd op haar grondslag")
    ).to_be_visible()
    body = agent.locator("main").inner_text()
    assert "Eigenaar1" not in body and "Zes ingeschrevenen" not in body
    check_both_widths(agent, assert_accessible, "briefing-politie")

    regisseur.get_by_role("link", name="Briefing Team 1").click()
    expect(regisseur.get_by_text("Eigenaar1")).to_be_visible()
    check_both_widths(regisseur, assert_accessible, "briefing-regie")
