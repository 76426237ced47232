"""What the table decides in a case: decisions that become tasks, sharing decisions, and a
case made of a new signal. The case services run with the chair as actor: the table's
decision in a case is the chair's as its director, so their rules hold (only the directing
organisation gives tasks or shares, ADR 0006); who recorded it (often the secretary) is kept
and logged.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from goedwonen.casussen.models import Casus, Herkomst
from goedwonen.casussen.selectors import directs
from goedwonen.casussen.services.case_tasks import taak_create
from goedwonen.casussen.services.cases import casus_create
from goedwonen.casussen.services.sharing import casus_share
from goedwonen.core import display, validators
from goedwonen.core.policy import Capability, can
from goedwonen.registry.models import Adres

from ..models import Afspraak, Agendapunt, Delingsbesluit
from ..privacy import identifier_error
from ..selectors import running_members
from .vergadering import _discussed, _log, _require_full_view, _require_on_the_table

if TYPE_CHECKING:
    from goedwonen.accounts.models import Organisatie, User


def _require_chair_directs(chair: User, casus: Casus) -> None:
    if not (can(chair, Capability.CASES_DIRECT) and directs(chair, casus)):
        raise ValidationError(
            f"De voorzitter regisseert casus {casus.referentie} niet: taken en delen in deze "
            "casus legt de regisserende organisatie vast, op de casuspagina."
        )


@transaction.atomic
def afspraak_record(
    *,
    actor: User,
    agendapunt: Agendapunt,
    omschrijving: str,
    organisatie: Organisatie,
    deadline: date,
    eigenaar: User | None = None,
) -> Afspraak:
    """A decision: who does what by when. In a case it becomes a task for that organisation
    (and person) through `taak_create`, the chair as case director; a new signal without a
    case keeps the decision alone until a case is made of it. The description is read by
    every member, so it holds no names or addresses."""
    _require_on_the_table(actor, agendapunt)
    tafel = agendapunt.vergadering.tafel
    errors: dict[str, str] = {}
    if not omschrijving.strip():
        errors["omschrijving"] = "Beschrijf de afspraak."
    elif message := validators.too_long(omschrijving.strip(), validators.MAX_TITLE) or (
        identifier_error(
            omschrijving, casus=agendapunt.casus, verblijfsobject=agendapunt.verblijfsobject
        )
    ):
        errors["omschrijving"] = message
    if not running_members(tafel).filter(organisatie=organisatie).exists():
        errors["organisatie"] = f"{organisatie.naam} is geen lid van deze tafel."
    if eigenaar is not None and eigenaar.organisatie_id != organisatie.pk:
        errors["eigenaar"] = f"{eigenaar} werkt niet bij {organisatie.naam}."
    if deadline < timezone.localdate():
        errors["deadline"] = "De deadline ligt in het verleden."
    if errors:
        raise ValidationError(errors)
    taak = None
    if agendapunt.casus is not None:
        _require_chair_directs(tafel.voorzitter, agendapunt.casus)
        taak = taak_create(
            actor=tafel.voorzitter,
            casus=agendapunt.casus,
            titel=omschrijving,
            organisatie=organisatie,
            deadline=deadline,
            toegewezen_aan=eigenaar,
            omschrijving=f"Afspraak van {tafel.naam}, "
            f"{display.datum(timezone.localdate(agendapunt.vergadering.begint_op))}.",
        )
    afspraak = Afspraak.objects.create(
        agendapunt=agendapunt,
        omschrijving=omschrijving.strip(),
        organisatie=organisatie,
        eigenaar=eigenaar,
        deadline=deadline,
        taak=taak,
        vastgelegd_door=actor,
    )
    _discussed(agendapunt)
    _log(actor, f"Casustafel: afspraak voor {organisatie.code} vastgelegd", agendapunt)
    return afspraak


@transaction.atomic
def delingsbesluit_record(
    *,
    actor: User,
    agendapunt: Agendapunt,
    organisatie: Organisatie,
    rol: str,
    doel: str,
    grondslag: str,
    onderdelen: Sequence[str],
    tot: date,
) -> Delingsbesluit:
    """The table decides to share the case with an organisation: the sharing is made through
    `casus_share` (the chair as case director), so the case's timeline and the partner's
    access follow from it, and the decision is kept with the item."""
    _require_on_the_table(actor, agendapunt)
    casus = agendapunt.casus
    if casus is None:
        raise ValidationError(
            "Een nieuw signaal zonder casus kan niet worden gedeeld: maak er eerst een casus van."
        )
    chair = agendapunt.vergadering.tafel.voorzitter
    _require_chair_directs(chair, casus)
    deling = casus_share(
        actor=chair,
        casus=casus,
        organisatie=organisatie,
        rol=rol,
        doel=doel,
        grondslag=grondslag,
        onderdelen=onderdelen,
        tot=tot,
    )
    besluit = Delingsbesluit.objects.create(
        agendapunt=agendapunt, deling=deling, vastgelegd_door=actor
    )
    _discussed(agendapunt)
    _log(actor, f"Casustafel: delen met {organisatie.code} besloten", agendapunt)
    return besluit


@transaction.atomic
def agendapunt_casus_aanmaken(
    *, actor: User, agendapunt: Agendapunt, titel: str, categorieen: Sequence[str]
) -> Casus:
    """A case of a new signal, on the signal's address, directed by the chair (origin: case
    table). From then on the item is about that case: its decisions become tasks, and who
    sees it in full follows the case's rule (share it with the organisation that brought
    the signal in, if it should keep seeing it)."""
    _require_on_the_table(actor, agendapunt)
    _require_full_view(actor, agendapunt)
    if agendapunt.casus_id is not None:
        raise ValidationError("Dit agendapunt gaat al over een casus.")
    adres = (
        Adres.objects.filter(verblijfsobject_id=agendapunt.verblijfsobject_id)
        .order_by("-hoofdadres", "pk")
        .first()
        if agendapunt.verblijfsobject_id is not None
        else None
    )
    if adres is None:
        raise ValidationError(
            "Dit signaal heeft geen adres: maak de casus op de casuspagina (Nieuwe casus op "
            "een adres) en breng die in."
        )
    chair = agendapunt.vergadering.tafel.voorzitter
    casus = casus_create(
        actor=chair,
        titel=titel,
        categorieen=categorieen,
        casusregisseur=chair,
        herkomst=Herkomst.CASUSTAFEL,
        adressen=[adres],
    )
    agendapunt.casus = casus
    agendapunt.save(update_fields=["casus"])
    _log(actor, "Casustafel: casus aangemaakt van een signaal", agendapunt)
    return casus
