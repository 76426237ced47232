"""The processing activity of case direction, and the standard tasks per category (data the
functional administrator can change)."""

from django.db import migrations

ACTIVITY = {
    "code": "casusregie",
    "naam": "Casusregie bij multiproblematiek in wonen en verhuur",
    "doel": "Een casus met meerdere problemen op een adres integraal aanpakken onder regie van een casusregisseur: partners betrekken, taken uitzetten, bevindingen vastleggen en gegevens delen voor zover elke partner die voor zijn eigen taak nodig heeft.",
    "grondslag": "AVG art. 6 lid 1 sub c en e; Wet goed verhuurderschap, Huisvestingswet 2014, Woningwet, Wet BRP en Gemeentewet (toezicht en handhaving); verstrekking aan partners per deling met een vastgelegde grondslag; AVG art. 10 voor strafrechtelijke gegevens alleen binnen de wettelijke grondslag.",
    "betrokkenen": "Eigenaren, verhuurders en verhuurbemiddelaars; bewoners (minimaal: aantal en omschrijving); melders.",
    "persoonsgegevens": "Eigenaar- en verhuurdergegevens uit de registratie; bevindingen van bezoeken; taken en hun uitkomst; notities.",
    "ontvangers": "De regisserende organisatie; partners met wie de casus is gedeeld, alleen de gedeelde onderdelen tot de einddatum van de deling.",
    "bewaartermijn_jaren": 10,
    "bewaartermijn_bron": "Selectielijst gemeenten en intergemeentelijke organen 2020, procestype 12: per resultaat 1 tot 10 jaar na sluiten; een casus die handhaving bereikte 10 jaar",
}

# (categorie, titel, organisatie, dagen, omschrijving)
TEMPLATES = [
    (
        "niet_ingeschreven",
        "BRP-adresonderzoek",
        "dv",
        28,
        "Onderzoek wie er op het adres woont en of de inschrijving klopt (Wet BRP).",
    ),
    (
        "overbewoning",
        "BRP-adresonderzoek",
        "dv",
        28,
        "Onderzoek wie er op het adres woont en of de inschrijving klopt (Wet BRP).",
    ),
    (
        "te_hoge_huur",
        "Huurprijscheck",
        "so",
        21,
        "Bepaal de maximale huurprijs (WWS) en vergelijk met de overeengekomen kale huur.",
    ),
    (
        "overbewoning",
        "Woningbezoek",
        "sb",
        14,
        "Bezoek de woning: aanwezigen, toegang, bevindingen per categorie.",
    ),
    (
        "kamerverhuur",
        "Woningbezoek",
        "sb",
        14,
        "Bezoek de woning: aanwezigen, toegang, bevindingen per categorie.",
    ),
    (
        "achterstallig_onderhoud",
        "Bouwkundige inspectie",
        "sb",
        21,
        "Inspecteer de bouwkundige staat (Woningwet).",
    ),
    (
        "crimineel_gebruik",
        "Energiecheck",
        "stedin",
        14,
        "Controleer het energieverbruik en de aansluiting op afwijkingen.",
    ),
    (
        "leegstand",
        "Energiecheck",
        "stedin",
        14,
        "Controleer het energieverbruik en de aansluiting op afwijkingen.",
    ),
    (
        "zorg",
        "Zorgbeoordeling wijkteam",
        "mo",
        14,
        "Beoordeel of bewoners zorg of ondersteuning nodig hebben.",
    ),
    (
        "uitbuiting",
        "Zorgbeoordeling wijkteam",
        "mo",
        7,
        "Beoordeel of bewoners zorg of ondersteuning nodig hebben.",
    ),
    (
        "crimineel_gebruik",
        "Politie-informatie en controle",
        "politie",
        14,
        "Toets de casus aan politie-informatie binnen de eigen grondslag en sluit aan bij een controle.",
    ),
]


def create(apps, schema_editor):
    Verwerkingsactiviteit = apps.get_model("core", "Verwerkingsactiviteit")
    Verwerkingsactiviteit.objects.get_or_create(code=ACTIVITY["code"], defaults=ACTIVITY)
    Taaksjabloon = apps.get_model("casussen", "Taaksjabloon")
    for volgorde, (categorie, titel, organisatie, dagen, omschrijving) in enumerate(TEMPLATES):
        Taaksjabloon.objects.get_or_create(
            categorie=categorie,
            titel=titel,
            defaults={
                "organisatiecode": organisatie,
                "dagen": dagen,
                "omschrijving": omschrijving,
                "volgorde": volgorde,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("casussen", "0001_initial"),
        ("core", "0003_logregel_verzegelen"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
