"""Intake in a real browser: a resident reports with a photo at /melden (no login), a handler
triages the report as multidisciplinary in the work queue, and the resident's status page
shows the new status. axe-core on every page on the way."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from django.core.cache import cache

from goedwonen.intake.models import Bijlage, Melding
from goedwonen.registry.importer.run import import_folder
from tests.registry.conftest import write_folder

pytestmark = pytest.mark.e2e

Login = Callable[..., None]
AssertAccessible = Callable[[Page], None]


@pytest.fixture
def city(demo_users, tmp_path: Path) -> Iterator[None]:
    import_folder(actor=None, folder=write_folder(tmp_path / "levering"), progress=False)
    cache.clear()  # the reporting point's rate limit counts per client address
    yield
    cache.clear()


@pytest.fixture
def other_page(new_page: Callable[[], Page]) -> Page:
    """A second browser, for the other party (its own cookies)."""
    return new_page()


def _photo() -> dict[str, object]:
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010E] = "GPS 51.88N 4.49E"
    Image.new("RGB", (64, 48), (30, 120, 200)).save(out, format="JPEG", exif=exif)
    return {"name": "matrassen.jpg", "mimeType": "image/jpeg", "buffer": out.getvalue()}


def test_resident_reports_handler_triages_status_page_follows(
    page: Page,
    other_page: Page,
    city: None,
    login: Login,
    assert_accessible: AssertAccessible,
) -> None:
    # The resident, not signed in.
    page.goto("/melden")
    expect(page.get_by_role("heading", level=1)).to_have_text("Misstand bij wonen melden")
    assert_accessible(page)

    # A first try without a description: field errors, and the page stays accessible.
    page.get_by_label("Postcode").fill("3083 AB")
    page.get_by_label("Huisnummer").fill("10")
    page.get_by_role("button", name="Adres controleren").click()
    expect(page.get_by_text("Adres gevonden: Carnisselaan 10, 3083AB Rotterdam")).to_be_visible()
    page.get_by_label("Er wonen te veel mensen in de woning").check()
    page.get_by_role("button", name="Melding versturen").click()
    expect(page.get_by_role("alert")).to_contain_text("Beschrijf wat er aan de hand is.")
    expect(page.get_by_label("Postcode")).to_have_value("3083 AB")
    assert_accessible(page)

    page.get_by_label("Wat is er aan de hand?").fill(
        "Elke avond komen er busjes met arbeidsmigranten; er liggen tien matrassen."
    )
    page.get_by_label("Foto's of PDF-bestanden").set_input_files([_photo()])
    page.get_by_role("button", name="Melding versturen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Bedankt, wij hebben uw melding ontvangen"
    )
    referentie = page.locator("#kenmerk").inner_text()
    assert re.fullmatch(r"GW-[A-Z0-9]{4}-[A-Z0-9]{4}", referentie)
    status_link = page.locator("#statuslink").get_attribute("href")
    assert status_link and f"/melden/status/{referentie}/" in status_link
    expect(page.get_by_text("1 bestand", exact=True)).to_be_visible()
    assert_accessible(page)
    melding = Melding.objects.get(referentie=referentie)
    assert melding.adres is not None
    assert Bijlage.objects.filter(melding=melding, soort="image/jpeg").count() == 1

    page.goto(status_link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Status van uw melding")
    expect(page.locator("#huidige-status")).to_have_text("Uw melding is ontvangen.")
    assert_accessible(page)

    # The handler of the area finds it in the work queue and triages it.
    login(other_page, "behandelaar.sb")
    other_page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Meldingen"
    ).click()
    expect(other_page.get_by_role("heading", level=1)).to_have_text("Meldingen")
    assert_accessible(other_page)
    other_page.get_by_role("link", name=referentie).click()
    expect(other_page.get_by_role("heading", level=1)).to_contain_text(referentie)
    assert_accessible(other_page)
    # The resident's photo shows on the report page, opened through its own (logged) route.
    photo = other_page.locator("#bijlagen img")
    expect(photo).to_be_visible()
    assert photo.evaluate("img => img.complete && img.naturalWidth") > 0
    other_page.get_by_label("Multidisciplinair").check()
    _select_director(other_page)
    other_page.get_by_label("Reden").fill("Vermoeden van uitbuiting: samen met partners oppakken.")
    other_page.get_by_role("button", name="Triage vastleggen").click()
    expect(other_page.get_by_text("Doorgezet naar casusregie").first).to_be_visible()
    assert_accessible(other_page)

    # The resident's status page shows the new status, and nothing of the case.
    page.goto(status_link)
    expect(page.locator("#huidige-status")).to_have_text(
        "Uw melding wordt samen met partners opgepakt."
    )
    expect(page.locator("#verloop")).to_contain_text("Uw melding wordt beoordeeld.")
    content = page.locator("main").inner_text()
    for internal in ["uitbuiting", "Regisseur", "Behandelaar", "Team Carnisse", "Carnisselaan"]:
        assert internal not in content
    assert_accessible(page)


def _select_director(page: Page) -> None:
    select = page.get_by_label("Casusregisseur")
    label = next(
        text
        for text in select.locator("option").all_inner_texts()
        if text.startswith("Cem Regisseur")
    )
    select.select_option(label=label)


def test_reporting_works_without_javascript_for_an_unknown_address(
    browser: Browser, live_server: Any, city: None
) -> None:
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/melden")
    page.get_by_label("Postcode").fill("3083 AB")
    page.get_by_label("Huisnummer").fill("999")
    page.get_by_role("button", name="Adres controleren").click()
    expect(page.get_by_text("Dit adres hebben wij niet gevonden")).to_be_visible()
    page.get_by_label("Iets anders: zorgen over uitbuiting van bewoners").check()
    page.get_by_label("Wat is er aan de hand?").fill("Er wonen mensen in een schuur.")
    page.get_by_role("button", name="Melding versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Bedankt, wij hebben uw melding ontvangen"
    )
    referentie = page.locator("#kenmerk").inner_text()
    melding = Melding.objects.get(referentie=referentie)
    assert melding.adres is None and melding.opgegeven_adres == "3083AB 999"
    assert melding.categorie == "uitbuiting"
    context.close()
