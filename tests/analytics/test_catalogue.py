"""The indicator catalogue: versioned data that refuses protected attributes and unsafe SQL."""

from __future__ import annotations

import pytest

from django.core.exceptions import PermissionDenied, ValidationError

from goedwonen.analytics.catalogue import indicator_errors
from goedwonen.analytics.models import Catalogusversie, Indicator
from goedwonen.analytics.services import catalogusversie_create, indicator_definition
from goedwonen.core.policy import Capability


@pytest.fixture
def manager(make_user):
    return make_user([Capability.CATALOGUE_MANAGE], username="catalogusbeheer")


def first_version() -> list[dict]:
    return [indicator_definition(i) for i in Indicator.objects.filter(versie__versie=1)]


def valid(**changes) -> dict:
    return {
        "code": "meldingen_recent",
        "naam": "Meldingen in het laatste jaar",
        "uitleg": "Meldingen over het adres in 12 maanden.",
        "bronnen": ["meldingen.csv"],
        "berekening": "meldingen_24m / $verzadiging",
        "waarde": "meldingen_24m",
        "reden": "{waarde} meldingen",
        "parameters": {
            "verzadiging": {"waarde": 2, "bron": "Beleidskeuze", "geldig_vanaf": "2025-01-01"}
        },
        "gewicht": 1.0,
        "doel": "Signalen laten meewegen",
        "grondslag": "Art. 6 lid 1 sub e AVG",
        "eigenaar": "Team Wonen",
        "actief": True,
    } | changes


@pytest.mark.django_db
def test_the_first_version_has_at_least_twelve_valid_indicators_each_with_basis_and_sources():
    indicators = first_version()
    assert len(indicators) >= 12
    for indicator in indicators:
        assert indicator_errors(indicator) == {}, indicator["code"]
        assert indicator["grondslag"] and indicator["doel"] and indicator["eigenaar"]
        for parameter in indicator["parameters"].values():
            assert parameter["bron"] and parameter["geldig_vanaf"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("code", "nationaliteit_eigenaar"),
        ("naam", "Etniciteit van de bewoners"),
        ("naam", "Geboorteland hoofdbewoner"),
        ("berekening", "religie_score * 2"),
        ("waarde", "leeftijd"),
        ("berekening", "CASE WHEN geslacht = 'v' THEN 1 ELSE 0 END"),
        ("bronnen", ["taalniveau.csv"]),
        ("naam", "Language spoken at home"),
        ("naam", "Age of the tenant"),
    ],
)
@pytest.mark.django_db
def test_the_catalogue_refuses_any_protected_attribute(manager, field, value):
    with pytest.raises(ValidationError) as raised:
        catalogusversie_create(
            actor=manager,
            toelichting="Proef",
            indicatoren=[*first_version(), valid(**{field: value})],
        )
    messages = raised.value.message_dict
    key = value if field == "code" else "meldingen_recent"
    assert any(
        m.startswith(f"{field}: Een indicator mag geen nationaliteit") for m in messages[key]
    ), messages
    assert Catalogusversie.objects.count() == 1  # nothing adopted


def test_a_protected_attribute_in_a_parameter_name_is_refused_too():
    parameters = {"min_leeftijd": {"waarde": 18, "bron": "x", "geldig_vanaf": "2025-01-01"}}
    errors = indicator_errors(valid(parameters=parameters, berekening="$min_leeftijd"))
    assert "parameters" in errors


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("read_csv('/etc/passwd') IS NOT NULL", "De functie read_csv is niet toegestaan."),
        ("(SELECT count(*) FROM woning)", "subquery is niet toegestaan in een indicator."),
        ("count(*) OVER ()", "window is niet toegestaan in een indicator."),
        ("inkomen > 0", "Onbekende kolom inkomen: gebruik alleen kolommen van de woning."),
        ("meldingen_24m / $onbekend", "De parameter $onbekend is niet gedefinieerd."),
        ("meldingen_24m +", "Geen geldige SQL-expressie"),
        ("straat + 1", "De expressie is niet uit te rekenen"),
    ],
)
def test_an_indicator_computes_only_on_its_own_dwelling_row(expression, message):
    errors = indicator_errors(valid(berekening=expression))
    assert any(m.startswith(message) for m in errors["berekening"]), errors


def test_every_parameter_names_its_source_and_validity():
    errors = indicator_errors(valid(parameters={"verzadiging": {"waarde": 2}}))
    assert errors["parameters"] == [
        "Parameter verzadiging: noem de bron (regeling, artikel of beleidskeuze).",
        "Parameter verzadiging: geef de datum vanaf wanneer hij geldt.",
    ]


@pytest.mark.django_db
def test_a_new_version_leaves_the_old_one_as_it_was(manager):
    before = first_version()
    changed = [*before, valid()]
    changed[0] = changed[0] | {"gewicht": 4.5}
    versie = catalogusversie_create(
        actor=manager, toelichting="Gewicht bezetting omhoog", indicatoren=changed
    )
    assert versie.versie == 2
    assert versie.indicatoren.count() == len(before) + 1
    assert versie.indicatoren.get(code=before[0]["code"]).gewicht == 4.5
    assert first_version() == before


@pytest.mark.django_db
def test_only_a_catalogue_manager_adopts_a_version(make_user):
    analyst = make_user([Capability.ANALYSIS_VIEW, Capability.ANALYSIS_RUN])
    with pytest.raises(PermissionDenied):
        catalogusversie_create(actor=analyst, toelichting="x", indicatoren=first_version())
