"""`goedwonen generate --scale zuid`: the folder follows the data contract to the letter, and the
planted abuse shows through noisy signals with a geographic bias in reports.

One folder is generated per module (a couple of seconds) and read with the standard library's
csv module, independently of how the generator writes it.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import pytest
import shapely
from shapely.geometry import shape

from django.core.management import CommandError, call_command

from goedwonen.synth.files import COLUMNS
from goedwonen.synth.generator import CONTRACT_FILES, generate, plan

SEED = 7
FOCUS = {
    "BU05991081": ("Bloemhof", "WK059910", "Feijenoord"),
    "BU05991082": ("Hillesluis", "WK059910", "Feijenoord"),
    "BU05991571": ("Tarwewijk", "WK059915", "Charlois"),
    "BU05991572": ("Carnisse", "WK059915", "Charlois"),
    "BU05991573": ("Zuidwijk", "WK059915", "Charlois"),
    "BU05991577": ("Pendrecht", "WK059915", "Charlois"),
}
CATEGORIES = {
    "overbewoning",
    "kamerverhuur",
    "te_hoge_huur",
    "niet_ingeschreven",
    "achterstallig_onderhoud",
    "huurcontract_werk",
    "verhuur_zonder_vergunning",
    "wgv_overig",
    "woonoverlast",
    "woonfraude",
    "crimineel_gebruik",
    "leegstand",
    "ondermijning",
    "zorg",
    "sociale_problematiek",
    "misbruik_voorzieningen",
    "uitbuiting",
}
BAG_ID = re.compile(r"^0599(01|02|03|10|20)\d{10}$")


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("zuid") / "bron"
    call_command("generate", scale="zuid", seed=SEED, out=str(out))
    return out


def rows(folder: Path, name: str) -> list[dict[str, str]]:
    delimiter = ";" if name == "bag_adressen.csv" else ","
    with (folder / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=delimiter))


@pytest.fixture(scope="module")
def bag(folder: Path) -> list[dict[str, str]]:
    return rows(folder, "bag_adressen.csv")


@pytest.fixture(scope="module")
def buurt_of(folder: Path, bag) -> dict[str, str]:
    """object_id -> buurtcode, by point in polygon as the importer does it."""
    features = json.loads((folder / "buurten.geojson").read_text())["features"]
    polygons = [shape(f["geometry"]) for f in features]
    codes = [f["properties"]["buurtcode"] for f in features]
    objects = {r["object_id"]: (float(r["x"]), float(r["y"])) for r in bag}
    ids = list(objects)
    xy = np.array([objects[i] for i in ids])
    inside = np.array([shapely.contains_xy(p, xy[:, 0], xy[:, 1]) for p in polygons])
    assert (inside.sum(axis=0) == 1).all(), "every object lies in exactly one buurt"
    return {i: codes[int(k)] for i, k in zip(ids, inside.argmax(axis=0), strict=True)}


def test_every_file_of_the_contract_with_its_exact_header(folder: Path):
    for name in CONTRACT_FILES:
        assert (folder / name).is_file(), name
    for name, columns in COLUMNS.items():
        raw = (folder / name).read_bytes()
        assert b"\r\n" not in raw, f"{name} uses LF line endings"
        raw.decode("utf-8")
        delimiter = ";" if name == "bag_adressen.csv" else ","
        assert raw.split(b"\n", 1)[0].decode() == delimiter.join(columns), name
    assert ";".join(COLUMNS["bag_adressen.csv"]) == (
        "openbareruimte;huisnummer;huisletter;huisnummertoevoeging;postcode;woonplaats;gemeente;"
        "provincie;nummeraanduiding;verblijfsobjectgebruiksdoel;oppervlakteverblijfsobject;"
        "verblijfsobjectstatus;object_id;object_type;nevenadres;pandid;pandstatus;pandbouwjaar;"
        "x;y;lon;lat"
    )
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["peildatum"] == "2026-10-01"
    assert manifest["gemeente"] == "GM0599"
    expected = set(CONTRACT_FILES) - {"manifest.json"}
    assert set(manifest["bronnen"]) == expected
    for source in manifest["bronnen"].values():
        assert set(source) == {"leverancier", "grondslag", "verwerkingsactiviteit"}
    assert (folder / "_synth" / "params.json").is_file()


def test_buurten_have_their_real_codes_and_names(folder: Path):
    geo = json.loads((folder / "buurten.geojson").read_text())
    found = {}
    for feature in geo["features"]:
        p = feature["properties"]
        assert p["gemeentecode"] == "GM0599" and p["gemeentenaam"] == "Rotterdam"
        found[p["buurtcode"]] = (p["buurtnaam"], p["wijkcode"], p["wijknaam"])
        x, y = shape(feature["geometry"]).centroid.coords[0]
        assert 89_000 < x < 97_000 and 429_000 < y < 437_000, "RD New, in Rotterdam-Zuid"
    assert found == FOCUS
    polygons = [shape(f["geometry"]) for f in geo["features"]]
    for i, a in enumerate(polygons):
        assert a.is_valid
        for b in polygons[i + 1 :]:
            assert a.intersection(b).area < 0.01, "buurten never overlap"


def test_identifiers_are_sixteen_digit_strings_and_postcodes_plausible(folder: Path, bag):
    for r in bag:
        assert BAG_ID.match(r["object_id"]) and BAG_ID.match(r["nummeraanduiding"])
        assert r["nummeraanduiding"][4:6] == "20"
        assert r["object_id"][4:6] == {"VBO": "01", "LIG": "02", "STA": "03"}[r["object_type"]]
        if r["object_type"] == "VBO":
            assert BAG_ID.match(r["pandid"]) and r["pandid"][4:6] == "10"
        assert re.match(r"^30[78]\d[A-Z]{2}$", r["postcode"]), r["postcode"]
        assert r["woonplaats"] == "Rotterdam" and r["provincie"] == "Zuid-Holland"
    for name, column in (
        ("brp_bewoning.csv", "nummeraanduiding"),
        ("woz.csv", "object_id"),
        ("brk_eigendom.csv", "object_id"),
        ("vergunningen.csv", "object_id"),
        ("controles.csv", "object_id"),
        ("handhavingen.csv", "object_id"),
    ):
        for r in rows(folder, name):
            assert BAG_ID.match(r[column]), (name, r[column])
    addresses = Counter(
        (r["postcode"], r["huisnummer"], r["huisletter"], r["huisnummertoevoeging"]) for r in bag
    )
    assert max(addresses.values()) == 1, "an address is unique"


def test_dwellings_per_buurt_and_every_point_inside_its_buurt(bag, buurt_of):
    dwellings = Counter(
        buurt_of[r["object_id"]]
        for r in bag
        if r["object_type"] == "VBO"
        and "woonfunctie" in r["verblijfsobjectgebruiksdoel"]
        and r["nevenadres"] == "f"
    )
    assert set(dwellings) == set(FOCUS)
    assert all(5000 <= n <= 7000 for n in dwellings.values()), dwellings


def test_bag_has_shops_offices_moorings_pitches_and_side_addresses(bag):
    uses = Counter(r["verblijfsobjectgebruiksdoel"] for r in bag if r["object_type"] == "VBO")
    assert uses["winkelfunctie"] > 100 and uses["kantoorfunctie"] > 50
    assert uses["woonfunctie,kantoorfunctie"] > 0
    kinds = Counter(r["object_type"] for r in bag)
    assert kinds["LIG"] >= 1 and kinds["STA"] >= 1
    for r in bag:
        if r["object_type"] != "VBO":
            assert (
                r["pandid"]
                == r["verblijfsobjectgebruiksdoel"]
                == r["oppervlakteverblijfsobject"]
                == ""
            )
    side = [r for r in bag if r["nevenadres"] == "t"]
    assert len(side) > 100
    main = {r["object_id"] for r in bag if r["nevenadres"] == "f"}
    assert all(r["object_id"] in main for r in side), (
        "a side address belongs to an object with a main one"
    )


def test_owner_portfolios(folder: Path):
    brk = rows(folder, "brk_eigendom.csv")
    kinds = Counter(r["eigenaar_soort"] for r in brk)
    assert set(kinds) == {"natuurlijk_persoon", "rechtspersoon", "woningcorporatie", "overheid"}
    portfolio = Counter(r["eigenaar_id"] for r in brk)
    soort = {r["eigenaar_id"]: r["eigenaar_soort"] for r in brk}
    persons = [n for o, n in portfolio.items() if soort[o] == "natuurlijk_persoon"]
    assert sum(2 <= n <= 10 for n in persons) > 200, "small landlords"
    companies = [n for o, n in portfolio.items() if soort[o] == "rechtspersoon"]
    assert sum(n >= 100 for n in companies) >= 3, "large private landlords own hundreds"
    corporations = [n for o, n in portfolio.items() if soort[o] == "woningcorporatie"]
    assert max(corporations) > 3000
    for r in brk:
        if r["eigenaar_soort"] == "natuurlijk_persoon":
            assert re.match(r"^NP[0-9a-f]{16}$", r["eigenaar_id"]) and r["kvk_nummer"] == ""
        else:
            assert r["eigenaar_id"] == f"KVK{r['kvk_nummer']}" and re.match(
                r"^\d{8}$", r["kvk_nummer"]
            )
        assert re.match(r"^\d{4}[A-Z]{2}$", r["eigenaar_postcode"])
    assert Counter(r["aandeel"] for r in brk)["1/2"] > 1000
    assert (
        Counter(
            r["eigenaar_woonplaats"] for r in brk if r["eigenaar_soort"] == "natuurlijk_persoon"
        ).most_common(3)[0][0]
        == "Rotterdam"
    )
    assert len({r["eigenaar_woonplaats"] for r in brk}) > 10, "some owners live elsewhere"


def test_every_owner_has_a_postal_address(folder: Path):
    """Letters go to the owner's own address: street, number (letter, addition), postcode,
    place. An owner who lives in the dwelling has the dwelling's address."""
    brk = rows(folder, "brk_eigendom.csv")
    bag = {r["object_id"]: r for r in rows(folder, "bag_adressen.csv") if r["nevenadres"] == "f"}
    for r in brk:
        assert r["eigenaar_straat"] and re.match(r"^[1-9]\d*$", r["eigenaar_huisnummer"]), r
        assert re.match(r"^[A-Z]?$", r["eigenaar_huisletter"]), r
        assert re.match(r"^\d*$", r["eigenaar_toevoeging"]), r
    at_home = [
        r
        for r in brk
        if r["eigenaar_soort"] == "natuurlijk_persoon"
        and (r["eigenaar_straat"], r["eigenaar_huisnummer"], r["eigenaar_postcode"])
        == (
            bag[r["object_id"]]["openbareruimte"],
            bag[r["object_id"]]["huisnummer"],
            bag[r["object_id"]]["postcode"],
        )
    ]
    assert len(at_home) > 1000, "owner-occupiers live at the dwelling's address"
    away = {r["eigenaar_straat"] for r in brk if r["eigenaar_woonplaats"] != "Rotterdam"}
    assert len(away) > 50, "owners elsewhere have streets there"


