"""Warning and stop talks with owners: invited with a letter to the owner's postal address,
then held and recorded (participants, agreements) or cancelled. A held warning talk starts the
owner's monitoring period (`verhuurders.regels`)."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from goedwonen.casussen.models import Gebeurtenissoort
from goedwonen.casussen.services.timeline import gebeurtenis_add
from goedwonen.core import display, validators
from goedwonen.core.models import Verwerkingsactiviteitcode
from goedwonen.core.policy import Capability, require
from goedwonen.core.processing_log import DataSubject, processing_log_record
from goedwonen.documenten.brieven import brief_html, postal_address_missing
from goedwonen.documenten.pdf import html_to_pdf

from ..models import Gesprekssoort, Gespreksstatus, Verhuurdergesprek
from ..uitnodiging import SJABLOON, uitnodiging_gegevens
from . import naam

if TYPE_CHECKING:
    from goedwonen.accounts.models import User
    from goedwonen.casussen.models import Casus
    from goedwonen.registry.models import Eigenaar

ACTIVITY = Verwerkingsactiviteitcode.VERHUURDERMONITORING

# The talk's state machine: each allowed step, and why it exists.
TRANSITIONS: dict[tuple[str, str], str] = {
    (Gespreksstatus.GEPLAND, Gespreksstatus.GEHOUDEN): "the talk took place and is recorded",
    (Gespreksstatus.GEPLAND, Gespreksstatus.AFGEZEGD): "the owner or we called it off",
}


def _log(actor: User, gesprek: Verhuurdergesprek, operation: str) -> None:
    processing_log_record(
        actor=actor,
        operation=operation,
        activity=ACTIVITY,
        subjects=[DataSubject("eigenaar", gesprek.eigenaar.eigenaar_id)],
        object_ref=f"verhuurdergesprek:{gesprek.pk}",
    )


def _on_timeline(gesprek: Verhuurdergesprek, tekst: str, actor: User) -> None:
    if gesprek.casus is not None:
        gebeurtenis_add(gesprek.casus, Gebeurtenissoort.HANDHAVING, tekst, actor)


def _check_case(actor: User, casus: Casus | None) -> None:
    """A talk from a case is the directing organisation's intervention."""
    if casus is not None and casus.organisatie_id != actor.organisatie_id:
        raise PermissionDenied("Alleen de regisserende organisatie van de casus plant dit gesprek.")


def _text(errors: dict[str, str], field: str, value: str, limit: int, required: str = "") -> str:
    value = value.strip()
    if required and not value:
        errors[field] = required
    elif message := validators.too_long(value, limit):
        errors[field] = message
    return value


def gesprek_invite(
    *,
    actor: User,
    eigenaar: Eigenaar,
    soort: str,
    gepland_op: datetime,
    locatie: str,
    aanleiding: str,
    casus: Casus | None = None,
) -> Verhuurdergesprek:
    """Invite an owner to a warning or stop talk: the talk is planned and the invitation
    letter (PDF, to the owner's postal address in the registry) is made and kept with it."""
    require(actor, Capability.LANDLORD_TALKS)
    _check_case(actor, casus)
    errors: dict[str, str] = {}
    if soort not in Gesprekssoort.values:
        errors["soort"] = "Kies een waarschuwingsgesprek of een stopgesprek."
    if gepland_op < timezone.now():
        errors["gepland_op"] = "Het gesprek ligt in het verleden; kies een moment dat nog komt."
    locatie = _text(errors, "locatie", locatie, 200, "Vul in waar het gesprek plaatsvindt.")
    aanleiding = _text(
        errors,
        "aanleiding",
        aanleiding,
        validators.MAX_DESCRIPTION,
        "Schrijf de aanleiding: wat is vastgesteld, waar en wanneer.",
    )
    if missing := postal_address_missing(eigenaar):
        errors["eigenaar"] = missing
    if errors:
        raise ValidationError(errors)
    organisatie = actor.organisatie
    assert organisatie is not None
    gesprek = Verhuurdergesprek(
        eigenaar=eigenaar,
        soort=soort,
        gepland_op=gepland_op,
        locatie=locatie,
        aanleiding=aanleiding,
        casus=casus,
        organisatie=organisatie,
        aangemaakt_door=actor,
    )
    # Laid out before the transaction opens: nobody should wait for WeasyPrint while it
    # holds SQLite's one write lock. The reference is the case's, or the owner's.
    kenmerk = casus.referentie if casus else f"VH-{eigenaar.eigenaar_id}"
    gegevens = uitnodiging_gegevens(
        eigenaar=eigenaar,
        soort=soort,
        gepland_op=gepland_op,
        locatie=locatie,
        aanleiding=aanleiding,
        kenmerk=kenmerk,
        casus=casus,
        door=actor,
        datum=timezone.localdate(),
    )
    pdf = html_to_pdf(brief_html(SJABLOON, gegevens))
    gesprek.uitnodiging_gegevens = gegevens
    digest = hashlib.sha256(pdf).hexdigest()[:12]
    gesprek.uitnodiging.save(f"uitnodiging-{kenmerk}-{digest}.pdf", ContentFile(pdf), save=False)
    with transaction.atomic():
        gesprek.save(force_insert=True)
        _on_timeline(
            gesprek,
            f"{gesprek.get_soort_display()} met {naam(eigenaar)} gepland op {gegevens['gepland']}; "
            "uitnodiging verstuurd.",
            actor,
        )
        _log(actor, gesprek, "Verhuurder uitgenodigd voor een gesprek")
    return gesprek


