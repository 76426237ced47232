from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from django.core.exceptions import ValidationError

from goedwonen.checks.bewoning import bewoning_check
from goedwonen.checks.parameters import BEWONINGSNORM_M2_PER_PERSOON, Parameter


def test_six_adults_on_40_m2_is_overcrowded():
    # The LAA example of an overcrowding signal (reference notes §3.3).
    toets = bewoning_check(oppervlakte=40, volwassenen=6)

    assert toets.personen == 6
    assert toets.oppervlakte_per_persoon == Decimal("6.67")
    assert toets.maximaal_aantal_personen == 3
    assert toets.overbewoond is True
    assert toets.norm is BEWONINGSNORM_M2_PER_PERSOON
    assert "Bouwbesluit 2012 art. 7.18" in toets.norm.bron
    assert toets.toelichting == (
        "6 personen op 40 m²: 6,67 m² per persoon, minder dan de norm van 12 m²; bij die norm "
        "passen er 3. Dit is een signaal voor nader onderzoek, geen bewijs van overbewoning."
    )


@pytest.mark.parametrize(
    ("oppervlakte", "volwassenen", "kinderen", "maximum", "overbewoond"),
    [
        (Decimal("48"), 2, 2, 4, False),  # exactly 12 m² each
        (Decimal("47.99"), 2, 2, 3, True),
        (Decimal("85"), 2, 3, 7, False),
        (Decimal("10"), 1, 0, 0, True),
    ],
)
def test_children_count_like_adults_and_the_maximum_rounds_down(
    oppervlakte, volwassenen, kinderen, maximum, overbewoond
):
    toets = bewoning_check(oppervlakte=oppervlakte, volwassenen=volwassenen, kinderen=kinderen)

    assert toets.maximaal_aantal_personen == maximum
    assert toets.overbewoond is overbewoond


def test_empty_dwelling():
    toets = bewoning_check(oppervlakte=60, volwassenen=0)

    assert toets.oppervlakte_per_persoon is None
    assert toets.overbewoond is False
    assert toets.toelichting == "Geen personen aangetroffen of ingeschreven."


def test_norm_is_a_parameter():
    ruimer = Parameter(
        waarde=Decimal("20"), bron="Fictief gemeentelijk besluit", geldig_vanaf=date(2026, 1, 1)
    )

    toets = bewoning_check(oppervlakte=60, volwassenen=4, norm=ruimer)

    assert (toets.maximaal_aantal_personen, toets.overbewoond) == (3, True)
    assert toets.norm == ruimer


def test_bad_input_names_each_field():
    with pytest.raises(ValidationError) as raised:
        bewoning_check(
            oppervlakte=0,
            volwassenen=-1,
            kinderen=2,
            norm=Parameter(waarde=Decimal("0"), bron="Fout", geldig_vanaf=None),
        )

    assert raised.value.message_dict == {
        "oppervlakte": [
            "Geef de gebruiksoppervlakte op in m² (groter dan 0); zonder oppervlakte is geen "
            "bewoningstoets mogelijk."
        ],
        "volwassenen": ["Het aantal volwassenen moet een geheel getal van 0 tot 500 zijn."],
        "norm": ["De norm moet groter zijn dan 0 m² per persoon."],
    }


def test_parameter_without_source_is_refused():
    with pytest.raises(ValueError, match="zonder bron"):
        Parameter(waarde=Decimal("12"), bron=" ", geldig_vanaf=None)
