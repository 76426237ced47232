"""Writes on reports: registration (every channel), transitions, triage, anonymisation.

Every channel registers through `melding_register`: the public reporting point, staff
registration, the API for partner and cluster systems. Each write appends to the status
history and the processing log in the same transaction, and writes its e-mail to the reporter
in it too (`Melderbericht`; the worker sends what is committed, in batches).

The clusters' deliveries of many reports at once (`meldingen.csv`) register through its bulk
variant, `meldingen_register_bulk`, by the same rules.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, QuerySet
from django.utils import timezone

from goedwonen.casussen.services import meldingen_link_to_open_cases, open_case_exists
from goedwonen.core import validators
from goedwonen.core.categories import Categorie
from goedwonen.core.models import Verwerkingsactiviteitcode
from goedwonen.core.policy import Capability, can, require
from goedwonen.core.processing_log import DataSubject, processing_log_record
from goedwonen.core.references import new_reference
from goedwonen.core.tracing import current_trace, new_trace
from goedwonen.registry.address_lookup import (
    AdresMatch,
    OpgegevenAdres,
    address_first,
    find_addresses,
)
from goedwonen.registry.models import Adres

from . import workflow
from .attachments import CheckedFile
from .models import (
    Bijlage,
    Melderbericht,
    MelderContact,
    MelderSoort,
    Melding,
    Meldingstatus,
    Routeringsregel,
    Servicenorm,
    StatusWijziging,
    Triage,
)
from .routing import Route, Router

if TYPE_CHECKING:
    from goedwonen.accounts.models import Organisatie, User

ACTIVITY = Verwerkingsactiviteitcode.MELDINGEN_BEHANDELING
PUBLIC_SOURCE = "meldpunt"
CONTACT_RETENTION = timedelta(days=4 * 365)  # Besluit goed verhuurderschap: 4 years
REFERENCE_ATTEMPTS = 3
# Reports per bulk write of a delivery: a city's history in a few dozen statements.
BULK_BATCH = 2000
# Values per IN list of a look-up: few queries, and well within SQLite's 32,766 parameters.
LOOKUP_CHUNK = 10_000
# Once: an enum's `.values` builds a new list each time, and a delivery checks every report.
_CATEGORIES = frozenset(Categorie.values)
_REPORTER_KINDS = frozenset(MelderSoort.values)
_V = TypeVar("_V")


@dataclass(frozen=True)
class Contact:
    naam: str = ""
    email: str = ""
    telefoon: str = ""

    def __bool__(self) -> bool:
        return bool(self.naam or self.email or self.telefoon)


@dataclass(frozen=True)
class Registratie:
    melding: Melding
    created: bool
    statuslink_secret: str | None = None
    # A retry (created False): the fields, as the service names them, in which it differs
    # from the report stored under its (bron, bron_id). Empty: the same report again.
    verschillen: tuple[str, ...] = ()


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


def _new_reference() -> str:
    return new_reference("GW")


def statuslink_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


# The found address as registration reads it: what routing needs and the report's
# representation shows (the API answers with it), and whether its object has an open case for
# the report to join. The object's and the area's other columns would make this per-report
# query far costlier to build; so would building it anew each time.
_REGISTERED_ADDRESS = (
    Adres.objects.select_related("verblijfsobject__buurt")
    .only(
        "nummeraanduiding",
        "openbareruimte",
        "huisnummer",
        "huisletter",
        "toevoeging",
        "postcode",
        "woonplaats",
        "verblijfsobject__buurt__code",
    )
    .annotate(open_case=open_case_exists(OuterRef("verblijfsobject")))
)


def _chunks(values: Sequence[_V], size: int = LOOKUP_CHUNK) -> Iterator[Sequence[_V]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _field_errors(
    *,
    bron: str,
    bron_id: str,
    categorie: str,
    omschrijving: str,
    melder_soort: str,
    contact: Contact | None,
    melder_soort_required: bool = True,
) -> dict[str, str]:
    """What every channel checks of a report, by field."""
    errors: dict[str, str] = {}
    if not bron.strip():
        errors["bron"] = "Geef de bron van de melding."
    for name, value in (("bron", bron), ("bron_id", bron_id)):
        longest: int | None = getattr(Melding._meta.get_field(name), "max_length", None)
        if longest is not None and (message := validators.too_long(value, longest)):
            errors.setdefault(name, message)
    if categorie not in _CATEGORIES:
        errors["categorie"] = f"Onbekende categorie '{categorie}'."
    if not omschrijving.strip():
        errors["omschrijving"] = "Beschrijf wat er aan de hand is."
    elif message := validators.too_long(omschrijving, validators.MAX_DESCRIPTION):
        errors["omschrijving"] = message
    if melder_soort not in _REPORTER_KINDS and (melder_soort or melder_soort_required):
        errors["melder_soort"] = f"Onbekende soort melder '{melder_soort}'."
    if contact:
        if message := validators.too_long(contact.naam, validators.MAX_NAME):
            errors["naam"] = message
        for name, clean in (
            ("email", validators.clean_email),
            ("telefoon", validators.clean_telefoon),
        ):
            if getattr(contact, name):
                try:
                    clean(getattr(contact, name))
                except ValidationError as error:
                    errors[name] = error.messages[0]
    return errors


# The parts of a given address, each with its rule (core.validators).
_ADDRESS_PARTS: dict[str, Callable[[str], object]] = {
    "nummeraanduiding": validators.clean_nummeraanduiding,
    "postcode": validators.clean_postcode,
    "huisnummer": validators.clean_huisnummer,
    "huisletter": validators.clean_huisletter,
    "toevoeging": validators.clean_toevoeging,
}


def address_problems(given: OpgegevenAdres) -> dict[str, str]:
    """Per part of a given address that breaks its rule, what is wrong. One registration
    refuses such an address; a delivery stores it as given and queues it for matching."""
    problems: dict[str, str] = {}
    for name, clean in _ADDRESS_PARTS.items():
        value = getattr(given, name)
        if value.strip():
            try:
                clean(value)
            except ValidationError as error:
                problems[name] = error.messages[0]
    return problems


def _normalised(given: OpgegevenAdres) -> OpgegevenAdres:
    """The address in its one stored form ('3083 ab' is '3083AB'), parts that break their
    rule left as given."""
    parts: dict[str, str] = {}
    for name, clean in _ADDRESS_PARTS.items():
        value = getattr(given, name).strip()
        try:
            parts[name] = str(clean(value)) if value else ""
        except ValidationError:
            parts[name] = value
    return OpgegevenAdres(**parts)


def melding_register(
    *,
    actor: User | None,
    bron: str,
    categorie: str,
    omschrijving: str,
    adres: OpgegevenAdres,
    melder_soort: str,
    bron_id: str = "",
    contact: Contact | None = None,
    bijlagen: Sequence[CheckedFile] = (),
    ontvangen_op: datetime | None = None,
    router: Router | None = None,
) -> Registratie:
    """Register a report from any channel. Idempotent on (bron, bron_id): a retry returns the
    report that exists. `actor` None is the public reporting point."""
    if actor is None:
        if bron != PUBLIC_SOURCE:
            raise ValidationError({"bron": "Alleen het openbare meldpunt meldt zonder account."})
    else:
        require(actor, Capability.REPORTS_REGISTER)
    errors = _field_errors(
        bron=bron,
        bron_id=bron_id,
        categorie=categorie,
        omschrijving=omschrijving,
        melder_soort=melder_soort,
        contact=contact,
    ) | address_problems(adres)
    if errors:
        raise ValidationError(errors)
    adres = _normalised(adres)
    router = router or Router()
    for attempt in range(REFERENCE_ATTEMPTS):
        try:
            with transaction.atomic():
                return _create(
                    actor=actor,
                    bron=bron,
                    bron_id=bron_id,
                    categorie=categorie,
                    omschrijving=omschrijving,
                    adres=adres,
                    melder_soort=melder_soort,
                    contact=contact,
                    bijlagen=bijlagen,
                    ontvangen_op=ontvangen_op or timezone.now(),
                    router=router,
                )
        except IntegrityError:
            # Most reports are new, so nothing is looked up first: a retry of a stored
            # (bron, bron_id), or the same report arriving twice at once, ends here.
            existing = (
                Melding.objects.filter(bron=bron, bron_id=bron_id).first() if bron_id else None
            )
            if existing is not None:
                return Registratie(
                    existing,
                    created=False,
                    verschillen=_differences(
                        existing,
                        categorie=categorie,
                        omschrijving=omschrijving,
                        adres=adres,
                        melder_soort=melder_soort,
                        contact=contact,
                        ontvangen_op=ontvangen_op,
                    ),
                )
            if attempt + 1 == REFERENCE_ATTEMPTS:
                raise
            # Otherwise the new reference was taken (one in about 10^12): draw another.
    raise AssertionError("unreachable")


def _differences(
    stored: Melding,
    *,
    categorie: str,
    omschrijving: str,
    adres: OpgegevenAdres,
    melder_soort: str,
    contact: Contact | None,
    ontvangen_op: datetime | None,
) -> tuple[str, ...]:
    """The fields in which a retry differs from the report stored under its key: a retry
    sends the same report again, so a difference means a second report under a used key,
    which must not be dropped silently. Compared as stored (the address normalised); the
    time only when the retry gives one, the contact only while it is kept."""
    given: dict[str, object] = {
        "categorie": categorie,
        "omschrijving": omschrijving,
        "melder_soort": melder_soort,
        **vars(adres),
    }
    kept = _normalised(
        OpgegevenAdres(
            nummeraanduiding=stored.opgegeven_nummeraanduiding,
            postcode=stored.opgegeven_postcode,
            huisnummer=stored.opgegeven_huisnummer,
            huisletter=stored.opgegeven_huisletter,
            toevoeging=stored.opgegeven_toevoeging,
        )
    )
    have: dict[str, object] = {
        "categorie": stored.categorie,
        "omschrijving": stored.omschrijving,
        "melder_soort": stored.melder_soort,
        **vars(kept),
    }
    if ontvangen_op is not None:
        given["ontvangen_op"], have["ontvangen_op"] = ontvangen_op, stored.ontvangen_op
    stored_contact = MelderContact.objects.filter(melding=stored).first()
    if stored_contact is None or stored_contact.geanonimiseerd_op is None:
        theirs = contact or Contact()
        ours = stored_contact or MelderContact()
        for name in ("naam", "email", "telefoon"):
            given[name], have[name] = getattr(theirs, name).strip(), getattr(ours, name)
    return tuple(name for name, value in given.items() if have[name] != value)


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


def _new_melding(
    *,
    bron: str,
    bron_id: str,
    referentie: str,
    categorie: str,
    omschrijving: str,
    adres: OpgegevenAdres,
    melder_soort: str,
    ontvangen_op: datetime,
    match: AdresMatch | None,
    router: Router,
    link_hash: str = "",
) -> tuple[Melding, Route]:
    """A report as every channel stores it, not yet saved: its reference, the address as given
    and as found, the team the routing rules choose and the deadlines of the service norms."""
    route = router.route(buurt_id=match.buurt_id if match else None, categorie=categorie, bron=bron)
    triage_voor, afgehandeld_voor = router.deadlines(categorie, timezone.localdate(ontvangen_op))
    melding = Melding(
        bron=bron,
        bron_id=bron_id or referentie,
        referentie=referentie,
        statuslink_hash=link_hash,
        ontvangen_op=ontvangen_op,
        adres_id=match.adres_id if match else None,
        verblijfsobject_id=match.verblijfsobject_id if match else None,
        opgegeven_nummeraanduiding=adres.nummeraanduiding[:40],
        opgegeven_postcode=adres.postcode[:10],
        opgegeven_huisnummer=adres.huisnummer[:10],
        opgegeven_huisletter=adres.huisletter[:5],
        opgegeven_toevoeging=adres.toevoeging[:10],
        categorie=categorie,
        omschrijving=omschrijving,
        melder_soort=melder_soort,
        team_id=route.team_id,
        behandelaar_id=route.behandelaar_id,
        triage_voor=triage_voor,
        afgehandeld_voor=afgehandeld_voor,
    )
    if route.team is not None:
        melding.team = route.team  # the Router read it with the rule: no query to show it
    return melding, route


def _received(melding: Melding, *, actor: User | None, via: str, route: Route) -> StatusWijziging:
    """The first step of every report's history, not yet saved."""
    return StatusWijziging(
        melding=melding,
        naar=Meldingstatus.ONTVANGEN,
        door=actor,
        reden=f"Geregistreerd via {via}; routering: {route.regel}"
        + ("" if melding.adres_id else "; adres niet gevonden, in de koppelwachtrij"),
        melder_tekst=workflow.FOR_REPORTER[Meldingstatus.ONTVANGEN],
    )


