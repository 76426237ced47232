from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("casussen", "0005_text_max_lengths"),
    ]

    operations = [
        migrations.AddField(
            model_name="taak",
            name="woningbezoek",
            field=models.BooleanField(db_default=False, default=False),
        ),
        migrations.AddField(
            model_name="taaksjabloon",
            name="woningbezoek",
            field=models.BooleanField(
                db_default=False,
                default=False,
                help_text="Een woningbezoek: het vastgelegde bezoek rondt de taak af",
            ),
        ),
    ]
