"""Digits that str.isdigit() accepts but int() refuses, in a delivery: the row is named with
its line (rejected, or the value stored as unknown), the file is imported, nothing fails."""

from __future__ import annotations

import pytest

from goedwonen.registry.importer.run import import_folder
from goedwonen.registry.models import Adres, Bewoning

pytestmark = pytest.mark.django_db


def _by_file(report):
    return {f.file: f for f in report.files}


def test_odd_digits_in_required_and_optional_numbers_are_named(source_folder):
    brp = source_folder / "brp_bewoning.csv"
    brp.write_text(
        brp.read_text()
        + "0599200000000002;2026-10-01;3;²;0;1;0;0;nee\n"
        + "0599200000000002;2025-10-01;①;1;0;1;0;0;nee\n"
    )
    energie = source_folder / "energie.csv"
    energie.write_text(energie.read_text() + "0599200000000002,2025,\u0661\u0662\u0660\u0660,²\n")

    report = import_folder(actor=None, folder=source_folder, progress=False)

    files = _by_file(report)
    assert [(w.line, w.reason) for w in files["brp_bewoning.csv"].warnings] == [
        (6, "volwassenen: '²' is geen geheel getal; opgeslagen als onbekend")
    ]
    assert [(r.line, r.reason) for r in files["brp_bewoning.csv"].rejected] == [
        (4, "ingeschrevenen: 'veel' is geen geheel getal"),
        (5, "peildatum: '2026-02-30' is geen bestaande datum (JJJJ-MM-DD)"),
        (7, "ingeschrevenen: '①' is geen geheel getal"),
    ]
    assert [(w.line, w.reason) for w in files["energie.csv"].warnings] == [
        (
            3,
            "elektriciteit_kwh: '\u0661\u0662\u0660\u0660' is geen geheel getal; opgeslagen als onbekend",
        ),
        (3, "gas_m3: '²' is geen geheel getal; opgeslagen als onbekend"),
    ]
    stored = Bewoning.objects.get(adres__nummeraanduiding="0599200000000002")
    assert (stored.ingeschrevenen, stored.volwassenen) == (3, None)


def test_an_address_with_odd_digits_is_rejected_by_line(source_folder):
    bag = source_folder / "bag_adressen.csv"
    rows = bag.read_bytes().decode().split("\r\n")
    # The first dwelling again under a new nummeraanduiding, numbered with a superscript.
    odd = rows[1].replace(";10;", ";²;").replace("0599200000000001", "0599200000000077")
    bag.write_bytes("\r\n".join([*rows[:-1], odd, ""]).encode())

    report = import_folder(actor=None, folder=source_folder, progress=False)

    rejected = [(r.line, r.reason) for r in _by_file(report)["bag_adressen.csv"].rejected]
    assert rejected[-1] == (
        len(rows),
        "huisnummer: '²' is ongeldig. Een huisnummer is een getal van 1 tot en met 99999, "
        "alleen cijfers, bijvoorbeeld 10.",
    )
    assert not Adres.objects.filter(nummeraanduiding="0599200000000077").exists()
