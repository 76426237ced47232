"""One reader per CSV file of the contract. Each turns records into rows for the tables,
rejecting a row whose key or required field is invalid and keeping an invalid optional field
as unknown with a warning, both with the line number."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from django.core.exceptions import ValidationError

from goedwonen.core.categories import Categorie
from goedwonen.intake.models import MelderSoort, Melding
from goedwonen.intake.services import (
    Aanlevering,
    AdresMatch,
    OpgegevenAdres,
    address_problems,
    find_addresses,
    meldingen_register_bulk,
)
from goedwonen.registry.models import (
    Adres,
    Bewoning,
    Controle,
    Eigenaar,
    Eigenaarsoort,
    Eigendom,
    Energieverbruik,
    Gebiedsaanwijzing,
    Handhaving,
    Objecttype,
    Pand,
    Regeling,
    Verblijfsobject,
    Vergunning,
    Vergunningsoort,
    Vergunningstatus,
    WozWaarde,
)

from . import parsing as p
from .areas import RD_TO_WGS84, WGS84_TO_RD
from .context import ImportContext
from .reading import Record
from .report import FileReport
from .tables import SyncResult, T, Table, sync

Row = dict[str, Any]
CATEGORIES = frozenset(c.value for c in Categorie)
INSTRUMENTS = frozenset(
    {
        "waarschuwing",
        "last_onder_dwangsom",
        "last_onder_bestuursdwang",
        "bestuurlijke_boete",
        "beheerovername",
        "sluiting",
        "waarschuwingsgesprek",
        "stopgesprek",
    }
)


class Rows:
    """Collects parsed rows of one file, rejecting duplicates of a key within the file."""

    def __init__(self, report: FileReport) -> None:
        self.report = report
        self.rows: list[Row] = []
        self.seen: dict[tuple[Any, ...], int] = {}

    def add(self, line: int, key: tuple[Any, ...], row: Row) -> None:
        first = self.seen.get(key)
        if first is not None:
            self.report.reject(
                line, f"dubbele sleutel {'/'.join(map(str, key))}; eerder op regel {first}"
            )
            return
        self.seen[key] = line
        self.rows.append(row)


def optional(
    report: FileReport, line: int, parse: Callable[..., Any], *args: Any, **kwargs: Any
) -> Any:
    """An optional field that fails to parse is stored as unknown and reported as a warning."""
    try:
        return parse(*args, **kwargs)
    except p.FieldError as error:
        report.warn(line, f"{error}; opgeslagen als onbekend")
        return None


def optional_int(
    report: FileReport, line: int, column: str, raw: str, maximum: int = 2**31 - 1
) -> int | None:
    """optional(p.integer, ...) with a fast path: most values are plain digits or empty."""
    if raw.isascii() and raw.isdigit() and len(raw) < 10:
        value = int(raw)
        if value <= maximum:
            return value
    elif not raw:
        return None
    return optional(report, line, p.integer, column, raw, maximum=maximum)


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
OBJECT_TYPES = frozenset(c.value.lower() for c in Objecttype)


def import_bag(records: Iterable[Record], report: FileReport, ctx: ImportContext) -> None:
    panden: dict[str, Row] = {}
    objecten: dict[str, Row] = {}
    object_from_main: set[str] = set()
    adressen = Rows(report)
    for record in records:
        v, line = record.values, record.line
        try:
            nummer = p.bag_id("nummeraanduiding", v.get("nummeraanduiding", ""))
            object_id = p.bag_id("object_id", v.get("object_id", ""))
            objecttype = p.choice("object_type", v.get("object_type", ""), OBJECT_TYPES).upper()
            straat = p.text(
                "openbareruimte", v.get("openbareruimte", ""), max_length=120, required=True
            )
            huisnummer = p.huisnummer("huisnummer", v.get("huisnummer", ""))
            woonplaats = p.text("woonplaats", v.get("woonplaats", ""), max_length=80, required=True)
            huisletter = p.huisletter("huisletter", v.get("huisletter", ""))
            toevoeging = p.toevoeging("huisnummertoevoeging", v.get("huisnummertoevoeging", ""))
        except p.FieldError as error:
            report.reject(line, str(error))
            continue
        postcode = optional(report, line, p.postcode, "postcode", v.get("postcode", "")) or ""
        nevenadres = optional(report, line, p.yes_no, "nevenadres", v.get("nevenadres", ""))
        pand_id = optional(report, line, p.bag_id_or_none, "pandid", v.get("pandid", ""))
        if pand_id and pand_id not in panden:
            panden[pand_id] = {
                "pand_id": pand_id,
                "bouwjaar": optional(
                    report,
                    line,
                    p.integer,
                    "pandbouwjaar",
                    v.get("pandbouwjaar", ""),
                    minimum=1000,
                    maximum=2100,
                ),
                "status": v.get("pandstatus", "")[:80],
            }
        is_main = not nevenadres
        if object_id not in objecten or (is_main and object_id not in object_from_main):
            doelen = ",".join(
                d.strip().lower()
                for d in v.get("verblijfsobjectgebruiksdoel", "").split(",")
                if d.strip()
            )
            objecten[object_id] = {
                "object_id": object_id,
                "objecttype": objecttype,
                "gebruiksdoelen": doelen[:300],
                "is_woning": objecttype == "VBO" and "woonfunctie" in doelen.split(","),
                "oppervlakte": optional(
                    report,
                    line,
                    p.integer,
                    "oppervlakteverblijfsobject",
                    v.get("oppervlakteverblijfsobject", ""),
                    minimum=1,
                    maximum=10_000_000,
                ),
                "status": v.get("verblijfsobjectstatus", "")[:80],
                "pand": pand_id,
                "rd_x": optional(report, line, p.floating, "x", v.get("x", "")),
                "rd_y": optional(report, line, p.floating, "y", v.get("y", "")),
                "lon": optional(report, line, p.floating, "lon", v.get("lon", "")),
                "lat": optional(report, line, p.floating, "lat", v.get("lat", "")),
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
                "openbareruimte": straat,
                "huisnummer": huisnummer,
                "huisletter": huisletter,
                "toevoeging": toevoeging,
                "postcode": postcode,
                "woonplaats": woonplaats,
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
OWNER_KINDS = frozenset(c.value for c in Eigenaarsoort)


def import_eigendom(records: Iterable[Record], report: FileReport, ctx: ImportContext) -> None:
    owners: dict[str, Row] = {}
    rows = Rows(report)
    for record in records:
        v, line = record.values, record.line
        try:
            object_id = p.bag_id("object_id", v.get("object_id", ""))
            eigenaar_id = p.text(
                "eigenaar_id", v.get("eigenaar_id", ""), max_length=40, required=True
            )
            soort = p.choice("eigenaar_soort", v.get("eigenaar_soort", ""), OWNER_KINDS)
        except p.FieldError as error:
            report.reject(line, str(error))
            continue
        vbo = ctx.objects.get(object_id)
        if vbo is None:
            report.reject(line, f"object_id: onbekend object {object_id} (niet in bag_adressen)")
            continue
        kvk = v.get("kvk_nummer", "")
        if kvk and not (kvk.isascii() and kvk.isdigit() and len(kvk) == 8):
            report.warn(
                line,
                f"kvk_nummer: '{kvk}' is geen KvK-nummer van 8 cijfers; opgeslagen als onbekend",
            )
            kvk = ""
        owners[eigenaar_id] = {
            "eigenaar_id": eigenaar_id,
            "soort": soort,
            "naam": v.get("eigenaar_naam", "")[:200],
            "kvk_nummer": kvk,
            # The owner's own address, where letters go; a bad part is stored as unknown.
            "straat": v.get("eigenaar_straat", "")[:120],
            "huisnummer": optional(
                report, line, p.huisnummer, "eigenaar_huisnummer", v["eigenaar_huisnummer"]
            )
            if v.get("eigenaar_huisnummer")
            else None,
            "huisletter": optional(
                report, line, p.huisletter, "eigenaar_huisletter", v.get("eigenaar_huisletter", "")
            )
            or "",
            "toevoeging": optional(
                report, line, p.toevoeging, "eigenaar_toevoeging", v.get("eigenaar_toevoeging", "")
            )
            or "",
            "postcode": optional(
                report, line, p.postcode, "eigenaar_postcode", v.get("eigenaar_postcode", "")
            )
            or "",
            "woonplaats": v.get("eigenaar_woonplaats", "")[:80],
        }
        aandeel = optional(report, line, p.share, "aandeel", v.get("aandeel", ""))
        rows.add(
            line,
            (object_id, eigenaar_id),
            {
                "verblijfsobject_id": vbo,
                "eigenaar": eigenaar_id,
                "aandeel": aandeel or "",
                "verkregen_op": optional(
                    report, line, p.iso_date, "verkregen_op", v.get("verkregen_op", "")
                ),
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


def _address(report: FileReport, line: int, ctx: ImportContext, raw: str) -> tuple[int, int] | None:
    nummer = p.bag_id("nummeraanduiding", raw)
    found = ctx.addresses.get(nummer)
    if found is None:
        report.reject(line, f"nummeraanduiding: onbekend adres {nummer} (niet in bag_adressen)")
    return found


def _object(report: FileReport, line: int, ctx: ImportContext, raw: str) -> int | None:
    object_id = p.bag_id("object_id", raw)
    found = ctx.objects.get(object_id)
    if found is None:
        report.reject(line, f"object_id: onbekend object {object_id} (niet in bag_adressen)")
    return found


def import_bewoning(records: Iterable[Record], report: FileReport, ctx: ImportContext) -> None:
    rows = Rows(report)
    for record in records:
        v, line = record.values, record.line
        try:
            found = _address(report, line, ctx, v.get("nummeraanduiding", ""))
            if found is None:
                continue
            peildatum = p.iso_date("peildatum", v.get("peildatum", ""), required=True)
            ingeschrevenen = p.integer("ingeschrevenen", v.get("ingeschrevenen", ""), required=True)
        except p.FieldError as error:
            report.reject(line, str(error))
            continue
        row: Row = {"adres_id": found[0], "peildatum": peildatum, "ingeschrevenen": ingeschrevenen}
        for name in (
            "volwassenen",
            "minderjarigen",
            "achternamen",
            "inschrijvingen_12m",
            "uitschrijvingen_12m",
        ):
            row[name] = optional_int(report, line, name, v.get(name, ""))
        row["briefadres"] = optional(report, line, p.yes_no, "briefadres", v.get("briefadres", ""))
        rows.add(line, (found[0], peildatum), row)
    _write(BEWONING, rows.rows, report)


WOZ = Table(
    WozWaarde,
    ("verblijfsobject_id", "peildatum"),
    {"verblijfsobject_id": T.INT, "peildatum": T.DATE, "waarde": T.INT},
)


def import_woz(records: Iterable[Record], report: FileReport, ctx: ImportContext) -> None:
    rows = Rows(report)
    for record in records:
        v, line = record.values, record.line
        try:
            vbo = _object(report, line, ctx, v.get("object_id", ""))
            if vbo is None:
                continue
            peildatum = p.iso_date("peildatum", v.get("peildatum", ""), required=True)
            waarde = p.integer("waarde", v.get("waarde", ""), required=True)
        except p.FieldError as error:
            report.reject(line, str(error))
            continue
        rows.add(
            line,
            (vbo, peildatum),
            {"verblijfsobject_id": vbo, "peildatum": peildatum, "waarde": waarde},
        )
    _write(WOZ, rows.rows, report)


ENERGIE = Table(
    Energieverbruik,
    ("adres_id", "jaar"),
    {"adres_id": T.INT, "jaar": T.INT, "elektriciteit_kwh": T.INT, "gas_m3": T.INT},
)


def import_energie(records: Iterable[Record], report: FileReport, ctx: ImportContext) -> None:
    rows = Rows(report)
    for record in records:
        v, line = record.values, record.line
        try:
            found = _address(report, line, ctx, v.get("nummeraanduiding", ""))
            if found is None:
                continue
            jaar = p.integer("jaar", v.get("jaar", ""), required=True, minimum=1990, maximum=2100)
        except p.FieldError as error:
            report.reject(line, str(error))
            continue
        rows.add(
            line,
            (found[0], jaar),
            {
                "adres_id": found[0],
                "jaar": jaar,
                "elektriciteit_kwh": optional_int(
                    report, line, "elektriciteit_kwh", v.get("elektriciteit_kwh", "")
                ),
                "gas_m3": optional_int(report, line, "gas_m3", v.get("gas_m3", "")),
            },
        )
    _write(ENERGIE, rows.rows, report)


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
PERMIT_KINDS = frozenset(c.value for c in Vergunningsoort)
PERMIT_STATES = frozenset(c.value for c in Vergunningstatus)


def import_vergunningen(records: Iterable[Record], report: FileReport, ctx: ImportContext) -> None:
    rows = Rows(report)
    for record in records:
        v, line = record.values, record.line
        try:
            vbo = _object(report, line, ctx, v.get("object_id", ""))
            if vbo is None:
                continue
            soort = p.choice("soort", v.get("soort", ""), PERMIT_KINDS)
            status = p.choice("status", v.get("status", ""), PERMIT_STATES)
            aangevraagd = p.iso_date("aangevraagd_op", v.get("aangevraagd_op", ""), required=True)
        except p.FieldError as error:
            report.reject(line, str(error))
            continue
        rows.add(
            line,
            (vbo, soort, aangevraagd),
            {
                "verblijfsobject_id": vbo,
                "soort": soort,
                "aangevraagd_op": aangevraagd,
                "status": status,
                "geldig_van": optional(
                    report, line, p.iso_date, "geldig_van", v.get("geldig_van", "")
                ),
                "geldig_tot": optional(
                    report, line, p.iso_date, "geldig_tot", v.get("geldig_tot", "")
                ),
                "max_bewoners": optional(
                    report, line, p.integer, "max_bewoners", v.get("max_bewoners", ""), maximum=1000
                ),
                "huurprijs": optional(
                    report, line, p.decimal, "huurprijs", v.get("huurprijs", ""), maximum=100_000
                ),
            },
        )
    _write(VERGUNNING, rows.rows, report)


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
REGELINGEN = frozenset(c.value for c in Regeling)


def import_aanwijzingen(records: Iterable[Record], report: FileReport, ctx: ImportContext) -> None:
    rows = Rows(report)
    for record in records:
        v, line = record.values, record.line
        try:
            code = p.text(
                "gebiedscode", v.get("gebiedscode", "").upper(), max_length=12, required=True
            )
            regeling = p.choice("regeling", v.get("regeling", ""), REGELINGEN)
            van = p.iso_date("geldig_van", v.get("geldig_van", ""), required=True)
            bron = p.text("bron", v.get("bron", ""), max_length=300, required=True)
        except p.FieldError as error:
            report.reject(line, str(error))
            continue
        gebied = ctx.areas.get(code)
        if gebied is None:
            report.reject(line, f"gebiedscode: onbekend gebied {code} (niet in buurten.geojson)")
            continue
        rows.add(
            line,
            (code, regeling, van),
            {
                "gebied_id": gebied,
                "regeling": regeling,
                "geldig_van": van,
                "geldig_tot": optional(
                    report, line, p.iso_date, "geldig_tot", v.get("geldig_tot", "")
                ),
                "parameter": v.get("parameter", "")[:60],
                "bron": bron,
            },
        )
    _write(AANWIJZING, rows.rows, report)


# ---------------------------------------------------------------------------------------------
# History: reports, inspections, enforcement

# What the source owns of a report already in: a re-delivery updates it, as the contract
# says. A new report is registered by the intake service (reference, routing, deadlines,
# history, log line); its workflow and routing are Goedwonen's from then on, so they are not
# here. Every report in these rows is stored already: nothing is inserted through this table.
MELDING = Table(
    Melding,
    ("bron", "bron_id"),
    {
        "bron": T.TEXT,
        "bron_id": T.TEXT,
        "ontvangen_op": T.DATETIME,
        "adres_id": T.INT,
        "verblijfsobject_id": T.INT,
        "opgegeven_nummeraanduiding": T.TEXT,
        "opgegeven_postcode": T.TEXT,
        "opgegeven_huisnummer": T.TEXT,
        "opgegeven_huisletter": T.TEXT,
        "opgegeven_toevoeging": T.TEXT,
        "categorie": T.TEXT,
        "omschrijving": T.TEXT,
        "melder_soort": T.TEXT,
        "bron_status": T.TEXT,
    },
    # A person may have matched the address by hand: a re-delivery must not undo that.
    keep_when_empty=frozenset({"adres_id", "verblijfsobject_id"}),
)
REPORTER_KINDS = frozenset(c.value for c in MelderSoort)
# The contract's column of each part of a given address, where its name differs.
ADDRESS_COLUMNS = {"toevoeging": "huisnummertoevoeging"}
QUEUED = "adres niet gevonden; de melding staat in de koppelwachtrij"


def import_meldingen(records: Iterable[Record], report: FileReport, ctx: ImportContext) -> None:
    """Deliveries from the clusters' own systems, registered by the rules of every other
    channel (`meldingen_register_bulk`); the source's own status `afgehandeld` starts the
    report closed. A report delivered before is updated with what the source owns of it."""
    rows = Rows(report)
    for record in records:
        v, line = record.values, record.line
        try:
            bron = p.text("bron", v.get("bron", ""), max_length=60, required=True)
            bron_id = p.text("bron_id", v.get("bron_id", ""), max_length=80, required=True)
            ontvangen = p.iso_datetime("ontvangen_op", v.get("ontvangen_op", ""), required=True)
            categorie = p.choice("categorie", v.get("categorie", ""), CATEGORIES)
        except p.FieldError as error:
            report.reject(line, str(error))
            continue
        assert ontvangen is not None  # required
        melder = optional(
            report,
            line,
            p.choice,
            "melder_soort",
            v.get("melder_soort", ""),
            REPORTER_KINDS,
            required=False,
        )
        adres = OpgegevenAdres(
            nummeraanduiding=v.get("nummeraanduiding", "")[:40],
            postcode=v.get("postcode", "")[:10],
            huisnummer=v.get("huisnummer", "")[:10],
            huisletter=v.get("huisletter", "")[:5],
            toevoeging=v.get("huisnummertoevoeging", "")[:10],
        )
        # Stored as delivered and queued for a person to match; the report itself is kept.
        for part, problem in address_problems(adres).items():
            column = ADDRESS_COLUMNS.get(part, part)
            report.warn(line, f"{column}: '{getattr(adres, part)}' is ongeldig. {problem}")
        aanlevering = Aanlevering(
            bron=bron,
            bron_id=bron_id,
            ontvangen_op=ontvangen,
            categorie=categorie,
            omschrijving=v.get("omschrijving", ""),
            adres=adres,
            melder_soort=melder or "",
            bron_status=v.get("status", "").strip().lower()[:20],
        )
        rows.add(line, (bron, bron_id), {"line": line, "aanlevering": aanlevering})
    lines: list[int] = [row["line"] for row in rows.rows]
    delivered: list[Aanlevering] = [row["aanlevering"] for row in rows.rows]
    # The import runs as the system; the delivery record names who ran it.
    outcome = meldingen_register_bulk(
        actor=None, aanleveringen=delivered, levering=f"{report.file} van {ctx.peildatum}"
    )
    for index, objection in outcome.rejected.items():
        report.reject(lines[index], _reason(objection))
    queued = 0
    for index, melding in outcome.created.items():
        if melding.adres_id is None:
            queued += 1
            report.warn(lines[index], QUEUED)
    known = sorted(outcome.existing)
    matches = find_addresses([delivered[i].adres for i in known])
    updates = []
    for index, match in zip(known, matches, strict=True):
        if match is None:
            queued += 1
            report.warn(lines[index], QUEUED)
        updates.append(_source_fields(delivered[index], match))
    result, _ = sync(MELDING, updates) if updates else (SyncResult(), {})
    report.counts(len(outcome.created), result.updated, result.unchanged)
    # Parsing and the service each report in their own pass: the report reads in line order.
    report.rejected.sort(key=lambda problem: problem.line)
    report.warnings.sort(key=lambda problem: problem.line)
    if queued:
        report.note = f"{queued} meldingen in de koppelwachtrij"


def _source_fields(aanlevering: Aanlevering, match: AdresMatch | None) -> Row:
    """What the source owns of a delivered report, as the service stores it: compared with
    the stored report, and written where it differs."""
    adres = aanlevering.adres
    return {
        "bron": aanlevering.bron,
        "bron_id": aanlevering.bron_id,
        "ontvangen_op": aanlevering.ontvangen_op,
        "adres_id": match.adres_id if match else None,
        "verblijfsobject_id": match.verblijfsobject_id if match else None,
        "opgegeven_nummeraanduiding": adres.nummeraanduiding,
        "opgegeven_postcode": adres.postcode,
        "opgegeven_huisnummer": adres.huisnummer,
        "opgegeven_huisletter": adres.huisletter,
        "opgegeven_toevoeging": adres.toevoeging,
        "categorie": aanlevering.categorie,
        "omschrijving": aanlevering.omschrijving,
        "melder_soort": aanlevering.melder_soort,
        "bron_status": aanlevering.bron_status,
    }


def _reason(error: ValidationError) -> str:
    """The service's objections, by field, as the other rejections read: 'field: message'."""
    return "; ".join(
        f"{name}: {message}"
        for name, messages in error.message_dict.items()
        for message in messages
    )


