"""Starting a procedure (on a case, or on a report handled without a case), closing it
before its last step, and removing a case's procedures when the case is destroyed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from goedwonen.casussen.models import (
    Casus,
    Partij,
    Partijrol,
)
from goedwonen.core import validators
from goedwonen.core.policy import Capability, require
from goedwonen.intake.models import Melding
from goedwonen.registry.models import Eigendom

from .. import brieven
from ..models import (
    Briefverzending,
    Instrumentversie,
    Rechtsmiddel,
    Rechtsmiddelbeslissing,
    Traject,
    Trajectstap,
    Trajectstatus,
)

if TYPE_CHECKING:
    from goedwonen.accounts.models import User
    from goedwonen.registry.models import Eigenaar

from .common import (
    _clean_text,
    _complete_task,
    _log,
    _require_enforcement_part,
    _require_handler,
    _set_status,
    _timeline,
)

# --- starting ---------------------------------------------------------------------------


def owner_parties(casus: Casus) -> list[Partij]:
    """The parties of a case an enforcement letter can go to: owners and landlords linked
    to the registry."""
    return list(
        casus.partijen.filter(
            eigenaar__isnull=False, rol__in=[Partijrol.EIGENAAR, Partijrol.VERHUURDER]
        ).select_related("eigenaar")
    )


def _start_checks(
    instrumentversie: Instrumentversie, eigenaar: Eigenaar | None, aanleiding: str, last: str
) -> tuple[str, str, dict[str, str]]:
    errors: dict[str, str] = {}
    aanleiding = _clean_text(aanleiding, "aanleiding", validators.MAX_DESCRIPTION, errors)
    last = _clean_text(last, "last", validators.MAX_DESCRIPTION, errors)
    if not aanleiding:
        errors["aanleiding"] = "Beschrijf de aanleiding: wat is vastgesteld, waar en wanneer."
    if not instrumentversie.stappen:
        errors["instrument"] = "Deze versie van het instrument heeft geen stappen."
    elif not instrumentversie.instrument.actief:
        errors["instrument"] = "Dit instrument wordt niet meer gebruikt."
    if eigenaar is None:
        errors["eigenaar"] = "Kies de eigenaar of verhuurder aan wie de brieven gaan."
    elif missing := brieven.postal_address_missing(eigenaar):
        errors["eigenaar"] = missing
    return aanleiding, last, errors


def _started(traject: Traject, actor: User, verblijfsobjecten: Sequence[int]) -> Traject:
    traject.verblijfsobjecten.set(verblijfsobjecten)
    versie = traject.instrumentversie
    _timeline(
        traject,
        f"Handhavingstraject '{versie.instrument.naam}' gestart (versie {versie.versie}), "
        f"gericht aan {traject.eigenaar}.",
        actor,
    )
    _log(actor, traject, "Handhavingstraject gestart")
    return traject


@transaction.atomic
def traject_start_on_case(
    *,
    actor: User,
    casus: Casus,
    instrumentversie: Instrumentversie,
    partij: Partij | None,
    aanleiding: str,
    last: str = "",
) -> Traject:
    """Start a procedure on a case, against an owner party of it, on the given version
    (the instrument's current one: the procedure keeps it)."""
    require(actor, Capability.ENFORCEMENT_WORK)
    _require_enforcement_part(actor, casus)
    if actor.organisatie_id is None:
        raise PermissionDenied("U hoort bij geen organisatie.")
    if not casus.is_open:
        raise ValidationError("De casus is gesloten: open haar eerst opnieuw.")
    eigenaar = partij.eigenaar if partij is not None and partij.casus_id == casus.pk else None
    aanleiding, last, errors = _start_checks(instrumentversie, eigenaar, aanleiding, last)
    if errors:
        raise ValidationError(errors)
    assert eigenaar is not None
    objecten = list(casus.objecten.values_list("verblijfsobject_id", flat=True))
    owned = list(
        Eigendom.objects.filter(
            eigenaar=eigenaar, beeindigd_op__isnull=True, verblijfsobject_id__in=objecten
        ).values_list("verblijfsobject_id", flat=True)
    )
    traject = Traject.objects.create(
        casus=casus,
        organisatie_id=actor.organisatie_id,
        instrumentversie=instrumentversie,
        eigenaar=eigenaar,
        aanleiding=aanleiding,
        last=last,
        gestart_door=actor,
    )
    # The case's dwellings this owner owns; all of them when the registry no longer says so.
    return _started(traject, actor, owned or objecten)


def report_may_have_procedure(melding: Melding, actor: User) -> bool:
    """A report forwarded to the actor's organisation to handle on its own (monodisciplinary
    triage), with a dwelling and no case: enforcement can start from the report itself.
    (The report page shows the link on the same conditions, intake/views.py.)"""
    return (
        melding.casus_id is None
        and melding.verblijfsobject_id is not None
        and actor.organisatie_id is not None
        and melding.doorgezet_naar_id == actor.organisatie_id
    )


def report_owners(melding: Melding) -> list[Eigenaar]:
    """The registry's current owners of the report's dwelling."""
    if melding.verblijfsobject_id is None:
        return []
    return [
        e.eigenaar
        for e in Eigendom.objects.filter(
            verblijfsobject_id=melding.verblijfsobject_id, beeindigd_op__isnull=True
        ).select_related("eigenaar")
    ]


@transaction.atomic
def traject_start_on_report(
    *,
    actor: User,
    melding: Melding,
    instrumentversie: Instrumentversie,
    eigenaar: Eigenaar | None,
    aanleiding: str,
    last: str = "",
) -> Traject:
    """Start a procedure on a report that the actor's organisation handles alone, without a
    case (monodisciplinary work), against an owner of the report's dwelling."""
    require(actor, Capability.ENFORCEMENT_WORK)
    if not report_may_have_procedure(melding, actor):
        raise PermissionDenied(
            "Een traject zonder casus kan alleen op een melding met een adres die uw "
            "organisatie zelf behandelt en die niet bij een casus hoort."
        )
    if eigenaar is not None and eigenaar.pk not in {e.pk for e in report_owners(melding)}:
        eigenaar = None
    aanleiding, last, errors = _start_checks(instrumentversie, eigenaar, aanleiding, last)
    if errors:
        raise ValidationError(errors)
    assert eigenaar is not None and melding.verblijfsobject_id is not None
    assert actor.organisatie_id is not None  # report_may_have_procedure checked it
    traject = Traject.objects.create(
        melding=melding,
        organisatie_id=actor.organisatie_id,
        instrumentversie=instrumentversie,
        eigenaar=eigenaar,
        aanleiding=aanleiding,
        last=last,
        gestart_door=actor,
    )
    return _started(traject, actor, [melding.verblijfsobject_id])


# --- closing ----------------------------------------------------------------------------


@transaction.atomic
def traject_close(*, actor: User, traject: Traject, status: str, reden: str) -> Traject:
    """Close a running procedure: complied (nageleefd) or withdrawn (ingetrokken)."""
    traject = (
        Traject.objects.select_for_update(of=("self",))
        .select_related("eigenaar", "casus")
        .get(pk=traject.pk)
    )
    _require_handler(actor, traject)
    errors: dict[str, str] = {}
    reden = _clean_text(reden, "reden", validators.MAX_REASON, errors)
    if not reden:
        errors["reden"] = "Geef de reden van het afsluiten."
    if status not in (Trajectstatus.NAGELEEFD, Trajectstatus.INGETROKKEN):
        errors["status"] = "Kies nageleefd of ingetrokken."
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    _set_status(traject, status, today, reden)
    for stap in traject.stappen.exclude(taak=None).select_related("taak"):
        _complete_task(actor, stap.taak, "Traject afgesloten.")
    _timeline(
        traject, f"Handhavingstraject afgesloten ({traject.get_status_display()}): {reden}", actor
    )
    _log(actor, traject, "Handhavingstraject afgesloten")
    return traject


# --- destruction ------------------------------------------------------------------------


@transaction.atomic
def trajecten_destroy(*, casus: Casus) -> int:
    """Remove a case's procedures, with their steps, letters and appeals, when the case is
    destroyed after its retention term (registered in `case_destroyers`). Past the
    append-only guard, as destruction is the one way these rows go."""
    trajecten = Traject.objects.filter(casus=casus)
    stappen: QuerySet[Trajectstap] = QuerySet(Trajectstap).filter(traject__in=trajecten)
    names = [n for n in stappen.values_list("brief_pdf", flat=True) if n]
    QuerySet(Rechtsmiddelbeslissing).filter(rechtsmiddel__traject__in=trajecten).delete()
    QuerySet(Rechtsmiddel).filter(traject__in=trajecten).delete()
    QuerySet(Briefverzending).filter(stap__in=stappen).delete()
    stappen.delete()
    count = trajecten.count()
    trajecten.delete()
    storage = Trajectstap._meta.get_field("brief_pdf").storage

    def remove_files() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(remove_files)
    return count
