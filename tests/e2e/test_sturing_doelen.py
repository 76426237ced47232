"""The process director sees the plan's 1,250-cases target with its realisation per focus
area on the dashboard, and clicks through to the cases behind a figure; axe finds nothing
at 390 and 1366 px (issue 17, acceptance 1: the dashboard part)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from goedwonen.accounts.models import Organisatie, Rol, User
from goedwonen.casussen.services.cases import casus_create
from goedwonen.core.policy import Capability
from tests.scenario import share_case

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Set GOEDWONEN_E2E_SHOTS to a folder to keep a screenshot of each page at both widths.
SHOTS = os.environ.get("GOEDWONEN_E2E_SHOTS", "")


def _both_widths(page: Page, assert_accessible: Callable[[Page], None], name: str) -> None:
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
        if width == 390:
            assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url
        if SHOTS:
            page.screenshot(path=str(Path(SHOTS) / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_the_process_director_sees_the_target_per_area_and_the_cases_behind_it(
    triaged: Any,
    new_page: Callable[[], Page],
    login: Callable[..., None],
    assert_accessible: Callable[[Page], None],
) -> None:
    regisseur = User.objects.get(username="regisseur.so")
    casus = casus_create(
        actor=regisseur,
        titel="Carnisse 10: overbewoning",
        categorieen=["overbewoning"],
        casusregisseur=regisseur,
        meldingen=[triaged],
    )
    # The demo's process director sees no cases; here the case is shared with the
    # directorate and the director may read shared cases.
    share_case(casus, regisseur, Organisatie.objects.get(code="dirv"), ["objecten"])
    lezer = Rol.objects.create(code="lezer", naam="Lezer", capabilities=[Capability.CASES_VIEW])
    User.objects.get(username="procesregisseur.dirv").rollen.add(lezer)

    page = new_page()
    login(page, "procesregisseur.dirv")
    page.get_by_role("link", name="Sturing").first.click()
    target = page.get_by_role("article", name="Nieuwe casussen in behandeling in de vijf")
    expect(target).to_contain_text("1.250 casussen per jaar")
    table = target.get_by_role("table", name="per gebied")
    expect(table.get_by_role("row", name="Carnisse")).to_contain_text("1")
    expect(table.get_by_role("row", name="Bloemhof")).to_contain_text("0")
    _both_widths(page, assert_accessible, "sturing")

    table.get_by_role("link", name="1 casussen in Carnisse: toon de lijst").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nieuwe casussen")
    expect(page.get_by_role("link", name=casus.referentie)).to_be_visible()
    _both_widths(page, assert_accessible, "sturing-lijst")

    # The targets, one target's versions, and a new version with a mistake in it.
    page.goto("/sturing/doelen/")
    _both_widths(page, assert_accessible, "sturing-doelen")
    page.get_by_role("link", name="Nieuwe casussen in behandeling in de vijf focusgebieden").click()
    _both_widths(page, assert_accessible, "sturing-doel")
    page.get_by_role("link", name="Nieuwe versie vaststellen").click()
    page.get_by_label("Nieuwe waarde (casussen)").fill("1400")
    page.get_by_role("button", name="Versie vaststellen").click()
    expect(page.get_by_role("alert")).to_contain_text("Geef de reden van de wijziging.")
    _both_widths(page, assert_accessible, "sturing-doel-wijzigen")
    page.get_by_label("Reden van de wijziging").fill("Meer capaciteit in 2027")
    page.get_by_role("button", name="Versie vaststellen").click()
    versions = page.get_by_role("table", name="Alle versies, de laatst vastgestelde eerst")
    expect(versions).to_contain_text("Meer capaciteit in 2027")
    expect(versions).to_contain_text("1250")
