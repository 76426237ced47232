"""Acceptance (issue 16): an integral action from an approved selection to the debrief, in a
real browser.

An analyst's approved selection of 40 addresses becomes an action for three teams; the case
director adds the participants, forms the teams, plans the action and makes the walk lists. On
a 390 px phone the inspector of team 1 records two visits with the browser's network switched
off, sees them waiting, and once back online they arrive exactly once each. The debrief shows
the hit rate. axe finds nothing on any page on the way."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from django.urls import reverse
from django.utils import timezone

from goedwonen.accounts.models import User
from goedwonen.acties.models import Actie, Actiestatus, Adresstatus, Veldregistratie
from goedwonen.analytics.models import Selectie
from goedwonen.analytics.selections import selectie_compose, selectie_decide, selectie_submit
from goedwonen.analytics.services import risicorun_start
from goedwonen.casussen.models import Casus
from goedwonen.inspecties.models import Bezoek
from goedwonen.registry.importer.run import import_folder
from goedwonen.registry.models import Gebied
from goedwonen.synth.generator import generate

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
AssertAccessible = Callable[[Page], None]


@pytest.fixture(scope="module")
def zuid_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A twentieth of the synthetic Zuid, generated once for the module."""
    out = tmp_path_factory.mktemp("zuid") / "levering"
    generate("zuid", 7, out, fraction=0.05)
    return out


@pytest.fixture
def selectie(demo_users: Any, zuid_sample: Path) -> Selectie:
    """The analyst's selection of the top 40 in Charlois, approved by the process director."""
    report = import_folder(actor=None, folder=zuid_sample, progress=False)
    assert not report.fatal
    run = risicorun_start(actor=None, gebied=Gebied.objects.get(code="WK059915"))
    analist = User.objects.get(username="analist.so")
    selectie = selectie_compose(actor=analist, run=run, naam="Top 40 Charlois", top_n=40)
    selectie_submit(actor=analist, selectie=selectie)
    return selectie_decide(
        actor=User.objects.get(username="procesregisseur.dirv"),
        selectie=selectie,
        goedkeuren=True,
        toelichting="Akkoord voor een integrale actie.",
    )


def _check(page: Page, assert_accessible: AssertAccessible, shot: Path) -> None:
    """No sideways scrolling and no axe violation at phone and laptop width; a screenshot of
    each to look at."""
    for viewport in (PHONE, LAPTOP):
        page.set_viewport_size(viewport)
        width = page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= viewport["width"], f"{page.url}: {width} px on {viewport['width']} px"
        assert_accessible(page)
        page.screenshot(path=f"{shot}-{viewport['width']}.png", full_page=True)


def _team(page: Page, naam: str, *leden: str) -> None:
    page.get_by_role("link", name="Team vormen").click()
    page.get_by_label("Naam", exact=True).fill(naam)
    for lid in leden:
        page.get_by_label(lid).check()
    page.get_by_role("button", name="Team opslaan").click()
    expect(page.get_by_role("heading", name=naam, level=3)).to_be_visible()


def _partner(page: Page, organisatie: str, grondslag: str, *vinkjes: str) -> None:
    page.get_by_role("link", name="Organisatie toevoegen").click()
    page.get_by_label("Organisatie", exact=True).select_option(label=organisatie)
    page.get_by_label("Grondslag").fill(grondslag)
    for vinkje in vinkjes:
        page.get_by_label(vinkje, exact=True).check()
    page.get_by_role("button", name="Organisatie toevoegen").click()
    expect(page.get_by_role("cell", name=organisatie, exact=True)).to_be_visible()


def _record(
    page: Page, pk: int, toegang: str, volwassenen: str = "", toelichting: str = ""
) -> None:
    card = page.locator(f"#adres-{pk}")
    card.locator("summary", has_text="Bezoek vastleggen").click()
    card.get_by_label(toegang, exact=True).check()
    if volwassenen:
        card.get_by_label("Volwassenen aangetroffen").fill(volwassenen)
        card.get_by_label("Kinderen aangetroffen").fill("0")
    if toelichting:
        card.locator(f"select[name='a{pk}-bevinding-overbewoning']").select_option("ja")
        card.get_by_label("Toelichting bij overbewoning").fill(toelichting)
    card.get_by_role("button", name="Bezoek vastleggen").click()


