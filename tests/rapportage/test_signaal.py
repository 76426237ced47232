"""The signal report by hand (issue 17, point 4): a buurt with 7 reports of a category shows
"< 10" in the HTML and the PDF, and no total shown, in any table of the report, lets one
work the 7 out; the hot spots per 1,000 dwellings, the comparison with last year and the
case tables' signals."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from goedwonen.documenten.pdf import html_to_pdf
from goedwonen.intake.models import Melding
from goedwonen.rapportage.rapporten import rapport, rapport_html
from goedwonen.rapportage.signaal import STREEP, signaalrapport
from goedwonen.registry.models import Gebied, Verblijfsobject
from tests.documenten.pdftext import pdf_text

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def _areas() -> dict[str, Gebied]:
    gemeente = Gebied.objects.create(code="GM0599", naam="Rotterdam", soort="gemeente")
    wijk = Gebied.objects.create(
        code="WK059915", naam="Charlois", soort="wijk", bovenliggend=gemeente
    )
    return {
        naam: Gebied.objects.create(code=code, naam=naam, soort="buurt", bovenliggend=wijk)
        for code, naam in (
            ("BU05991572", "Carnisse"),
            ("BU05991571", "Tarwewijk"),
            ("BU05991573", "Oud-Charlois"),
        )
    }


def _dwellings(buurt: Gebied, n: int, start: int) -> list[Verblijfsobject]:
    return [
        Verblijfsobject.objects.create(
            object_id=f"0599010{start + i:09d}", objecttype="VBO", is_woning=True, buurt=buurt
        )
        for i in range(n)
    ]


def _reports(vbo: Verblijfsobject, categorie: str, n: int, year: int, counter: list[int]) -> None:
    for i in range(n):
        counter[0] += 1
        Melding.objects.create(
            bron="hand",
            bron_id=f"M{counter[0]}",
            ontvangen_op=datetime(year, 1 + (i % 12), 10, 12, tzinfo=AMS),
            categorie=categorie,
            verblijfsobject=vbo,
            buurt_id=vbo.buurt_id,
        )


@pytest.fixture
def city():
    buurten = _areas()
    homes = {
        "Carnisse": _dwellings(buurten["Carnisse"], 500, 0),
        "Tarwewijk": _dwellings(buurten["Tarwewijk"], 1000, 1000),
        "Oud-Charlois": _dwellings(buurten["Oud-Charlois"], 250, 2000),
    }
    counter = [0]
    for naam, overbewoning, huur in (
        ("Carnisse", 7, 15),
        ("Tarwewijk", 12, 20),
        ("Oud-Charlois", 11, 14),
    ):
        _reports(homes[naam][0], "overbewoning", overbewoning, 2026, counter)
        _reports(homes[naam][0], "te_hoge_huur", huur, 2026, counter)
    # Last year: fewer reports of high rent in Carnisse, none of overcrowding there.
    _reports(homes["Carnisse"][0], "te_hoge_huur", 10, 2025, counter)
    _reports(homes["Tarwewijk"][0], "overbewoning", 12, 2025, counter)
    return buurten


def _tables(html: str) -> dict[str, list[list[str]]]:
    """Each table by its caption: its rows as the texts of their cells, header first."""
    found = {}
    for caption, body in re.findall(r"<caption>(.*?)</caption>(.*?)</table>", html, re.S):
        found[caption] = [
            [cell for cell in re.sub(r"<[^>]+>", "|", row).split("|") if cell.strip()]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
        ]
    return found


def _hidden(value: str) -> bool:
    return not value.replace(".", "").isdigit()


def _no_line_gives_a_cell_away(rows: list[list[str]]) -> None:
    """With the totals shown, a line (row or column, its total included) with exactly one
    hidden value would give that value away by subtraction."""
    body = [row[1:] for row in rows[1:]]
    for line in [*body, *zip(*body, strict=True)]:
        if len(line) > 1:  # a lone total gives nothing away
            assert sum(_hidden(v) for v in line) != 1, line


def test_seven_reports_show_as_less_than_ten_and_no_total_gives_them_away(city):
    html = rapport_html("signalering", rapport=signaalrapport(jaar=2026))
    tables = _tables(html)

    by_buurt = tables["Meldingen per buurt en categorie, 2026"]
    assert by_buurt[0] == ["Buurt", "Overbewoning", "Te hoge huur", "Totaal"]
    # Carnisse's 7 shows as "< 10"; its 15 of high rent is left out ("x"), else its total
    # would give the 7 away, and Oud-Charlois' two cells likewise for the column totals.
    assert ["Carnisse", "&lt; 10", "x", "22"] in by_buurt
    assert ["Oud-Charlois", "x", "x", "25"] in by_buurt
    assert ["Tarwewijk", "12", "20", "32"] in by_buurt
    assert by_buurt[-1] == ["Totaal", "30", "49", "79"]
    for rows in tables.values():
        if rows and rows[0][-1] == "Totaal" and rows[-1][0] == "Totaal":
            _no_line_gives_a_cell_away(rows)
    # The table per quarter shares the category totals and shows the same ones.
    by_quarter = tables["Meldingen per categorie en kwartaal, 2026"]
    assert [r[-1] for r in by_quarter[1:]] == ["30", "49", "79"]
    # The hot spots repeat the published totals; a suppressed one gets no rate per 1,000.
    hot = tables["Buurten met de meeste meldingen per 1.000 woningen, 2026"]
    assert hot[0][1:3] == ["Woningen", "Meldingen"]
    assert ["Carnisse", "500", "22", "44,0", "&lt; 10", STREEP] in hot
    assert ["Tarwewijk", "1.000", "32", "32,0", "&lt; 10", STREEP] in hot
    # Nowhere as a figure (the charts' axes have tick marks of their own).
    text_only = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)
    assert ">7<" not in text_only and ">15<" not in text_only
    assert "<svg" in html  # the charts are there, drawn from the published values

    text = pdf_text(html_to_pdf(html))
    assert "Meldingen per buurt en categorie, 2026" in text
    assert "< 10" in text
    assert not re.search(r"Carnisse\s+7\b", text)


def test_hot_spots_rank_by_reports_per_thousand_dwellings(city):
    report = signaalrapport(jaar=2026)
    hot = next(o for o in report.onderdelen if o.key == "hotspots").tabellen[0]
    # Oud-Charlois: 25 reports on 250 dwellings = 100 per 1,000; Tarwewijk 32 on 1,000.
    # Carnisse 22 on 500 = 44; Tarwewijk 32 on 1,000.
    assert [naam for _, naam in hot.rijen] == ["Oud-Charlois", "Carnisse", "Tarwewijk"]
    assert hot.extra["BU05991573"][:3] == ["250", "25", "100,0"]


def test_the_comparison_with_last_year_copies_published_values(city):
    report = signaalrapport(jaar=2026)
    trends = next(o for o in report.onderdelen if o.key == "trends")
    comparison = next(t for t in trends.tabellen if t.titel.startswith("Meldingen per categorie:"))
    rows = dict(comparison.regels())
    # High rent: 10 last year (shown), 49 this year.
    assert rows["Te hoge huur"] == ["10", "49", "+39 (+390%)"]
    assert rows["Overbewoning"] == ["12", "30", "+18 (+150%)"]
    patterns = next(o for o in report.onderdelen if o.key == "patronen")
    assert patterns.uitleg[0] == (
        "Categorieën: Te hoge huur: 10 naar 49 (+39 (+390%)); "
        "Overbewoning: 12 naar 30 (+18 (+150%))."
    )
    # Last year's totals of Carnisse and Tarwewijk were left out ("x"): no change is worked
    # out; Oud-Charlois' was "< 10", and 25 now.
    assert patterns.uitleg[1] == "Buurten: Oud-Charlois: van onder de drempel naar 25."


def test_case_table_signals_of_the_year_in_the_area(city, make_user):
    from goedwonen.casustafels.models import Casustafel, Tafelsignaal, Tafelvergadering

    user = make_user()
    tafel = Casustafel.objects.create(naam="Tafel Charlois", voorzitter=user, secretaris=user)
    moment = datetime(2026, 3, 3, 10, tzinfo=AMS)
    vergadering = Tafelvergadering.objects.create(
        tafel=tafel, volgens_schema=moment, begint_op=moment
    )
    Tafelsignaal.objects.create(
        vergadering=vergadering,
        categorie="uitbuiting",
        gebied=city["Carnisse"],
        omschrijving="Arbeidsmigranten betalen huur per bed via de werkgever.",
        vastgelegd_door=user,
    )
    elsewhere = Gebied.objects.create(code="WK059901", naam="Stadsdriehoek", soort="wijk")
    Tafelsignaal.objects.create(
        vergadering=vergadering,
        categorie="woonoverlast",
        gebied=elsewhere,
        omschrijving="Elders",
        vastgelegd_door=user,
    )
    this_year = date.today().year  # vastgelegd_op is the moment of recording

    whole = rapport_html("signalering", rapport=signaalrapport(jaar=this_year))
    charlois = rapport_html(
        "signalering", rapport=signaalrapport(jaar=this_year, gebied="WK059915")
    )

    assert "Arbeidsmigranten betalen huur per bed" in whole and "Elders" in whole
    assert "Arbeidsmigranten betalen huur per bed" in charlois and "Elders" not in charlois


def test_the_council_and_evaluation_reports_span_their_years(city):
    raad = rapport(soort="raad", jaar=2026)
    evaluatie = rapport(soort="evaluatie-tussentijds", jaar=2026)

    assert raad.titel == "Raadsinformatie 2026" and raad.jaren == [2026]
    assert evaluatie.titel == "Tussenevaluatie 2025\u20132026"
    overview = dict(evaluatie.overzicht.regels())
    assert overview["2025"][0] == "22" and overview["2026"][0] == "79"
    html = rapport_html("evaluatie-tussentijds", rapport=evaluatie)
    for heading in ("Behaalde resultaten", "toezicht en handhaving", "Knelpunten", "Bijsturing"):
        assert heading in html
    assert "1.250 casussen per jaar" in rapport_html("raad", rapport=raad)


def test_outcomes_are_suppressed_and_amounts_shown_only_beside_enough_reductions(city, monkeypatch):
    """Outcome counts are suppressed each on its own, and an amount in euros is shown only
    beside a published count of rent reductions (the figures given as `uitkomsten_cijfers`
    would give them; tests/rapportage/test_uitkomsten_cijfers.py computes those by hand)."""
    from goedwonen.rapportage import signaal
    from goedwonen.rapportage.cijfers import Cijfer

    def figures(rent_reductions: int) -> list[Cijfer]:
        return [
            Cijfer("uitkomsten", "GM0599", "2026", "huur_verlaagd", rent_reductions),
            Cijfer("uitkomsten", "GM0599", "2026", "gebreken_hersteld", 4),
            Cijfer("uitkomsten", "GM0599", "2026", "bewoning_verminderd", 30),
            Cijfer("huurverlaging_gemiddeld_per_maand", "GM0599", "2026", "", 480),
            Cijfer("uitkomsten", "BU05991572", "2026", "huur_verlaagd", 3),
        ]

    for reductions, amount in ((12, "Huurverlaging per maand, gemiddeld: € 480"), (8, None)):
        monkeypatch.setattr(
            signaal,
            "uitkomsten_cijfers",
            lambda jaar, gebied=None, n=reductions: figures(n),
        )
        part = next(o for o in signaalrapport(jaar=2026).onderdelen if o.key == "uitkomsten")
        rows = dict(part.tabellen[0].regels())
        assert rows["Uitkomsten: Gebreken hersteld"] == ["< 10"]
        assert rows["Uitkomsten: Bewoning verminderd"] == ["30"]
        if amount:
            assert rows["Uitkomsten: Huur verlaagd"] == ["12"]
            assert part.uitleg == [amount]
        else:
            assert rows["Uitkomsten: Huur verlaagd"] == ["< 10"]
            assert part.uitleg == [
                "Huurverlaging per maand, gemiddeld: niet gepubliceerd (minder dan 10 "
                "huurverlagingen)."
            ]
