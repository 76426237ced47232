"""A case shared by parts, on every path to the list (page, CSV export, API): a filter on a
part not shared is no oracle, counts are of what the partner sees, the title shows only with
the addresses; and what the list shows is logged, its searches on personal data included."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from goedwonen.casussen.models import Taak
from goedwonen.casussen.services.case_tasks import taak_create
from goedwonen.casussen.services.cases import casus_create
from goedwonen.casussen.services.sharing import casus_share_end
from goedwonen.core.policy import Capability
from tests.log_lines import log_inserts, log_mark, logged_since, subject
from tests.scenario import share_case as share

pytestmark = pytest.mark.django_db

TITLE = "Carnisse 10: overbewoning"  # the fixture's title: it carries the address
TASKS_ONLY = ["taken"]
WITH_PARTIES_AND_OBJECTS = ["taken", "partijen", "objecten"]


def listed_on_page(client, query):
    response = client.get(reverse("casussen"), {"status": "", **query})
    assert response.status_code == 200
    return [c.referentie for c in response.context["page"].object_list]


def export_rows(client, query):
    response = client.get(reverse("casussen-export"), {"status": "", **query})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    return rows[1:]


def listed_in_export(client, query):
    return [row[0] for row in export_rows(client, query)]


def listed_by_api(client, query):
    response = client.get(reverse("api-casussen"), query)
    assert response.status_code == 200
    return [c["referentie"] for c in response.json()["results"]]


PATHS = {"lijst": listed_on_page, "export": listed_in_export, "api": listed_by_api}

# Each criterion reads one part: the owner the parties, the street, postcode, title (it
# carried the address) and area the objects. The API has the free search only.
CRITERIA = [
    ("lijst", {"eigenaar": "Jansen"}),
    ("lijst", {"eigenaar": "jan"}),
    ("lijst", {"eigenaar": "E1"}),
    ("export", {"eigenaar": "Jansen"}),
    ("lijst", {"zoek": "Carnisselaan"}),
    ("lijst", {"zoek": "3083 ab"}),
    ("lijst", {"zoek": "Carnisse 10"}),
    ("lijst", {"buurt": "BU05991572"}),
    ("export", {"zoek": "Carnisselaan"}),
    ("export", {"buurt": "BU05991572"}),
    ("api", {"zoek": "Carnisselaan"}),
    ("api", {"zoek": "3083AB"}),
    ("api", {"zoek": "Carnisse 10"}),
]


@pytest.mark.parametrize(("path", "query"), CRITERIA, ids=lambda v: str(v))
def test_a_criterion_on_a_part_not_shared_matches_nothing(
    client, casus, regisseur, politie, partner_organisatie, path, query
):
    """With only its tasks shared, the police cannot learn the owner or the address by
    filtering: the criterion matches the case neither when it holds nor when it does not."""
    share(casus, regisseur, partner_organisatie, TASKS_ONLY)
    client.force_login(politie)
    assert PATHS[path](client, query) == []
    # The case itself is listed, and found by what the police do see: its reference.
    assert PATHS[path](client, {}) == [casus.referentie]
    assert PATHS[path](client, {"zoek": casus.referentie}) == [casus.referentie]


@pytest.mark.parametrize(("path", "query"), CRITERIA, ids=lambda v: str(v))
def test_a_criterion_on_a_shared_part_matches(
    client, casus, regisseur, politie, partner_organisatie, path, query
):
    share(casus, regisseur, partner_organisatie, WITH_PARTIES_AND_OBJECTS)
    client.force_login(politie)
    assert PATHS[path](client, query) == [casus.referentie]
    client.force_login(regisseur)
    assert PATHS[path](client, query) == [casus.referentie]


@pytest.fixture
def tasks(casus, regisseur, organisatie, partner_organisatie):
    """Two open tasks of the directing organisation (one overdue) and one of the police,
    with whom the case is shared with its tasks only."""
    share(casus, regisseur, partner_organisatie, TASKS_ONLY)
    in_a_week = timezone.localdate() + timedelta(days=7)
    own = [
        taak_create(actor=regisseur, casus=casus, titel=t, organisatie=organisatie, deadline=d)
        for t, d in (("Dossier BRP", in_a_week), ("Eigenaar bellen", in_a_week))
    ]
    Taak.objects.filter(pk=own[1].pk).update(deadline=timezone.localdate() - timedelta(days=1))
    police = taak_create(
        actor=regisseur,
        casus=casus,
        titel="Controle",
        organisatie=partner_organisatie,
        deadline=in_a_week,
    )
    return [*own, police]


def test_the_task_counts_in_the_list_are_of_the_tasks_the_viewer_sees(
    client, casus, regisseur, politie, tasks
):
    client.force_login(politie)
    (row,) = client.get(reverse("casussen")).context["page"].object_list
    assert (row.open_taken, row.te_late_taken) == (1, 0)
    client.force_login(regisseur)
    (row,) = client.get(reverse("casussen")).context["page"].object_list
    assert (row.open_taken, row.te_late_taken) == (3, 1)


def test_without_the_part_tasks_a_partner_counts_no_tasks(
    client, casus, regisseur, politie, partner_organisatie, tasks
):
    casus_share_end(actor=regisseur, deling=casus.delingen.get())
    share(casus, regisseur, partner_organisatie, ["notities"])
    client.force_login(politie)
    (row,) = client.get(reverse("casussen")).context["page"].object_list
    assert (row.open_taken, row.te_late_taken) == (0, 0)


# Titles


def shown_titles(client, casus):
    """The case's title as the page, the list, the export and the API show it."""
    page = client.get(reverse("casus", args=[casus.referentie])).content.decode()
    heading = page.split('<h1 class="utrecht-heading-1">')[1].split("</h1>")[0]
    (row,) = client.get(reverse("casussen")).context["page"].object_list
    (exported,) = export_rows(client, {})
    (listed,) = client.get(reverse("api-casussen")).json()["results"]
    detail = client.get(reverse("api-casus", args=[casus.referentie])).json()
    return {
        "pagina": heading,
        "lijst": row.weergavetitel,
        "export": exported[1],
        "api-lijst": listed["titel"],
        "api-casus": detail["titel"],
        "bevat-titel": TITLE in page + client.get(reverse("casussen")).content.decode(),
    }


