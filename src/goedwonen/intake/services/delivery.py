"""The clusters' deliveries of many reports at once (`meldingen.csv`): registered through
`meldingen_register_bulk`, by the rules of one registration.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from goedwonen.core.policy import Capability, require
from goedwonen.core.processing_log import DataSubject, processing_log_record
from goedwonen.core.tracing import current_trace, new_trace
from goedwonen.registry.address_lookup import AdresMatch, OpgegevenAdres, find_addresses

from .. import workflow
from ..models import Melding, Meldingstatus, StatusWijziging
from ..routing import Route, Router
from . import ACTIVITY
from .checks import _field_errors
from .registration import (
    REFERENCE_ATTEMPTS,
    _link_to_open_cases,
    _new_melding,
    _new_reference,
    _received,
    dwelling_events_tell,
)

if TYPE_CHECKING:
    from goedwonen.accounts.models import User


# Reports per bulk write of a delivery: a city's history in a few dozen statements.
BULK_BATCH = 2000
# Values per IN list of a look-up: few queries, and well within SQLite's 32,766 parameters.
LOOKUP_CHUNK = 10_000


_V = TypeVar("_V")


@dataclass(frozen=True)
class Aanlevering:
    """One report as a delivery from a cluster's own system gives it (`meldingen.csv`)."""

    bron: str
    bron_id: str
    ontvangen_op: datetime
    categorie: str
    omschrijving: str
    adres: OpgegevenAdres
    melder_soort: str = ""
    # The source's own state; `afgehandeld` starts the report closed.
    bron_status: str = ""


@dataclass
class BulkRegistratie:
    """What became of each delivered report, by its index in the delivery."""

    created: dict[int, Melding] = field(default_factory=dict)
    # Already stored under its (bron, bron_id), here or by another channel: left as it is.
    existing: dict[int, int] = field(default_factory=dict)  # index -> the stored report's id
    rejected: dict[int, ValidationError] = field(default_factory=dict)


