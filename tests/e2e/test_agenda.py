"""A case-table agenda in a real browser (issue 15, point 3): the police contact brings in a
case shared with the police, with a question; the chair accepts it. Accessible, and fitting a
phone and a laptop."""

from __future__ import annotations

import os
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
from goedwonen.casussen.models import Casus, Onderdeel
from goedwonen.casussen.services.cases import casus_create
from goedwonen.casussen.services.sharing import casus_share
from goedwonen.casustafels.models import Agendapuntstatus, Casustafel, Tafellid, Tafelvergadering
from goedwonen.intake.models import Melding

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
VRAAG = "Is de bewoning bij de politie bekend?"


@pytest.fixture
def vergadering(triaged: Melding, demo_users: list[DemoUser]) -> Tafelvergadering:
    """A meeting in a week of a table the police sit at, in the buurt of the case the demo's
    director made of the triaged report and shared with the police."""
    people = {u.username: u for u in User.objects.all()}
    so = Organisatie.objects.get(code="so")
    politie = Organisatie.objects.get(code="politie")
    casus = casus_create(
        actor=people["regisseur.so"],
        titel="Carnisse 10: overbewoning",
        categorieen=["overbewoning"],
        casusregisseur=people["regisseur.so"],
        meldingen=[triaged],
    )
    casus_share(
        actor=people["regisseur.so"],
        casus=casus,
        organisatie=politie,
        rol="wijkagent",
        doel="Casustafel",
        grondslag="Wet politiegegevens art. 20",
        onderdelen=[Onderdeel.OBJECTEN],
        tot=timezone.localdate() + timedelta(days=60),
    )
    tafel = Casustafel.objects.create(
        naam="Casustafel Carnisse (agenda)",
        voorzitter=people["regisseur.so"],
        secretaris=people["admin.so"],
    )
    tafel.gebieden.set([casus.objecten.get().verblijfsobject.buurt])
    for org in (so, politie):
        Tafellid.objects.create(
            tafel=tafel, organisatie=org, grondslag="Convenant, art. 4", sinds=date(2026, 1, 1)
        )
    moment = timezone.now() + timedelta(days=7)
    return Tafelvergadering.objects.create(tafel=tafel, volgens_schema=moment, begint_op=moment)


def _fits(page: Page, screenshot: Path) -> None:
    """No sideways scrolling at phone or laptop width; a screenshot of each to look at."""
    for viewport in (PHONE, LAPTOP):
        page.set_viewport_size(viewport)
        page.reload()
        width = page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= viewport["width"], f"{width} px on a {viewport['width']} px screen"
        page.screenshot(path=f"{screenshot}-{viewport['width']}.png", full_page=True)


def test_the_police_bring_in_a_case_and_the_chair_accepts_it(
    vergadering: Tafelvergadering,
    new_page: Callable[[], Page],
    live_server: Any,
    login: Callable[..., None],
    assert_accessible: Callable[[Page], None],
    tmp_path: Path,
) -> None:
    shots = Path(os.environ.get("GOEDWONEN_E2E_SHOTS", tmp_path))
    casus = Casus.objects.get(titel__startswith="Carnisse 10")
    agenda = live_server.url + reverse("vergadering-agenda", kwargs={"pk": vergadering.pk})

    politie = new_page()
    login(politie, "partner.politie")
    politie.goto(agenda)
    politie.get_by_role("link", name="Casus of signaal inbrengen").click()
    expect(politie.get_by_role("heading", level=1)).to_contain_text("inbrengen")
    _fits(politie, shots / "agenda-inbrengen")
    assert_accessible(politie)
    politie.get_by_role("combobox", name="Casus").select_option(value=str(casus.pk))
    politie.get_by_label("Gezamenlijke strategie bepalen").check()
    politie.get_by_label("Uw vraag").fill(VRAAG)
    politie.get_by_role("button", name="Inbrengen").click()
    expect(politie.get_by_text("is ingebracht")).to_be_visible()
    expect(politie.get_by_text(VRAAG)).to_be_visible()

    voorzitter = new_page()
    login(voorzitter, "regisseur.so")
    voorzitter.goto(agenda)
    punt = voorzitter.locator("article", has_text=VRAAG)
    punt.get_by_label("Accepteren").check()
    punt.get_by_role("button", name="Besluit vastleggen").click()
    expect(voorzitter.get_by_text(f"{casus.referentie}: geaccepteerd.")).to_be_visible()
    assert vergadering.agendapunten.get(casus=casus).status == Agendapuntstatus.GEACCEPTEERD
    _fits(voorzitter, shots / "agenda-voorzitter")
    assert_accessible(voorzitter)
