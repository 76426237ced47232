"""What every channel checks of a report before it is registered: its fields, and the parts of
the address as given.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

from goedwonen.core import validators
from goedwonen.core.categories import Categorie
from goedwonen.registry.address_lookup import OpgegevenAdres

from ..models import MelderSoort, Melding

if TYPE_CHECKING:
    from .registration import Contact


# Once: an enum's `.values` builds a new list each time, and a delivery checks every report.
_CATEGORIES = frozenset(Categorie.values)
_REPORTER_KINDS = frozenset(MelderSoort.values)


def _field_errors(
    *,
    bron: str,
    bron_id: str,
    categorie: str,
    omschrijving: str,
    melder_soort: str,
    contact: Contact | None,
    melder_soort_required: bool = True,
) -> dict[str, str]:
    """What every channel checks of a report, by field."""
    errors: dict[str, str] = {}
    if not bron.strip():
        errors["bron"] = "Geef de bron van de melding."
    for name, value in (("bron", bron), ("bron_id", bron_id)):
        longest: int | None = getattr(Melding._meta.get_field(name), "max_length", None)
        if longest is not None and (message := validators.too_long(value, longest)):
            errors.setdefault(name, message)
    if categorie not in _CATEGORIES:
        errors["categorie"] = f"Onbekende categorie '{categorie}'."
    if not omschrijving.strip():
        errors["omschrijving"] = "Beschrijf wat er aan de hand is."
    elif message := validators.too_long(omschrijving, validators.MAX_DESCRIPTION):
        errors["omschrijving"] = message
    if melder_soort not in _REPORTER_KINDS and (melder_soort or melder_soort_required):
        errors["melder_soort"] = f"Onbekende soort melder '{melder_soort}'."
    if contact:
        if message := validators.too_long(contact.naam, validators.MAX_NAME):
            errors["naam"] = message
        for name, clean in (
            ("email", validators.clean_email),
            ("telefoon", validators.clean_telefoon),
        ):
            if getattr(contact, name):
                try:
                    clean(getattr(contact, name))
                except ValidationError as error:
                    errors[name] = error.messages[0]
    return errors


# The parts of a given address, each with its rule (core.validators).
_ADDRESS_PARTS: dict[str, Callable[[str], object]] = {
    "nummeraanduiding": validators.clean_nummeraanduiding,
    "postcode": validators.clean_postcode,
    "huisnummer": validators.clean_huisnummer,
    "huisletter": validators.clean_huisletter,
    "toevoeging": validators.clean_toevoeging,
}


def address_problems(given: OpgegevenAdres) -> dict[str, str]:
    """Per part of a given address that breaks its rule, what is wrong. One registration
    refuses such an address; a delivery stores it as given and queues it for matching."""
    problems: dict[str, str] = {}
    for name, clean in _ADDRESS_PARTS.items():
        value = getattr(given, name)
        if value.strip():
            try:
                clean(value)
            except ValidationError as error:
                problems[name] = error.messages[0]
    return problems


def _normalised(given: OpgegevenAdres) -> OpgegevenAdres:
    """The address in its one stored form ('3083 ab' is '3083AB'), parts that break their
    rule left as given."""
    parts: dict[str, str] = {}
    for name, clean in _ADDRESS_PARTS.items():
        value = getattr(given, name).strip()
        try:
            parts[name] = str(clean(value)) if value else ""
        except ValidationError:
            parts[name] = value
    return OpgegevenAdres(**parts)
