"""The demo's five case tables, one per focus area (idempotent; `accounts.demo.demo_seed`
calls it through `core.registries.demo_seeds`). The secretary has planned the next three months
of four of them; Bloemhof has no meetings yet: the secretary schedules it (the acceptance
test does)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from goedwonen.accounts.models import Organisatie, User
from goedwonen.registry.models import Gebied

from .models import Casustafel, Tafellid, Tafelvergadering
from .services.schema import unplanned_meetings

CONVENANT = "Convenant Rotterdams Goed Wonen 2025, art. 4 (gegevensdeling casustafel)"
# (organisation code, basis it takes part under)
LEDEN = [
    ("so", f"{CONVENANT}; Huisvestingswet 2014 en Wet goed verhuurderschap (toezicht)"),
    ("sb", f"{CONVENANT}; Woningwet art. 92 en Bouwbesluit (toezicht)"),
    ("dirv", f"{CONVENANT}; Gemeentewet art. 125 (bestuursdwang)"),
    ("mo", f"{CONVENANT}; Wmo 2015 art. 5.2.6 (zorgsignalen)"),
    ("politie", f"{CONVENANT}; Wet politiegegevens art. 16 en 20"),
    ("woonstad", f"{CONVENANT}; AVG art. 6 lid 1 sub f (verhuurder)"),
]
# (table name, buurt codes): the five focus areas of the plan.
TAFELS = [
    ("Casustafel Bloemhof", ["BU05991081"]),
    ("Casustafel Hillesluis", ["BU05991082"]),
    ("Casustafel Tarwewijk", ["BU05991571"]),
    ("Casustafel Carnisse", ["BU05991572"]),
    ("Casustafel Pendrecht-Zuidwijk", ["BU05991573", "BU05991577"]),
]
SINDS = date(2026, 1, 1)
UNPLANNED = "Casustafel Bloemhof"
PLANNED_DAYS = 90


def casustafels_demo_seed() -> None:
    voorzitter = User.objects.filter(username="regisseur.so").first()
    secretaris = User.objects.filter(username="admin.so").first()
    if voorzitter is None or secretaris is None:
        return
    organisaties = {o.code: o for o in Organisatie.objects.filter(code__in=[c for c, _ in LEDEN])}
    for naam, codes in TAFELS:
        tafel, created = Casustafel.objects.get_or_create(
            naam=naam,
            defaults={
                "voorzitter": voorzitter,
                "secretaris": secretaris,
                "locatie": "Wijkkantoor Zuid, Slinge 201",
            },
        )
        if not created:
            continue
        tafel.gebieden.set(Gebied.objects.filter(code__in=codes))
        Tafellid.objects.bulk_create(
            Tafellid(tafel=tafel, organisatie=organisaties[code], grondslag=grondslag, sinds=SINDS)
            for code, grondslag in LEDEN
            if code in organisaties
        )
    today = timezone.localdate()
    for tafel in Casustafel.objects.filter(naam__in=[n for n, _ in TAFELS]).exclude(naam=UNPLANNED):
        if not tafel.vergaderingen.exists():
            # Set-up data, like the members above: written directly, not as a person's act.
            Tafelvergadering.objects.bulk_create(
                unplanned_meetings(tafel, vanaf=today, tot=today + timedelta(days=PLANNED_DAYS))
            )