CONTROLE = Table(
    Controle,
    ("bron_id",),
    {
        "bron_id": T.TEXT,
        "verblijfsobject_id": T.INT,
        "datum": T.DATE,
        "aanleiding": T.TEXT,
        "overtreding": T.TEXT,
        "categorieen": T.JSON,
        "aangetroffen_personen": T.INT,
    },
)
AANLEIDINGEN = frozenset({"melding", "proactief", "integrale_actie", "hercontrole"})


def import_controles(records: Iterable[Record], report: FileReport, ctx: ImportContext) -> None:
    rows = Rows(report)
    for record in records:
        v, line = record.values, record.line
        try:
            bron_id = p.text("bron_id", v.get("bron_id", ""), max_length=60, required=True)
            vbo = _object(report, line, ctx, v.get("object_id", ""))
            if vbo is None:
                continue
            datum = p.iso_date("datum", v.get("datum", ""), required=True)
            aanleiding = p.choice("aanleiding", v.get("aanleiding", ""), AANLEIDINGEN)
            overtreding = p.choice(
                "overtreding",
                v.get("overtreding", "") or "onbekend",
                frozenset({"ja", "nee", "onbekend"}),
            )
            categorieen = [
                p.choice("categorieen", c, CATEGORIES)
                for c in v.get("categorieen", "").split("|")
                if c.strip()
            ]
        except p.FieldError as error:
            report.reject(line, str(error))
            continue
        rows.add(
            line,
            (bron_id,),
            {
                "bron_id": bron_id,
                "verblijfsobject_id": vbo,
                "datum": datum,
                "aanleiding": aanleiding,
                "overtreding": overtreding,
                "categorieen": categorieen,
                "aangetroffen_personen": optional(
                    report,
                    line,
                    p.integer,
                    "aangetroffen_personen",
                    v.get("aangetroffen_personen", ""),
                    maximum=1000,
                ),
            },
        )
    _write(CONTROLE, rows.rows, report)


