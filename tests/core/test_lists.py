"""The list toolkit (core/lists.py) and saved filters, through a list that uses them: the
reports queue. Per-list behaviour is tested in each app's test_*_lijst*.py."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from django.db.models import Q
from django.test import RequestFactory
from django.urls import reverse

from goedwonen.core.lists import Kolom, Lijst, Lijstdefinitie, search_address
from goedwonen.core.models import OpgeslagenFilter
from goedwonen.core.policy import Capability

LIST = Lijstdefinitie(
    key="proef",
    kolommen=(
        Kolom("kenmerk", "Kenmerk", ("referentie",)),
        Kolom("titel", "Titel"),
    ),
    filters=("status",),
)


def _lijst(query: str) -> Lijst:
    return Lijst.from_request(RequestFactory().get("/proef?" + query), LIST)


def _params(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href).query)


def test_a_sort_link_keeps_the_filters_and_search_and_drops_the_page():
    lijst = _lijst("status=open&zoek=Dordt&pagina=4")
    kenmerk, titel = lijst.koppen
    assert _params(kenmerk["href"]) == {
        "status": ["open"],
        "zoek": ["Dordt"],
        "sorteer": ["kenmerk"],
    }
    assert kenmerk["aria_sort"] is None and kenmerk["next"] == "oplopend"
    assert "href" not in titel  # a column without a sort is plain text


def test_the_sorted_column_says_so_and_its_link_turns_the_order():
    ascending = _lijst("sorteer=kenmerk").koppen[0]
    assert ascending["aria_sort"] == "ascending"
    assert _params(ascending["href"])["sorteer"] == ["-kenmerk"]
    descending = _lijst("sorteer=-kenmerk").koppen[0]
    assert descending["aria_sort"] == "descending"
    assert _params(descending["href"])["sorteer"] == ["kenmerk"]


def test_an_unknown_or_unsortable_sort_is_ignored():
    assert _lijst("sorteer=titel").sorteer == ""
    assert _lijst("sorteer=wachtwoord").sorteer == ""


def test_the_page_query_keeps_everything_but_the_page():
    lijst = _lijst("status=open&zoek=x&sorteer=-kenmerk&pagina=2")
    assert parse_qs(lijst.query) == {"status": ["open"], "zoek": ["x"], "sorteer": ["-kenmerk"]}
    # A saved filter keeps only what the list knows, never the page.
    assert parse_qs(_lijst("status=open&pagina=2&onzin=1").filter_query) == {"status": ["open"]}
    assert ("zoek", "x") not in _lijst("status=open&zoek=x").hidden


def test_the_search_term_is_trimmed_and_bounded():
    assert _lijst("zoek=%20%20C-2026%20").zoek == "C-2026"
    assert len(_lijst("zoek=" + "a" * 500).zoek) == 100


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("3083 ab", Q(adres__postcode="3083AB")),
        ("3083AB", Q(adres__postcode="3083AB")),
        (
            "Carnisselaan 10",
            Q(adres__openbareruimte__icontains="Carnisselaan", adres__huisnummer=10),
        ),
        ("Carnisse", Q(adres__openbareruimte__icontains="Carnisse")),
    ],
)
def test_an_address_is_found_by_postcode_street_and_number_or_street(term, expected):
    assert search_address(term, path="adres__") == expected


# Saved filters, through the reports queue.


@pytest.fixture
def handler(make_user):
    return make_user([Capability.REPORTS_TRIAGE], username="behandelaar")


@pytest.mark.django_db
def test_a_saved_filter_is_listed_above_the_list_and_opens_it(client, handler):
    client.force_login(handler)
    back = reverse("meldingen") + "?wachtrij=alle&categorie=overbewoning"
    response = client.post(
        reverse("opgeslagen-filter-bewaren"),
        {
            "lijst": "meldingen",
            "naam": "Overbewoning",
            "query": "wachtrij=alle&categorie=overbewoning",
            "terug": back,
        },
    )
    assert response.status_code == 302 and response["Location"] == back
    saved = OpgeslagenFilter.objects.get()
    assert (saved.eigenaar, saved.lijst, saved.naam) == (handler, "meldingen", "Overbewoning")
    page = client.get(reverse("meldingen")).content.decode()
    assert 'href="?wachtrij=alle&amp;categorie=overbewoning">Overbewoning</a>' in page


@pytest.mark.django_db
def test_saving_a_name_twice_is_refused_with_a_message(client, handler):
    client.force_login(handler)
    data = {"lijst": "meldingen", "naam": "Mijn", "query": "wachtrij=mijn", "terug": "/meldingen"}
    client.post(reverse("opgeslagen-filter-bewaren"), data)
    response = client.post(reverse("opgeslagen-filter-bewaren"), data, follow=True)
    assert OpgeslagenFilter.objects.count() == 1
    assert "al een filter &#x27;Mijn&#x27;" in response.content.decode()
    empty = client.post(reverse("opgeslagen-filter-bewaren"), data | {"naam": "  "}, follow=True)
    assert "Geef het filter een naam." in empty.content.decode()
    assert OpgeslagenFilter.objects.count() == 1


@pytest.mark.django_db
def test_rename_and_delete_a_saved_filter(client, handler):
    saved = OpgeslagenFilter.objects.create(
        eigenaar=handler, lijst="meldingen", naam="Oud", query=""
    )
    client.force_login(handler)
    client.post(
        reverse("opgeslagen-filter-hernoemen", args=[saved.pk]),
        {"naam": "Nieuw", "terug": "/meldingen"},
    )
    saved.refresh_from_db()
    assert saved.naam == "Nieuw"
    client.post(reverse("opgeslagen-filter-verwijderen", args=[saved.pk]), {"terug": "/meldingen"})
    assert not OpgeslagenFilter.objects.exists()


@pytest.mark.django_db
def test_nobody_sees_renames_or_deletes_another_persons_filter(client, handler, make_user):
    other = make_user([Capability.REPORTS_TRIAGE])
    theirs = OpgeslagenFilter.objects.create(
        eigenaar=other, lijst="meldingen", naam="Van een ander", query="wachtrij=mijn"
    )
    client.force_login(handler)
    assert "Van een ander" not in client.get(reverse("meldingen")).content.decode()
    renamed = client.post(
        reverse("opgeslagen-filter-hernoemen", args=[theirs.pk]), {"naam": "Gekaapt"}, follow=True
    )
    assert "bestaat niet (meer) of is niet van u" in renamed.content.decode()
    client.post(reverse("opgeslagen-filter-verwijderen", args=[theirs.pk]))
    theirs.refresh_from_db()
    assert theirs.naam == "Van een ander"


@pytest.mark.django_db
def test_going_back_never_leaves_the_site(client, handler):
    client.force_login(handler)
    response = client.post(
        reverse("opgeslagen-filter-bewaren"),
        {"lijst": "meldingen", "naam": "x", "query": "", "terug": "https://elders.example/"},
    )
    assert response["Location"] == "/"


# Counting no further than a page needs (ADR 0027)

SMALL_PAGES = Lijstdefinitie(
    key="proef-klein", kolommen=(Kolom("code", "Code", ("code",)),), per_pagina=2
)


@pytest.fixture
def seven_rows(db, monkeypatch):
    from goedwonen.accounts.models import Organisatie, Organisatiesoort
    from goedwonen.core import lists

    monkeypatch.setattr(lists, "TELGRENS", 4)
    for n in range(7):
        Organisatie.objects.create(code=f"p{n}", naam=f"Proef {n}", soort=Organisatiesoort.EXTERN)
    return Organisatie.objects.filter(code__startswith="p").order_by("code")


def _page(query: str, rows):
    return Lijst.from_request(RequestFactory().get("/proef?" + query), SMALL_PAGES).page(rows)


def test_a_long_list_counts_to_its_limit_and_says_there_are_more(
    seven_rows, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        page = _page("", seven_rows)
        codes = [o.code for o in page.object_list]
    assert codes == ["p0", "p1"]
    assert page.paginator.count == 5 and page.paginator.meer
    assert page.paginator.aantal == "meer dan 4"
    assert page.has_next() and page.next_page_number() == 2


def test_a_page_past_the_limit_counts_to_that_page_and_is_full(seven_rows):
    page = _page("pagina=3", seven_rows)
    assert [o.code for o in page.object_list] == ["p4", "p5"]
    assert page.paginator.meer and page.has_next()
    last = _page("pagina=4", seven_rows)
    assert [o.code for o in last.object_list] == ["p6"]
    assert not last.paginator.meer and last.paginator.aantal == "7" and not last.has_next()


def test_a_short_list_says_exactly_how_many(seven_rows):
    page = _page("", seven_rows.filter(code__in=["p1", "p2", "p3"]))
    assert page.paginator.aantal == "3" and not page.paginator.meer
    assert page.paginator.num_pages == 2


def test_the_pagination_of_a_long_list_names_no_last_page(seven_rows):
    from django.template.loader import render_to_string

    page = _page("", seven_rows)
    html = render_to_string("core/_pagination.html", {"page": page, "query": ""})
    assert "Pagina 1<" in html and "Volgende" in html and "Laatste" not in html
    page = _page("pagina=4", seven_rows)
    html = render_to_string("core/_pagination.html", {"page": page, "query": ""})
    assert "Pagina 4 van 4" in html


KEYS_FIRST = Lijstdefinitie(
    key="proef-sleutels",
    kolommen=(Kolom("code", "Code", ("code",)),),
    per_pagina=2,
    eerst_sleutels=True,
)


@pytest.mark.parametrize(
    "query", ["", "pagina=2", "pagina=3", "pagina=4", "pagina=9", "sorteer=-code", "pagina=x"]
)
def test_a_list_read_by_its_keys_first_pages_and_counts_as_one_read_whole(
    seven_rows, query, django_assert_num_queries
):
    def read(definitie):
        lijst = Lijst.from_request(RequestFactory().get("/proef?" + query), definitie)
        page = lijst.page(lijst.order(seven_rows))
        return [o.code for o in page.object_list], page.paginator.aantal, page.has_next()

    whole = read(SMALL_PAGES)
    with django_assert_num_queries(2):  # the keys (which count), then the page's rows
        assert read(KEYS_FIRST) == whole
    assert whole[0]  # every page asked holds rows


def test_several_counts_in_one_statement_each_stop_at_the_limit(
    seven_rows, django_assert_num_queries
):
    from goedwonen.core.lists import begrensd_tellen_samen

    lists = {
        "all": seven_rows,  # 7 rows: counted to the limit (4) and one past
        "three": seven_rows.filter(code__in=["p1", "p2", "p3"]),
        "none_by_filter": seven_rows.filter(code="nobody"),
        "none_asked": seven_rows.filter(pk__in=[]),  # nothing to ask the database
        "joined": seven_rows.filter(Q(code="p6") | Q(naam="Proef 0")),
    }
    with django_assert_num_queries(1):
        counts = begrensd_tellen_samen(lists)
    assert counts == {"all": 5, "three": 3, "none_by_filter": 0, "none_asked": 0, "joined": 2}
    assert begrensd_tellen_samen(lists, grens=10)["all"] == 7
    with django_assert_num_queries(0):
        assert begrensd_tellen_samen({"none": seven_rows.none()}) == {"none": 0}


def test_the_people_offered_are_exactly_those_who_can(make_user, organisatie, partner_organisatie):
    """The choice of people a list offers follows `can`: the capability through any role,
    active, a person rather than a service account, of the organisation, and the
    organisation active; by user name, named by their full name."""
    from goedwonen.accounts.models import Rol
    from goedwonen.core.lists import people_who_can

    work = [Capability.TASKS_WORK]
    able = make_user(work, username="b-able")
    twice = make_user(work, username="a-twice")
    twice.rollen.add(Rol.objects.create(code="ook", naam="Ook", capabilities=[work[0].value]))
    nameless = make_user([Capability.CASES_VIEW, Capability.TASKS_WORK], username="c-nameless")
    nameless.first_name = nameless.last_name = ""
    nameless.save()
    make_user([Capability.CASES_VIEW], username="lacks")
    inactive = make_user(work, username="inactive")
    inactive.is_active = False
    inactive.save()
    service = make_user(work, username="service")
    service.is_serviceaccount = True
    service.save()
    make_user(work, username="elsewhere", organisatie_=partner_organisatie)

    assert people_who_can(organisatie.pk, Capability.TASKS_WORK) == [
        (str(twice.pk), twice.get_full_name()),
        (str(able.pk), able.get_full_name()),
        (str(nameless.pk), "c-nameless"),
    ]
    assert people_who_can(organisatie.pk, Capability.TARGETS_MANAGE) == []
    assert people_who_can(None, Capability.TASKS_WORK) == []

    # Across organisations: exactly those `can` lets, each named with their organisation.
    from goedwonen.accounts.models import User
    from goedwonen.core.lists import people_anywhere_who_can
    from goedwonen.core.policy import can

    everyone = User.objects.order_by("username")
    assert people_anywhere_who_can(Capability.TASKS_WORK) == [
        (str(u.pk), f"{u.get_full_name() or u.username} ({u.organisatie})")
        for u in everyone
        if can(u, Capability.TASKS_WORK) and not u.is_serviceaccount
    ]
    assert len(people_anywhere_who_can(Capability.TASKS_WORK)) == 4  # with "elsewhere"

    # Kept by the process for half a minute: a change saved past the services shows once
    # the choices are dropped, which the services do when they save one.
    from goedwonen.core.lists import people_pickers_forget

    organisatie.actief = False
    organisatie.save()
    assert len(people_who_can(organisatie.pk, Capability.TASKS_WORK)) == 3
    people_pickers_forget()
    assert people_who_can(organisatie.pk, Capability.TASKS_WORK) == []


def test_a_change_of_roles_through_the_services_shows_in_the_choices_at_once(
    make_user, organisatie
):
    from goedwonen.accounts.grants import roles_assign
    from goedwonen.accounts.models import Rol
    from goedwonen.core.lists import people_who_can

    person = make_user([Capability.CASES_VIEW], username="later")
    assert people_who_can(organisatie.pk, Capability.TASKS_WORK) == []
    worker = Rol.objects.create(
        code="werk", naam="Werk", capabilities=[Capability.TASKS_WORK.value]
    )
    roles_assign(actor=None, account=person, rollen=[*person.rollen.all(), worker])
    assert people_who_can(organisatie.pk, Capability.TASKS_WORK) == [
        (str(person.pk), person.get_full_name())
    ]