def test_permits_rents_and_designations(folder: Path, buurt_of):
    permits = rows(folder, "vergunningen.csv")
    rental = [p for p in permits if p["soort"] == "verhuurvergunning"]
    assert rental and {buurt_of[p["object_id"]] for p in rental} == {"BU05991572"}
    assert all(p["huurprijs"].isdigit() for p in rental)
    opkoop = {buurt_of[p["object_id"]] for p in permits if p["soort"] == "opkoopbescherming"}
    assert opkoop == {"BU05991081", "BU05991082", "BU05991571", "BU05991572"}
    keys = Counter((p["object_id"], p["soort"], p["aangevraagd_op"]) for p in permits)
    assert max(keys.values()) == 1
    params = json.loads((folder / "_synth" / "params.json").read_text())
    assert 0.09 <= params["carnisse_verhuurvergunning"]["aandeel"] <= 0.19
    designations = {
        (r["gebiedscode"], r["regeling"]) for r in rows(folder, "gebiedsaanwijzingen.csv")
    }
    assert ("BU05991572", "verhuurvergunning") in designations
    assert ("GM0599", "kamerverhuur") in designations
    assert {c for c, r in designations if r == "opkoopbescherming"} == opkoop


def test_reports_inspections_and_enforcement(folder: Path):
    reports = rows(folder, "meldingen.csv")
    assert {r["categorie"] for r in reports} <= CATEGORIES
    assert len({r["categorie"] for r in reports}) >= 12
    assert Counter((r["bron"], r["bron_id"]) for r in reports).most_common(1)[0][1] == 1
    with_id = [r for r in reports if r["nummeraanduiding"]]
    only_postcode = [r for r in reports if not r["nummeraanduiding"]]
    assert len(with_id) > 1000 and len(only_postcode) > 1000
    assert all(r["postcode"] and r["huisnummer"] for r in only_postcode)
    assert any(" " in r["postcode"] for r in only_postcode), "postcodes spelled variously"
    assert any("\n" in r["omschrijving"] for r in reports), "quoted newlines"
    forms = Counter(r["adresvorm"] for r in rows(folder, "_synth/meldingen_adres.csv"))
    assert 0 < forms["onherleidbaar"] < 0.06 * len(reports)
    assert {r["melder_soort"] for r in reports} == {"bewoner", "professional", "anoniem", "partner"}
    assert {r["status"] for r in reports} == {"open", "afgehandeld"}

    checks = rows(folder, "controles.csv")
    assert {r["aanleiding"] for r in checks} == {
        "melding",
        "proactief",
        "integrale_actie",
        "hercontrole",
    }
    assert {r["overtreding"] for r in checks} == {"ja", "nee", "onbekend"}
    for r in checks:
        if r["categorieen"]:
            assert set(r["categorieen"].split("|")) <= CATEGORIES
        assert (r["overtreding"] == "ja") == bool(r["categorieen"])
    actions = {r["datum"] for r in checks if r["aanleiding"] == "integrale_actie"}
    assert 40 <= len(actions) <= 55, "about 12 integral actions a year, fewer in early years"

    enforcement = rows(folder, "handhavingen.csv")
    instruments = Counter(r["instrument"] for r in enforcement)
    assert {"waarschuwing", "last_onder_dwangsom", "bestuurlijke_boete", "stopgesprek"} <= set(
        instruments
    )
    per_owner = Counter(r["eigenaar_id"] for r in enforcement)
    assert sum(n >= 3 for n in per_owner.values()) >= 10, "repeat offenders"
    brk_owners = {r["eigenaar_id"] for r in rows(folder, "brk_eigendom.csv")}
    assert set(per_owner) <= brk_owners


