"""Reads for an owner's page, each costing what it shows: the facts and flags as counts, the
portfolio, the reports, controls and enforcement decisions as pages of their own, the map's
points on request. A housing corporation owns tens of thousands of dwellings; no read here
loads them all (ADR 0027). The owner's objects are a subquery, never a list in Python."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from goedwonen.core import display
from goedwonen.core.policy import Capability, can, require
from goedwonen.core.processing_log import DataSubject, processing_log_record
from goedwonen.intake.models import Melding

from .models import (
    Adres,
    Controle,
    Eigenaar,
    Eigenaarsoort,
    Eigendom,
    Gebied,
    Handhaving,
    Levering,
)
from .selectors import ACTIVITY, map_points

if TYPE_CHECKING:
    from goedwonen.accounts.models import User

# Owner flags (parameters of the owner page; policy, not law).
ENFORCEMENT_WINDOW_YEARS = 4  # Wgv: a repeat within four years raises the fine
RECURRING_MIN_OBJECTS = 2  # violations found at this many of the owner's objects
LARGE_PORTFOLIO = 10


@dataclass
class Buurtregel:
    code: str
    naam: str
    aantal: int


@dataclass
class EigenaarDossier:
    eigenaar: Eigenaar
    in_bezit: int
    verkocht: int
    buurten: list[Buurtregel]
    vlaggen: list[str] = field(default_factory=list)
    meldingen: bool = False  # whether the actor may open the reports part
    historie: bool = False  # ... the controls and enforcement parts


def _objects_of(eigenaar: Eigenaar) -> QuerySet[Eigendom, Any]:
    """The owner's objects, now or before, as a subquery (the history covers sold ones too)."""
    return Eigendom.objects.filter(eigenaar=eigenaar).values("verblijfsobject_id")


def _log_owner_read(*, actor: User, eigenaar: Eigenaar, operation: str) -> None:
    """A natural person is logged as the data subject; a company by the owner as object."""
    subjects = (
        [DataSubject("eigenaar", eigenaar.eigenaar_id)]
        if eigenaar.soort == Eigenaarsoort.NATUURLIJK_PERSOON
        else []
    )
    processing_log_record(
        actor=actor,
        operation=operation,
        activity=ACTIVITY,
        subjects=subjects,
        object_ref=f"eigenaar:{eigenaar.eigenaar_id}" if not subjects else "",
    )


def eigenaar_get(*, actor: User, eigenaar_id: str) -> Eigenaar:
    require(actor, Capability.REGISTRY_VIEW)
    return Eigenaar.objects.get(eigenaar_id=eigenaar_id)


@dataclass(frozen=True)
class _Feiten:
    buurten: list[Buurtregel]
    verkocht: int
    handhaving: int  # enforcement decisions in the window
    objecten_met_overtreding: int  # objects with a violation found in the window


# The facts come from imported data alone (ownerships, controls, enforcement decisions are
# written by imports, registry/importer): they are kept per owner until the next delivery
# changes them, and a day at most. A corporation's took 100 ms of the database per view at
# a million cases (56,614 ownerships grouped by buurt).
FEITEN_SECONDS = 24 * 3600


def _registerstand() -> str:
    """The newest delivery and how far it got: changes when an import starts or ends."""
    newest = (
        Levering.objects.order_by("-gestart_op", "-pk")
        .values_list("pk", "status", "klaar_op")
        .first()
    )
    if newest is None:
        return "geen"
    pk, status, klaar_op = newest
    return f"{pk}-{status}-{klaar_op.timestamp() if klaar_op else 0}"


def _feiten(eigenaar: Eigenaar) -> _Feiten:
    today = timezone.localdate()
    key = f"eigenaarfeiten:{eigenaar.pk}:{today.isoformat()}:{_registerstand()}"
    found: _Feiten | None = cache.get(key)
    if found is not None:
        return found
    ownerships = Eigendom.objects.filter(eigenaar=eigenaar)
    objects = _objects_of(eigenaar)
    since = today - timedelta(days=365 * ENFORCEMENT_WINDOW_YEARS)
    found = _Feiten(
        buurten=[
            Buurtregel(code or "", naam or "", n)
            for code, naam, n in ownerships.filter(beeindigd_op__isnull=True)
            .values_list("verblijfsobject__buurt__code", "verblijfsobject__buurt__naam")
            .annotate(n=Count("pk"))
            .order_by("-n", "verblijfsobject__buurt__naam")  # where it owns most, first
        ],
        verkocht=ownerships.filter(beeindigd_op__isnull=False).count(),
        handhaving=Handhaving.objects.filter(
            Q(eigenaar=eigenaar) | Q(verblijfsobject__in=objects), datum__gte=since
        )
        .exclude(instrument__in=["waarschuwingsgesprek"])
        .count(),
        objecten_met_overtreding=Controle.objects.filter(
            verblijfsobject__in=objects, overtreding="ja", datum__gte=since
        )
        .values("verblijfsobject")
        .distinct()
        .count(),
    )
    cache.set(key, found, FEITEN_SECONDS)
    return found


