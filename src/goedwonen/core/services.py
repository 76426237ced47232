"""Writes of the core app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from .log_anchor import VERIFIED, AnchorError, anchor_write
from .models import Ketencontrole, OpgeslagenFilter
from .policy import Capability, require
from .processing_log import processing_log_seal, processing_log_verify

if TYPE_CHECKING:
    from goedwonen.accounts.models import User


def chain_check_run(*, actor: User | None) -> Ketencontrole:
    """Seal what waits, verify the whole log chain against itself, the anchors outside the
    database and the previous check, anchor the head found intact, and keep the outcome.
    `actor` None: the nightly task or the command."""
    if actor is not None:
        require(actor, Capability.LOG_SEARCH)
    processing_log_seal()
    check = processing_log_verify()
    bevinding = check.describe()
    intact, head = check.ok, check.head
    if intact and head is not None and head[0] > 0:
        try:
            anchor_write(volgnummer=head[0], hash=head[1], soort=VERIFIED)
        except AnchorError as error:
            # An intact chain that cannot be anchored is no longer protected: say so loudly.
            intact, bevinding = False, f"{bevinding} Maar {error}."
    return Ketencontrole.objects.create(
        intact=intact,
        gecontroleerd=check.checked,
        volgnummer=check.broken_volgnummer,
        bevinding=bevinding,
        kop_volgnummer=head[0] if intact and head else None,
        kop_hash=head[1] if intact and head else "",
    )


MAX_FILTER_QUERY = 1000


def _filter_name(naam: str) -> str:
    naam = naam.strip()
    if not naam:
        raise ValidationError({"naam": "Geef het filter een naam."})
    if len(naam) > 80:
        raise ValidationError({"naam": "Een naam is hoogstens 80 tekens lang."})
    return naam


def _name_taken(*, actor: User, lijst: str, naam: str, exclude: int | None = None) -> None:
    taken = OpgeslagenFilter.objects.filter(eigenaar=actor, lijst=lijst, naam=naam)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise ValidationError(
            {"naam": f"U hebt voor deze lijst al een filter '{naam}': kies een andere naam."}
        )


@transaction.atomic
def opgeslagen_filter_save(*, actor: User, lijst: str, naam: str, query: str) -> OpgeslagenFilter:
    """Save the list's current search, sort and filters under a name of the actor's own."""
    naam = _filter_name(naam)
    if not lijst or len(lijst) > 40:
        raise ValidationError({"lijst": "Onbekende lijst."})
    if len(query) > MAX_FILTER_QUERY:
        raise ValidationError({"query": "Dit filter is te lang om op te slaan."})
    _name_taken(actor=actor, lijst=lijst, naam=naam)
    return OpgeslagenFilter.objects.create(eigenaar=actor, lijst=lijst, naam=naam, query=query)


@transaction.atomic
def opgeslagen_filter_rename(
    *, actor: User, opgeslagen: OpgeslagenFilter, naam: str
) -> OpgeslagenFilter:
    if opgeslagen.eigenaar_id != actor.pk:
        raise PermissionDenied("Alleen wie een filter opsloeg, kan het wijzigen.")
    naam = _filter_name(naam)
    _name_taken(actor=actor, lijst=opgeslagen.lijst, naam=naam, exclude=opgeslagen.pk)
    opgeslagen.naam = naam
    opgeslagen.save(update_fields=["naam"])
    return opgeslagen


@transaction.atomic
def opgeslagen_filter_delete(*, actor: User, opgeslagen: OpgeslagenFilter) -> None:
    if opgeslagen.eigenaar_id != actor.pk:
        raise PermissionDenied("Alleen wie een filter opsloeg, kan het verwijderen.")
    opgeslagen.delete()
