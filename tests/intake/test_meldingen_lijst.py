"""The reports queue as a list people work with: search, sort, filters and pages in the URL,
and the CSV export of what it shows (logged)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from goedwonen.core.policy import Capability
from goedwonen.intake.models import Melding
from goedwonen.intake.services.registration import melding_register
from goedwonen.registry.address_lookup import OpgegevenAdres
from tests.log_lines import log_mark, logged_since

pytestmark = pytest.mark.django_db


@pytest.fixture
def handler(make_user):
    return make_user(
        [Capability.REPORTS_TRIAGE, Capability.REPORTS_REGISTER], username="behandelaar"
    )


def _register(actor, days_ago: int, **extra) -> Melding:
    fields = {
        "bron": "telefoon",
        "categorie": "overbewoning",
        "omschrijving": "Veel bedden",
        "adres": OpgegevenAdres(postcode="3083AB", huisnummer="10"),
        "melder_soort": "bewoner",
        "ontvangen_op": timezone.now() - timedelta(days=days_ago),
    }
    return melding_register(actor=actor, **(fields | extra)).melding


@pytest.fixture
def many(city, handler) -> list[Melding]:
    """35 reports, oldest first: more than one page of 30 (plus the city's imported ones)."""
    return [_register(handler, days_ago=40 - n) for n in range(35)]


def _shown(response) -> list[str]:
    return [m.referentie for m in response.context["page"].object_list]


def test_a_reference_on_the_last_page_is_found_on_page_one(client, handler, many):
    client.force_login(handler)
    newest = many[-1]
    last = client.get(reverse("meldingen"), {"wachtrij": "alle"})
    pages = last.context["page"].paginator.num_pages
    assert pages == 2
    assert newest.referentie not in _shown(last)
    on_last = client.get(reverse("meldingen"), {"wachtrij": "alle", "pagina": pages})
    assert newest.referentie in _shown(on_last)
    # The search form drops the page number: the report is the one result, on page 1.
    found = client.get(
        reverse("meldingen"), {"wachtrij": "alle", "zoek": newest.referentie.lower()}
    )
    assert _shown(found) == [newest.referentie]
    assert found.context["page"].number == 1


def test_search_by_address_postcode_owner_and_text(client, handler, city):
    carnisse = _register(handler, 1)
    elsewhere = _register(
        handler,
        1,
        adres=OpgegevenAdres(postcode="9999ZZ", huisnummer="1"),
        omschrijving="Schimmel in de kelder",
    )
    client.force_login(handler)

    def found(term: str) -> set[str]:
        response = client.get(reverse("meldingen"), {"wachtrij": "alle", "zoek": term})
        return set(_shown(response))

    assert carnisse.referentie in found("Carnisselaan 10")
    assert carnisse.referentie in found("3083 ab")
    assert carnisse.referentie in found("jansen")  # owner E1 "Jansen, J."
    assert elsewhere.referentie not in found("jansen")
    assert found("schimmel") == {elsewhere.referentie}
    assert elsewhere.referentie in found("9999 zz")  # the postcode as given, not found


def test_sorting_by_a_column_and_the_header_says_so(client, handler, many):
    client.force_login(handler)
    response = client.get(reverse("meldingen"), {"wachtrij": "alle", "sorteer": "-ontvangen"})
    received = [m.ontvangen_op for m in response.context["page"].object_list]
    assert received == sorted(received, reverse=True)
    assert response.context["page"].object_list[0].referentie == many[-1].referentie
    html = response.content.decode()
    assert 'aria-sort="descending"' in html
    assert html.count("aria-sort=") == 1


def test_pages_keep_the_filters_search_and_sort(client, handler, many):
    client.force_login(handler)
    response = client.get(
        reverse("meldingen"),
        {"wachtrij": "alle", "categorie": "overbewoning", "sorteer": "kenmerk"},
    )
    html = response.content.decode()
    assert (
        'href="?wachtrij=alle&amp;categorie=overbewoning&amp;sorteer=kenmerk&amp;pagina=2"' in html
    )
    second = client.get(
        reverse("meldingen"),
        {"wachtrij": "alle", "categorie": "overbewoning", "sorteer": "kenmerk", "pagina": 2},
    )
    first_refs, second_refs = _shown(response), _shown(second)
    assert first_refs + second_refs == sorted(first_refs + second_refs)


def test_the_export_holds_what_the_list_shows_and_logs_each_report(client, handler, many):
    client.force_login(handler)
    target = many[0]
    mark = log_mark()
    response = client.get(
        reverse("meldingen-export"), {"wachtrij": "alle", "zoek": target.referentie}
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "kenmerk"
    assert [r[0] for r in rows[1:]] == [target.referentie]
    assert rows[1][3] == "3083AB"
    lines = logged_since(mark)
    assert [(name, obj) for name, _activity, obj, _subject in lines] == [
        (
            "Werkvoorraad meldingen geëxporteerd (alle open meldingen)",
            f"melding:{target.referentie}",
        )
    ]


def test_the_export_needs_the_queue_capability(client, make_user, many):
    viewer = make_user([Capability.REPORTS_VIEW])
    client.force_login(viewer)
    mark = log_mark()
    assert client.get(reverse("meldingen-export")).status_code == 403
    assert logged_since(mark) == []
