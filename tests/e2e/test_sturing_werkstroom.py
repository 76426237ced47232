"""The dashboard's work sections and the pseudonymised analysis file in the browser (issue
17, points 2 and 7): the analyst sees each section with its chart and table, and downloads
the analysis file, at 390 and 1366 px, accessible; the file holds no address or name."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from django.utils import timezone

pytestmark = pytest.mark.e2e

WIDTHS = (390, 1366)
SHOTS = os.environ.get("GOEDWONEN_SCREENSHOTS", "")


def _at_widths(page: Page, name: str, assert_accessible: Callable[[Page], None]) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
        assert_accessible(page)
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)


def test_the_analyst_reads_the_work_sections_and_downloads_the_analysis_file(
    page: Page,
    triaged: Any,
    login: Callable[..., None],
    assert_accessible: Callable[[Page], None],
    run_worker: Callable[[], None],
) -> None:
    login(page, "analist.so")
    page.goto("/sturing/")
    run_worker()  # the page shows the figures once the worker has computed them
    for titel in (
        "Doorstroom en doorlooptijden",
        "Trefkans van controles",
        "Open werk per organisatie",
    ):
        expect(page.get_by_role("heading", name=titel)).to_be_visible(timeout=15_000)
    expect(
        page.get_by_role("img", name=f"Aantal per stap in {timezone.localdate().year}")
    ).to_be_visible()
    _at_widths(page, "sturing-werkstroom", assert_accessible)

    page.goto("/sturing/analyse-export/")
    _at_widths(page, "sturing-analyse-export", assert_accessible)
    page.get_by_label("Van", exact=True).fill(
        timezone.localdate().replace(day=1, month=1).isoformat()
    )
    page.get_by_label("Tot en met").fill(timezone.localdate().isoformat())
    page.get_by_label("Doel van de analyse").fill("Trendanalyse overbewoning GGD")
    with page.expect_download() as info:
        page.get_by_role("button", name="Bestand downloaden (CSV)").click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    assert text.startswith("soort;pseudoniem;")
    assert "melding" in text
    for revealing in ("Carnisselaan", "3083", "Jansen", "matrassen"):
        assert revealing not in text
