"""A case's life: create (from triaged reports or objects), link a report, status, close and
reopen.

Each write names its actor, checks the capability and the actor's access to the case, adds
to the timeline and writes the processing log in the same transaction.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from goedwonen.core import display, validators
from goedwonen.core.categories import Categorie
from goedwonen.core.policy import Capability, can, require
from goedwonen.core.processing_log import DataSubject
from goedwonen.core.references import new_reference
from goedwonen.intake.models import Melding
from goedwonen.intake.services.triage import meldingen_close_with_case
from goedwonen.registry.models import Adres, Eigendom, Gebied, Verblijfsobject

from .. import workflow
from ..models import (
    Casus,
    CasusObject,
    Casusstatus,
    Casusstatuswijziging,
    Gebeurtenissoort,
    Herkomst,
    Partij,
    Partijrol,
    Resultaat,
    Taakstatus,
)
from .open_cases import open_case_references
from .timeline import _log, _require_director, gebeurtenis_add

if TYPE_CHECKING:
    from goedwonen.accounts.models import User


REFERENCE_ATTEMPTS = 3


def _owners_of(objecten: Iterable[CasusObject]) -> list[Eigendom]:
    return list(
        Eigendom.objects.filter(
            verblijfsobject__in=[o.verblijfsobject_id for o in objecten], beeindigd_op__isnull=True
        ).select_related("eigenaar")
    )


@transaction.atomic
def casus_create(
    *,
    actor: User,
    titel: str,
    categorieen: Sequence[str],
    casusregisseur: User,
    herkomst: str = Herkomst.MELDING,
    meldingen: Sequence[Melding] = (),
    adressen: Sequence[Adres] = (),
    naast_open_casussen: Collection[str] = (),
) -> Casus:
    """A case on the objects of the given reports and addresses, directed by `casusregisseur`
    (whose organisation directs it). The reports are linked; the current owners become
    parties. An object that already has an open case gets a second one only when the actor
    confirmed each of those cases by reference (`naast_open_casussen`): two teams on one
    address without knowing of each other is what a case is there to prevent."""
    require(actor, Capability.CASES_DIRECT)
    errors: dict[str, str] = {}
    if not titel.strip():
        errors["titel"] = "Geef de casus een titel."
    elif message := validators.too_long(titel.strip(), validators.MAX_TITLE):
        errors["titel"] = message
    unknown = [c for c in categorieen if c not in Categorie.values]
    if not categorieen:
        errors["categorieen"] = "Kies ten minste één probleemcategorie."
    elif unknown:
        errors["categorieen"] = f"Onbekende categorie: {', '.join(unknown)}."
    if herkomst not in Herkomst.values:
        errors["herkomst"] = f"Onbekende herkomst '{herkomst}'."
    if not can(casusregisseur, Capability.CASES_DIRECT):
        errors["casusregisseur"] = f"{casusregisseur} kan geen casussen regisseren."
    objects: dict[int, Adres | None] = {}
    for melding in meldingen:
        if melding.verblijfsobject_id is None:
            errors["meldingen"] = (
                f"Melding {melding} heeft nog geen gekoppeld adres: koppel het adres eerst."
            )
        elif melding.casus_id is not None:
            errors["meldingen"] = f"Melding {melding} hoort al bij een casus."
        else:
            objects.setdefault(melding.verblijfsobject_id, melding.adres)
    for adres in adressen:
        objects.setdefault(adres.verblijfsobject_id, adres)
    if not objects and "meldingen" not in errors:
        errors["adressen"] = "Een casus gaat over ten minste één adres."
    unconfirmed = [r for r in open_case_references(objects) if r not in naast_open_casussen]
    if unconfirmed:
        which = "een open casus" if len(unconfirmed) == 1 else "open casussen"
        errors["naast_open_casussen"] = (
            f"Op dit adres loopt al {which}: {', '.join(unconfirmed)}. Bekijk die eerst; "
            "bevestig als u toch een nieuwe casus wilt."
        )
    if errors:
        raise ValidationError(errors)
    casus = _insert_with_reference(
        Casus(
            titel=titel.strip(),
            herkomst=herkomst,
            categorieen=list(dict.fromkeys(categorieen)),
            casusregisseur=casusregisseur,
            organisatie=casusregisseur.organisatie,
            team=casusregisseur.teams.first(),
        )
    )
    buurten = dict(Verblijfsobject.objects.filter(pk__in=objects).values_list("pk", "buurt_id"))
    objecten = CasusObject.objects.bulk_create(
        CasusObject(casus=casus, verblijfsobject_id=vbo, adres=adres, buurt_id=buurten.get(vbo))
        for vbo, adres in objects.items()
    )
    owners = _owners_of(objecten)
    Partij.objects.bulk_create(
        Partij(casus=casus, rol=Partijrol.EIGENAAR, eigenaar=e.eigenaar)
        for e in {e.eigenaar_id: e for e in owners}.values()
    )
    Casusstatuswijziging.objects.create(
        casus=casus, naar=Casusstatus.GEREGISTREERD, reden="Casus aangemaakt", door=actor
    )
    gebeurtenis_add(
        casus,
        Gebeurtenissoort.STATUS,
        f"Casus aangemaakt ({Herkomst(herkomst).label.lower()}); casusregisseur "
        f"{casusregisseur.get_full_name() or casusregisseur.username}.",
        actor,
    )
    for melding in meldingen:
        _link(casus, melding, actor)
    _log(
        actor,
        casus,
        "Casus aangemaakt",
        [DataSubject("eigenaar", e.eigenaar.eigenaar_id) for e in owners],
    )
    return casus


def proposed_title(
    *, categorieen: Sequence[str], buurt: Gebied | None, herkomst: str = Herkomst.MELDING
) -> str:
    """The title proposed for a new case: its problems and its area, for example
    "Overbewoning in Carnisse", and an origin other than a report ("(proactieve selectie)").
    Never the address, nor a report's reference or a selection's name: a title goes with
    the addresses part only, not with the reports or the analysis behind it."""
    labels = [Categorie(c).label for c in categorieen if c in Categorie.values]
    title = ", ".join([*labels[:1], *(label.lower() for label in labels[1:])]) or "Casus"
    if buurt is not None:
        title += f" in {buurt.naam}"
    if herkomst != Herkomst.MELDING:
        title += f" ({Herkomst(herkomst).label.lower()})"
    return title[: Casus._meta.get_field("titel").max_length]


def _insert_with_reference(casus: Casus) -> Casus:
    for attempt in range(REFERENCE_ATTEMPTS):
        casus.referentie = new_reference("CS")
        try:
            with transaction.atomic():
                casus.save(force_insert=True)
            return casus
        except IntegrityError:
            casus.pk = None
            if attempt + 1 == REFERENCE_ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def _link(casus: Casus, melding: Melding, actor: User | None) -> None:
    melding.casus = casus
    melding.save(update_fields=["casus"])
    gebeurtenis_add(
        casus,
        Gebeurtenissoort.MELDING,
        f"Melding {melding} ({melding.get_categorie_display().lower()}) gekoppeld.",
        actor,
    )


@transaction.atomic
def casus_link_melding(*, actor: User, casus: Casus, melding: Melding) -> Casus:
    """Link an existing report to a case (for example one registered before the case)."""
    _require_director(actor, casus)
    if melding.casus_id is not None:
        raise ValidationError({"melding": f"Melding {melding} hoort al bij een casus."})
    _link(casus, melding, actor)
    _log(actor, casus, "Melding aan casus gekoppeld")
    return casus


@transaction.atomic
def casus_transition(*, actor: User, casus: Casus, naar: str, reden: str) -> Casus:
    """Move a case to another state the table allows, with a reason. Closing goes through
    `casus_close`, which records the result."""
    _require_director(actor, casus)
    casus = Casus.objects.select_for_update().get(pk=casus.pk)
    if naar == Casusstatus.GESLOTEN:
        raise ValidationError({"naar": "Sluit een casus af met een resultaat."})
    _transition(actor, casus, naar, reden)
    if naar == Casusstatus.HEROPEND:
        casus.resultaat, casus.gesloten_op, casus.bewaren_tot = "", None, None
    if naar == Casusstatus.HANDHAVING:
        casus.handhaving_bereikt = True
    casus.save()
    return casus


def _transition(actor: User, casus: Casus, naar: str, reden: str) -> None:
    if not reden.strip():
        raise ValidationError({"reden": "Geef een reden."})
    if message := validators.too_long(reden.strip(), validators.MAX_REASON):
        raise ValidationError({"reden": message})
    if naar not in Casusstatus.values or not workflow.allowed(casus.status, naar):
        raise ValidationError(
            {
                "naar": f"Van '{Casusstatus(casus.status).label}' kan een casus niet naar "
                f"'{Casusstatus(naar).label if naar in Casusstatus.values else naar}'."
            }
        )
    Casusstatuswijziging.objects.create(
        casus=casus, van=casus.status, naar=naar, reden=reden.strip(), door=actor
    )
    gebeurtenis_add(
        casus,
        Gebeurtenissoort.STATUS,
        f"Status {Casusstatus(casus.status).label.lower()} → {Casusstatus(naar).label.lower()}: "
        f"{reden.strip()}",
        actor,
    )
    casus.status = naar
    _log(actor, casus, f"Casus naar {Casusstatus(naar).label.lower()}")


@transaction.atomic
def casus_close(
    *,
    actor: User,
    casus: Casus,
    resultaat: str,
    reden: str,
    taken_laten_vervallen: bool = False,
) -> Casus:
    """Close with a result; the result sets the retention term (a case that ever reached
    enforcement keeps the enforcement term). Open tasks lapse, only when the actor confirmed
    it (`taken_laten_vervallen`): a partner may be halfway through one. The case's open
    reports close with it, and their reporters read the outcome on their status page."""
    _require_director(actor, casus)
    casus = Casus.objects.select_for_update().get(pk=casus.pk)
    errors: dict[str, str] = {}
    if resultaat not in workflow.BEWAARTERMIJN_JAREN:
        errors["resultaat"] = "Kies het resultaat van de casus."
    open_tasks = list(casus.taken.filter(status=Taakstatus.OPEN).order_by("deadline", "pk"))
    if open_tasks and not taken_laten_vervallen:
        titles = ", ".join(f"'{t.titel}'" for t in open_tasks)
        errors["taken_laten_vervallen"] = (
            f"Er staat nog een open taak: {titles}. Bevestig dat die vervalt, of laat haar "
            "eerst afronden."
            if len(open_tasks) == 1
            else f"Er staan nog {len(open_tasks)} open taken: {titles}. Bevestig dat die "
            "vervallen, of laat ze eerst afronden."
        )
    if errors:
        raise ValidationError(errors)
    _transition(actor, casus, Casusstatus.GESLOTEN, reden)
    now = timezone.now()
    jaren = workflow.bewaartermijn_jaren(resultaat, handhaving_bereikt=casus.handhaving_bereikt)
    casus.resultaat = resultaat
    casus.gesloten_op = now
    casus.bewaren_tot = workflow.bewaren_tot(timezone.localdate(now), jaren)
    casus.save()
    for taak in open_tasks:
        taak.status = Taakstatus.VERVALLEN
        taak.save(update_fields=["status"])
        gebeurtenis_add(
            casus, Gebeurtenissoort.TAAK, f"Taak '{taak.titel}' vervallen.", actor, taak
        )
    closed = meldingen_close_with_case(
        actor=actor,
        meldingen=Melding.objects.filter(casus=casus),
        reden=f"Casus {casus.referentie} gesloten: {Resultaat(resultaat).label.lower()}",
        melder_tekst=workflow.FOR_REPORTER[resultaat],
    )
    if closed:
        gebeurtenis_add(
            casus,
            Gebeurtenissoort.MELDING,
            f"{closed} {'melding' if closed == 1 else 'meldingen'} afgesloten; de melders "
            "zien de uitkomst op hun statuspagina.",
            actor,
        )
    gebeurtenis_add(
        casus,
        Gebeurtenissoort.STATUS,
        f"Bewaren tot {display.datum(casus.bewaren_tot)} ({jaren} jaar, {workflow.BRON}).",
        actor,
    )
    return casus
