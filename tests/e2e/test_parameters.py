"""A functional administrator changes the rent threshold in the browser: a rent check
recorded before the change still shows the old threshold, one recorded after shows the new
(issue 14, acceptance 3: the rent-threshold part)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from django.utils import timezone

from goedwonen.accounts.models import Organisatie, Team, User
from goedwonen.casussen.models import Taaksjabloon
from goedwonen.casussen.services.cases import casus_create
from goedwonen.inspecties.services import Huurinvoer, bezoek_record
from goedwonen.intake.models import Routeringsregel
from tests.checks.test_huurprijs import KLEINE_BOVENWONING
from tests.scenario import share_case

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# 44.89% above the maximum of € 500,38: above the start threshold (25%), below 50%.
HUUR = Huurinvoer(KLEINE_BOVENWONING, Decimal("725.00"))


def _visit(casus, datum):
    return bezoek_record(
        actor=User.objects.get(username="inspecteur.sb"),
        casus=casus,
        object=casus.objecten.get(),
        soort="woningbezoek",
        datum=datum,
        toegang="verleend",
        volwassenen=2,
        kinderen=0,
        huur=HUUR,
    )


def test_a_new_threshold_applies_to_checks_after_it_and_leaves_recorded_ones(
    triaged, new_page, login, assert_accessible
):
    regisseur = User.objects.get(username="regisseur.so")
    casus = casus_create(
        actor=regisseur,
        titel="Carnisse 10",
        categorieen=["overbewoning", "te_hoge_huur"],
        casusregisseur=regisseur,
        meldingen=[triaged],
    )
    share_case(casus, regisseur, Organisatie.objects.get(code="sb"), ["bevindingen"])
    today = timezone.localdate()
    before = _visit(casus, today - timedelta(days=1))

    admin = new_page()
    login(admin, "beheer.so")
    admin.get_by_role("link", name="Toetsparameters").click()
    expect(admin.get_by_role("heading", name="Toetsparameters", level=1)).to_be_visible()
    row = admin.get_by_role("row", name="Drempel huuroverschrijding")
    expect(row).to_contain_text("25 %")
    assert_accessible(admin)
    row.get_by_role("link", name="Drempel huuroverschrijding").click()
    admin.get_by_label("Nieuwe waarde (%)").fill("50")
    expect(admin.get_by_label("Geldig vanaf")).to_have_value(today.isoformat())
    admin.get_by_label("Bron", exact=True).fill("Collegebesluit 1 december 2026, beleidsregel 4.")
    admin.get_by_label("Reden van de wijziging").fill("Alleen grote overschrijdingen signaleren.")
    admin.get_by_role("button", name="Versie vaststellen").click()
    expect(admin.get_by_text("Drempel huuroverschrijding: 50 % vanaf")).to_be_visible()
    history = admin.get_by_role("table", name="Alle versies, de laatst vastgestelde eerst")
    expect(history).to_contain_text("Alleen grote overschrijdingen signaleren.")
    expect(history).to_contain_text("Bas Beheer")
    for width, height in ((1366, 900), (390, 844)):
        admin.set_viewport_size({"width": width, "height": height})
        assert_accessible(admin)
        assert admin.evaluate("document.documentElement.scrollWidth") <= width

    after = _visit(casus, today)

    inspector = new_page()
    login(inspector, "inspecteur.sb")
    inspector.goto(f"/casussen/{casus.referentie}/bezoeken/{before.pk}")
    outcome = inspector.locator("#huur-uitkomst")
    expect(outcome).to_contain_text("Boven de drempel")
    expect(inspector.get_by_text("25% of meer boven de maximale huur")).to_be_visible()
    inspector.goto(f"/casussen/{casus.referentie}/bezoeken/{after.pk}")
    expect(inspector.locator("#huur-uitkomst")).to_contain_text("Niet boven de drempel")
    expect(inspector.get_by_text("50% of meer boven de maximale huur")).to_contain_text(
        "Collegebesluit 1 december 2026"
    )
    assert_accessible(inspector)


def test_the_set_up_pages_work_at_both_widths(page, login, assert_accessible):
    """The administrator changes a task template and a routing rule; every set-up page
    passes axe and does not scroll sideways at 390 px."""
    team = Team.objects.create(naam="Team Woonoverlast")
    regel = Routeringsregel.objects.create(volgorde=1, naam="Woonoverlast", team=team)
    login(page, "beheer.so")
    sjabloon = Taaksjabloon.objects.filter(actief=True).order_by("volgorde").first()
    pages = [
        "/beheer/parameters",
        "/beheer/parameters/bewoningsnorm",
        "/beheer/taaksjablonen",
        f"/beheer/taaksjablonen/{sjabloon.pk}",
        f"/beheer/routering/regels/{regel.pk}",
    ]

    page.goto(f"/beheer/taaksjablonen/{sjabloon.pk}")
    page.get_by_label("Termijn (dagen)").fill("3")
    page.get_by_label("Reden van de wijziging").fill("Sneller nodig")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text(f"Taaksjabloon '{sjabloon.titel}' is gewijzigd.")).to_be_visible()
    expect(page.get_by_role("table", name="Wijzigingen, de laatste eerst")).to_contain_text(
        "Sneller nodig"
    )
    page.goto(f"/beheer/routering/regels/{regel.pk}")
    page.get_by_label("Actief").uncheck()
    page.get_by_label("Reden van de wijziging").fill("Tijdelijk uit")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Opgeslagen.")).to_be_visible()
    expect(page.get_by_role("table", name="Wijzigingen, de laatste eerst")).to_contain_text(
        "Tijdelijk uit"
    )

    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        for url in pages:
            page.goto(url)
            assert_accessible(page)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, url
