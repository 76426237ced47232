"""The history files of the contract: reports from the clusters' own systems (registered by
the intake's rules), past inspections and past enforcement."""

from __future__ import annotations

from collections.abc import Iterable

from goedwonen.intake.models import Melding
from goedwonen.intake.services.checks import address_problems
from goedwonen.intake.services.delivery import Aanlevering, meldingen_register_bulk
from goedwonen.registry.address_lookup import AdresMatch, OpgegevenAdres, find_addresses
from goedwonen.registry.models import Controle, Handhaving

from .. import contract as c
from . import parsing as p
from .context import ImportContext
from .reading import Record
from .report import FileReport
from .rows import Row, Rows, checked, known_object, per_object, write
from .tables import SyncResult, T, Table, sync

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
        "buurt_id": T.INT,
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
    keep_when_empty=frozenset({"adres_id", "verblijfsobject_id", "buurt_id"}),
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
        "buurt_id": match.buurt_id if match else None,
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
    per_object(c.CONTROLES, CONTROLE, records, report, ctx)


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
    write(HANDHAVING, rows.rows, report)
