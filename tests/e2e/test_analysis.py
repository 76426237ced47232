"""Proactive analysis in a real browser: an analyst scores an area (the worker scores it while
the page waits), opens an address's reasons, composes a selection and offers it for approval;
the analyst cannot approve it, even holding the approval capability; a second person approves
it. axe-core on every page on the way."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from goedwonen.accounts.models import Rol, User
from goedwonen.analytics.models import Risicorun, Selectie
from goedwonen.registry.importer.run import import_folder
from goedwonen.synth.generator import generate

pytestmark = pytest.mark.e2e

Login = Callable[..., None]
AssertAccessible = Callable[[Page], None]


@pytest.fixture(scope="module")
def zuid_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A twentieth of the synthetic Zuid, generated once for the module."""
    out = tmp_path_factory.mktemp("zuid") / "levering"
    generate("zuid", 7, out, fraction=0.05)
    return out


@pytest.fixture
def delivered(demo_users, zuid_sample: Path) -> None:
    """The sample imported as a delivery with its snapshots, on top of the demo users. The
    analyst also holds the approver's role here, to show that holding it is not enough."""
    report = import_folder(actor=None, folder=zuid_sample, progress=False)
    assert not report.fatal
    User.objects.get(username="analist.so").rollen.add(Rol.objects.get(code="procesregisseur"))


def test_an_analyst_selects_and_another_person_approves(
    delivered,
    new_page: Callable[[], Page],
    login: Login,
    assert_accessible: AssertAccessible,
    run_worker: Callable[[], None],
):
    analyst = new_page()
    login(analyst, "analist.so")
    analyst.get_by_role("link", name="Analyse").click()
    expect(analyst.get_by_role("heading", name="Analyse", level=1)).to_be_visible()
    assert_accessible(analyst)

    analyst.get_by_label("Gebied").select_option(label="Charlois (wijk)")
    analyst.get_by_role("button", name="Gebied scoren").click()
    expect(analyst.get_by_text("is gestart.")).to_be_visible()
    expect(analyst.get_by_role("status").filter(has_text="De run wordt berekend")).to_be_visible()
    run = Risicorun.objects.get()
    assert (run.status, run.gebied.code) == ("bezig", "WK059915")
    expect(analyst.get_by_role("heading", level=1)).to_have_text(f"Run {run.pk}: Charlois")
    assert_accessible(analyst)
    # The worker scores it; the page, asking every two seconds, then shows the ranking.
    run_worker()
    run.refresh_from_db()
    assert run.status == "klaar"
    expect(analyst.get_by_role("link", name="Risicokaart van deze run")).to_be_visible()
    expect(analyst.get_by_text("De run wordt berekend")).to_have_count(0)
    assert_accessible(analyst)

    # The address at the top, and why it is there.
    first = analyst.locator("table tbody tr").first
    address = first.locator("a").inner_text()
    first_reason = first.locator("li").first.inner_text()
    first.locator("a").click()
    expect(analyst.get_by_role("heading", level=1)).to_have_text(address)
    expect(analyst.get_by_role("heading", name="Bijdrage per indicator")).to_be_visible()
    expect(analyst.locator("ol li").first).to_have_text(first_reason)
    assert_accessible(analyst)

    analyst.get_by_role("link", name=f"Run {run.pk}").click()
    analyst.get_by_role("link", name="Risicokaart van deze run").click()
    expect(analyst.locator("#risicokaart .leaflet-interactive").first).to_be_attached()
    assert_accessible(analyst)
    analyst.get_by_role("link", name=f"Run {run.pk}").click()

    # Compose the top ten, take one out with a reason, offer it for approval.
    analyst.get_by_label("Naam van de selectie").fill("Integrale actie Charlois mei")
    analyst.get_by_label("Aantal adressen (top N)").fill("10")
    analyst.get_by_role("button", name="Selectie samenstellen").click()
    expect(analyst.get_by_role("heading", name="Integrale actie Charlois mei")).to_be_visible()
    assert_accessible(analyst)
    analyst.locator("summary").first.click()
    analyst.get_by_role("button", name="Uit de selectie halen").first.click()
    expect(
        analyst.get_by_text("Zeg waarom u dit adres uit de selectie haalt.").first
    ).to_be_visible()
    assert_accessible(analyst)
    analyst.get_by_label("Reden van verwijderen").first.fill("Vorige maand al bezocht")
    analyst.get_by_role("button", name="Uit de selectie halen").first.click()
    expect(analyst.get_by_text("de reden staat erbij")).to_be_visible()
    expect(analyst.get_by_text("Vorige maand al bezocht")).to_be_visible()
    analyst.get_by_role("button", name="Ter goedkeuring aanbieden").click()
    expect(analyst.get_by_text("De selectie is ter goedkeuring aangeboden.")).to_be_visible()

    # The composer holds the approval capability too, and still cannot approve.
    expect(analyst.get_by_text("U heeft deze selectie zelf samengesteld.")).to_be_visible()
    expect(analyst.get_by_role("button", name="Goedkeuren")).to_have_count(0)
    assert_accessible(analyst)
    selectie = Selectie.objects.get()
    assert (selectie.status, selectie.beoordeeld_door) == ("ter_goedkeuring", None)

    # A second person approves.
    approver = new_page()
    login(approver, "procesregisseur.dirv")
    approver.get_by_role("link", name="Analyse").click()
    approver.get_by_role("link", name="Selecties").click()
    assert_accessible(approver)
    approver.get_by_role("link", name="Integrale actie Charlois mei").click()
    expect(approver.get_by_text("Vorige maand al bezocht")).to_be_visible()
    assert_accessible(approver)
    approver.get_by_label("Toelichting").fill("Akkoord; actiedag 14 mei")
    approver.get_by_role("button", name="Goedkeuren").click()
    expect(approver.get_by_text("De selectie is goedgekeurd.")).to_be_visible()
    expect(approver.get_by_role("link", name="Adreslijst downloaden (CSV)")).to_be_visible()
    assert_accessible(approver)
    selectie.refresh_from_db()
    assert (selectie.status, selectie.beoordeeld_door.username) == (
        "goedgekeurd",
        "procesregisseur.dirv",
    )
    assert selectie.adressen.filter(handmatig="verwijderd").count() == 1
    assert selectie.adressen.count() == 10

    analyst.goto("/analyse/catalogus")
    expect(analyst.get_by_role("heading", name="Indicatorcatalogus versie 1")).to_be_visible()
    assert_accessible(analyst)


