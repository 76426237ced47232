"""Transitions of a report: triage, a move to another state with a reason, and closing the
reports of a closing case. Each step is in the status history, the processing log and, where
the reporter left an address, their mail.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from goedwonen.core import validators
from goedwonen.core.policy import Capability, can, require
from goedwonen.core.processing_log import processing_log_record

from .. import workflow
from ..models import Melderbericht, MelderContact, Melding, Meldingstatus, StatusWijziging, Triage
from . import ACTIVITY

if TYPE_CHECKING:
    from goedwonen.accounts.models import Organisatie, Team, User


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
def melding_assign(
    *, actor: User, melding: Melding, team: Team | None = None, behandelaar: User | None = None
) -> Melding:
    """Hand an open report to a team (whose members then pick it up: the handler is cleared)
    or to a person who handles reports (the team stays). One line in its history."""
    require(actor, Capability.REPORTS_TRIAGE)
    melding = Melding.objects.select_for_update().get(pk=melding.pk)
    if (team is None) == (behandelaar is None):
        raise ValidationError("Kies een team of een behandelaar.")
    if melding.status not in workflow.OPEN:
        raise ValidationError(f"Melding {melding} is niet meer open.")
    if behandelaar is not None and not (
        behandelaar.is_active and can(behandelaar, Capability.REPORTS_TRIAGE)
    ):
        raise ValidationError(
            f"{behandelaar.get_full_name() or behandelaar.username} behandelt geen meldingen."
        )
    if team is not None:
        melding.team, melding.behandelaar = team, None
        reden = f"Toegewezen aan team {team.naam}"
    else:
        melding.behandelaar = behandelaar
        reden = "Toegewezen aan een behandelaar"
    melding.save(update_fields=["team", "behandelaar"])
    StatusWijziging.objects.create(
        melding=melding, van=melding.status, naar=melding.status, reden=reden, door=actor
    )
    processing_log_record(
        actor=actor,
        operation="Melding toegewezen",
        activity=ACTIVITY,
        object_ref=f"melding:{melding.referentie or melding.pk}",
    )
    return melding
