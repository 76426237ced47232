"""The demo's cases behind the targets: made only on the demo's synthetic city, through the
service, once."""

from __future__ import annotations

import pytest

from goedwonen.casussen.models import Casus
from goedwonen.intake.services.registration import melding_register
from goedwonen.rapportage.demo import rapportage_demo_seed
from goedwonen.registry.models import Gebied, Levering
from tests.scenario import CARNISSE_10, DIRECTOR

pytestmark = pytest.mark.django_db


def test_the_demo_seed_takes_on_this_years_reports_in_the_focus_areas(city, make_user):
    director = make_user(DIRECTOR, username="regisseur.so")
    Gebied.objects.filter(code="BU05991572").update(focusgebied=True)
    melding_register(
        actor=director,
        bron="telefoon",
        categorie="overbewoning",
        omschrijving="Tien matrassen",
        adres=CARNISSE_10,
        melder_soort="bewoner",
    )
    before = Casus.objects.count()
    rapportage_demo_seed()
    assert Casus.objects.count() == before  # not the demo's city

    Levering.objects.create(bronmap="/var/data/bronnen/zuid-2026", manifest={})
    rapportage_demo_seed()
    made = Casus.objects.filter(herkomst="melding")
    assert made.count() >= 1
    casus = made.get(objecten__verblijfsobject__buurt__code="BU05991572")
    assert casus.titel == "Overbewoning in Carnisse"
    assert casus.casusregisseur == director
    count = Casus.objects.count()
    rapportage_demo_seed()
    assert Casus.objects.count() == count  # once
