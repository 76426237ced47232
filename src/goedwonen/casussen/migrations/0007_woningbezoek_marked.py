"""The standard task "Woningbezoek" (and the open tasks made from it) is a home visit: recording
the visit completes it."""

from django.db import migrations

TITLE = "Woningbezoek"


def mark(apps, schema_editor):
    apps.get_model("casussen", "Taaksjabloon").objects.filter(titel=TITLE).update(woningbezoek=True)
    apps.get_model("casussen", "Taak").objects.filter(titel=TITLE, status="open").update(
        woningbezoek=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("casussen", "0006_taak_woningbezoek"),
    ]

    operations = [migrations.RunPython(mark, migrations.RunPython.noop)]
