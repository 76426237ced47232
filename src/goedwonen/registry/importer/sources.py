"""One reader per CSV file of the contract. Each checks every cell of every record against the
data contract (`registry/contract.py`) and turns the records into rows for the tables: a row
whose key or required field is invalid is rejected, an invalid optional field is kept as
unknown with a warning, each bad cell reported with its line and column."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np

from goedwonen.intake.models import Melding
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
    Eigendom,
    Energieverbruik,
    Gebiedsaanwijzing,
    Handhaving,
    Pand,
    Verblijfsobject,
    Vergunning,
    WozWaarde,
)

from .. import contract as c
from . import parsing as p
from .areas import RD_TO_WGS84, WGS84_TO_RD
from .context import ImportContext
from .reading import Record
from .report import FileReport
from .tables import SyncResult, T, Table, sync

Row = dict[str, Any]
Check = Callable[[Row], "p.FieldError | None"]


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


def checked(
    source: c.Source,
    record: Record,
    report: FileReport,
    *,
    checks: Iterable[Check] = (),
    skip: frozenset[str] = frozenset(),
) -> Row | None:
    """The record's values parsed by the contract, or None when the row is rejected. Every
    bad cell is reported, whatever the other cells and rows say: all of a rejected row's
    problems as rejections, an accepted row's bad optional cells as warnings (stored as
    unknown). `checks` add what the row refers to (a known object, an address)."""
    row, problems = p.parse_row(source, record.values, skip=skip)
    rejects = any(source.column(error.column).rejects_row for error in problems)
    if not rejects:
        for check in checks:
            problem = check(row)
            if problem is not None:
                problems.append(problem)
                rejects = True
    for error in problems:
        if rejects:
            report.reject(record.line, str(error), error.column)
        else:
            report.warn(record.line, f"{error}; opgeslagen als onbekend", error.column)
    return None if rejects else row


def known(column: str, found: Mapping[str, Any], what: str, where: str) -> Check:
    """A check that the row's `column` names something delivered before (when it names one)."""

    def check(row: Row) -> p.FieldError | None:
        value = row[column]
        if value and value not in found:
            return p.FieldError(column, f"onbekend {what} {value} (niet in {where})")
        return None

    return check


def known_object(ctx: ImportContext) -> Check:
    return known("object_id", ctx.objects, "object", c.BAG.name.removesuffix(".csv"))


def known_address(ctx: ImportContext) -> Check:
    return known("nummeraanduiding", ctx.addresses, "adres", c.BAG.name.removesuffix(".csv"))


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
    rows = Rows(report)
    checks = (known_address(ctx),)
    for record in records:
        v = checked(c.BRP, record, report, checks=checks)
        if v is None:
            continue
        adres_id = ctx.addresses[v.pop("nummeraanduiding")][0]
        v["adres_id"] = adres_id
        rows.add(record.line, (adres_id, v["peildatum"]), v)
    _write(BEWONING, rows.rows, report)


WOZ = Table(
    WozWaarde,
    ("verblijfsobject_id", "peildatum"),
    {"verblijfsobject_id": T.INT, "peildatum": T.DATE, "waarde": T.INT},
)


def import_woz(records: Iterable[Record], report: FileReport, ctx: ImportContext) -> None:
    rows = Rows(report)
    checks = (known_object(ctx),)
    for record in records:
        v = checked(c.WOZ, record, report, checks=checks)
        if v is None:
            continue
        vbo = ctx.objects[v["object_id"]]
        rows.add(
            record.line,
            (vbo, v["peildatum"]),
            {"verblijfsobject_id": vbo, "peildatum": v["peildatum"], "waarde": v["waarde"]},
        )
    _write(WOZ, rows.rows, report)


ENERGIE = Table(
    Energieverbruik,
    ("adres_id", "jaar"),
    {"adres_id": T.INT, "jaar": T.INT, "elektriciteit_kwh": T.INT, "gas_m3": T.INT},
)


def import_energie(records: Iterable[Record], report: FileReport, ctx: ImportContext) -> None:
    rows = Rows(report)
    checks = (known_address(ctx),)
    for record in records:
        v = checked(c.ENERGIE, record, report, checks=checks)
        if v is None:
            continue
        adres_id = ctx.addresses[v.pop("nummeraanduiding")][0]
        v["adres_id"] = adres_id
        rows.add(record.line, (adres_id, v["jaar"]), v)
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


def import_vergunningen(records: Iterable[Record], report: FileReport, ctx: ImportContext) -> None:
    rows = Rows(report)
    checks = (known_object(ctx),)
    for record in records:
        v = checked(c.VERGUNNINGEN, record, report, checks=checks)
        if v is None:
            continue
        vbo = ctx.objects[v.pop("object_id")]
        v["verblijfsobject_id"] = vbo
        rows.add(record.line, (vbo, v["soort"], v["aangevraagd_op"]), v)
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