HANDHAVING = Table(
    Handhaving,
    ("bron_id",),
    {
        "bron_id": T.TEXT,
        "verblijfsobject_id": T.INT,
        "eigenaar_id": T.INT,
        "datum": T.DATE,
        "instrument": T.TEXT,
        "categorie": T.TEXT,
        "bedrag": T.DECIMAL,
    },
)


def import_handhavingen(records: Iterable[Record], report: FileReport, ctx: ImportContext) -> None:
    rows = Rows(report)
    for record in records:
        v, line = record.values, record.line
        try:
            bron_id = p.text("bron_id", v.get("bron_id", ""), max_length=60, required=True)
            object_id = p.bag_id_or_none("object_id", v.get("object_id", ""))
            eigenaar_id = v.get("eigenaar_id", "")
            if not object_id and not eigenaar_id:
                raise p.FieldError("object_id", "object_id en eigenaar_id ontbreken allebei")
            datum = p.iso_date("datum", v.get("datum", ""), required=True)
            instrument = p.choice("instrument", v.get("instrument", ""), INSTRUMENTS)
            categorie = p.choice("categorie", v.get("categorie", ""), CATEGORIES, required=False)
        except p.FieldError as error:
            report.reject(line, str(error))
            continue
        vbo = ctx.objects.get(object_id) if object_id else None
        if object_id and vbo is None:
            report.reject(line, f"object_id: onbekend object {object_id} (niet in bag_adressen)")
            continue
        owner = ctx.owners.get(eigenaar_id) if eigenaar_id else None
        if eigenaar_id and owner is None:
            report.warn(
                line, f"eigenaar_id: onbekende eigenaar {eigenaar_id}; opgeslagen zonder eigenaar"
            )
        rows.add(
            line,
            (bron_id,),
            {
                "bron_id": bron_id,
                "verblijfsobject_id": vbo,
                "eigenaar_id": owner,
                "datum": datum,
                "instrument": instrument,
                "categorie": categorie,
                "bedrag": optional(
                    report, line, p.decimal, "bedrag", v.get("bedrag", ""), maximum=10_000_000
                ),
            },
        )
    _write(HANDHAVING, rows.rows, report)


def _write(table: Table, rows: list[Row], report: FileReport) -> None:
    result, _ = sync(table, rows)
    report.counts(result.inserted, result.updated, result.unchanged)