def test_the_accountability_pages_read_well_and_a_manager_adopts_learned_weights(
    delivered,
    new_page: Callable[[], Page],
    login: Login,
    assert_accessible: AssertAccessible,
):
    """The disparity report on the run page, the learning proposal with its adoption (the
    analyst's role holds catalogue management), each indicator's hit rate on the catalogue
    page and the register entry: axe on each."""
    from goedwonen.analytics.models import Catalogusversie
    from goedwonen.analytics.services import risicorun_start
    from goedwonen.registry.models import Gebied

    run = risicorun_start(actor=None, gebied=Gebied.objects.get(code="WK059915"))
    analyst = new_page()
    login(analyst, "analist.so")
    analyst.goto(f"/analyse/runs/{run.pk}?top=100")
    report = analyst.get_by_role("region", name="Verschillen per buurt")
    expect(report.get_by_role("img", name="Verhouding selectie tegen woningen")).to_be_visible()
    expect(report.get_by_role("table")).to_contain_text("Trefkans")
    expect(report.get_by_label("Aantal hoogste scores (top N)")).to_have_value("100")
    assert_accessible(analyst)

    analyst.get_by_role("link", name="Gewichten leren uit controle-uitkomsten").click()
    expect(analyst.get_by_role("heading", name="Scorekaart")).to_be_visible()
    expect(analyst.get_by_role("heading", name="Waar is gecontroleerd")).to_be_visible()
    assert_accessible(analyst)
    analyst.get_by_role("button", name="Vaststellen als nieuwe versie").click()
    expect(analyst.get_by_text("Zeg waarom u deze gewichten vaststelt.").first).to_be_visible()
    assert_accessible(analyst)
    analyst.get_by_label("Toelichting").fill("Gewichten uit de controles van Charlois")
    analyst.get_by_role("button", name="Vaststellen als nieuwe versie").click()
    expect(analyst.get_by_role("heading", name="Indicatorcatalogus versie 2")).to_be_visible()
    assert Catalogusversie.objects.get(versie=2).aangemaakt_door.username == "analist.so"

    # Version 2 has no run yet; version 1 has the hit rates of the run above.
    expect(analyst.get_by_text("Geen run: er is nog geen geslaagde run")).to_be_visible()
    analyst.get_by_role("link", name="versie 1").click()
    expect(analyst.get_by_role("heading", name="Indicatorcatalogus versie 1")).to_be_visible()
    expect(analyst.get_by_role("link", name=f"run {run.pk}")).to_be_visible()
    assert_accessible(analyst)

    analyst.get_by_role("link", name="Beschrijving voor het algoritmeregister lezen").click()
    expect(analyst.get_by_text("Menselijke tussenkomst")).to_be_visible()
    assert_accessible(analyst)
