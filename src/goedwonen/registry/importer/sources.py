"""The readers of the registry's files of the contract: BAG addresses and objects, ownership,
and the time series per address or object. Each checks every cell of every record against
the data contract (`rows.checked`): a row whose key or required field is invalid is
rejected, an invalid optional field is kept as unknown with a warning, each bad cell
reported with its line and column."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from goedwonen.intake.services.registration import meldingen_buurt_volgen
from goedwonen.registry.models import (
    Adres,
    Bewoning,
    Eigenaar,
    Eigendom,
    Energieverbruik,
    Gebiedsaanwijzing,
    Pand,
    Verblijfsobject,
    Vergunning,
    WozWaarde,
)

from .. import contract as c
from .areas import RD_TO_WGS84, WGS84_TO_RD
from .context import ImportContext
from .reading import Record
from .report import FileReport
from .rows import (
    Row,
    Rows,
    checked,
    known,
    known_object,
    per_address,
    per_object,
    read_into,
)
from .tables import T, Table, sync

# ---------------------------------------------------------------------------------------------
# bag_adressen.csv: panden, verblijfsobjecten and adressen


PAND = Table(Pand, ("pand_id",), {"pand_id": T.TEXT, "bouwjaar": T.INT, "status": T.TEXT})
VBO = Table(
    Verblijfsobject,
    ("object_id",),
    {
        "object_id": T.TEXT,
        "objecttype": T.TEXT,
        "gebruiksdoelen": T.TEXT,
        "is_woning": T.BOOL,
        "oppervlakte": T.INT,
        "status": T.TEXT,
        "pand_id": T.INT,
        "rd_x": T.FLOAT,
        "rd_y": T.FLOAT,
        "lon": T.FLOAT,
        "lat": T.FLOAT,
        "buurt_id": T.INT,
    },
)
ADRES = Table(
    Adres,
    ("nummeraanduiding",),
    {
        "nummeraanduiding": T.TEXT,
        "verblijfsobject_id": T.INT,
        "openbareruimte": T.TEXT,
        "huisnummer": T.INT,
        "huisletter": T.TEXT,
        "toevoeging": T.TEXT,
        "postcode": T.TEXT,
        "woonplaats": T.TEXT,
        "hoofdadres": T.BOOL,
    },
)


def import_bag(records: Iterable[Record], report: FileReport, ctx: ImportContext) -> None:
    panden: dict[str, Row] = {}
    objecten: dict[str, Row] = {}
    object_from_main: set[str] = set()
    adressen = Rows(report)
    for record in records:
        line = record.line
        v = checked(c.BAG, record, report)
        if v is None:
            continue
        nummer, object_id, objecttype = v["nummeraanduiding"], v["object_id"], v["object_type"]
        pand_id = v["pandid"]
        if pand_id and pand_id not in panden:
            panden[pand_id] = {
                "pand_id": pand_id,
                "bouwjaar": v["pandbouwjaar"],
                "status": v["pandstatus"] or "",
            }
        # Every row names its object; the main address's row describes it.
        is_main = not v["nevenadres"]
        if object_id not in objecten or (is_main and object_id not in object_from_main):
            doelen = ",".join(
                d.strip().lower()
                for d in (v["verblijfsobjectgebruiksdoel"] or "").split(",")
                if d.strip()
            )
            objecten[object_id] = {
                "object_id": object_id,
                "objecttype": objecttype,
                "gebruiksdoelen": doelen,
                "is_woning": objecttype == c.Objecttype.VERBLIJFSOBJECT
                and "woonfunctie" in doelen.split(","),
                "oppervlakte": v["oppervlakteverblijfsobject"],
                "status": v["verblijfsobjectstatus"] or "",
                "pand": pand_id,
                "rd_x": v["x"],
                "rd_y": v["y"],
                "lon": v["lon"],
                "lat": v["lat"],
                "line": line,
            }
            if is_main:
                object_from_main.add(object_id)
        adressen.add(
            line,
            (nummer,),
            {
                "nummeraanduiding": nummer,
                "object": object_id,
                "openbareruimte": v["openbareruimte"],
                "huisnummer": v["huisnummer"],
                "huisletter": v["huisletter"],
                "toevoeging": v["huisnummertoevoeging"],
                "postcode": v["postcode"] or "",
                "woonplaats": v["woonplaats"],
                "hoofdadres": is_main,
            },
        )

    _place_objects(list(objecten.values()), report, ctx)
    result, pand_ids = sync(PAND, panden.values(), want_ids=True)
    object_rows = []
    for row in objecten.values():
        line = row.pop("line")
        pand, buurt = row.pop("pand"), row.pop("buurt")
        row["pand_id"] = pand_ids.get((pand,)) if pand else None
        row["buurt_id"] = ctx.areas.get(buurt) if buurt else None
        if row["buurt_id"] is None:
            report.warn(line, f"object {row['object_id']} ligt in geen enkele geleverde buurt")
        object_rows.append(row)
    _, object_ids = sync(VBO, object_rows, want_ids=True)
    rows = []
    for row in adressen.rows:
        row["verblijfsobject_id"] = object_ids[(row.pop("object"),)]
        rows.append(row)
    result, _ = sync(ADRES, rows)
    report.counts(result.inserted, result.updated, result.unchanged)
    # Reports keep their object's buurt (the reports of a buurt read one index): when this
    # delivery moved objects to another buurt, their reports move along.
    meldingen_buurt_volgen()
    ctx.forget()


def _place_objects(objecten: list[Row], report: FileReport, ctx: ImportContext) -> None:
    """Fill RD or WGS84 coordinates from each other and find each object's buurt."""
    xs = np.array([np.nan if r["rd_x"] is None else r["rd_x"] for r in objecten], dtype=float)
    ys = np.array([np.nan if r["rd_y"] is None else r["rd_y"] for r in objecten], dtype=float)
    lons = np.array([np.nan if r["lon"] is None else r["lon"] for r in objecten], dtype=float)
    lats = np.array([np.nan if r["lat"] is None else r["lat"] for r in objecten], dtype=float)
    need_rd = np.isnan(xs) & ~np.isnan(lons)
    if need_rd.any():
        xs[need_rd], ys[need_rd] = WGS84_TO_RD.transform(lons[need_rd], lats[need_rd])
    need_wgs = np.isnan(lons) & ~np.isnan(xs)
    if need_wgs.any():
        lons[need_wgs], lats[need_wgs] = RD_TO_WGS84.transform(xs[need_wgs], ys[need_wgs])
    known = ~np.isnan(xs)
    codes = ctx.grid.locate(xs[known], ys[known]) if ctx.grid else [None] * int(known.sum())
    located = iter(codes)
    for index, row in enumerate(objecten):
        if known[index]:
            row["rd_x"], row["rd_y"] = round(float(xs[index]), 3), round(float(ys[index]), 3)
            row["lon"], row["lat"] = round(float(lons[index]), 7), round(float(lats[index]), 7)
            row["buurt"] = next(located)
        else:
            row["buurt"] = None


