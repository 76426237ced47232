"""The analyst screens over HTTP: runs, the ranking with reasons and filters, a dwelling's
contributions, the map and the catalogue; the disparity report with every run and selection,
the learning proposal and its adoption, each indicator's hit rate, the register entry. Every
view of scores per address, and every report from a run's scores, is logged."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import duckdb
import pytest

from django.urls import reverse

from goedwonen.analytics.models import Risicorun
from goedwonen.analytics.selectors import scores_path
from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability
from goedwonen.registry.models import Gebied

C = Capability


@pytest.fixture
def analist(make_user):
    return make_user([C.ANALYSIS_VIEW, C.ANALYSIS_RUN, C.SELECTION_COMPOSE])


def logged(run: Risicorun) -> int:
    return Verwerkingslog.objects.filter(
        object_ref=f"risicorun:{run.pk}",
        verwerkingsactiviteit__code="risicoselectie-woningtoezicht",
    ).count()


def test_an_analyst_scores_an_area_and_reads_the_ranking_and_reasons(
    imported, analist, client, run_worker
):
    client.force_login(analist)
    assert "Gebied scoren" in client.get(reverse("analyse")).content.decode()
    carnisse = Gebied.objects.get(code="BU05991572")
    response = client.post(reverse("run-starten"), {"gebied": carnisse.pk})
    run_worker()
    run = Risicorun.objects.get()
    assert response["Location"] == reverse("analyse-run", kwargs={"pk": run.pk})
    assert run.status == "klaar"
    before = logged(run)
    page = client.get(response["Location"]).content.decode()
    top = duckdb.execute(
        "SELECT object_id, straat, huisnummer, redenen FROM read_parquet(?) ORDER BY rank LIMIT 1",
        [str(scores_path(run))],
    ).fetchall()[0]
    assert f"{top[1]} {top[2]}" in page
    assert top[3][0] in page
    assert logged(run) == before + 2  # the ranking and the disparity report

    detail = client.get(reverse("analyse-woning", kwargs={"pk": run.pk, "object_id": top[0]}))
    text = detail.content.decode()
    assert "Bijdrage per indicator" in text and top[3][0] in text
    assert logged(run) == before + 3

    assert client.get(reverse("analyse-kaart", kwargs={"pk": run.pk})).status_code == 200
    assert logged(run) == before + 4


def test_a_requested_run_is_bezig_until_the_worker_scored_it(imported, analist, client, run_worker):
    client.force_login(analist)
    carnisse = Gebied.objects.get(code="BU05991572")
    response = client.post(reverse("run-starten"), {"gebied": carnisse.pk}, follow=True)
    run = Risicorun.objects.get()
    assert (run.status, run.gestart_door, run.aantal_woningen) == ("bezig", analist, 0)
    assert not scores_path(run).exists() and logged(run) == 0
    page = response.content.decode()
    assert f"Run {run.pk} is gestart." in page
    status = reverse("analyse-run-status", kwargs={"pk": run.pk})
    assert '<div role="status"><p class="utrecht-paragraph" hx-get="' + status in page
    assert 'hx-trigger="every 2s"' in page and "De run wordt berekend" in page
    polled = client.get(status, headers={"HX-Request": "true"})
    assert "De run wordt berekend" in polled.content.decode()
    assert "HX-Refresh" not in polled

    run_worker()
    run.refresh_from_db()
    assert run.status == "klaar" and run.aantal_woningen > 0 and scores_path(run).exists()
    assert logged(run) == 1  # the run itself
    assert client.get(status, headers={"HX-Request": "true"})["HX-Refresh"] == "true"
    page = client.get(reverse("analyse-run", kwargs={"pk": run.pk})).content.decode()
    assert "De run wordt berekend" not in page and "hx-trigger" not in page
    assert "woningen, hoogste score eerst" in page


def test_the_ranking_filters_by_street_indicator_and_owner(imported, analist, client):
    from goedwonen.analytics.services import risicorun_start

    run = risicorun_start(actor=None, gebied=Gebied.objects.get(code="BU05991572"))
    owner, street = duckdb.execute(
        "SELECT eigenaar_id, straat FROM read_parquet(?) WHERE eigenaar_id IS NOT NULL "
        "ORDER BY rank LIMIT 1",
        [str(scores_path(run))],
    ).fetchall()[0]
    expected = duckdb.execute(
        "SELECT count(*) FROM read_parquet(?) WHERE eigenaar_id = ? AND straat = ?",
        [str(scores_path(run)), owner, street],
    ).fetchall()[0][0]
    client.force_login(analist)
    page = client.get(
        reverse("analyse-run", kwargs={"pk": run.pk}), {"eigenaar": owner, "straat": street}
    ).content.decode()
    assert f"{expected} woning" in page
    unknown = client.get(
        reverse("analyse-run", kwargs={"pk": run.pk}), {"indicator": "'; DROP TABLE x; --"}
    ).content.decode()
    assert "Geen woningen die aan deze filters voldoen." in unknown


def test_a_failed_run_shows_its_message(imported, analist, client):
    run = Risicorun.objects.create(
        catalogus_id=1, peildatum="2026-01-01", status="mislukt", melding="Geen BAG-levering"
    )
    client.force_login(analist)
    page = client.get(reverse("analyse-run", kwargs={"pk": run.pk})).content.decode()
    assert "Deze run is mislukt: Geen BAG-levering" in page


def test_the_catalogue_lists_each_indicator_with_its_basis(db, analist, client):
    client.force_login(analist)
    page = client.get(reverse("analyse-catalogus")).content.decode()
    assert "Indicatorcatalogus versie 1" in page
    assert "Meer volwassenen dan de oppervlakte toelaat" in page
    assert "Bouwbesluit 2012 art. 7.18" in page


# --- accountability on the screens --------------------------------------------------------


def procent(value: float | None) -> str:
    """As the pages write a share: one decimal (half up), a comma."""
    if value is None:
        return "\u2013"
    rounded = Decimal(repr(value * 100)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{rounded}%".replace(".", ",")


def names_of(codes) -> dict[str, str]:
    return dict(Gebied.objects.filter(code__in=list(codes)).values_list("code", "naam"))


@pytest.fixture
def zuid_run(imported):
    from goedwonen.analytics.services import risicorun_start

    return risicorun_start(actor=None)


def test_the_run_page_reports_disparity_per_buurt_for_the_top_n(zuid_run, analist, client):
    from goedwonen.analytics.fairness import disparity
    from goedwonen.analytics.services import run_folder

    run = zuid_run
    client.force_login(analist)
    page = client.get(reverse("analyse-run", kwargs={"pk": run.pk}), {"top": 50}).content.decode()
    expected = disparity(scores=scores_path(run), events_dir=run_folder(run), top=50)
    names = names_of(r.buurtcode for r in expected)
    assert "Verschillen per buurt" in page
    assert "de hoogste 50 van run" in page and "(50 woningen)" in page
    assert '<svg role="img" aria-label="Verhouding selectie tegen woningen per buurt' in page
    for row in expected:
        assert names[row.buurtcode] in page
    flagged = sorted(names[r.buurtcode] for r in expected if r.overselectie)
    assert flagged, "the top 50 of the sample over-selects some buurt"
    assert f"Overselectie</strong> in {len(flagged)} buurt" in page
    assert ", ".join(flagged) in page
    assert page.count("Overselectie</strong></td>") == len(flagged)
    # One row checked cell by cell: share of dwellings and hit rate as Dutch percentages.
    row = next(r for r in expected if r.overselectie)
    assert f"<strong>{names[row.buurtcode]}</strong>" in page
    cells = page.split(f'gw-mono">{row.buurtcode}</span>', 1)[1].split("</tr>", 1)[0]
    assert procent(row.aandeel_woningen) in cells
    assert f">{row.geselecteerd}<" in cells
    assert f"{row.verhouding:.2f}".replace(".", ",") in cells
    assert (procent(row.trefkans) if row.trefkans is not None else "geen controles") in cells

    default = client.get(reverse("analyse-run", kwargs={"pk": run.pk})).content.decode()
    assert "de hoogste 200 van run" in default
    wrong = client.get(reverse("analyse-run", kwargs={"pk": run.pk}), {"top": "0"})
    text = wrong.content.decode()
    assert "Kies een aantal van 1 tot en met 1000." in text and "de hoogste 200 van run" in text


def test_the_selection_page_reports_disparity_for_the_addresses_it_keeps(zuid_run, analist, client):
    from goedwonen.analytics.fairness import disparity
    from goedwonen.analytics.selections import selectie_address_remove, selectie_compose
    from goedwonen.analytics.services import run_folder

    selectie = selectie_compose(actor=analist, run=zuid_run, naam="Actie Zuid", top_n=10)
    removed = selectie.adressen.order_by("rang").first()
    selectie_address_remove(
        actor=analist, selectie=selectie, adres=removed, reden="Vorige maand al bezocht"
    )
    kept = list(
        selectie.adressen.exclude(pk=removed.pk).values_list(
            "verblijfsobject__object_id", flat=True
        )
    )
    expected = disparity(
        scores=scores_path(zuid_run), events_dir=run_folder(zuid_run), selected=kept
    )
    assert sum(r.geselecteerd for r in expected) == 9
    client.force_login(analist)
    lines = Verwerkingslog.objects.filter(object_ref=f"selectie:{selectie.pk}").count()
    page = client.get(reverse("selectie", kwargs={"pk": selectie.pk})).content.decode()
    assert "Verschillen per buurt" in page and "(9 woningen)" in page
    assert "weggehaalde adressen tellen niet mee" in page
    report = page.split('id="verschillen-kop"', 1)[1]
    for row in expected:
        if row.geselecteerd:
            cells = report.split(f'gw-mono">{row.buurtcode}</span>', 1)[1].split("</tr>", 1)[0]
            assert f">{row.geselecteerd}<" in cells
    # The addresses and the report: two lines.
    assert Verwerkingslog.objects.filter(object_ref=f"selectie:{selectie.pk}").count() == lines + 2


def test_the_proposal_page_shows_the_scorecard_its_test_and_where_was_inspected(
    zuid_run, analist, client
):
    from goedwonen.analytics.fairness import inspection_density_median, median_deviation
    from goedwonen.analytics.services import catalogue_proposal

    voorstel = catalogue_proposal(actor=None, run=zuid_run)
    client.force_login(analist)
    run_page = client.get(reverse("analyse-run", kwargs={"pk": zuid_run.pk})).content.decode()
    url = reverse("analyse-voorstel", kwargs={"pk": zuid_run.pk})
    assert f'href="{url}"' in run_page
    before = logged(zuid_run)
    page = client.get(url).content.decode()
    assert logged(zuid_run) == before + 1
    e = voorstel.evaluatie
    assert f"Precisie bij {e.k}" in page
    for share in (e.precisie_huidig, e.precisie_voorstel, e.basiskans):
        assert procent(share) in page
    assert f"{e.lift_voorstel:.2f}".replace(".", ",") in page
    assert f"getraind op {voorstel.getraind_op})" in page
    assert "Meer volwassenen dan de oppervlakte toelaat" in page
    assert page.count("leert niet: berekend uit de uitkomsten") == sum(
        1 for c in voorstel.scorecard if c.coefficient is None
    )
    assert "kennen het antwoord al" in page
    middle = inspection_density_median(voorstel.per_buurt)
    assert f"De mediaan over de buurten is {middle:.1f}".replace(".", ",") in page
    flags = [median_deviation(b["controles_per_1000"], middle) for b in voorstel.per_buurt]
    assert page.count("Ver boven</strong>") == flags.count("boven")
    assert page.count("Ver onder</strong>") == flags.count("onder")
    assert "boven" in flags
    for name in names_of(b["buurtcode"] for b in voorstel.per_buurt).values():
        assert name in page
    assert "Vaststellen als nieuwe versie" not in page  # the analyst may not adopt


def test_a_catalogue_manager_adopts_the_proposal_with_an_explanation(
    zuid_run, analist, make_user, client
):
    from goedwonen.analytics.models import Catalogusversie
    from goedwonen.analytics.services import catalogue_proposal

    url = reverse("analyse-voorstel-vaststellen", kwargs={"pk": zuid_run.pk})
    client.force_login(analist)
    refused = client.post(url, {"toelichting": "Gewichten uit 2026"})
    assert refused.status_code == 403
    assert Catalogusversie.objects.count() == 1

    manager = make_user([C.ANALYSIS_VIEW, C.CATALOGUE_MANAGE], username="beheerder")
    client.force_login(manager)
    page = client.get(reverse("analyse-voorstel", kwargs={"pk": zuid_run.pk})).content.decode()
    assert "Vaststellen als nieuwe versie" in page
    empty = client.post(url, {"toelichting": ""})
    assert empty.status_code == 400
    assert "Zeg waarom u deze gewichten vaststelt." in empty.content.decode()
    blank = client.post(url, {"toelichting": "   "})
    assert blank.status_code == 400
    assert Catalogusversie.objects.count() == 1

    adopted = client.post(url, {"toelichting": "Gewichten uit de controles van 2026"})
    versie = Catalogusversie.objects.get(versie=2)
    assert adopted["Location"] == reverse("analyse-catalogus") + "?versie=2"
    assert versie.aangemaakt_door == manager
    assert versie.toelichting.startswith("Gewichten uit de controles van 2026")
    weights = catalogue_proposal(actor=None, run=zuid_run).weights()
    assert dict(versie.indicatoren.values_list("code", "gewicht")) == weights
    shown = client.get(adopted["Location"]).content.decode()
    assert "catalogusversie 2" in shown and "Indicatorcatalogus versie 2" in shown


def test_too_few_outcomes_says_so_on_the_proposal_page(zuid_run, make_user, client, monkeypatch):
    from goedwonen.analytics import learning
    from goedwonen.analytics.models import Catalogusversie

    monkeypatch.setattr(learning, "MIN_INSPECTIONS", 10**6)
    manager = make_user([C.ANALYSIS_VIEW, C.CATALOGUE_MANAGE])
    client.force_login(manager)
    page = client.get(reverse("analyse-voorstel", kwargs={"pk": zuid_run.pk})).content.decode()
    assert "Er is geen voorstel te maken: Er zijn " in page
    assert "ten minste 1000000 nodig" in page
    assert "Vaststellen als nieuwe versie" not in page
    posted = client.post(
        reverse("analyse-voorstel-vaststellen", kwargs={"pk": zuid_run.pk}),
        {"toelichting": "Toch maar"},
    )
    assert posted.status_code == 400
    assert "ten minste 1000000 nodig" in posted.content.decode()
    assert Catalogusversie.objects.count() == 1


def test_the_catalogue_shows_each_indicators_hit_rate_from_the_latest_run(
    imported, analist, client
):
    from goedwonen.analytics.fairness import indicator_hit_rates
    from goedwonen.analytics.services import risicorun_start, run_folder

    client.force_login(analist)
    page = client.get(reverse("analyse-catalogus")).content.decode()
    assert "Geen run: er is nog geen geslaagde run met deze catalogusversie" in page
    assert (
        page.count('Trefkans in controles</dt><dd class="utrecht-data-list__item-value">geen run')
        == 14
    )

    risicorun_start(actor=None, gebied=Gebied.objects.get(code="BU05991572"))
    run = risicorun_start(actor=None)
    Risicorun.objects.create(catalogus=run.catalogus, peildatum=run.peildatum, status="mislukt")
    before = logged(run)
    page = client.get(reverse("analyse-catalogus")).content.decode()
    assert logged(run) == before + 1
    run_url = reverse("analyse-run", kwargs={"pk": run.pk})
    assert f'Uit <a class="utrecht-link" href="{run_url}">run {run.pk}</a> (alle gebieden' in page
    rates = indicator_hit_rates(
        scores=scores_path(run), events_dir=run_folder(run), codes=list(run.parameters)
    )
    shown = [r for r in rates.values() if r.met_signaal]
    assert shown
    for rate in shown:
        assert (
            f"{procent(rate.trefkans)}: {rate.met_overtreding} van {rate.met_signaal} "
            "gecontroleerde woning"
        ) in page
    assert "Berekend uit controle-uitkomsten</strong>" in page


def test_the_register_entry_as_json_and_as_a_page(db, analist, client):
    import json

    from goedwonen.analytics.models import Catalogusversie
    from goedwonen.analytics.register import register_entry

    client.force_login(analist)
    catalogue = client.get(reverse("analyse-catalogus")).content.decode()
    json_url = reverse("analyse-algoritmeregister-json")
    assert f'href="{json_url}?versie=1" download' in catalogue
    response = client.get(json_url, {"versie": 1})
    assert response["Content-Type"] == "application/json"
    assert "algoritmeregister-catalogus-1.json" in response["Content-Disposition"]
    entry = register_entry(Catalogusversie.objects.get(versie=1), organisatie="Gemeente Rotterdam")
    assert json.loads(response.content) == json.loads(json.dumps(entry))
    assert "art. 22 AVG" in response.content.decode()

    page = client.get(reverse("analyse-algoritmeregister")).content.decode()
    for heading in ("Doel en impact", "Wettelijke basis", "Menselijke tussenkomst", "Risicobeheer"):
        assert heading in page
    assert entry["indicatoren"][0]["naam"] in page
    assert "Geografische vertekening" in page
    assert client.get(json_url, {"versie": 99}).status_code == 404


def test_a_run_started_by_the_system_is_listed_as_such(db, analist, client):
    """A run from `goedwonen score` has no person who started it; the runs page said so by
    raising a server error."""
    Risicorun.objects.create(catalogus_id=1, peildatum="2026-01-01", status="klaar")
    client.force_login(analist)
    response = client.get(reverse("analyse"))
    assert response.status_code == 200
    assert "door het systeem" in response.content.decode()
