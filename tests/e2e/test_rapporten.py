"""The process director generates the signal report in a real browser (issue 17, acceptance):
opens the reports page, opens the signal report for a year, writes its narrative, and
downloads its PDF. Every page is checked with axe at 390 px and 1366 px, without horizontal
scrolling at 390 px."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from django.utils import timezone

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
            page.screenshot(path=str(Path(SHOTS) / f"rapporten-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_the_director_generates_the_signal_report_and_its_pdf(
    new_page: Callable[[], Page],
    demo_users: object,
    login: Callable[..., None],
    assert_accessible: AssertAccessible,
    tmp_path: Path,
) -> None:
    import_folder(actor=None, folder=write_folder(tmp_path / "levering"), progress=False)
    jaar = timezone.localdate().year - 1

    director = new_page()
    login(director, "procesregisseur.dirv")
    director.goto("/sturing/rapporten/")
    expect(director.get_by_role("heading", name="Rapporten", level=1)).to_be_visible()
    director.get_by_label("Soort rapport").select_option(label="Signaleringsrapportage")
    director.get_by_label("Jaar").fill(str(jaar))
    check_both_widths(director, assert_accessible, "keuze")

    director.get_by_role("button", name="Openen").click()
    expect(
        director.get_by_role("heading", name=f"Signaleringsrapportage {jaar}", level=1)
    ).to_be_visible()
    expect(director.get_by_role("heading", name="Hotspots per buurt")).to_be_visible()
    check_both_widths(director, assert_accessible, "rapport")

    director.get_by_role("link", name="Toelichting schrijven").click()
    director.get_by_label("Samenvatting").fill("Meer meldingen van overbewoning in Carnisse.")
    check_both_widths(director, assert_accessible, "toelichting")
    director.get_by_role("button", name="Opslaan als nieuwe versie").click()
    expect(director.locator("#versies")).to_contain_text("Versie 1:")
    director.get_by_role("link", name="Het rapport bekijken").click()
    expect(director.get_by_text("Meer meldingen van overbewoning in Carnisse.")).to_be_visible()

    with director.expect_download() as download:
        director.get_by_role("link", name="Download als PDF").click()
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert download.value.suggested_filename == f"signalering-{jaar}.pdf"
