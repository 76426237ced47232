"""Acceptance (issue 14, point 1), per role: start at the start page, find the item by a
search on the list, act on it, and see the start page's count change; at 390 and 1366 px,
with axe on every page on the way."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from django.utils import timezone

from goedwonen.accounts.models import Organisatie, User
from goedwonen.analytics.models import Catalogusversie, Risicorun, Selectie, Selectieadres
from goedwonen.casussen.models import Casus, Gebeurtenissoort
from goedwonen.casussen.services.case_tasks import taak_create
from goedwonen.casussen.services.cases import casus_create
from goedwonen.casussen.services.sharing import casus_share
from goedwonen.casussen.services.timeline import gebeurtenis_add
from goedwonen.registry.models import Verblijfsobject
from tests.e2e.test_handhaving import case_with_finding  # noqa: F401 (a fixture, by name)

pytestmark = pytest.mark.e2e

Login = Callable[..., None]
AssertAccessible = Callable[[Page], None]
WIDTHS = (390, 1366)


def _checked(page: Page, assert_accessible: AssertAccessible) -> None:
    """The page fits 390 px without scrolling sideways; axe finds nothing at either width."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (page.url, width)
        assert_accessible(page)


def _case(triaged: Any) -> Casus:
    regisseur = User.objects.get(username="regisseur.so")
    return casus_create(
        actor=regisseur,
        titel="Carnisse 10: overbewoning",
        categorieen=["overbewoning"],
        casusregisseur=regisseur,
        meldingen=[triaged],
    )


def _task_for(casus: Casus, code: str, titel: str) -> None:
    regisseur = User.objects.get(username="regisseur.so")
    organisatie = Organisatie.objects.get(code=code)
    casus_share(
        actor=regisseur,
        casus=casus,
        organisatie=organisatie,
        rol="uitvoerder",
        doel="Gezamenlijke controle op overbewoning",
        grondslag="Convenant Rotterdams Goed Wonen",
        onderdelen=["objecten", "taken"],
        tot=timezone.localdate() + timedelta(days=30),
    )
    taak_create(
        actor=regisseur,
        casus=casus,
        titel=titel,
        organisatie=organisatie,
        deadline=timezone.localdate() + timedelta(days=5),
    )


def _search(page: Page, term: str) -> None:
    page.get_by_label("Zoeken", exact=True).fill(term)
    page.get_by_role("button", name="Zoeken", exact=True).click()
    page.wait_for_load_state()


@pytest.mark.parametrize(
    ("username", "code", "titel"),
    [
        ("partner.politie", "politie", "Controle met de wijkagent"),
        ("inspecteur.sb", "sb", "Woningbezoek op de zolder"),
    ],
    ids=["partner", "inspecteur"],
)
def test_a_task_found_by_search_and_completed_leaves_the_start_page(
    page: Page,
    triaged: Any,
    login: Login,
    assert_accessible: AssertAccessible,
    username: str,
    code: str,
    titel: str,
) -> None:
    casus = _case(triaged)
    _task_for(casus, code, titel)
    login(page, username)
    page.goto("/")
    expect(page.get_by_test_id("blok-aantal-taken")).to_have_text("1")
    _checked(page, assert_accessible)
    page.get_by_role("region", name="Mijn taken").get_by_role("link", name="Alle taken").click()
    _search(page, titel.split()[0])
    _checked(page, assert_accessible)
    page.get_by_role("link", name=casus.referentie).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(casus.referentie)
    page.get_by_label("Uitkomst").first.fill("Gedaan: zes volwassenen aangetroffen.")
    page.get_by_role("button", name="Taak afronden").first.click()
    expect(page.get_by_text(f"Taak '{titel}' is afgerond.")).to_be_visible()
    page.goto("/")
    expect(page.get_by_test_id("blok-aantal-taken")).to_have_text("0")
    expect(page.get_by_role("region", name="Mijn taken")).to_contain_text(
        "U heeft geen open taken."
    )
    _checked(page, assert_accessible)


