"""An area's outline moves to a table of its own (registry.Gebiedsvorm): the many rows that
join their buurt no longer read it (ADR 0027)."""

from django.db import migrations, models

# In SQL, not Python: the data migrations' functions are replayed on the current schema in the
# tests, where the area has no outline column any more.
OUTLINES_OUT = """
INSERT INTO registry_gebiedsvorm (gebied_id, geometrie)
SELECT id, geometrie FROM registry_gebied WHERE geometrie IS NOT NULL
"""
OUTLINES_BACK = """
UPDATE registry_gebied SET geometrie = (
    SELECT geometrie FROM registry_gebiedsvorm WHERE gebied_id = registry_gebied.id
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0008_woning_ligging"),
    ]

    operations = [
        migrations.CreateModel(
            name="Gebiedsvorm",
            fields=[
                (
                    "gebied",
                    models.OneToOneField(
                        on_delete=models.deletion.CASCADE,
                        primary_key=True,
                        related_name="vorm",
                        serialize=False,
                        to="registry.gebied",
                    ),
                ),
                ("geometrie", models.JSONField()),
            ],
            options={"verbose_name": "gebiedsvorm", "verbose_name_plural": "gebiedsvormen"},
        ),
        migrations.RunSQL(OUTLINES_OUT, OUTLINES_BACK),
        migrations.RemoveField(model_name="gebied", name="geometrie"),
    ]
