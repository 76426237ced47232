"""The owner's page and its parts cost what they show (issue 18): the portfolio a page at a
time, the reports, controls and enforcement decisions each a page of their own, the map's
points on request; the statements of each do not grow with the rows shown."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability
from goedwonen.intake.models import Melding
from goedwonen.registry.models import (
    Adres,
    Controle,
    Eigenaar,
    Eigendom,
    Gebied,
    Handhaving,
    Verblijfsobject,
)

pytestmark = pytest.mark.django_db

ALL = [Capability.REGISTRY_VIEW, Capability.REPORTS_VIEW, Capability.ENFORCEMENT_HISTORY_VIEW]


@pytest.fixture
def viewer(client, make_user):
    client.force_login(make_user(ALL, username="bekijker"))
    return client


@pytest.fixture
def owner() -> Eigenaar:
    return Eigenaar.objects.create(eigenaar_id="K1", soort="rechtspersoon", naam="Groot Bezit BV")


def _objects(owner: Eigenaar, n: int, *, start: int = 0, buurt: str = "BU1") -> None:
    """`n` dwellings of the owner in `buurt`, each with an address, a report, a control and
    a decision."""
    gebied, _ = Gebied.objects.get_or_create(
        code=buurt, defaults={"naam": f"Buurt {buurt}", "soort": "buurt"}
    )
    for i in range(start, start + n):
        vbo = Verblijfsobject.objects.create(
            object_id=f"{i:016d}", objecttype="vbo", is_woning=True, buurt=gebied, lon=4.5, lat=51.9
        )
        Adres.objects.create(
            nummeraanduiding=f"N{i:015d}",
            verblijfsobject=vbo,
            openbareruimte="Lange Straat",
            huisnummer=i + 1,
            postcode="3000AA",
            woonplaats="Rotterdam",
        )
        Eigendom.objects.create(verblijfsobject=vbo, eigenaar=owner, verkregen_op=date(2020, 1, 1))
        Melding.objects.create(
            bron="test",
            bron_id=f"M{i}",
            referentie=f"MLD-{i}",
            ontvangen_op=timezone.now() - timedelta(days=i),
            categorie="overbewoning",
            verblijfsobject=vbo,
            omschrijving=f"Melding nummer {i}",
        )
        Controle.objects.create(
            bron_id=f"C{i}",
            verblijfsobject=vbo,
            datum=date(2026, 1, 1),
            aanleiding="proactief",
            overtreding="nee",
        )
        Handhaving.objects.create(
            bron_id=f"H{i}",
            verblijfsobject=vbo,
            datum=date(2020, 1, 1),
            instrument="bestuurlijke_boete",
        )


def _statements(client, url: str, params: dict[str, str] | None = None) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries.captured_queries), len(response.context["page"].object_list)


PARTS = ["eigenaar", "eigenaar-meldingen", "eigenaar-controles", "eigenaar-handhaving"]


@pytest.mark.parametrize("name", PARTS)
def test_each_part_costs_the_same_for_two_rows_and_for_twenty(viewer, owner, name):
    url = reverse(name, args=[owner.eigenaar_id])
    _objects(owner, 2)
    viewer.get(url)  # the session warms
    few = _statements(viewer, url)
    _objects(owner, 18, start=2, buurt="BU2")
    many = _statements(viewer, url)
    assert (few[1], many[1]) == (2, 20)  # more rows shown
    assert many[0] == few[0]  # at the same cost


def test_the_portfolio_pages_on_sorts_and_narrows_to_a_buurt(viewer, owner):
    _objects(owner, 25)
    _objects(owner, 10, start=25, buurt="BU2")
    url = reverse("eigenaar", args=[owner.eigenaar_id])
    html = viewer.get(url).content.decode()
    assert "Portefeuille (35 objecten)" in html
    assert "Grote portefeuille: 35 objecten" in html
    # The summary per buurt links to the objects in that buurt.
    assert '<a class="utrecht-link" href="?buurt=BU1#objecten-kop">Buurt BU1</a>' in html
    assert ">25</td>" in html and ">10</td>" in html
    assert "Pagina 1 van 2" in html and "Lange Straat 1<" in html and "Lange Straat 31<" not in html
    html = viewer.get(url, {"pagina": 2}).content.decode()
    assert "Lange Straat 31<" in html and "Lange Straat 1<" not in html
    page = viewer.get(url, {"buurt": "BU2"}).context["page"]
    assert [e.verblijfsobject.object_id for e in page] == [f"{i:016d}" for i in range(25, 35)]
    page = viewer.get(url, {"sorteer": "-buurt"}).context["page"]
    assert page.object_list[0].verblijfsobject.buurt.code == "BU2"
    # No list of the history on the owner's page itself: links to its parts.
    assert "Melding nummer" not in html
    for part in PARTS[1:]:
        assert reverse(part, args=[owner.eigenaar_id]) in html
    # The map fetches its points; none are inlined.
    assert reverse("eigenaar-kaart", args=[owner.eigenaar_id]) in html
    assert "eigenaar-punten" not in html


def test_the_reports_part_pages_newest_first_and_logs_each_report_shown(viewer, owner):
    _objects(owner, 32)
    sold = Eigendom.objects.get(verblijfsobject__object_id=f"{0:016d}")
    sold.beeindigd_op = date(2025, 1, 1)  # sold: its history still belongs to the owner
    sold.save()
    url = reverse("eigenaar-meldingen", args=[owner.eigenaar_id])
    before = Verwerkingslog.objects.count()
    response = viewer.get(url)
    html = response.content.decode()
    assert "Meldingen (32)" in html and "Pagina 1 van 2" in html
    assert [m.referentie for m in response.context["page"]][:2] == ["MLD-0", "MLD-1"]
    logged = Verwerkingslog.objects.order_by("pk")[before:]
    assert {line.object_ref for line in logged} == {f"melding:MLD-{i}" for i in range(30)}
    assert {line.name for line in logged} == {"Meldingen bij eigenaar ingezien"}
    page = viewer.get(url, {"pagina": 2}).context["page"]
    assert [m.referentie for m in page] == ["MLD-30", "MLD-31"]


def test_controls_and_decisions_parts_are_logged_as_reads_of_the_owner(viewer, owner):
    _objects(owner, 3)
    Handhaving.objects.create(
        bron_id="HE", eigenaar=owner, datum=date(2024, 1, 1), instrument="last_onder_dwangsom"
    )
    html = viewer.get(reverse("eigenaar-handhaving", args=[owner.eigenaar_id])).content.decode()
    assert "Handhaving (4)" in html and "Last onder dwangsom" in html
    line = Verwerkingslog.objects.order_by("-pk").first()
    assert (line.name, line.object_ref) == (
        "Handhavingsbesluiten bij eigenaar ingezien",
        "eigenaar:K1",
    )
    html = viewer.get(reverse("eigenaar-controles", args=[owner.eigenaar_id])).content.decode()
    assert "Controles (3)" in html
    line = Verwerkingslog.objects.order_by("-pk").first()
    assert line.name == "Controles bij eigenaar ingezien"


def test_parts_need_the_capability_of_their_data(client, make_user, owner):
    _objects(owner, 1)
    client.force_login(make_user([Capability.REGISTRY_VIEW]))
    html = client.get(reverse("eigenaar", args=[owner.eigenaar_id])).content.decode()
    assert "Portefeuille (1 object)" in html
    for part in PARTS[1:]:
        assert reverse(part, args=[owner.eigenaar_id]) not in html
        assert client.get(reverse(part, args=[owner.eigenaar_id])).status_code == 403
    assert client.get(reverse("eigenaar-meldingen", args=["ONBEKEND"])).status_code == 403


def test_unknown_owner_is_404_on_every_part(viewer):
    for part in [*PARTS, "eigenaar-kaart"]:
        assert viewer.get(reverse(part, args=["ONBEKEND"])).status_code == 404


def test_the_map_points_of_the_portfolio(viewer, owner):
    _objects(owner, 3)
    Eigendom.objects.filter(verblijfsobject__object_id=f"{2:016d}").update(
        beeindigd_op=date(2025, 1, 1)
    )
    data = viewer.get(reverse("eigenaar-kaart", args=[owner.eigenaar_id])).json()
    assert [p["label"] for p in data["woningen"]] == ["Lange Straat 1", "Lange Straat 2"]
    assert data["meer"] is False


def test_a_reports_page_shows_the_newest_related_and_links_to_the_owners_reports(viewer, owner):
    _objects(owner, 3)
    first = Melding.objects.get(referentie="MLD-0")
    url = reverse("melding", args=[first.pk])
    viewer.get(url)
    with CaptureQueriesContext(connection) as few:
        html = viewer.get(url).content.decode()
    assert "Bij andere objecten van dezelfde eigenaar (2)" in html
    assert reverse("eigenaar-meldingen", args=["K1"]) not in html  # all of them are shown

    _objects(owner, 15, start=3)
    with CaptureQueriesContext(connection) as many:
        html = viewer.get(url).content.decode()
    assert "Bij andere objecten van dezelfde eigenaar (de nieuwste 10)" in html
    assert "MLD-1<" in html and "MLD-10<" in html and "MLD-11<" not in html
    assert reverse("eigenaar-meldingen", args=["K1"]) in html
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_owners_facts_are_kept_until_the_next_delivery(viewer, owner):
    """The portfolio by buurt and the flags' counts come from imported data only: they are
    read once and kept until a delivery starts or ends (or the day changes)."""
    from goedwonen.registry.models import Levering

    _objects(owner, 2)
    url = reverse("eigenaar", args=[owner.eigenaar_id])
    statements_first, first = _statements_of(viewer, url)
    assert first.context["d"].in_bezit == 2

    _objects(owner, 1, start=2, buurt="BU2")  # as if imported: no delivery recorded yet
    statements_kept, kept = _statements_of(viewer, url)
    assert kept.context["d"].in_bezit == 2
    assert [b.code for b in kept.context["d"].buurten] == ["BU1"]
    assert statements_kept <= statements_first - 4  # by buurt, sold, decisions, violations

    levering = Levering.objects.create(bronmap="/levering")
    renewed = viewer.get(url).context["d"]
    assert renewed.in_bezit == 3 and [b.code for b in renewed.buurten] == ["BU1", "BU2"]
    Eigendom.objects.filter(eigenaar=owner, verblijfsobject__buurt__code="BU2").update(
        beeindigd_op=date(2026, 1, 1)
    )
    levering.status = Levering.Status.GESLAAGD
    levering.klaar_op = timezone.now()
    levering.save()
    ended = viewer.get(url).context["d"]
    assert ended.in_bezit == 2 and ended.verkocht == 1


def _statements_of(client, url: str) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries), response
