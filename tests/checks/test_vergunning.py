"""Permit check on real registry rows: designations, ownership, WOZ values and permits."""

from __future__ import annotations

from datetime import date

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from goedwonen.checks.parameters import Parameter
from goedwonen.checks.vergunning import vergunningen_check
from goedwonen.registry.models import (
    Eigenaar,
    Eigenaarsoort,
    Eigendom,
    Gebied,
    Gebiedsaanwijzing,
    Gebiedssoort,
    Regeling,
    Verblijfsobject,
    Vergunning,
    Vergunningsoort,
    Vergunningstatus,
    WozWaarde,
)

pytestmark = pytest.mark.django_db

DATUM = date(2026, 10, 1)
VERHUURVERORDENING = "Verhuurverordening gemeente Rotterdam 2023 (CVDR698200), art. 2 lid 1"
VERORDENING_2021 = "Verordening toegang woningmarkt en samenstelling woningvoorraad 2021"
VERORDENING_2025 = "Verordening samenstelling Woningvoorraad 2025 (CVDR741632)"


@pytest.fixture
def gebieden(db) -> dict[str, Gebied]:
    rotterdam = Gebied.objects.create(code="GM0599", naam="Rotterdam", soort=Gebiedssoort.GEMEENTE)
    charlois = Gebied.objects.create(
        code="WK059915", naam="Charlois", soort=Gebiedssoort.WIJK, bovenliggend=rotterdam
    )
    carnisse = Gebied.objects.create(
        code="BU05991572", naam="Carnisse", soort=Gebiedssoort.BUURT, bovenliggend=charlois
    )
    pendrecht = Gebied.objects.create(
        code="BU05991577", naam="Pendrecht", soort=Gebiedssoort.BUURT, bovenliggend=charlois
    )
    Gebiedsaanwijzing.objects.create(
        gebied=carnisse,
        regeling=Regeling.VERHUURVERGUNNING,
        geldig_van=date(2023, 7, 1),
        bron=VERHUURVERORDENING,
    )
    Gebiedsaanwijzing.objects.create(
        gebied=carnisse,
        regeling=Regeling.OPKOOPBESCHERMING,
        geldig_van=date(2022, 1, 1),
        geldig_tot=date(2025, 7, 4),
        parameter="355000",
        bron=f"{VERORDENING_2021}, bijlage opkoopbescherming",
    )
    Gebiedsaanwijzing.objects.create(
        gebied=carnisse,
        regeling=Regeling.OPKOOPBESCHERMING,
        geldig_van=date(2025, 7, 5),
        parameter="405000",
        bron=f"{VERORDENING_2025}, bijlage opkoopbescherming",
    )
    return {"carnisse": carnisse, "pendrecht": pendrecht, "charlois": charlois}


counter = iter(range(1, 10_000))


def woning(
    buurt: Gebied,
    *,
    eigenaar: Eigenaarsoort = Eigenaarsoort.RECHTSPERSOON,
    verkregen_op: date | None = date(2024, 3, 1),
    woz: dict[date, int] | None = None,
    is_woning: bool = True,
) -> Verblijfsobject:
    n = next(counter)
    vbo = Verblijfsobject.objects.create(
        object_id=f"05990100{n:08d}", objecttype="VBO", is_woning=is_woning, buurt=buurt
    )
    # The previous owner sold on the day the current one acquired the object.
    vorige = Eigenaar.objects.create(
        eigenaar_id=f"vorige-{n}", soort=Eigenaarsoort.NATUURLIJK_PERSOON
    )
    Eigendom.objects.create(
        verblijfsobject=vbo,
        eigenaar=vorige,
        verkregen_op=date(2010, 6, 1),
        beeindigd_op=verkregen_op or date(2010, 6, 2),
    )
    huidige = Eigenaar.objects.create(eigenaar_id=f"eigenaar-{n}", soort=eigenaar)
    Eigendom.objects.create(verblijfsobject=vbo, eigenaar=huidige, verkregen_op=verkregen_op)
    for peildatum, waarde in (woz or {date(2023, 1, 1): 240_000}).items():
        WozWaarde.objects.create(verblijfsobject=vbo, peildatum=peildatum, waarde=waarde)
    return vbo


