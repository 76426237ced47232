"""The processing activity of enforcement, with its purpose and legal basis in the register."""

from django.db import migrations

ACTIVITY = {
    "code": "handhaving",
    "naam": "Bestuursrechtelijke handhaving van wonen en verhuur",
    "doel": "Een vastgestelde overtreding van de regels voor wonen en verhuur beëindigen en herhaling voorkomen: voornemen, zienswijze, besluit (waarschuwing, last onder dwangsom of bestuursdwang, bestuurlijke boete, beheerovername, sluiting, vergunning weigeren of intrekken), hercontrole, verbeurte en invordering, bezwaar en beroep.",
    "grondslag": "AVG art. 6 lid 1 sub c en e; Algemene wet bestuursrecht (titels 4.1, 5.3, 5.4, 6 en 7); Wet goed verhuurderschap; Huisvestingswet 2014; Woningwet; Opiumwet art. 13b; Gemeentewet art. 174a; Wet BRP (adresonderzoek); het handhavingsbeleid en mandaatbesluit van de gemeente.",
    "betrokkenen": "Eigenaren en verhuurders (natuurlijke personen en rechtspersonen) tot wie een besluit zich richt; bewoners alleen als aantal en omschrijving.",
    "persoonsgegevens": "Naam en postadres van de geadresseerde; het adres van de overtreding; bevindingen; brieven, termijnen en besluiten; opgelegde bedragen; bezwaar en beroep.",
    "ontvangers": "De behandelende organisatie en haar juristen; de geadresseerde (brieven); partners alleen wanneer de casus met hen is gedeeld met het onderdeel handhaving; de invorderende afdeling (verbeurde dwangsommen en boetes).",
    "bewaartermijn_jaren": 10,
    "bewaartermijn_bron": "Selectielijst gemeenten en intergemeentelijke organen 2020, procestype 12 (handhaven): 10 jaar na het vervallen van het besluit",
}


def create(apps, schema_editor):
    Verwerkingsactiviteit = apps.get_model("core", "Verwerkingsactiviteit")
    Verwerkingsactiviteit.objects.get_or_create(code=ACTIVITY["code"], defaults=ACTIVITY)


class Migration(migrations.Migration):
    initial = True
    dependencies = [("core", "0007_verantwoordelijke_from_setting")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
