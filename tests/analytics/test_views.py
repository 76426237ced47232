"""The analyst screens over HTTP: runs, the ranking with reasons and filters, a dwelling's
contributions, the map and the catalogue; every view of scores per address is logged."""

from __future__ import annotations

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


def test_an_analyst_scores_an_area_and_reads_the_ranking_and_reasons(imported, analist, client):
    client.force_login(analist)
    assert "Gebied scoren" in client.get(reverse("analyse")).content.decode()
    carnisse = Gebied.objects.get(code="BU05991572")
    response = client.post(reverse("run-starten"), {"gebied": carnisse.pk})
    run = Risicorun.objects.get()
    assert response["Location"] == reverse("analyse-run", kwargs={"pk": run.pk})
    assert run.status == "klaar"
    before = logged(run)
    page = client.get(response["Location"]).content.decode()
    top = duckdb.execute(
        "SELECT object_id, straat, huisnummer, redenen FROM read_parquet(?) ORDER BY rank LIMIT 1",
        [str(scores_path(run))],
    ).fetchone()
    assert f"{top[1]} {top[2]}" in page
    assert top[3][0] in page
    assert logged(run) == before + 1

    detail = client.get(reverse("analyse-woning", kwargs={"pk": run.pk, "object_id": top[0]}))
    text = detail.content.decode()
    assert "Bijdrage per indicator" in text and top[3][0] in text
    assert logged(run) == before + 2

    assert client.get(reverse("analyse-kaart", kwargs={"pk": run.pk})).status_code == 200
    assert logged(run) == before + 3


def test_the_ranking_filters_by_street_indicator_and_owner(imported, analist, client):
    from goedwonen.analytics.services import risicorun_start

    run = risicorun_start(actor=None, gebied=Gebied.objects.get(code="BU05991572"))
    owner, street = duckdb.execute(
        "SELECT eigenaar_id, straat FROM read_parquet(?) WHERE eigenaar_id IS NOT NULL "
        "ORDER BY rank LIMIT 1",
        [str(scores_path(run))],
    ).fetchone()
    expected = duckdb.execute(
        "SELECT count(*) FROM read_parquet(?) WHERE eigenaar_id = ? AND straat = ?",
        [str(scores_path(run)), owner, street],
    ).fetchone()[0]
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
