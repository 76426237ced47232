"""The case page as a workspace in a real browser: the director adds an owner with the
picker, adds an address on which another case runs (warned while choosing, confirmed
after), sees the warning on the case page with a link to the other case, and joins it.
axe and the width check at 390 px and 1366 px."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from goedwonen.accounts.models import User
from goedwonen.casussen.models import Casus
from goedwonen.casussen.services.cases import casus_create
from goedwonen.intake.models import Melding
from goedwonen.registry.models import Adres

pytestmark = pytest.mark.e2e

Login = Callable[..., None]
AssertAccessible = Callable[[Page], None]
WIDTHS = {"telefoon": 390, "laptop": 1366}
# A folder to save screenshots of the pages in, to look at them (not needed for the test).
SCREENSHOTS = Path(os.environ["E2E_SCREENSHOTS"]) if "E2E_SCREENSHOTS" in os.environ else None


def _check(page: Page, assert_accessible: AssertAccessible, name: str) -> None:
    """At both widths: nothing wider than the screen, axe finds nothing."""
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(50)
        scroll = page.evaluate("document.scrollingElement.scrollWidth")
        assert scroll <= width, f"{page.url} is {scroll} px wide on a {width} px screen"
        assert_accessible(page)
        if SCREENSHOTS is not None:
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)


@pytest.fixture
def cases(triaged: Melding) -> tuple[Casus, Casus]:
    """The director's case from the triaged report on Carnisselaan 10, and another open
    case of the same organisation on Dordtselaan 7-2."""
    director = User.objects.get(username="regisseur.so")
    mine = casus_create(
        actor=director,
        titel="Overbewoning Carnisselaan",
        categorieen=["overbewoning"],
        casusregisseur=director,
        meldingen=[triaged],
    )
    other = casus_create(
        actor=director,
        titel="Woonoverlast Dordtselaan",
        categorieen=["woonoverlast"],
        casusregisseur=director,
        herkomst="casustafel",
        adressen=[Adres.objects.get(nummeraanduiding="0599200000000004")],
    )
    return mine, other


def test_director_adds_an_owner_and_an_address_and_joins_the_other_case(
    page: Page,
    cases: tuple[Casus, Casus],
    triaged: Any,
    login: Login,
    assert_accessible: AssertAccessible,
) -> None:
    mine, other = cases
    login(page, "regisseur.so")
    page.goto(f"/casussen/{mine.referentie}")
    expect(page.locator("#casus-status")).to_have_text("Geregistreerd")
    # Address, owner and report lead to their pages.
    expect(page.get_by_role("region", name="Adressen").get_by_role("link")).to_have_attribute(
        "href", "/adressen/0599200000000001"
    )
    expect(
        page.get_by_role("region", name="Meldingen").get_by_role("link", name=triaged.referentie)
    ).to_have_attribute("href", f"/meldingen/{triaged.pk}")
    _check(page, assert_accessible, "casus")

    # The owner picker: a part of the name, then the owner from the suggestions.
    page.get_by_role("link", name="Eigenaar of partij toevoegen").click()
    dialog = page.get_by_role("dialog", name="Eigenaar of partij toevoegen")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Rol").select_option(label="Verhuurder")
    dialog.get_by_label("Zoek een eigenaar in de registratie").press_sequentially("verhuur")
    dialog.get_by_label("Verhuur BV · rechtspersoon · KvK 12345678").check()
    _check(page, assert_accessible, "eigenaar-kiezen")
    dialog.get_by_role("button", name="Partij toevoegen").click()
    expect(page.get_by_text("Verhuurder toegevoegd.")).to_be_visible()
    expect(
        page.get_by_role("region", name="Partijen").get_by_role("link", name="Verhuur BV")
    ).to_have_attribute("href", "/eigenaren/K12345678")

    # The address picker warns while choosing; the service asks to confirm.
    page.get_by_role("link", name="Adres toevoegen").click()
    dialog = page.get_by_role("dialog", name="Adres toevoegen")
    dialog.get_by_label("Zoek het adres").press_sequentially("Dordtselaan 7")
    choice = dialog.get_by_label("Dordtselaan 7-2, 3073AB Rotterdam", exact=False)
    expect(choice).to_be_visible()
    expect(dialog).to_contain_text(
        f"Let op: op dit adres loopt al een andere open casus: {other.referentie}."
    )
    _check(page, assert_accessible, "adres-kiezen")
    choice.check()
    dialog.get_by_role("button", name="Adres toevoegen").click()
    dialog = page.get_by_role("dialog", name="Adres toevoegen")
    expect(dialog).to_contain_text("loopt al een andere open casus")
    expect(dialog.get_by_label("Dordtselaan 7-2, 3073 AB Rotterdam")).to_be_checked()
    dialog.get_by_label(f"casus {other.referentie}").check()
    dialog.get_by_role("button", name="Adres toevoegen").click()
    expect(page.get_by_text("is aan de casus toegevoegd.")).to_be_visible()

    # The case page warns of the other open case, links it, and joins it.
    warning = page.locator("#andere-open-casussen")
    expect(warning.get_by_role("link", name=f"casus {other.referentie}")).to_have_attribute(
        "href", f"/casussen/{other.referentie}"
    )
    _check(page, assert_accessible, "waarschuwing")
    warning.get_by_role("button", name=f"Samenvoegen met casus {other.referentie}").click()
    expect(page.get_by_text(f"is samengevoegd met casus {other.referentie}")).to_be_visible()
    assert Melding.objects.get(pk=triaged.pk).casus_id == other.pk


def test_the_actions_open_in_a_dialog_that_escape_closes(
    page: Page, cases: tuple[Casus, Casus], login: Login, assert_accessible: AssertAccessible
) -> None:
    mine, _other = cases
    login(page, "regisseur.so")
    page.goto(f"/casussen/{mine.referentie}")
    opener = page.get_by_role("link", name="Notitie toevoegen")
    opener.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Notitie toevoegen")
    expect(dialog).to_be_visible()
    _check(page, assert_accessible, "notitie")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(opener).to_be_focused()
    # A form that comes back with an error opens its dialog again, with the message.
    opener.click()
    dialog.get_by_role("button", name="Notitie opslaan").click()
    dialog = page.get_by_role("dialog", name="Notitie toevoegen")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Controleer het formulier")
