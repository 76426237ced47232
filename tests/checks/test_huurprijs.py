"""Rent check against five dwellings whose points were computed by hand from the WWS rules
(Besluit huurprijzen woonruimte bijlage I, Huurcommissie-beleidsboek 2026), then run through
`woningwaardering`. Peildatum 1 July 2026: WOZ factors 16.954 / 268 for waardepeildatum
1-1-2025 and 15.329 / 242 for 1-1-2024. Each rubric is rounded to a quarter point, the total
to whole points; the maximum rent is the 2026 table amount at that total.
With a woonplaatscode and an explicit monument list woningwaardering must not ask the
Kadaster anything: the suite's network guard (tests/test_network_guard.py) fails it if it does.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from dataclasses import replace
from datetime import date
from decimal import Decimal
from importlib.resources import files

import pytest

from django.core.exceptions import ValidationError

from goedwonen.checks.huurprijs import (
    HuurprijsToets,
    Huursector,
    huurprijs_check,
    woningwaardering_compute,
)
from goedwonen.checks.huurprijstabel import huurprijstabel
from goedwonen.checks.parameters import OVERSCHRIJDINGSDREMPEL_HUUR, Parameter
from goedwonen.checks.woning import (
    Buitenruimte,
    Buitenruimtetype,
    Energielabel,
    Keukenvoorziening,
    Labelklasse,
    Monument,
    Pandtype,
    Ruimte,
    Ruimtetype,
    Sanitair,
    Woningkenmerken,
    Woningtype,
)

PEILDATUM = date(2026, 7, 1)


NA_WBH = date(2025, 3, 1)
ROTTERDAM = "3086"


def d(value: str) -> Decimal:
    return Decimal(value)


# 1. Small upstairs flat, Carnisse, 1925, label F (meergezins), WOZ 185.000 (1-1-2025).
#   1 vertrekken   16,40 + 8,30 + 4,80 + 3,10 = 32,60 m² -> 33            33
#   2 overige      toilet 1,10 m² is under 2 m²                            0
#   3 verwarming   4 heated rooms x 2 + heated hall 1                      9
#   8 buiten       balcony 3,20 -> 3 m² x 0,35 = 1,05 + 2 = 3,05 -> 3,00   3
#   4 energie      label F meergezins                                     -9
#   5 keuken       worktop 1,20 m (1-2 m)                                  4
#   6 sanitair     toilet in toilet room 3 + shower 4 + washbasin 1        8
#  11 WOZ          185000/16954 = 10,9119; 185000/33/268 = 20,9181;
#                  31,8300 -> 31,75                                        31,75
#   total 79,75 -> 80 points; table 2026 at 80: 500,38
KLEINE_BOVENWONING = Woningkenmerken(
    woningtype=Woningtype.ZELFSTANDIG,
    pandtype=Pandtype.MEERGEZINSWONING,
    bouwjaar=1925,
    woonplaatscode=ROTTERDAM,
    gebruiksoppervlakte=41,
    woz_waarde=185_000,
    woz_waardepeildatum=date(2025, 1, 1),
    energielabel=Energielabel(Labelklasse.F, date(2023, 2, 1), date(2033, 2, 1)),
    ruimten=(
        Ruimte(Ruimtetype.WOONKAMER, d("16.40")),
        Ruimte(Ruimtetype.SLAAPKAMER, d("8.30")),
        Ruimte(Ruimtetype.KEUKEN, d("4.80"), aanrechtlengte_cm=120),
        Ruimte(Ruimtetype.BADKAMER, d("3.10"), sanitair=(Sanitair.DOUCHE, Sanitair.WASTAFEL)),
        Ruimte(
            Ruimtetype.TOILETRUIMTE,
            d("1.10"),
            verwarmd=False,
            sanitair=(Sanitair.STAAND_TOILET,),
        ),
        Ruimte(Ruimtetype.HAL, d("2.50")),
    ),
    buitenruimten=(Buitenruimte(Buitenruimtetype.BALKON, d("3.20")),),
)

# 2. Large single-family house, 1998, label A (eengezins), WOZ 430.000 (1-1-2025).
#   1 vertrekken   35,50 + 11,20 + 14,00 + 11,50 + 8,20 + 6,40 = 86,80 -> 87     87
#   2 overige      shed 6,00 m² x 0,75                                           4,50
#   3 verwarming   6 heated rooms x 2 + hall 1 + landing 1                       14
#   8 buiten       garden 45 m² x 0,35 = 15,75 + 2 = 17,75, at most 15           15
#   4 energie      label A eengezins                                             41
#   5 keuken       worktop 2,80 m 7 + induction 1,75 + dishwasher 1,5            10,25
#   6 sanitair     bath+shower 7 + 2 basins in bathroom 2 + wall-hung toilet
#                  in toilet room 3,75 + basin 1                                 13,75
#  11 WOZ          area 86,80 + 6,00 = 92,80 -> 93; 430000/16954 = 25,3627;
#                  430000/93/268 = 17,2524; 42,6152 -> 42,50                     42,50
#   total 228 points (>= 187, WOZ share 18,6%: no cap); table 2026 at 228: 1.516,40
RUIME_EENGEZINSWONING = Woningkenmerken(
    woningtype=Woningtype.ZELFSTANDIG,
    pandtype=Pandtype.EENGEZINSWONING,
    bouwjaar=1998,
    woonplaatscode=ROTTERDAM,
    gebruiksoppervlakte=124,
    woz_waarde=430_000,
    woz_waardepeildatum=date(2025, 1, 1),
    energielabel=Energielabel(Labelklasse.A, date(2021, 6, 15), date(2031, 6, 15)),
    ruimten=(
        Ruimte(Ruimtetype.WOONKAMER, d("35.50")),
        Ruimte(
            Ruimtetype.KEUKEN,
            d("11.20"),
            aanrechtlengte_cm=280,
            keukenvoorzieningen=(
                Keukenvoorziening.VAATWASMACHINE,
                Keukenvoorziening.KOOKPLAAT_INDUCTIE,
            ),
        ),
        Ruimte(Ruimtetype.SLAAPKAMER, d("14.00")),
        Ruimte(Ruimtetype.SLAAPKAMER, d("11.50")),
        Ruimte(Ruimtetype.SLAAPKAMER, d("8.20")),
        Ruimte(
            Ruimtetype.BADKAMER,
            d("6.40"),
            sanitair=(Sanitair.BAD_EN_DOUCHE, Sanitair.WASTAFEL, Sanitair.WASTAFEL),
        ),
        Ruimte(
            Ruimtetype.TOILETRUIMTE,
            d("1.30"),
            verwarmd=False,
            sanitair=(Sanitair.HANGEND_TOILET, Sanitair.WASTAFEL),
        ),
        Ruimte(Ruimtetype.HAL, d("4.50")),
        Ruimte(Ruimtetype.OVERLOOP, d("3.80")),
        Ruimte(Ruimtetype.SCHUUR, d("6.00"), verwarmd=False),
    ),
    buitenruimten=(Buitenruimte(Buitenruimtetype.TUIN, d("45.00")),),
)

# 3. Apartment with a high WOZ value, 2008, label A+ (meergezins), WOZ 820.000 (1-1-2025).
#   1 vertrekken   40,00 + 14,50 + 11,30 + 7,20 = 73,00                          73
#   2 overige      storage 4,20 -> 4 m² x 0,75                                   3
#   3 verwarming   living room with open kitchen 4 + 2 bedrooms 4 + bathroom 2;
#                  cooled living room and bedroom +2; heated hall +1             13
#   8 buiten       balcony 9 m² x 0,35 = 3,15 + 2 = 5,15 -> 5,25                 5,25
#   4 energie      label A+ meergezins                                           43
#   5 keuken       worktop 3,20 m 7; extras 0,75+1,75+1,5+2+1,75 = 7,75,
#                  at most as much as the worktop: 7                             14
#   6 sanitair     bathroom: wall-hung toilet 2,75 + 2 basins 2 + bath+shower 7
#                  + shower screen 1,25 + towel radiator 0,75 + thermostatic
#                  tap 0,5; toilet room: wall-hung toilet 3,75 + basin 1         19
#   rubrics 1-10: 170,25
#  11 WOZ          area 73,00 + 4,20 = 77,20 -> 77; 820000/16954 = 48,3662;
#                  820000/77/268 = 39,7364; 88,1026 -> 88,00; without cap
#                  258 points >= 187, so WOZ at most 33%: 170,25 x 33/67 =
#                  83,8545, rounded down                                         83
#   total 253,25 -> 253 points; above 250: 1.667,40 + 3 x (1.667,40 - 1.660,54)
#   = 1.687,98
DUUR_APPARTEMENT = Woningkenmerken(
    woningtype=Woningtype.ZELFSTANDIG,
    pandtype=Pandtype.MEERGEZINSWONING,
    bouwjaar=2008,
    woonplaatscode=ROTTERDAM,
    gebruiksoppervlakte=86,
    woz_waarde=820_000,
    woz_waardepeildatum=date(2025, 1, 1),
    energielabel=Energielabel(Labelklasse.A1PLUS, date(2024, 4, 2), date(2034, 4, 2)),
    ruimten=(
        Ruimte(
            Ruimtetype.WOONKAMER_MET_KEUKEN,
            d("40.00"),
            verkoeld=True,
            aanrechtlengte_cm=320,
            keukenvoorzieningen=(
                Keukenvoorziening.AFZUIGINSTALLATIE,
                Keukenvoorziening.KOOKPLAAT_INDUCTIE,
                Keukenvoorziening.VAATWASMACHINE,
                Keukenvoorziening.COMBI_MAGNETRON_OVEN,
                Keukenvoorziening.KOELVRIESCOMBINATIE,
            ),
        ),
        Ruimte(Ruimtetype.SLAAPKAMER, d("14.50"), verkoeld=True),
        Ruimte(Ruimtetype.SLAAPKAMER, d("11.30")),
        Ruimte(
            Ruimtetype.BADKAMER,
            d("7.20"),
            sanitair=(
                Sanitair.HANGEND_TOILET,
                Sanitair.WASTAFEL,
                Sanitair.WASTAFEL,
                Sanitair.BAD_EN_DOUCHE,
                Sanitair.DOUCHEWAND,
                Sanitair.HANDDOEKENRADIATOR,
                Sanitair.THERMOSTATISCHE_MENGKRAAN,
            ),
        ),
        Ruimte(
            Ruimtetype.TOILETRUIMTE,
            d("1.40"),
            verwarmd=False,
            sanitair=(Sanitair.HANGEND_TOILET, Sanitair.WASTAFEL),
        ),
        Ruimte(Ruimtetype.HAL, d("5.50")),
        Ruimte(Ruimtetype.BERGING, d("4.20"), verwarmd=False),
    ),
    buitenruimten=(Buitenruimte(Buitenruimtetype.BALKON, d("9.00")),),
)

# 4. A room (onzelfstandig) in a shared house, Tarwewijk, 1935, label D, WOZ of the whole
#    house 260.000 (1-1-2025) on 92 m². Kitchen, bathroom, toilet, corridor and garden are
#    shared by 4 rooms; shared points are divided by 4.
#   1 vertrekken   14,20 + 9,00/4 + 4,40/4 = 17,55 -> 18                         18
#   3 verwarming   own room 2 + kitchen 2/4 + bathroom 2/4 + corridor 1/4        3,25
#   4 energie      label D: 0,20 per m² of rooms, 17,55 x 0,20 = 3,51 -> 3,50    3,50
#   5 keuken       worktop 2,10 m (2-3 m) 7 / 4                                  1,75
#   6 sanitair     toilet 3/4 + shower 3/4 + basin 1/4                           1,75
#   8 buiten       shared garden 24 m² x 0,75 / 4 (no minus points for rooms)    4,50
#  11 WOZ          260000/92 = 2.826 per m², 27% under the Groot-Rijnmond
#                  average 3.884 (more than 10% lower)                           10
#   total 42,75 -> 43 points; room table 2026 at 43: 438,17
KAMER = Woningkenmerken(
    woningtype=Woningtype.ONZELFSTANDIG,
    pandtype=Pandtype.EENGEZINSWONING,
    bouwjaar=1935,
    woonplaatscode=ROTTERDAM,
    gebruiksoppervlakte=92,
    woz_waarde=260_000,
    woz_waardepeildatum=date(2025, 1, 1),
    energielabel=Energielabel(Labelklasse.D, date(2022, 5, 10), date(2032, 5, 10)),
    ruimten=(
        Ruimte(Ruimtetype.WOON_SLAAPKAMER, d("14.20"), naam="Kamer 3"),
        Ruimte(Ruimtetype.KEUKEN, d("9.00"), aanrechtlengte_cm=210, gedeeld_met_kamers=4),
        Ruimte(
            Ruimtetype.BADKAMER,
            d("4.40"),
            sanitair=(Sanitair.DOUCHE, Sanitair.WASTAFEL),
            gedeeld_met_kamers=4,
        ),
        Ruimte(
            Ruimtetype.TOILETRUIMTE,
            d("1.10"),
            verwarmd=False,
            sanitair=(Sanitair.STAAND_TOILET,),
            gedeeld_met_kamers=4,
        ),
        Ruimte(Ruimtetype.GANG, d("6.00"), gedeeld_met_kamers=4),
    ),
    buitenruimten=(Buitenruimte(Buitenruimtetype.TUIN, d("24.00"), gedeeld_met_kamers=4),),
)

# 5. Walk-up flat, Pendrecht, 1962, no energy label, WOZ 175.000 (1-1-2024).
#   1 vertrekken   28,00 + 12,00 + 9,00 + 4,50 = 53,50 -> 54                     54
#   2 overige      cellar 5,00 m² x 0,75                                         3,75
#   3 verwarming   living room with open kitchen 4 + 2 bedrooms 4 + bathroom 2   10
#   8 buiten       balcony 4 m² x 0,35 = 1,40 + 2 = 3,40 -> 3,50                 3,50
#   4 energie      no label: year of construction up to 1976                     -15
#   5 keuken       worktop 1,60 m                                                4
#   6 sanitair     toilet in bathroom 2 + shower 4 + basin 1                     7
#  11 WOZ          area 53,50 + 5,00 = 58,50 -> 59; 175000/15329 = 11,4163;
#                  175000/59/242 = 12,2566; 23,6729 -> 23,75                     23,75
#   total 91 points; table 2026 at 91: 575,87
PORTIEKFLAT = Woningkenmerken(
    woningtype=Woningtype.ZELFSTANDIG,
    pandtype=Pandtype.MEERGEZINSWONING,
    bouwjaar=1962,
    woonplaatscode=ROTTERDAM,
    gebruiksoppervlakte=68,
    woz_waarde=175_000,
    woz_waardepeildatum=date(2024, 1, 1),
    ruimten=(
        Ruimte(Ruimtetype.WOONKAMER_MET_KEUKEN, d("28.00"), aanrechtlengte_cm=160),
        Ruimte(Ruimtetype.SLAAPKAMER, d("12.00")),
        Ruimte(Ruimtetype.SLAAPKAMER, d("9.00")),
        Ruimte(
            Ruimtetype.BADKAMER,
            d("4.50"),
            sanitair=(Sanitair.STAAND_TOILET, Sanitair.DOUCHE, Sanitair.WASTAFEL),
        ),
        Ruimte(Ruimtetype.KELDER, d("5.00"), verwarmd=False),
        Ruimte(Ruimtetype.HAL, d("4.00"), verwarmd=False),
    ),
    buitenruimten=(Buitenruimte(Buitenruimtetype.BALKON, d("4.00")),),
)

HAND_CHECKED = [
    pytest.param(
        KLEINE_BOVENWONING,
        80,
        {"OVZ": "33", "OOZ": "0", "VKV": "9", "BUI": "3", "ENE": "-9", "KEU": "4"}
        | {"SAN": "8", "WOZ": "31.75"},
        d("500.38"),
        id="kleine-bovenwoning-label-F",
    ),
    pytest.param(
        RUIME_EENGEZINSWONING,
        228,
        {"OVZ": "87", "OOZ": "4.5", "VKV": "14", "BUI": "15", "ENE": "41", "KEU": "10.25"}
        | {"SAN": "13.75", "WOZ": "42.5"},
        d("1516.40"),
        id="eengezinswoning-label-A",
    ),
    pytest.param(
        DUUR_APPARTEMENT,
        253,
        {"OVZ": "73", "OOZ": "3", "VKV": "13", "BUI": "5.25", "ENE": "43", "KEU": "14"}
        | {"SAN": "19", "WOZ": "83"},
        d("1687.98"),
        id="appartement-woz-cap",
    ),
    pytest.param(
        KAMER,
        43,
        {"OVZ": "18", "OOZ": "0", "VKV": "3.25", "ENE": "3.5", "KEU": "1.75", "SAN": "1.75"}
        | {"BUI": "4.5", "WOZ": "10"},
        d("438.17"),
        id="kamer-onzelfstandig",
    ),
    pytest.param(
        PORTIEKFLAT,
        91,
        {"OVZ": "54", "OOZ": "3.75", "VKV": "10", "BUI": "3.5", "ENE": "-15", "KEU": "4"}
        | {"SAN": "7", "WOZ": "23.75"},
        d("575.87"),
        id="portiekflat-zonder-label",
    ),
]


@pytest.mark.parametrize(("woning", "punten", "rubrieken", "maximale_huur"), HAND_CHECKED)
def test_points_and_maximum_rent_match_the_hand_calculation(
    woning, punten, rubrieken, maximale_huur
):
    telling = woningwaardering_compute(woning, peildatum=PEILDATUM, datum_huurovereenkomst=NA_WBH)

    assert telling.punten == punten
    per_rubriek = {r.code: r.punten for r in telling.rubrieken}
    assert {code: per_rubriek[code] for code in rubrieken} == {
        code: Decimal(value) for code, value in rubrieken.items()
    }
    assert sum(r.punten for r in telling.rubrieken) - punten < Decimal("0.5")
    assert telling.maximale_huur == maximale_huur
    assert telling.maximale_huur_volgens_tabel == maximale_huur
    assert telling.tabel_klopt is True
    assert telling.opslagpercentage == 0


def test_rent_far_above_the_maximum_is_flagged():
    toets = huurprijs_check(
        KLEINE_BOVENWONING,
        kale_huur=d("725.00"),
        datum_huurovereenkomst=NA_WBH,
        peildatum=PEILDATUM,
    )

    assert isinstance(toets, HuurprijsToets)
    assert (toets.punten, toets.maximale_huur) == (80, d("500.38"))
    assert toets.sector == Huursector.SOCIAAL
    assert toets.maximum_van_toepassing is True
    assert toets.overschrijding == d("224.62")
    assert toets.overschrijding_percentage == d("44.89")
    assert toets.boven_drempel is True
    assert toets.drempel is OVERSCHRIJDINGSDREMPEL_HUUR
    assert "156 van de 1.119 vergunningaanvragen" in toets.drempel.bron


@pytest.mark.parametrize(
    ("kale_huur", "percentage", "boven"),
    [
        # 575,87 x 1,25 = 719,8375: 719,84 is at least 25% too high, 719,83 just not.
        (d("719.84"), d("25.00"), True),
        (d("719.83"), d("25.00"), False),
        (d("575.87"), d("0.00"), False),
        (d("500.00"), d("-13.17"), False),
    ],
)
def test_threshold_is_at_least_25_percent_compared_unrounded(kale_huur, percentage, boven):
    toets = huurprijs_check(
        PORTIEKFLAT, kale_huur=kale_huur, datum_huurovereenkomst=NA_WBH, peildatum=PEILDATUM
    )

    assert toets.overschrijding_percentage == percentage
    assert toets.boven_drempel is boven


def test_threshold_is_a_parameter_with_its_own_source():
    strenger = Parameter(waarde=d("10"), bron="Testbesluit", geldig_vanaf=date(2026, 1, 1))

    toets = huurprijs_check(
        PORTIEKFLAT,
        kale_huur=d("650.00"),
        datum_huurovereenkomst=NA_WBH,
        peildatum=PEILDATUM,
        drempel=strenger,
    )

    assert toets.overschrijding_percentage == d("12.87")
    assert toets.boven_drempel is True
    assert toets.drempel == strenger


def test_free_sector_dwelling_is_not_flagged():
    toets = huurprijs_check(
        RUIME_EENGEZINSWONING,
        kale_huur=d("2500.00"),
        datum_huurovereenkomst=NA_WBH,
        peildatum=PEILDATUM,
    )

    assert toets.sector == Huursector.VRIJ
    assert toets.maximum_van_toepassing is False
    assert toets.overschrijding_percentage == d("64.86")
    assert toets.boven_drempel is False
    assert any("vrije sector" in regel for regel in toets.toelichting)


def test_old_contract_leaves_the_sector_to_the_jurist():
    toets = huurprijs_check(
        KLEINE_BOVENWONING,
        kale_huur=d("725.00"),
        datum_huurovereenkomst=date(2023, 9, 1),
        peildatum=PEILDATUM,
    )

    assert toets.maximum_van_toepassing is None
    assert toets.boven_drempel is True
    assert any("liberalisatiegrens" in regel for regel in toets.toelichting)


def test_room_is_always_under_the_maximum_even_with_an_old_contract():
    toets = huurprijs_check(
        KAMER, kale_huur=d("650.00"), datum_huurovereenkomst=None, peildatum=PEILDATUM
    )

    assert toets.maximum_van_toepassing is True
    assert toets.overschrijding == d("211.83")
    assert toets.overschrijding_percentage == d("48.34")
    assert toets.boven_drempel is True


def test_energy_falls_back_on_year_of_construction_and_says_why():
    verlopen = replace(
        KLEINE_BOVENWONING,
        energielabel=Energielabel(Labelklasse.A, date(2014, 1, 1), date(2024, 1, 1)),
    )

    telling = woningwaardering_compute(verlopen, peildatum=PEILDATUM)

    # Built 1925 (up to 1976): -15 instead of -9 for label F: 80 - 6 = 74 points.
    assert {r.code: r.punten for r in telling.rubrieken}["ENE"] == d("-15")
    assert telling.punten == 74
    assert telling.toelichting == (
        "Energieprestatie gewaardeerd op bouwjaar 1925: het energielabel was op de peildatum "
        "niet geldig.",
    )


def test_kitchen_without_worktop_scores_nothing_and_says_so():
    zonder_aanrecht = replace(
        KLEINE_BOVENWONING,
        ruimten=(
            *KLEINE_BOVENWONING.ruimten[:2],
            Ruimte(Ruimtetype.KEUKEN, d("4.80"), naam="Keukentje", aanrechtlengte_cm=0),
            *KLEINE_BOVENWONING.ruimten[3:],
        ),
    )

    telling = woningwaardering_compute(zonder_aanrecht, peildatum=PEILDATUM)

    assert {r.code: r.punten for r in telling.rubrieken}["KEU"] == 0
    assert telling.punten == 76
    assert telling.toelichting == (
        "Keukentje: geen aanrecht van minstens 1 meter, geen keukenpunten.",
    )


def test_municipal_monument_raises_the_maximum_by_15_percent():
    monument = replace(PORTIEKFLAT, monumenten=(Monument.GEMEENTELIJK_MONUMENT,))

    telling = woningwaardering_compute(monument, peildatum=PEILDATUM)

    # A monument scores at least 0 for energy (here -15 -> 0): 91 + 15 = 106 points.
    assert {r.code: r.punten for r in telling.rubrieken}["ENE"] == 0
    assert telling.punten == 106
    assert telling.opslagpercentage == d("0.15")
    assert telling.maximale_huur_zonder_opslag == d("678.85")
    # 678,85 + 15% (101,83) = 780,68
    assert telling.maximale_huur == d("780.68")


def test_bad_input_names_every_field_in_dutch():
    fout = replace(
        KLEINE_BOVENWONING,
        woonplaatscode="9999",
        woz_waardepeildatum=date(2023, 1, 1),
        ruimten=(
            Ruimte(Ruimtetype.WOONKAMER, d("0")),
            Ruimte(Ruimtetype.KEUKEN, d("6.00")),
            Ruimte(Ruimtetype.SLAAPKAMER, d("9.00"), gedeeld_met_kamers=3),
        ),
    )

    with pytest.raises(ValidationError) as raised:
        huurprijs_check(
            fout, kale_huur=d("725.00"), datum_huurovereenkomst=NA_WBH, peildatum=PEILDATUM
        )

    assert raised.value.message_dict == {
        "woonplaatscode": ["'9999' is geen bekende BAG-woonplaatscode (Rotterdam: 3086)."],
        "woz_waardepeildatum": [
            "Voor peildatum 1 juli 2026 telt alleen een WOZ-waarde met waardepeildatum "
            "1 januari 2025 of 1 januari 2024."
        ],
        "ruimten[0].oppervlakte": ["De oppervlakte moet tussen 0 en 1.000 m² liggen."],
        "ruimten[1].aanrechtlengte_cm": [
            "Geef de lengte van het aanrecht op (0 als er geen aanrecht is)."
        ],
        "ruimten[2].gedeeld_met_kamers": [
            "Alleen bij een onzelfstandige woonruimte (kamer) kan een ruimte met andere "
            "kamers gedeeld zijn; het aantal is minstens 1."
        ],
    }


@pytest.mark.parametrize("kale_huur", [d("0"), d("-10"), d("NaN"), d("100000.01")])
def test_rent_must_be_a_plausible_amount(kale_huur):
    with pytest.raises(ValidationError) as raised:
        huurprijs_check(
            PORTIEKFLAT, kale_huur=kale_huur, datum_huurovereenkomst=NA_WBH, peildatum=PEILDATUM
        )

    assert list(raised.value.message_dict) == ["kale_huur"]


def test_peildatum_outside_the_supported_year_is_refused():
    with pytest.raises(ValidationError) as raised:
        woningwaardering_compute(
            replace(PORTIEKFLAT, woz_waardepeildatum=date(2025, 1, 1)),
            peildatum=date(2027, 1, 4),
        )

    assert list(raised.value.message_dict) == ["peildatum"]
    assert "2026" in raised.value.message_dict["peildatum"][0]


@pytest.mark.parametrize(
    "ruimten", [(), (Ruimte(Ruimtetype.HAL, d("4.00")), Ruimte(Ruimtetype.BERGING, d("3.00")))]
)
def test_a_dwelling_without_a_room_is_refused(ruimten):
    with pytest.raises(ValidationError) as raised:
        woningwaardering_compute(replace(PORTIEKFLAT, ruimten=ruimten), peildatum=PEILDATUM)

    assert raised.value.message_dict == {
        "ruimten": ["Geef ten minste één vertrek op (kamer, keuken of badkamer)."]
    }


def test_a_rubric_the_package_cannot_rate_becomes_an_error():
    # A "bedroom" of 1,5 m² is neither a room nor other space: no m² at all, so the package
    # cannot rate the WOZ value per m² and returns no points for that rubric.
    kast = replace(PORTIEKFLAT, ruimten=(Ruimte(Ruimtetype.SLAAPKAMER, d("1.50")),))

    with pytest.raises(ValidationError) as raised:
        woningwaardering_compute(kast, peildatum=PEILDATUM)

    assert raised.value.message_dict == {
        "woning": [
            "kan geen punten voor de WOZ waarde berekenen omdat het totaal van de oppervlakte "
            "van stelselgroepen Oppervlakte van vertrekken en Oppervlakte van overige ruimten "
            "0 is"
        ]
    }


def test_package_warning_about_a_room_becomes_a_note_naming_it():
    # Extras in a bathroom only count with a washbasin and a bath or shower (rubriek 6).
    zonder_wastafel = replace(
        KLEINE_BOVENWONING,
        ruimten=(
            *KLEINE_BOVENWONING.ruimten[:3],
            Ruimte(
                Ruimtetype.BADKAMER,
                d("3.10"),
                naam="Badkamer",
                sanitair=(Sanitair.DOUCHE, Sanitair.HANDDOEKENRADIATOR),
            ),
            *KLEINE_BOVENWONING.ruimten[4:],
        ),
    )

    telling = woningwaardering_compute(zonder_wastafel, peildatum=PEILDATUM)

    # Sanitair 8 - 1 for the missing basin, the radiator does not count: 79 points.
    assert {r.code: r.punten for r in telling.rubrieken}["SAN"] == 7
    assert telling.punten == 79
    assert telling.toelichting == (
        "Ruimte 'Badkamer': geen wastafel aanwezig in Badkamer, extra voorzieningen worden "
        "niet gewaardeerd.",
    )


def test_our_2026_table_equals_the_package_table_at_every_point():
    tabel = huurprijstabel()
    for stelsel, eigen in (
        ("zelfstandige_woonruimten", tabel.zelfstandig),
        ("onzelfstandige_woonruimten", tabel.onzelfstandig),
    ):
        tekst = (
            files("woningwaardering")
            .joinpath(f"stelsels/{stelsel}/maximale_huurprijzen.csv")
            .read_text(encoding="utf-8")
        )
        pakket = {
            int(rij["Punten"]): Decimal(rij["Bedrag"]).quantize(Decimal("0.01"))
            for rij in csv.DictReader(tekst.splitlines())
        }
        assert eigen == pakket, stelsel
    # The reference table's typo at 106 points (883,95) is corrected in our copy.
    assert tabel.onzelfstandig[106] == d("853.95")


def test_importing_the_check_leaves_process_state_alone():
    # The package, imported bare, sets a 9-digit decimal context and turns every
    # UserWarning in the process into an error. Through goedwonen.checks it must not.
    script = (
        "import decimal, sys, warnings\n"
        "hook = sys.excepthook\n"
        "import goedwonen.checks.huurprijs\n"
        "assert decimal.getcontext().prec == 28, decimal.getcontext()\n"
        "assert sys.excepthook is hook\n"
        "warnings.warn('een andere bibliotheek', UserWarning)\n"
        "print('ok')\n"
    )

    done = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-W", "default", "-c", script],
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout == "ok\n"


@pytest.mark.parametrize("oppervlakte", [d("NaN"), d("-3"), d("1000.01")])
def test_impossible_room_area_is_refused(oppervlakte):
    fout = replace(
        PORTIEKFLAT,
        ruimten=(*PORTIEKFLAT.ruimten[:1], Ruimte(Ruimtetype.SLAAPKAMER, oppervlakte)),
    )

    with pytest.raises(ValidationError) as raised:
        woningwaardering_compute(fout, peildatum=PEILDATUM)

    assert raised.value.message_dict == {
        "ruimten[1].oppervlakte": ["De oppervlakte moet tussen 0 en 1.000 m² liggen."]
    }
