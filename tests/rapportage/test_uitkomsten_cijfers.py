"""The outcome figures computed by hand on outcomes recorded in a case, and the dashboard's
section "Uitkomsten" that shows them beside the plan's rent reduction."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from django.utils import timezone

from goedwonen.core.policy import Capability
from goedwonen.rapportage.cijfers import Cijfer
from goedwonen.rapportage.dashboard import SECTIES, Filter
from goedwonen.rapportage.models import Uitkomstsoort
from goedwonen.rapportage.uitkomsten import sectie_uitkomsten, uitkomsten_cijfers
from goedwonen.rapportage.uitkomsten_services import uitkomst_record
from tests.rapportage.stand import dashboard

pytestmark = pytest.mark.django_db


def _area_codes(casus) -> list[str]:
    """The buurt of the case's object and the areas above it."""
    area = casus.objecten.select_related("verblijfsobject__buurt").get().verblijfsobject.buurt
    codes = []
    while area is not None:
        codes.append(area.code)
        area = area.bovenliggend
    return codes


def _rent(actor, casus, day: date, van: str, naar: str, **kwargs):
    return uitkomst_record(
        actor=actor,
        casus=casus,
        casusobject=casus.objecten.get(),
        soort=Uitkomstsoort.HUUR_VERLAAGD,
        datum=day,
        huur_van=Decimal(van),
        huur_naar=Decimal(naar),
        bewijs="Uitspraak Huurcommissie",
        **kwargs,
    )


def _occupancy(
    actor, casus, day: date, voor: int, na: int, soort=Uitkomstsoort.BEWONING_VERMINDERD
):
    return uitkomst_record(
        actor=actor,
        casus=casus,
        casusobject=casus.objecten.get(),
        soort=soort,
        datum=day,
        personen_voor=voor,
        personen_na=na,
        bewijs="Controlebezoek",
    )


def test_three_rent_reductions_of_100_150_and_200_average_150(casus, regisseur):
    jaar = timezone.localdate().year - 1  # a year gone by: every day of it in the past
    q1, q1_later = date(jaar, 1, 10), date(jaar, 2, 20)
    _rent(regisseur, casus, q1, "1000.00", "900.00")  # 100
    wrong = _rent(regisseur, casus, q1_later, "1000.00", "990.00")
    _rent(regisseur, casus, q1_later, "1000.00", "850.00", corrigeert=wrong, correctiereden="x")
    _rent(regisseur, casus, date(jaar, 11, 30), "1200.00", "1000.00")  # 200
    _rent(regisseur, casus, date(jaar - 1, 12, 31), "1000.00", "100.00")  # another year
    _occupancy(regisseur, casus, q1, 9, 4)
    _occupancy(regisseur, casus, q1, 2, 5, soort=Uitkomstsoort.INSCHRIJVING_GECORRIGEERD)

    figures = {
        (c.maat, c.gebied, c.periode, c.categorie): c.waarde for c in uitkomsten_cijfers(jaar)
    }

    codes = _area_codes(casus)
    assert len(codes) == 3  # buurt, wijk, gemeente
    year = str(jaar)
    for code in codes:
        assert figures[("uitkomsten", code, year, "huur_verlaagd")] == 3
        assert figures[("huurverlaging_totaal_per_maand", code, year, "")] == 450
        assert figures[("huurverlaging_gemiddeld_per_maand", code, year, "")] == 150
        assert figures[("bewoners_minder", code, year, "")] == 5
        assert figures[("inschrijvingen_gecorrigeerd_personen", code, year, "")] == 3
        assert figures[("uitkomsten", code, year, "bewoning_verminderd")] == 1
        # The first quarter holds 100 and 150 (the corrected 10 no longer counts).
        assert figures[("huurverlaging_gemiddeld_per_maand", code, f"{jaar}-Q1", "")] == 125
        assert figures[("uitkomsten", code, f"{jaar}-Q1", "huur_verlaagd")] == 2
    assert set(uitkomsten_cijfers(jaar - 1)) >= {
        Cijfer("huurverlaging_gemiddeld_per_maand", codes[0], str(jaar - 1), "", 900)
    }
    # Only the areas within the one asked for, the same numbers.
    within = uitkomsten_cijfers(jaar, codes[0])
    assert {c.gebied for c in within} == {codes[0]}
    assert within == [c for c in uitkomsten_cijfers(jaar) if c.gebied == codes[0]]


