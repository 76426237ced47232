"""A case object keeps its dwelling's buurt, as a report does (ADR 0027); filled here from the
dwellings (1.3 million objects on the scale store in seconds), as
`casusobjecten_buurt_volgen` does after each registry import."""

from django.db import migrations, models

FILL = """
UPDATE casussen_casusobject SET buurt_id = v.buurt_id FROM registry_verblijfsobject v
WHERE v.id = casussen_casusobject.verblijfsobject_id AND v.buurt_id IS NOT NULL
"""


class Migration(migrations.Migration):
    dependencies = [
        ("casussen", "0016_nieuws_op"),
        ("registry", "0009_gebiedsvorm"),
    ]

    operations = [
        migrations.AddField(
            model_name="casusobject",
            name="buurt",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=models.deletion.SET_NULL,
                related_name="+",
                to="registry.gebied",
            ),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="casusobject",
            index=models.Index(fields=["casus", "buurt"], name="casus_object_buurt"),
        ),
    ]
