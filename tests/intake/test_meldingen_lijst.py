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


# Bulk assignment


@pytest.fixture
def team(db):
    from goedwonen.accounts.models import Team

    return Team.objects.create(naam="Team Feijenoord")


def _close(actor, melding: Melding) -> None:
    from goedwonen.intake.services.triage import melding_transition

    melding_transition(actor=actor, melding=melding, naar="in_triage", reden="Kijken")
    melding_transition(actor=actor, melding=melding, naar="afgesloten", reden="Dubbel")


def test_bulk_assignment_to_a_team_goes_through_the_service_per_report(client, handler, team, city):
    first, second = _register(handler, 2), _register(handler, 1)
    client.force_login(handler)
    mark = log_mark()
    response = client.post(
        reverse("meldingen-toewijzen"),
        {"melding": [first.pk, second.pk], "team": team.pk, "terug": "wachtrij=alle"},
        follow=True,
    )
    assert response.redirect_chain[0][0] == reverse("meldingen") + "?wachtrij=alle"
    assert "2 melding(en) toegewezen aan Team Feijenoord" in response.content.decode()
    for melding in (first, second):
        melding.refresh_from_db()
        assert melding.team == team and melding.behandelaar is None
        assert melding.historie.last().reden == "Toegewezen aan team Team Feijenoord"
    assigned = [name for name, *_ in logged_since(mark) if name == "Melding toegewezen"]
    assert assigned == ["Melding toegewezen", "Melding toegewezen"]


def test_bulk_assignment_to_a_person(client, handler, make_user, city):
    colleague = make_user([Capability.REPORTS_TRIAGE], username="collega")
    melding = _register(handler, 1)
    client.force_login(handler)
    form = client.get(reverse("meldingen"), {"wachtrij": "alle"}).content.decode()
    assert f'<option value="{colleague.pk}">Test {colleague.last_name}</option>' in form
    assert '<select name="team"' in form
    client.post(
        reverse("meldingen-toewijzen"), {"melding": [melding.pk], "behandelaar": colleague.pk}
    )
    melding.refresh_from_db()
    assert melding.behandelaar == colleague


def test_bulk_assignment_with_one_refused_report_changes_nothing(client, handler, team, city):
    open_one, closed = _register(handler, 2), _register(handler, 1)
    _close(handler, closed)
    history = {m.pk: m.historie.count() for m in (open_one, closed)}
    client.force_login(handler)
    mark = log_mark()
    response = client.post(
        reverse("meldingen-toewijzen"),
        {"melding": [open_one.pk, closed.pk], "team": team.pk},
        follow=True,
    )
    html = response.content.decode()
    assert "Geen enkele melding is toegewezen" in html
    assert f"Melding {closed.pk}: niet (meer) open" in html
    for melding in (open_one, closed):
        melding.refresh_from_db()
        assert melding.team_id != team.pk
        assert melding.historie.count() == history[melding.pk]
    assert "Melding toegewezen" not in [name for name, *_ in logged_since(mark)]


def test_all_or_nothing_undoes_the_reports_before_a_refused_one(handler, team, city):
    """The same rule below the page: the service refuses the closed report (second), and
    the open one (first) is assigned back to what it was."""
    from goedwonen.core.lists import bulk_all_or_nothing
    from goedwonen.intake.services.triage import melding_assign

    open_one, closed = _register(handler, 2), _register(handler, 1)
    _close(handler, closed)
    refusals = bulk_all_or_nothing(
        [open_one, closed],
        lambda m: melding_assign(actor=handler, melding=m, team=team),
        lambda m: f"Melding {m.referentie}",
    )
    assert refusals == [f"Melding {closed.referentie}: Melding {closed} is niet meer open."]
    open_one.refresh_from_db()
    assert open_one.team_id != team.pk
    assert not open_one.historie.filter(reden__startswith="Toegewezen").exists()


def test_bulk_assignment_needs_a_choice_and_a_selection(client, handler, team, city):
    melding = _register(handler, 1)
    client.force_login(handler)
    nothing = client.post(reverse("meldingen-toewijzen"), {"team": team.pk}, follow=True)
    assert "Vink eerst de meldingen aan" in nothing.content.decode()
    both = client.post(
        reverse("meldingen-toewijzen"),
        {"melding": [melding.pk], "team": team.pk, "behandelaar": handler.pk},
        follow=True,
    )
    assert "Kies een team of een behandelaar" in both.content.decode()
    melding.refresh_from_db()
    assert melding.team_id != team.pk


def test_every_column_sorts_both_ways_with_a_search(client, handler, many):
    client.force_login(handler)
    unsorted = client.get(reverse("meldingen"), {"wachtrij": "alle", "zoek": "jansen"})
    found = unsorted.context["page"].paginator.count
    assert found >= 35  # the 35 on Carnisselaan 10, owned by Jansen
    for kolom in ("kenmerk", "ontvangen", "adres", "categorie", "status", "team", "termijn"):
        for sort in (kolom, f"-{kolom}"):
            response = client.get(
                reverse("meldingen"), {"wachtrij": "alle", "zoek": "jansen", "sorteer": sort}
            )
            assert response.status_code == 200, sort
            assert response.context["page"].paginator.count == found, sort


def test_each_tab_counts_what_its_queue_shows(client, handler, make_user, team, city):
    """The counts come from one statement, "mine" in two halves (the reports I handle, and
    those I direct that someone else handles): each tab's count is its list's length."""
    colleague = make_user([Capability.REPORTS_TRIAGE], username="collega2")
    reports = [_register(handler, days_ago=n) for n in range(1, 9)]
    Melding.objects.filter(pk=reports[0].pk).update(behandelaar=handler)
    Melding.objects.filter(pk=reports[1].pk).update(behandelaar=handler, casusregisseur=handler)
    Melding.objects.filter(pk=reports[2].pk).update(behandelaar=colleague, casusregisseur=handler)
    Melding.objects.filter(pk=reports[3].pk).update(casusregisseur=handler)
    Melding.objects.filter(pk=reports[4].pk).update(behandelaar=colleague)
    Melding.objects.filter(pk=reports[5].pk).update(
        team=team, afgehandeld_voor=timezone.localdate() - timedelta(days=1)
    )
    handler.teams.add(team)
    client.force_login(handler)
    shown = {}
    for queue in ("mijn", "team", "centraal", "alle"):
        response = client.get(reverse("meldingen"), {"wachtrij": queue})
        shown[queue] = response.context["page"].paginator.count
        counts = response.context["counts"]
    assert shown["mijn"] == 4  # the first four: handled or directed by me, each once
    assert (counts["mijn"], counts["in_team"], counts["centraal"], counts["alle"]) == (
        shown["mijn"],
        shown["team"],
        shown["centraal"],
        shown["alle"],
    )
    overdue = client.get(reverse("meldingen"), {"wachtrij": "alle", "te_laat": "1"})
    assert counts["te_laat"] == overdue.context["page"].paginator.count >= 1
