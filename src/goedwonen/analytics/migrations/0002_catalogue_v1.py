"""The first version of the indicator catalogue, and the processing activity of risk selection.

The definitions are frozen here as they were adopted; later versions are made in the
application (a new version, never an edit), so this migration never changes.
"""

from django.db import migrations

ACTIVITY = {
    "code": "risicoselectie-woningtoezicht",
    "naam": "Risicoselectie voor proactief woningtoezicht",
    "doel": (
        "Woningen selecteren voor een huisbezoek of integrale actie op grond van signalen uit "
        "meerdere bronnen, uitlegbaar per adres en goedgekeurd door een tweede persoon."
    ),
    "grondslag": (
        "Art. 6 lid 1 sub e AVG (taak van algemeen belang); toezicht op de Huisvestingswet "
        "2014, de Wet goed verhuurderschap (art. 13) en de Woningwet; Wet BRP art. 3.2 "
        "(autorisatie). Geen geautomatiseerd besluit: een persoon besluit (art. 22 AVG)."
    ),
    "betrokkenen": "Bewoners (alleen tellingen per adres), eigenaren en verhuurders",
    "persoonsgegevens": (
        "Tellingen per adres (ingeschrevenen, verhuizingen, achternamen), eigendom en "
        "portefeuille, WOZ-waarde, energieverbruik per adres, vergunningen, meldingen, "
        "eerdere controles en handhavingsbesluiten. Geen namen, geen bijzondere of "
        "beschermde kenmerken."
    ),
    "ontvangers": "Analisten en goedkeurders van de betrokken clusters",
    "bewaartermijn_jaren": 5,
    "bewaartermijn_bron": "Selectielijst gemeenten 2020, procestype 12 (toezicht): 5 jaar",
}

PRIVATE = "eigenaar_soort IN ('natuurlijk_persoon', 'rechtspersoon')"
NOT_LIVING_THERE = "coalesce(eigenaar_postcode, '') <> postcode"
TOEZICHT = (
    "Art. 6 lid 1 sub e AVG; toezicht op de Huisvestingswet 2014 en de Wet goed "
    "verhuurderschap (art. 13)"
)
BRP = "Art. 6 lid 1 sub e AVG; Wet BRP art. 3.2 (autorisatie tellingen per adres)"
SO = "Cluster Stadsontwikkeling, team Wonen"
SB = "Cluster Stadsbeheer, toezicht wonen"
BELEID = "Beleidskeuze Rotterdams Goed Wonen, te bevestigen door de eigenaar van de indicator"

