"""Setting an integral action up: made from an approved selection or a hand-made address
list, its participants, teams and addresses while it is in preparation, and cancelled
(planning is services/plannen.py). Only an organiser of the lead's organisation changes an
action (`selectors.may_organise`); every change is logged under the action.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from goedwonen.analytics.models import Handmatig, Selectie, Selectiestatus
from goedwonen.core import validators
from goedwonen.core.categories import Categorie
from goedwonen.core.policy import Capability, can, require
from goedwonen.core.processing_log import processing_log_record

from ..models import Actie, Actieadres, Actiepartner, Actiestatus, Actieteam, Toegangsbasis
from ..selectors import ACTIVITY, PARTNER_PARTS, may_organise

if TYPE_CHECKING:
    from goedwonen.accounts.models import Organisatie, User
    from goedwonen.registry.models import Gebied, Verblijfsobject


def _longest(model: type[Model], name: str) -> int:
    longest: int = getattr(model._meta.get_field(name), "max_length", 0)
    return longest


def log_change(actor: User, actie: Actie, operation: str) -> None:
    processing_log_record(
        actor=actor, operation=operation, activity=ACTIVITY, object_ref=f"actie:{actie.pk}"
    )


def require_organiser(actor: User, actie: Actie) -> None:
    require(actor, Capability.ACTIONS_ORGANISE)
    if not may_organise(actor, actie):
        raise PermissionDenied("Alleen de organiserende organisatie van de actie kan dit doen.")


def require_preparation(actie: Actie) -> None:
    if actie.status != Actiestatus.VOORBEREIDING:
        raise ValidationError(
            f"De actie is {actie.get_status_display().lower()}: alleen een actie in "
            "voorbereiding kan worden gewijzigd."
        )


def locked(actie: Actie) -> Actie:
    return Actie.objects.select_for_update().get(pk=actie.pk)


def _check_facts(
    *, actor: User, naam: str, datum: date, leider: User, adressen_per_team: int
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if actor.organisatie_id is None:
        raise PermissionDenied("U hoort bij geen organisatie en kunt geen actie organiseren.")
    if not naam.strip():
        errors["naam"] = "Geef de actie een naam."
    elif message := validators.too_long(naam.strip(), _longest(Actie, "naam")):
        errors["naam"] = message
    if datum < timezone.localdate():
        errors["datum"] = "Kies een datum vanaf vandaag."
    if (
        not leider.is_active
        or leider.organisatie_id != actor.organisatie_id
        or not can(leider, Capability.CASES_DIRECT)
    ):
        errors["leider"] = (
            f"{leider.get_full_name() or leider.username} kan de actie niet leiden: kies een "
            "actieve casusregisseur van uw eigen organisatie."
        )
    if not 1 <= adressen_per_team <= 100:
        errors["adressen_per_team"] = "Kies tussen 1 en 100 adressen per team."
    return errors


@transaction.atomic
def actie_from_selectie_create(
    *,
    actor: User,
    selectie: Selectie,
    naam: str,
    datum: date,
    gebied: Gebied,
    leider: User,
    doel: str,
    adressen_per_team: int = 12,
) -> Actie:
    """An action on the addresses of an approved selection (not those taken out of it), each
    with its rank, score and reasons as the selection holds them."""
    require(actor, Capability.ACTIONS_ORGANISE)
    errors = _check_facts(
        actor=actor, naam=naam, datum=datum, leider=leider, adressen_per_team=adressen_per_team
    )
    if selectie.status != Selectiestatus.GOEDGEKEURD:
        errors["selectie"] = "Alleen van een goedgekeurde selectie kan een actie komen."
    rows = list(selectie.adressen.exclude(handmatig=Handmatig.VERWIJDERD).order_by("rang", "pk"))
    if not rows and "selectie" not in errors:
        errors["selectie"] = "De selectie heeft geen adressen."
    if errors:
        raise ValidationError(errors)
    actie = _create(
        actor=actor,
        naam=naam,
        datum=datum,
        gebied=gebied,
        leider=leider,
        doel=doel,
        adressen_per_team=adressen_per_team,
        selectie=selectie,
    )
    Actieadres.objects.bulk_create(
        Actieadres(
            actie=actie,
            verblijfsobject_id=row.verblijfsobject_id,
            selectieadres=row,
            rang=row.rang,
            score=row.score,
            redenen=row.redenen,
            reden_handmatig=row.reden if row.handmatig == Handmatig.TOEGEVOEGD else "",
            casus_id=row.casus_id,
        )
        for row in rows
    )
    log_change(
        actor, actie, f"Integrale actie gemaakt van selectie '{selectie.naam}' ({len(rows)})"
    )
    return actie


@transaction.atomic
def actie_handmatig_create(
    *,
    actor: User,
    naam: str,
    datum: date,
    gebied: Gebied,
    leider: User,
    doel: str,
    reden_handmatig: str,
    adressen_per_team: int = 12,
) -> Actie:
    """An action on a hand-made address list: the reason is required; the addresses are
    added one by one, each with its own reason (`actieadres_add`)."""
    require(actor, Capability.ACTIONS_ORGANISE)
    errors = _check_facts(
        actor=actor, naam=naam, datum=datum, leider=leider, adressen_per_team=adressen_per_team
    )
    if not reden_handmatig.strip():
        errors["reden_handmatig"] = "Zeg waarom deze actie niet uit een goedgekeurde selectie komt."
    elif message := validators.too_long(reden_handmatig.strip(), validators.MAX_REASON):
        errors["reden_handmatig"] = message
    if errors:
        raise ValidationError(errors)
    actie = _create(
        actor=actor,
        naam=naam,
        datum=datum,
        gebied=gebied,
        leider=leider,
        doel=doel,
        adressen_per_team=adressen_per_team,
        reden_handmatig=reden_handmatig.strip(),
    )
    log_change(actor, actie, "Integrale actie gemaakt van een handmatige adreslijst")
    return actie


def _create(*, actor: User, doel: str, naam: str, **fields: Any) -> Actie:
    assert actor.organisatie is not None  # _check_facts refused an actor without one
    return Actie.objects.create(
        naam=naam.strip(),
        doel=doel.strip() or Actie._meta.get_field("doel").get_default(),
        organisatie=actor.organisatie,
        aangemaakt_door=actor,
        **fields,
    )


@transaction.atomic
def actie_update(
    *,
    actor: User,
    actie: Actie,
    naam: str,
    datum: date,
    gebied: Gebied,
    leider: User,
    doel: str,
    adressen_per_team: int,
) -> Actie:
    require_organiser(actor, actie)
    actie = locked(actie)
    require_preparation(actie)
    errors = _check_facts(
        actor=actor, naam=naam, datum=datum, leider=leider, adressen_per_team=adressen_per_team
    )
    if errors:
        raise ValidationError(errors)
    actie.naam = naam.strip()
    actie.datum = datum
    actie.gebied = gebied
    actie.leider = leider
    actie.doel = doel.strip() or actie.doel
    actie.adressen_per_team = adressen_per_team
    actie.save(update_fields=["naam", "datum", "gebied", "leider", "doel", "adressen_per_team"])
    log_change(actor, actie, "Integrale actie gewijzigd")
    return actie


@transaction.atomic
def actiepartner_add(
    *,
    actor: User,
    actie: Actie,
    organisatie: Organisatie,
    grondslag: str,
    onderdelen: Sequence[str],
    ziet_redenen: bool,
    controleert: Sequence[str],
    taak: str,
) -> Actiepartner:
    """A participating organisation, with the basis on which it enters and sees, the parts of
    each address's case it sees and what it checks."""
    require_organiser(actor, actie)
    actie = locked(actie)
    require_preparation(actie)
    errors: dict[str, str] = {}
    if organisatie.pk == actie.organisatie_id:
        errors["organisatie"] = "De organiserende organisatie doet al mee en ziet alles."
    elif actie.partners.filter(organisatie=organisatie).exists():
        errors["organisatie"] = f"{organisatie.naam} doet al mee aan deze actie."
    elif not organisatie.actief:
        errors["organisatie"] = f"{organisatie.naam} is niet actief."
    if not grondslag.strip():
        errors["grondslag"] = "Leg vast op welke grondslag de organisatie binnentreedt en inziet."
    elif message := validators.too_long(grondslag.strip(), validators.MAX_REASON):
        errors["grondslag"] = message
    if unknown := [o for o in onderdelen if o not in PARTNER_PARTS]:
        errors["onderdelen"] = f"Onbekend onderdeel: {', '.join(unknown)}."
    if unknown := [c for c in controleert if c not in Categorie.values]:
        errors["controleert"] = f"Onbekende categorie: {', '.join(unknown)}."
    if message := validators.too_long(taak.strip(), _longest(Actiepartner, "taak")):
        errors["taak"] = message
    if errors:
        raise ValidationError(errors)
    partner = Actiepartner.objects.create(
        actie=actie,
        organisatie=organisatie,
        grondslag=grondslag.strip(),
        onderdelen=list(dict.fromkeys(onderdelen)),
        ziet_redenen=ziet_redenen,
        controleert=list(dict.fromkeys(controleert)),
        taak=taak.strip(),
    )
    log_change(actor, actie, f"Deelnemer {organisatie.code} toegevoegd")
    return partner