def test_a_partner_without_the_addresses_sees_a_neutral_title_everywhere(
    client, casus, regisseur, politie, partner_organisatie
):
    share(casus, regisseur, partner_organisatie, TASKS_ONLY)
    client.force_login(politie)
    neutral = f"Casus {casus.referentie}"
    assert shown_titles(client, casus) == {
        "pagina": neutral,
        "lijst": neutral,
        "export": neutral,
        "api-lijst": neutral,
        "api-casus": neutral,
        "bevat-titel": False,
    }


@pytest.mark.parametrize("who", ["regisseur", "partner-met-adressen"])
def test_who_sees_the_addresses_sees_the_title(
    client, casus, regisseur, politie, partner_organisatie, who
):
    share(casus, regisseur, partner_organisatie, ["objecten"])
    client.force_login(regisseur if who == "regisseur" else politie)
    assert shown_titles(client, casus) == {
        "pagina": f"Casus {casus.referentie}: {TITLE}",
        "lijst": TITLE,
        "export": TITLE,
        "api-lijst": TITLE,
        "api-casus": TITLE,
        "bevat-titel": True,
    }


def test_the_title_proposed_from_a_report_has_no_address(client, triaged, regisseur):
    client.force_login(regisseur)
    form = client.get(reverse("casus-nieuw", args=[triaged.pk])).context["form"]
    assert form["titel"].value() == "Overbewoning in Carnisse"


# What the list shows is logged


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, [("Casuslijst ingezien", "casus:{ref}", "")]),
        (
            {"eigenaar": "Jansen"},
            [("Casuslijst ingezien, gezocht op eigenaar", "casus:{ref}", "eigenaar:E1")],
        ),
        ({"eigenaar": "Pietersen"}, [("Casuslijst ingezien, gezocht op eigenaar", "", "")]),
        ({"zoek": "Carnisselaan"}, [("Casuslijst ingezien, gezocht op adres", "casus:{ref}", "")]),
        (
            {"zoek": "3083AB", "eigenaar": "E1"},
            [("Casuslijst ingezien, gezocht op eigenaar en adres", "casus:{ref}", "eigenaar:E1")],
        ),
    ],
    ids=["lijst", "eigenaar", "eigenaar-niet-gevonden", "adres", "eigenaar-en-adres"],
)
def test_the_list_logs_each_case_it_shows_and_its_searches(
    client, casus, regisseur, query, expected
):
    client.force_login(regisseur)
    mark = log_mark()
    listed_on_page(client, query)
    assert logged_since(mark) == [
        (
            name,
            "casusregie",
            ref.format(ref=casus.referentie),
            subject(*person.split(":")) if person else "",
        )
        for name, ref, person in expected
    ]