def test_the_director_finds_a_changed_case_by_search_and_opening_it_clears_the_news(
    page: Page, triaged: Any, login: Login, assert_accessible: AssertAccessible
) -> None:
    casus = _case(triaged)
    login(page, "regisseur.so")
    page.goto(f"/casussen/{casus.referentie}")  # seen once
    gebeurtenis_add(
        casus,
        Gebeurtenissoort.NOTITIE,
        "De huurder belde terug.",
        User.objects.get(username="behandelaar.sb"),
    )
    page.goto("/")
    block = page.get_by_role("region", name="Casussen die ik regisseer")
    expect(block).to_contain_text("1 met iets nieuws sinds u keek.")
    expect(block).to_contain_text("1 nieuwe gebeurtenis sinds u keek")
    _checked(page, assert_accessible)
    block.get_by_role("link", name="Alle casussen").click()
    page.get_by_label("Zoeken", exact=True).fill(casus.referentie)
    page.get_by_role("button", name="Filteren").click()
    _checked(page, assert_accessible)
    page.get_by_role("link", name=casus.referentie).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(casus.referentie)
    page.goto("/")
    block = page.get_by_role("region", name="Casussen die ik regisseer")
    expect(block).not_to_contain_text("met iets nieuws")
    expect(block).to_contain_text("Niets nieuws sinds u keek")


def test_the_approver_finds_the_selection_by_search_and_approving_it_empties_the_block(
    page: Page, triaged: Any, login: Login, assert_accessible: AssertAccessible
) -> None:
    run = Risicorun.objects.create(
        catalogus=Catalogusversie.objects.order_by("-versie").first()
        or Catalogusversie.objects.create(versie=1, toelichting="x"),
        peildatum=timezone.localdate(),
        status=Risicorun.Status.KLAAR,
    )
    selectie = Selectie.objects.create(
        run=run,
        naam="Tarwewijk top 10",
        criteria={},
        samengesteld_door=User.objects.get(username="analist.so"),
        status="ter_goedkeuring",
        ingediend_op=timezone.now(),
    )
    Selectieadres.objects.create(
        selectie=selectie, verblijfsobject=Verblijfsobject.objects.first(), score=1.0, rang=1
    )
    login(page, "procesregisseur.dirv")
    page.goto("/")
    expect(page.get_by_test_id("blok-aantal-goedkeuringen")).to_have_text("1")
    _checked(page, assert_accessible)
    page.get_by_role("region", name="Selecties ter goedkeuring").get_by_role(
        "link", name="Alle selecties"
    ).click()
    _search(page, "Tarwewijk")
    page.get_by_role("link", name="Tarwewijk top 10").first.click()
    page.get_by_role("button", name="Goedkeuren").click()
    page.goto("/")
    expect(page.get_by_test_id("blok-aantal-goedkeuringen")).to_have_text("0")
    _checked(page, assert_accessible)


def test_the_handler_finds_a_report_by_its_reference_and_closing_it_lowers_the_count(
    page: Page, demo_users: Any, triaged: Any, login: Login, assert_accessible: AssertAccessible
) -> None:
    from goedwonen.intake.services.registration import melding_register
    from goedwonen.intake.services.triage import melding_triage
    from goedwonen.registry.address_lookup import OpgegevenAdres

    handler = User.objects.get(username="behandelaar.sb")
    melding = melding_register(
        actor=handler,
        bron="telefoon",
        categorie="achterstallig_onderhoud",
        omschrijving="Lekkage in de badkamer.",
        adres=OpgegevenAdres(postcode="3083AB", huisnummer="10"),
        melder_soort="bewoner",
    ).melding
    melding = melding_triage(
        actor=handler,
        melding=melding,
        uitkomst="mono",
        reden="Onderhoud: Stadsbeheer",
        organisatie=handler.organisatie,
        behandelaar=handler,
    )
    login(page, "behandelaar.sb")
    page.goto("/")
    before = int(page.get_by_test_id("blok-aantal-meldingen").inner_text())
    assert before >= 1
    _checked(page, assert_accessible)
    page.get_by_role("region", name="Meldingen voor mijn triage").get_by_role(
        "link", name="Alle meldingen"
    ).click()
    _search(page, melding.referentie)
    _checked(page, assert_accessible)
    page.get_by_role("link", name=melding.referentie).first.click()
    page.get_by_label("Reden van afsluiten").fill("Doorgegeven aan de verhuurder; opgelost.")
    page.get_by_role("button", name="Melding afsluiten").click()
    page.goto("/")
    expect(page.get_by_test_id("blok-aantal-meldingen")).to_have_text(str(before - 1))
    _checked(page, assert_accessible)


