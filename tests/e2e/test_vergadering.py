"""A case-table meeting in a real browser (issue 15, point 5): the secretary records the
attendance, the strategy, a sharing decision and two decisions that become tasks for two
organisations; the police read the meeting. Accessible, and fitting a phone and a laptop."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from django.urls import reverse
from django.utils import timezone

from goedwonen.accounts.demo import DemoUser
from goedwonen.accounts.models import Organisatie, User
from goedwonen.casussen.models import Taak
from goedwonen.casussen.services.cases import casus_create
from goedwonen.casustafels.models import Agendapunt, Casustafel, Tafellid, Tafelvergadering
from goedwonen.intake.models import Melding

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
STRATEGIE = "Gezamenlijke controle met de politie binnen twee weken."


@pytest.fixture
def vergadering(triaged: Melding, demo_users: list[DemoUser]) -> Tafelvergadering:
    """A meeting of a table the police sit at, begun an hour ago, with the case the demo's
    director made of the triaged report accepted on it as the police brought it in."""
    people = {u.username: u for u in User.objects.all()}
    so = Organisatie.objects.get(code="so")
    politie = Organisatie.objects.get(code="politie")
    tafel = Casustafel.objects.create(
        naam="Casustafel Carnisse (vergadering)",
        voorzitter=people["regisseur.so"],
        secretaris=people["admin.so"],
        locatie="Wijkkantoor Zuid",
    )
    for org in (so, politie):
        Tafellid.objects.create(
            tafel=tafel, organisatie=org, grondslag="Convenant, art. 4", sinds=date(2026, 1, 1)
        )
    moment = timezone.now() - timedelta(hours=1)
    vergadering = Tafelvergadering.objects.create(
        tafel=tafel, volgens_schema=moment, begint_op=moment
    )
    casus = casus_create(
        actor=people["regisseur.so"],
        titel="Carnisse 10: overbewoning",
        categorieen=["overbewoning"],
        casusregisseur=people["regisseur.so"],
        meldingen=[triaged],
    )
    Agendapunt.objects.create(
        vergadering=vergadering,
        casus=casus,
        vraagsoort="strategie",
        vraag="Kunnen we samen controleren?",
        ingebracht_door=people["partner.politie"],
        ingebracht_namens=politie,
        status="geaccepteerd",
    )
    return vergadering


def _fits(page: Page, screenshot: Path) -> None:
    """No sideways scrolling at phone or laptop width; a screenshot of each to look at."""
    for viewport in (PHONE, LAPTOP):
        page.set_viewport_size(viewport)
        page.reload()
        width = page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= viewport["width"], f"{width} px on a {viewport['width']} px screen"
        page.screenshot(path=f"{screenshot}-{viewport['width']}.png", full_page=True)


def test_the_secretary_records_the_meeting_and_the_police_read_it(
    vergadering: Tafelvergadering,
    new_page: Callable[[], Page],
    live_server: Any,
    login: Callable[..., None],
    assert_accessible: Callable[[Page], None],
    tmp_path: Path,
) -> None:
    url = live_server.url + reverse("vergadering", kwargs={"pk": vergadering.pk})
    deadline = (timezone.localdate() + timedelta(days=14)).isoformat()

    secretaris = new_page()
    login(secretaris, "admin.so")
    secretaris.goto(url)
    expect(secretaris.get_by_role("heading", level=1)).to_contain_text("Vergadering")
    assert_accessible(secretaris)

    for code, wie in (("so", "Rob Regisseur"), ("politie", "Wendy Wijkagent")):
        blok = secretaris.get_by_test_id(f"aanwezigheid-{code}")
        blok.get_by_label("Aanwezig", exact=True).check()
        blok.get_by_role("textbox").fill(wie)
    secretaris.get_by_role("button", name="Aanwezigheid opslaan").click()
    expect(secretaris.get_by_text("De aanwezigheid is vastgelegd.")).to_be_visible()

    secretaris.get_by_label("Afgesproken strategie").fill(STRATEGIE)
    secretaris.get_by_role("button", name="Verslag opslaan").click()
    expect(secretaris.get_by_text("is vastgelegd.").first).to_be_visible()

    secretaris.get_by_text("Delen besluiten").click()
    delen = secretaris.locator("form[action*='/delen']")
    delen.get_by_label("Organisatie", exact=True).select_option(label="Politie Rotterdam")
    delen.get_by_label("Rol in deze casus").fill("wijkagent")
    delen.get_by_label("Doel van het delen").fill("Gezamenlijke controle")
    delen.get_by_label("Grondslag").fill("Wet politiegegevens art. 20")
    delen.get_by_label("Adressen en objecten").check()
    delen.get_by_label("Taken voor de eigen organisatie").check()
    delen.get_by_role("button", name="Casus delen").click()
    expect(secretaris.get_by_text("De casus is gedeeld met Politie Rotterdam.")).to_be_visible()

    for omschrijving, organisatie in (
        ("Registratie raadplegen", "Politie Rotterdam"),
        ("Huurprijscheck uitvoeren", "Stadsontwikkeling"),
    ):
        secretaris.get_by_text("Afspraak vastleggen").first.click()
        afspraak = secretaris.locator("form[action*='/afspraken']")
        afspraak.get_by_label("Afspraak", exact=True).fill(omschrijving)
        afspraak.get_by_label("Organisatie", exact=True).select_option(label=organisatie)
        afspraak.get_by_label("Deadline").fill(deadline)
        afspraak.get_by_role("button", name="Afspraak vastleggen").click()
        expect(secretaris.get_by_text(f"Afspraak voor {organisatie}")).to_be_visible()

    taken = {
        t.titel: t.organisatie.code
        for t in Taak.objects.filter(casus__titel__startswith="Carnisse 10")
    }
    assert taken == {"Registratie raadplegen": "politie", "Huurprijscheck uitvoeren": "so"}
    _fits(secretaris, tmp_path / "vergadering-secretaris")
    assert_accessible(secretaris)

    politie = new_page()
    login(politie, "partner.politie")
    politie.goto(url)
    expect(politie.get_by_text(STRATEGIE)).to_be_visible()
    expect(politie.get_by_text("Registratie raadplegen")).to_be_visible()
    assert politie.get_by_role("button", name="Verslag opslaan").count() == 0
    _fits(politie, tmp_path / "vergadering-politie")
    assert_accessible(politie)

    secretaris.get_by_role("button", name="Vergadering afsluiten").click()
    expect(secretaris.get_by_text("De vergadering is afgesloten.")).to_be_visible()
    expect(secretaris.get_by_test_id("vergaderstatus")).to_contain_text("Gehouden")
