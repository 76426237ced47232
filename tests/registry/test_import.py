from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from django.core.management import call_command

from goedwonen.core.models import Verwerkingslog
from goedwonen.intake.models import Melding
from goedwonen.registry.importer.run import import_folder
from goedwonen.registry.models import (
    Adres,
    Bewoning,
    Controle,
    Eigenaar,
    Eigendom,
    Gebied,
    Gebiedsvorm,
    Levering,
    Verblijfsobject,
    WozWaarde,
)

pytestmark = pytest.mark.django_db


def _by_file(report):
    return {f.file: f for f in report.files}


def test_the_list_of_problems_is_written_like_every_export(source_folder, settings):
    """For people, in a spreadsheet: through goedwonen.core.exports (semicolons, a byte-order
    mark, no cell read as a formula)."""
    import csv
    import io

    report = import_folder(actor=None, folder=source_folder, progress=False)
    path = settings.DATA_DIR / "leveringen" / f"levering-{report.levering_id}-problemen.csv"
    body = path.read_text(encoding="utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    assert rows[0] == ["bestand", "regel", "kolom", "soort", "reden"]
    assert [
        "bag_adressen.csv",
        "8",
        "huisnummer",
        "afgewezen",
        "huisnummer: 'twaalf' is ongeldig. Een huisnummer is een getal van 1 tot en met 99999, "
        "alleen cijfers, bijvoorbeeld 10.",
    ] in rows


def test_hand_made_folder_imports_with_each_bad_row_named(source_folder):
    report = import_folder(actor=None, folder=source_folder, progress=False)
    files = _by_file(report)
    assert report.exit_code == 1
    assert report.unknown_files == ["notities.txt"]
    bag = files["bag_adressen.csv"]
    assert (bag.read, bag.inserted, bag.updated, bag.unchanged) == (8, 6, 0, 0)
    assert [(r.line, r.reason) for r in bag.rejected] == [
        (7, "nummeraanduiding: '059920000000006' is geen BAG-id van 16 cijfers"),
        (
            8,
            "huisnummer: 'twaalf' is ongeldig. Een huisnummer is een getal van 1 tot en met "
            "99999, alleen cijfers, bijvoorbeeld 10.",
        ),
    ]
    assert [(w.line, w.reason) for w in bag.warnings] == [
        (9, "oppervlakteverblijfsobject: 'onbekend' is geen geheel getal; opgeslagen als onbekend")
    ]
    brk = files["brk_eigendom.csv"]
    # The first data row spans lines 2-3 (a quoted newline), so the rows after it start at 4.
    assert [(r.line, r.reason) for r in brk.rejected] == [
        (5, "object_id: onbekend object 0599010000000099 (niet in bag_adressen)"),
        (6, "object_id: ontbreekt"),
    ]
    assert [(w.line, w.reason) for w in brk.warnings] == [
        (
            4,
            "verkregen_op: '2024-13-01' is geen bestaande datum (JJJJ-MM-DD); opgeslagen als onbekend",
        )
    ]
    brp = files["brp_bewoning.csv"]
    assert [(r.line, r.reason) for r in brp.rejected] == [
        (4, "ingeschrevenen: 'veel' is geen geheel getal"),
        (5, "peildatum: '2026-02-30' is geen bestaande datum (JJJJ-MM-DD)"),
    ]
    meldingen = files["meldingen.csv"]
    assert [r.line for r in meldingen.rejected] == [5]
    assert meldingen.rejected[0].reason.startswith("categorie: onbekende waarde 'drugslab'")


def test_registry_content_after_import(source_folder):
    import_folder(actor=None, folder=source_folder, progress=False)
    woning = Verblijfsobject.objects.get(object_id="0599010000000001")
    assert (woning.is_woning, woning.oppervlakte, woning.buurt.code) == (True, 60, "BU05991572")
    assert woning.pand.pand_id == "0599100000000001" and woning.pand.bouwjaar == 1931
    assert round(woning.lon, 3) == 4.474 and round(woning.lat, 3) == 51.883
    winkel = Verblijfsobject.objects.get(object_id="0599010000000002")
    assert (winkel.is_woning, winkel.buurt.code) == (False, "BU05991571")
    assert Verblijfsobject.objects.get(object_id="0599010000000003").is_woning is True
    ligplaats = Verblijfsobject.objects.get(object_id="0599020000000001")
    assert (ligplaats.objecttype, ligplaats.is_woning, ligplaats.pand) == ("LIG", False, None)
    assert Verblijfsobject.objects.get(object_id="0599010000000008").oppervlakte is None
    hoofd, neven = Adres.objects.filter(verblijfsobject=woning).order_by("nummeraanduiding")
    assert (hoofd.hoofdadres, hoofd.postcode, neven.hoofdadres, neven.huisletter) == (
        True,
        "3083AB",
        False,
        "A",
    )
    assert Adres.objects.get(nummeraanduiding="0599200000000004").postcode == "3073AB"
    assert Gebied.objects.get(code="WK059915").bovenliggend.code == "GM0599"
    assert Gebied.objects.get(code="BU05991572").vorm.geometrie["type"] == "Polygon"
    assert list(Bewoning.objects.filter(adres=hoofd).values_list("ingeschrevenen", flat=True)) == [
        2,
        6,
    ]
    assert Eigendom.objects.get(verblijfsobject=woning).eigenaar.naam == "Jansen,\nJ."
    assert Controle.objects.get().categorieen == ["overbewoning", "niet_ingeschreven"]


def test_reports_are_matched_or_queued_never_dropped(source_folder):
    import_folder(actor=None, folder=source_folder, progress=False)
    by_id = {m.bron_id: m for m in Melding.objects.all()}
    assert by_id["M1"].adres.nummeraanduiding == "0599200000000001"
    assert (
        by_id["M2"].adres.nummeraanduiding == "0599200000000004"
    )  # by postcode, number, toevoeging
    assert by_id["M3"].adres is None and by_id["M3"].opgegeven_adres == "3083AB 999"
    assert "M4" not in by_id


def test_second_import_changes_nothing(source_folder):
    import_folder(actor=None, folder=source_folder, progress=False)
    counts = [m.objects.count() for m in (Adres, Verblijfsobject, Bewoning, Melding, Eigendom)]
    report = import_folder(actor=None, folder=source_folder, progress=False)
    assert [(f.file, f.inserted, f.updated) for f in report.files if f.inserted or f.updated] == []
    assert [
        m.objects.count() for m in (Adres, Verblijfsobject, Bewoning, Melding, Eigendom)
    ] == counts


def test_a_changed_delivery_updates_and_ends_sold_ownership(source_folder):
    import_folder(actor=None, folder=source_folder, progress=False)
    (source_folder / "woz.csv").write_text(
        "object_id,peildatum,waarde\n0599010000000001,2026-01-01,215000\n"
    )
    (source_folder / "brk_eigendom.csv").write_text(
        "object_id,eigenaar_id,eigenaar_soort,eigenaar_naam,kvk_nummer,aandeel,verkregen_op,eigenaar_postcode,eigenaar_woonplaats\n"
        "0599010000000001,K87654321,rechtspersoon,Nieuwe Eigenaar BV,87654321,1/1,2026-06-01,3011AA,Rotterdam\n"
    )
    report = _by_file(import_folder(actor=None, folder=source_folder, progress=False))
    assert (report["woz.csv"].updated, WozWaarde.objects.get().waarde) == (1, 215000)
    ownership = {
        e.eigenaar.eigenaar_id: e.beeindigd_op
        for e in Eigendom.objects.filter(verblijfsobject__object_id="0599010000000001")
    }
    assert ownership == {"E1": Levering.objects.first().peildatum, "K87654321": None}


def test_the_owner_s_postal_address_is_stored_and_a_bad_number_reported(source_folder):
    import_folder(actor=None, folder=source_folder, progress=False)
    owners = {e.eigenaar_id: e for e in Eigenaar.objects.all()}
    assert owners["E1"].straat_huisnummer == "Coolsingel 40"
    assert owners["K12345678"].straat_huisnummer == "Lange Voorhout 9B-2"
    (source_folder / "brk_eigendom.csv").write_text(
        "object_id,eigenaar_id,eigenaar_soort,eigenaar_naam,aandeel,eigenaar_straat,eigenaar_huisnummer,eigenaar_postcode,eigenaar_woonplaats\n"
        "0599010000000001,E1,natuurlijk_persoon,J. Jansen,1/1,Coolsingel,veertig,3000AA,Rotterdam\n"
    )
    report = _by_file(import_folder(actor=None, folder=source_folder, progress=False))
    [warning] = report["brk_eigendom.csv"].warnings
    assert warning.line == 2
    assert warning.reason.startswith("eigenaar_huisnummer: 'veertig' is ongeldig.")
    assert warning.reason.endswith("; opgeslagen als onbekend")
    eigenaar = Eigenaar.objects.get(eigenaar_id="E1")
    assert (eigenaar.straat, eigenaar.huisnummer, eigenaar.straat_huisnummer) == (
        "Coolsingel",
        None,
        "",
    )


def test_a_hand_match_survives_redelivery(source_folder, make_user):
    import_folder(actor=None, folder=source_folder, progress=False)
    adres = Adres.objects.get(nummeraanduiding="0599200000000001")
    Melding.objects.filter(bron_id="M3").update(adres=adres, verblijfsobject=adres.verblijfsobject)
    import_folder(actor=None, folder=source_folder, progress=False)
    assert Melding.objects.get(bron_id="M3").adres == adres


def test_a_report_keeps_its_object_s_buurt_also_when_a_delivery_moves_the_object(
    source_folder, make_user
):
    from goedwonen.casussen.models import CasusObject
    from goedwonen.casussen.selectors import CasusFilters, casus_list
    from goedwonen.casussen.services.cases import casus_create
    from goedwonen.core.policy import Capability
    from goedwonen.registry.services import melding_match_address
    from tests.scenario import DIRECTOR

    import_folder(actor=None, folder=source_folder, progress=False)
    by_id = {m.bron_id: m for m in Melding.objects.select_related("buurt")}
    assert by_id["M1"].buurt.code == "BU05991572"  # matched at import: its object's buurt
    assert by_id["M3"].buurt is None  # no address found, no buurt

    # A person matches the queued report: it takes the buurt of the object matched.
    winkel = Adres.objects.get(verblijfsobject__object_id="0599010000000002")
    matcher = make_user([Capability.REPORTS_MATCH], username="koppelaar")
    melding_match_address(actor=matcher, melding=by_id["M3"], adres=winkel)
    assert Melding.objects.get(bron_id="M3").buurt.code == "BU05991571"
    # A case on the dwelling of M1 and one on the shop: each object keeps its buurt too.
    regisseur = make_user(DIRECTOR, username="regisseur")
    casus = casus_create(
        actor=regisseur,
        titel="Carnisselaan 10",
        categorieen=["overbewoning"],
        casusregisseur=regisseur,
        meldingen=[Melding.objects.get(bron_id="M1")],
    )
    tweede = casus_create(
        actor=regisseur,
        titel="Winkel",
        categorieen=["overbewoning"],
        casusregisseur=regisseur,
        herkomst="proactief",
        adressen=[winkel],
    )
    assert {o.buurt.code for o in CasusObject.objects.select_related("buurt")} == {
        "BU05991572",
        "BU05991571",
    }

    # CBS redraws the map: the two buurten swap places. Each object moves to the other
    # buurt, and every report on it along with it.
    collection = json.loads((source_folder / "buurten.geojson").read_text())
    first, second = collection["features"]
    first["geometry"], second["geometry"] = second["geometry"], first["geometry"]
    (source_folder / "buurten.geojson").write_text(json.dumps(collection))
    outlines = dict(Gebiedsvorm.objects.values_list("gebied__code", "geometrie"))
    report = _by_file(import_folder(actor=None, folder=source_folder, progress=False))
    assert (report["buurten.geojson"].updated, report["buurten.geojson"].unchanged) == (2, 0)
    swapped = dict(Gebiedsvorm.objects.values_list("gebied__code", "geometrie"))
    assert swapped["BU05991571"] == outlines["BU05991572"]
    assert swapped["BU05991572"] == outlines["BU05991571"]
    assert Verblijfsobject.objects.get(object_id="0599010000000001").buurt.code == "BU05991571"
    moved = dict(Melding.objects.values_list("bron_id", "buurt__code"))
    assert moved["M1"] == "BU05991571" and moved["M3"] == "BU05991572"
    assert all(
        m.buurt_id == (m.verblijfsobject.buurt_id if m.verblijfsobject else None)
        for m in Melding.objects.select_related("verblijfsobject")
    )
    # The case objects move along, and the case lists filtered on a buurt follow them.
    moved_cases = dict(CasusObject.objects.values_list("casus__referentie", "buurt__code"))
    assert moved_cases == {casus.referentie: "BU05991571", tweede.referentie: "BU05991572"}
    in_buurt = casus_list(
        actor=regisseur, filters=CasusFilters(wachtrij="organisatie", buurt="BU05991571")
    )
    assert [c.referentie for c in in_buurt] == [casus.referentie]


def test_missing_required_file_imports_nothing(source_folder, capsys):
    (source_folder / "bag_adressen.csv").unlink()
    with pytest.raises(SystemExit) as exited:
        call_command("import", str(source_folder), "--geen-voortgang")
    assert exited.value.code == 2
    assert "bag_adressen.csv: verplicht bestand ontbreekt" in capsys.readouterr().err
    assert (Levering.objects.count(), Gebied.objects.count()) == (0, 0)


def test_clean_folder_exits_zero(source_folder):
    for name in ("brk_eigendom.csv", "brp_bewoning.csv", "meldingen.csv"):
        (source_folder / name).unlink()
    lines = (source_folder / "bag_adressen.csv").read_text(encoding="utf-8-sig").splitlines()
    (source_folder / "bag_adressen.csv").write_text("\n".join(lines[:5]) + "\n")
    call_command("import", str(source_folder), "--geen-voortgang")
    assert Levering.objects.get().status == Levering.Status.GESLAAGD


def test_parquet_and_wgs84_geojson_are_read(source_folder):
    (source_folder / "woz.csv").unlink()
    pq.write_table(
        pa.table(
            {"object_id": ["0599010000000001"], "peildatum": ["2026-01-01"], "waarde": ["199000"]}
        ),
        source_folder / "woz.parquet",
    )
    from pyproj import Transformer

    to_wgs = Transformer.from_crs(28992, 4326, always_xy=True)
    collection = json.loads((source_folder / "buurten.geojson").read_text())
    collection["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4326"}}
    for feature in collection["features"]:
        feature["geometry"]["coordinates"] = [
            [list(to_wgs.transform(x, y)) for x, y in ring]
            for ring in feature["geometry"]["coordinates"]
        ]
    (source_folder / "buurten.geojson").write_text(json.dumps(collection))
    report = _by_file(import_folder(actor=None, folder=source_folder, progress=False))
    assert report["woz.parquet"].inserted == 1
    assert WozWaarde.objects.get().waarde == 199000
    assert Verblijfsobject.objects.get(object_id="0599010000000001").buurt.code == "BU05991572"


