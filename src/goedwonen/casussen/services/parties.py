"""The parties of a case (owners, occupants, others) beyond those found when it was created."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from goedwonen.core import validators
from goedwonen.core.processing_log import DataSubject

from ..models import Casus, Gebeurtenissoort, Partij, Partijrol
from .timeline import _log, _require_director, gebeurtenis_add

if TYPE_CHECKING:
    from goedwonen.accounts.models import User


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