def _locked(gesprek: Verhuurdergesprek, naar: str) -> Verhuurdergesprek:
    # Only the talk's row is locked: its case is on the nullable side of the join, which
    # PostgreSQL will not lock.
    gesprek = (
        Verhuurdergesprek.objects.select_for_update(of=("self",))
        .select_related("eigenaar", "casus")
        .get(pk=gesprek.pk)
    )
    if (gesprek.status, naar) not in TRANSITIONS:
        raise ValidationError(
            f"Dit gesprek is {gesprek.get_status_display().lower()}; "
            f"het kan niet meer {Gespreksstatus(naar).label.lower()} worden."
        )
    return gesprek


@transaction.atomic
def gesprek_record(
    *, actor: User, gesprek: Verhuurdergesprek, gehouden_op: date, deelnemers: str, afspraken: str
) -> Verhuurdergesprek:
    """Record a talk held: its date (for a warning talk the start W of the owner's monitoring
    period), who took part and what was agreed."""
    require(actor, Capability.LANDLORD_TALKS)
    gesprek = _locked(gesprek, Gespreksstatus.GEHOUDEN)
    _check_case(actor, gesprek.casus)
    errors: dict[str, str] = {}
    if gehouden_op > timezone.localdate():
        errors["gehouden_op"] = (
            "De datum ligt in de toekomst; leg een gesprek vast als het is gehouden."
        )
    deelnemers = _text(
        errors,
        "deelnemers",
        deelnemers,
        validators.MAX_DESCRIPTION,
        "Noem wie aan het gesprek deelnamen.",
    )
    afspraken = _text(
        errors,
        "afspraken",
        afspraken,
        validators.MAX_DESCRIPTION,
        "Leg de gemaakte afspraken vast.",
    )
    if errors:
        raise ValidationError(errors)
    gesprek.status = Gespreksstatus.GEHOUDEN
    gesprek.gehouden_op = gehouden_op
    gesprek.deelnemers = deelnemers
    gesprek.afspraken = afspraken
    gesprek.vastgelegd_door = actor
    gesprek.save(
        update_fields=["status", "gehouden_op", "deelnemers", "afspraken", "vastgelegd_door"]
    )
    _on_timeline(
        gesprek,
        f"{gesprek.get_soort_display()} met {naam(gesprek.eigenaar)} gehouden op "
        f"{display.datum(gehouden_op)}.",
        actor,
    )
    _log(actor, gesprek, "Verhuurdergesprek vastgelegd")
    return gesprek


@transaction.atomic
def gesprek_cancel(*, actor: User, gesprek: Verhuurdergesprek, reden: str) -> Verhuurdergesprek:
    """Call off a planned talk, with the reason."""
    require(actor, Capability.LANDLORD_TALKS)
    gesprek = _locked(gesprek, Gespreksstatus.AFGEZEGD)
    _check_case(actor, gesprek.casus)
    errors: dict[str, str] = {}
    reden = _text(errors, "reden", reden, validators.MAX_REASON, "Geef de reden van het afzeggen.")
    if errors:
        raise ValidationError(errors)
    gesprek.status = Gespreksstatus.AFGEZEGD
    gesprek.afzegreden = reden
    gesprek.vastgelegd_door = actor
    gesprek.save(update_fields=["status", "afzegreden", "vastgelegd_door"])
    _on_timeline(
        gesprek, f"{gesprek.get_soort_display()} met {naam(gesprek.eigenaar)} afgezegd.", actor
    )
    _log(actor, gesprek, "Verhuurdergesprek afgezegd")
    return gesprek