# ---------------------------------------------------------------------------------------------
# brk_eigendom.csv: owners and ownership

EIGENAAR = Table(
    Eigenaar,
    ("eigenaar_id",),
    {
        "eigenaar_id": T.TEXT,
        "soort": T.TEXT,
        "naam": T.TEXT,
        "kvk_nummer": T.TEXT,
        "straat": T.TEXT,
        "huisnummer": T.INT,
        "huisletter": T.TEXT,
        "toevoeging": T.TEXT,
        "postcode": T.TEXT,
        "woonplaats": T.TEXT,
    },
)
EIGENDOM = Table(
    Eigendom,
    ("verblijfsobject_id", "eigenaar_id"),
    {
        "verblijfsobject_id": T.INT,
        "eigenaar_id": T.INT,
        "aandeel": T.TEXT,
        "verkregen_op": T.DATE,
        "beeindigd_op": T.DATE,
    },
)


def import_eigendom(records: Iterable[Record], report: FileReport, ctx: ImportContext) -> None:
    owners: dict[str, Row] = {}
    rows = Rows(report)
    checks = (known_object(ctx),)
    for record in records:
        v = checked(c.BRK, record, report, checks=checks)
        if v is None:
            continue
        object_id, eigenaar_id = v["object_id"], v["eigenaar_id"]
        owners[eigenaar_id] = {
            "eigenaar_id": eigenaar_id,
            "soort": v["eigenaar_soort"],
            "naam": v["eigenaar_naam"] or "",
            "kvk_nummer": v["kvk_nummer"] or "",
            # The owner's own address, where letters go; a bad part is stored as unknown.
            "straat": v["eigenaar_straat"] or "",
            "huisnummer": v["eigenaar_huisnummer"],
            "huisletter": v["eigenaar_huisletter"] or "",
            "toevoeging": v["eigenaar_toevoeging"] or "",
            "postcode": v["eigenaar_postcode"] or "",
            "woonplaats": v["eigenaar_woonplaats"] or "",
        }
        rows.add(
            record.line,
            (object_id, eigenaar_id),
            {
                "verblijfsobject_id": ctx.objects[object_id],
                "eigenaar": eigenaar_id,
                "aandeel": v["aandeel"] or "",
                "verkregen_op": v["verkregen_op"],
                "beeindigd_op": None,
            },
        )
    _, owner_ids = sync(EIGENAAR, owners.values(), want_ids=True)
    for row in rows.rows:
        row["eigenaar_id"] = owner_ids[(row.pop("eigenaar"),)]
    result, _ = sync(EIGENDOM, rows.rows)
    report.counts(result.inserted, result.updated, result.unchanged)
    ended = _end_ownership_not_delivered(rows.rows, ctx)
    if ended:
        report.note = f"{ended} eigendommen beëindigd die niet meer geleverd zijn"
    ctx.forget()


