"""An inspector records a home visit through the steps on a phone (390 px), in a real
browser: a reload in the middle keeps what was entered, the rooms step decides which rooms
the rent check asks for, the summary shows the visit, and recording it completes the visit
task of the case. Every step fits the screen and axe-core finds nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from django.urls import reverse
from django.utils import timezone

from goedwonen.accounts.models import User
from goedwonen.casussen.models import Casus, Onderdeel, Taak
from goedwonen.casussen.services.case_tasks import taak_create
from goedwonen.casussen.services.cases import casus_create
from goedwonen.inspecties.models import Bezoek
from goedwonen.intake.models import Melding
from tests.scenario import share_case

pytestmark = pytest.mark.e2e

Login = Callable[..., None]
AssertAccessible = Callable[[Page], None]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def visit_task(triaged: Melding) -> Taak:
    """The director's case on the triaged report, shared with Stadsbeheer, with a home-visit
    task for Stadsbeheer's inspectors."""
    regisseur = User.objects.get(username="regisseur.so")
    casus = casus_create(
        actor=regisseur,
        titel="Carnisselaan 10: overbewoning",
        categorieen=["overbewoning"],
        casusregisseur=regisseur,
        meldingen=[triaged],
    )
    inspecteur = User.objects.get(username="inspecteur.sb")
    share_case(casus, regisseur, inspecteur.organisatie, list(Onderdeel.values))
    return taak_create(
        actor=regisseur,
        casus=casus,
        titel="Woningbezoek Carnisselaan 10",
        organisatie=inspecteur.organisatie,
        deadline=timezone.localdate() + timedelta(days=7),
        woningbezoek=True,
    )


def _fits(page: Page, assert_accessible: AssertAccessible) -> None:
    page.wait_for_load_state("load")
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide on a 390 px screen"
    assert_accessible(page)


def _step(page: Page, title: str) -> None:
    expect(page.locator("#stap-kop")).to_contain_text(title)


def test_an_inspector_records_a_visit_in_steps_on_a_phone(
    new_page: Callable[[], Page],
    visit_task: Taak,
    login: Login,
    assert_accessible: AssertAccessible,
) -> None:
    casus: Casus = visit_task.casus
    page = new_page()
    page.set_viewport_size(PHONE)
    login(page, "inspecteur.sb")
    page.goto(reverse("bezoek-nieuw", args=[casus.referentie]))

    _step(page, "Stap 1 van 5: Bezoek")
    _fits(page, assert_accessible)
    page.locator("#id_toegang").select_option("verleend")
    page.get_by_label("Aanwezig van andere organisaties").fill("Politie (wijkagent)")
    page.get_by_role("button", name="Volgende").click()

    _step(page, "Personen")
    _fits(page, assert_accessible)
    page.get_by_label("Aangetroffen volwassenen").fill("6")
    page.get_by_label("Aangetroffen kinderen").fill("0")
    page.get_by_role("button", name="Volgende").click()

    # The browser reloads (a lost connection, a phone that closed the tab): nothing is lost.
    _step(page, "Bevindingen")
    page.reload()
    _step(page, "Bevindingen")
    page.get_by_role("link", name="Personen").click()
    expect(page.get_by_label("Aangetroffen volwassenen")).to_have_value("6")
    page.get_by_role("button", name="Volgende").click()

    _step(page, "Bevindingen")
    _fits(page, assert_accessible)
    page.locator("#id_bevinding-overbewoning").select_option("ja")
    page.get_by_label("Toelichting bij overbewoning").fill("Zes volwassenen op 60 m².")
    page.get_by_role("button", name="Volgende").click()

    # Which rooms there are decides what the rent check asks.
    _step(page, "Ruimten")
    _fits(page, assert_accessible)
    page.get_by_label("Ja, de huurprijstoets doen").check()
    page.get_by_label("Soort woonruimte").select_option("zelfstandig")
    page.locator("#id_keuze-ruimte_woonkamer").fill("1")
    page.locator("#id_keuze-ruimte_keuken").fill("1")
    page.locator("#id_keuze-ruimte_hal").fill("1")
    page.get_by_role("button", name="Volgende").click()
    _step(page, "Stap 5 van 6: Huurprijstoets")
    _fits(page, assert_accessible)
    rooms = page.locator("fieldset.gw-card > legend")
    expect(rooms).to_have_text(["Woonkamer", "Keuken", "Hal"])
    expect(page.get_by_label("Aanrecht (cm)")).to_have_count(1)  # the kitchen's only
    # The inspector decides against the rent check after all.
    page.get_by_role("button", name="Vorige").click()
    _step(page, "Ruimten")
    page.get_by_label("Nee, geen huurprijstoets").check()
    page.get_by_role("button", name="Volgende").click()

    _step(page, "Stap 5 van 5: Overzicht")
    _fits(page, assert_accessible)
    summary = page.locator("form.utrecht-form")
    expect(summary).to_contain_text("Politie (wijkagent)")
    expect(summary).to_contain_text("Zes volwassenen op 60 m².")
    assert not Bezoek.objects.exists()
    page.get_by_role("button", name="Bezoek vastleggen").click()

    expect(page.get_by_text("Woningbezoek is vastgelegd.")).to_be_visible()
    bezoek = Bezoek.objects.get()
    assert (bezoek.volwassenen, bezoek.partners) == (6, "Politie (wijkagent)")
    visit_task.refresh_from_db()
    assert visit_task.status == "afgerond"
    page.goto(reverse("casus", args=[casus.referentie]))
    expect(page.get_by_text("afgerond met het vastgelegde bezoek").first).to_be_visible()
