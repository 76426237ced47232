"""Reads on cases. The one rule: an organisation sees a case when it directs it, or while a
sharing with it runs, and then only the parts shared (`Inzage`). Every path to case data
(list, detail, search, work queues, the address and owner pages, exports, the API) goes
through `visible_cases` and `casus_inzage`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from goedwonen.core.policy import Capability, can, require, require_any
from goedwonen.core.processing_log import DataSubject, processing_log_record
from goedwonen.intake.models import Melding

from .models import (
    ONDERDEEL_VAN_SOORT,
    Casus,
    Casusstatus,
    Deling,
    Gebeurtenis,
    Onderdeel,
    Taak,
    Taakstatus,
)

if TYPE_CHECKING:
    from goedwonen.accounts.models import User

ACTIVITY = "casusregie"
ALL_PARTS = frozenset(Onderdeel.values)


def _running_shares(organisatie_id: int) -> QuerySet[Deling]:
    return Deling.objects.filter(
        organisatie_id=organisatie_id,
        beeindigd_op__isnull=True,
        tot__gte=timezone.localdate(),
    )


# Directing a case, working on one of its tasks or recording a visit in it includes seeing
# it (the parts shared).
SEES_CASES = (
    Capability.CASES_VIEW,
    Capability.CASES_DIRECT,
    Capability.TASKS_WORK,
    Capability.INSPECTIONS_RECORD,
)


def visible_cases(actor: User) -> QuerySet[Casus]:
    """The cases the actor's organisation directs or has a running sharing for."""
    if not any(can(actor, c) for c in SEES_CASES) or actor.organisatie_id is None:
        return Casus.objects.none()
    shared = _running_shares(actor.organisatie_id).filter(casus=OuterRef("pk"))
    return Casus.objects.filter(Q(organisatie_id=actor.organisatie_id) | Exists(shared))


def directs(actor: User, casus: Casus) -> bool:
    return actor.organisatie_id is not None and casus.organisatie_id == actor.organisatie_id


@dataclass(frozen=True)
class Inzage:
    """What the actor may see of one case."""

    casus: Casus
    organisatie_id: int  # the actor's
    regie: bool  # the actor's organisation directs the case: everything
    onderdelen: frozenset[str]

    def ziet(self, onderdeel: str) -> bool:
        return self.regie or onderdeel in self.onderdelen


def casus_inzage(*, actor: User, referentie: str) -> Inzage:
    """The case with what the actor may see of it; Casus.DoesNotExist when it may see none
    (the same answer as for a case that does not exist). The view is logged."""
    require_any(actor, *SEES_CASES)
    casus = (
        visible_cases(actor)
        .select_related("casusregisseur", "organisatie", "team")
        .get(referentie=referentie)
    )
    inzage = _inzage_of(actor, casus)
    processing_log_record(
        actor=actor,
        operation="Casus ingezien",
        activity=ACTIVITY,
        subjects=[
            DataSubject("eigenaar", p.eigenaar.eigenaar_id)
            for p in casus.partijen.select_related("eigenaar")
            if p.eigenaar is not None and inzage.ziet(Onderdeel.PARTIJEN)
        ],
        object_ref=f"casus:{casus.referentie}",
    )
    return inzage


def _inzage_of(actor: User, casus: Casus) -> Inzage:
    assert actor.organisatie_id is not None  # visible_cases shows none without one
    if directs(actor, casus):
        return Inzage(casus, actor.organisatie_id, True, ALL_PARTS)
    shares = _running_shares(actor.organisatie_id).filter(casus=casus)
    parts = frozenset(part for deling in shares for part in deling.onderdelen)
    return Inzage(casus, actor.organisatie_id, False, parts)


def inzage_of(*, actor: User, casus: Casus) -> Inzage:
    """What the actor may see of a case the caller already holds, without a log line: for a
    service or a page about one part of a case, which logs its own work. Casus.DoesNotExist
    when it may see none."""
    require_any(actor, *SEES_CASES)
    if not visible_cases(actor).filter(pk=casus.pk).exists():
        raise Casus.DoesNotExist
    return _inzage_of(actor, casus)


def tijdlijn(inzage: Inzage, *, soort: str = "") -> QuerySet[Gebeurtenis]:
    """The case's events the actor may see, newest first. A partner sees the events of the
    shared parts, and of tasks only those of its own organisation."""
    events = inzage.casus.tijdlijn.select_related("door__organisatie", "taak")
    if soort:
        events = events.filter(soort=soort)
    if inzage.regie:
        return events
    soorten = [s for s, part in ONDERDEEL_VAN_SOORT.items() if part in inzage.onderdelen]
    events = events.filter(soort__in=soorten)
    return events.filter(Q(taak__isnull=True) | Q(taak__organisatie_id=inzage.organisatie_id))


def taken_in_casus(inzage: Inzage) -> QuerySet[Taak]:
    taken = inzage.casus.taken.select_related("organisatie", "toegewezen_aan")
    if inzage.regie:
        return taken
    if not inzage.ziet(Onderdeel.TAKEN):
        return taken.none()
    return taken.filter(organisatie_id=inzage.organisatie_id)