def _create(
    *,
    actor: User | None,
    bron: str,
    bron_id: str,
    categorie: str,
    omschrijving: str,
    adres: OpgegevenAdres,
    melder_soort: str,
    contact: Contact | None,
    bijlagen: Sequence[CheckedFile],
    ontvangen_op: datetime,
    router: Router,
) -> Registratie:
    found = address_first(_REGISTERED_ADDRESS, adres)
    secret = secrets.token_urlsafe(24) if actor is None or contact else None
    # Unique in the database; on the rare collision the caller draws again.
    referentie = _new_reference()
    melding, route = _new_melding(
        bron=bron,
        bron_id=bron_id,
        referentie=referentie,
        categorie=categorie,
        omschrijving=omschrijving,
        adres=adres,
        melder_soort=melder_soort,
        ontvangen_op=ontvangen_op,
        match=(
            AdresMatch(found.pk, found.verblijfsobject.pk, found.verblijfsobject.buurt_id)
            if found
            else None
        ),
        router=router,
        link_hash=statuslink_hash(secret) if secret else "",
    )
    if found is not None:
        # As read, with its buurt: showing the report needs no query for them.
        melding.adres, melding.verblijfsobject = found, found.verblijfsobject
    melding.save(force_insert=True)
    _received(melding, actor=actor, via=bron, route=route).save(force_insert=True)
    if found is not None and found.open_case:  # type: ignore[attr-defined]
        _link_to_open_cases([melding])
    melder_contact: MelderContact | None = None
    if contact:
        melder_contact = MelderContact.objects.create(
            melding=melding,
            naam=contact.naam.strip(),
            email=contact.email.strip(),
            telefoon=contact.telefoon.strip(),
        )
    for checked in bijlagen:
        bijlage = Bijlage(
            melding=melding,
            soort=checked.content_type,
            grootte=len(checked.content),
            oorspronkelijke_naam=checked.original_name,
        )
        bijlage.bestand.save(
            f"{referentie}{checked.extension}", ContentFile(checked.content), save=False
        )
        bijlage.save()
    processing_log_record(
        actor=actor,
        operation="Melding geregistreerd",
        activity=ACTIVITY,
        subjects=[DataSubject("melder", referentie)] if contact else [],
        object_ref=f"melding:{referentie}",
    )
    if melder_contact is not None and melder_contact.email:
        Melderbericht.objects.create(
            contact=melder_contact, tekst=workflow.FOR_REPORTER[Meldingstatus.ONTVANGEN]
        )
    return Registratie(melding, created=True, statuslink_secret=secret)


