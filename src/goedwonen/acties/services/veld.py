"""The field: a team records a visit at an address of its walk list, or skips the address.

A visit sent from a phone carries the key the device gave it when it was recorded
(`Veldregistratie.sleutel`). A phone in a stairwell sends a record again when it did not hear
the answer; the same key then finds the first registration and nothing is stored twice, also
when two copies arrive at once (the key is unique in the database: the loser of the race rolls
back its visit and answers with the winner's).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from goedwonen.accounts.models import User
from goedwonen.core import display, validators
from goedwonen.core.processing_log import processing_log_record
from goedwonen.inspecties.models import Bezoeksoort
from goedwonen.inspecties.selectors import eigenaren_of
from goedwonen.inspecties.services import BevindingInvoer, bezoek_record
from goedwonen.intake.attachments import MAX_FILES, CheckedFile, check_photo

from ..models import Actieadres, Actiestatus, Actieteam, Adresstatus, Veldfoto, Veldregistratie
from ..selectors import ACTIVITY, team_van

if TYPE_CHECKING:
    from goedwonen.casussen.models import CasusObject

# An action whose addresses have cases and whose teams are out (or were: a record that sat on
# a phone until after the debrief is still a visit that happened).
RECORDING = (Actiestatus.GEPLAND, Actiestatus.AFGEROND)


@dataclass(frozen=True)
class Veldontvangst:
    registratie: Veldregistratie
    nieuw: bool  # False: the key was known, nothing was stored


def _object(actieadres: Actieadres) -> CasusObject | None:
    if actieadres.casus is None:
        return None
    return actieadres.casus.objecten.filter(
        verblijfsobject_id=actieadres.verblijfsobject_id
    ).first()


def _known(sleutel: uuid.UUID, actieadres: Actieadres) -> Veldontvangst | None:
    found = Veldregistratie.objects.filter(sleutel=sleutel).first()
    if found is None:
        return None
    if found.actieadres_id != actieadres.pk:
        raise ValidationError(
            {"sleutel": "Deze registratiesleutel is al gebruikt voor een ander adres."}
        )
    return Veldontvangst(found, nieuw=False)


def _partners(team: Actieteam, actor: User) -> str:
    """The other organisations in the team, for the visit's "present from other
    organisations"."""
    names = sorted(
        {
            lid.organisatie.naam
            for lid in team.leden.select_related("organisatie")
            if lid.organisatie is not None and lid.organisatie_id != actor.organisatie_id
        }
    )
    return ", ".join(names)[:300]


def veldbezoek_record(
    *,
    actor: User,
    team: Actieteam,
    actieadres: Actieadres,
    sleutel: uuid.UUID,
    toegang: str,
    volwassenen: int | None = None,
    kinderen: int | None = None,
    bevindingen: Sequence[BevindingInvoer] = (),
    opmerkingen: str = "",
    kale_huur: Decimal | None = None,
    fotos: Sequence[UploadedFile] = (),
    vastgelegd_op: datetime | None = None,
) -> Veldontvangst:
    """Record a home visit made by the team at one of the action's addresses, in the
    address's case (`inspecties.services.bezoek_record`: findings, occupancy and permit
    checks, timeline, processing log), with the device's key and the photos stripped of
    their metadata; the address is then visited. The same key again returns the first
    registration and stores nothing. Raises ValidationError per field; the team's members
    and the action's organisers may send (else Actieteam.DoesNotExist, as for the pages)."""
    actie = team.actie
    team_van(actor=actor, actie=actie, pk=team.pk)
    if actieadres.actie_id != actie.pk:
        raise ValidationError({"adres": "Dit adres hoort niet bij deze actie."})
    if (known := _known(sleutel, actieadres)) is not None:
        return known
    try:
        with transaction.atomic():
            return _record(
                actor=actor,
                team=team,
                actieadres=actieadres,
                sleutel=sleutel,
                toegang=toegang,
                volwassenen=volwassenen,
                kinderen=kinderen,
                bevindingen=bevindingen,
                opmerkingen=opmerkingen,
                kale_huur=kale_huur,
                fotos=fotos,
                vastgelegd_op=vastgelegd_op,
            )
    except IntegrityError:
        # The same record arrived twice at once and the other copy was stored first.
        if (known := _known(sleutel, actieadres)) is not None:
            return known
        raise


