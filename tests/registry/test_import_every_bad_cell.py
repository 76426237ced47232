"""Every malformed cell of every row is reported with its file, line and column, whatever the
other cells of the row and the other rows of the same object say; valid rows are imported as
before."""

from __future__ import annotations

import csv
import io

import pytest

from goedwonen.registry.importer.run import import_folder
from goedwonen.registry.models import Adres, Bewoning, Pand, Verblijfsobject

pytestmark = pytest.mark.django_db


def _by_file(report):
    return {f.file: f for f in report.files}


def _problems(problems):
    return [(p.line, p.column, p.reason) for p in problems]


def test_a_bad_value_on_a_side_address_is_reported_though_the_main_row_is_good(source_folder):
    """Lines 2 and 3 are the main and the side address of one object in one building. Line 2
    describes the object and the building well; line 3 carries a bad floor area and year."""
    bag = source_folder / "bag_adressen.csv"
    rows = bag.read_bytes().decode().split("\r\n")
    assert ";0599010000000001;VBO;t;" in rows[2]
    rows[2] = rows[2].replace(";60;", ";zestig;").replace(";1931;", ";oud;")
    bag.write_bytes("\r\n".join(rows).encode())

    report = import_folder(actor=None, folder=source_folder, progress=False)

    warnings = [(p.line, p.reason) for p in _by_file(report)["bag_adressen.csv"].warnings]
    assert [w for w in warnings if w[0] == 3] == [
        (3, "oppervlakteverblijfsobject: 'zestig' is geen geheel getal; opgeslagen als onbekend"),
        (3, "pandbouwjaar: 'oud' is geen geheel getal; opgeslagen als onbekend"),
    ]
    # The good values of line 2 describe the object and its building; both addresses are in.
    woning = Verblijfsobject.objects.get(object_id="0599010000000001")
    assert woning.oppervlakte == 60
    assert Pand.objects.get(pand_id="0599100000000001").bouwjaar == 1931
    assert Adres.objects.filter(verblijfsobject=woning).count() == 2


def test_every_bad_cell_of_a_rejected_row_is_named_and_the_row_counts_once(source_folder):
    brp = source_folder / "brp_bewoning.csv"
    brp.write_text(brp.read_text() + "0599200000000002;1 oktober;veel;twee;0;1;0;0;misschien\n")

    report = import_folder(actor=None, folder=source_folder, progress=False)

    brp_report = _by_file(report)["brp_bewoning.csv"]
    line = max(p.line for p in brp_report.rejected)
    assert [p for p in _problems(brp_report.rejected) if p[0] == line] == [
        (line, "peildatum", "peildatum: '1 oktober' is geen bestaande datum (JJJJ-MM-DD)"),
        (line, "ingeschrevenen", "ingeschrevenen: 'veel' is geen geheel getal"),
        (line, "volwassenen", "volwassenen: 'twee' is geen geheel getal"),
        (line, "briefadres", "briefadres: 'misschien' is geen ja of nee"),
    ]
    assert brp_report.rejected_rows == len({p.line for p in brp_report.rejected})
    assert brp_report.as_record()["rejected_count"] == brp_report.rejected_rows
    assert f"{brp_report.rejected_rows} afgewezen" in brp_report.summary()
    # The file's good rows are imported as before.
    assert Bewoning.objects.filter(adres__nummeraanduiding="0599200000000001").exists()


def test_bad_optional_cells_of_an_accepted_row_are_each_a_warning(source_folder):
    eigendom = source_folder / "brk_eigendom.csv"
    eigendom.write_text(
        eigendom.read_text()
        + "0599010000000003,EIG-77,rechtspersoon,Pandjes BV,123,2/1,gisteren,,,,,30,Rotterdam\n"
    )

    report = import_folder(actor=None, folder=source_folder, progress=False)

    brk = _by_file(report)["brk_eigendom.csv"]
    line = max(p.line for p in brk.warnings)
    assert [column for at, column, _ in _problems(brk.warnings) if at == line] == [
        "kvk_nummer",
        "aandeel",
        "verkregen_op",
        "eigenaar_postcode",
    ]
    assert line not in {p.line for p in brk.rejected}


def test_the_list_of_problems_names_the_column(source_folder, settings):
    report = import_folder(actor=None, folder=source_folder, progress=False)
    path = settings.DATA_DIR / "leveringen" / f"levering-{report.levering_id}-problemen.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[0] == ["bestand", "regel", "kolom", "soort", "reden"]
    brp_line_4 = next(row for row in rows if row[:2] == ["brp_bewoning.csv", "4"])
    assert brp_line_4[:4] == ["brp_bewoning.csv", "4", "ingeschrevenen", "afgewezen"]