def test_averages_are_rounded_to_whole_euros_half_up(casus, regisseur):
    jaar = timezone.localdate().year - 1
    _rent(regisseur, casus, date(jaar, 1, 5), "1000.00", "899.50")  # 100,50

    found = {c.maat: c.waarde for c in uitkomsten_cijfers(jaar, _area_codes(casus)[0])}

    assert found["huurverlaging_gemiddeld_per_maand"] == 101
    assert found["huurverlaging_totaal_per_maand"] == 101


def test_the_dashboard_section_shows_our_average_beside_the_plans(
    client, casus, regisseur, make_user, run_worker
):
    jaar = timezone.localdate().year
    for van, naar in (("1000.00", "900.00"), ("1000.00", "850.00"), ("1200.00", "1000.00")):
        _rent(regisseur, casus, date(jaar, 1, 1), van, naar)  # the dashboard's year
    gemeente = _area_codes(casus)[-1]

    sectie = sectie_uitkomsten(Filter(jaar=jaar, gebied=None, peildatum=timezone.localdate()))

    assert "goedwonen.rapportage.uitkomsten.sectie_uitkomsten" in SECTIES
    assert sectie is not None
    assert sectie.context["gemiddeld"] == 150
    # What is shown is what is exported: the gemeente's figures of the year.
    assert sectie.cijfers == [
        Cijfer("huurverlaging_gemiddeld_per_maand", gemeente, str(jaar), "", 150),
        Cijfer("huurverlaging_totaal_per_maand", gemeente, str(jaar), "", 450),
        Cijfer("uitkomsten", gemeente, str(jaar), "huur_verlaagd", 3),
    ]

    client.force_login(make_user([Capability.STEERING_VIEW]))
    page = dashboard(client, run_worker).content.decode()
    assert 'id="uitkomsten-kop">Uitkomsten</h2>' in page
    assert "Gemiddelde verlaging per maand</th><td" in page
    assert "€ 150</td>" in page
    assert "€ 500</td>" in page  # the plan's figure beside ours
    assert "meldpunt Ongewenst Verhuurgedrag in 2024" in page
    section = page[page.index('id="uitkomsten"') :]
    section = section[: section.index("</section>")]
    assert section.count('role="img"') == 2  # two charts, each with its table


def test_the_demo_has_outcomes_for_the_dashboard():
    from goedwonen.accounts.demo import demo_seed
    from goedwonen.casussen.models import Casus
    from goedwonen.rapportage.demo_uitkomsten import PREFIX
    from goedwonen.registry.models import Adres, Gebied, Verblijfsobject

    demo_seed()  # before the city: no addresses, no outcomes yet
    assert not Casus.objects.filter(referentie__startswith=PREFIX).exists()
    carnisse = Gebied.objects.get(code="BU05991572")
    for n in range(1, 7):
        vbo = Verblijfsobject.objects.create(
            object_id=f"059901000000010{n}", objecttype="VBO", is_woning=True, buurt=carnisse
        )
        Adres.objects.create(
            nummeraanduiding=f"059920000000010{n}",
            verblijfsobject=vbo,
            openbareruimte="Carnisselaan",
            huisnummer=n,
            postcode="3083AB",
            woonplaats="Rotterdam",
        )
    demo_seed()
    demo_seed()  # idempotent: nothing made twice

    assert Casus.objects.filter(referentie__startswith=PREFIX).count() == 6
    today = timezone.localdate()
    sectie = sectie_uitkomsten(Filter(jaar=today.year, gebied=None, peildatum=today))
    assert sectie is not None
    # 350, 250 and 220 lower: 273.33 a month on average.
    assert sectie.context["gemiddeld"] == 273
    assert sectie.context["totaal"] == 6
    # Closed: no demo case stands in the way of a new one on its address.
    assert not Casus.objects.filter(referentie__startswith=PREFIX).exclude(status="gesloten")
