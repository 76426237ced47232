"""The meeting: attendance, per item the record of the discussion, carrying items over, the
trends spotted, and closing the meeting. (What the table decides in a case: `besluiten`.)

The chair and the secretary (who often types) record; every write names them and is logged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from goedwonen.core import display, validators
from goedwonen.core.categories import Categorie
from goedwonen.core.policy import Capability, require
from goedwonen.core.processing_log import processing_log_record

from ..models import (
    Aanwezigheid,
    Agendapunt,
    Agendapuntstatus,
    Tafelsignaal,
    Tafelvergadering,
    Vergaderstatus,
)
from ..privacy import identifier_error
from ..selectors import (
    ACTIVITY,
    item_reference,
    may_lead,
    next_planned_meeting,
    running_members,
    zicht_op,
)

if TYPE_CHECKING:
    from goedwonen.accounts.models import Organisatie, User
    from goedwonen.registry.models import Gebied

# The items the meeting works on: accepted, or already discussed in it.
ON_THE_TABLE = (Agendapuntstatus.GEACCEPTEERD, Agendapuntstatus.BESPROKEN)


def _log(actor: User, operation: str, item: Agendapunt | None = None, ref: str = "") -> None:
    if item is not None:
        ref = (
            f"casus:{item.casus.referentie}"  # type: ignore[union-attr]
            if item.casus_id is not None
            else f"agendapunt:{item.pk}"
        )
    processing_log_record(actor=actor, operation=operation, activity=ACTIVITY, object_ref=ref)


def _require_recording(actor: User, vergadering: Tafelvergadering) -> None:
    """The chair or the secretary records, in a meeting not cancelled whose minutes are not
    fixed yet (a held meeting can still be corrected until then)."""
    require(actor, Capability.CASETABLE_TAKE_PART)
    if not may_lead(actor, vergadering.tafel):
        raise PermissionDenied("Alleen de voorzitter en de secretaris leggen de vergadering vast.")
    if vergadering.status == Vergaderstatus.GEANNULEERD:
        raise ValidationError("Deze vergadering is geannuleerd.")
    if vergadering.notulen_vastgesteld_op is not None:
        raise ValidationError(
            "De notulen van deze vergadering zijn vastgesteld: er verandert niets meer."
        )


def _require_on_the_table(actor: User, item: Agendapunt) -> None:
    _require_recording(actor, item.vergadering)
    if item.status not in ON_THE_TABLE:
        raise ValidationError(
            f"Agendapunt {item_reference(item)} is {item.get_status_display().lower()}; "
            "alleen geaccepteerde punten worden besproken."
        )


def _require_full_view(actor: User, item: Agendapunt) -> None:
    """The record of the discussion holds what the case is about: only who may see the item
    in full writes it (and reads it back)."""
    assert actor.organisatie_id is not None
    if zicht_op(actor.organisatie_id, item).gepseudonimiseerd:
        raise PermissionDenied(
            f"Uw organisatie heeft geen grondslag voor {item_reference(item)}: het verslag legt "
            "de regisserende organisatie vast."
        )


def _discussed(item: Agendapunt) -> None:
    if item.status != Agendapuntstatus.BESPROKEN:
        item.status = Agendapuntstatus.BESPROKEN
        item.save(update_fields=["status"])


@dataclass(frozen=True)
class Aanwezig:
    """One member organisation's attendance as recorded."""

    organisatie: Organisatie
    aanwezig: bool
    personen: str = ""


