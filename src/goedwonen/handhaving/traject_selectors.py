"""Reads on enforcement procedures. The one rule: a procedure on a case shows to whoever sees
the case's part `handhaving` (the directing organisation, a partner only when the sharing
includes it, `casussen.selectors.sees_part`); a procedure on a report without a case shows
to the organisation that handles it. Pages, the case section and the API all read through
`trajecten_visible`, and every read of the addressee (an owner) is logged.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, Q, QuerySet

from goedwonen.casussen.models import Onderdeel
from goedwonen.casussen.selectors import SEES_CASES, Inzage, sees_part
from goedwonen.core.models import Verwerkingsactiviteitcode
from goedwonen.core.policy import Capability, can, require_any
from goedwonen.core.processing_log import DataSubject, processing_log_record

from .models import Instrument, Instrumentversie, Rechtsmiddel, Traject, Trajectstap
from .traject_services import next_step_index, version_step

if TYPE_CHECKING:
    from goedwonen.accounts.models import User

ACTIVITY = Verwerkingsactiviteitcode.HANDHAVING
SEES_PROCEDURES = SEES_CASES  # ENFORCEMENT_WORK among them


def _trajecten() -> QuerySet[Traject]:
    # What a procedure shows is read by id (prefetch), not joined: joined to the case and the
    # report (tables of a million rows and many indexes) PostgreSQL spent 2 ms planning a
    # statement that ran in 0.2, on every case page, owner page and the legal work queue,
    # where the procedures are few (ADR 0027).
    return Traject.objects.prefetch_related(
        "casus",
        "melding",
        "organisatie",
        "eigenaar",
        "instrumentversie__instrument",
        Prefetch("stappen", queryset=Trajectstap.objects.select_related("verzending", "door")),
        Prefetch(
            "rechtsmiddelen", queryset=Rechtsmiddel.objects.select_related("beslissing", "stap")
        ),
    )


def trajecten_visible(actor: User) -> QuerySet[Traject]:
    """The procedures the actor may see (see the module's rule)."""
    require_any(actor, *SEES_PROCEDURES)
    if actor.organisatie_id is None:
        return Traject.objects.none()
    # Through the join to the case, not `casus IN (cases seen)`: beside the rule for a
    # procedure without a case (an OR), PostgreSQL hashed every case the organisation sees
    # to show one procedure (200,000 cases, 110 ms at a million, ADR 0027).
    seen = sees_part(actor.organisatie_id, Onderdeel.HANDHAVING, path="casus__")
    on_case = seen if any(can(actor, c) for c in SEES_CASES) else Q()
    on_report = Q(casus__isnull=True, organisatie_id=actor.organisatie_id)
    return _trajecten().filter(on_case | on_report if on_case else on_report)


def trajecten_read(*, actor: User, trajecten: Iterable[Traject], operation: str) -> None:
    """Log procedures shown to the actor: each names its addressee, an owner."""
    objects = [
        (f"traject:{t.pk}", DataSubject("eigenaar", t.eigenaar.eigenaar_id)) for t in trajecten
    ]
    if objects:
        processing_log_record(actor=actor, operation=operation, activity=ACTIVITY, objects=objects)


def traject_list(*, actor: User, casus: str = "") -> QuerySet[Traject]:
    """The visible procedures, newest first; `casus` a case reference to filter on."""
    trajecten = trajecten_visible(actor)
    if casus:
        trajecten = trajecten.filter(casus__referentie=casus)
    return trajecten.order_by("-gestart_op", "-pk")


def traject_get(*, actor: User, pk: int) -> Traject:
    """One procedure, its view logged; Traject.DoesNotExist when not visible."""
    traject = trajecten_visible(actor).get(pk=pk)
    trajecten_read(actor=actor, trajecten=[traject], operation="Handhavingstraject ingezien")
    return traject


def trajecten_in_casus(*, actor: User, inzage: Inzage) -> list[Traject]:
    """The case's procedures for its page section (logged), [] without the part."""
    if not inzage.ziet(Onderdeel.HANDHAVING):
        return []
    trajecten = list(trajecten_visible(actor).filter(casus=inzage.casus))
    trajecten_read(actor=actor, trajecten=trajecten, operation="Handhavingstrajecten ingezien")
    return trajecten


def trajecten_van_eigenaar(*, actor: User, eigenaar_id: int) -> list[Traject]:
    """The visible procedures against an owner, newest first, for the owner page (logged)."""
    trajecten = list(
        trajecten_visible(actor).filter(eigenaar_id=eigenaar_id).order_by("-gestart_op", "-pk")
    )
    trajecten_read(actor=actor, trajecten=trajecten, operation="Handhavingstrajecten ingezien")
    return trajecten


def stap_brief(*, actor: User, traject_pk: int, stap_pk: int) -> Trajectstap:
    """A step's letter, to download (logged); Trajectstap.DoesNotExist when not visible."""
    try:
        traject = trajecten_visible(actor).get(pk=traject_pk)
    except Traject.DoesNotExist:
        raise Trajectstap.DoesNotExist from None
    stap = traject.stappen.exclude(brief_pdf="").get(pk=stap_pk)
    processing_log_record(
        actor=actor,
        operation="Brief van handhavingstraject gedownload",
        activity=ACTIVITY,
        subjects=[DataSubject("eigenaar", traject.eigenaar.eigenaar_id)],
        object_ref=f"traject:{traject.pk}/stap:{stap.index}",
    )
    return stap


def may_handle(actor: User, traject: Traject) -> bool:
    return (
        can(actor, Capability.ENFORCEMENT_WORK)
        and actor.organisatie_id is not None
        and actor.organisatie_id == traject.organisatie_id
    )


def next_step(traject: Traject) -> dict[str, Any] | None:
    """The version's step that comes next, None when the procedure runs no more."""
    if not traject.is_lopend:
        return None
    return version_step(traject, next_step_index(traject, traject.laatste_stap))


def current_versions() -> list[Instrumentversie]:
    """The current (latest) version of every active instrument, in catalogue order."""
    versies = []
    for instrument in Instrument.objects.filter(actief=True).prefetch_related("versies"):
        latest = max(instrument.versies.all(), key=lambda v: v.versie, default=None)
        if latest is not None and latest.stappen:
            versies.append(latest)
    return versies
