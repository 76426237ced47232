"""The dashboard over HTTP: the filter, the targets with their realisation per area linked to
the list behind each figure, that list showing only the cases the viewer may see (and how
many it may not), logged; and a case recorded through the service shows on the dashboard, in
the figures and in cijfers.csv."""

from __future__ import annotations

import csv
from datetime import datetime

import pytest

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from goedwonen.accounts.models import Organisatie
from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability
from goedwonen.rapportage.cijfers import cijfers
from goedwonen.registry.models import Gebied
from tests.rapportage.doelen_data import AMS, case, make_areas
from tests.rapportage.stand import dashboard

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas():
    return make_areas()


STEER = [Capability.STEERING_VIEW, Capability.CASES_VIEW]


def test_the_dashboard_shows_the_target_per_area_and_links_each_figure(
    areas, make_user, client, run_worker
):
    director = make_user([Capability.CASES_DIRECT])
    case(1, datetime(2025, 3, 3, tzinfo=AMS), areas["carnisse"], director=director)
    case(2, datetime(2025, 4, 3, tzinfo=AMS), areas["tarwewijk"], director=director)
    client.force_login(make_user(STEER))
    response = dashboard(client, run_worker, {"jaar": "2025"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Nieuwe casussen in behandeling in de vijf focusgebieden" in text
    lijst = reverse("sturing-lijst", args=["casussen_nieuw"])
    assert f'href="{lijst}?jaar=2025&amp;gebied=BU05991572"' in text
    assert f'href="{lijst}?jaar=2025&amp;periode=2025-Q2"' in text
    assert "1 casussen in Carnisse: toon de lijst" in text
    assert "<svg" in text  # the chart beside the table
    sectie = response.context["stand"].secties[0]
    assert sectie.key == "doelen"
    assert ("casussen_nieuw", "BU05991572", "2025", "", 1) in {
        (c.maat, c.gebied, c.periode, c.categorie, c.waarde) for c in sectie.cijfers
    }

    one_area = dashboard(client, run_worker, {"jaar": "2025", "gebied": "BU05991571"})
    assert one_area.status_code == 200
    assert "Het doel geldt voor de vijf focusgebieden samen" in one_area.content.decode()


def test_a_wrong_filter_says_so_in_dutch(make_user, client):
    client.force_login(make_user(STEER))
    response = client.get(reverse("sturing"), {"jaar": "1999", "gebied": "XX"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "Kies een jaar" in errors["jaar"][0]
    assert "Kies een gebied uit de lijst" in errors["gebied"][0]
    bad = client.get(reverse("sturing-lijst", args=["casussen_nieuw"]), {"periode": "2025-Q9"})
    assert bad.status_code == 400
    assert "Geef als periode" in bad.content.decode()
    assert client.get(reverse("sturing-lijst", args=["onbekend"])).status_code == 404


def test_the_list_behind_a_figure_shows_only_visible_cases(areas, make_user, client):
    other = Organisatie.objects.create(code="sb", naam="Stadsbeheer", soort="kerncluster")
    ours = make_user([Capability.CASES_DIRECT])
    theirs = make_user([Capability.CASES_DIRECT], organisatie_=other)
    mine = case(1, datetime(2025, 3, 3, tzinfo=AMS), areas["carnisse"], director=ours)
    hidden = case(2, datetime(2025, 3, 4, tzinfo=AMS), areas["carnisse"], director=theirs)
    viewer = make_user(STEER)
    client.force_login(viewer)
    response = client.get(
        reverse("sturing-lijst", args=["casussen_nieuw"]), {"jaar": "2025", "gebied": "BU05991572"}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert mine.referentie in text and hidden.referentie not in text
    assert "1 van de 2 ziet u niet" in text
    logged = set(
        Verwerkingslog.objects.filter(name__startswith="Lijst achter een cijfer").values_list(
            "object_ref", flat=True
        )
    )
    assert f"casus:{mine.referentie}" in logged
    assert f"casus:{hidden.referentie}" not in logged
    # Without the capability to see cases: the figure, none of the cases.
    client.force_login(make_user([Capability.STEERING_VIEW]))
    text = client.get(
        reverse("sturing-lijst", args=["casussen_nieuw"]), {"jaar": "2025"}
    ).content.decode()
    assert "2 van de 2 ziet u niet" in text and mine.referentie not in text


def test_a_case_recorded_shows_on_the_dashboard_and_in_cijfers_csv(
    casus, make_user, client, tmp_path, run_worker
):
    buurt = casus.objecten.select_related("verblijfsobject__buurt").first().verblijfsobject.buurt
    Gebied.objects.filter(pk=buurt.pk).update(focusgebied=True)
    jaar = timezone.localdate().year
    client.force_login(make_user(STEER))
    text = dashboard(client, run_worker).content.decode()
    assert f"1 casussen in {buurt.naam}: toon de lijst" in text
    assert any(
        (c.maat, c.gebied, c.categorie, c.waarde) == ("casussen_nieuw", buurt.code, "melding", 1)
        for c in cijfers(jaar=jaar)
        if c.periode == str(jaar)
    )
    call_command("rapportage", jaar=jaar, out=str(tmp_path))
    with (tmp_path / "cijfers.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {
        "maat": "casussen_nieuw",
        "gebied": buurt.code,
        "periode": str(jaar),
        "categorie": "melding",
        "waarde": "1",
    } in rows