def test_the_export_and_the_api_log_each_case_they_show(client, casus, regisseur):
    client.force_login(regisseur)
    mark = log_mark()
    listed_in_export(client, {"eigenaar": "Jansen"})
    listed_by_api(client, {"zoek": "Carnisselaan"})
    assert logged_since(mark) == [
        (
            "Casuslijst geëxporteerd, gezocht op eigenaar",
            "casusregie",
            f"casus:{casus.referentie}",
            subject("eigenaar", "E1"),
        ),
        (
            "Casuslijst ingezien, gezocht op adres",
            "casusregie",
            f"casus:{casus.referentie}",
            "",
        ),
    ]


def test_a_partners_search_on_a_part_not_shared_is_logged_and_names_no_one(
    client, casus, regisseur, politie, partner_organisatie
):
    share(casus, regisseur, partner_organisatie, TASKS_ONLY)
    client.force_login(politie)
    mark = log_mark()
    assert listed_on_page(client, {"eigenaar": "Jansen"}) == []
    assert logged_since(mark) == [
        ("Casuslijst ingezien, gezocht op eigenaar", "casusregie", "", "")
    ]


def test_a_page_of_cases_is_logged_in_one_insert(client, casus, regisseur, city):
    from goedwonen.casussen.services.cases import casus_create
    from goedwonen.registry.models import Adres

    for adres in Adres.objects.exclude(verblijfsobject=casus.objecten.get().verblijfsobject)[:4]:
        casus_create(
            actor=regisseur,
            titel="Op een ander adres",
            categorieen=["overbewoning"],
            casusregisseur=regisseur,
            herkomst="casustafel",
            adressen=[adres],
        )
    client.force_login(regisseur)
    mark = log_mark()
    with log_inserts() as inserts:
        shown = listed_on_page(client, {})
    assert len(shown) == 5
    assert [ref for _, _, ref, _ in logged_since(mark)] == [f"casus:{r}" for r in shown]
    assert inserts == [1]


@pytest.mark.parametrize(("onderdelen", "listed"), [(TASKS_ONLY, False), (["objecten"], True)])
def test_the_address_page_lists_a_shared_case_only_with_its_addresses(
    client, casus, regisseur, make_user, partner_organisatie, onderdelen, listed
):
    """Listing a case on an address page says the case is about that address."""
    share(casus, regisseur, partner_organisatie, onderdelen)
    partner = make_user(
        [Capability.REGISTRY_VIEW, Capability.CASES_VIEW], organisatie_=partner_organisatie
    )
    client.force_login(partner)
    page = client.get(reverse("adres", args=["0599200000000001"])).content.decode()
    assert (casus.referentie in page) is listed


def test_sorted_on_open_tasks_the_list_orders_and_counts_them_alike(
    client, casus, regisseur, tasks
):
    other = casus_create(
        actor=regisseur,
        titel="Zonder taken",
        categorieen=["overbewoning"],
        casusregisseur=regisseur,
        adressen=[casus.objecten.get().adres],
        naast_open_casussen=[casus.referentie],
    )
    client.force_login(regisseur)
    for sort, expected in (("taken", [other, casus]), ("-taken", [casus, other])):
        rows = client.get(reverse("casussen"), {"sorteer": sort}).context["page"].object_list
        assert [(r.referentie, r.open_taken) for r in rows] == [
            (c.referentie, 3 if c == casus else 0) for c in expected
        ]


def test_a_sharing_saved_within_a_request_is_seen_by_the_rest_of_it(
    casus, regisseur, politie, partner_organisatie
):
    """A request keeps the running sharings it read (core.memo.request_memo); a sharing
    started or ended later in the same request is read again."""
    from goedwonen.casussen.selectors import visible_cases
    from goedwonen.core.memo import request_scope

    with request_scope():
        assert list(visible_cases(politie)) == []
        deling = share(casus, regisseur, partner_organisatie, TASKS_ONLY)
        assert list(visible_cases(politie)) == [casus]
        casus_share_end(actor=regisseur, deling=deling)
        assert list(visible_cases(politie)) == []
