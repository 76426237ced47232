"""The first version of the target of integral actions per year: the start value of the code
(goedwonen.checks.parameters) with its source, as 0002 seeded the others. Idempotent."""

from django.db import migrations

CODE = "integrale-acties-per-jaar"


def create(apps, schema_editor):
    from goedwonen.parameters.definities import DEFINITIES

    Parameterversie = apps.get_model("parameters", "Parameterversie")
    if Parameterversie.objects.filter(code=CODE).exists():
        return
    definitie = DEFINITIES[CODE]
    Parameterversie.objects.create(
        code=CODE,
        waarde=definitie.start.waarde,
        eenheid=definitie.eenheid,
        bron=definitie.start.bron,
        geldig_vanaf=definitie.start.geldig_vanaf,
        reden="Startwaarde bij de invoering van de integrale acties.",
    )


class Migration(migrations.Migration):
    dependencies = [("parameters", "0002_startwaarden")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
