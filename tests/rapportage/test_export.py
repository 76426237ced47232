"""The steering exports (issue 17, point 7): the dashboard's figures as CSV and XLSX hold
exactly the numbers of its sections, each download is logged, and bad input or a missing
capability gets nothing."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from django.urls import reverse
from django.utils import timezone

from goedwonen.core.policy import Capability
from goedwonen.rapportage.dashboard import Filter, secties
from goedwonen.registry.models import Controle, Gebied, Handhaving
from tests.log_lines import log_mark, logged_since
from tests.rapportage.stand import dashboard
from tests.scenario import DIRECTOR

from .werkstroom_data import areas, casus, dwelling, melding, taak, triage

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(make_user, organisatie):
    """A little of everything in this year, in two buurten."""
    regisseur = make_user(DIRECTOR, username="regisseur")
    today = timezone.localdate()
    _, carnisse, tarwewijk = areas()
    a, b = dwelling(carnisse), dwelling(tarwewijk)
    m = melding(a, today.replace(month=1, day=5), triage_voor=today.replace(month=1, day=10))
    triage(m, today.replace(month=1, day=8))
    c = casus(regisseur, a, today.replace(month=1, day=18), meldingen=(m,))
    taak(c, organisatie, today.replace(month=1, day=18), deadline=today.replace(month=1, day=31))
    Controle.objects.create(
        bron_id="p1",
        verblijfsobject=b,
        datum=today.replace(month=1, day=2),
        aanleiding="proactief",
        overtreding="ja",
    )
    Handhaving.objects.create(
        bron_id="h1",
        verblijfsobject=a,
        datum=today.replace(month=1, day=3),
        instrument="waarschuwing",
    )


@pytest.fixture
def steering(client, make_user):
    user = make_user([Capability.STEERING_VIEW])
    client.force_login(user)
    return user


def _expected(gebied: Gebied | None = None) -> set[tuple[str, ...]]:
    today = timezone.localdate()
    found = secties(Filter(jaar=today.year, gebied=gebied, peildatum=today))
    return {
        (c.maat, c.gebied, c.periode, c.categorie, str(c.waarde), s.key)
        for s in found
        for c in s.cijfers
    }


def test_the_csv_holds_exactly_the_sections_figures(client, steering, work, run_worker):
    dashboard(client, run_worker)
    mark = log_mark()
    response = client.get(reverse("sturing-export") + "?formaat=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    year = timezone.localdate().year
    assert f'filename="sturingscijfers-{year}-GM0599.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["maat", "gebied", "periode", "categorie", "waarde", "sectie"]
    got = {tuple(r) for r in rows[1:]}
    assert len(got) == len(rows) - 1
    expected = _expected()
    assert got == expected
    # Figures of every section are there, this year's work among them.
    assert {"doorstroom", "servicenormen", "trefkansen", "handhaving", "open-werk"} <= {
        r[5] for r in rows[1:]
    }
    assert (
        "inspecties_met_overtreding",
        "GM0599",
        str(year),
        "proactief",
        "1",
        "trefkansen",
    ) in got
    assert ("handhaving_besluiten", "GM0599", str(year), "waarschuwing", "1", "handhaving") in got
    assert ("open_taken_te_laat", "GM0599", str(year), "so", "1", "open-werk") in got
    assert logged_since(mark) == [
        (
            f"Sturingscijfers {year} GM0599 gedownload (csv)",
            "sturing-en-verantwoording",
            f"sturing:export:{year}:GM0599",
            "",
        )
    ]


def test_the_xlsx_holds_a_sheet_per_section_and_what_it_is(client, steering, work, run_worker):
    Gebied.objects.filter(code="BU05991572").update(focusgebied=True)  # offered on the dashboard
    dashboard(client, run_worker, {"jaar": timezone.localdate().year, "gebied": "BU05991572"})
    mark = log_mark()
    carnisse = Gebied.objects.get(code="BU05991572")
    response = client.get(reverse("sturing-export") + "?formaat=xlsx&gebied=BU05991572")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    today = timezone.localdate()
    found = secties(Filter(jaar=today.year, gebied=carnisse, peildatum=today))
    # A sheet per section in the page's order (other lanes' sections too), after the note.
    assert book.sheetnames[0] == "Toelichting"
    assert len(book.sheetnames) == 1 + len(found)
    keys = dict(zip(book.sheetnames[1:], [s.key for s in found], strict=True))
    for title in (
        "Doorstroom en doorlooptijden",
        "Servicenormen gehaald",
        "Trefkans van controles",
        "Handhaving per instrument",
        "Open werk per organisatie",
    ):
        assert title in keys
    about = {row[0]: row[1] for row in book["Toelichting"].iter_rows(values_only=True)}
    assert about["Jaar"] == timezone.localdate().year
    assert about["Gebied"] == "BU05991572"
    assert about["Peildatum"] == timezone.localdate().isoformat()
    assert "Exacte aantallen voor intern gebruik" in about["Let op"]
    assert about["Bron"].startswith("Goedwonen")
    got = set()
    for title, key in keys.items():
        rows = list(book[title].iter_rows(values_only=True))
        assert rows[0] == ("maat", "gebied", "periode", "categorie", "waarde")
        for maat, gebied, periode, categorie, waarde in rows[1:]:
            assert isinstance(waarde, int)  # numbers stay numbers
            got.add((maat, gebied, periode, categorie or "", str(waarde), key))
    assert got == _expected(carnisse)
    mine = {"doorstroom", "servicenormen", "trefkansen", "handhaving", "open-werk"}
    assert {row[1] for row in got if row[5] in mine} == {"BU05991572"}
    assert [line[2] for line in logged_since(mark)] == [
        f"sturing:export:{timezone.localdate().year}:BU05991572"
    ]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?formaat=pdf", "Kies het formaat: csv of xlsx."),
        ("", "Kies het formaat: csv of xlsx."),
        ("?formaat=csv&jaar=twintig", "Geef het jaar als getal van vier cijfers"),
        ("?formaat=csv&jaar=1999", "Kies een jaar van 2000 tot en met"),
        ("?formaat=csv&gebied=XX123", "Onbekend gebied"),
    ],
)
def test_bad_input_says_what_is_wrong_and_logs_nothing(client, steering, query, message):
    mark = log_mark()
    response = client.get(reverse("sturing-export") + query)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert logged_since(mark) == []


def test_without_the_capability_nothing_is_exported(client, make_user, work):
    client.force_login(make_user(DIRECTOR))
    mark = log_mark()
    assert client.get(reverse("sturing-export") + "?formaat=csv").status_code == 403
    assert logged_since(mark) == []


def test_a_past_year_runs_to_its_last_day(client, steering, run_worker):
    dashboard(client, run_worker, {"jaar": "2024"})
    response = client.get(reverse("sturing-export") + "?formaat=xlsx&jaar=2024")
    about = dict(
        load_workbook(io.BytesIO(response.content))["Toelichting"].iter_rows(values_only=True)
    )
    assert about["Peildatum"] == date(2024, 12, 31).isoformat()
