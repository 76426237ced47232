"""The letters of an enforcement procedure: a step's letter text, from the procedure's
instrument version, filled in and laid out as a PDF.

A letter text (`stappen[i]["brief"]["tekst"]` of an `Instrumentversie`) is plain text with
Django template placeholders; a blank line starts a new paragraph. It is rendered with
Django's template engine with autoescaping on, so whatever the data holds (or HTML typed in
the text) shows as text; then it goes into the municipal letter layout
(`templates/documenten/brieven/_brief.html`, through `handhaving/traject/brief.html`), which
prints the addressee's full postal address and the signature on behalf of the competent body.

The placeholders: one context variable `brief`, the snapshot stored with the letter (JSON),
so what was sent can always be shown again:

    {{ brief.gemeente }}                      "Gemeente Rotterdam"
    {{ brief.organisatie }}                   the handling organisation's name
    {{ brief.titel }}                         the letter's title (the version's, or the step)
    {{ brief.datum }}                         the letter's date, ISO (the layout prints it)
    {{ brief.datum_tekst }}                   the letter's date, "6 december 2026"
    {{ brief.kenmerk }}                       our reference: case or report, and procedure
                                              ("CS-2026-0001/HH3")
    {{ brief.casus }}                         the case reference, or ""
    {{ brief.melding }}                       the report reference, or ""
    {{ brief.geadresseerde.naam }}            the addressee (owner) as the registry has it
    {{ brief.geadresseerde.straat_huisnummer }}, {{ brief.geadresseerde.postcode }},
    {{ brief.geadresseerde.woonplaats }}      the postal address ("3083 AB")
    {{ brief.geadresseerde.eigenaar_id }}, {{ brief.geadresseerde.kvk_nummer }}
    {{ brief.adressen }}                      the addresses concerned, a list
                                              (`{{ brief.adressen|join:"; " }}`)
    {{ brief.instrument.naam }}               "Last onder dwangsom"
    {{ brief.instrument.regeling }}           "Huisvestingsverordening Rotterdam 2023"
    {{ brief.instrument.artikel }}            "artikel 5:32 Awb jo. artikel 125 Gemeentewet"
    {{ brief.instrument.regeling_versiedatum }} the regulation's version date, as text
    {{ brief.instrument.bevoegd_orgaan }}     "het college van burgemeester en wethouders"
    {{ brief.instrument.mandaat }}            the mandate letters are signed under
    {{ brief.instrument.versie }}             the catalogue version the procedure runs on
    {{ brief.stap.naam }}, {{ brief.stap.soort }}  this step
    {{ brief.termijn_dagen }}                 the step's term in days ("" when none)
    {{ brief.termijn_tot }}                   the term's last day, "3 januari 2027" ("" none)
    {{ brief.bedrag }}                        the step's amount, "€ 5.000,00"; a step without
                                              one takes the latest earlier step's ("" none)
    {{ brief.bedrag_maximum }}                the most a penalty forfeits in all (Awb
                                              5:32b), as {{ brief.bedrag }} ("" when none)
    {{ brief.aanleiding }}                    why the procedure started (the finding)
    {{ brief.last }}                          what the addressee must do (the order), as
                                              the jurist wrote it at the start ("" none)
    {{ brief.uitkomst }}                      what the step records (an opinion, a
                                              re-inspection's outcome)
    {{ brief.besluit_datum }}                 the date of the procedure's decision, as text
                                              ("" before it)
    {{ brief.hercontrole.datum }}, {{ brief.hercontrole.uitkomst }}  the latest
                                              re-inspection's date (text) and findings
                                              ("" before one)
    {{ brief.ondertekening.naam }}, {{ brief.ondertekening.functie }},
    {{ brief.ondertekening.organisatie }}, {{ brief.ondertekening.bevoegd_orgaan }},
    {{ brief.ondertekening.mandaat }}         who signs, on behalf of the competent body
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template import TemplateSyntaxError
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe

from goedwonen.core import display
from goedwonen.documenten.brieven import postal_address_missing

from .catalogus import brief_tekst_render

if TYPE_CHECKING:
    from goedwonen.accounts.models import User
    from goedwonen.registry.models import Eigenaar

    from .models import Instrumentversie

__all__ = ["LetterError", "brief_html", "brief_snapshot", "postal_address_missing", "render_text"]

LAYOUT = "handhaving/traject/brief.html"


class LetterError(ValueError):
    """A letter text that does not render (a broken placeholder tag), in Dutch."""


@dataclass(frozen=True)
class StapInfo:
    """What the letter needs to know of the step it goes with."""

    naam: str
    soort: str
    titel: str
    datum: date
    termijn_dagen: int | None
    termijn_tot: date | None
    bedrag: Decimal | None
    bedrag_maximum: Decimal | None
    uitkomst: str


def render_text(tekst: str, gegevens: dict[str, Any]) -> SafeString:
    """The letter text filled in with the snapshot, as HTML paragraphs (escaped), by the
    catalogue's one letter-text engine (no template loaders: a text cannot pull in a file)."""
    try:
        rendered = brief_tekst_render(tekst, gegevens)
    except TemplateSyntaxError as error:
        raise LetterError(f"De brieftekst bevat een fout in een invulveld: {error}") from error
    # Already escaped by the engine; only the paragraphs are added.
    return mark_safe(linebreaks(rendered.strip(), autoescape=False))  # noqa: S308


