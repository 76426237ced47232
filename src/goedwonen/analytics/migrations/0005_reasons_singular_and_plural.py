"""The shipped catalogue's reasons say '1 melding', not '1 meldingen': a reason's sentence
may hold {singular|plural}, chosen by the value.

Only the wording of the sentences shipped in 0002 changes, where they are still as shipped; no
expression, weight or parameter does, so no score of any run changes (docs/adr/0007)."""

from django.db import migrations, models

SHIPPED = {
    "{waarde} in- en uitschrijvingen in 12 maanden": (
        "{waarde} {in- of uitschrijving|in- en uitschrijvingen} in 12 maanden"
    ),
    "{waarde} verschillende achternamen ingeschreven": (
        "{waarde} {achternaam|verschillende achternamen} ingeschreven"
    ),
    "eigenaar heeft {waarde} objecten": "eigenaar heeft {waarde} {object|objecten}",
    "{waarde} meldingen in de laatste 24 maanden": (
        "{waarde} {melding|meldingen} in de laatste 24 maanden"
    ),
    "{waarde} overtredingen of handhavingsbesluiten op het adres in 4 jaar": (
        "{waarde} {overtreding of handhavingsbesluit|overtredingen of handhavingsbesluiten} "
        "op het adres in 4 jaar"
    ),
    "{waarde} handhavingsbesluiten tegen de eigenaar in 4 jaar": (
        "{waarde} {handhavingsbesluit|handhavingsbesluiten} tegen de eigenaar in 4 jaar"
    ),
    "eigenaar had bij {waarde} objecten een overtreding in 4 jaar": (
        "eigenaar had bij {waarde} {object|objecten} een overtreding in 4 jaar"
    ),
}


def forward(apps, schema_editor):
    Indicator = apps.get_model("analytics", "Indicator")
    for old, new in SHIPPED.items():
        Indicator.objects.filter(versie__versie=1, reden=old).update(reden=new)


def backward(apps, schema_editor):
    Indicator = apps.get_model("analytics", "Indicator")
    for old, new in SHIPPED.items():
        Indicator.objects.filter(versie__versie=1, reden=new).update(reden=old)


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0004_run_files_removed"),
    ]

    operations = [
        migrations.AlterField(
            model_name="indicator",
            name="reden",
            field=models.CharField(
                help_text="Zin met {waarde}, en {enkelvoud|meervoud} waar het getal 1 kan zijn: "
                "'{waarde} {melding|meldingen}'",
                max_length=200,
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
