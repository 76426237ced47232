"""The figures by hand (work in progress for issue 17): imported inspections and enforcement
on hand-made dwellings in two buurten of one wijk, counted per buurt, wijk and gemeente, per
year and quarter."""

from __future__ import annotations

import re
from datetime import date

import pytest

from goedwonen.rapportage.cijfers import Cijfer, cijfers
from goedwonen.registry.models import Controle, Gebied, Handhaving, Verblijfsobject

pytestmark = pytest.mark.django_db


def _areas() -> tuple[Gebied, Gebied]:
    gemeente = Gebied.objects.create(code="GM0599", naam="Rotterdam", soort="gemeente")
    wijk = Gebied.objects.create(
        code="WK059915", naam="Charlois", soort="wijk", bovenliggend=gemeente
    )
    a = Gebied.objects.create(code="BU05991572", naam="Carnisse", soort="buurt", bovenliggend=wijk)
    b = Gebied.objects.create(code="BU05991571", naam="Tarwewijk", soort="buurt", bovenliggend=wijk)
    return a, b


def _dwelling(n: int, buurt: Gebied) -> Verblijfsobject:
    return Verblijfsobject.objects.create(
        object_id=f"05990100000{n:05d}", objecttype="VBO", is_woning=True, buurt=buurt
    )


def _controle(n: int, vbo: Verblijfsobject, datum: date, overtreding: str) -> None:
    Controle.objects.create(
        bron_id=f"c{n}",
        verblijfsobject=vbo,
        datum=datum,
        aanleiding="melding",
        overtreding=overtreding,
    )


def test_inspections_and_enforcement_by_hand():
    carnisse, tarwewijk = _areas()
    a, b = _dwelling(1, carnisse), _dwelling(2, tarwewijk)
    _controle(1, a, date(2026, 2, 3), "ja")
    _controle(2, a, date(2026, 5, 6), "nee")
    _controle(3, b, date(2026, 11, 30), "ja")
    _controle(4, b, date(2025, 12, 31), "ja")  # another year
    Handhaving.objects.create(
        bron_id="h1", verblijfsobject=a, datum=date(2026, 3, 1), instrument="waarschuwing"
    )

    rows = {(c.maat, c.gebied, c.periode, c.categorie): c.waarde for c in cijfers(jaar=2026)}

    assert rows[("controles_uitgevoerd", "BU05991572", "2026", "")] == 2
    assert rows[("controles_met_overtreding", "BU05991572", "2026", "")] == 1
    assert rows[("controles_uitgevoerd", "BU05991571", "2026", "")] == 1
    assert rows[("controles_uitgevoerd", "WK059915", "2026", "")] == 3
    assert rows[("controles_met_overtreding", "GM0599", "2026", "")] == 2
    assert rows[("controles_uitgevoerd", "BU05991572", "2026-Q1", "")] == 1
    assert rows[("controles_uitgevoerd", "BU05991572", "2026-Q3", "")] == 0
    assert rows[("controles_uitgevoerd", "BU05991571", "2026-Q4", "")] == 1
    assert rows[("handhavingen_opgelegd", "BU05991572", "2026", "waarschuwing")] == 1
    assert ("handhavingen_opgelegd", "BU05991571", "2026", "waarschuwing") not in rows
    within = cijfers(jaar=2026, gebied="BU05991571")
    assert {c.gebied for c in within} == {"BU05991571"}
    assert Cijfer("controles_uitgevoerd", "BU05991571", "2026", "", 1) in within


def test_the_command_writes_the_figures_as_the_contract_says(tmp_path):
    import csv

    from django.core.management import CommandError, call_command

    carnisse, _ = _areas()
    _controle(1, _dwelling(1, carnisse), date(2026, 2, 3), "ja")
    call_command("rapportage", jaar=2026, out=str(tmp_path / "uit"))
    with (tmp_path / "uit" / "cijfers.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["maat", "gebied", "periode", "categorie", "waarde"]
    assert {
        "maat": "controles_met_overtreding",
        "gebied": "BU05991572",
        "periode": "2026",
        "categorie": "",
        "waarde": "1",
    } in rows
    with pytest.raises(CommandError, match="--gebied BU0000: geen bekend gebied"):
        call_command("rapportage", jaar=2026, gebied="BU0000", out=str(tmp_path / "uit"))


def test_the_command_writes_the_signal_report_with_small_numbers_suppressed(tmp_path):

    from django.core.management import call_command

    from tests.documenten.pdftext import pdf_text

    carnisse, tarwewijk = _areas()
    a, b = _dwelling(1, carnisse), _dwelling(2, tarwewijk)
    for n in range(48):  # Carnisse: 12 inspections in every quarter
        _controle(100 + n, a, date(2026, 1 + 3 * (n // 12), 5 + n % 12), "nee")
    for n in range(7):  # Tarwewijk: 7 in the first quarter, 15 in every other
        _controle(200 + n, b, date(2026, 2, 1 + n), "ja")
    for n in range(45):
        _controle(300 + n, b, date(2026, 4 + 3 * (n // 15), 1 + n % 15), "nee")

    call_command("rapportage", jaar=2026, out=str(tmp_path))

    html = (tmp_path / "signaleringsrapport-2026.html").read_text(encoding="utf-8")
    assert "Signaleringsrapportage 2026" in html
    rows = [
        [cell for cell in re.sub(r"<[^>]+>", "|", row).split("|") if cell]
        for row in re.findall(r"<tr>(.*?)</tr>", html)
    ]
    # The inspections per quarter: Tarwewijk's 7 shows as "< 10", and a rectangle of four
    # cells is left out so that it follows from no total shown.
    assert ["Carnisse", "x", "x", "12", "12", "48"] in rows
    assert ["Tarwewijk", "&lt; 10", "x", "15", "15", "52"] in rows
    assert ["Totaal", "19", "27", "27", "27", "100"] in rows
    assert ">7<" not in html
    text = pdf_text((tmp_path / "signaleringsrapport-2026.pdf").read_bytes())
    assert "Signaleringsrapportage 2026" in text
    assert "< 10" in text
