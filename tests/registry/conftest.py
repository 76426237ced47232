"""A small source folder written by hand, as a municipality would deliver it."""

from __future__ import annotations

import json
from pathlib import Path

BAG_HEADER = (
    "openbareruimte;huisnummer;huisletter;huisnummertoevoeging;postcode;woonplaats;gemeente;"
    "provincie;nummeraanduiding;verblijfsobjectgebruiksdoel;oppervlakteverblijfsobject;"
    "verblijfsobjectstatus;object_id;object_type;nevenadres;pandid;pandstatus;pandbouwjaar;"
    "x;y;lon;lat"
)


def square(x: float, y: float, size: float = 500) -> list[list[list[float]]]:
    return [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]


def buurten() -> dict:
    def feature(code, naam, x, y):
        return {
            "type": "Feature",
            "properties": {
                "buurtcode": code,
                "buurtnaam": naam,
                "wijkcode": "WK059915",
                "wijknaam": "Charlois",
                "gemeentecode": "GM0599",
                "gemeentenaam": "Rotterdam",
                "aantal_inwoners": 12000,
            },
            "geometry": {"type": "Polygon", "coordinates": square(x, y)},
        }

    return {
        "type": "FeatureCollection",
        "features": [
            feature("BU05991572", "Carnisse", 92000, 433000),
            feature("BU05991571", "Tarwewijk", 92500, 433000),
        ],
    }


def bag_row(
    straat,
    nummer,
    letter,
    toev,
    postcode,
    nummeraanduiding,
    doel,
    opp,
    object_id,
    soort,
    neven,
    pand,
    x,
    y,
):
    return ";".join(
        str(v)
        for v in [
            straat,
            nummer,
            letter,
            toev,
            postcode,
            "Rotterdam",
            "Rotterdam",
            "Zuid-Holland",
            nummeraanduiding,
            doel,
            opp,
            "Verblijfsobject in gebruik",
            object_id,
            soort,
            neven,
            pand,
            "Pand in gebruik",
            "1931",
            x,
            y,
            "",
            "",
        ]
    )


BAG_ROWS = [
    # line 2: a dwelling in Carnisse
    bag_row(
        "Carnisselaan",
        10,
        "",
        "",
        "3083 AB",
        "0599200000000001",
        "woonfunctie",
        60,
        "0599010000000001",
        "VBO",
        "f",
        "0599100000000001",
        92100,
        433100,
    ),
    # line 3: a side address of the same object
    bag_row(
        "Pleinweg",
        2,
        "a",
        "",
        "3083AC",
        "0599200000000002",
        "woonfunctie",
        60,
        "0599010000000001",
        "VBO",
        "t",
        "0599100000000001",
        92100,
        433100,
    ),
    # line 4: a shop (not a dwelling) in Tarwewijk
    bag_row(
        "Dordtselaan",
        5,
        "",
        "",
        "3073AA",
        "0599200000000003",
        "winkelfunctie",
        120,
        "0599010000000002",
        "VBO",
        "f",
        "0599100000000002",
        92600,
        433100,
    ),
    # line 5: a dwelling with two uses, postcode in lower case, toevoeging
    bag_row(
        "Dordtselaan",
        7,
        "",
        "2",
        "3073ab",
        "0599200000000004",
        "woonfunctie,kantoorfunctie",
        45,
        "0599010000000003",
        "VBO",
        "f",
        "0599100000000002",
        92650,
        433150,
    ),
    # line 6: a houseboat (LIG has no pand, use or area)
    bag_row(
        "Maashaven",
        1,
        "",
        "",
        "3072AH",
        "0599200000000005",
        "",
        "",
        "0599020000000001",
        "LIG",
        "f",
        "",
        92300,
        433400,
    ),
    # line 7: 15-digit nummeraanduiding -> rejected
    bag_row(
        "Carnisselaan",
        12,
        "",
        "",
        "3083AB",
        "059920000000006",
        "woonfunctie",
        60,
        "0599010000000006",
        "VBO",
        "f",
        "0599100000000001",
        92100,
        433100,
    ),
    # line 8: text where the house number belongs -> rejected
    bag_row(
        "Carnisselaan",
        "twaalf",
        "",
        "",
        "3083AB",
        "0599200000000007",
        "woonfunctie",
        60,
        "0599010000000007",
        "VBO",
        "f",
        "0599100000000001",
        92100,
        433100,
    ),
    # line 9: area 'onbekend' (optional) -> kept, warning
    bag_row(
        "Carnisselaan",
        14,
        "",
        "",
        "3083AB",
        "0599200000000008",
        "woonfunctie",
        "onbekend",
        "0599010000000008",
        "VBO",
        "f",
        "0599100000000001",
        92110,
        433110,
    ),
]


