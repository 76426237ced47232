"""The controller in the register of processing activities is the college of the municipality
named by GOEDWONEN_GEMEENTE, not Rotterdam's whatever the setting: entries written with the
old fixed default take the setting's."""

from django.db import migrations, models

import goedwonen.core.models

OLD_DEFAULT = "College van B&W Rotterdam"


def from_setting(apps, schema_editor):
    Verwerkingsactiviteit = apps.get_model("core", "Verwerkingsactiviteit")
    Verwerkingsactiviteit.objects.filter(verantwoordelijke=OLD_DEFAULT).update(
        verantwoordelijke=goedwonen.core.models.verantwoordelijke_default()
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0006_log_append_only_guard")]

    operations = [
        migrations.AlterField(
            model_name="verwerkingsactiviteit",
            name="verantwoordelijke",
            field=models.CharField(
                default=goedwonen.core.models.verantwoordelijke_default, max_length=200
            ),
        ),
        migrations.RunPython(from_setting, migrations.RunPython.noop),
    ]
