"""Administration in a real browser (issue 14, acceptance 3, the organisation and role part):
a functional administrator adds a partner organisation and a role for it, gives a new
account at the partner that role, and a second administrator approves a sensitive capability
added to a role. Every page is checked with axe at 390 px and at 1366 px, without horizontal
scrolling at 390 px."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from goedwonen.accounts.models import Beheerwijziging, Organisatie, Rol, User
from goedwonen.core.policy import Capability, capabilities_of

pytestmark = pytest.mark.e2e

AssertAccessible = Callable[[Page], None]
WIDTHS = (390, 1366)


def check_both_widths(page: Page, assert_accessible: AssertAccessible) -> None:
    """axe at both widths; at the narrow one nothing sticks out sideways."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
        if width == 390:
            assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url
    page.set_viewport_size({"width": 1366, "height": 900})


def test_an_administrator_adds_a_partner_organisation_and_a_role(
    new_page: Callable[[], Page],
    demo_users: object,
    login: Callable[..., None],
    assert_accessible: AssertAccessible,
) -> None:
    bas = new_page()
    login(bas, "beheer.so")
    bas.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Organisaties en gebruikers"
    ).click()
    bas.get_by_role("link", name="Nieuwe organisatie").click()
    expect(bas.get_by_role("heading", name="Nieuwe organisatie", level=1)).to_be_visible()
    check_both_widths(bas, assert_accessible)

    # A mistake first: a code with a space and no kind.
    bas.get_by_label("Code").fill("huur team")
    bas.get_by_label("Naam").fill("Huurteam Rotterdam")
    bas.get_by_role("button", name="Organisatie toevoegen").click()
    expect(bas.get_by_role("alert")).to_contain_text(
        "Gebruik alleen kleine letters, cijfers en streepjes."
    )
    expect(bas.get_by_label("Naam")).to_have_value("Huurteam Rotterdam")
    check_both_widths(bas, assert_accessible)
    bas.get_by_label("Code").fill("huurteam")
    bas.get_by_label("Externe partner").check()
    bas.get_by_role("button", name="Organisatie toevoegen").click()

    expect(bas.get_by_role("heading", name="Huurteam Rotterdam", level=1)).to_be_visible()
    expect(bas.get_by_role("status")).to_contain_text(
        "Organisatie Huurteam Rotterdam is toegevoegd."
    )
    expect(bas.get_by_role("table")).to_contain_text("beheer.so")
    check_both_widths(bas, assert_accessible)
    huurteam = Organisatie.objects.get(code="huurteam")
    assert (huurteam.soort, huurteam.actief) == ("extern", True)

    # A role for the partner's staff, chosen by the capabilities' labels.
    bas.goto("/beheer/organisaties")
    bas.get_by_role("link", name="Nieuwe rol").click()
    check_both_widths(bas, assert_accessible)
    bas.get_by_label("Code").fill("huurteam-medewerker")
    bas.get_by_label("Naam", exact=True).fill("Medewerker huurteam")
    bas.get_by_label("Omschrijving").fill(
        "Werkt taken af in casussen die met het huurteam zijn gedeeld."
    )
    bas.get_by_label(Capability.CASES_VIEW.label).check()
    bas.get_by_label(Capability.TASKS_WORK.label).check()
    bas.get_by_role("button", name="Rol aanmaken").click()
    expect(bas.get_by_role("heading", name="Rol Medewerker huurteam", level=1)).to_be_visible()
    expect(
        bas.get_by_role("list").filter(has_text=Capability.TASKS_WORK.label).first
    ).to_be_visible()
    check_both_widths(bas, assert_accessible)
    rol = Rol.objects.get(code="huurteam-medewerker")
    assert rol.capabilities == [Capability.CASES_VIEW.value, Capability.TASKS_WORK.value]

    # A person at the new partner, with the new role: partner capabilities only.
    bas.goto("/beheer/gebruikers/nieuw")
    bas.get_by_label("Gebruikersnaam").fill("huurteam.hanna")
    bas.get_by_label("Voornaam").fill("Hanna")
    bas.get_by_label("Achternaam").fill("Huurteam")
    bas.get_by_label("E-mailadres").fill("hanna@huurteam.test")
    bas.get_by_label("Organisatie").select_option(label="Huurteam Rotterdam")
    bas.get_by_label("Medewerker huurteam").check()
    bas.get_by_label("Eerste wachtwoord").fill("een-lang-genoeg-wachtwoord")
    bas.get_by_role("button", name="Gebruiker aanmaken").click()
    expect(bas.get_by_role("status")).to_contain_text("Gebruiker huurteam.hanna is aangemaakt.")
    hanna = User.objects.get(username="huurteam.hanna")
    assert capabilities_of(hanna) == {Capability.CASES_VIEW, Capability.TASKS_WORK}

    # A sensitive capability on an existing role waits for a second administrator.
    bas.goto("/beheer/organisaties")
    bas.get_by_role("link", name="Administratief medewerker").click()
    bas.get_by_role("link", name="Rol wijzigen").click()
    bas.get_by_label(Capability.ACCESS_REVIEW.label, exact=False).check()
    bas.get_by_role("button", name="Wijzigingen opslaan").click()
    expect(bas.get_by_role("status")).to_contain_text("Wacht op goedkeuring: Toegang beoordelen")
    check_both_widths(bas, assert_accessible)
    assert (
        Capability.ACCESS_REVIEW.value
        not in Rol.objects.get(code="administratief-medewerker").capabilities
    )

    bo = new_page()
    login(bo, "beheer.sb")
    bo.goto("/beheer/rolaanvragen")
    check_both_widths(bo, assert_accessible)
    bo.get_by_role(
        "button", name="Goedkeuren bevoegdheden voor rol Administratief medewerker"
    ).click()
    expect(bo.get_by_role("status")).to_contain_text("zijn goedgekeurd en doorgevoerd")
    assert (
        Capability.ACCESS_REVIEW.value
        in Rol.objects.get(code="administratief-medewerker").capabilities
    )
    assert Beheerwijziging.objects.filter(soort=Beheerwijziging.Soort.GOEDGEKEURD).count() == 1