def test_the_analyst_finds_a_concept_selection_by_search_and_submitting_it_empties_the_block(
    page: Page, triaged: Any, login: Login, assert_accessible: AssertAccessible
) -> None:
    run = Risicorun.objects.create(
        catalogus=Catalogusversie.objects.order_by("-versie").first()
        or Catalogusversie.objects.create(versie=1, toelichting="x"),
        peildatum=timezone.localdate(),
        status=Risicorun.Status.KLAAR,
    )
    selectie = Selectie.objects.create(
        run=run,
        naam="Carnisse top 5",
        criteria={},
        samengesteld_door=User.objects.get(username="analist.so"),
    )
    Selectieadres.objects.create(
        selectie=selectie, verblijfsobject=Verblijfsobject.objects.first(), score=1.0, rang=1
    )
    login(page, "analist.so")
    page.goto("/")
    expect(page.get_by_test_id("blok-aantal-mijn-selecties")).to_have_text("1")
    _checked(page, assert_accessible)
    page.get_by_role("region", name="Mijn selecties in concept").get_by_role(
        "link", name="Alle selecties"
    ).click()
    _search(page, "Carnisse")
    page.get_by_role("link", name="Carnisse top 5").first.click()
    page.get_by_role("button", name="Ter goedkeuring aanbieden").click()
    page.goto("/")
    expect(page.get_by_test_id("blok-aantal-mijn-selecties")).to_have_text("0")
    _checked(page, assert_accessible)


def test_the_jurist_finds_a_draft_letter_by_the_procedure_and_sending_it_lowers_the_count(
    page: Page, request: pytest.FixtureRequest, login: Login, assert_accessible: AssertAccessible
) -> None:
    """The enforcement acceptance's case (tests/e2e/test_handhaving.py), with a draft letter."""
    casus: Casus = request.getfixturevalue("case_with_finding")
    from goedwonen.handhaving.traject_services.lifecycle import (
        owner_parties,
        traject_start_on_case,
    )
    from goedwonen.handhaving.traject_services.stappen import stap_record
    from tests.handhaving.trajectfixtures import dwangsom_versie

    jurist = User.objects.get(username="jurist.dirv")
    traject = traject_start_on_case(
        actor=jurist,
        casus=casus,
        instrumentversie=dwangsom_versie(),
        partij=owner_parties(casus)[0],
        aanleiding="Woningbezoek: overbewoning vastgesteld.",
    )
    stap_record(actor=jurist, traject=traject, datum=timezone.localdate())
    login(page, "jurist.dirv")
    page.goto("/")
    block = page.get_by_role("region", name="Juridische werkvoorraad")
    expect(block).to_contain_text("Conceptbrieven te controleren: 1")
    before = int(page.get_by_test_id("blok-aantal-juridisch").inner_text())
    _checked(page, assert_accessible)
    block.get_by_role("link", name="Naar de werkvoorraad").click()
    _search(page, traject.kenmerk)
    _checked(page, assert_accessible)
    page.get_by_role("link", name=f"({traject.kenmerk})").first.click()
    page.get_by_role("button", name="gecontroleerd: verzenden").first.click()
    expect(page.get_by_text("is verzonden.")).to_be_visible()
    page.goto("/")
    expect(page.get_by_test_id("blok-aantal-juridisch")).to_have_text(str(before - 1))
    expect(page.get_by_role("region", name="Juridische werkvoorraad")).not_to_contain_text(
        "Conceptbrieven te controleren"
    )
    _checked(page, assert_accessible)
