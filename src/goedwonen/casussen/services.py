"""Writes on cases: create (from triaged reports or objects), status, close and reopen, share,
tasks, notes, and linking a new report to the open case on its object.

Each write names its actor, checks the capability and the actor's access to the case, adds
to the timeline and writes the processing log in the same transaction.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from goedwonen.core import display, validators
from goedwonen.core.categories import SIGNAL_ONLY, Categorie
from goedwonen.core.models import Verwerkingsactiviteitcode
from goedwonen.core.policy import Capability, can, require
from goedwonen.core.processing_log import DataSubject, processing_log_record
from goedwonen.core.references import new_reference
from goedwonen.intake.models import Melding
from goedwonen.registry.models import Adres, Eigendom, Gebied

from . import workflow
from .models import (
    Casus,
    CasusObject,
    Casusstatus,
    Casusstatuswijziging,
    Deling,
    Gebeurtenis,
    Gebeurtenissoort,
    Herkomst,
    Onderdeel,
    Partij,
    Partijrol,
    Resultaat,
    Taak,
    Taaksjabloon,
    Taakstatus,
    Vernietiging,
)
from .registries import case_destroyers
from .selectors import directs, visible_cases

if TYPE_CHECKING:
    from goedwonen.accounts.models import Organisatie, User

ACTIVITY = Verwerkingsactiviteitcode.CASUSREGIE
REFERENCE_ATTEMPTS = 3


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
    (visits, documents), inside their transaction, after their own access check."""
    return Gebeurtenis.objects.create(casus=casus, soort=soort, tekst=tekst, door=door, taak=taak)


