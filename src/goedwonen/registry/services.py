"""Writes on the registry."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from goedwonen.core.models import Verwerkingsactiviteitcode
from goedwonen.core.policy import Capability, require
from goedwonen.core.processing_log import processing_log_record
from goedwonen.core.registries import dwelling_events
from goedwonen.intake.models import Melding

from .models import Adres

if TYPE_CHECKING:
    from goedwonen.accounts.models import User


@transaction.atomic
def melding_match_address(*, actor: User, melding: Melding, adres: Adres) -> Melding:
    """A person matches a report whose address the import could not find."""
    require(actor, Capability.REPORTS_MATCH)
    melding = Melding.objects.select_for_update().get(pk=melding.pk)
    if melding.adres_id is not None:
        raise ValidationError("Deze melding is al aan een adres gekoppeld.")
    melding.adres = adres
    melding.verblijfsobject = adres.verblijfsobject
    melding.buurt_id = adres.verblijfsobject.buurt_id
    melding.gekoppeld_door = actor
    melding.gekoppeld_op = timezone.now()
    fields = ["adres", "verblijfsobject", "buurt", "gekoppeld_door", "gekoppeld_op"]
    if melding.team_id is None:
        # Now that the area is known, the routing rules can find the team.
        from goedwonen.intake.routing import Router

        route = Router().route(
            buurt_id=adres.verblijfsobject.buurt_id, categorie=melding.categorie, bron=melding.bron
        )
        melding.team_id, melding.behandelaar_id = route.team_id, route.behandelaar_id
        fields += ["team", "behandelaar"]
    melding.save(update_fields=fields)
    # Now on an object: the landlord monitor hears of it as of a report registered there.
    for hook in dwelling_events:
        hook(
            verblijfsobject_id=melding.verblijfsobject_id,
            soort="melding",
            datum=timezone.localdate(melding.ontvangen_op),
            bron=f"melding:{melding.pk}",
            casus_id=melding.casus_id,
            actor=actor,
        )
    processing_log_record(
        actor=actor,
        operation="Melding aan adres gekoppeld",
        activity=Verwerkingsactiviteitcode.REGISTRATIE_WONINGEN_EIGENAREN,
        object_ref=f"nummeraanduiding:{adres.nummeraanduiding}",
    )
    return melding
