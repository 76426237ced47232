"""Reads on reports, limited to what the actor may see. The reporter's contact details are
separate: only with REPORTER_IDENTITY_VIEW, and every view of them is logged."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from goedwonen.core.lists import TELGRENS, begrensd_tellen_samen, search_address, search_any
from goedwonen.core.models import Verwerkingsactiviteitcode
from goedwonen.core.policy import Capability, can, require, require_any
from goedwonen.core.processing_log import DataSubject, processing_log_record
from goedwonen.registry.models import Eigenaar, Eigendom, Gebied

from .models import Bijlage, MelderContact, Melding, Routeringsregel, Servicenorm
from .workflow import OPEN

if TYPE_CHECKING:
    from goedwonen.accounts.models import User

ACTIVITY = Verwerkingsactiviteitcode.MELDINGEN_BEHANDELING


@dataclass(frozen=True)
class MeldingFilters:
    status: str = ""
    categorie: str = ""
    bron: str = ""
    buurt: str = ""  # CBS code
    van: date | None = None
    tot: date | None = None


def _meldingen() -> QuerySet[Melding]:
    """Reports with what a list shows of them. No more joins than that: PostgreSQL's planning
    time grows steeply with each (a report joined to its six relations took 9-21 ms to plan
    and 1 ms to run at a million cases; with three, about 1 ms to plan). ADR 0027."""
    return Melding.objects.select_related("adres", "verblijfsobject__buurt", "team")


def _melding() -> QuerySet[Melding]:
    """One report with everything its page shows: the people and the organisation each read
    by id (none when not set), not joined (see `_meldingen`)."""
    return _meldingen().prefetch_related("behandelaar", "casusregisseur", "doorgezet_naar")


def melding_list(*, actor: User, filters: MeldingFilters) -> QuerySet[Melding]:
    """All reports the actor may see (REPORTS_VIEW), filtered."""
    require(actor, Capability.REPORTS_VIEW)
    reports = _meldingen()
    if filters.status:
        reports = reports.filter(status=filters.status)
    if filters.categorie:
        reports = reports.filter(categorie=filters.categorie)
    if filters.bron:
        reports = reports.filter(bron=filters.bron)
    if filters.buurt:
        # The buurt kept on the report: one index, however many objects the buurt holds.
        reports = reports.filter(buurt_id=Gebied.pk_van(filters.buurt))
    # Days as a range of moments (local midnight to midnight), not the moment cast to a
    # date: the range reads the index on the moment, the cast reads every report.
    if filters.van:
        reports = reports.filter(ontvangen_op__gte=_midnight(filters.van))
    if filters.tot:
        reports = reports.filter(ontvangen_op__lt=_midnight(filters.tot + timedelta(days=1)))
    return reports.order_by("-ontvangen_op", "-pk")


def _midnight(day: date) -> datetime:
    """The start of a day in the product's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def melding_get(*, actor: User, referentie: str) -> Melding:
    require(actor, Capability.REPORTS_VIEW)
    return _melding().get(referentie=referentie)


def melding_get_by_id(*, actor: User, pk: int) -> Melding:
    require_any(actor, Capability.REPORTS_VIEW, Capability.REPORTS_TRIAGE)
    return _melding().get(pk=pk)


def meldingen_read(*, actor: User, meldingen: Iterable[Melding], operation: str) -> None:
    """Log reports shown to the actor: their address and the resident's description are
    personal data, also without the reporter's identity. A line per report, with the report
    as object and its reporter as the data subject (known by the report's reference, as
    everywhere in intake); a page of them is one insert."""
    objects = [
        (f"melding:{reference}", DataSubject("melder", reference))
        for reference in (m.referentie or str(m.pk) for m in meldingen)
    ]
    if objects:
        processing_log_record(actor=actor, operation=operation, activity=ACTIVITY, objects=objects)


