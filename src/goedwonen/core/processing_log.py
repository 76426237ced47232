"""Writing and verifying the processing log (Logboek Dataverwerkingen).

Every read or export of personal data calls `processing_log_record` inside the transaction of
the work it logs, so the work and its log line commit together or not at all.
"""

from __future__ import annotations

import hashlib
import heapq
import hmac
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

import goedwonen

from .log_anchor import AnchorError, AnchorIndex
from .memo import ProcessMemo
from .models import (
    Auditregel,
    Ketencontrole,
    LogKetting,
    Verwerkingsactiviteit,
    Verwerkingsactiviteitcode,
    Verwerkingslog,
)
from .models import Verwerkingsstatus as Status
from .tracing import current_trace, new_span_id, new_trace

if TYPE_CHECKING:
    from goedwonen.accounts.models import User

GENESIS_HASH = "0" * 64
RESOURCE_NAME = "goedwonen"
# The register's keys by code, read once a minute per process: every logged request needs one.
_activities: ProcessMemo[str, int] = ProcessMemo(60.0)
SEAL_BATCH = 5000


@dataclass(frozen=True)
class DataSubject:
    """A data subject as the source knows it, for example ("eigenaar", "E000123")."""

    type: str
    id: str


def pseudonymise(subject: DataSubject) -> str:
    message = f"{subject.type}:{subject.id.strip()}".encode()
    return hmac.new(settings.PSEUDONYM_KEY.encode(), message, hashlib.sha256).hexdigest()