def _latest_registration(folder: Path, bag) -> dict[str, dict[str, str]]:
    object_of = {r["nummeraanduiding"]: r["object_id"] for r in bag if r["nevenadres"] == "f"}
    return {
        object_of[r["nummeraanduiding"]]: r
        for r in rows(folder, "brp_bewoning.csv")
        if r["peildatum"] == "2026-10-01"
    }


def test_planted_abuse_is_detectable_but_noisy(folder: Path, bag):
    truth = {r["object_id"]: r for r in rows(folder, "_synth/waarheid.csv")}
    area = {r["object_id"]: r["oppervlakteverblijfsobject"] for r in bag if r["nevenadres"] == "f"}
    registered = _latest_registration(folder, bag)
    density = defaultdict(list)
    names = defaultdict(list)
    for obj, r in registered.items():
        if not area[obj]:
            continue
        density[truth[obj]["overbewoning"]].append(int(r["volwassenen"]) / int(area[obj]))
        names[truth[obj]["kamerverhuur"]].append(int(r["achternamen"]))
    planted, other = np.array(density["1"]), np.array(density["0"])
    assert len(planted) > 100
    assert planted.mean() > 2 * other.mean()
    assert (planted < np.median(other)).any(), "some overcrowding hides behind few registrations"
    assert (other > np.median(planted)).any(), "some ordinary households look crowded"
    assert np.mean(names["1"]) > np.mean(names["0"]) + 1
    vacant = [
        registered[o]["ingeschrevenen"] == "0"
        for o, t in truth.items()
        if t["leegstand"] == "1" and o in registered
    ]
    assert 0.5 < np.mean(vacant) < 1.0, "most vacant dwellings show nobody registered, not all"
    assert all(v in "01" for t in truth.values() for k, v in t.items() if k != "object_id")