def test_an_integral_action_from_selection_to_debrief(
    selectie: Selectie,
    new_page: Callable[[], Page],
    live_server: Any,
    login: Callable[..., None],
    assert_accessible: AssertAccessible,
    tmp_path: Path,
) -> None:
    shots = Path(os.environ.get("GOEDWONEN_E2E_SHOTS", tmp_path))
    assert selectie.adressen.count() == 40

    # The case director turns the approved selection into an action.
    regisseur = new_page()
    login(regisseur, "regisseur.so")
    regisseur.goto(live_server.url + reverse("selectie", args=[selectie.pk]))
    regisseur.get_by_role("link", name="Integrale actie maken").click()
    regisseur.get_by_label("Naam").fill("Integrale actie Charlois")
    regisseur.get_by_label("Datum").fill(timezone.localdate().isoformat())
    regisseur.get_by_role("button", name="Integrale actie maken").click()
    expect(
        regisseur.get_by_role("heading", name="Integrale actie Charlois", level=1)
    ).to_be_visible()
    actie = Actie.objects.get(naam="Integrale actie Charlois")
    assert actie.selectie == selectie
    assert actie.adressen.count() == 40

    # Stadsbeheer's inspectors and the police take part, each under its own basis; the
    # police see the addresses only, not why they were selected.
    _partner(
        regisseur,
        "Stadsbeheer",
        "Woningwet art. 5.2; Awb titel 5.2 (toezicht)",
        "Adressen en objecten",
        "Partijen (eigenaar, verhuurder, bewoners)",
        "Overbewoning",
        "Verhuur zonder vergunning",
    )
    _partner(
        regisseur,
        "Politie Rotterdam",
        "Wet politiegegevens art. 20",
        "Adressen en objecten",
        "Crimineel gebruik (drugs, hennep)",
    )
    _team(
        regisseur, "Team 1", "Ilse Inspecteur (Stadsbeheer)", "Wendy Wijkagent (Politie Rotterdam)"
    )
    _team(regisseur, "Team 2", "Bram Behandelaar (Stadsbeheer)", "Amir Analist (Stadsontwikkeling)")
    _team(regisseur, "Team 3", "Cem Regisseur (Stadsontwikkeling)")
    _check(regisseur, assert_accessible, shots / "actie")

    regisseur.get_by_role("button", name="Actie plannen").click()
    expect(regisseur.locator("#actie-status")).to_have_text("Gepland")
    actie.refresh_from_db()
    assert actie.status == Actiestatus.GEPLAND
    # Every address has its case now, to record the visits in.
    assert not actie.adressen.filter(casus__isnull=True).exists()

    # The walk lists: three teams, at most twelve addresses each, the rest in reserve.
    regisseur.get_by_role("link", name="Looplijsten", exact=True).click()
    regisseur.get_by_role("button", name="Looplijsten maken").click()
    expect(regisseur.get_by_text("Looplijsten gemaakt: 36 adressen over 3 teams")).to_be_visible()
    for team in actie.teams.all():
        assert team.adressen.count() == 12
    assert actie.adressen.filter(team__isnull=True).count() == 4
    _check(regisseur, assert_accessible, shots / "looplijsten")

    # The inspector of team 1, on a phone, goes offline and records two visits.
    team1 = actie.teams.get(naam="Team 1")
    eerste, tweede = team1.adressen.order_by("volgorde")[:2]
    telefoon = new_page()
    telefoon.set_viewport_size(PHONE)
    login(telefoon, "inspecteur.sb")
    telefoon.goto(live_server.url + reverse("actie", args=[actie.pk]))
    telefoon.get_by_role("link", name="In het veld Team 1").click()
    expect(telefoon.get_by_role("heading", name="Volgende adres")).to_be_visible()
    assert telefoon.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    assert_accessible(telefoon)

    telefoon.context.set_offline(True)
    _record(telefoon, eerste.pk, "Toegang verleend", "7", "Zeven matrassen in twee kamers.")
    _record(telefoon, tweede.pk, "Toegang geweigerd")
    telling = telefoon.locator("[data-veld-telling]")
    expect(telling).to_have_text("2 nog niet verzonden")
    assert_accessible(telefoon)
    telefoon.screenshot(path=f"{shots / 'veld-offline'}-390.png", full_page=True)
    assert not Bezoek.objects.exists()

    telefoon.context.set_offline(False)
    expect(telling).to_have_text("Alles is verzonden.")
    for adres in (eerste, tweede):
        assert Veldregistratie.objects.filter(actieadres=adres).count() == 1
        assert Bezoek.objects.filter(veldregistratie__actieadres=adres).count() == 1
        adres.refresh_from_db()
        assert adres.status == Adresstatus.BEZOCHT
        assert adres.bezoek is not None and adres.bezoek.casus == adres.casus
    assert Bezoek.objects.count() == Veldregistratie.objects.count() == 2
    assert_accessible(telefoon)

    # The debrief shows the hit rate: one violation at the one address with access.
    regisseur.goto(live_server.url + reverse("actie", args=[actie.pk]))
    regisseur.get_by_role("link", name="Nabespreking", exact=True).click()
    expect(regisseur.get_by_test_id("trefkans")).to_contain_text(
        "bij 1 van de 1 bezochte adressen met toegang een overtreding"
    )
    _check(regisseur, assert_accessible, shots / "nabespreking")
    regisseur.get_by_role("link", name="Rapport van de actie").click()
    expect(
        regisseur.get_by_role("heading", name="Trefkans tegen de rangorde van de selectie")
    ).to_be_visible()
    _check(regisseur, assert_accessible, shots / "rapport")
    assert Casus.objects.filter(
        pk=eerste.casus_id, bezoeken__bevindingen__vastgesteld=True
    ).exists()