def _end_ownership_not_delivered(rows: list[Row], ctx: ImportContext) -> int:
    """An owner no longer listed for an object that was delivered has sold it."""
    delivered = {(r["verblijfsobject_id"], r["eigenaar_id"]) for r in rows}
    objects = {r["verblijfsobject_id"] for r in rows}
    stale = [
        pk
        for pk, vbo, owner in Eigendom.objects.filter(beeindigd_op__isnull=True)
        .values_list("pk", "verblijfsobject_id", "eigenaar_id")
        .iterator(chunk_size=20_000)
        if vbo in objects and (vbo, owner) not in delivered
    ]
    for start in range(0, len(stale), 10_000):
        # A queryset update, not a business rule in save(): the import is the service here.
        Eigendom.objects.filter(pk__in=stale[start : start + 10_000]).update(
            beeindigd_op=ctx.peildatum
        )
    return len(stale)


# ---------------------------------------------------------------------------------------------
# Time series per address or object


BEWONING = Table(
    Bewoning,
    ("adres_id", "peildatum"),
    {
        "adres_id": T.INT,
        "peildatum": T.DATE,
        "ingeschrevenen": T.INT,
        "volwassenen": T.INT,
        "minderjarigen": T.INT,
        "achternamen": T.INT,
        "inschrijvingen_12m": T.INT,
        "uitschrijvingen_12m": T.INT,
        "briefadres": T.BOOL,
    },
)


def import_bewoning(records: Iterable[Record], report: FileReport, ctx: ImportContext) -> None:
    per_address(c.BRP, BEWONING, records, report, ctx)


WOZ = Table(
    WozWaarde,
    ("verblijfsobject_id", "peildatum"),
    {"verblijfsobject_id": T.INT, "peildatum": T.DATE, "waarde": T.INT},
)


def import_woz(records: Iterable[Record], report: FileReport, ctx: ImportContext) -> None:
    per_object(c.WOZ, WOZ, records, report, ctx)


ENERGIE = Table(
    Energieverbruik,
    ("adres_id", "jaar"),
    {"adres_id": T.INT, "jaar": T.INT, "elektriciteit_kwh": T.INT, "gas_m3": T.INT},
)


def import_energie(records: Iterable[Record], report: FileReport, ctx: ImportContext) -> None:
    per_address(c.ENERGIE, ENERGIE, records, report, ctx)


VERGUNNING = Table(
    Vergunning,
    ("verblijfsobject_id", "soort", "aangevraagd_op"),
    {
        "verblijfsobject_id": T.INT,
        "soort": T.TEXT,
        "aangevraagd_op": T.DATE,
        "status": T.TEXT,
        "geldig_van": T.DATE,
        "geldig_tot": T.DATE,
        "max_bewoners": T.INT,
        "huurprijs": T.DECIMAL,
    },
)


def import_vergunningen(records: Iterable[Record], report: FileReport, ctx: ImportContext) -> None:
    per_object(c.VERGUNNINGEN, VERGUNNING, records, report, ctx)


AANWIJZING = Table(
    Gebiedsaanwijzing,
    ("gebied_id", "regeling", "geldig_van"),
    {
        "gebied_id": T.INT,
        "regeling": T.TEXT,
        "geldig_van": T.DATE,
        "geldig_tot": T.DATE,
        "parameter": T.TEXT,
        "bron": T.TEXT,
    },
)


def import_aanwijzingen(records: Iterable[Record], report: FileReport, ctx: ImportContext) -> None:
    def resolve(row: Row) -> None:
        row["gebied_id"] = ctx.areas[row.pop("gebiedscode")]
        row["parameter"] = row["parameter"] or ""

    checks = (known("gebiedscode", ctx.areas, "gebied", c.BUURTEN.name),)
    read_into(c.GEBIEDSAANWIJZINGEN, AANWIJZING, records, report, checks=checks, resolve=resolve)