def write_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.json").write_text(
        json.dumps(
            {
                "peildatum": "2026-10-01",
                "gemeente": "GM0599",
                "bronnen": {
                    "bag_adressen.csv": {
                        "leverancier": "Kadaster",
                        "grondslag": "Wet BAG",
                        "verwerkingsactiviteit": "registratie-woningen-eigenaren",
                    }
                },
            }
        )
    )
    (folder / "buurten.geojson").write_text(json.dumps(buurten()))
    # BOM, ';', CRLF line endings.
    (folder / "bag_adressen.csv").write_bytes(
        ("\ufeff" + "\r\n".join([BAG_HEADER, *BAG_ROWS]) + "\r\n").encode()
    )
    # ',' with an extra column and a quoted field with a newline.
    (folder / "brk_eigendom.csv").write_text(
        "object_id,eigenaar_id,eigenaar_soort,eigenaar_naam,kvk_nummer,aandeel,verkregen_op,eigenaar_straat,eigenaar_huisnummer,eigenaar_huisletter,eigenaar_toevoeging,eigenaar_postcode,eigenaar_woonplaats,extra\n"
        '0599010000000001,E1,natuurlijk_persoon,"Jansen,\nJ.",,1/1,2019-05-01,Coolsingel,40,,,3000AA,Rotterdam,x\n'
        "0599010000000003,K12345678,rechtspersoon,Verhuur BV,12345678,1/2,2024-13-01,Lange Voorhout,9,B,2,2500AA,Den Haag,y\n"
        "0599010000000099,E2,natuurlijk_persoon,Onbekend object,,1/1,,,,,,,,z\n"
        ",E3,natuurlijk_persoon,Geen object,,1/1,,,,,,,,z\n"
    )
    (folder / "brp_bewoning.csv").write_text(
        "nummeraanduiding;peildatum;ingeschrevenen;volwassenen;minderjarigen;achternamen;inschrijvingen_12m;uitschrijvingen_12m;briefadres\n"
        "0599200000000001;2026-10-01;6;6;0;5;4;3;nee\n"
        "0599200000000001;2025-10-01;2;2;0;1;0;0;nee\n"
        "0599200000000004;2026-10-01;veel;1;0;1;0;0;nee\n"
        "0599200000000004;2026-02-30;1;1;0;1;0;0;nee\n"
    )
    (folder / "woz.csv").write_text(
        "object_id,peildatum,waarde\n0599010000000001,2026-01-01,210000\n"
    )
    (folder / "energie.csv").write_text(
        "nummeraanduiding,jaar,elektriciteit_kwh,gas_m3\n0599200000000001,2025,5200,900\n"
    )
    (folder / "vergunningen.csv").write_text(
        "object_id,soort,status,aangevraagd_op,geldig_van,geldig_tot,max_bewoners,huurprijs\n"
        "0599010000000001,verhuurvergunning,verleend,2024-03-01,2024-04-01,2029-04-01,2,950.00\n"
    )
    (folder / "gebiedsaanwijzingen.csv").write_text(
        "gebiedscode,regeling,geldig_van,geldig_tot,parameter,bron\n"
        "BU05991572,verhuurvergunning,2023-07-01,,,Verhuurverordening Rotterdam 2023 art. 2\n"
        "GM0599,kamerverhuur,2023-07-01,,2,Huisvestingsverordening\n"
    )
    (folder / "meldingen.csv").write_text(
        "bron,bron_id,ontvangen_op,nummeraanduiding,postcode,huisnummer,huisletter,huisnummertoevoeging,categorie,omschrijving,melder_soort,status\n"
        "meldpunt,M1,2026-09-01,0599200000000001,,,,,overbewoning,Veel mensen,bewoner,open\n"
        "meldpunt,M2,2026-09-02,,3073 AB,7,,2,woonoverlast,Lawaai,anoniem,open\n"
        "meldpunt,M3,2026-09-03,,3083AB,999,,,te_hoge_huur,Verkeerd adres,bewoner,open\n"
        "meldpunt,M4,2026-09-04,,3083AB,10,,,drugslab,Onbekende categorie,bewoner,open\n"
    )
    (folder / "controles.csv").write_text(
        "bron_id,object_id,datum,aanleiding,overtreding,categorieen,aangetroffen_personen\n"
        "C1,0599010000000001,2026-09-10,melding,ja,overbewoning|niet_ingeschreven,7\n"
    )
    (folder / "handhavingen.csv").write_text(
        "bron_id,object_id,eigenaar_id,datum,instrument,categorie,bedrag\n"
        "H1,0599010000000001,E1,2026-09-20,last_onder_dwangsom,overbewoning,5000\n"
    )
    (folder / "notities.txt").write_text("dit bestand kent het contract niet")
    return folder
