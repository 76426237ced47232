"""The first version of every check parameter: the start value of the code
(goedwonen.checks.parameters) with its source. Idempotent: a parameter with a version keeps
it (the tests replay data migrations after emptying the tables)."""

from django.db import migrations


def create(apps, schema_editor):
    from goedwonen.parameters.definities import DEFINITIES

    Parameterversie = apps.get_model("parameters", "Parameterversie")
    for code, definitie in DEFINITIES.items():
        if Parameterversie.objects.filter(code=code).exists():
            continue
        Parameterversie.objects.create(
            code=code,
            waarde=definitie.start.waarde,
            eenheid=definitie.eenheid,
            bron=definitie.start.bron,
            geldig_vanaf=definitie.start.geldig_vanaf,
            reden="Startwaarde bij de invoering van parameters als gegevens.",
        )


class Migration(migrations.Migration):
    dependencies = [("parameters", "0001_parameterversies_inrichtingswijzigingen")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