@transaction.atomic
def aanwezigheid_record(
    *, actor: User, vergadering: Tafelvergadering, regels: Sequence[Aanwezig]
) -> list[Aanwezigheid]:
    """Who attended, per running member organisation (present or absent, the staff present).
    Recording again replaces the earlier answer."""
    _require_recording(actor, vergadering)
    members = {m.organisatie_id for m in running_members(vergadering.tafel)}
    errors: dict[str, str] = {}
    for regel in regels:
        if regel.organisatie.pk not in members:
            errors["__all__"] = f"{regel.organisatie.naam} is geen lid van deze tafel."
        elif message := validators.too_long(regel.personen.strip(), 300):
            errors[f"personen_{regel.organisatie.pk}"] = message
        elif regel.aanwezig and not regel.personen.strip():
            errors[f"personen_{regel.organisatie.pk}"] = (
                f"Noem wie er namens {regel.organisatie.naam} aanwezig was."
            )
    if errors:
        raise ValidationError(errors)
    rows = [
        Aanwezigheid.objects.update_or_create(
            vergadering=vergadering,
            organisatie=regel.organisatie,
            defaults={
                "aanwezig": regel.aanwezig,
                "personen": regel.personen.strip() if regel.aanwezig else "",
            },
        )[0]
        for regel in regels
    ]
    _log(actor, "Casustafel: aanwezigheid vastgelegd", ref=f"tafelvergadering:{vergadering.pk}")
    return rows


@transaction.atomic
def agendapunt_verslag(
    *,
    actor: User,
    agendapunt: Agendapunt,
    bespreking: str,
    strategie: str,
    escalatie: str,
    opgeschaald: bool,
) -> Agendapunt:
    """The record of an item's discussion: summary, agreed strategy, escalation (and whether
    the table escalated). Saving it marks the item discussed."""
    _require_on_the_table(actor, agendapunt)
    _require_full_view(actor, agendapunt)
    texts = {"bespreking": bespreking, "strategie": strategie, "escalatie": escalatie}
    errors = {
        name: message
        for name, text in texts.items()
        if (message := validators.too_long(text.strip(), validators.MAX_DESCRIPTION))
    }
    if not any(t.strip() for t in texts.values()):
        errors["bespreking"] = "Vat de bespreking samen, of leg de strategie of escalatie vast."
    if opgeschaald and not escalatie.strip():
        errors["escalatie"] = "Beschrijf de escalatie: waarheen en waarom."
    if errors:
        raise ValidationError(errors)
    agendapunt.bespreking = bespreking.strip()
    agendapunt.strategie = strategie.strip()
    agendapunt.escalatie = escalatie.strip()
    agendapunt.opgeschaald = opgeschaald
    agendapunt.status = Agendapuntstatus.BESPROKEN
    agendapunt.save(update_fields=["bespreking", "strategie", "escalatie", "opgeschaald", "status"])
    _log(actor, "Casustafel: verslag vastgelegd", agendapunt)
    return agendapunt


def agendapunt_copy(item: Agendapunt, to: Tafelvergadering, **fields: Any) -> Agendapunt:
    """The item again at a later meeting (carried over or postponed): the same case or
    signal, question and who brought it in; `fields` set the rest (status, decision)."""
    return Agendapunt.objects.create(
        vergadering=to,
        casus=item.casus,
        signaal=item.signaal,
        verblijfsobject=item.verblijfsobject,
        vraagsoort=item.vraagsoort,
        vraag=item.vraag,
        ingebracht_door=item.ingebracht_door,
        ingebracht_namens=item.ingebracht_namens,
        voorstelreden=item.voorstelreden,
        **fields,
    )


def _carry_over(actor: User, item: Agendapunt, to: Tafelvergadering, status: str) -> Agendapunt:
    """A new item at the later meeting with the same case or signal and question; the item
    here points to it (`vervolg`) and is marked carried over."""
    vervolg = agendapunt_copy(
        item,
        to,
        status=status,
        besluit_reden=(
            f"Doorgeschoven van de vergadering van "
            f"{display.datum(timezone.localdate(item.vergadering.begint_op))}."
        )
        if status == Agendapuntstatus.GEACCEPTEERD
        else "",
        besloten_door=actor if status == Agendapuntstatus.GEACCEPTEERD else None,
        besloten_op=timezone.now() if status == Agendapuntstatus.GEACCEPTEERD else None,
    )
    item.status = Agendapuntstatus.DOORGESCHOVEN
    item.vervolg = vervolg
    item.save(update_fields=["status", "vervolg"])
    return vervolg


