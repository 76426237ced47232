"""What every write on a procedure shares: the access check (a jurist of the handling
organisation, who sees the case's enforcement part), the timeline line, the log line, the
state machine, the tasks."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from goedwonen.casussen.models import (
    Casus,
    Gebeurtenissoort,
    Onderdeel,
    Taak,
    Taakstatus,
)
from goedwonen.casussen.selectors import inzage_of
from goedwonen.casussen.services.timeline import gebeurtenis_add
from goedwonen.core import validators
from goedwonen.core.models import Verwerkingsactiviteitcode
from goedwonen.core.policy import Capability, require
from goedwonen.core.processing_log import DataSubject, processing_log_record

from ..models import Stapsoort, Traject, Trajectstap, Trajectstatus

if TYPE_CHECKING:
    from goedwonen.accounts.models import User


ACTIVITY = Verwerkingsactiviteitcode.HANDHAVING

# The procedure's state machine: from a status, where it may go, and why that edge exists.
TRANSITIONS: dict[str, dict[str, str]] = {
    Trajectstatus.LOPEND: {
        Trajectstatus.NAGELEEFD: "the re-inspection (or a later finding) shows compliance",
        Trajectstatus.AFGEROND: "the version's last step (collection) was taken",
        Trajectstatus.INGETROKKEN: "the body withdraws (objection upheld, wrong addressee)",
    },
    Trajectstatus.NAGELEEFD: {},
    Trajectstatus.AFGEROND: {},
    Trajectstatus.INGETROKKEN: {},
}


def _log(actor: User, traject: Traject, operation: str, ref: str = "") -> None:
    processing_log_record(
        actor=actor,
        operation=operation,
        activity=ACTIVITY,
        subjects=[DataSubject("eigenaar", traject.eigenaar.eigenaar_id)],
        object_ref=f"traject:{traject.pk}{ref}",
    )


def _require_handler(actor: User, traject: Traject) -> None:
    """A jurist of the organisation that handles the procedure (which for a case must
    still see the case's enforcement part)."""
    require(actor, Capability.ENFORCEMENT_WORK)
    if actor.organisatie_id is None or actor.organisatie_id != traject.organisatie_id:
        raise PermissionDenied("Alleen de organisatie die het traject behandelt, kan dit doen.")
    if traject.casus is not None:
        _require_enforcement_part(actor, traject.casus)


def _require_enforcement_part(actor: User, casus: Casus) -> None:
    try:
        inzage = inzage_of(actor=actor, casus=casus)
    except Casus.DoesNotExist:
        raise PermissionDenied("Deze casus is niet met uw organisatie gedeeld.") from None
    if not inzage.ziet(Onderdeel.HANDHAVING):
        raise PermissionDenied("De handhaving van deze casus is niet met uw organisatie gedeeld.")


def _timeline(traject: Traject, tekst: str, actor: User, taak: Taak | None = None) -> None:
    if traject.casus_id is not None:
        assert traject.casus is not None
        gebeurtenis_add(traject.casus, Gebeurtenissoort.HANDHAVING, tekst, actor, taak)


def _clean_text(value: str, field: str, limit: int, errors: dict[str, str]) -> str:
    value = value.strip()
    if message := validators.too_long(value, limit):
        errors[field] = message
    return value


def version_step(traject: Traject, index: int | None) -> dict[str, Any] | None:
    """The version's step at `index`, or None past the last."""
    stappen: list[dict[str, Any]] = traject.instrumentversie.stappen
    return stappen[index] if index is not None and 0 <= index < len(stappen) else None


# Steps of a version that are not taken in turn: an objection or appeal is recorded as an
# event when it comes (`Rechtsmiddel`; the version's step gives its term), and the closing
# letter (afsluiting) is sent only when a re-inspection found the order complied with.
OUT_OF_TURN = (Stapsoort.BEZWAAR, Stapsoort.BEROEP, Stapsoort.AFSLUITING)


def next_step_index(traject: Traject, after: Trajectstap | None) -> int | None:
    """The index in the version of the step that follows `after` (the last step taken,
    None: none yet), or None when no step follows. After a re-inspection that found
    compliance only the closing step (afsluiting) follows; otherwise the next step in
    order that is not out of turn."""
    stappen: list[dict[str, Any]] = traject.instrumentversie.stappen
    start = after.index + 1 if after is not None else 0
    complied = after is not None and after.nageleefd is True
    for index in range(start, len(stappen)):
        soort = stappen[index].get("soort")
        if complied and soort == Stapsoort.AFSLUITING:
            return index
        if not complied and soort not in OUT_OF_TURN:
            return index
    return None


def version_term(traject: Traject, soort: str) -> int | None:
    """The term (days) the version gives a step of this kind, None when it has none."""
    for stap in traject.instrumentversie.stappen:
        if stap.get("soort") == soort and stap.get("termijn_dagen") is not None:
            return int(stap["termijn_dagen"])
    return None


def _complete_task(actor: User, taak: Taak | None, uitkomst: str) -> None:
    if taak is None or taak.status != Taakstatus.OPEN:
        return
    taak.status = Taakstatus.AFGEROND
    taak.uitkomst = uitkomst
    taak.afgerond_door = actor
    taak.afgerond_op = timezone.now()
    taak.save(update_fields=["status", "uitkomst", "afgerond_door", "afgerond_op"])
    if taak.casus_id is not None:
        gebeurtenis_add(
            taak.casus,
            Gebeurtenissoort.TAAK,
            f"Taak '{taak.titel}' afgerond: {uitkomst}",
            actor,
            taak,
        )


def _set_status(traject: Traject, naar: str, datum: date, reden: str) -> None:
    if naar not in TRANSITIONS[traject.status]:
        raise ValidationError(
            f"Een traject met status '{traject.get_status_display()}' kan niet naar "
            f"'{Trajectstatus(naar).label}'."
        )
    traject.status = naar
    traject.afgesloten_op = datum
    traject.afsluitreden = reden
    traject.save(update_fields=["status", "afgesloten_op", "afsluitreden"])
