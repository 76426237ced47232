"""The entry for the public algorithm register (algoritmes.overheid.nl), generated from the
catalogue, so the published description never drifts from what the system computes. The
fields follow the register's publication standard (name, purpose and impact, legal basis,
data, method, human oversight, risk management), in Dutch as published."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from .catalogue import PROTECTED_STEMS
from .models import Catalogusversie
from .services import ACTIVITY


def register_entry(versie: Catalogusversie, *, organisatie: str = "") -> dict[str, Any]:
    """The entry in the register's fields; the organisation is the municipality's unless
    given."""
    indicators = list(versie.indicatoren.filter(actief=True).order_by("volgorde", "code"))
    sources = sorted({source for i in indicators for source in i.bronnen})
    bases = sorted({i.grondslag for i in indicators})
    return {
        "naam": "Risicoselectie proactief woningtoezicht (Goedwonen)",
        "organisatie": organisatie or f"Gemeente {settings.GEMEENTE}",
        "status": "in gebruik",
        "versie": f"indicatorcatalogus versie {versie.versie} ({versie.aangemaakt_op:%Y-%m-%d})",
        "korte_omschrijving": (
            "Een rekenregel telt per woning signalen uit meerdere bronnen op tot een score. "
            "Analisten kiezen met de score en de redenen per adres woningen voor een huisbezoek "
            "of integrale actie; een tweede persoon keurt elke selectie goed."
        ),
        "doel_en_impact": (
            "Misstanden in de woningmarkt vinden (overbewoning, te hoge huur, illegale "
            "kamerverhuur, verhuur zonder vergunning, niet-ingeschreven bewoners). Een "
            "selectie leidt tot een bezoek dat de feiten vaststelt; een score is nooit bewijs "
            "en leidt nooit zelf tot een besluit."
        ),
        "wettelijke_basis": bases,
        "verwerkingsregister": ACTIVITY,
        "gegevens": sources,
        "uitgesloten_kenmerken": (
            "De catalogus weigert elke indicator die nationaliteit, etniciteit, geboorteland, "
            "religie, geslacht, leeftijd of taal gebruikt (gecontroleerde woordstammen: "
            + ", ".join(PROTECTED_STEMS)
            + "). Bewoners tellen alleen als aantallen per adres, nooit met naam."
        ),
        "werking": (
            "Een gewogen som van signalen tussen 0 en 1; elke bijdrage wordt per adres "
            "bewaard en in woorden getoond. Gewichten kunnen worden voorgesteld met een "
            "logistische regressie op eerdere controle-uitkomsten (scorekaart), met precisie "
            "en lift op achtergehouden controles; een persoon stelt een nieuwe versie vast."
        ),
        "indicatoren": [
            {
                "code": i.code,
                "naam": i.naam,
                "uitleg": i.uitleg,
                "bronnen": i.bronnen,
                "gewicht": i.gewicht,
                "doel": i.doel,
                "grondslag": i.grondslag,
                "eigenaar": i.eigenaar,
                "parameters": {
                    name: {"waarde": p["waarde"], "bron": p["bron"]}
                    for name, p in i.parameters.items()
                },
            }
            for i in indicators
        ],
        "menselijke_tussenkomst": (
            "Geen geautomatiseerd besluit (art. 22 AVG): een analist stelt een selectie samen, "
            "voegt adressen toe of haalt ze weg met een reden, en een tweede bevoegde persoon "
            "keurt haar goed of af. Pas daarna kan zij een adreslijst voor een integrale actie "
            "of casussen worden. Per adres worden score, redenen en goedkeurder bewaard."
        ),
        "risicobeheer": [
            "Beschermde kenmerken: de catalogus weigert ze (getest).",
            "Geografische vertekening: meldingen en eerdere controles komen vaker uit sommige "
            "buurten; bij elke run en selectie toont het verschillenrapport per buurt het "
            "aandeel woningen, de selectiegraad en de trefkans, en markeert overselectie.",
            "Terugkoppeling: indicatoren die uit controle-uitkomsten zijn berekend, leren niet "
            "van hun eigen uitkomst.",
            "Reproduceerbaarheid: elke run bewaart de catalogusversie, de gelezen leveringen "
            "met hun hash en de parameters; dezelfde invoer geeft dezelfde scores.",
            "Verantwoording: elke run, elke inzage van scores per adres en elke selectie staat "
            "in het verwerkingslogboek.",
        ],
        "bezwaar": (
            "Een selectie is geen besluit. Tegen een besluit na een bezoek staan bezwaar en "
            "beroep open volgens de Algemene wet bestuursrecht."
        ),
    }
