"""The processing activity under which source deliveries are imported and shown."""

from django.db import migrations

ACTIVITY = {
    "code": "registratie-woningen-eigenaren",
    "naam": "Registratie van woningen, eigenaren en bronleveringen",
    "doel": "Zicht op woningen, hun eigenaren en signalen per adres, als basis voor toezicht en handhaving op goed verhuurderschap, huisvesting en woonfraude.",
    "grondslag": "AVG art. 6 lid 1 sub e; Wet goed verhuurderschap, Huisvestingswet 2014, Woningwet en Gemeentewet (toezicht en handhaving); Wet BRP art. 3.2 (gegevensverstrekking, alleen aantallen per adres).",
    "betrokkenen": "Eigenaren van woningen (natuurlijke personen en rechtspersonen); melders; bewoners alleen als aantallen per adres.",
    "persoonsgegevens": "Naam, eigenaar-id (gepseudonimiseerd bij natuurlijke personen), correspondentieadres en KvK-nummer van eigenaren; eigendomsaandeel en verkrijgingsdatum; WOZ-waarde; vergunningen; meldingen en controles per adres.",
    "ontvangers": "Deelnemende organisaties binnen hun bevoegdheid en vastgelegde grondslag.",
    "bewaartermijn_jaren": 10,
    "bewaartermijn_bron": "Selectielijst gemeenten 2020, procestype 12 (handhaving: 10 jaar); parameter [K]",
}


def create(apps, schema_editor):
    Verwerkingsactiviteit = apps.get_model("core", "Verwerkingsactiviteit")
    Verwerkingsactiviteit.objects.get_or_create(code=ACTIVITY["code"], defaults=ACTIVITY)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0002_registry_objects_owners_sources"),
        ("core", "0002_register_and_chain_head"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