def test_the_delivery_and_its_legal_basis_are_recorded_and_logged(source_folder):
    report = import_folder(actor=None, folder=source_folder, progress=False)
    levering = Levering.objects.get(pk=report.levering_id)
    assert levering.manifest["bronnen"]["bag_adressen.csv"]["grondslag"] == "Wet BAG"
    assert (levering.gemeente, str(levering.peildatum), levering.status) == (
        "GM0599",
        "2026-10-01",
        "deels",
    )
    files = {f["file"]: f for f in levering.rapport["bestanden"]}
    assert files["bag_adressen.csv"]["rejected_count"] == 2
    line = Verwerkingslog.objects.get(object_ref=f"levering:{levering.pk}")
    assert line.verwerkingsactiviteit.code == "registratie-woningen-eigenaren"


def test_accepted_rows_are_snapshotted_to_parquet(source_folder, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    report = import_folder(actor=None, folder=source_folder, progress=False)
    table = pq.read_table(
        tmp_path / "data" / "snapshots" / f"levering-{report.levering_id}" / "brp_bewoning.parquet"
    )
    rows = table.to_pylist()
    # Lines 4 and 5 were rejected; the snapshot keeps the accepted ones, as delivered text.
    assert [(r["regel"], r["nummeraanduiding"], r["ingeschrevenen"]) for r in rows] == [
        (2, "0599200000000001", "6"),
        (3, "0599200000000001", "2"),
    ]


def test_snapshot_of_a_file_with_multi_line_records(source_folder, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    report = import_folder(actor=None, folder=source_folder, progress=False)
    rows = pq.read_table(
        tmp_path
        / "data"
        / "snapshots"
        / f"levering-{report.levering_id}"
        / "brk_eigendom.csv".replace(".csv", ".parquet")
    ).to_pylist()
    # The first record spans lines 2-3; lines 5 and 6 were rejected.
    assert [(r["regel"], r["eigenaar_naam"]) for r in rows] == [
        (2, "Jansen,\nJ."),
        (4, "Verhuur BV"),
    ]