@transaction.atomic
def actiepartner_remove(*, actor: User, partner: Actiepartner) -> None:
    actie = partner.actie
    require_organiser(actor, actie)
    actie = locked(actie)
    require_preparation(actie)
    in_teams = actie.teams.filter(leden__organisatie_id=partner.organisatie_id).distinct()
    if names := [t.naam for t in in_teams]:
        raise ValidationError(
            f"Mensen van {partner.organisatie.naam} zitten in {', '.join(names)}: haal hen "
            "eerst uit de teams."
        )
    code = partner.organisatie.code
    partner.delete()
    log_change(actor, actie, f"Deelnemer {code} verwijderd")


def _member_errors(actie: Actie, leden: Iterable[User]) -> list[str]:
    allowed = {actie.organisatie_id, *actie.partners.values_list("organisatie_id", flat=True)}
    refused = []
    for lid in leden:
        name = lid.get_full_name() or lid.username
        if not lid.is_active:
            refused.append(f"{name} is niet actief")
        elif lid.organisatie_id not in allowed:
            refused.append(f"{name} werkt niet bij een deelnemende organisatie")
        elif not can(lid, Capability.ACTIONS_TAKE_PART):
            refused.append(f"{name} heeft niet de bevoegdheid om aan acties deel te nemen")
    return refused