def _record(
    *,
    actor: User,
    team: Actieteam,
    actieadres: Actieadres,
    sleutel: uuid.UUID,
    toegang: str,
    volwassenen: int | None,
    kinderen: int | None,
    bevindingen: Sequence[BevindingInvoer],
    opmerkingen: str,
    kale_huur: Decimal | None,
    fotos: Sequence[UploadedFile],
    vastgelegd_op: datetime | None,
) -> Veldontvangst:
    actie = team.actie
    errors: dict[str, list[str]] = {}
    if actie.status not in RECORDING:
        errors["adres"] = [
            f"De actie is {actie.get_status_display().lower()}: er kunnen geen bezoeken "
            "worden vastgelegd."
        ]
    casusobject = _object(actieadres)
    if casusobject is None and not errors:
        errors["adres"] = ["Dit adres heeft geen casus: vraag de actieleider de actie te plannen."]
    if len(fotos) > MAX_FILES:
        errors["fotos"] = [f"Voeg ten hoogste {MAX_FILES} foto's toe."]
    checked: list[CheckedFile] = []
    for upload in fotos if len(fotos) <= MAX_FILES else ():
        try:
            checked.append(check_photo(upload))
        except ValidationError as error:
            errors.setdefault("fotos", []).extend(error.messages)
    if kale_huur is not None and not Decimal(0) < kale_huur < Decimal(100_000):
        errors["kale_huur"] = ["Geef een kale huur per maand van meer dan € 0."]
    now = timezone.now()
    moment = timezone.localtime(min(vastgelegd_op or now, now))
    if kale_huur is not None:
        line = f"Kale huur volgens opgave in het veld: {display.euro(kale_huur)} per maand."
        opmerkingen = f"{opmerkingen.strip()}\n{line}".strip()
    if message := validators.too_long(opmerkingen, validators.MAX_DESCRIPTION):
        errors.setdefault("opmerkingen", []).append(message)
    if errors:
        raise ValidationError(errors)
    assert casusobject is not None and actieadres.casus is not None
    medewerkers = list(
        team.leden.filter(organisatie=actor.organisatie, is_active=True).order_by("pk")
    )
    bezoek = bezoek_record(
        actor=actor,
        casus=actieadres.casus,
        object=casusobject,
        soort=Bezoeksoort.WONINGBEZOEK,
        datum=moment.date(),
        tijd=moment.time().replace(second=0, microsecond=0),
        toegang=toegang,
        medewerkers=medewerkers,
        partners=_partners(team, actor),
        volwassenen=volwassenen,
        kinderen=kinderen,
        opmerkingen=opmerkingen,
        bevindingen=bevindingen,
    )
    registratie = Veldregistratie.objects.create(
        sleutel=sleutel,
        actieadres=actieadres,
        team=team,
        bezoek=bezoek,
        vastgelegd_door=actor,
        vastgelegd_op=vastgelegd_op,
    )
    for i, foto in enumerate(checked, start=1):
        stored = Veldfoto(
            registratie=registratie, soort=foto.content_type, grootte=len(foto.content)
        )
        stored.bestand.save(f"veldfoto-{i}{foto.extension}", ContentFile(foto.content), save=False)
        stored.save()
    actieadres.status = Adresstatus.BEZOCHT
    actieadres.bezoek = bezoek
    actieadres.save(update_fields=["status", "bezoek"])
    processing_log_record(
        actor=actor,
        operation="Veldbezoek vastgelegd",
        activity=ACTIVITY,
        subjects=eigenaren_of(actieadres.verblijfsobject_id),
        object_ref=f"actie:{actie.pk}/adres:{actieadres.pk}/bezoek:{bezoek.pk}",
    )
    return Veldontvangst(registratie, nieuw=True)


@transaction.atomic
def actieadres_skip(
    *, actor: User, team: Actieteam, actieadres: Actieadres, reden: str
) -> Actieadres:
    """Skip an open address of the team's list, with the reason (refused at the door, not
    safe, not found): it is left for a re-plan or the debrief."""
    actie = team.actie
    team_van(actor=actor, actie=actie, pk=team.pk)
    actieadres = Actieadres.objects.select_for_update().get(pk=actieadres.pk, actie=actie)
    errors: dict[str, str] = {}
    if actie.status != Actiestatus.GEPLAND:
        errors["reden"] = f"De actie is {actie.get_status_display().lower()}."
    elif actieadres.status != Adresstatus.OPEN:
        errors["reden"] = f"Dit adres is al {actieadres.get_status_display().lower()}."
    elif not reden.strip():
        errors["reden"] = "Geef aan waarom het adres wordt overgeslagen."
    elif message := validators.too_long(reden.strip(), validators.MAX_REASON):
        errors["reden"] = message
    if errors:
        raise ValidationError(errors)
    actieadres.status = Adresstatus.OVERGESLAGEN
    actieadres.overgeslagen_reden = reden.strip()
    actieadres.save(update_fields=["status", "overgeslagen_reden"])
    processing_log_record(
        actor=actor,
        operation="Actieadres overgeslagen",
        activity=ACTIVITY,
        object_ref=f"actie:{actie.pk}/adres:{actieadres.pk}",
    )
    return actieadres
