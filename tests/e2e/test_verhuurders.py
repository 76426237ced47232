"""The landlord monitor in a real browser: a jurist plans a warning talk from the owner's page,
records it, and finds the owner in monitoring; the alerts and the stop-talk candidates pages;
axe-core on each."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from django.utils import timezone

from goedwonen.registry.importer.run import import_folder
from tests.registry.conftest import write_folder

pytestmark = pytest.mark.e2e

Login = Callable[..., None]
AssertAccessible = Callable[[Page], None]


@pytest.fixture
def city(demo_users, tmp_path: Path) -> None:
    import_folder(actor=None, folder=write_folder(tmp_path / "levering"), progress=False)


def test_a_jurist_holds_a_warning_talk_and_follows_the_owner(
    page: Page, city: None, login: Login, assert_accessible: AssertAccessible
) -> None:
    login(page, "jurist.dirv")
    page.goto("/eigenaren/E1")
    expect(page.get_by_role("heading", name="Verhuurdermonitor")).to_be_visible()
    expect(page.get_by_text("Niet in monitoring.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Gesprek plannen").click()
    assert_accessible(page)
    page.get_by_label("Soort gesprek").select_option("waarschuwingsgesprek")
    page.get_by_label("Datum van het gesprek").fill(
        (timezone.localdate() + timedelta(days=7)).isoformat()
    )
    page.get_by_label("Tijd").fill("10:00")
    page.get_by_label("Locatie").fill("Stadskantoor, kamer 4.12")
    page.get_by_label("Aanleiding").fill("Overbewoning vastgesteld aan de Carnisselaan 10.")
    page.get_by_role("button", name="Uitnodigen en brief maken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Waarschuwingsgesprek met Jansen, J.")
    expect(page.get_by_role("link", name="Uitnodiging (PDF) downloaden")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Gehouden op").fill((timezone.localdate() - timedelta(days=1)).isoformat())
    page.get_by_label("Deelnemers").fill("J. Jansen; Julia Jurist")
    page.get_by_label("Afspraken").fill("Binnen vier weken niet meer dan vier bewoners.")
    page.get_by_role("button", name="Gesprek vastleggen").click()
    expect(page.get_by_role("status")).to_contain_text("Waarschuwingsgesprek vastgelegd")
    assert_accessible(page)

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Verhuurders").click()
    expect(page.get_by_role("table")).to_contain_text("Jansen, J.")
    assert_accessible(page)
    page.get_by_role("link", name="Recidivesignaleringen").click()
    expect(page.get_by_text("Geen open signaleringen.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Stopgesprekkandidaten").click()
    expect(page.get_by_role("heading", name="Te besluiten (0)")).to_be_visible()
    assert_accessible(page)