def _chunks(values: Sequence[_V], size: int = LOOKUP_CHUNK) -> Iterator[Sequence[_V]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def meldingen_register_bulk(
    *,
    actor: User | None,
    aanleveringen: Sequence[Aanlevering],
    levering: str,
    router: Router | None = None,
) -> BulkRegistratie:
    """Register the reports of one delivery by the rules of `melding_register`: the same
    checks, address matching, routing, deadlines, reference, first history step and log line.
    Idempotent on (bron, bron_id) like it: a report stored before, by a delivery or another
    channel, is left as it is. `levering` names the delivery in the history and the log.
    `actor` None is the system (an import run from the command line or a task).

    Unlike one registration, a report the rules refuse does not stop the others: it comes back
    in `rejected` and the valid ones are stored. Written in batches with bulk inserts: a
    delivery holds tens of thousands of reports."""
    if actor is not None:
        require(actor, Capability.REPORTS_REGISTER)
    router = router or Router()
    result = BulkRegistratie()
    first_of: dict[tuple[str, str], int] = {}
    repeated: dict[int, int] = {}
    pending: list[tuple[int, Aanlevering]] = []
    for index, aanlevering in enumerate(aanleveringen):
        errors = _delivery_errors(aanlevering)
        if errors:
            result.rejected[index] = ValidationError(errors)
            continue
        key = (aanlevering.bron, aanlevering.bron_id)
        if key in first_of:
            repeated[index] = first_of[key]
        else:
            first_of[key] = index
            pending.append((index, aanlevering))
    # One trace for the delivery: its log lines read as one processing.
    trace = current_trace.set(current_trace.get() or new_trace())
    try:
        with transaction.atomic():
            stored = _stored_reports((a.bron, a.bron_id) for _, a in pending)
            new: list[tuple[int, Aanlevering]] = []
            for index, aanlevering in pending:
                pk = stored.get((aanlevering.bron, aanlevering.bron_id))
                if pk is None:
                    new.append((index, aanlevering))
                else:
                    result.existing[index] = pk
            matches = find_addresses([a.adres for _, a in new])
            to_store = [(i, a, match) for (i, a), match in zip(new, matches, strict=True)]
            for start in range(0, len(to_store), BULK_BATCH):
                _register_batch(
                    actor=actor,
                    batch=to_store[start : start + BULK_BATCH],
                    levering=levering,
                    router=router,
                    result=result,
                )
    finally:
        current_trace.reset(trace)
    for index, first in repeated.items():
        created = result.created.get(first)
        result.existing[index] = created.pk if created is not None else result.existing[first]
    return result


def _delivery_errors(aanlevering: Aanlevering) -> dict[str, str]:
    """The checks of every channel, and a delivery's own: its key is required, being what
    makes a re-delivery idempotent; the kind of reporter may be unknown, as not every source
    records it."""
    errors = _field_errors(
        bron=aanlevering.bron,
        bron_id=aanlevering.bron_id,
        categorie=aanlevering.categorie,
        omschrijving=aanlevering.omschrijving,
        melder_soort=aanlevering.melder_soort,
        contact=None,
        melder_soort_required=False,
    )
    if not aanlevering.bron_id.strip():
        errors["bron_id"] = "Geef het kenmerk van de melding in de bron."
    if timezone.is_naive(aanlevering.ontvangen_op):
        errors["ontvangen_op"] = "Geef het tijdstip met zijn tijdzone."
    return errors


_Found = tuple[int, Aanlevering, AdresMatch | None]  # index, report, its address


def _register_batch(
    *,
    actor: User | None,
    batch: list[_Found],
    levering: str,
    router: Router,
    result: BulkRegistratie,
) -> None:
    for attempt in range(REFERENCE_ATTEMPTS):
        if attempt:
            # Another channel may have stored one of these since they were looked up.
            stored = _stored_reports((a.bron, a.bron_id) for _, a, _ in batch)
            for index, aanlevering, _ in batch:
                if (aanlevering.bron, aanlevering.bron_id) in stored:
                    result.existing[index] = stored[aanlevering.bron, aanlevering.bron_id]
            batch = [one for one in batch if one[0] not in result.existing]
        try:
            with transaction.atomic():
                created = _store_batch(actor=actor, batch=batch, levering=levering, router=router)
            break
        except IntegrityError:
            # Between the look-up and the insert another channel stored one of these reports,
            # or a new reference was taken (one in about 10^12 each): look again, draw again.
            if attempt + 1 == REFERENCE_ATTEMPTS:
                raise
    result.created.update(created)


def _store_batch(
    *, actor: User | None, batch: list[_Found], levering: str, router: Router
) -> dict[int, Melding]:
    references = _new_references(len(batch))
    meldingen: list[Melding] = []
    routes: list[Route] = []
    for (_, aanlevering, match), referentie in zip(batch, references, strict=True):
        melding, route = _new_melding(
            bron=aanlevering.bron,
            bron_id=aanlevering.bron_id,
            referentie=referentie,
            categorie=aanlevering.categorie,
            omschrijving=aanlevering.omschrijving,
            adres=aanlevering.adres,
            melder_soort=aanlevering.melder_soort,
            ontvangen_op=aanlevering.ontvangen_op,
            match=match,
            router=router,
        )
        melding.bron_status = aanlevering.bron_status.strip().lower()[:20]
        if melding.bron_status == "afgehandeld":
            melding.status = Meldingstatus.AFGESLOTEN
        meldingen.append(melding)
        routes.append(route)
    # Both databases return the new ids from a bulk insert (SQLite since 3.35): the history
    # rows below need them.
    Melding.objects.bulk_create(meldingen)
    steps: list[StatusWijziging] = []
    for melding, route in zip(meldingen, routes, strict=True):
        via = f"{melding.bron} (levering {levering})"
        steps.append(_received(melding, actor=actor, via=via, route=route))
        if melding.status == Meldingstatus.AFGESLOTEN:
            # Closed in the source's system before it reached us: the history says so, so
            # that its last step is the report's state.
            steps.append(
                StatusWijziging(
                    melding=melding,
                    van=Meldingstatus.ONTVANGEN,
                    naar=Meldingstatus.AFGESLOTEN,
                    door=actor,
                    reden=f"Afgehandeld in het systeem van {melding.bron} (levering {levering})",
                    melder_tekst=workflow.FOR_REPORTER[Meldingstatus.AFGESLOTEN],
                )
            )
    StatusWijziging.objects.bulk_create(steps)
    _link_to_open_cases(meldingen)
    dwelling_events_tell(meldingen, actor)
    if meldingen:
        # A line per report, as one registration writes, named for the delivery it came in;
        # its reporter is the data subject, known by the report's reference, as everywhere
        # in intake.
        processing_log_record(
            actor=actor,
            operation="Melding uit levering geregistreerd",
            activity=ACTIVITY,
            subjects=[DataSubject("melder", referentie) for referentie in references],
            object_ref=f"levering:{levering}"[:120],
        )
    return {i: m for (i, _, _), m in zip(batch, meldingen, strict=True)}


def _stored_reports(keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """(bron, bron_id) -> id of the reports already stored under these keys."""
    by_source: dict[str, list[str]] = defaultdict(list)
    for bron, bron_id in keys:
        by_source[bron].append(bron_id)
    stored: dict[tuple[str, str], int] = {}
    for bron, ids in by_source.items():
        for chunk in _chunks(ids):
            rows = Melding.objects.filter(bron=bron, bron_id__in=chunk).order_by()
            stored.update(
                ((bron, bron_id), pk) for bron_id, pk in rows.values_list("bron_id", "pk")
            )
    return stored


def _new_references(count: int) -> list[str]:
    """`count` new references, none twice; one already in the database fails the insert and
    the caller draws again, as for one registration."""
    drawn: dict[str, None] = {}
    while len(drawn) < count:
        drawn[_new_reference()] = None
    return list(drawn)
