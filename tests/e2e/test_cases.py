"""Case direction in a real browser: the case director makes a case from a triaged report,
shares it with the police and Stadsbeheer and gives each a task; the police see the case
only once it is shared, and only the shared parts. axe-core on every page on the way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from goedwonen.accounts.models import User
from goedwonen.casussen.models import Casus
from tests.inspecties.test_views import VISIT, _rooms

pytestmark = pytest.mark.e2e

Login = Callable[..., None]
AssertAccessible = Callable[[Page], None]


@pytest.fixture
def police_page(new_page: Callable[[], Page]) -> Page:
    return new_page()


@pytest.fixture
def inspector_page(new_page: Callable[[], Page]) -> Page:
    return new_page()


def _fill_by_name(page: Page, values: dict[str, Any]) -> None:
    """Fill form controls by their name: text, selects, and checkbox groups (a list)."""
    for name, value in values.items():
        control = page.locator(f'[name="{name}"]')
        if isinstance(value, list):
            for box in control.all():
                box.set_checked(box.get_attribute("value") in value or value == ["on"])
        elif control.first.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value)
        elif control.first.get_attribute("type") == "radio":
            control.and_(page.locator(f'[value="{value}"]')).check()
        else:
            control.fill(value)


def _record_visit_in_steps(page: Page, values: dict[str, Any]) -> None:
    """Go through the visit form's steps, typing on each step the fields it asks for, and
    record the visit from the summary."""
    for _ in range(10):
        expect(page.locator("#stap-kop")).to_be_visible()
        _fill_by_name(
            page,
            {
                n: v
                for n, v in values.items()
                if page.locator(f'[name="{n}"]:not([type="hidden"])').count()
            },
        )
        further = page.get_by_role("button", name="Volgende")
        if not further.count():
            page.get_by_role("button", name="Bezoek vastleggen").click()
            return
        further.click()
    raise AssertionError("the visit steps never reached the summary")


def _share(page: Page, organisatie: str, onderdelen: list[str], rol: str) -> None:
    page.get_by_role("link", name="Delen met een partner").click()
    form = page.locator("form[action$='/delen']")
    form.get_by_label("Organisatie", exact=True).select_option(label=organisatie)
    form.get_by_label("Rol in deze casus").fill(rol)
    form.get_by_label("Doel van het delen").fill("Gezamenlijke controle op overbewoning")
    form.get_by_label("Grondslag").fill("Convenant Rotterdams Goed Wonen; Wpg art. 16")
    for onderdeel in onderdelen:
        form.get_by_label(onderdeel).check()
    form.get_by_role("button", name="Casus delen").click()
    expect(page.get_by_text(f"De casus is gedeeld met {organisatie}.")).to_be_visible()


def _task(page: Page, titel: str, organisatie: str) -> None:
    page.get_by_role("link", name="Taak uitzetten").click()
    form = page.locator("form[action$='/taken']")
    form.get_by_label("Taak", exact=True).fill(titel)
    form.get_by_label("Voor organisatie").select_option(label=organisatie)
    form.get_by_label("Deadline").fill("2030-01-15")
    form.get_by_role("button", name="Taak uitzetten").click()
    expect(page.get_by_text(f"Taak '{titel}' is uitgezet bij {organisatie}.")).to_be_visible()


def test_director_makes_and_shares_a_case_the_police_see_only_the_shared_parts(
    page: Page,
    police_page: Page,
    inspector_page: Page,
    triaged: Any,
    login: Login,
    assert_accessible: AssertAccessible,
) -> None:
    login(page, "regisseur.so")
    page.goto(f"/meldingen/{triaged.pk}")
    assert_accessible(page)
    page.get_by_role("link", name="Casus aanmaken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe casus")
    assert_accessible(page)
    page.get_by_label("Niet ingeschreven bewoners (BRP)").check()
    page.get_by_role("button", name="Casus aanmaken").click()
    casus = Casus.objects.get()
    expect(page.get_by_role("heading", level=1)).to_contain_text(casus.referentie)
    expect(page.locator("#casus-status")).to_have_text("Geregistreerd")
    expect(page.get_by_role("region", name="Partijen")).to_contain_text("Jansen")
    assert_accessible(page)

    # Before it is shared, the police find nothing: not in their list, not by its address.
    login(police_page, "partner.politie")
    police_page.goto(f"/casussen/{casus.referentie}")
    expect(police_page.get_by_role("heading", level=1)).to_have_text("Niet gevonden")
    police_page.goto("/casussen?wachtrij=gedeeld&status=")
    expect(police_page.get_by_text("Geen casussen die aan deze filters voldoen.")).to_be_visible()

    _share(
        page,
        "Politie Rotterdam",
        ["Adressen en objecten", "Taken voor de eigen organisatie"],
        "wijkagent",
    )
    _share(
        page,
        "Stadsbeheer",
        ["Adressen en objecten", "Taken voor de eigen organisatie", "Bezoeken en bevindingen"],
        "toezicht",
    )
    _task(page, "Controle met de wijkagent", "Politie Rotterdam")
    _task(page, "Woningbezoek", "Stadsbeheer")
    page.get_by_role("link", name="Notitie toevoegen").click()
    page.get_by_label("Notitie", exact=True).fill("Eigenaar is eerder beboet in Tarwewijk.")
    page.get_by_role("button", name="Notitie opslaan").click()
    expect(page.get_by_text("De notitie staat op de tijdlijn.")).to_be_visible()
    assert_accessible(page)

    # Now the police see the case in their queue, with the addresses and their own task only.
    police_page.goto("/casussen?wachtrij=gedeeld")
    assert_accessible(police_page)
    police_page.get_by_role("link", name=casus.referentie).click()
    expect(police_page.get_by_role("heading", level=1)).to_contain_text(casus.referentie)
    expect(police_page.get_by_role("region", name="Adressen")).to_contain_text("Carnisselaan 10")
    taken = police_page.get_by_role("region", name="Taken")
    expect(taken).to_contain_text("Controle met de wijkagent")
    expect(taken).not_to_contain_text("Woningbezoek")
    main = police_page.locator("main")
    for hidden in ["Jansen", "Eerder beboet", "eerder beboet", triaged.referentie]:
        expect(main).not_to_contain_text(hidden)
    expect(police_page.get_by_role("region", name="Partijen")).to_have_count(0)
    assert_accessible(police_page)

    # The police complete their task; the director sees the outcome on the timeline.
    police_page.get_by_label("Uitkomst").fill("Zes volwassenen aangetroffen, twee busjes.")
    police_page.get_by_role("button", name="Taak afronden").click()
    expect(police_page.get_by_text("Taak 'Controle met de wijkagent' is afgerond.")).to_be_visible()
    assert_accessible(police_page)
    page.reload()
    expect(page.get_by_role("region", name="Tijdlijn")).to_contain_text(
        "Zes volwassenen aangetroffen"
    )

    # The inspector of Stadsbeheer records the home visit with a rent check.
    login(inspector_page, "inspecteur.sb")
    inspector_page.goto(f"/casussen/{casus.referentie}")
    inspector_page.get_by_role("link", name="Bezoek vastleggen").click()
    assert_accessible(inspector_page)
    # Through the steps: the visit, the people, the findings, which rooms there are, and the
    # rent check with each room's details.
    _record_visit_in_steps(
        inspector_page,
        {
            **VISIT,
            **_rooms(),
            "huur-kale_huur": "725,00",
            "huur-datum_huurovereenkomst": "2025-03-01",
        },
    )
    expect(inspector_page.get_by_text("Woningbezoek is vastgelegd.")).to_be_visible()
    outcome = inspector_page.locator("#huur-uitkomst")
    expect(outcome).to_contain_text("maximale huur van € 500,38 bij 80 punten")
    expect(outcome).to_contain_text("(44,89%)")
    expect(outcome).to_contain_text("Boven de drempel")
    assert_accessible(inspector_page)
    # The director finds it on the case; the police (no findings shared) do not.
    page.reload()
    expect(page.get_by_role("region", name="Bezoeken en bevindingen")).to_contain_text(
        "Woningbezoek"
    )
    police_page.reload()
    expect(police_page.get_by_role("region", name="Bezoeken en bevindingen")).to_have_count(0)


def test_a_second_case_on_an_address_and_closing_a_case_ask_first(
    page: Page, triaged: Any, login: Login, assert_accessible: AssertAccessible
) -> None:
    """The director is warned of the open case on the address (with a link) before making a
    second, and of the open task before closing a case; neither happens unconfirmed."""
    from datetime import timedelta

    from django.utils import timezone

    from goedwonen.casussen.services.case_tasks import taak_create
    from goedwonen.casussen.services.cases import casus_create

    regisseur = User.objects.get(username="regisseur.so")
    first = casus_create(
        actor=regisseur,
        titel="Carnisse 10",
        categorieen=["overbewoning"],
        casusregisseur=regisseur,
        meldingen=[triaged],
    )
    taak_create(
        actor=regisseur,
        casus=first,
        titel="Nacontrole",
        organisatie=regisseur.organisatie,
        deadline=timezone.localdate() + timedelta(days=7),
    )
    login(page, "regisseur.so")
    page.goto("/casussen/nieuw")
    page.get_by_label("Herkomst").select_option(label="Casustafel")
    page.get_by_label("Postcode").fill("3083AB")
    page.get_by_label("Huisnummer").fill("10")
    page.get_by_label("Titel").fill("Ingebracht aan de casustafel")
    page.get_by_label("Woonoverlast").check()
    page.get_by_role("button", name="Casus aanmaken").click()
    warning = page.locator("#open-casussen")
    expect(warning).to_contain_text("Op dit adres loopt al een open casus:")
    expect(warning.get_by_role("link", name=f"casus {first.referentie}")).to_have_attribute(
        "href", f"/casussen/{first.referentie}"
    )
    assert_accessible(page)
    assert Casus.objects.count() == 1
    page.get_by_label(f"casus {first.referentie}").check()
    page.get_by_role("button", name="Casus aanmaken").click()
    expect(page.get_by_text("is aangemaakt.")).to_be_visible()
    assert Casus.objects.count() == 2

    page.goto(f"/casussen/{first.referentie}")
    page.get_by_role("link", name="Casus sluiten").click()
    close = page.locator("form[action$='/sluiten']")
    expect(close.locator("#sluiten-open-taken")).to_contain_text("Nacontrole")
    close.get_by_label("Resultaat").select_option(label="Afgebroken")
    close.get_by_label("Toelichting").fill("Geen grond")
    close.get_by_role("button", name="Casus sluiten").click()
    expect(close).to_contain_text("Er staat nog een open taak: 'Nacontrole'.")
    assert_accessible(page)
    expect(page.locator("#casus-status")).to_have_text("Geregistreerd")
    close.get_by_label("De open taken hierboven vervallen met het sluiten van de casus").check()
    close.get_by_role("button", name="Casus sluiten").click()
    expect(page.locator("#casus-status")).to_have_text("Gesloten")
    assert_accessible(page)
