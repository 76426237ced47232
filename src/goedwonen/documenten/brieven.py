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
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe

from goedwonen.core import display
from goedwonen.registry.models import Eigendom

from .brieftekst import brief_tekst_render
from .models import Briefsjabloonversie

if TYPE_CHECKING:
    from goedwonen.casussen.models import Casus
    from goedwonen.registry.models import Eigenaar


TEKST_LAYOUT = "documenten/brieven/tekst.html"


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


# An example snapshot of `brief_gegevens`: what a letter text kept as data may use.
VOORBEELD_BRIEF: dict[str, Any] = {
    "gemeente": "Gemeente Rotterdam",
    "organisatie": "Stadsontwikkeling",
    "datum": "2026-03-02",
    "kenmerk": "C-2026-0001",
    "geadresseerde": {
        "eigenaar_id": "E-0001",
        "naam": "A. de Eigenaar",
        "soort": "natuurlijk_persoon",
        "kvk_nummer": "",
        "straat_huisnummer": "Dorpsweg 1",
        "postcode": "3083 AB",
        "woonplaats": "Rotterdam",
    },
    "adressen": ["Carnisselaan 1, 3083 AB Rotterdam"],
    "alinea": "De controle is op 9 maart 2026 om 10.00 uur.",
    "ondertekening": {"naam": "C. Regisseur", "functie": "Casusregisseur", "organisatie": "SO"},
}


def brief_inhoud(tekst: str, gegevens: dict[str, Any]) -> SafeString:
    """A body text filled in with the snapshot, as HTML paragraphs (escaped by the engine)."""
    rendered = brief_tekst_render(tekst, gegevens)
    return mark_safe(linebreaks(rendered.strip(), autoescape=False))  # noqa: S308


def brief_html(sjabloon: Briefsjabloon, gegevens: dict[str, Any]) -> str:
    """The whole letter as a self-contained HTML page. A letter template whose text is kept as
    data (`Briefsjabloonversie`) uses the version valid on the letter's date; otherwise its
    template file."""
    datum = date.fromisoformat(gegevens["datum"])
    versie = briefsjabloonversie_valid(sjabloon.code, datum)
    # Dutch month names in the date, whatever language the request came in.
    with translation.override("nl"):
        if versie is not None:
            return render_to_string(
                TEKST_LAYOUT,
                {
                    "brief": gegevens,
                    "titel": versie.titel,
                    "datum": datum,
                    "inhoud": brief_inhoud(versie.tekst, gegevens),
                },
            )
        return render_to_string(
            sjabloon.template, {"brief": gegevens, "titel": sjabloon.titel, "datum": datum}
        )


def briefsjabloonversie_valid(code: str, datum: date) -> Briefsjabloonversie | None:
    """The text version of letter `code` valid on `datum`: the latest date on or before it,
    the latest made among versions of that date."""
    return (
        Briefsjabloonversie.objects.filter(code=code, geldig_vanaf__lte=datum)
        .order_by("-geldig_vanaf", "-vastgesteld_op", "-pk")
        .first()
    )
