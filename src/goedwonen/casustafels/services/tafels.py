"""Setting up case tables (CASETABLES_MANAGE): the table with its areas, chair, secretary and
schedule, and its member organisations with the basis each takes part under. Every change is
logged."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from goedwonen.core.policy import Capability, can, require
from goedwonen.core.processing_log import DataSubject, processing_log_record

from ..models import Casustafel, Tafellid
from ..selectors import ACTIVITY

if TYPE_CHECKING:
    from goedwonen.accounts.models import Organisatie, User
    from goedwonen.registry.models import Gebied


def _log(actor: User, operation: str, tafel: Casustafel, people: Iterable[User] = ()) -> None:
    processing_log_record(
        actor=actor,
        operation=operation,
        activity=ACTIVITY,
        subjects=[DataSubject("gebruiker", p.username) for p in people],
        object_ref=f"casustafel:{tafel.pk}",
    )


def _check(
    *, tafel: Casustafel | None, naam: str, voorzitter: User, secretaris: User, gebieden: list
) -> None:
    errors: dict[str, str] = {}
    same_name = Casustafel.objects.filter(naam__iexact=naam.strip())
    if tafel is not None:
        same_name = same_name.exclude(pk=tafel.pk)
    if same_name.exists():
        errors["naam"] = "Er is al een casustafel met deze naam."
    if not gebieden:
        errors["gebieden"] = "Kies ten minste één buurt."
    if not (
        can(voorzitter, Capability.CASES_DIRECT) and can(voorzitter, Capability.CASETABLE_TAKE_PART)
    ):
        errors["voorzitter"] = (
            f"{voorzitter.get_full_name() or voorzitter.username} is geen casusregisseur: de "
            "voorzitter moet casussen kunnen regisseren en aan casustafels kunnen deelnemen."
        )
    if not can(secretaris, Capability.CASETABLE_TAKE_PART):
        errors["secretaris"] = (
            f"{secretaris.get_full_name() or secretaris.username} mag niet aan casustafels "
            "deelnemen; kies iemand met die bevoegdheid."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def casustafel_create(
    *,
    actor: User,
    naam: str,
    gebieden: list[Gebied],
    voorzitter: User,
    secretaris: User,
    interval_dagen: int,
    weekdag: int,
    aanvang: time,
    duur_minuten: int,
    locatie: str,
    indientermijn_dagen: int,
) -> Casustafel:
    require(actor, Capability.CASETABLES_MANAGE)
    gebieden = list(gebieden)
    _check(tafel=None, naam=naam, voorzitter=voorzitter, secretaris=secretaris, gebieden=gebieden)
    tafel = Casustafel.objects.create(
        naam=naam.strip(),
        voorzitter=voorzitter,
        secretaris=secretaris,
        interval_dagen=interval_dagen,
        weekdag=weekdag,
        aanvang=aanvang,
        duur_minuten=duur_minuten,
        locatie=locatie,
        indientermijn_dagen=indientermijn_dagen,
    )
    tafel.gebieden.set(gebieden)
    _log(actor, "Casustafel ingericht", tafel, [voorzitter, secretaris])
    return tafel


@transaction.atomic
def casustafel_update(
    *,
    actor: User,
    tafel: Casustafel,
    naam: str,
    gebieden: list[Gebied],
    voorzitter: User,
    secretaris: User,
    interval_dagen: int,
    weekdag: int,
    aanvang: time,
    duur_minuten: int,
    locatie: str,
    indientermijn_dagen: int,
) -> Casustafel:
    """Change a table. Meetings already planned keep their moment: the new schedule holds
    for meetings planned from now on."""
    require(actor, Capability.CASETABLES_MANAGE)
    gebieden = list(gebieden)
    _check(tafel=tafel, naam=naam, voorzitter=voorzitter, secretaris=secretaris, gebieden=gebieden)
    tafel.naam = naam.strip()
    tafel.voorzitter = voorzitter
    tafel.secretaris = secretaris
    tafel.interval_dagen = interval_dagen
    tafel.weekdag = weekdag
    tafel.aanvang = aanvang
    tafel.duur_minuten = duur_minuten
    tafel.locatie = locatie
    tafel.indientermijn_dagen = indientermijn_dagen
    tafel.save()
    tafel.gebieden.set(gebieden)
    _log(actor, "Casustafel gewijzigd", tafel, [voorzitter, secretaris])
    return tafel


@transaction.atomic
def tafellid_add(
    *, actor: User, tafel: Casustafel, organisatie: Organisatie, grondslag: str, sinds: date
) -> Tafellid:
    """Add a member organisation with the covenant or legal basis it takes part under. An
    organisation that left the table before takes part again under the basis given now."""
    require(actor, Capability.CASETABLES_MANAGE)
    grondslag = grondslag.strip()
    if not grondslag:
        raise ValidationError(
            {
                "grondslag": "Vul het convenant of de wettelijke grondslag in waaronder zij "
                "deelneemt."
            }
        )
    if not organisatie.actief:
        raise ValidationError({"organisatie": f"{organisatie.naam} is niet actief."})
    lid = Tafellid.objects.filter(tafel=tafel, organisatie=organisatie).first()
    if lid is not None and (lid.tot is None or lid.tot >= sinds):
        raise ValidationError({"organisatie": f"{organisatie.naam} is al lid van deze tafel."})
    if lid is None:
        lid = Tafellid(tafel=tafel, organisatie=organisatie)
    lid.grondslag = grondslag
    lid.sinds = sinds
    lid.tot = None
    lid.save()
    _log(actor, f"Casustafel: lid {organisatie.naam} toegevoegd", tafel)
    return lid


@transaction.atomic
def tafellid_end(*, actor: User, lid: Tafellid, tot: date) -> Tafellid:
    """End a membership on a date (the last day it takes part)."""
    require(actor, Capability.CASETABLES_MANAGE)
    if lid.tot is not None:
        raise ValidationError(
            {"tot": f"Het lidmaatschap van {lid.organisatie.naam} is al beëindigd."}
        )
    if tot < lid.sinds:
        raise ValidationError({"tot": "De einddatum ligt voor de datum waarop het lid begon."})
    lid.tot = tot
    lid.save(update_fields=["tot"])
    _log(actor, f"Casustafel: lidmaatschap {lid.organisatie.naam} beëindigd", lid.tafel)
    return lid
