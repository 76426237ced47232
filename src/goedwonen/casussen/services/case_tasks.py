"""A case's tasks: set out (one by one or from the standard templates), completed, completed by
a visit, and the reminders of those nearly due.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from goedwonen.core import display, validators
from goedwonen.core.policy import Capability, can, require
from goedwonen.notificaties.models import Notificatiesoort
from goedwonen.notificaties.selectors import members_with
from goedwonen.notificaties.services import notificatie_send

from ..models import Casus, Casusstatus, Gebeurtenissoort, Onderdeel, Taak, Taaksjabloon, Taakstatus
from ..selectors import visible_cases
from .timeline import _log, _require_director, gebeurtenis_add

if TYPE_CHECKING:
    from goedwonen.accounts.models import Organisatie, User


@transaction.atomic
def taak_create(
    *,
    actor: User,
    casus: Casus,
    titel: str,
    organisatie: Organisatie,
    deadline: date,
    omschrijving: str = "",
    toegewezen_aan: User | None = None,
    woningbezoek: bool = False,
) -> Taak:
    """A task for an organisation (and optionally one of its people). A partner organisation
    must have the case shared with it, including its tasks. A home-visit task
    (`woningbezoek`) is completed by recording the visit."""
    _require_director(actor, casus)
    errors: dict[str, str] = {}
    if not titel.strip():
        errors["titel"] = "Geef de taak een titel."
    elif message := validators.too_long(titel.strip(), validators.MAX_TITLE):
        errors["titel"] = message
    if message := validators.too_long(omschrijving.strip(), validators.MAX_DESCRIPTION):
        errors["omschrijving"] = message
    if deadline < timezone.localdate():
        errors["deadline"] = "De deadline ligt in het verleden."
    if toegewezen_aan is not None and toegewezen_aan.organisatie_id != organisatie.pk:
        errors["toegewezen_aan"] = f"{toegewezen_aan} werkt niet bij {organisatie.naam}."
    if organisatie.pk != casus.organisatie_id and not _shares_tasks_with(casus, organisatie):
        errors["organisatie"] = (
            f"Deel de casus eerst met {organisatie.naam} (met het onderdeel taken)."
        )
    if errors:
        raise ValidationError(errors)
    taak = Taak.objects.create(
        casus=casus,
        titel=titel.strip(),
        omschrijving=omschrijving.strip(),
        organisatie=organisatie,
        toegewezen_aan=toegewezen_aan,
        deadline=deadline,
        woningbezoek=woningbezoek,
    )
    gebeurtenis_add(
        casus,
        Gebeurtenissoort.TAAK,
        f"Taak '{taak.titel}' voor {organisatie.naam}, uiterlijk {display.datum(deadline)}.",
        actor,
        taak,
    )
    _log(actor, casus, "Taak uitgezet")
    notificatie_send(
        ontvangers=[toegewezen_aan]
        if toegewezen_aan
        else members_with(organisatie_id=organisatie.pk, capabilities=[Capability.TASKS_WORK]),
        soort=Notificatiesoort.TAAK_TOEGEWEZEN,
        titel=f"Taak bij casus {casus.referentie}",
        link=reverse("casus", args=[casus.referentie]) + "#taken-kop",
    )
    return taak


def _shares_tasks_with(casus: Casus, organisatie: Organisatie) -> bool:
    return any(
        Onderdeel.TAKEN in d.onderdelen
        for d in casus.delingen.filter(
            organisatie=organisatie, beeindigd_op__isnull=True, tot__gte=timezone.localdate()
        )
    )


def taak_templates(*, casus: Casus) -> list[Taaksjabloon]:
    """The standard tasks for the case's categories (and those for any category), each task
    once: two categories may share one (a BRP address check for overbewoning and for
    niet_ingeschreven), and the case needs it once."""
    sjablonen = Taaksjabloon.objects.filter(categorie__in=[*casus.categorieen, ""], actief=True)
    unique = {(s.titel, s.organisatiecode): s for s in reversed(sjablonen)}
    return sorted(unique.values(), key=lambda s: (s.volgorde, s.titel))


@dataclass(frozen=True)
class TemplateTasks:
    """What setting out standard tasks did: the tasks made, and per template not made why
    (naming the organisation)."""

    made: list[Taak]
    refused: list[tuple[Taaksjabloon, str]]


def taken_from_templates(
    *, actor: User, casus: Casus, sjablonen: Sequence[Taaksjabloon]
) -> TemplateTasks:
    """Set out the chosen standard tasks, each in its own transaction: one that cannot be
    made (its organisation does not see the case's tasks yet) does not hold back the others,
    and says which organisation to share with first."""
    from goedwonen.accounts.models import Organisatie

    organisaties = {o.code: o for o in Organisatie.objects.filter(actief=True)}
    today = timezone.localdate()
    made: list[Taak] = []
    refused: list[tuple[Taaksjabloon, str]] = []
    for sjabloon in sjablonen:
        organisatie = organisaties.get(sjabloon.organisatiecode)
        if organisatie is None:
            refused.append(
                (sjabloon, f"organisatie '{sjabloon.organisatiecode}' bestaat niet of niet meer.")
            )
            continue
        try:
            made.append(
                taak_create(  # its own transaction (a savepoint inside a caller's)
                    actor=actor,
                    casus=casus,
                    titel=sjabloon.titel,
                    omschrijving=sjabloon.omschrijving,
                    organisatie=organisatie,
                    deadline=today + timedelta(days=sjabloon.dagen),
                    woningbezoek=sjabloon.woningbezoek,
                )
            )
        except ValidationError as error:
            refused.append((sjabloon, " ".join(error.messages)))
    return TemplateTasks(made, refused)


@transaction.atomic
def taak_complete(*, actor: User, taak: Taak, uitkomst: str) -> Taak:
    """Complete a task of the actor's own organisation, with its outcome on the timeline."""
    require(actor, Capability.TASKS_WORK)
    taak = Taak.objects.select_for_update().select_related("casus").get(pk=taak.pk)
    if (
        taak.organisatie_id != actor.organisatie_id
        or not visible_cases(actor).filter(pk=taak.casus_id).exists()
    ):
        raise PermissionDenied("Deze taak is niet voor uw organisatie.")
    if taak.status != Taakstatus.OPEN:
        raise ValidationError({"uitkomst": "Deze taak is niet meer open."})
    if not uitkomst.strip():
        raise ValidationError({"uitkomst": "Beschrijf de uitkomst."})
    if message := validators.too_long(uitkomst.strip(), validators.MAX_DESCRIPTION):
        raise ValidationError({"uitkomst": message})
    taak.status = Taakstatus.AFGEROND
    taak.uitkomst = uitkomst.strip()
    taak.afgerond_door = actor
    taak.afgerond_op = timezone.now()
    taak.save()
    gebeurtenis_add(
        taak.casus,
        Gebeurtenissoort.TAAK,
        f"Taak '{taak.titel}' afgerond door {actor.organisatie.naam if actor.organisatie else ''}: "
        f"{taak.uitkomst}",
        actor,
        taak,
    )
    _log(actor, taak.casus, "Taak afgerond")
    return taak


@transaction.atomic
def taak_assign(*, actor: User, taak: Taak, toegewezen_aan: User | None) -> Taak:
    """Hand an open task of the actor's own organisation to one of its people who work
    tasks, or (None) back to the organisation as a whole. On the timeline without a name."""
    require(actor, Capability.TASKS_WORK)
    taak = Taak.objects.select_for_update().select_related("casus", "organisatie").get(pk=taak.pk)
    if (
        taak.organisatie_id != actor.organisatie_id
        or not visible_cases(actor).filter(pk=taak.casus_id).exists()
    ):
        raise PermissionDenied("Deze taak is niet voor uw organisatie.")
    if taak.status != Taakstatus.OPEN:
        raise ValidationError({"toegewezen_aan": f"Taak '{taak.titel}' is niet meer open."})
    if toegewezen_aan is not None and not (
        toegewezen_aan.is_active
        and toegewezen_aan.organisatie_id == taak.organisatie_id
        and can(toegewezen_aan, Capability.TASKS_WORK)
    ):
        raise ValidationError(
            {
                "toegewezen_aan": f"{toegewezen_aan.get_full_name() or toegewezen_aan.username} "
                f"kan geen taken van {taak.organisatie.naam} uitvoeren."
            }
        )
    taak.toegewezen_aan = toegewezen_aan
    taak.save(update_fields=["toegewezen_aan"])
    gebeurtenis_add(
        taak.casus,
        Gebeurtenissoort.TAAK,
        f"Taak '{taak.titel}' "
        + (
            f"toegewezen aan een medewerker van {taak.organisatie.naam}."
            if toegewezen_aan
            else f"teruggegeven aan {taak.organisatie.naam}."
        ),
        actor,
        taak,
    )
    _log(actor, taak.casus, "Taak toegewezen")
    if toegewezen_aan is not None and toegewezen_aan != actor:
        notificatie_send(
            ontvangers=[toegewezen_aan],
            soort=Notificatiesoort.TAAK_TOEGEWEZEN,
            titel=f"Taak bij casus {taak.casus.referentie}",
            link=reverse("casus", args=[taak.casus.referentie]) + "#taken-kop",
        )
    return taak


def visit_tasks_complete(*, actor: User, casus: Casus, uitkomst: str) -> list[Taak]:
    """Complete the case's open home-visit tasks with the recorded visit as their outcome,
    each on the timeline. For the visit service (inspecties), inside its transaction and
    after its access check: recording the visit is doing the task, for whichever
    organisation it was set out."""
    taken = list(casus.taken.select_for_update().filter(status=Taakstatus.OPEN, woningbezoek=True))
    now = timezone.now()
    for taak in taken:
        taak.status = Taakstatus.AFGEROND
        taak.uitkomst = uitkomst
        taak.afgerond_door = actor
        taak.afgerond_op = now
        taak.save(update_fields=["status", "uitkomst", "afgerond_door", "afgerond_op"])
        gebeurtenis_add(
            casus,
            Gebeurtenissoort.TAAK,
            f"Taak '{taak.titel}' afgerond met het vastgelegde bezoek: {uitkomst}",
            actor,
            taak,
        )
    return taken


def task_reminders(*, today: date | None = None, days_ahead: int = 2) -> dict[str, list[Taak]]:
    """Open tasks due within `days_ahead` days or overdue, per e-mail address: the assignee,
    or else every active user of the task's organisation who works tasks."""
    from goedwonen.accounts.models import User

    today = today or timezone.localdate()
    due = Taak.objects.filter(
        status=Taakstatus.OPEN,
        deadline__lte=today + timedelta(days=days_ahead),
        casus__status__in=[s for s in Casusstatus.values if s != Casusstatus.GESLOTEN],
    ).select_related("casus", "toegewezen_aan")
    workers: dict[int, list[User]] = {}
    per_address: dict[str, list[Taak]] = {}
    for taak in due:
        if taak.toegewezen_aan is not None:
            people = [taak.toegewezen_aan]
        else:
            if taak.organisatie_id not in workers:
                workers[taak.organisatie_id] = [
                    u
                    for u in User.objects.filter(
                        organisatie_id=taak.organisatie_id, is_active=True
                    ).prefetch_related("rollen")
                    if can(u, Capability.TASKS_WORK)
                ]
            people = workers[taak.organisatie_id]
        for person in people:
            if person.email and person.is_active:
                per_address.setdefault(person.email, []).append(taak)
    return per_address
