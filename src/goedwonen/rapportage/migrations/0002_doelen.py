"""The plan's targets as dated versions, and the plan's values (Uitvoeringsplan Rotterdams
Goed Wonen, hoofdstuk 5) as their first version. The integral actions a year are the check
parameter `integrale-acties-per-jaar` (goedwonen.parameters) and get no version here."""

from datetime import date
from decimal import Decimal

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

PLAN = "Uitvoeringsplan Rotterdams Goed Wonen"
START = date(2025, 1, 1)
REDEN = "Doel uit het uitvoeringsplan, meegeleverd met Goedwonen."
# (code, naam, maat, waarde, eenheid, periode, uiterlijk_op, bron)
DOELEN = [
    (
        "nieuwe-casussen",
        "Nieuwe casussen in behandeling in de vijf focusgebieden",
        "casussen_nieuw",
        1250,
        "casussen",
        "jaar",
        None,
        f"{PLAN}, 5.1 Monitoring toezicht en handhaving: 'er zijn per jaar minimaal 1250 "
        "nieuwe casussen in de vijf wijken in behandeling genomen'.",
    ),
    (
        "casustafels",
        "Casustafel in elk focusgebied",
        "casustafel_vergaderingen",
        1,
        "vergadering",
        "twee-weken",
        None,
        f"{PLAN}, 2.1.3 en 5.1: 'in de pilotfase zijn in vijf wijken uniforme casustafels "
        "elke twee weken actief'.",
    ),
    (
        "stopgesprekken",
        "Stopgesprekken met verhuurders die herhaaldelijk de wet overtreden",
        "stopgesprekken_gehouden",
        10,
        "gesprekken (circa)",
        "jaar",
        None,
        f"{PLAN}, 5.1 (sancties en prikkels): 'We verwachten per jaar in de vijf wijken "
        "circa 10 van deze gesprekken te kunnen voeren'.",
    ),
    (
        "monitoring-na-waarschuwing",
        "Eigenaren een jaar gemonitord na een waarschuwingsgesprek",
        "waarschuwingen_gemonitord",
        100,
        "% van de eigenaren",
        "doorlopend",
        None,
        f"{PLAN}, 5.1: 'alle eigenaren die een waarschuwingsgesprek hebben gehad, worden een "
        "jaar lang gemonitord. In geval van recidive wordt direct handhavend opgetreden'.",
    ),
    (
        "signaleringsrapportage",
        "Signaleringsrapportage",
        "signaleringsrapporten",
        1,
        "rapportage",
        "jaar",
        None,
        f"{PLAN}, 5.1 (signalerende en adviserende rol): 'ten minste één "
        "signaleringsrapportage per jaar'.",
    ),
    (
        "raadsinformatie",
        "Gemeenteraad geïnformeerd over de voortgang",
        "raadsinformaties",
        1,
        "raadsinformatie",
        "jaar",
        None,
        f"{PLAN}, 5.2 (bewustwording): 'in het tweede kwartaal van 2025 informeren we de "
        "gemeenteraad ... Vervolgens wordt de gemeenteraad jaarlijks geïnformeerd'.",
    ),
    (
        "evaluatie-tussentijds",
        "Tussenevaluatie",
        "evaluaties_tussentijds",
        1,
        "evaluatie",
        "eenmalig",
        date(2026, 1, 1),
        f"{PLAN}, 5 Evaluatie en monitoring: 'na één jaar vanaf de start van het "
        "ontwikkeltraject ... een tussenevaluatie'. Datum: één jaar na een aangenomen start "
        "op 1 januari 2025; stel de werkelijke datum vast.",
    ),
    (
        "evaluatie-volledig",
        "Evaluatie na twee jaar",
        "evaluaties_volledig",
        1,
        "evaluatie",
        "eenmalig",
        date(2027, 1, 1),
        f"{PLAN}, 5 Evaluatie en monitoring: 'na twee jaar een evaluatiemoment'. Datum: twee "
        "jaar na een aangenomen start op 1 januari 2025; stel de werkelijke datum vast.",
    ),
]


def seed(apps, schema_editor):
    Doelversie = apps.get_model("rapportage", "Doelversie")
    for code, naam, maat, waarde, eenheid, periode, uiterlijk_op, bron in DOELEN:
        if not Doelversie.objects.filter(code=code).exists():
            Doelversie.objects.create(
                code=code,
                naam=naam,
                maat=maat,
                waarde=Decimal(waarde),
                eenheid=eenheid,
                periode=periode,
                uiterlijk_op=uiterlijk_op,
                bron=bron,
                geldig_vanaf=START,
                reden=REDEN,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("rapportage", "0001_activiteit"),
        ("registry", "0006_eigenaar_postadres"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Doelversie",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.CharField(db_index=True, max_length=60)),
                ("naam", models.CharField(max_length=200)),
                ("maat", models.CharField(max_length=60)),
                ("waarde", models.DecimalField(decimal_places=2, max_digits=12)),
                ("eenheid", models.CharField(max_length=40)),
                (
                    "periode",
                    models.CharField(
                        choices=[
                            ("jaar", "per jaar"),
                            ("twee-weken", "per twee weken, in elk gebied"),
                            ("doorlopend", "doorlopend (aandeel)"),
                            ("eenmalig", "eenmalig"),
                        ],
                        max_length=12,
                    ),
                ),
                ("uiterlijk_op", models.DateField(blank=True, null=True)),
                ("bron", models.TextField(max_length=5000)),
                ("geldig_vanaf", models.DateField()),
                ("reden", models.TextField(max_length=2000)),
                ("vastgesteld_op", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "gebied",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="registry.gebied",
                    ),
                ),
                (
                    "vastgesteld_door",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "versie van een doel",
                "verbose_name_plural": "versies van doelen",
                "ordering": ["code", "-vastgesteld_op", "-pk"],
            },
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