@dataclass(frozen=True)
class CasusFilters:
    wachtrij: str = "organisatie"  # mijn | team | organisatie | gedeeld
    status: str = ""
    categorie: str = ""
    buurt: str = ""
    zoek: str = ""
    eigenaar: str = ""  # an owner's id or part of the name
    regisseur: int | None = None


def casus_list(*, actor: User, filters: CasusFilters) -> QuerySet[Casus]:
    require(actor, Capability.CASES_VIEW)
    cases = visible_cases(actor).select_related("casusregisseur", "organisatie")
    if filters.wachtrij == "mijn":
        cases = cases.filter(casusregisseur=actor)
    elif filters.wachtrij == "team":
        cases = cases.filter(team__in=actor.teams.all())
    elif filters.wachtrij == "gedeeld":
        cases = cases.exclude(organisatie=actor.organisatie)
    if filters.status == "open":
        cases = cases.exclude(status=Casusstatus.GESLOTEN)
    elif filters.status:
        cases = cases.filter(status=filters.status)
    if filters.categorie:
        # The JSON text holds each code in quotes (`contains` on JSON is not for SQLite).
        cases = cases.filter(categorieen__icontains=f'"{filters.categorie}"')
    if filters.buurt:
        cases = cases.filter(objecten__verblijfsobject__buurt__code=filters.buurt)
    if filters.eigenaar.strip():
        owner = filters.eigenaar.strip()
        cases = cases.filter(
            Q(partijen__eigenaar__eigenaar_id__iexact=owner)
            | Q(partijen__eigenaar__naam__icontains=owner)
        )
    if filters.regisseur:
        cases = cases.filter(casusregisseur_id=filters.regisseur)
    if filters.zoek:
        term = filters.zoek.strip()
        cases = cases.filter(
            Q(referentie__iexact=term)
            | Q(titel__icontains=term)
            | Q(objecten__adres__openbareruimte__icontains=term)
            | Q(objecten__adres__postcode__iexact=term.replace(" ", "").upper())
        )
    open_tasks = Count("taken", filter=Q(taken__status=Taakstatus.OPEN), distinct=True)
    late = Count(
        "taken",
        filter=Q(taken__status=Taakstatus.OPEN, taken__deadline__lt=timezone.localdate()),
        distinct=True,
    )
    cases = cases.annotate(open_taken=open_tasks, te_late_taken=late)
    return cases.distinct().order_by("-aangemaakt_op", "-pk")


def casussen_op_object(*, actor: User, verblijfsobject_id: int) -> QuerySet[Casus]:
    """The cases on one object that the actor may see (for the address page)."""
    return (
        visible_cases(actor)
        .filter(objecten__verblijfsobject_id=verblijfsobject_id)
        .select_related("organisatie")
        .distinct()
        .order_by("-aangemaakt_op")
    )


def casus_export(*, actor: User, filters: CasusFilters) -> list[Casus]:
    """The filtered list for export; the export is logged."""
    cases = list(casus_list(actor=actor, filters=filters))
    processing_log_record(
        actor=actor,
        operation="Casuslijst geëxporteerd",
        activity=ACTIVITY,
        object_ref=f"casussen:{len(cases)}",
    )
    return cases


@dataclass(frozen=True)
class TaakFilters:
    wachtrij: str = "mijn"  # mijn | organisatie | te_laat
    status: str = Taakstatus.OPEN


def taak_list(*, actor: User, filters: TaakFilters) -> QuerySet[Taak]:
    """Tasks of the actor's organisation in cases it may see (the directing organisation's
    own tasks included)."""
    require(actor, Capability.TASKS_WORK)
    taken = Taak.objects.filter(
        organisatie=actor.organisatie, casus__in=visible_cases(actor)
    ).select_related("casus", "toegewezen_aan")
    if filters.status:
        taken = taken.filter(status=filters.status)
    if filters.wachtrij == "mijn":
        taken = taken.filter(Q(toegewezen_aan=actor) | Q(toegewezen_aan__isnull=True))
    elif filters.wachtrij == "te_laat":
        taken = taken.filter(status=Taakstatus.OPEN, deadline__lt=timezone.localdate())
    return taken.order_by("deadline", "pk")


def overdue(taak: Taak, today: date | None = None) -> bool:
    return taak.status == Taakstatus.OPEN and taak.deadline < (today or timezone.localdate())


def melding_voor_casus(*, actor: User, pk: int) -> Melding:
    """A report a case director makes a case from (the view is logged)."""
    require(actor, Capability.CASES_DIRECT)
    melding = Melding.objects.select_related("adres", "casus").get(pk=pk)
    processing_log_record(
        actor=actor,
        operation="Melding ingezien voor casus",
        activity=ACTIVITY,
        object_ref=f"melding:{melding.referentie or melding.pk}",
    )
    return melding