def brief_snapshot(
    *,
    versie: Instrumentversie,
    stap: StapInfo,
    eigenaar: Eigenaar,
    adressen: list[str],
    kenmerk: str,
    casus: str,
    melding: str,
    organisatie: str,
    aanleiding: str,
    last: str,
    besluit_datum: date | None,
    hercontrole: tuple[date, str] | None,
    ondertekenaar: User,
) -> dict[str, Any]:
    """The data one letter is filled with: JSON only, kept with the letter."""
    return {
        "gemeente": f"Gemeente {settings.GEMEENTE}",
        "organisatie": organisatie,
        "titel": stap.titel,
        "datum": stap.datum.isoformat(),
        "datum_tekst": display.datum(stap.datum),
        "kenmerk": kenmerk,
        "casus": casus,
        "melding": melding,
        "geadresseerde": {
            "eigenaar_id": eigenaar.eigenaar_id,
            "naam": eigenaar.naam,
            "soort": eigenaar.soort,
            "kvk_nummer": eigenaar.kvk_nummer,
            "straat_huisnummer": eigenaar.straat_huisnummer,
            "postcode": display.postcode(eigenaar.postcode),
            "woonplaats": eigenaar.woonplaats,
        },
        "adressen": adressen,
        "instrument": {
            "naam": versie.instrument.naam,
            "regeling": versie.regeling,
            "artikel": versie.artikel,
            "regeling_versiedatum": display.datum(versie.regeling_versiedatum),
            "bevoegd_orgaan": versie.bevoegd_orgaan,
            "mandaat": versie.mandaat,
            "versie": versie.versie,
        },
        "stap": {"naam": stap.naam, "soort": stap.soort},
        "termijn_dagen": stap.termijn_dagen if stap.termijn_dagen is not None else "",
        "termijn_tot": display.datum(stap.termijn_tot),
        "bedrag": display.euro(stap.bedrag),
        "bedrag_maximum": display.euro(stap.bedrag_maximum),
        "aanleiding": aanleiding,
        "last": last,
        "uitkomst": stap.uitkomst,
        "besluit_datum": display.datum(besluit_datum),
        "hercontrole": {
            "datum": display.datum(hercontrole[0]) if hercontrole else "",
            "uitkomst": hercontrole[1] if hercontrole else "",
        },
        "ondertekening": {
            "naam": ondertekenaar.get_full_name() or ondertekenaar.username,
            "functie": "Jurist",
            "organisatie": organisatie,
            "bevoegd_orgaan": versie.bevoegd_orgaan,
            "mandaat": versie.mandaat,
        },
    }


def brief_html(tekst: str, gegevens: dict[str, Any]) -> str:
    """The whole letter as a self-contained HTML page, for `documenten.pdf.html_to_pdf`."""
    inhoud = render_text(tekst, gegevens)
    # Dutch month names in the date, whatever language the request came in.
    with translation.override("nl"):
        return render_to_string(
            LAYOUT,
            {
                "brief": gegevens,
                "titel": gegevens["titel"],
                "datum": date.fromisoformat(gegevens["datum"]),
                "inhoud": inhoud,
            },
        )