def vergunning(
    vbo: Verblijfsobject,
    soort: Vergunningsoort,
    aangevraagd_op: date,
    status: Vergunningstatus = Vergunningstatus.VERLEEND,
    geldig_van: date | None = None,
    geldig_tot: date | None = None,
) -> Vergunning:
    return Vergunning.objects.create(
        verblijfsobject=vbo,
        soort=soort,
        status=status,
        aangevraagd_op=aangevraagd_op,
        geldig_van=geldig_van,
        geldig_tot=geldig_tot,
    )


def test_carnisse_dwelling_with_the_owners_permit(gebieden):
    vbo = woning(gebieden["carnisse"], verkregen_op=date(2020, 5, 1))
    permit = vergunning(
        vbo,
        Vergunningsoort.VERHUURVERGUNNING,
        date(2023, 6, 1),
        geldig_van=date(2023, 7, 1),
        geldig_tot=date(2028, 6, 30),
    )

    toets = vergunningen_check(vbo, datum=DATUM)

    assert toets.verhuurvergunning.van_toepassing is True
    assert toets.verhuurvergunning.geldige_vergunning == permit
    assert toets.verhuurvergunning.grondslag == VERHUURVERORDENING
    assert toets.verhuurvergunning.redenen == (
        f"Carnisse (BU05991572) is sinds 1 juli 2023 aangewezen voor de verhuurvergunning "
        f"({VERHUURVERORDENING}).",
        "Voor verhuur van deze woning is een verhuurvergunning nodig.",
        "Geldige verhuurvergunning sinds 1 juli 2023 tot en met 30 juni 2028.",
    )
    # Bought in 2020, before the area was designated in 2022.
    assert toets.opkoopbescherming.van_toepassing is False
    assert toets.opkoopbescherming.redenen == (
        "Verkregen op 1 mei 2020, toen gold in dit gebied geen opkoopbescherming.",
    )
    assert toets.vergunning_ontbreekt is False


def test_permit_of_the_previous_owner_does_not_count_and_buy_to_let_applies(gebieden):
    vbo = woning(gebieden["carnisse"], verkregen_op=date(2024, 3, 1))
    vergunning(
        vbo,
        Vergunningsoort.VERHUURVERGUNNING,
        date(2023, 5, 1),
        geldig_van=date(2023, 7, 1),
        geldig_tot=date(2028, 6, 30),
    )

    toets = vergunningen_check(vbo, datum=DATUM)

    verhuur = toets.verhuurvergunning
    assert (verhuur.van_toepassing, verhuur.geldige_vergunning) == (True, None)
    assert verhuur.vergunning_ontbreekt is True
    assert verhuur.redenen[-2:] == (
        "De verhuurvergunning aangevraagd op 1 mei 2023 hoort bij een vorige eigenaar (de "
        "huidige verkreeg het object op 1 maart 2024); een vergunning gaat niet over op een "
        "nieuwe eigenaar.",
        "Geen geldige verhuurvergunning op 1 oktober 2026.",
    )
    opkoop = toets.opkoopbescherming
    assert opkoop.van_toepassing is True
    assert opkoop.grondslag == f"{VERORDENING_2021}, bijlage opkoopbescherming"
    assert opkoop.redenen == (
        "Verkregen op 1 maart 2024; Carnisse (BU05991572) was toen aangewezen voor "
        f"opkoopbescherming ({VERORDENING_2021}, bijlage opkoopbescherming).",
        "De WOZ-waarde € 240.000 (waardepeildatum 1 januari 2023) is niet hoger dan de grens van "
        "€ 355.000. Tot 1 maart 2028 is voor verhuur een vergunning nodig.",
        "Geen geldige vergunning opkoopbescherming op 1 oktober 2026.",
    )
    assert toets.vergunning_ontbreekt is True


