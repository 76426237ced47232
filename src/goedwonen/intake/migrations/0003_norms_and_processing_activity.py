"""Default service norms (parameters the team can change) and the processing activity of
report handling."""

from django.db import migrations

NORMS = [
    ("", 5, 56),
    ("overbewoning", 3, 42),
    ("woonoverlast", 3, 28),
    ("crimineel_gebruik", 1, 28),
]

ACTIVITY = {
    "code": "meldingen-behandeling",
    "naam": "Ontvangen en behandelen van meldingen over wonen en verhuur",
    "doel": "Meldingen over misstanden bij wonen en verhuur ontvangen, routeren, beoordelen en afhandelen, en de melder op de hoogte houden.",
    "grondslag": "AVG art. 6 lid 1 sub e; Wet goed verhuurderschap art. 6 (meldpunt), Huisvestingswet 2014 en Woningwet (toezicht); AVG art. 10 voor strafrechtelijke gegevens alleen binnen de wettelijke grondslag.",
    "betrokkenen": "Melders (als zij hun gegevens achterlaten); eigenaren en verhuurders van het gemelde adres.",
    "persoonsgegevens": "Naam, e-mailadres en telefoonnummer van de melder (optioneel); omschrijving van de melding; foto's of documenten van de melder.",
    "ontvangers": "De behandelaar en het gebiedsteam; bij multidisciplinaire aanpak de casusregisseur.",
    "bewaartermijn_jaren": 4,
    "bewaartermijn_bron": "Besluit goed verhuurderschap: meldpuntgegevens 4 jaar na de melding; contactgegevens worden daarna geanonimiseerd",
}


def create(apps, schema_editor):
    Servicenorm = apps.get_model("intake", "Servicenorm")
    for categorie, triage, afhandeling in NORMS:
        Servicenorm.objects.get_or_create(
            categorie=categorie, defaults={"dagen_triage": triage, "dagen_afhandeling": afhandeling}
        )
    Verwerkingsactiviteit = apps.get_model("core", "Verwerkingsactiviteit")
    Verwerkingsactiviteit.objects.get_or_create(code=ACTIVITY["code"], defaults=ACTIVITY)


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0002_intake_workflow_routing_contact"),
        ("core", "0002_register_and_chain_head"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
