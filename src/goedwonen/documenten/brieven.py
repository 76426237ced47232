"""Letter templates and the data a letter is filled with.

The templates are Django templates in `templates/documenten/brieven/` (the letter layout in
`_brief.html`, one file per letter). The data is gathered once into a plain snapshot that is
stored with the letter, so what was sent can always be shown again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from goedwonen.core import display
from goedwonen.registry.models import Eigendom

if TYPE_CHECKING:
    from goedwonen.casussen.models import Casus
    from goedwonen.registry.models import Eigenaar


@dataclass(frozen=True)
class Briefsjabloon:
    code: str
    titel: str
    template: str
    # What the extra paragraph is for in this letter, and whether the letter needs it.
    alinea: str
    alinea_verplicht: bool = False


SJABLONEN: dict[str, Briefsjabloon] = {
    s.code: s
    for s in (
        Briefsjabloon(
            "vooraankondiging_controle",
            "Vooraankondiging controle",
            "documenten/brieven/vooraankondiging_controle.html",
            alinea="Bijvoorbeeld de datum en het tijdstip van de controle.",
        ),
        Briefsjabloon(
            "waarschuwing_wgv",
            "Waarschuwing Wet goed verhuurderschap",
            "documenten/brieven/waarschuwing_wgv.html",
            alinea="Wat is vastgesteld (welke regel is overtreden, waar en wanneer).",
            alinea_verplicht=True,
        ),
    )
}


def postal_address_missing(eigenaar: Eigenaar) -> str:
    """What the registry lacks of the owner's postal address, in Dutch; empty when a letter
    can be posted (name, street and number, postcode and place)."""
    missing = [
        part
        for part, known in (
            ("naam", eigenaar.naam),
            ("straat en huisnummer", eigenaar.straat_huisnummer),
            ("postcode", eigenaar.postcode),
            ("woonplaats", eigenaar.woonplaats),
        )
        if not known
    ]
    if not missing:
        return ""
    return (
        f"Van {' '.join(str(eigenaar).split())} ontbreekt in de registratie (BRK) het postadres: "
        f"{', '.join(missing)}. Zonder volledig adres kan de brief niet worden verstuurd."
    )


def brief_gegevens(*, casus: Casus, eigenaar: Eigenaar, alinea: str, datum: date) -> dict[str, Any]:
    """The snapshot a letter to `eigenaar` about `casus` is filled with: JSON only."""
    objecten = list(casus.objecten.select_related("adres", "verblijfsobject"))
    owned = set(
        Eigendom.objects.filter(
            eigenaar=eigenaar,
            beeindigd_op__isnull=True,
            verblijfsobject__in=[o.verblijfsobject_id for o in objecten],
        ).values_list("verblijfsobject_id", flat=True)
    )
    # The addresses of the case this owner owns now; all of them when the registry no longer
    # says so (sold since the case began): the letter is still about the case's addresses.
    concerned = [o for o in objecten if o.verblijfsobject_id in owned] or objecten
    regisseur = casus.casusregisseur
    return {
        "gemeente": f"Gemeente {settings.GEMEENTE}",
        "organisatie": casus.organisatie.naam,
        "datum": datum.isoformat(),
        "kenmerk": casus.referentie,
        "geadresseerde": {
            "eigenaar_id": eigenaar.eigenaar_id,
            "naam": eigenaar.naam or eigenaar.eigenaar_id,
            "soort": eigenaar.soort,
            "kvk_nummer": eigenaar.kvk_nummer,
            "straat_huisnummer": eigenaar.straat_huisnummer,
            "postcode": display.postcode(eigenaar.postcode),
            "woonplaats": eigenaar.woonplaats,
        },
        "adressen": [str(o.adres) if o.adres else o.verblijfsobject.object_id for o in concerned],
        "alinea": alinea.strip(),
        "ondertekening": {
            "naam": regisseur.get_full_name() or regisseur.username,
            "functie": "Casusregisseur",
            "organisatie": casus.organisatie.naam,
        },
    }


def brief_html(sjabloon: Briefsjabloon, gegevens: dict[str, Any]) -> str:
    # Dutch month names in the date, whatever language the request came in.
    with translation.override("nl"):
        return render_to_string(
            sjabloon.template,
            {
                "brief": gegevens,
                "titel": sjabloon.titel,
                "datum": date.fromisoformat(gegevens["datum"]),
            },
        )
