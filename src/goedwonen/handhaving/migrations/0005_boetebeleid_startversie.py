"""The first version of the fine policy (issue 13, point 3).

The statutory maxima of the Wet goed verhuurderschap come from docs/reference/
juridisch-kader.md §1.6 (art. 19 Wgv, price level 1 January 2024). The Huisvestingswet's
maximum and the base amounts are not in that document: they are starting values the
municipality's own fine policy (beleidsregels) replaces with a new version; `bron` says so.
"""

from django.db import migrations

PARAMETERS = {
    "overtredingen": [
        {
            "categorie": "te_hoge_huur",
            "naam": "Te hoge huur",
            "wet": "wgv",
            "basisbedrag": "5000.00",
        },
        {
            "categorie": "huurcontract_werk",
            "naam": "Huurcontract gekoppeld aan werk",
            "wet": "wgv",
            "basisbedrag": "5000.00",
        },
        {
            "categorie": "verhuur_zonder_vergunning",
            "naam": "Verhuur zonder vergunning",
            "wet": "wgv",
            "basisbedrag": "10000.00",
        },
        {
            "categorie": "wgv_overig",
            "naam": "Overige overtreding Wet goed verhuurderschap",
            "wet": "wgv",
            "basisbedrag": "2500.00",
        },
        {
            "categorie": "kamerverhuur",
            "naam": "Kamerverhuur zonder vergunning",
            "wet": "hvw",
            "basisbedrag": "10000.00",
        },
        {
            "categorie": "overbewoning",
            "naam": "Woningvorming of omzetting zonder vergunning (overbewoning)",
            "wet": "hvw",
            "basisbedrag": "5000.00",
        },
        {
            "categorie": "woonfraude",
            "naam": "In gebruik geven zonder huisvestingsvergunning",
            "wet": "hvw",
            "basisbedrag": "5000.00",
        },
    ],
    "bedrijfsmatig_factor": "2",
    "recidive_factor": "2",
    "maxima": [
        {
            "wet": "wgv",
            "recidive": False,
            "bedrag": "25750.00",
            "prijspeil": "2024-01-01",
            "bron": "Art. 19 Wgv: vierde categorie (art. 23 Sr), prijspeil 1-1-2024 (mondaq 2024)",
        },
        {
            "wet": "wgv",
            "recidive": True,
            "bedrag": "103000.00",
            "prijspeil": "2024-01-01",
            "bron": "Art. 19 Wgv: vijfde categorie bij een tweede overtreding binnen vier jaar, prijspeil 1-1-2024 (mondaq 2024)",
        },
        {
            "wet": "hvw",
            "recidive": False,
            "bedrag": "25750.00",
            "prijspeil": "2024-01-01",
            "bron": "Art. 35 Hvw: aangenomen vierde categorie, niet bevestigd [K]; controleren op wetten.overheid.nl",
        },
        {
            "wet": "hvw",
            "recidive": True,
            "bedrag": "25750.00",
            "prijspeil": "2024-01-01",
            "bron": "Art. 35 Hvw: aangenomen vierde categorie, niet bevestigd [K]; controleren op wetten.overheid.nl",
        },
    ],
}


def create(apps, schema_editor):
    Boetebeleid = apps.get_model("handhaving", "Boetebeleid")
    if not Boetebeleid.objects.exists():
        Boetebeleid.objects.create(
            versie=1,
            geldig_vanaf="2024-01-01",
            naam="Boetebeleid wonen en verhuur (startversie)",
            bron=(
                "Maxima: juridisch kader §1.6 en §3.1. Basisbedragen en factoren: startwaarden, "
                "te vervangen door de beleidsregels bestuurlijke boete van de gemeente."
            ),
            parameters=PARAMETERS,
            reden="Startversie bij de invoering van boetes uit het beleid.",
        )


class Migration(migrations.Migration):
    dependencies = [("handhaving", "0004_boete")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