def _line_hash(line: Verwerkingslog, audit: Auditregel | None) -> str:
    """The line's hash. Without its audit record (removed) it hashes as an empty one, which
    verification reports."""
    audit = audit or Auditregel()
    material = {
        "volgnummer": line.volgnummer,
        "trace_id": line.trace_id,
        "span_id": line.span_id,
        "parent_span_id": line.parent_span_id,
        "name": line.name,
        "start_time": line.start_time.astimezone(UTC).isoformat(),
        "end_time": line.end_time.astimezone(UTC).isoformat(),
        "status": line.status,
        "verwerkingsactiviteit": line.verwerkingsactiviteit_id,
        "data_subject_id": line.data_subject_id,
        "data_subject_type": line.data_subject_type,
        "object_ref": line.object_ref,
        "resource": [line.resource_name, line.resource_version],
        "gebruiker": audit.gebruiker_id,
        "gebruikersnaam": audit.gebruikersnaam,
        "organisatie": audit.organisatie_id,
        "organisatiecode": audit.organisatiecode,
        "vorige_hash": line.vorige_hash,
    }
    canonical = json.dumps(material, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def processing_log_record(
    *,
    actor: User | None,
    operation: str,
    activity: Verwerkingsactiviteitcode,
    subjects: Iterable[DataSubject] = (),
    object_ref: str = "",
    objects: Iterable[tuple[str, DataSubject | None]] = (),
    status: str = Status.OK,
    started_at: datetime | None = None,
) -> list[Verwerkingslog]:
    """Write one log line per data subject (or one without a subject), with its audit record.

    A page that shows many objects passes `objects` instead: one line per object read, each
    with its own reference and data subject (None: no person), still in one bulk insert.

    `actor` None means the system itself (a scheduled task). `activity` is a member of
    `Verwerkingsactiviteitcode`, never a bare string: anything else, or a code whose register
    row is missing or inactive, is a programming error and writes nothing.
    The lines commit with the caller's transaction, so the work and its log lines commit
    together or not at all. They join the hash chain when they are sealed
    (`processing_log_seal`), so writers never wait for each other.
    """
    if not isinstance(activity, Verwerkingsactiviteitcode):
        raise TypeError(f"activity must be a Verwerkingsactiviteitcode, not {activity!r}")
    verwerkingsactiviteit_id = _activities.get(activity, lambda: _active_activity(activity))
    assert verwerkingsactiviteit_id is not None  # unknown codes raise
    trace = current_trace.get() or new_trace()
    now = timezone.now()
    subject_list: list[DataSubject | None] = [*subjects] or [None]
    entries = [*objects] or [(object_ref, subject) for subject in subject_list]
    lines = [
        Verwerkingslog(
            trace_id=trace.trace_id,
            span_id=new_span_id(),
            parent_span_id=trace.span_id,
            name=operation,
            start_time=started_at or now,
            end_time=now,
            status=status,
            verwerkingsactiviteit_id=verwerkingsactiviteit_id,
            data_subject_id=pseudonymise(subject) if subject else "",
            data_subject_type=subject.type if subject else "",
            object_ref=ref,
            resource_name=RESOURCE_NAME,
            resource_version=goedwonen.__version__,
        )
        for ref, subject in entries
    ]
    pending = _batch.get()
    if pending is not None:
        pending.append((lines, actor))
    else:
        _write([(lines, actor)])
    return lines


# The lines a `processing_log_batch` holds until it ends: (lines, actor) per record.
_batch: ContextVar[list[tuple[list[Verwerkingslog], User | None]] | None] = ContextVar(
    "processing_log_batch", default=None
)


@contextmanager
def processing_log_batch() -> Iterator[None]:
    """Inside, `processing_log_record` keeps its lines and this writes them all at the end,
    in one insert of lines and one of audit records: for a page made of several reads that
    each log what they show (the start page's blocks: two statements, not two per block).
    Run it inside the caller's transaction so the lines commit with the work; when the block
    fails nothing is written. Until the end the lines have no id; nested, the outer batch
    writes."""
    if _batch.get() is not None:
        yield
        return
    pending: list[tuple[list[Verwerkingslog], User | None]] = []
    token = _batch.set(pending)
    try:
        yield
    finally:
        _batch.reset(token)
    if pending:
        _write(pending)


def _write(records: list[tuple[list[Verwerkingslog], User | None]]) -> None:
    if connection.vendor == "postgresql":
        _write_postgresql(records)
        return
    # Without a savepoint: a failure here fails the caller's transaction as a whole.
    with transaction.atomic(savepoint=False):
        Verwerkingslog.objects.bulk_create([line for batch, _ in records for line in batch])
        Auditregel.objects.bulk_create(
            [
                Auditregel(logregel=line, **_audit_fields(actor))
                for batch, actor in records
                for line in batch
            ]
        )


def _audit_fields(actor: User | None) -> dict[str, object]:
    organisatie = getattr(actor, "organisatie", None)
    return {
        "gebruiker_id": actor.pk if actor else None,
        "gebruikersnaam": actor.username if actor else "systeem",
        "organisatie_id": organisatie.pk if organisatie else None,
        "organisatiecode": organisatie.code if organisatie else "",
    }


# A line's columns as written; the chain's (volgnummer, vorige_hash, hash) are set by sealing.
_LINE_COLUMNS = (
    ("trace_id", "text"),
    ("span_id", "text"),
    ("parent_span_id", "text"),
    ("name", "text"),
    ("start_time", "timestamptz"),
    ("end_time", "timestamptz"),
    ("status", "text"),
    ("verwerkingsactiviteit_id", "bigint"),
    ("data_subject_id", "text"),
    ("data_subject_type", "text"),
    ("object_ref", "text"),
    ("resource_name", "text"),
    ("resource_version", "text"),
)
_AUDIT_COLUMNS = (
    ("gebruiker_id", "bigint"),
    ("gebruikersnaam", "text"),
    ("organisatie_id", "bigint"),
    ("organisatiecode", "text"),
)
_LINE_NAMES = ", ".join(name for name, _ in _LINE_COLUMNS)
_AUDIT_NAMES = ", ".join(name for name, _ in _AUDIT_COLUMNS)
# Lines and audit records in one statement, each column one array: a page's log costs one
# round trip and no ORM work per value (it was a quarter of a report queue's time, ADR 0027).
# The lines are numbered in the order given; each audit record finds its line by the span id,
# random and 64 bits, so unique within a write.
_WRITE_SQL = f"""
WITH input AS (
    SELECT * FROM UNNEST({", ".join(f"%s::{kind}[]" for _, kind in _LINE_COLUMNS + _AUDIT_COLUMNS)})
        WITH ORDINALITY AS t({_LINE_NAMES}, {_AUDIT_NAMES}, n)
), lines AS (
    INSERT INTO core_verwerkingslog ({_LINE_NAMES}, vorige_hash)
    SELECT {_LINE_NAMES}, '' FROM input ORDER BY n
    RETURNING id, span_id
), audits AS (
    INSERT INTO core_auditregel (logregel_id, {_AUDIT_NAMES})
    SELECT lines.id, {", ".join(f"input.{name}" for name, _ in _AUDIT_COLUMNS)}
    FROM lines JOIN input USING (span_id)
)
SELECT id, span_id FROM lines
"""  # noqa: S608 - our own table and column names


def _write_postgresql(records: list[tuple[list[Verwerkingslog], User | None]]) -> None:
    lines = [line for batch, _ in records for line in batch]
    audits: list[dict[str, object]] = []
    for batch, actor in records:
        audits += [_audit_fields(actor)] * len(batch)
    columns = [[getattr(line, name) for line in lines] for name, _ in _LINE_COLUMNS]
    columns += [[audit[name] for audit in audits] for name, _ in _AUDIT_COLUMNS]
    with connection.cursor() as cursor:
        cursor.execute(_WRITE_SQL, columns)
        ids = {span: pk for pk, span in cursor.fetchall()}
    for line in lines:
        line.pk = ids[line.span_id]
        line._state.adding = False
        line._state.db = connection.alias


def processing_log_seal(*, batch: int = SEAL_BATCH) -> int:
    """Seal every committed line that is not yet in the chain, in the order written; return
    how many. Sealers wait for each other on the chain head, writers never do.

    A line is sealed once: the chain fixes its number, the previous line's hash and its own
    hash over its content and audit record, after which any change shows in verification."""
    sealed = 0
    table = connection.ops.quote_name(Verwerkingslog._meta.db_table)
    # Without the head's lock when nothing waits: the worker asks every round, and on SQLite
    # the lock is the whole database's.
    if not Verwerkingslog.objects.filter(volgnummer__isnull=True).exists():
        return 0
    while True:
        with transaction.atomic():
            head = LogKetting.objects.select_for_update().get(pk=1)
            pending = list(
                Verwerkingslog.objects.filter(volgnummer__isnull=True)
                .select_related("audit")
                .order_by("pk")[:batch]
            )
            for line in pending:
                line.volgnummer = head.volgnummer + 1
                line.vorige_hash = head.hash
                line.hash = _line_hash(line, getattr(line, "audit", None))
                head.volgnummer, head.hash = line.volgnummer, line.hash
            if pending:
                # Sealing is the one change a line ever gets, so it goes past the ORM's
                # append-only guard (the database's own lets exactly this through,
                # core/log_guard.py): one statement, sent for all lines at once (a pipeline on
                # PostgreSQL).
                with connection.cursor() as cursor:
                    cursor.executemany(
                        f"UPDATE {table} SET volgnummer = %s, vorige_hash = %s, hash = %s "  # noqa: S608 - our own table name
                        "WHERE id = %s",
                        [(ln.volgnummer, ln.vorige_hash, ln.hash, ln.pk) for ln in pending],
                    )
                head.save(update_fields=["volgnummer", "hash"])
        sealed += len(pending)
        if len(pending) < batch:
            return sealed


def _active_activity(code: str) -> int:
    # Only its key: the register's long texts are not needed to write a line.
    return Verwerkingsactiviteit.objects.values_list("pk", flat=True).get(code=code, actief=True)


@dataclass(frozen=True)
class Reference:
    """A point of the chain seen earlier that the chain must still hold: an anchor outside the
    database, or the head at the last intact verification (in the database, so a second
    opinion only: the anchors are the authority)."""

    volgnummer: int
    hash: str
    tijd: datetime
    anchored: bool = True

    @property
    def source(self) -> str:
        """'het anker van 03-12-2026 14:02:05', in local time."""
        when = f"{timezone.localtime(self.tijd):%d-%m-%Y %H:%M:%S}"
        return f"het anker van {when}" if self.anchored else f"de controle van {when}"


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    checked: int
    broken_volgnummer: int | None = None
    broken_id: int | None = None
    reason: str = ""
    # The head the chain was verified up to, and the anchor that reaches furthest.
    head: tuple[int, str] | None = None
    furthest_anchor: Reference | None = None

    def describe(self) -> str:
        if self.ok:
            text = f"Logketen intact: {self.checked} regels gecontroleerd."
            if self.furthest_anchor is None:
                return f"{text} Er is nog geen anker buiten de database."
            return (
                f"{text} De keten klopt met {self.furthest_anchor.source} "
                f"(tot regel {self.furthest_anchor.volgnummer})."
            )
        if self.broken_volgnummer is None:
            return f"Logketen niet te controleren: {self.reason}"
        where = f"regel volgnummer {self.broken_volgnummer}"
        if self.broken_id is not None:
            where += f" (id {self.broken_id})"
        return f"Logketen verbroken bij {where}: {self.reason}"


def _lines_in_order(upto: int) -> Iterator[tuple[Verwerkingslog, Auditregel | None]]:
    lines = (
        Verwerkingslog.objects.filter(volgnummer__isnull=False, volgnummer__lte=upto)
        .select_related("audit")
        .order_by("volgnummer")
    )
    for line in lines.iterator(chunk_size=2000):
        yield line, getattr(line, "audit", None)


def _references(anchors: AnchorIndex) -> Iterator[Reference]:
    """The anchors and the head the last intact verification recorded, in line order, made
    one at a time."""
    last_check = (
        Ketencontrole.objects.filter(intact=True, kop_volgnummer__gt=0)
        .order_by("-uitgevoerd_op")
        .first()
    )
    checked: list[Reference] = []
    if last_check is not None and last_check.kop_volgnummer is not None:
        checked.append(
            Reference(
                last_check.kop_volgnummer,
                last_check.kop_hash,
                last_check.uitgevoerd_op,
                anchored=False,
            )
        )
    anchored = (
        Reference(anchor.volgnummer, anchor.hash, anchor.tijd)
        for anchor in (anchors[position] for position in range(len(anchors)))
    )
    return heapq.merge(anchored, checked, key=lambda reference: reference.volgnummer)


def _span(first: int, last: int) -> str:
    return f"regel {first}" if first == last else f"regels {first}..{last}"


def processing_log_verify() -> ChainCheck:
    """Recompute the chain of sealed lines from the first and compare with the stored hashes,
    the head, the anchors outside the database and the head at the last intact verification.

    The lines stream in chunks and the references walk along with them, in one pass.

    The workers go on sealing while a long chain is read, so the check is of the chain up to
    the head as it stood once the references were read: every reference lies at or before it
    (heads only move on), and every line up to it was committed with it."""
    try:
        anchors = AnchorIndex()
    except AnchorError as error:
        return ChainCheck(False, 0, reason=str(error))
    references = _references(anchors)
    head = LogKetting.objects.get(pk=1)
    upcoming = next(references, None)
    # The last line that matched a reference: a rewrite with every later hash recomputed lies
    # after it, up to the first line that differs from one.
    previous_hash, previous_number, checked, confirmed = GENESIS_HASH, 0, 0, 0
    for line, audit in _lines_in_order(head.volgnummer):
        if line.volgnummer != previous_number + 1:
            return ChainCheck(
                False,
                checked,
                previous_number + 1,
                None,
                f"regel ontbreekt (verwijderd); de volgende aanwezige regel is {line.volgnummer}",
            )
        if audit is None:
            return ChainCheck(False, checked, line.volgnummer, line.pk, "auditregel ontbreekt")
        if line.vorige_hash != previous_hash:
            return ChainCheck(
                False,
                checked,
                line.volgnummer,
                line.pk,
                "vorige_hash wijst niet naar de regel ervoor",
            )
        if _line_hash(line, audit) != line.hash:
            return ChainCheck(
                False,
                checked,
                line.volgnummer,
                line.pk,
                "inhoud gewijzigd: de hash klopt niet meer",
            )
        while upcoming is not None and upcoming.volgnummer == line.volgnummer:
            if upcoming.hash != line.hash:
                exact = confirmed + 1 == line.volgnummer
                return ChainCheck(
                    False,
                    checked,
                    confirmed + 1,
                    line.pk if exact else None,
                    f"regel {line.volgnummer} wijkt af van {upcoming.source}: herschreven"
                    + (
                        ""
                        if exact
                        else f"; de wijziging zit in {_span(confirmed + 1, line.volgnummer)}"
                    )
                    + ", en de hashes erna zijn opnieuw berekend",
                )
            confirmed = line.volgnummer
            upcoming = next(references, None)
        previous_hash, previous_number, checked = line.hash, line.volgnummer, checked + 1
    if upcoming is not None:
        # On a tie the anchor names the finding: it is the authority.
        furthest = upcoming
        for reference in references:
            if (reference.volgnummer, reference.anchored) >= (furthest.volgnummer, True):
                furthest = reference
        return ChainCheck(
            False,
            checked,
            previous_number + 1,
            None,
            f"de keten is korter dan {'' if furthest.anchored else 'bij '}{furthest.source}: "
            f"{_span(previous_number + 1, furthest.volgnummer)} "
            f"{'ontbreekt' if previous_number + 1 == furthest.volgnummer else 'ontbreken'}",
        )
    if head.volgnummer != previous_number or head.hash != previous_hash:
        return ChainCheck(
            False,
            checked,
            previous_number + 1,
            None,
            f"de keten eindigt bij {previous_number} maar de kop verwacht {head.volgnummer}: "
            "regels aan het eind zijn verwijderd",
        )
    last = anchors[len(anchors) - 1] if len(anchors) else None
    return ChainCheck(
        True,
        checked,
        head=(previous_number, previous_hash),
        furthest_anchor=Reference(last.volgnummer, last.hash, last.tijd) if last else None,
    )