def melding_contact(*, actor: User, melding: Melding) -> MelderContact | None:
    """The reporter's contact details, when the actor may see them. Each view is logged."""
    if not can(actor, Capability.REPORTER_IDENTITY_VIEW):
        return None
    contact = MelderContact.objects.filter(melding=melding).first()
    if contact is not None and contact.geanonimiseerd_op is None:
        processing_log_record(
            actor=actor,
            operation="Contactgegevens melder ingezien",
            activity=ACTIVITY,
            subjects=[DataSubject("melder", melding.referentie or str(melding.pk))],
            object_ref=f"melding:{melding.referentie or melding.pk}",
        )
    return contact


def bijlage_open(*, actor: User, melding_pk: int, pk: int) -> Bijlage:
    """One attachment of a report, to open (a resident's photo can show people and the inside
    of a home: each open is logged). Bijlage.DoesNotExist when there is no such attachment of
    that report."""
    require(actor, Capability.REPORTS_VIEW)
    bijlage = Bijlage.objects.select_related("melding").get(melding_id=melding_pk, pk=pk)
    reference = bijlage.melding.referentie or str(bijlage.melding.pk)
    processing_log_record(
        actor=actor,
        operation="Bijlage van melding geopend",
        activity=ACTIVITY,
        subjects=[DataSubject("melder", reference)],
        object_ref=f"melding:{reference}/bijlage:{bijlage.pk}",
    )
    return bijlage


QUEUES = {
    "mijn": "Mijn meldingen",
    "team": "Mijn teams",
    "centraal": "Centrale wachtrij (geen team)",
    "alle": "Alle open meldingen",
}


def melding_queue(
    *,
    actor: User,
    queue: str,
    categorie: str = "",
    overdue_only: bool = False,
    zoek: str = "",
) -> QuerySet[Melding]:
    """A handler's work queue: open reports, overdue ones first, then oldest first. `zoek`
    finds a report by its reference or the source's id, its address (found or as given),
    postcode, its dwelling's current owner or a word of the description."""
    require(actor, Capability.REPORTS_TRIAGE)
    reports = _meldingen().filter(status__in=OPEN)
    if term := zoek.strip():
        reports = reports.filter(melding_search(term))
    if queue == "mijn":
        reports = reports.filter(Q(behandelaar=actor) | Q(casusregisseur=actor))
    elif queue == "team":
        reports = reports.filter(team_id__in=actor.team_ids())
    elif queue == "centraal":
        reports = reports.filter(team__isnull=True)
    if categorie:
        reports = reports.filter(categorie=categorie)
    today = timezone.localdate()
    if overdue_only:
        reports = reports.filter(
            Q(triage_voor__lt=today, triage="") | Q(afgehandeld_voor__lt=today)
        )
    return reports.order_by("afgehandeld_voor", "ontvangen_op")


def melding_search(term: str) -> Q:
    # The owner through a subquery, not a join: a dwelling has several ownerships in time.
    owner = Exists(
        Eigendom.objects.filter(
            verblijfsobject=OuterRef("verblijfsobject"),
            beeindigd_op__isnull=True,
            eigenaar__naam__icontains=term,
        )
    )
    given_postcode = term.replace(" ", "").upper()
    return search_any(
        term,
        Q(referentie__iexact=term) | Q(bron_id__iexact=term),
        lambda t: search_address(t, path="adres__"),
        Q(opgegeven_postcode__iexact=given_postcode),
        Q(omschrijving__icontains=term),
        Q(owner),
    )


