"""Acceptance (issue 17), in a real browser: the process director sees the plan's 1,250-cases
target with its realisation per focus area on the dashboard, clicks through to the cases
behind a figure, sets a new version of the target, then generates the signal report for the
year, writes its narrative and opens its PDF. axe finds nothing on any page at 390 and
1366 px, and nothing scrolls sideways at 390 px."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from django.utils import timezone

from goedwonen.accounts.models import Organisatie, Rol, User
from goedwonen.casussen.services.cases import casus_create
from goedwonen.core.policy import Capability
from tests.documenten.pdftext import pdf_text
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


def test_the_director_steers_on_the_target_and_generates_the_signal_report(
    triaged: Any,
    new_page: Callable[[], Page],
    login: Callable[..., None],
    assert_accessible: Callable[[Page], None],
    run_worker: Callable[[], None],
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
    # The worker computes the figures; the page says so, and shows them once they are there.
    expect(page.get_by_role("status")).to_contain_text("De cijfers worden berekend")
    assert_accessible(page)
    run_worker()
    target = page.get_by_role("article", name="Nieuwe casussen in behandeling in de vijf")
    expect(target).to_contain_text("1.250 casussen per jaar", timeout=15_000)
    expect(page.get_by_text("De cijfers worden berekend")).to_have_count(0)
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

    # The signal report of this year, from the dashboard: its narrative, then its PDF.
    jaar = timezone.localdate().year
    page.get_by_role("link", name="Sturing").first.click()
    page.get_by_role("link", name="Rapportages").click()
    expect(page.get_by_role("heading", name="Rapporten", level=1)).to_be_visible()
    page.get_by_label("Soort rapport").select_option(label="Signaleringsrapportage")
    page.get_by_label("Jaar").fill(str(jaar))
    _both_widths(page, assert_accessible, "rapporten")
    page.get_by_role("button", name="Openen").click()
    expect(
        page.get_by_role("heading", name=f"Signaleringsrapportage {jaar}", level=1)
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Hotspots per buurt")).to_be_visible()
    _both_widths(page, assert_accessible, "rapport")

    page.get_by_role("link", name="Toelichting schrijven").click()
    page.get_by_label("Samenvatting").fill("Meer meldingen van overbewoning in Carnisse.")
    _both_widths(page, assert_accessible, "toelichting")
    page.get_by_role("button", name="Opslaan als nieuwe versie").click()
    expect(page.locator("#versies")).to_contain_text("Versie 1:")
    page.get_by_role("link", name="Het rapport bekijken").click()
    expect(page.get_by_text("Meer meldingen van overbewoning in Carnisse.")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download als PDF").click()
    assert download.value.suggested_filename == f"signalering-{jaar}.pdf"
    text = pdf_text(Path(download.value.path()).read_bytes())
    assert f"Signaleringsrapportage {jaar}" in text
    assert "Meer meldingen van overbewoning in Carnisse." in text

    # Established as published: the PDF kept as it went out, and the target counts it.
    page.get_by_role("button", name="Rapport vaststellen").click()
    expect(page.locator("#vaststellingen")).to_contain_text("de PDF zoals hij uitging")
    page.goto("/sturing/")
    expect(page.get_by_role("status")).to_contain_text("Nieuwere cijfers worden berekend")
    run_worker()
    report_target = page.get_by_role("article", name="Signaleringsrapportage")
    expect(report_target).to_contain_text("1 (100% van het doel voor het jaar, 1)", timeout=15_000)
