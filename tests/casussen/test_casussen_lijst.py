"""The case list with the list toolkit: sortable headers, filters, sort and page kept in
every link, saved filters above it, and the export of what the filters hold."""

from __future__ import annotations

import pytest

from django.urls import reverse

from goedwonen.casussen.models import Herkomst
from goedwonen.casussen.services.cases import casus_create
from goedwonen.core.models import OpgeslagenFilter
from tests.scenario import share_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(regisseur, casus):
    made = [casus]
    for n in range(31):
        made.append(
            casus_create(
                actor=regisseur,
                titel=f"Proactief {n:02d}",
                categorieen=["overbewoning"],
                casusregisseur=regisseur,
                herkomst=Herkomst.PROACTIEF,
                adressen=[casus.objecten.first().adres],
                naast_open_casussen=[c.referentie for c in made],
            )
        )
    return made


def _shown(response) -> list[str]:
    return [c.referentie for c in response.context["page"].object_list]


def test_sort_by_reference_and_the_header_says_so(client, regisseur, cases):
    client.force_login(regisseur)
    response = client.get(reverse("casussen"), {"sorteer": "kenmerk", "status": ""})
    shown = _shown(response)
    assert shown == sorted(c.referentie for c in cases)[:30]
    html = response.content.decode()
    assert 'aria-sort="ascending"' in html
    assert "?status=&amp;sorteer=-kenmerk" in html


def test_the_next_page_keeps_filters_and_sort(client, regisseur, cases):
    client.force_login(regisseur)
    response = client.get(
        reverse("casussen"),
        {"wachtrij": "mijn", "categorie": "overbewoning", "sorteer": "-kenmerk"},
    )
    html = response.content.decode()
    assert (
        'href="?wachtrij=mijn&amp;categorie=overbewoning&amp;sorteer=-kenmerk&amp;pagina=2"' in html
    )
    second = client.get(
        reverse("casussen"),
        {"wachtrij": "mijn", "categorie": "overbewoning", "sorteer": "-kenmerk", "pagina": 2},
    )
    everything = _shown(response) + _shown(second)
    assert everything == sorted(everything, reverse=True)
    assert len(everything) == 32


def test_the_search_finds_a_case_from_the_last_page_on_page_one(client, regisseur, cases):
    client.force_login(regisseur)
    oldest = cases[0]
    assert oldest.referentie not in _shown(client.get(reverse("casussen")))
    found = client.get(reverse("casussen"), {"zoek": oldest.referentie})
    assert _shown(found) == [oldest.referentie]


def test_a_saved_filter_shows_above_the_case_list(client, regisseur, cases):
    OpgeslagenFilter.objects.create(
        eigenaar=regisseur, lijst="casussen", naam="Mijn overbewoning", query="wachtrij=mijn"
    )
    client.force_login(regisseur)
    html = client.get(reverse("casussen")).content.decode()
    assert '<a class="utrecht-link" href="?wachtrij=mijn"' in html
    assert "Mijn overbewoning" in html


def test_every_column_sorts_both_ways(client, regisseur, cases):
    """On PostgreSQL a DISTINCT list needs each sort field selected: every header is tried."""
    client.force_login(regisseur)
    for kolom in ("kenmerk", "titel", "status", "regie", "taken", "aangemaakt"):
        for sort in (kolom, f"-{kolom}"):
            response = client.get(reverse("casussen"), {"sorteer": sort, "status": ""})
            assert response.status_code == 200, sort
            assert response.context["page"].paginator.count == 32, sort


def test_a_case_with_two_matching_addresses_is_listed_once(client, regisseur, casus):
    """A search on the street joins the case's objects: two in the same street must not show
    the case twice (nor count it twice for the pages)."""
    from goedwonen.registry.models import Adres

    first = casus.objecten.first().adres
    neighbour = (
        Adres.objects.filter(openbareruimte=first.openbareruimte, hoofdadres=True)
        .exclude(pk=first.pk)
        .first()
    )
    assert neighbour is not None
    case = casus_create(
        actor=regisseur,
        titel="Twee woningen",
        categorieen=["overbewoning"],
        casusregisseur=regisseur,
        herkomst=Herkomst.PROACTIEF,
        adressen=[first, neighbour],
        naast_open_casussen=[casus.referentie],
    )
    client.force_login(regisseur)
    response = client.get(reverse("casussen"), {"zoek": first.openbareruimte, "status": ""})
    shown = _shown(response)
    assert shown.count(case.referentie) == 1
    assert response.context["page"].paginator.count == len(shown)


@pytest.mark.parametrize(
    "term",
    [
        "overbewoning",  # a word of the title, any case
        "CARNISSE 10",
        "{ref}",  # the whole reference (a part of it only in a neutral title, below)
        "{street}",  # the street of its address, part of it, its postcode
        "{street_part}",
        "{postcode}",
    ],
)
def test_the_search_finds_a_case_by_title_reference_street_and_postcode(
    client, regisseur, casus, term
):
    adres = casus.objecten.first().adres
    term = term.format(
        ref=casus.referentie,
        street=adres.openbareruimte,
        street_part=adres.openbareruimte[2:7].upper(),
        postcode=f"{adres.postcode[:4]} {adres.postcode[4:].lower()}",
    )
    client.force_login(regisseur)
    assert _shown(client.get(reverse("casussen"), {"zoek": term, "status": ""})) == [
        casus.referentie
    ]
    assert _shown(client.get(reverse("casussen"), {"zoek": term + "xq", "status": ""})) == []


@pytest.mark.parametrize("term", ["Casus", "sus {ref}", "casus {ref_part}", "s C"])
def test_a_partner_finds_a_case_by_its_neutral_title_and_not_by_its_own(
    client, regisseur, casus, politie, partner_organisatie, term
):
    share_case(casus, regisseur, partner_organisatie, ["taken"])
    term = term.format(ref=casus.referentie, ref_part=casus.referentie[:5])
    client.force_login(politie)
    assert _shown(client.get(reverse("casussen"), {"zoek": term, "status": ""})) == [
        casus.referentie
    ]
    assert _shown(client.get(reverse("casussen"), {"zoek": "Carnisse", "status": ""})) == []