def _link_to_open_cases(meldingen: Sequence[Melding]) -> None:
    """A report on an object with an open case joins that case; its director hears of it."""
    meldingen_link_to_open_cases(meldingen=meldingen)


@transaction.atomic
def melding_transition(*, actor: User, melding: Melding, naar: str, reden: str) -> Melding:
    """Move a report to another state, if the workflow allows it, with a reason."""
    require(actor, Capability.REPORTS_TRIAGE)
    melding = Melding.objects.select_for_update().get(pk=melding.pk)
    return _transition(actor=actor, melding=melding, naar=naar, reden=reden)


def _transition(
    *, actor: User, melding: Melding, naar: str, reden: str, melder_tekst: str | None = None
) -> Melding:
    """`melder_tekst`: what the reporter reads of this step (and is mailed, if they left an
    address); by default the state's own text, "" for a step they need not hear of."""
    if melder_tekst is None:
        melder_tekst = workflow.FOR_REPORTER[naar]
    if not reden.strip():
        raise ValidationError({"reden": "Geef een reden."})
    if message := validators.too_long(reden, validators.MAX_REASON):
        raise ValidationError({"reden": message})
    if not workflow.allowed(melding.status, naar):
        raise ValidationError(
            f"Van '{Meldingstatus(melding.status).label}' kan een melding niet naar "
            f"'{Meldingstatus(naar).label}'."
        )
    StatusWijziging.objects.create(
        melding=melding,
        van=melding.status,
        naar=naar,
        reden=reden,
        door=actor,
        melder_tekst=melder_tekst,
    )
    melding.status = naar
    melding.save(update_fields=["status"])
    processing_log_record(
        actor=actor,
        operation=f"Melding naar {Meldingstatus(naar).label.lower()}",
        activity=ACTIVITY,
        object_ref=f"melding:{melding.referentie or melding.pk}",
    )
    contact = MelderContact.objects.filter(melding=melding, geanonimiseerd_op__isnull=True).first()
    if melder_tekst and contact and contact.email:
        Melderbericht.objects.create(contact=contact, tekst=melder_tekst)
    return melding