INDICATORS = [
    {
        "code": "bezetting",
        "naam": "Meer volwassenen dan de oppervlakte toelaat",
        "uitleg": (
            "Het aantal ingeschreven volwassenen tegen de gebruiksoppervlakte. Boven één "
            "persoon per 12 m² telt het signaal op; bij twee keer de norm is het vol."
        ),
        "bronnen": ["brp_bewoning.csv", "bag_adressen.csv"],
        "berekening": "volwassenen * $m2_per_persoon / nullif(oppervlakte, 0) - 1",
        "waarde": "oppervlakte / nullif(volwassenen, 0)",
        "reden": "{waarde} m² per ingeschreven volwassene (norm: 12 m²)",
        "parameters": {
            "m2_per_persoon": {
                "waarde": 12,
                "bron": (
                    "Bouwbesluit 2012 art. 7.18 (één persoon per 12 m²); alleen als signaal, "
                    "nooit als bewijs"
                ),
                "geldig_vanaf": "2012-04-01",
            }
        },
        "gewicht": 3.0,
        "doel": "Mogelijke overbewoning vinden voor een huisbezoek",
        "grondslag": BRP,
        "eigenaar": SO,
    },
    {
        "code": "doorstroom",
        "naam": "Veel verhuizingen (doorstroomadres)",
        "uitleg": (
            "Veel in- en uitschrijvingen in een jaar wijzen op kortdurende verhuur, vaak aan "
            "arbeidsmigranten of kamerbewoners."
        ),
        "bronnen": ["brp_bewoning.csv"],
        "berekening": (
            "CASE WHEN inschrijvingen_12m + uitschrijvingen_12m >= $drempel THEN 1 ELSE 0 END"
        ),
        "waarde": "inschrijvingen_12m + uitschrijvingen_12m",
        "reden": "{waarde} in- en uitschrijvingen in 12 maanden",
        "parameters": {"drempel": {"waarde": 6, "bron": BELEID, "geldig_vanaf": "2025-01-01"}},
        "gewicht": 2.0,
        "doel": "Kortdurende of illegale verhuur en onjuiste inschrijving vinden",
        "grondslag": BRP,
        "eigenaar": SO,
    },
    {
        "code": "leegstand_in_gebruik",
        "naam": "Niemand ingeschreven, wel verbruik",
        "uitleg": (
            "Op het adres staat niemand ingeschreven, terwijl er stroom wordt verbruikt als in "
            "een bewoonde woning: bewoners die niet zijn ingeschreven."
        ),
        "bronnen": ["brp_bewoning.csv", "energie.csv"],
        "berekening": (
            "CASE WHEN brp_bekend AND ingeschrevenen = 0 AND elektriciteit_kwh >= $min_kwh "
            "THEN 1 ELSE 0 END"
        ),
        "waarde": "elektriciteit_kwh",
        "reden": "niemand ingeschreven bij {waarde} kWh stroomverbruik per jaar",
        "parameters": {"min_kwh": {"waarde": 1200, "bron": BELEID, "geldig_vanaf": "2025-01-01"}},
        "gewicht": 2.0,
        "doel": "Niet-ingeschreven bewoning vinden (BRP-adresonderzoek)",
        "grondslag": BRP,
        "eigenaar": SO,
    },
    {
        "code": "kamerverhuur",
        "naam": "Veel verschillende achternamen",
        "uitleg": (
            "Veel verschillende achternamen op één adres wijzen op kamerverhuur; met meer "
            "namen dan het gebied zonder vergunning toestaat telt het zwaarder."
        ),
        "bronnen": ["brp_bewoning.csv", "gebiedsaanwijzingen.csv"],
        "berekening": (
            "CASE WHEN achternamen > coalesce(kamerverhuur_max, $max_zonder_vergunning) "
            "THEN 1 WHEN achternamen >= $min_namen THEN 0.5 ELSE 0 END"
        ),
        "waarde": "achternamen",
        "reden": "{waarde} verschillende achternamen ingeschreven",
        "parameters": {
            "min_namen": {"waarde": 3, "bron": BELEID, "geldig_vanaf": "2025-01-01"},
            "max_zonder_vergunning": {
                "waarde": 2,
                "bron": (
                    "Huisvestingsverordening Rotterdam: kamerverhuur aan meer dan twee "
                    "personen vergunningplichtig, tenzij een aanwijzing anders zegt"
                ),
                "geldig_vanaf": "2023-01-01",
            },
        },
        "gewicht": 2.5,
        "doel": "Illegale kamerverhuur vinden",
        "grondslag": BRP,
        "eigenaar": SO,
    },
    {
        "code": "portefeuille",
        "naam": "Eigenaar met veel objecten",
        "uitleg": (
            "Particuliere eigenaren met veel objecten verhuren beroepsmatig; bij hen komen "
            "misstanden vaker voor. Corporaties en overheid tellen niet mee."
        ),
        "bronnen": ["brk_eigendom.csv"],
        "berekening": f"CASE WHEN {PRIVATE} AND portefeuille >= $min_objecten THEN 1 ELSE 0 END",
        "waarde": "portefeuille",
        "reden": "eigenaar heeft {waarde} objecten",
        "parameters": {"min_objecten": {"waarde": 5, "bron": BELEID, "geldig_vanaf": "2025-01-01"}},
        "gewicht": 1.0,
        "doel": "Beroepsmatige verhuurders in beeld brengen",
        "grondslag": TOEZICHT,
        "eigenaar": SO,
    },
    {
        "code": "eigenaar_buiten_regio",
        "naam": "Eigenaar woont buiten de regio",
        "uitleg": (
            "Een particuliere eigenaar met een adres buiten de regio Rotterdam is minder "
            "betrokken bij het beheer van de woning."
        ),
        "bronnen": ["brk_eigendom.csv"],
        "berekening": (
            f"CASE WHEN {PRIVATE} AND try_cast(left(eigenaar_postcode, 4) AS INTEGER) "
            "NOT BETWEEN $regio_van AND $regio_tot THEN 1 ELSE 0 END"
        ),
        "waarde": "try_cast(left(eigenaar_postcode, 4) AS INTEGER)",
        "reden": "eigenaar woont buiten de regio (postcode {waarde})",
        "parameters": {
            "regio_van": {
                "waarde": 2900,
                "bron": BELEID + "; regio Rijnmond = postcodes 2900 tot en met 3399",
                "geldig_vanaf": "2025-01-01",
            },
            "regio_tot": {
                "waarde": 3399,
                "bron": BELEID + "; regio Rijnmond = postcodes 2900 tot en met 3399",
                "geldig_vanaf": "2025-01-01",
            },
        },
        "gewicht": 1.0,
        "doel": "Verhuurders op afstand in beeld brengen",
        "grondslag": TOEZICHT,
        "eigenaar": SO,
    },
    {
        "code": "opkoop_zonder_vergunning",
        "naam": "Gekocht onder opkoopbescherming, geen vergunning",
        "uitleg": (
            "De woning is de laatste vier jaar gekocht in een gebied met opkoopbescherming, "
            "onder de WOZ-grens; de eigenaar woont er niet en heeft geen opkoopvergunning."
        ),
        "bronnen": ["brk_eigendom.csv", "woz.csv", "vergunningen.csv", "gebiedsaanwijzingen.csv"],
        "berekening": (
            "CASE WHEN opkoop_grens IS NOT NULL AND woz <= opkoop_grens AND NOT "
            f"opkoop_vergunning AND {PRIVATE} AND {NOT_LIVING_THERE} AND verkregen_op > "
            "peildatum - to_years($termijn_jaren) THEN 1 ELSE 0 END"
        ),
        "waarde": "year(verkregen_op)",
        "reden": "in {waarde} gekocht onder opkoopbescherming, zonder vergunning",
        "parameters": {
            "termijn_jaren": {
                "waarde": 4,
                "bron": "Huisvestingswet 2014 art. 41: verhuurverbod 4 jaar na de levering",
                "geldig_vanaf": "2022-01-01",
            }
        },
        "gewicht": 2.0,
        "doel": "Verhuur in strijd met de opkoopbescherming vinden",
        "grondslag": TOEZICHT,
        "eigenaar": SO,
    },
    {
        "code": "verhuurvergunning_ontbreekt",
        "naam": "Verhuurvergunning vereist, niet aanwezig",
        "uitleg": (
            "Het gebied valt onder de verhuurvergunning (Carnisse), de eigenaar woont er niet "
            "en heeft geen geldige vergunning aangevraagd."
        ),
        "bronnen": ["brk_eigendom.csv", "vergunningen.csv", "gebiedsaanwijzingen.csv"],
        "berekening": (
            f"CASE WHEN verhuurvergunning_plicht AND NOT verhuurvergunning AND {PRIVATE} "
            f"AND {NOT_LIVING_THERE} THEN 1 ELSE 0 END"
        ),
        "waarde": "NULL",
        "reden": "verhuurvergunning vereist maar niet aanwezig",
        "parameters": {},
        "gewicht": 2.0,
        "doel": "Verhuur zonder vereiste vergunning vinden",
        "grondslag": TOEZICHT + "; Verhuurverordening Rotterdam 2023 art. 2",
        "eigenaar": SO,
    },
    {
        "code": "huur_boven_maximum",
        "naam": "Opgegeven huur boven de geschatte maximale huur",
        "uitleg": (
            "De kale huur uit de vergunningaanvraag tegen een schatting van de maximale huur "
            "uit oppervlakte en WOZ-waarde (een ruwe WWS-schatting: het huisbezoek rekent met "
            "het echte puntenstelsel)."
        ),
        "bronnen": ["vergunningen.csv", "bag_adressen.csv", "woz.csv"],
        "berekening": (
            "CASE WHEN opgegeven_huur >= (1 + $drempel / 100.0) * maximale_huur(oppervlakte "
            "+ woz / $woz_factor + woz / nullif(oppervlakte, 0) / $woz_factor_m2 "
            "+ $vaste_punten) THEN 1 ELSE 0 END"
        ),
        "waarde": (
            "round(100 * (opgegeven_huur / maximale_huur(oppervlakte + woz / $woz_factor + woz "
            "/ nullif(oppervlakte, 0) / $woz_factor_m2 + $vaste_punten) - 1))"
        ),
        "reden": "opgegeven huur {waarde}% boven de geschatte maximale huur",
        "parameters": {
            "drempel": {
                "waarde": 25,
                "bron": "Lokale beleidsdrempel (pilot verhuurvergunning Carnisse), geen wettelijke norm",
                "geldig_vanaf": "2025-01-01",
            },
            "woz_factor": {
                "waarde": 16954,
                "bron": "Besluit huurprijzen woonruimte bijlage I rubriek 4, onderdeel I (2026)",
                "geldig_vanaf": "2026-01-01",
            },
            "woz_factor_m2": {
                "waarde": 268,
                "bron": "Besluit huurprijzen woonruimte bijlage I rubriek 4, onderdeel II (2026)",
                "geldig_vanaf": "2026-01-01",
            },
            "vaste_punten": {
                "waarde": 20,
                "bron": BELEID + "; schatting van keuken, sanitair, verwarming en energielabel",
                "geldig_vanaf": "2026-01-01",
            },
        },
        "gewicht": 2.0,
        "doel": "Te hoge huur vinden (Wet goed verhuurderschap, Uitvoeringswet huurprijzen)",
        "grondslag": TOEZICHT,
        "eigenaar": SO,
    },
    {
        "code": "energie_afwijkend",
        "naam": "Stroomverbruik ver boven of onder het verwachte",
        "uitleg": (
            "Veel meer stroom dan de oppervlakte doet verwachten wijst op meer bewoners of "
            "bedrijfsmatig gebruik; bijna niets bij ingeschreven bewoners op leegstand."
        ),
        "bronnen": ["energie.csv", "bag_adressen.csv", "brp_bewoning.csv"],
        "berekening": (
            "CASE WHEN energie_verhouding >= $hoog THEN 1 WHEN energie_verhouding <= $laag "
            "AND ingeschrevenen > 0 THEN 1 ELSE 0 END"
        ),
        "waarde": "energie_verhouding",
        "reden": "stroomverbruik {waarde} keer het verwachte verbruik",
        "parameters": {
            "hoog": {"waarde": 2.5, "bron": BELEID, "geldig_vanaf": "2025-01-01"},
            "laag": {"waarde": 0.2, "bron": BELEID, "geldig_vanaf": "2025-01-01"},
        },
        "gewicht": 1.0,
        "doel": "Afwijkend gebruik van de woning vinden",
        "grondslag": (
            "Art. 6 lid 1 sub e AVG; verstrekking door de netbeheerder op grond van het "
            "convenant Rotterdams Goed Wonen (alleen waar een grondslag is vastgelegd)"
        ),
        "eigenaar": SB,
    },
    {
        "code": "meldingen",
        "naam": "Meldingen over het adres",
        "uitleg": (
            "Meldingen van bewoners en professionals over het adres in de laatste 24 maanden; "
            "bij drie of meer is het signaal vol. Meldingen komen vaker uit sommige buurten: "
            "zie het verschillenrapport."
        ),
        "bronnen": ["meldingen.csv", "goedwonen"],
        "berekening": "meldingen_24m / $verzadiging",
        "waarde": "meldingen_24m",
        "reden": "{waarde} meldingen in de laatste 24 maanden",
        "parameters": {"verzadiging": {"waarde": 3, "bron": BELEID, "geldig_vanaf": "2025-01-01"}},
        "gewicht": 2.0,
        "doel": "Signalen van bewoners en professionals laten meewegen",
        "grondslag": TOEZICHT,
        "eigenaar": SB,
    },
    {
        "code": "overtredingen_adres",
        "naam": "Eerdere overtredingen op het adres",
        "uitleg": (
            "Controles met een overtreding of handhavingsbesluiten op het adres in de laatste "
            "vier jaar (de recidivetermijn van de Wet goed verhuurderschap)."
        ),
        "bronnen": ["controles.csv", "handhavingen.csv", "goedwonen"],
        "berekening": "CASE WHEN overtredingen_4j + handhavingen_4j > 0 THEN 1 ELSE 0 END",
        "waarde": "overtredingen_4j + handhavingen_4j",
        "reden": "{waarde} overtredingen of handhavingsbesluiten op het adres in 4 jaar",
        "parameters": {},
        "gewicht": 2.0,
        "doel": "Hercontrole waar eerder een overtreding was",
        "grondslag": TOEZICHT + "; Wgv art. 17 (recidive binnen 4 jaar)",
        "eigenaar": SB,
    },
    {
        "code": "eigenaar_handhaving",
        "naam": "Handhaving tegen de eigenaar",
        "uitleg": (
            "Handhavingsbesluiten tegen dezelfde eigenaar, op welk adres ook, in de laatste "
            "vier jaar."
        ),
        "bronnen": ["handhavingen.csv", "brk_eigendom.csv"],
        "berekening": "eigenaar_handhavingen_4j / $verzadiging",
        "waarde": "eigenaar_handhavingen_4j",
        "reden": "{waarde} handhavingsbesluiten tegen de eigenaar in 4 jaar",
        "parameters": {"verzadiging": {"waarde": 2, "bron": BELEID, "geldig_vanaf": "2025-01-01"}},
        "gewicht": 1.5,
        "doel": "Verhuurders die eerder in de fout gingen in beeld houden",
        "grondslag": TOEZICHT + "; Wgv art. 17 (recidive binnen 4 jaar)",
        "eigenaar": SO,
    },
    {
        "code": "eigenaar_terugkerend",
        "naam": "Eigenaar keert terug in onderzoeken",
        "uitleg": (
            "Bij meerdere objecten van dezelfde eigenaar werd de laatste vier jaar een "
            "overtreding vastgesteld."
        ),
        "bronnen": ["controles.csv", "brk_eigendom.csv", "goedwonen"],
        "berekening": (
            "CASE WHEN eigenaar_objecten_overtreding_4j >= $min_objecten THEN 1 ELSE 0 END"
        ),
        "waarde": "eigenaar_objecten_overtreding_4j",
        "reden": "eigenaar had bij {waarde} objecten een overtreding in 4 jaar",
        "parameters": {"min_objecten": {"waarde": 2, "bron": BELEID, "geldig_vanaf": "2025-01-01"}},
        "gewicht": 1.5,
        "doel": "Terugkerende verhuurders vinden (stopgesprek, monitoring)",
        "grondslag": TOEZICHT,
        "eigenaar": SO,
    },
]


def create(apps, schema_editor):
    activity = apps.get_model("core", "Verwerkingsactiviteit")
    activity.objects.get_or_create(code=ACTIVITY["code"], defaults=ACTIVITY)
    versie, created = apps.get_model("analytics", "Catalogusversie").objects.get_or_create(
        versie=1,
        defaults={"toelichting": "Eerste versie: veertien indicatoren uit het uitvoeringsplan."},
    )
    if created:
        indicator = apps.get_model("analytics", "Indicator")
        for volgorde, fields in enumerate(INDICATORS, start=1):
            indicator.objects.create(versie=versie, volgorde=volgorde, **fields)


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0001_initial"),
        ("core", "0003_logregel_verzegelen"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
