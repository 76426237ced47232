"""The reports queue as a worklist in a real browser: a handler finds a report that sits on
the last page by its reference, sorts by a column, saves the filter, and assigns the report
to a team. axe-core at 390 px and 1366 px."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from django.utils import timezone

from goedwonen.accounts.models import User
from goedwonen.core.models import OpgeslagenFilter
from goedwonen.intake.models import Melding
from goedwonen.intake.services.registration import melding_register
from goedwonen.registry.address_lookup import OpgegevenAdres
from goedwonen.registry.importer.run import import_folder
from tests.registry.conftest import write_folder

pytestmark = pytest.mark.e2e

# Set to a folder to keep a screenshot of each width, to look at by eye.
SCREENSHOTS = os.environ.get("GOEDWONEN_SCREENSHOTS", "")


@pytest.fixture
def reports(demo_users, tmp_path: Path) -> list[Melding]:
    """35 open reports, oldest first: the newest is on page 2 of the queue."""
    import_folder(actor=None, folder=write_folder(tmp_path / "levering"), progress=False)
    handler = User.objects.get(username="behandelaar.sb")
    return [
        melding_register(
            actor=handler,
            bron="telefoon",
            categorie="overbewoning",
            omschrijving="Veel bedden",
            adres=OpgegevenAdres(postcode="3083AB", huisnummer="10"),
            melder_soort="bewoner",
            ontvangen_op=timezone.now() - timedelta(days=40 - n),
        ).melding
        for n in range(35)
    ]


@pytest.mark.parametrize("width", [390, 1366])
def test_a_handler_finds_sorts_saves_and_assigns(
    page: Page,
    reports: list[Melding],
    login: Callable[..., None],
    assert_accessible: Callable[[Page], None],
    width: int,
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "behandelaar.sb")
    page.goto("/meldingen?wachtrij=alle")
    newest = reports[-1]
    expect(page.get_by_text("Pagina 1 van 2")).to_be_visible()
    expect(page.get_by_role("link", name=newest.referentie)).to_have_count(0)
    assert_accessible(page)
    if SCREENSHOTS:
        page.screenshot(path=Path(SCREENSHOTS) / f"meldingen-{width}.png", full_page=True)

    # Found by its reference, on the first page.
    page.get_by_label("Zoeken", exact=True).fill(newest.referentie)
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("link", name=newest.referentie)).to_be_visible()
    expect(page.get_by_text("1 open melding")).to_be_visible()

    # Sorted by a column: the header says so.
    page.goto("/meldingen?wachtrij=alle&categorie=overbewoning")
    page.get_by_role("link", name="Ontvangen, sorteer oplopend").click()
    expect(page.locator("th[aria-sort='ascending']")).to_have_text("Ontvangen, sorteer aflopend ▲")
    assert "sorteer=ontvangen" in page.url and "categorie=overbewoning" in page.url
    assert_accessible(page)

    # Saved, and listed above the list.
    page.get_by_label("Dit filter opslaan als").fill("Overbewoning, oudste eerst")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("link", name="Overbewoning, oudste eerst")).to_be_visible()
    saved = OpgeslagenFilter.objects.get().query
    assert "sorteer=ontvangen" in saved and "categorie=overbewoning" in saved

    # The oldest report, ticked, to a team.
    oldest = reports[0]
    page.get_by_label(f"Melding {oldest.referentie} selecteren").check()
    page.get_by_label("Aan team").select_option(index=1)
    page.get_by_role("button", name="Toewijzen").click()
    expect(page.get_by_text("1 melding(en) toegewezen aan")).to_be_visible()
    oldest.refresh_from_db()
    assert oldest.team is not None
    assert_accessible(page)
    if SCREENSHOTS:
        page.screenshot(path=Path(SCREENSHOTS) / f"toegewezen-{width}.png", full_page=True)