def _require_director(actor: User, casus: Casus) -> None:
    require(actor, Capability.CASES_DIRECT)
    if not directs(actor, casus):
        raise PermissionDenied("Alleen de regisserende organisatie van de casus kan dit doen.")


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
    objecten = CasusObject.objects.bulk_create(
        CasusObject(casus=casus, verblijfsobject_id=vbo, adres=adres)
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


def open_case_exists(verblijfsobject: int | OuterRef) -> Exists:
    """Whether an object (its id, or a reference to it in an outer query) has an open case:
    the condition on which a new report joins one. An expression, so that registering one
    report asks it in the query that finds the address rather than in one of its own."""
    return Exists(_open_case_objects().filter(verblijfsobject=verblijfsobject))


def open_cases_by_object(verblijfsobjecten: Iterable[int]) -> dict[int, Casus]:
    """The open case on each of these objects that has one (the newest, should there be
    more)."""
    objects = _open_case_objects().filter(verblijfsobject_id__in=list(verblijfsobjecten))
    return {
        o.verblijfsobject_id: o.casus
        for o in objects.select_related("casus").order_by("casus__aangemaakt_op")
    }


def open_case_references(verblijfsobjecten: Iterable[int]) -> list[str]:
    """The references of the open cases on these objects, oldest first."""
    return list(
        dict.fromkeys(
            _open_case_objects()
            .filter(verblijfsobject_id__in=list(verblijfsobjecten))
            .order_by("casus__aangemaakt_op")
            .values_list("casus__referentie", flat=True)
        )
    )


def _open_case_objects() -> QuerySet[CasusObject]:
    return CasusObject.objects.exclude(casus__status=Casusstatus.GESLOTEN)


def meldingen_link_to_open_cases(*, meldingen: Sequence[Melding]) -> dict[int, Casus]:
    """Link newly registered reports to the open case on their object, where there is one,
    and notify each case's director once (after commit). Called by the registration
    services, for one report or a delivery's batch: one query for the lot. Returns the
    linked reports' ids with their case."""
    by_object: dict[int, list[Melding]] = {}
    for melding in meldingen:
        if melding.verblijfsobject_id is not None and melding.casus_id is None:
            by_object.setdefault(melding.verblijfsobject_id, []).append(melding)
    open_objects = _open_case_objects().filter(verblijfsobject_id__in=by_object)
    # Most reports are on objects without a case: one light query answers that.
    if not by_object or not open_objects.exists():
        return {}
    open_cases: dict[int, Casus] = {}
    for obj in open_objects.select_related("casus__casusregisseur").order_by(
        "casus__aangemaakt_op"
    ):
        open_cases[obj.verblijfsobject_id] = obj.casus  # the newest open case wins
    linked: dict[int, Casus] = {}
    per_director: dict[str, list[tuple[Casus, Melding]]] = {}
    for vbo, casus in open_cases.items():
        for melding in by_object[vbo]:
            melding.casus = casus
            linked[melding.pk] = casus
            gebeurtenis_add(
                casus,
                Gebeurtenissoort.MELDING,
                f"Nieuwe melding {melding} ({melding.get_categorie_display().lower()}) "
                "op een adres van de casus gekoppeld.",
                None,
            )
            if casus.casusregisseur.email:
                per_director.setdefault(casus.casusregisseur.email, []).append((casus, melding))
    Melding.objects.bulk_update(
        [m for ms in by_object.values() for m in ms if m.casus_id], ["casus"]
    )
    for address, items in per_director.items():
        lines = "\n".join(
            f"- casus {c.referentie} ({c.titel}): melding {m} ({m.get_categorie_display().lower()})"
            for c, m in items
        )
        text = (
            "Er zijn nieuwe meldingen geregistreerd op adressen van uw casussen. U vindt ze "
            f"op de tijdlijn van de casus.\n\n{lines}"
        )
        transaction.on_commit(
            partial(
                send_mail,
                "Nieuwe melding bij uw casus",
                text,
                None,
                [address],
                fail_silently=True,
            )
        )
    return linked


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
    from goedwonen.intake.services import meldingen_close_with_case  # it imports us

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


@transaction.atomic
def casus_share(
    *,
    actor: User,
    casus: Casus,
    organisatie: Organisatie,
    rol: str,
    doel: str,
    grondslag: str,
    onderdelen: Sequence[str],
    tot: date,
) -> Deling:
    """Share the case with an organisation: what for, on which legal basis, which parts, until
    when. Until then it sees nothing of the case."""
    _require_director(actor, casus)
    errors: dict[str, str] = {}
    if organisatie.pk == casus.organisatie_id:
        errors["organisatie"] = "De regisserende organisatie ziet de casus al."
    for name, value in (("rol", rol), ("doel", doel), ("grondslag", grondslag)):
        longest: int = getattr(Deling._meta.get_field(name), "max_length", 0)
        if not value.strip():
            errors[name] = "Dit veld is verplicht."
        elif message := validators.too_long(value.strip(), longest):
            errors[name] = message
    unknown = [o for o in onderdelen if o not in Onderdeel.values]
    if not onderdelen or unknown:
        errors["onderdelen"] = "Kies welke onderdelen de organisatie mag zien."
    if tot <= timezone.localdate():
        errors["tot"] = "Kies een einddatum in de toekomst."
    elif tot > (horizon := workflow.sharing_horizon(timezone.localdate())):
        errors["tot"] = (
            f"Deel ten hoogste {workflow.SHARING_HORIZON_YEARS} jaar vooruit, tot en met "
            f"{display.datum(horizon)}. Loopt de samenwerking langer, deel dan opnieuw met een "
            "nieuw besluit."
        )
    if errors:
        raise ValidationError(errors)
    deling = Deling.objects.create(
        casus=casus,
        organisatie=organisatie,
        rol=rol.strip(),
        doel=doel.strip(),
        grondslag=grondslag.strip(),
        onderdelen=list(dict.fromkeys(onderdelen)),
        tot=tot,
        gedeeld_door=actor,
    )
    signal = [c for c in casus.categorieen if c in SIGNAL_ONLY]
    soort = Gebeurtenissoort.OVERDRACHT if signal else Gebeurtenissoort.DELING
    gebeurtenis_add(
        casus,
        soort,
        f"{'Overgedragen aan' if signal else 'Gedeeld met'} {organisatie.naam} als {rol.strip()} "
        f"tot {display.datum(tot)}: {', '.join(Onderdeel(o).label.lower() for o in onderdelen)}. "
        f"Doel: {doel.strip()}. Grondslag: {grondslag.strip()}.",
        actor,
    )
    _log(actor, casus, f"Casus gedeeld met {organisatie.code}")
    return deling


@transaction.atomic
def casus_share_end(*, actor: User, deling: Deling) -> Deling:
    _require_director(actor, deling.casus)
    if deling.beeindigd_op is None:
        deling.beeindigd_op = timezone.now()
        deling.save(update_fields=["beeindigd_op"])
        gebeurtenis_add(
            deling.casus,
            Gebeurtenissoort.DELING,
            f"Delen met {deling.organisatie.naam} beëindigd.",
            actor,
        )
        _log(actor, deling.casus, f"Delen met {deling.organisatie.code} beëindigd")
    return deling


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
    sjablonen = Taaksjabloon.objects.filter(categorie__in=[*casus.categorieen, ""])
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


@transaction.atomic
def partij_add(
    *, actor: User, casus: Casus, rol: str, omschrijving: str = "", eigenaar_id: str = ""
) -> Partij:
    """A party in a role: an owner from the registry by its id, or a description (a letting
    agent's name, "4 bewoners, arbeidsmigranten"). Residents are described, not named."""
    from goedwonen.registry.models import Eigenaar

    _require_director(actor, casus)
    errors: dict[str, str] = {}
    if rol not in Partijrol.values:
        errors["rol"] = "Kies de rol van de partij."
    eigenaar = None
    if eigenaar_id.strip():
        eigenaar = Eigenaar.objects.filter(eigenaar_id=eigenaar_id.strip()).first()
        if eigenaar is None:
            errors["eigenaar_id"] = (
                f"Geen eigenaar met id '{eigenaar_id.strip()}' in de registratie."
            )
    elif not omschrijving.strip():
        errors["omschrijving"] = "Beschrijf de partij, of geef het id van een eigenaar."
    longest: int = getattr(Partij._meta.get_field("omschrijving"), "max_length", 0)
    if message := validators.too_long(omschrijving.strip(), longest):
        errors["omschrijving"] = message
    if errors:
        raise ValidationError(errors)
    partij = Partij.objects.create(
        casus=casus, rol=rol, eigenaar=eigenaar, omschrijving=omschrijving.strip()
    )
    gebeurtenis_add(
        casus,
        Gebeurtenissoort.PARTIJ,
        f"{Partijrol(rol).label} toegevoegd: {eigenaar or partij.omschrijving}.",
        actor,
    )
    _log(
        actor,
        casus,
        "Partij toegevoegd",
        [DataSubject("eigenaar", eigenaar.eigenaar_id)] if eigenaar else [],
    )
    return partij


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


@transaction.atomic
def casussen_destroy_due(*, today: date | None = None) -> list[str]:
    """Destroy the closed cases whose retention term has ended (a nightly task): their
    objects, parties, sharings, tasks, history and timeline. What remains is a destruction
    record per case and one processing-log line. Their reports stay (they have their own
    term) and lose the link. Returns the references destroyed."""
    today = today or timezone.localdate()
    due = list(Casus.objects.filter(status=Casusstatus.GESLOTEN, bewaren_tot__lt=today))
    for casus in due:
        Vernietiging.objects.create(
            referentie=casus.referentie,
            resultaat=casus.resultaat,
            handhaving_bereikt=casus.handhaving_bereikt,
            gesloten_op=casus.gesloten_op or timezone.now(),
            bewaren_tot=casus.bewaren_tot or today,
        )
        Melding.objects.filter(casus=casus).update(casus=None)
        for destroy in case_destroyers:  # the documents (they add to our timeline)
            destroy(casus=casus)
        # Destruction is the one way these append-only rows go: past their guard.
        QuerySet(Gebeurtenis).filter(casus=casus).delete()
        QuerySet(Casusstatuswijziging).filter(casus=casus).delete()
        casus.delete()
    if due:
        processing_log_record(
            actor=None,
            operation="Casussen vernietigd na de bewaartermijn",
            activity=ACTIVITY,
            object_ref=f"casussen:{len(due)}",
        )
    return [c.referentie for c in due]


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
