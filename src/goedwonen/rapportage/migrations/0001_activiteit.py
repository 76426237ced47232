"""The processing activity of steering and accounting (issue 17) and its role grants."""

from django.db import migrations

ACTIVITY = {
    "code": "sturing-en-verantwoording",
    "naam": "Sturing en verantwoording: doelen, stuurdashboard, signaleringsrapportage, "
    "raadsinformatie en evaluaties",
    "doel": "De aanpak Rotterdams Goed Wonen sturen op de doelen van het plan en verantwoorden "
    "aan college, raad en partners: cijfers over meldingen, casussen, controles, handhaving en "
    "uitkomsten per gebied en periode; de lijsten achter een cijfer alleen voor wie die "
    "gegevens al mag zien; gepubliceerde tabellen zonder kleine aantallen.",
    "grondslag": "AVG art. 6 lid 1 sub e en art. 89 (verwerking voor statistische doeleinden "
    "met passende waarborgen: aggregatie, onderdrukking van kleine aantallen, "
    "pseudonimisering); Gemeentewet art. 169 (inlichtingen aan de raad) en art. 212-213a "
    "(verantwoording en onderzoek naar doelmatigheid en doeltreffendheid); Convenant "
    "Rotterdams Goed Wonen.",
    "betrokkenen": "Melders, eigenaren, verhuurders en bewoners in de casussen en meldingen "
    "waarover wordt gerapporteerd; medewerkers die het werk vastleggen.",
    "persoonsgegevens": "In rapportages en het dashboard alleen aantallen per gebied en periode. "
    "In de lijsten achter een cijfer dezelfde gegevens die de gebruiker al mag zien. In de "
    "gepseudonimiseerde export: een vervangende sleutel per woning en casus, buurt, periode, "
    "categorie en uitkomst, zonder naam, adres of contactgegevens.",
    "ontvangers": "College en gemeenteraad (raadsinformatie, geaggregeerd), partners van het "
    "convenant (signaleringsrapportage, gepseudonimiseerde export voor trendanalyse).",
    "bewaartermijn_jaren": 10,
    "bewaartermijn_bron": "Selectielijst gemeenten en intergemeentelijke organen 2020: "
    "verantwoording en beleidsevaluatie; doelversies en rapportteksten 10 jaar, daarna "
    "vernietigen",
}
VIEW = "sturing.inzien"
TARGETS = "sturing.doelen.beheren"
REPORTS = "sturing.verantwoording.opstellen"
EXPORT = "sturing.export.gepseudonimiseerd"
# The roles that steer, found by code as the demo seeds them; a municipality that named its
# roles otherwise grants them through Beheer.
GRANTS = {
    "procesregisseur": [VIEW, TARGETS, REPORTS],
    "analist": [VIEW, REPORTS, EXPORT],
    "casusregisseur": [VIEW],
}


def create_activity_and_grant(apps, schema_editor):
    Verwerkingsactiviteit = apps.get_model("core", "Verwerkingsactiviteit")
    Verwerkingsactiviteit.objects.get_or_create(code=ACTIVITY["code"], defaults=ACTIVITY)
    Rol = apps.get_model("accounts", "Rol")
    for code, capabilities in GRANTS.items():
        for rol in Rol.objects.filter(code=code):
            missing = [c for c in capabilities if c not in rol.capabilities]
            if missing:
                rol.capabilities = [*rol.capabilities, *missing]
                rol.save(update_fields=["capabilities"])


def withdraw(apps, schema_editor):
    Rol = apps.get_model("accounts", "Rol")
    for code, capabilities in GRANTS.items():
        for rol in Rol.objects.filter(code=code):
            rol.capabilities = [c for c in rol.capabilities if c not in capabilities]
            rol.save(update_fields=["capabilities"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_beheerwijzigingen"),
        ("core", "0008_opgeslagen_filter"),
    ]

    operations = [migrations.RunPython(create_activity_and_grant, withdraw)]
