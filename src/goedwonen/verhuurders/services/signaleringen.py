"""Recidivism alerts. A warning talk puts the owner in monitoring (`verhuurders.regels`);
during that period anything new at ANY dwelling the owner owns raises an alert to the case
director and a "handhaven" task at once, in the transaction that records the event.

Live events arrive through the `core.registries.dwelling_events` hook (`dwelling_event`):
reports registered on an object (intake), visits that establish a violation (inspecties) and
enforcement decisions (handhaving). Imported history arrives with the nightly import: after an
import and every night `imported_violations_alert` raises the alerts for imported inspections
with a violation and imported enforcement decisions, like a live event. An alert is raised
once per owner and source record, so calling either again changes nothing.

Which case an alert goes to: the event's own case; else the open case on the dwelling; else
the open case of the warning talk (a talk held in the product from a case). With none of
these (an imported talk, a report on a dwelling without a case) the alert is raised without a
case and task: it stands open on the owner's page and the monitoring pages until someone
handles it, as a case director cannot be told without a case.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from goedwonen.casussen.models import Casus, Casusstatus, Gebeurtenissoort, Taak
from goedwonen.casussen.services.open_cases import open_cases_by_object
from goedwonen.casussen.services.timeline import gebeurtenis_add
from goedwonen.core import display, validators
from goedwonen.core.models import Verwerkingsactiviteitcode
from goedwonen.core.policy import Capability, require
from goedwonen.core.processing_log import DataSubject, processing_log_record
from goedwonen.inspecties.models import Bezoek
from goedwonen.notificaties.models import Notificatiesoort
from goedwonen.notificaties.selectors import members_with
from goedwonen.notificaties.services import notificatie_send
from goedwonen.registry.models import Eigenaar, Handhaving, Verblijfsobject

from .. import regels
from ..models import (
    Gesprekssoort,
    Gespreksstatus,
    Recidivesignalering,
    Recidivesoort,
    Verhuurdergesprek,
)
from . import naam

if TYPE_CHECKING:
    from goedwonen.accounts.models import User

ACTIVITY = Verwerkingsactiviteitcode.VERHUURDERMONITORING
# The "handhaven" task is due this many days after the alert: enforcement "at once".
HANDHAVEN_DAGEN = 5
TALKS = {Gesprekssoort.WAARSCHUWINGSGESPREK, Gesprekssoort.STOPGESPREK}


def dwelling_event(
    *,
    verblijfsobject_id: int,
    soort: str,
    datum: date,
    bron: str,
    casus_id: int | None = None,
    actor: User | None = None,
) -> list[Recidivesignalering]:
    """The `dwelling_events` hook: alert for every owner of the dwelling (on `datum`) for
    whom an event on that date is recidivism after a warning talk (`regels`, the same window
    as the `recidive` signal). Returns the alerts raised now (none when raised before)."""
    if not regels.warning_talk_window_open(datum):
        return []
    owners = regels.owners_on(verblijfsobject_id, datum)
    if not owners:
        return []
    in_monitoring = regels.recidive_window_on(datum, eigenaren=[o.pk for o in owners])
    return [
        alert
        for eigenaar in owners
        if eigenaar.pk in in_monitoring
        and (
            alert := _raise(
                eigenaar=eigenaar,
                verblijfsobject_id=verblijfsobject_id,
                soort=soort,
                datum=datum,
                bron=bron,
                waarschuwing_op=in_monitoring[eigenaar.pk],
                casus_id=casus_id,
                actor=actor,
            )
        )
        is not None
    ]


def _warning_talk(eigenaar: Eigenaar, waarschuwing_op: date) -> Verhuurdergesprek | None:
    return (
        Verhuurdergesprek.objects.filter(
            eigenaar=eigenaar,
            soort=Gesprekssoort.WAARSCHUWINGSGESPREK,
            status=Gespreksstatus.GEHOUDEN,
            gehouden_op=waarschuwing_op,
        )
        .select_related("casus")
        .order_by("-pk")
        .first()
    )


def _case_for(
    casus_id: int | None, verblijfsobject_id: int, gesprek: Verhuurdergesprek | None
) -> Casus | None:
    if casus_id is not None:
        return Casus.objects.select_related("casusregisseur", "organisatie").get(pk=casus_id)
    if casus := open_cases_by_object([verblijfsobject_id]).get(verblijfsobject_id):
        return casus
    if gesprek is not None and gesprek.casus and gesprek.casus.status != Casusstatus.GESLOTEN:
        return gesprek.casus
    return None


def _same_record(bron: str) -> list[str]:
    """The sources that are one record with `bron`: a visit and the visits it corrects (a
    correction that still finds the violation is the same finding, not a new one)."""
    kind, _, key = bron.partition(":")
    if kind != "bezoek" or not key.isdigit():
        return [bron]
    chain, pk = [bron], int(key)
    while corrected := Bezoek.objects.filter(pk=pk).values_list("corrigeert", flat=True).first():
        chain.append(f"bezoek:{corrected}")
        pk = corrected
    return chain


def _raise(
    *,
    eigenaar: Eigenaar,
    verblijfsobject_id: int,
    soort: str,
    datum: date,
    bron: str,
    waarschuwing_op: date,
    casus_id: int | None,
    actor: User | None,
) -> Recidivesignalering | None:
    if Recidivesignalering.objects.filter(eigenaar=eigenaar, bron__in=_same_record(bron)).exists():
        return None
    gesprek = _warning_talk(eigenaar, waarschuwing_op)
    casus = _case_for(casus_id, verblijfsobject_id, gesprek)
    try:
        # A savepoint: the same record raised twice at once ends here, not in the caller.
        with transaction.atomic():
            alert = Recidivesignalering.objects.create(
                eigenaar=eigenaar,
                verblijfsobject_id=verblijfsobject_id,
                soort=soort,
                bron=bron,
                datum=datum,
                waarschuwing_op=waarschuwing_op,
                gesprek=gesprek,
                casus=casus,
            )
    except IntegrityError:
        return None
    vbo = Verblijfsobject.objects.get(pk=verblijfsobject_id)
    what = (
        f"{Recidivesoort(soort).label} op {display.datum(datum)} bij object {vbo.object_id} van "
        f"{naam(eigenaar)}, die sinds het waarschuwingsgesprek van "
        f"{display.datum(waarschuwing_op)} in monitoring is"
    )
    if casus is not None:
        taak = Taak.objects.create(
            casus=casus,
            titel=f"Handhaven: recidive van verhuurder {naam(eigenaar)}"[: validators.MAX_TITLE],
            omschrijving=f"{what}. Treed direct handhavend op.",
            organisatie_id=casus.organisatie_id,
            toegewezen_aan=casus.casusregisseur,
            deadline=timezone.localdate() + timedelta(days=HANDHAVEN_DAGEN),
        )
        alert.taak = taak
        alert.save(update_fields=["taak"])
        gebeurtenis_add(casus, Gebeurtenissoort.RECIDIVE, f"Recidive: {what}.", actor, taak)
    # The notice (and its mail) names no owner: the case director, or without a case those
    # who follow the monitor, read who it is in the product.
    notificatie_send(
        ontvangers=[casus.casusregisseur]
        if casus
        else members_with(organisatie_id=None, capabilities=[Capability.LANDLORDS_MONITOR]),
        soort=Notificatiesoort.SIGNALERING,
        titel=f"Recidive van een verhuurder in monitoring gesignaleerd, casus {casus.referentie}"
        if casus
        else "Recidive van een verhuurder in monitoring gesignaleerd",
        link=reverse("casus", args=[casus.referentie]) + "#taken-kop"
        if casus
        else reverse("verhuurders-signaleringen"),
    )
    processing_log_record(
        actor=actor,
        operation="Recidive van een verhuurder gesignaleerd",
        activity=ACTIVITY,
        subjects=[DataSubject("eigenaar", eigenaar.eigenaar_id)],
        object_ref=f"recidivesignalering:{alert.pk}",
    )
    return alert


def imported_violations_alert(*, today: date | None = None) -> int:
    """Raise the alerts for imported history (after an import, and nightly): each imported
    inspection with an established violation that `regels` counts as recidivism, and each
    imported enforcement decision at a dwelling of an owner then in monitoring. Only events
    within the last monitoring term: an old delivery does not set out tasks for periods long
    over. Returns how many alerts were raised."""
    today = today or timezone.localdate()
    since = regels.plus_maanden(today, -settings.MONITORING_MAANDEN)
    raised = 0
    objects = dict(Verblijfsobject.objects.values_list("object_id", "pk"))
    for signaal in regels.landlord_signals(today):
        if signaal.signaal != regels.RECIDIVE or signaal.datum < since:
            continue
        # A product visit raised its alert when it was recorded, unless the talk was recorded
        # after it: then it is raised here, once, like an imported inspection.
        visit = signaal.bron_id.startswith("bezoek:")
        with transaction.atomic():
            raised += len(
                dwelling_event(
                    verblijfsobject_id=objects[signaal.object_id],
                    soort=Recidivesoort.BEVINDING if visit else Recidivesoort.CONTROLE,
                    datum=signaal.datum,
                    bron=signaal.bron_id if visit else f"controle:{signaal.bron_id}",
                )
            )
    decisions = Handhaving.objects.filter(
        datum__gte=since, datum__lte=today, verblijfsobject__isnull=False
    ).exclude(instrument__in=TALKS)
    for bron_id, datum, vbo in decisions.values_list("bron_id", "datum", "verblijfsobject_id"):
        assert vbo is not None  # filtered above; for the type checker
        with transaction.atomic():
            raised += len(
                dwelling_event(
                    verblijfsobject_id=vbo,
                    soort=Recidivesoort.BESLUIT,
                    datum=datum,
                    bron=f"handhaving:{bron_id}",
                )
            )
    return raised


@transaction.atomic
def recidivesignalering_handle(
    *, actor: User, signalering: Recidivesignalering, afhandeling: str
) -> Recidivesignalering:
    """Mark an alert handled, saying how (the enforcement started, or why none)."""
    require(actor, Capability.LANDLORDS_MONITOR)
    signalering = Recidivesignalering.objects.select_for_update().get(pk=signalering.pk)
    if signalering.afgehandeld_op is not None:
        raise ValidationError("Deze signalering is al afgehandeld.")
    afhandeling = afhandeling.strip()
    if not afhandeling:
        raise ValidationError({"afhandeling": "Schrijf hoe de signalering is afgehandeld."})
    if message := validators.too_long(afhandeling, validators.MAX_DESCRIPTION):
        raise ValidationError({"afhandeling": message})
    signalering.afgehandeld_op = timezone.now()
    signalering.afgehandeld_door = actor
    signalering.afhandeling = afhandeling
    signalering.save(update_fields=["afgehandeld_op", "afgehandeld_door", "afhandeling"])
    processing_log_record(
        actor=actor,
        operation="Recidivesignalering afgehandeld",
        activity=ACTIVITY,
        subjects=[DataSubject("eigenaar", signalering.eigenaar.eigenaar_id)],
        object_ref=f"recidivesignalering:{signalering.pk}",
    )
    return signalering


def case_links_remove(*, casus: Casus) -> int:
    """When a case is destroyed after its retention term: its talks and alerts stay (they are
    the owner's monitoring record) but no longer point at it. Returns how many were unlinked."""
    unlinked = Recidivesignalering.objects.filter(casus=casus).update(casus=None, taak=None)
    return unlinked + Verhuurdergesprek.objects.filter(casus=casus).update(casus=None)