def eigenaar_dossier(*, actor: User, eigenaar_id: str) -> EigenaarDossier:
    """The owner's facts and flags, each a count (kept until the next import); the lists are
    parts of their own."""
    eigenaar = eigenaar_get(actor=actor, eigenaar_id=eigenaar_id)
    feiten = _feiten(eigenaar)
    in_bezit = sum(b.aantal for b in feiten.buurten)
    dossier = EigenaarDossier(
        eigenaar=eigenaar,
        in_bezit=in_bezit,
        verkocht=feiten.verkocht,
        buurten=feiten.buurten,
        meldingen=can(actor, Capability.REPORTS_VIEW),
        historie=can(actor, Capability.ENFORCEMENT_HISTORY_VIEW),
    )
    if in_bezit >= LARGE_PORTFOLIO:
        dossier.vlaggen.append(
            f"Grote portefeuille: {display.aantal(in_bezit, 'object', 'objecten')}"
        )
    if feiten.handhaving:
        dossier.vlaggen.append(
            f"Handhaving in de afgelopen {ENFORCEMENT_WINDOW_YEARS} jaar: "
            f"{display.aantal(feiten.handhaving, 'besluit', 'besluiten')}"
        )
    if feiten.objecten_met_overtreding >= RECURRING_MIN_OBJECTS:
        dossier.vlaggen.append(
            "Terugkerend in onderzoeken: overtredingen bij "
            f"{display.aantal(feiten.objecten_met_overtreding, 'object', 'objecten')} "
            f"in {ENFORCEMENT_WINDOW_YEARS} jaar"
        )
    _log_owner_read(actor=actor, eigenaar=eigenaar, operation="Eigenaar 360 ingezien")
    return dossier


def eigenaar_bezit(*, actor: User, eigenaar: Eigenaar, buurt: str = "") -> QuerySet[Eigendom]:
    """The objects the owner holds now, in the order of the index on (owner, end, object);
    `buurt` (a code) narrows them to one neighbourhood. Each page prefetches its addresses."""
    require(actor, Capability.REGISTRY_VIEW)
    found = eigenaar.eigendommen.filter(beeindigd_op__isnull=True)
    if buurt:
        found = found.filter(verblijfsobject__buurt_id=Gebied.pk_van(buurt))
    return (
        found.select_related("verblijfsobject__buurt")
        .prefetch_related(
            Prefetch("verblijfsobject__adressen", queryset=Adres.objects.order_by("-hoofdadres"))
        )
        .order_by("verblijfsobject_id")
    )


def eigenaar_meldingen(*, actor: User, eigenaar_id: str) -> tuple[Eigenaar, QuerySet[Melding]]:
    """Reports on the owner's objects (now or before), newest first. The view logs the page
    it shows (intake's `meldingen_read`)."""
    require(actor, Capability.REPORTS_VIEW)
    eigenaar = Eigenaar.objects.get(eigenaar_id=eigenaar_id)
    return eigenaar, (
        Melding.objects.filter(verblijfsobject__in=_objects_of(eigenaar))
        .select_related("adres")
        .order_by("-ontvangen_op", "-pk")
    )


def eigenaar_controles(*, actor: User, eigenaar_id: str) -> tuple[Eigenaar, QuerySet[Controle]]:
    require(actor, Capability.ENFORCEMENT_HISTORY_VIEW)
    eigenaar = Eigenaar.objects.get(eigenaar_id=eigenaar_id)
    _log_owner_read(actor=actor, eigenaar=eigenaar, operation="Controles bij eigenaar ingezien")
    return eigenaar, (
        Controle.objects.filter(verblijfsobject__in=_objects_of(eigenaar))
        .select_related("verblijfsobject")
        .order_by("-datum", "-pk")
    )


def eigenaar_handhavingen(
    *, actor: User, eigenaar_id: str
) -> tuple[Eigenaar, QuerySet[Handhaving]]:
    require(actor, Capability.ENFORCEMENT_HISTORY_VIEW)
    eigenaar = Eigenaar.objects.get(eigenaar_id=eigenaar_id)
    _log_owner_read(
        actor=actor, eigenaar=eigenaar, operation="Handhavingsbesluiten bij eigenaar ingezien"
    )
    return eigenaar, (
        Handhaving.objects.filter(
            Q(eigenaar=eigenaar) | Q(verblijfsobject__in=_objects_of(eigenaar))
        )
        .select_related("verblijfsobject")
        .order_by("-datum", "-pk")
    )


def eigenaar_kaartpunten(*, actor: User, eigenaar_id: str) -> tuple[list[dict[str, Any]], bool]:
    """The main addresses of the owner's objects with a location (at most MAP_POINT_LIMIT);
    True when there were more."""
    eigenaar = eigenaar_get(actor=actor, eigenaar_id=eigenaar_id)
    return map_points(
        Adres.objects.filter(
            hoofdadres=True,
            verblijfsobject__lon__isnull=False,
            verblijfsobject__in=eigenaar.eigendommen.filter(beeindigd_op__isnull=True).values(
                "verblijfsobject_id"
            ),
        ).order_by("verblijfsobject_id")
    )
