"""The chain head row and the processing activities the code itself refers to.

Later issues add their own activities in their own data migrations. Retention terms marked
[K] in the legal reference are parameters for the privacy officer to confirm.
"""

from django.db import migrations

ACTIVITIES = [
    {
        "code": "accountbeheer",
        "naam": "Beheer van gebruikers en toegang",
        "doel": "Medewerkers van de gemeente en partners toegang geven tot Goedwonen volgens hun rol, en vastleggen wie wat mag.",
        "grondslag": "AVG art. 6 lid 1 sub e (taak van algemeen belang: toezicht en handhaving wonen) en art. 32 (beveiliging van de verwerking).",
        "betrokkenen": "Medewerkers van de deelnemende organisaties.",
        "persoonsgegevens": "Naam, gebruikersnaam, e-mailadres, organisatie, teams, rollen.",
        "ontvangers": "",
        "bewaartermijn_jaren": 2,
        "bewaartermijn_bron": "Na einde account; parameter, te bevestigen door de FG [K]",
    },
    {
        "code": "privacytoezicht",
        "naam": "Toezicht op de verwerkingen (verwerkingslogboek)",
        "doel": "Controleren dat persoonsgegevens alleen rechtmatig en doelgebonden worden ingezien, en verzoeken van betrokkenen beantwoorden.",
        "grondslag": "AVG art. 5 lid 2 (verantwoordingsplicht), art. 6 lid 1 sub c, art. 15 en art. 32; standaard Logboek Dataverwerkingen.",
        "betrokkenen": "Medewerkers die gegevens verwerken; betrokkenen van wie gegevens zijn verwerkt (alleen als pseudoniem).",
        "persoonsgegevens": "Gebruikersnaam, organisatie, tijdstip, handeling, gepseudonimiseerd kenmerk van de betrokkene.",
        "ontvangers": "Functionaris gegevensbescherming; Autoriteit Persoonsgegevens op verzoek.",
        "bewaartermijn_jaren": 7,
        "bewaartermijn_bron": "Gelijk aan de langste termijn van de gelogde verwerkingen; parameter [K]",
    },
]


def create(apps, schema_editor):
    LogKetting = apps.get_model("core", "LogKetting")
    Verwerkingsactiviteit = apps.get_model("core", "Verwerkingsactiviteit")
    LogKetting.objects.get_or_create(pk=1, defaults={"volgnummer": 0, "hash": "0" * 64})
    for activity in ACTIVITIES:
        Verwerkingsactiviteit.objects.get_or_create(code=activity["code"], defaults=activity)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