def test_reports_carry_a_geographic_bias(folder: Path, buurt_of):
    truth = {r["object_id"]: r for r in rows(folder, "_synth/waarheid.csv")}
    dwellings = Counter(buurt_of[o] for o in truth)
    abused = Counter(
        buurt_of[o]
        for o, t in truth.items()
        if any(v == "1" for k, v in t.items() if k != "object_id")
    )
    reports = Counter(buurt_of[r["object_id"]] for r in rows(folder, "_synth/meldingen_adres.csv"))
    per_dwelling = {b: reports[b] / dwellings[b] for b in FOCUS}
    per_abuse = {b: reports[b] / abused[b] for b in FOCUS}
    assert max(per_dwelling.values()) > 4 * min(per_dwelling.values())
    assert max(per_abuse.values()) > 3 * min(per_abuse.values()), "not explained by abuse alone"
    checks = Counter(buurt_of[r["object_id"]] for r in rows(folder, "controles.csv"))
    assert checks.most_common(1)[0][0] == reports.most_common(1)[0][0], "inspections follow reports"


def test_no_protected_attributes_anywhere(folder: Path):
    forbidden = (
        "nationalit",
        "etnic",
        "ethnic",
        "geboorteland",
        "religie",
        "geslacht",
        "gender",
        "leeftijd",
        "taal",
    )
    for path in folder.rglob("*.csv"):
        header = path.read_text(encoding="utf-8").split("\n", 1)[0].lower()
        assert not any(word in header for word in forbidden), path


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_same_seed_same_bytes(folder: Path, tmp_path: Path):
    generate("zuid", SEED, tmp_path / "again")
    assert _digest(tmp_path / "again") == _digest(folder)
    generate("zuid", SEED + 1, tmp_path / "other")
    other = _digest(tmp_path / "other")
    assert other["brp_bewoning.csv"] != _digest(folder)["brp_bewoning.csv"]
    assert other["buurten.geojson"] == _digest(folder)["buurten.geojson"], "the map stays"