def test_new_owner_applied_and_a_buyer_may_apply_just_before_delivery(gebieden):
    vbo = woning(gebieden["carnisse"], verkregen_op=date(2024, 3, 1))
    aanvraag = vergunning(
        vbo, Vergunningsoort.VERHUURVERGUNNING, date(2024, 3, 20), Vergunningstatus.AANGEVRAAGD
    )
    opkoop = vergunning(
        vbo,
        Vergunningsoort.OPKOOPBESCHERMING,
        date(2024, 2, 20),
        geldig_van=date(2024, 3, 10),
        geldig_tot=date(2028, 3, 1),
    )

    toets = vergunningen_check(vbo, datum=DATUM)

    assert toets.verhuurvergunning.geldige_vergunning is None
    assert toets.verhuurvergunning.aanvraag_in_behandeling == aanvraag
    assert toets.verhuurvergunning.redenen[-1] == (
        "Er is een aanvraag in behandeling, ingediend op 20 maart 2024."
    )
    assert toets.opkoopbescherming.geldige_vergunning == opkoop
    # A pending application is not a permit.
    assert toets.vergunning_ontbreekt is True


def test_margin_before_delivery_is_a_parameter(gebieden):
    vbo = woning(gebieden["carnisse"], verkregen_op=date(2024, 3, 1))
    vergunning(
        vbo,
        Vergunningsoort.OPKOOPBESCHERMING,
        date(2024, 2, 20),
        geldig_van=date(2024, 3, 10),
        geldig_tot=date(2028, 3, 1),
    )
    geen_marge = Parameter(waarde=0, bron="Test: alleen aanvragen na levering", geldig_vanaf=None)

    toets = vergunningen_check(vbo, datum=DATUM, aanvraag_voor_levering=geen_marge)

    assert toets.opkoopbescherming.geldige_vergunning is None


def test_withdrawn_permit_was_valid_until_it_was_withdrawn(gebieden):
    vbo = woning(gebieden["carnisse"], verkregen_op=date(2020, 5, 1))
    vergunning(
        vbo,
        Vergunningsoort.VERHUURVERGUNNING,
        date(2023, 6, 1),
        Vergunningstatus.INGETROKKEN,
        geldig_van=date(2023, 7, 1),
        geldig_tot=date(2025, 6, 30),
    )

    assert vergunningen_check(vbo, datum=date(2025, 6, 30)).verhuurvergunning.geldige_vergunning
    assert vergunningen_check(vbo, datum=DATUM).verhuurvergunning.vergunning_ontbreekt is True


@pytest.mark.parametrize("soort", [Vergunningstatus.GEWEIGERD, Vergunningstatus.AANGEVRAAGD])
def test_refused_or_pending_permit_is_not_valid(gebieden, soort):
    vbo = woning(gebieden["carnisse"], verkregen_op=date(2020, 5, 1))
    vergunning(vbo, Vergunningsoort.VERHUURVERGUNNING, date(2023, 6, 1), soort)

    assert vergunningen_check(vbo, datum=DATUM).verhuurvergunning.vergunning_ontbreekt is True


def test_pendrecht_needs_no_permit(gebieden):
    vbo = woning(gebieden["pendrecht"], verkregen_op=date(2024, 3, 1))

    toets = vergunningen_check(vbo, datum=DATUM)

    assert toets.verhuurvergunning.van_toepassing is False
    assert toets.opkoopbescherming.van_toepassing is False
    assert toets.vergunning_ontbreekt is False
    assert toets.verhuurvergunning.redenen == (
        "Het gebied is op 1 oktober 2026 niet aangewezen voor de verhuurvergunning.",
    )


def test_designation_of_the_wijk_covers_its_buurten(gebieden):
    Gebiedsaanwijzing.objects.create(
        gebied=gebieden["charlois"],
        regeling=Regeling.VERHUURVERGUNNING,
        geldig_van=date(2026, 1, 1),
        bron="Fictieve uitbreiding naar de hele wijk",
    )
    vbo = woning(gebieden["pendrecht"])

    toets = vergunningen_check(vbo, datum=DATUM)

    assert toets.verhuurvergunning.van_toepassing is True
    assert toets.verhuurvergunning.grondslag == "Fictieve uitbreiding naar de hele wijk"


