import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("rapportage", "0002_doelen"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Toelichting",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("soort", models.CharField(max_length=30)),
                ("jaar", models.PositiveSmallIntegerField()),
                ("gebiedcode", models.CharField(blank=True, max_length=12)),
                ("versie", models.PositiveIntegerField()),
                ("secties", models.JSONField(default=dict)),
                ("vastgelegd_op", models.DateTimeField(auto_now_add=True)),
                (
                    "vastgelegd_door",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "toelichtingen",
                "ordering": ["soort", "jaar", "gebiedcode", "-versie"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("soort", "jaar", "gebiedcode", "versie"),
                        name="toelichting_versie_uniek",
                    )
                ],
            },
        ),
    ]