@transaction.atomic
def actieteam_save(
    *, actor: User, actie: Actie, naam: str, leden: Sequence[User], team: Actieteam | None = None
) -> Actieteam:
    """A new team or a team changed: its name and members, people of the participating
    organisations (or the lead's) who may take part in actions."""
    require_organiser(actor, actie)
    actie = locked(actie)
    require_preparation(actie)
    errors: dict[str, str] = {}
    if not naam.strip():
        errors["naam"] = "Geef het team een naam."
    elif message := validators.too_long(naam.strip(), _longest(Actieteam, "naam")):
        errors["naam"] = message
    elif actie.teams.filter(naam=naam.strip()).exclude(pk=team.pk if team else 0).exists():
        errors["naam"] = f"De actie heeft al een team '{naam.strip()}'."
    if not leden:
        errors["leden"] = "Kies ten minste één teamlid."
    elif refused := _member_errors(actie, leden):
        errors["leden"] = "; ".join(refused) + "."
    if errors:
        raise ValidationError(errors)
    if team is None:
        team = Actieteam.objects.create(
            actie=actie, naam=naam.strip(), volgorde=actie.teams.count()
        )
        operation = f"Team '{team.naam}' gevormd"
    else:
        team.naam = naam.strip()
        team.save(update_fields=["naam"])
        operation = f"Team '{team.naam}' gewijzigd"
    team.leden.set(leden)
    log_change(actor, actie, operation)
    return team


@transaction.atomic
def actieadres_add(
    *, actor: User, actie: Actie, verblijfsobject: Verblijfsobject, reden: str
) -> Actieadres:
    """An address added by hand, with the reason."""
    require_organiser(actor, actie)
    actie = locked(actie)
    require_preparation(actie)
    if not reden.strip():
        raise ValidationError({"reden": "Zeg waarom u dit adres toevoegt."})
    if message := validators.too_long(reden.strip(), validators.MAX_REASON):
        raise ValidationError({"reden": message})
    if actie.adressen.filter(verblijfsobject=verblijfsobject).exists():
        raise ValidationError({"postcode": "Dit adres staat al op de lijst van de actie."})
    adres = Actieadres.objects.create(
        actie=actie, verblijfsobject=verblijfsobject, reden_handmatig=reden.strip()
    )
    log_change(actor, actie, "Adres handmatig toegevoegd")
    return adres


@transaction.atomic
def actieadres_update(
    *, actor: User, adres: Actieadres, toegangsbasis: str, veiligheid: str
) -> Actieadres:
    """The basis for entry and the safety notes of an address (also after planning: a warrant
    may be granted the day before)."""
    actie = adres.actie
    require_organiser(actor, actie)
    if actie.status not in (Actiestatus.VOORBEREIDING, Actiestatus.GEPLAND):
        raise ValidationError(f"De actie is {actie.get_status_display().lower()}.")
    errors: dict[str, str] = {}
    if toegangsbasis not in Toegangsbasis.values:
        errors["toegangsbasis"] = "Kies de basis voor binnentreden."
    if message := validators.too_long(veiligheid.strip(), validators.MAX_REASON):
        errors["veiligheid"] = message
    if errors:
        raise ValidationError(errors)
    adres.toegangsbasis = toegangsbasis
    adres.veiligheid = veiligheid.strip()
    adres.save(update_fields=["toegangsbasis", "veiligheid"])
    log_change(actor, actie, "Toegangsbasis en veiligheid van een adres vastgelegd")
    return adres


@transaction.atomic
def actie_cancel(*, actor: User, actie: Actie, reden: str) -> Actie:
    """Cancel an action in preparation or planned, with the reason. The cases stay as they are
    (their directors decide on them)."""
    require_organiser(actor, actie)
    actie = locked(actie)
    if actie.status not in (Actiestatus.VOORBEREIDING, Actiestatus.GEPLAND):
        raise ValidationError(f"De actie is al {actie.get_status_display().lower()}.")
    if not reden.strip():
        raise ValidationError({"reden": "Zeg waarom de actie niet doorgaat."})
    if message := validators.too_long(reden.strip(), validators.MAX_REASON):
        raise ValidationError({"reden": message})
    actie.status = Actiestatus.GEANNULEERD
    actie.annuleringsreden = reden.strip()
    actie.save(update_fields=["status", "annuleringsreden"])
    log_change(actor, actie, "Integrale actie geannuleerd")
    return actie