def test_bad_input_gets_a_clear_error(folder: Path, tmp_path: Path):
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("generate", scale="amsterdam", seed=1, out=str(tmp_path / "x"))
    with pytest.raises(CommandError, match="niet leeg"):
        call_command("generate", scale="zuid", seed=1, out=str(folder))
    afile = tmp_path / "file.txt"
    afile.write_text("x")
    with pytest.raises(CommandError, match="geen map"):
        call_command("generate", scale="zuid", seed=1, out=str(afile))
    with pytest.raises(CommandError, match="0 of hoger"):
        call_command("generate", scale="zuid", seed=-3, out=str(tmp_path / "y"))
    with pytest.raises(CommandError, match="fraction"):
        call_command("generate", scale="zuid", seed=1, out=str(tmp_path / "z"), fraction=0)
    assert not (tmp_path / "y").exists() and not (tmp_path / "z").exists()


def test_force_overwrites_the_generator_files(tmp_path: Path):
    out = tmp_path / "bron"
    generate("zuid", 1, out, fraction=0.02)
    (out / "notes.txt").write_text("mine")
    generate("zuid", 2, out, force=True, fraction=0.02)
    assert (out / "notes.txt").read_text() == "mine"
    assert json.loads((out / "_synth" / "params.json").read_text())["seed"] == 2


def test_national_plan_spans_many_gemeenten_without_overlap():
    gemeenten = plan("national")
    assert len(gemeenten) > 300
    assert 7_900_000 < sum(g.woningen for g in gemeenten) < 8_100_000
    codes = [g.code for g in gemeenten]
    assert len(set(codes)) == len(codes) and all(re.match(r"^\d{4}$", c) for c in codes)
    buurten = [b for g in gemeenten for b in g.buurten]
    assert len({b.code for b in buurten}) == len(buurten)
    assert len({c for b in buurten for c in b.pc4}) == sum(len(b.pc4) for b in buurten)
    rotterdam = next(g for g in gemeenten if g.code == "0599")
    assert {b.code for b in rotterdam.buurten} >= set(FOCUS)
    polygons = [b.polygon for b in buurten]
    tree = shapely.STRtree(polygons)
    left, right = tree.query(polygons, predicate="overlaps")
    assert all(
        polygons[i].intersection(polygons[j]).area < 0.01 for i, j in zip(left, right, strict=True)
    )
