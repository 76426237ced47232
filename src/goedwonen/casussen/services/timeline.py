"""What every write on a case records: an event on its timeline (also for the services of other
apps) and a line in the processing log, after checking that the actor directs the case; and
the notes a director adds to the timeline.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction

from goedwonen.core import validators
from goedwonen.core.models import Verwerkingsactiviteitcode
from goedwonen.core.policy import Capability, require
from goedwonen.core.processing_log import DataSubject, processing_log_record

from ..models import Casus, Gebeurtenis, Gebeurtenissoort, Taak
from ..selectors import directs

if TYPE_CHECKING:
    from goedwonen.accounts.models import User


ACTIVITY = Verwerkingsactiviteitcode.CASUSREGIE


def _log(
    actor: User | None, casus: Casus, operation: str, subjects: Sequence[DataSubject] = ()
) -> None:
    processing_log_record(
        actor=actor,
        operation=operation,
        activity=ACTIVITY,
        subjects=subjects,
        object_ref=f"casus:{casus.referentie}",
    )


def gebeurtenis_add(
    casus: Casus, soort: str, tekst: str, door: User | None, taak: Taak | None = None
) -> Gebeurtenis:
    """Append an event to the case's timeline. For the services of this and other apps
    (visits, documents), inside their transaction, after their own access check.

    An event by anyone but the case's director is news for the director (`Casus.nieuws_op`)."""
    event = Gebeurtenis.objects.create(casus=casus, soort=soort, tekst=tekst, door=door, taak=taak)
    if door is None or door.pk != casus.casusregisseur_id:
        Casus.objects.filter(pk=casus.pk).update(nieuws_op=event.op)
        casus.nieuws_op = event.op
    return event


def nieuws_herberekenen() -> int:
    """`Casus.nieuws_op` of every case from its timeline, for a store loaded in bulk (the
    scale benchmark's, bench/_scale_rows.py); the number of cases. One statement."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE casussen_casus SET nieuws_op = (
                SELECT MAX(g.op) FROM casussen_gebeurtenis g
                WHERE g.casus_id = casussen_casus.id
                  AND (casussen_casus.casusregisseur_id IS NULL OR g.door_id IS NULL
                       OR g.door_id <> casussen_casus.casusregisseur_id)
            )
            """
        )
        return cursor.rowcount


def _require_director(actor: User, casus: Casus) -> None:
    require(actor, Capability.CASES_DIRECT)
    if not directs(actor, casus):
        raise PermissionDenied("Alleen de regisserende organisatie van de casus kan dit doen.")


@transaction.atomic
def casus_note(*, actor: User, casus: Casus, tekst: str) -> Gebeurtenis:
    _require_director(actor, casus)
    if not tekst.strip():
        raise ValidationError({"tekst": "Schrijf een notitie."})
    if message := validators.too_long(tekst.strip(), validators.MAX_NOTE):
        raise ValidationError({"tekst": message})
    event = gebeurtenis_add(casus, Gebeurtenissoort.NOTITIE, tekst.strip(), actor)
    _log(actor, casus, "Notitie toegevoegd")
    return event
