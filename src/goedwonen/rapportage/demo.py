"""The demo's cases behind the targets (idempotent; `accounts.demo.demo_seed` calls it
through `core.registries.demo_seeds`). The synthetic city brings reports, inspections and
enforcement as history, but no cases: the dashboard's first target would show nothing. The
demo's case director took on a case for most of this year's reports in the focus areas (one
per dwelling), through the service, today; the rest still waits. Only on the demo's own
synthetic city (`goedwonen demo`), not on a city a test imports."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from goedwonen.accounts.models import User
from goedwonen.casussen.models import Casus, CasusObject, Herkomst
from goedwonen.casussen.services.cases import casus_create, proposed_title
from goedwonen.intake.models import Melding
from goedwonen.registry.models import Levering

DEMO_FOLDER = "zuid-2026"  # core.management.commands.demo: DEMO_SCALE-DEMO_SEED
DIRECTOR = "regisseur.so"
# Of every five reports, four became a case: behind the plan's pace, as a pilot's first year.
TAKEN_ON = 4


def rapportage_demo_seed() -> None:
    if not Levering.objects.filter(bronmap__endswith=DEMO_FOLDER).exists():
        return
    if Casus.objects.filter(herkomst=Herkomst.MELDING).exists():
        return
    director = User.objects.filter(username=DIRECTOR).first()
    if director is None:
        return
    taken = set(CasusObject.objects.values_list("verblijfsobject_id", flat=True))
    reports = (
        Melding.objects.filter(
            ontvangen_op__year=timezone.localdate().year,
            verblijfsobject__buurt__focusgebied=True,
            adres__isnull=False,
        )
        .select_related("adres", "verblijfsobject__buurt")
        .order_by("ontvangen_op", "pk")
    )
    with transaction.atomic():
        for n, melding in enumerate(reports):
            adres, vbo = melding.adres, melding.verblijfsobject
            if n % 5 >= TAKEN_ON or adres is None or vbo is None or vbo.pk in taken:
                continue
            taken.add(vbo.pk)
            casus_create(
                actor=director,
                titel=proposed_title(categorieen=[melding.categorie], buurt=vbo.buurt),
                categorieen=[melding.categorie],
                casusregisseur=director,
                adressen=[adres],
            )