def meldingen_close_with_case(
    *, actor: User, meldingen: QuerySet[Melding], reden: str, melder_tekst: str
) -> int:
    """Close a closing case's open reports, each with the outcome its reporter reads on the
    status page (and is mailed, if they left an address). For `casus_close`, inside its
    transaction and after its access check: directing the case is the right to close its
    reports. Returns how many it closed."""
    closed = 0
    for melding in meldingen.select_for_update().filter(status__in=workflow.OPEN):
        if not workflow.allowed(melding.status, Meldingstatus.AFGESLOTEN):
            # A report that joined the open case when it came in was never triaged: the
            # case was its triage. The reporter hears only the outcome.
            _transition(
                actor=actor,
                melding=melding,
                naar=Meldingstatus.IN_TRIAGE,
                reden="Opgepakt in de casus",
                melder_tekst="",
            )
        _transition(
            actor=actor,
            melding=melding,
            naar=Meldingstatus.AFGESLOTEN,
            reden=reden,
            melder_tekst=melder_tekst,
        )
        closed += 1
    return closed


@transaction.atomic
def melding_triage(
    *,
    actor: User,
    melding: Melding,
    uitkomst: str,
    reden: str,
    organisatie: Organisatie | None = None,
    behandelaar: User | None = None,
    casusregisseur: User | None = None,
) -> Melding:
    """Mono: hand to one cluster (and optionally its handler). Multi: hand to a case director,
    who directs the multidisciplinary case. Always with a reason."""
    require(actor, Capability.REPORTS_TRIAGE)
    melding = Melding.objects.select_for_update().get(pk=melding.pk)
    errors: dict[str, str] = {}
    if uitkomst == Triage.MONODISCIPLINAIR and organisatie is None:
        errors["organisatie"] = "Kies de organisatie die de melding behandelt."
    if uitkomst == Triage.MULTIDISCIPLINAIR and casusregisseur is None:
        errors["casusregisseur"] = "Kies de casusregisseur."
    elif (
        uitkomst == Triage.MULTIDISCIPLINAIR
        and casusregisseur is not None
        and not (casusregisseur.is_active and can(casusregisseur, Capability.CASES_DIRECT))
    ):
        errors["casusregisseur"] = (
            f"{casusregisseur.get_full_name() or casusregisseur.username} kan geen casussen "
            "regisseren: kies een casusregisseur uit de lijst."
        )
    if uitkomst not in Triage.values:
        errors["uitkomst"] = "Kies monodisciplinair of multidisciplinair."
    if not reden.strip():
        errors["reden"] = "Geef een reden voor de triage."
    elif message := validators.too_long(reden, validators.MAX_REASON):
        errors["reden"] = message
    if errors:
        raise ValidationError(errors)
    if melding.status in (Meldingstatus.ONTVANGEN, Meldingstatus.HEROPEND):
        _transition(
            actor=actor, melding=melding, naar=Meldingstatus.IN_TRIAGE, reden="Triage gestart"
        )
    naar = (
        Meldingstatus.DOORGEZET if uitkomst == Triage.MONODISCIPLINAIR else Meldingstatus.CASUSREGIE
    )
    melding.triage = uitkomst
    melding.doorgezet_naar = organisatie if uitkomst == Triage.MONODISCIPLINAIR else None
    melding.behandelaar = (
        behandelaar if uitkomst == Triage.MONODISCIPLINAIR else melding.behandelaar
    )
    melding.casusregisseur = casusregisseur if uitkomst == Triage.MULTIDISCIPLINAIR else None
    melding.save(update_fields=["triage", "doorgezet_naar", "behandelaar", "casusregisseur"])
    return _transition(actor=actor, melding=melding, naar=naar, reden=reden)