def import_aanwijzingen(records: Iterable[Record], report: FileReport, ctx: ImportContext) -> None:
    rows = Rows(report)
    checks = (known("gebiedscode", ctx.areas, "gebied", c.BUURTEN.name),)
    for record in records:
        v = checked(c.GEBIEDSAANWIJZINGEN, record, report, checks=checks)
        if v is None:
            continue
        code = v.pop("gebiedscode")
        v["gebied_id"] = ctx.areas[code]
        v["parameter"] = v["parameter"] or ""
        rows.add(record.line, (code, v["regeling"], v["geldig_van"]), v)
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
# The contract's column of each part of a given address, where its name differs.
ADDRESS_COLUMNS = {"toevoeging": "huisnummertoevoeging"}
ADDRESS = frozenset(c.MELDING_ADDRESS)
QUEUED = "adres niet gevonden; de melding staat in de koppelwachtrij"


def import_meldingen(records: Iterable[Record], report: FileReport, ctx: ImportContext) -> None:
    """Deliveries from the clusters' own systems, registered by the rules of every other
    channel (`meldingen_register_bulk`); the source's own status `afgehandeld` starts the
    report closed. A report delivered before is updated with what the source owns of it."""
    rows = Rows(report)
    for record in records:
        line = record.line
        parsed = checked(c.MELDINGEN, record, report, skip=ADDRESS)
        if parsed is None:
            continue
        v = record.values  # the address as given: kept so, and queued when it is not found
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
            report.warn(line, f"{column}: '{getattr(adres, part)}' is ongeldig. {problem}", column)
        aanlevering = Aanlevering(
            bron=parsed["bron"],
            bron_id=parsed["bron_id"],
            ontvangen_op=parsed["ontvangen_op"],
            categorie=parsed["categorie"],
            omschrijving=parsed["omschrijving"] or "",
            adres=adres,
            melder_soort=parsed["melder_soort"] or "",
            bron_status=parsed["status"] or "",
        )
        rows.add(
            line,
            (aanlevering.bron, aanlevering.bron_id),
            {"line": line, "aanlevering": aanlevering},
        )
    lines: list[int] = [row["line"] for row in rows.rows]
    delivered: list[Aanlevering] = [row["aanlevering"] for row in rows.rows]
    # The import runs as the system; the delivery record names who ran it.
    outcome = meldingen_register_bulk(
        actor=None, aanleveringen=delivered, levering=f"{report.file} van {ctx.peildatum}"
    )
    for index, objection in outcome.rejected.items():
        for name, messages in objection.message_dict.items():
            for message in messages:
                report.reject(lines[index], f"{name}: {message}", name)
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


def import_controles(records: Iterable[Record], report: FileReport, ctx: ImportContext) -> None:
    rows = Rows(report)
    checks = (known_object(ctx),)
    for record in records:
        v = checked(c.CONTROLES, record, report, checks=checks)
        if v is None:
            continue
        v["verblijfsobject_id"] = ctx.objects[v.pop("object_id")]
        rows.add(record.line, (v["bron_id"],), v)
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


def _object_or_owner(row: Row) -> p.FieldError | None:
    if not row["object_id"] and not row["eigenaar_id"]:
        return p.FieldError("object_id", "object_id en eigenaar_id ontbreken allebei")
    return None


def import_handhavingen(records: Iterable[Record], report: FileReport, ctx: ImportContext) -> None:
    rows = Rows(report)
    checks = (_object_or_owner, known_object(ctx))
    for record in records:
        v = checked(c.HANDHAVINGEN, record, report, checks=checks)
        if v is None:
            continue
        object_id, eigenaar_id = v.pop("object_id"), v.pop("eigenaar_id")
        owner = ctx.owners.get(eigenaar_id) if eigenaar_id else None
        if eigenaar_id and owner is None:
            report.warn(
                record.line,
                f"eigenaar_id: onbekende eigenaar {eigenaar_id}; opgeslagen zonder eigenaar",
                "eigenaar_id",
            )
        v["verblijfsobject_id"] = ctx.objects[object_id] if object_id else None
        v["eigenaar_id"] = owner
        v["categorie"] = v["categorie"] or ""
        rows.add(record.line, (v["bron_id"],), v)
    _write(HANDHAVING, rows.rows, report)


def _write(table: Table, rows: list[Row], report: FileReport) -> None:
    result, _ = sync(table, rows)
    report.counts(result.inserted, result.updated, result.unchanged)