def _no_next_meeting(vergadering: Tafelvergadering) -> ValidationError:
    return ValidationError(
        f"Er is na deze vergadering nog geen vergadering van {vergadering.tafel.naam} gepland: "
        "plan eerst verder op de pagina van de tafel."
    )


@transaction.atomic
def agendapunt_doorschuiven(*, actor: User, agendapunt: Agendapunt) -> Agendapunt:
    """Carry an accepted item over to the table's next planned meeting (accepted there)."""
    _require_on_the_table(actor, agendapunt)
    volgende = next_planned_meeting(agendapunt.vergadering)
    if volgende is None:
        raise _no_next_meeting(agendapunt.vergadering)
    vervolg = _carry_over(actor, agendapunt, volgende, Agendapuntstatus.GEACCEPTEERD)
    _log(actor, "Casustafel: agendapunt doorgeschoven", agendapunt)
    return vervolg


@transaction.atomic
def tafelsignaal_record(
    *,
    actor: User,
    vergadering: Tafelvergadering,
    categorie: str,
    gebied: Gebied,
    omschrijving: str,
) -> Tafelsignaal:
    """A trend or new pattern the table spotted, for the yearly signal report: a category, one
    of the table's buurten and a text without personal data (no postcodes)."""
    _require_recording(actor, vergadering)
    errors: dict[str, str] = {}
    if categorie not in Categorie.values:
        errors["categorie"] = "Kies een categorie uit de lijst."
    if not vergadering.tafel.gebieden.filter(pk=gebied.pk).exists():
        errors["gebied"] = f"{gebied.naam} hoort niet bij {vergadering.tafel.naam}."
    if not omschrijving.strip():
        errors["omschrijving"] = "Beschrijf de trend of het signaal."
    elif message := validators.too_long(
        omschrijving.strip(), validators.MAX_DESCRIPTION
    ) or identifier_error(omschrijving):
        errors["omschrijving"] = message
    if errors:
        raise ValidationError(errors)
    signaal = Tafelsignaal.objects.create(
        vergadering=vergadering,
        categorie=categorie,
        gebied=gebied,
        omschrijving=omschrijving.strip(),
        vastgelegd_door=actor,
    )
    _log(actor, "Casustafel: signaal vastgelegd", ref=f"tafelvergadering:{vergadering.pk}")
    return signaal


@dataclass(frozen=True)
class Afgesloten:
    vergadering: Tafelvergadering
    doorgeschoven: list[Agendapunt]  # the items at the next meeting


@transaction.atomic
def vergadering_afsluiten(*, actor: User, vergadering: Tafelvergadering) -> Afgesloten:
    """Close the meeting: held, now. Accepted items not discussed, and items the chair did
    not decide on, go to the next planned meeting (accepted ones stay accepted there)."""
    vergadering = Tafelvergadering.objects.select_for_update().get(pk=vergadering.pk)
    _require_recording(actor, vergadering)
    if vergadering.status != Vergaderstatus.GEPLAND:
        raise ValidationError("Deze vergadering is al afgesloten.")
    if vergadering.begint_op > timezone.now():
        raise ValidationError("Deze vergadering is nog niet begonnen: sluit haar af na afloop.")
    if not vergadering.aanwezigheid.exists():
        raise ValidationError("Leg eerst de aanwezigheid vast.")
    open_items = list(
        vergadering.agendapunten.filter(
            status__in=[Agendapuntstatus.GEACCEPTEERD, Agendapuntstatus.INGEDIEND]
        ).select_related("casus", "vergadering")
    )
    volgende = next_planned_meeting(vergadering)
    if open_items and volgende is None:
        raise _no_next_meeting(vergadering)
    doorgeschoven = [
        _carry_over(actor, item, volgende, item.status)  # type: ignore[arg-type]
        for item in open_items
    ]
    vergadering.status = Vergaderstatus.GEHOUDEN
    vergadering.gehouden_op = timezone.now()
    vergadering.save(update_fields=["status", "gehouden_op"])
    _log(actor, "Casustafel: vergadering afgesloten", ref=f"tafelvergadering:{vergadering.pk}")
    return Afgesloten(vergadering, doorgeschoven)