@transaction.atomic
def reporter_contacts_anonymise(*, now: datetime | None = None) -> int:
    """Blank the reporter's contact details once the retention term has passed (a task)."""
    cutoff = (now or timezone.now()) - CONTACT_RETENTION
    due = list(
        MelderContact.objects.filter(
            geanonimiseerd_op__isnull=True, melding__ontvangen_op__lt=cutoff
        ).select_related("melding")
    )
    for contact in due:
        contact.naam = contact.email = contact.telefoon = ""
        contact.geanonimiseerd_op = timezone.now()
        contact.save(update_fields=["naam", "email", "telefoon", "geanonimiseerd_op"])
    if due:
        processing_log_record(
            actor=None,
            operation="Contactgegevens melders geanonimiseerd",
            activity=ACTIVITY,
            subjects=[
                DataSubject("melder", c.melding.referentie or str(c.melding_id)) for c in due
            ],
        )
    return len(due)


@transaction.atomic
def routeringsregel_save(*, actor: User, regel: Routeringsregel) -> Routeringsregel:
    """Add or change a routing rule. Rules are data; the order decides (first match wins)."""
    require(actor, Capability.ROUTING_MANAGE)
    regel.full_clean()
    regel.save()
    _routing_changed()
    return regel


@transaction.atomic
def servicenorm_save(*, actor: User, norm: Servicenorm) -> Servicenorm:
    require(actor, Capability.ROUTING_MANAGE)
    norm.full_clean()
    norm.save()
    _routing_changed()
    return norm


def _routing_changed() -> None:
    # Now, and again once committed: a request in between may rebuild the shared Router from
    # the rows as they were before the commit.
    Router.forget_shared()
    transaction.on_commit(Router.forget_shared)
