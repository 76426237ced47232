"""Text every member sees (an item's question, a decision) holds no names or addresses: a
member without a basis for the case sees the item pseudonymised, and a name typed into the
question would undo that. `identifier_in` finds the case's (or the signal's dwelling's)
streets, postcodes and owner names, and any postcode, in such a text."""

from __future__ import annotations

import re

from goedwonen.casussen.models import Casus
from goedwonen.registry.models import Adres, Verblijfsobject

_POSTCODE = re.compile(r"\b[1-9][0-9]{3}\s?[A-Za-z]{2}\b")
MESSAGE = (
    "Deze tekst ziet elk lid van de tafel, ook leden zonder grondslag voor de casus. Laat "
    "namen en adressen weg (gevonden: '{term}'); de casusreferentie volstaat."
)


def _terms(casus: Casus | None, verblijfsobject: Verblijfsobject | None) -> set[str]:
    terms: set[str] = set()
    adressen = Adres.objects.none()
    if casus is not None:
        adressen = Adres.objects.filter(verblijfsobject__casusobjecten__casus=casus)
        for partij in casus.partijen.select_related("eigenaar"):
            if partij.eigenaar is not None and partij.eigenaar.naam:
                terms.add(partij.eigenaar.naam)
    elif verblijfsobject is not None:
        adressen = Adres.objects.filter(verblijfsobject=verblijfsobject)
    for adres in adressen:
        terms.add(adres.openbareruimte)
        if adres.postcode:
            terms.add(adres.postcode)
    return {t.strip() for t in terms if len(t.strip()) >= 3}


def identifier_in(
    text: str, *, casus: Casus | None = None, verblijfsobject: Verblijfsobject | None = None
) -> str | None:
    """The first name, street or postcode found in the text, or None."""
    if match := _POSTCODE.search(text):
        return match.group(0)
    folded = text.casefold()
    for term in sorted(_terms(casus, verblijfsobject), key=len, reverse=True):
        if re.search(rf"(?<!\w){re.escape(term.casefold())}(?!\w)", folded):
            return term
    return None


def identifier_error(
    text: str, *, casus: Casus | None = None, verblijfsobject: Verblijfsobject | None = None
) -> str | None:
    """The error to show beside the field, or None when the text is clean."""
    term = identifier_in(text, casus=casus, verblijfsobject=verblijfsobject)
    return MESSAGE.format(term=term) if term else None