def melding_queue_counts(*, actor: User) -> dict[str, int]:
    """How many open reports each queue holds, each counted on its own index up to
    `TELGRENS` and one past (show with `|begrensd`: "meer dan 1.000"), not by reading every
    open report once for all; the five in one statement (ADR 0027)."""
    require(actor, Capability.REPORTS_TRIAGE)
    today = timezone.localdate()
    open_reports = Melding.objects.filter(status__in=OPEN)
    queues = {
        # Mine in two halves, each read on its own index alone: as one OR PostgreSQL read
        # every report of either from the table (3.6 ms for a handler's 495, ADR 0027).
        "mijn": Q(behandelaar=actor),
        "mijn_regie": Q(casusregisseur=actor) & ~Q(behandelaar=actor),
        "in_team": Q(team_id__in=actor.team_ids()),
        "centraal": Q(team__isnull=True),
        "alle": Q(),
        "te_laat": Q(triage_voor__lt=today, triage="") | Q(afgehandeld_voor__lt=today),
    }
    counts = begrensd_tellen_samen({name: open_reports.filter(q) for name, q in queues.items()})
    counts["mijn"] = min(counts["mijn"] + counts.pop("mijn_regie"), TELGRENS + 1)
    return counts


RELATED_SHOWN = 10  # the first of each; the owner's page has them all, a page at a time


@dataclass
class Gerelateerd:
    """Reports related to one: the newest few on the same object and on other objects of its
    current owners; `meer_*` when there are more than shown. `eigenaren` link to the owner's
    page of reports, which has the full list."""

    object: list[Melding]
    eigenaar: list[Melding]
    meer_object: bool = False
    meer_eigenaar: bool = False
    eigenaren: list[Eigenaar] = field(default_factory=list)


def meldingen_related(*, actor: User, melding: Melding) -> Gerelateerd:
    """Reports on the same object, and on other objects of the same owner(s): the newest
    RELATED_SHOWN of each, newest first. The owners' objects are a semi-join (no DISTINCT
    over the joined rows): PostgreSQL reads either the few objects' reports from the index on
    (object, received) or, for a large portfolio, the newest reports until it has enough."""
    require_any(actor, Capability.REPORTS_VIEW, Capability.REPORTS_TRIAGE)
    if melding.verblijfsobject_id is None:
        return Gerelateerd(object=[], eigenaar=[])
    same_object = list(
        _meldingen()
        .filter(verblijfsobject_id=melding.verblijfsobject_id)
        .exclude(pk=melding.pk)
        .order_by("-ontvangen_op", "-pk")[: RELATED_SHOWN + 1]
    )
    owners = list(
        Eigenaar.objects.filter(
            eigendommen__verblijfsobject_id=melding.verblijfsobject_id,
            eigendommen__beeindigd_op__isnull=True,
        ).order_by("naam", "pk")
    )
    same_owner: list[Melding] = []
    if owners:
        # The ids first, then the rows with what they show: walking the newest reports
        # until enough are the owner's costs a join per report walked otherwise (82 ms for
        # a corporation at a million cases).
        newest = list(
            Melding.objects.filter(
                # The other objects in the subquery: an object with a thousand reports of
                # its own is not read for them.
                verblijfsobject__in=Eigendom.objects.filter(
                    eigenaar__in=owners, beeindigd_op__isnull=True
                )
                .exclude(verblijfsobject_id=melding.verblijfsobject_id)
                .values("verblijfsobject_id")
            )
            .order_by("-ontvangen_op", "-pk")
            .values_list("pk", flat=True)[: RELATED_SHOWN + 1]
        )
        same_owner = list(_meldingen().filter(pk__in=newest).order_by("-ontvangen_op", "-pk"))
    return Gerelateerd(
        object=same_object[:RELATED_SHOWN],
        eigenaar=same_owner[:RELATED_SHOWN],
        meer_object=len(same_object) > RELATED_SHOWN,
        meer_eigenaar=len(same_owner) > RELATED_SHOWN,
        eigenaren=owners,
    )


def routing_overview(*, actor: User) -> tuple[QuerySet[Routeringsregel], QuerySet[Servicenorm]]:
    require(actor, Capability.ROUTING_MANAGE)
    rules = Routeringsregel.objects.select_related("gebied", "team").order_by("volgorde", "pk")
    return rules, Servicenorm.objects.order_by("categorie")