def test_before_the_designation_no_permit_was_needed(gebieden):
    vbo = woning(gebieden["carnisse"], verkregen_op=date(2020, 5, 1))

    toets = vergunningen_check(vbo, datum=date(2023, 6, 30))

    assert toets.verhuurvergunning.van_toepassing is False


@pytest.mark.parametrize(
    ("soort", "reden"),
    [
        (
            Eigenaarsoort.WONINGCORPORATIE,
            "De eigenaar is een woningcorporatie: de gemeente kan geen verhuurvergunning eisen "
            "(Wgv; toezicht door de Autoriteit woningcorporaties).",
        ),
        (
            Eigenaarsoort.OVERHEID,
            "De eigenaar is een overheid: de verordening geldt niet voor woningen van de "
            "gemeente. Controleer of de eigenaar de gemeente is.",
        ),
    ],
)
def test_corporation_and_municipality_are_exempt(gebieden, soort, reden):
    vbo = woning(gebieden["carnisse"], eigenaar=soort, verkregen_op=date(2020, 5, 1))

    toets = vergunningen_check(vbo, datum=DATUM)

    assert toets.verhuurvergunning.van_toepassing is False
    assert toets.verhuurvergunning.redenen[-1] == reden


def test_not_a_dwelling_needs_no_permit(gebieden):
    vbo = woning(gebieden["carnisse"], is_woning=False)

    toets = vergunningen_check(vbo, datum=DATUM)

    assert toets.verhuurvergunning.van_toepassing is False
    assert toets.opkoopbescherming.van_toepassing is False


def test_woz_above_the_limit_at_acquisition_means_no_buy_to_let_protection(gebieden):
    # Bought after the 2025 designation (limit 405.000); WOZ for 2025 (peildatum 1-1-2024).
    vbo = woning(
        gebieden["carnisse"],
        verkregen_op=date(2025, 9, 1),
        woz={date(2024, 1, 1): 420_000, date(2025, 1, 1): 400_000},
    )

    toets = vergunningen_check(vbo, datum=DATUM)

    assert toets.opkoopbescherming.van_toepassing is False
    assert toets.opkoopbescherming.grondslag == f"{VERORDENING_2025}, bijlage opkoopbescherming"
    assert toets.opkoopbescherming.redenen[-1] == (
        "De WOZ-waarde € 420.000 (waardepeildatum 1 januari 2024) is hoger dan de grens van "
        "€ 405.000: geen opkoopbescherming."
    )


def test_buy_to_let_protection_ends_after_four_years(gebieden):
    vbo = woning(gebieden["carnisse"], verkregen_op=date(2022, 2, 1))

    toets = vergunningen_check(vbo, datum=DATUM)

    assert toets.opkoopbescherming.van_toepassing is False
    assert toets.opkoopbescherming.redenen[-1] == (
        "De termijn van 4 jaar na verkrijging liep af op 1 februari 2026."
    )
    # With an older WOZ missing, the nearest later value is used and the reason says so.
    nog_binnen = vergunningen_check(vbo, datum=date(2026, 1, 31)).opkoopbescherming
    assert nog_binnen.van_toepassing is True
    assert "de eerstvolgende bekende is gebruikt" in nog_binnen.redenen[1]


def test_unknown_acquisition_date_leaves_buy_to_let_undecided(gebieden):
    vbo = woning(gebieden["carnisse"], verkregen_op=None)

    toets = vergunningen_check(vbo, datum=DATUM)

    assert toets.opkoopbescherming.van_toepassing is None
    assert toets.opkoopbescherming.vergunning_ontbreekt is False
    assert toets.verhuurvergunning.van_toepassing is True


def test_check_reads_only(gebieden):
    vbo = woning(gebieden["carnisse"])

    with CaptureQueriesContext(connection) as queries:
        vergunningen_check(vbo, datum=DATUM)

    assert queries.captured_queries
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries.captured_queries)
