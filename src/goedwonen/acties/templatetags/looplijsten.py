"""The address line of an action's address, for walk lists and briefings."""

from __future__ import annotations

from django import template

from goedwonen.registry.selectors import hoofdadres_of

from ..models import Actieadres

register = template.Library()


@register.filter
def adresregel(adres: Actieadres) -> str:
    """Street, number and postcode of the dwelling's main address (its object id without one)."""
    hoofdadres = hoofdadres_of(adres.verblijfsobject)
    if hoofdadres is None:
        return adres.verblijfsobject.object_id
    return f"{hoofdadres.straat_huisnummer}, {hoofdadres.postcode} {hoofdadres.woonplaats}".strip()
