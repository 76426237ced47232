"""Acceptance 1 in a real browser: an inspector's finding leads to an intention letter, an
opinion is recorded, the decision (last onder dwangsom) goes out, the re-inspection finds no
compliance, forfeiture is recorded and sent for collection. Each step's letter is a PDF with
the addressee's full postal address; axe-core finds nothing on any page on the way."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from django.utils import timezone

from goedwonen.accounts.models import Organisatie, User
from goedwonen.casussen.models import Casus, Gebeurtenissoort
from goedwonen.casussen.services.cases import casus_create
from goedwonen.casussen.services.sharing import casus_share
from goedwonen.handhaving.models import Traject, Trajectstatus
from goedwonen.inspecties.services import BevindingInvoer, bezoek_record
from tests.documenten.pdftext import pdf_text
from tests.handhaving.trajectfixtures import dwangsom_versie

pytestmark = pytest.mark.e2e

FINDING = "Zes volwassenen op 60 m², matrassen in de woonkamer."


@pytest.fixture
def case_with_finding(triaged) -> Casus:
    """The demo director's case on Carnisselaan 10, shared with Stadsbeheer (its inspector
    visits) and with Directie Veiligheid for enforcement (its jurist handles it), and the
    inspector's visit that established overcrowding."""
    regisseur = User.objects.get(username="regisseur.so")
    casus = casus_create(
        actor=regisseur,
        titel="Carnisse 10: overbewoning",
        categorieen=["overbewoning"],
        casusregisseur=regisseur,
        meldingen=[triaged],
    )
    for code, onderdelen in (
        ("sb", ["objecten", "bevindingen"]),
        ("dirv", ["objecten", "partijen", "bevindingen", "handhaving"]),
    ):
        casus_share(
            actor=regisseur,
            casus=casus,
            organisatie=Organisatie.objects.get(code=code),
            rol="toezicht" if code == "sb" else "handhaving",
            doel="Toezicht en handhaving op overbewoning",
            grondslag="Huisvestingswet 2014; convenant Rotterdams Goed Wonen",
            onderdelen=onderdelen,
            tot=timezone.localdate() + timedelta(days=90),
        )
    inspecteur = User.objects.get(username="inspecteur.sb")
    bezoek_record(
        actor=inspecteur,
        casus=casus,
        object=casus.objecten.get(),
        soort="woningbezoek",
        datum=timezone.localdate(),
        toegang="verleend",
        volwassenen=6,
        kinderen=0,
        bevindingen=[BevindingInvoer("overbewoning", True, FINDING)],
    )
    return casus


def _letter_has_the_postal_address(page: Page, link_name: str) -> str:
    with page.expect_download() as download:
        page.get_by_role("link", name=link_name).click()
    pdf = open(download.value.path(), "rb").read()  # noqa: SIM115
    assert pdf.startswith(b"%PDF-")
    text = " ".join(pdf_text(pdf).split())
    assert "Jansen, J. Coolsingel 40 3000 AA ROTTERDAM" in text, text
    assert "namens dezen" in text
    return text


def _step(page: Page, naam: str, **fields: str) -> None:
    form = page.locator("form[action$='/stap']")
    for name, value in fields.items():
        if name == "nageleefd":
            form.get_by_label(value).check()
        else:
            form.locator(f"[name={name!r}]").fill(value)
    form.get_by_role("button", name=f"{naam} vastleggen").click()
    expect(page.get_by_text(f"Stap '{naam}' is vastgelegd.")).to_be_visible()


def _send(page: Page, titel: str, assert_accessible: Callable[[Page], None]) -> str:
    text = _letter_has_the_postal_address(page, f"Brief: {titel} (PDF) downloaden")
    assert_accessible(page)
    page.get_by_role("button", name=f"Brief '{titel}' gecontroleerd: verzenden").click()
    expect(page.get_by_text(f"De brief '{titel}' is verzonden.")).to_be_visible()
    return text


def test_a_finding_ends_in_forfeiture_and_collection(
    page: Page, case_with_finding: Casus, login, assert_accessible
):
    casus = case_with_finding
    versie = dwangsom_versie()  # the instrument's current version
    login(page, "jurist.dirv")
    page.goto(f"/casussen/{casus.referentie}")
    expect(page.get_by_role("heading", name="Handhaving")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Handhavingstraject starten").click()
    assert_accessible(page)
    page.get_by_label("Instrument").select_option(value=str(versie.pk))
    page.get_by_label("Geadresseerde").select_option(index=1)
    page.get_by_label("Aanleiding").fill(f"Woningbezoek van vandaag: {FINDING}")
    page.get_by_role("button", name="Traject starten").click()
    expect(page.get_by_text("is gestart.")).to_be_visible()
    assert_accessible(page)

    # Intention: the letter gives the term for an opinion; the jurist checks and sends it.
    _step(page, "Voornemen last onder dwangsom")
    text = _send(page, "Voornemen last onder dwangsom", assert_accessible)
    assert FINDING in text
    # The legal work queue listed nothing to check any more; the opinion is recorded.
    _step(page, "Zienswijze", uitkomst="Eigenaar: de bewoners vertrekken.")
    # The decision with the penalty amount and the period to comply.
    _step(page, "Besluit last onder dwangsom", bedrag="5000", bedrag_maximum="25000")
    text = _send(page, "Besluit last onder dwangsom", assert_accessible)
    assert "€ 5.000,00" in text
    # The owner objects: recorded with its terms; the work queue lists it.
    page.locator("summary", has_text="Bezwaar of beroep vastleggen").click()
    form = page.locator("form[action$='/rechtsmiddel']")
    form.get_by_label("Ingediend op").fill(timezone.localdate().isoformat())
    form.get_by_label("Toelichting").fill("De bewoners zijn familie.")
    form.get_by_role("button", name="Vastleggen").click()
    expect(page.get_by_text("Het bezwaar is vastgelegd.")).to_be_visible()
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert_accessible(page)
    # The re-inspection finds no compliance.
    _step(
        page,
        "Hercontrole",
        nageleefd="Nee, niet nageleefd",
        uitkomst="Nog steeds zes volwassenen.",
    )
    _step(page, "Verbeurte dwangsom", bedrag="5000")
    text = _send(page, "Kennisgeving verbeurte dwangsom", assert_accessible)
    assert "Nog steeds zes volwassenen." in text
    _step(page, "Invordering", bedrag="5000")
    _send(page, "Invorderingsbeschikking", assert_accessible)
    expect(page.locator("#traject-status")).to_have_text("Afgerond: alle stappen gezet")
    assert_accessible(page)

    page.get_by_role("link", name="Juridische werkvoorraad").click()
    expect(page.get_by_text("Geen brieven te controleren.")).to_be_visible()
    expect(page.locator("#bezwaren-kop + ul")).to_contain_text("Bezwaar (")
    assert_accessible(page)

    traject = Traject.objects.get()
    assert traject.status == Trajectstatus.AFGEROND
    assert [s.soort for s in traject.stappen.all()] == [
        "voornemen",
        "zienswijze",
        "besluit",
        "hercontrole",
        "verbeurte",
        "invordering",
    ]
    # Started, six steps, four letters sent, one objection.
    assert casus.tijdlijn.filter(soort=Gebeurtenissoort.HANDHAVING).count() == 1 + 6 + 4 + 1
