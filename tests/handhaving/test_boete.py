"""Fines from the policy: the version valid on the decision date, the proposal and its
reasoning (base amount, business-like letting, a repeat offence within four years, the
statutory maximum), and the fine set by a jurist with a reason for any deviation."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from goedwonen.core import display
from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability
from goedwonen.handhaving import boete
from goedwonen.handhaving.models import Boetebeleid, Boetevaststelling
from goedwonen.registry.importer.run import import_folder
from goedwonen.registry.models import Eigenaar, Handhaving

pytestmark = pytest.mark.django_db

BESLIST = date(2026, 9, 30)
SEEDED = Boetebeleid.objects  # the start version of migration 0005, valid from 2024-01-01


@pytest.fixture
def jurist(make_user):
    return make_user([Capability.ENFORCEMENT_WORK, Capability.INSTRUMENTS_MANAGE])


def _import_with_fines(source_folder, *rows: str) -> Eigenaar:
    """The hand-made delivery with `rows` (datum,instrument) in handhavingen.csv for owner
    E1, imported by the real importer."""
    (source_folder / "handhavingen.csv").write_text(
        "bron_id,object_id,eigenaar_id,datum,instrument,categorie,bedrag\n"
        + "".join(
            f"H{n},0599010000000001,E1,{row},wgv_overig,2500\n" for n, row in enumerate(rows, 1)
        )
    )
    report = import_folder(actor=None, folder=source_folder, progress=False)
    assert not report.fatal
    assert Handhaving.objects.count() == len(rows)  # none rejected
    return Eigenaar.objects.get(eigenaar_id="E1")


def _proposal(actor, eigenaar, **kwargs):
    return boete.boete_voorstel(
        actor=actor,
        eigenaar=eigenaar,
        **({"categorie": "wgv_overig", "beslisdatum": BESLIST, "bedrijfsmatig": False} | kwargs),
    )


def test_four_years_before_29_february_is_28_february():
    assert boete.years_before(date(2028, 2, 29), 4) == date(2024, 2, 29)
    assert boete.years_before(date(2024, 2, 29), 1) == date(2023, 2, 28)


def test_a_first_offence_gets_the_base_amount_with_its_reasoning(jurist, source_folder):
    eigenaar = _import_with_fines(source_folder)
    voorstel = _proposal(jurist, eigenaar)
    assert voorstel.bedrag == Decimal("2500.00")
    assert voorstel.beleid.versie == 1
    assert not voorstel.recidive
    assert voorstel.maximum == Decimal("25750.00")
    assert voorstel.redenering == (
        "Boetebeleid versie 1 (vanaf 1 januari 2024) geldt op de beslisdatum 30 september 2026.",
        "Basisbedrag voor overige overtreding wet goed verhuurderschap (Wet goed "
        "verhuurderschap): € 2.500,00.",
        "Geen bedrijfsmatige verhuur: geen verhoging.",
        "Geen eerdere boete in de 4 jaar voor de beslisdatum.",
        "Onder het wettelijk maximum van € 25.750,00 (prijspeil 1 januari 2024; Art. 19 Wgv: "
        "vierde categorie (art. 23 Sr), prijspeil 1-1-2024 (mondaq 2024)).",
    )


def test_business_like_letting_and_a_repeat_offence_raise_the_amount(jurist, source_folder):
    eigenaar = _import_with_fines(source_folder, "2023-01-15,bestuurlijke_boete")
    voorstel = _proposal(jurist, eigenaar, bedrijfsmatig=True)
    assert voorstel.recidive
    assert [b.bron for b in voorstel.eerdere] == ["handhavingen.csv H1"]
    assert voorstel.bedrag == Decimal("10000.00")  # 2.500 x 2 x 2
    assert voorstel.maximum == Decimal("103000.00")  # the fifth category after a fine
    assert "Bedrijfsmatige verhuur: maal 2 = € 5.000,00." in voorstel.redenering
    assert (
        "Recidive: eerdere boete op 15 januari 2023, binnen 4 jaar voor de beslisdatum: maal 2 = "
        "€ 10.000,00." in voorstel.redenering
    )


@pytest.mark.parametrize(
    ("rows", "recidive"),
    [
        (["2022-09-30,bestuurlijke_boete"], True),  # exactly four years before: within
        (["2022-09-29,bestuurlijke_boete"], False),  # a day earlier: outside
        (["2026-09-30,bestuurlijke_boete"], False),  # the decision date itself: not earlier
        (["2026-09-29,bestuurlijke_boete"], True),
        (["2025-01-01,last_onder_dwangsom"], False),  # not a fine
    ],
)
def test_a_repeat_offence_is_a_fine_in_the_four_years_before(jurist, source_folder, rows, recidive):
    eigenaar = _import_with_fines(source_folder, *rows)
    assert _proposal(jurist, eigenaar).recidive is recidive


def test_reading_earlier_fines_writes_a_processing_log_line(jurist, source_folder):
    eigenaar = _import_with_fines(source_folder, "2025-01-01,bestuurlijke_boete")
    before = Verwerkingslog.objects.count()
    found = boete.eerdere_boetes(actor=jurist, eigenaar=eigenaar, datum=BESLIST)
    assert [(b.datum, b.bedrag) for b in found] == [(date(2025, 1, 1), Decimal("2500.00"))]
    assert Verwerkingslog.objects.count() == before + 1


def test_the_proposal_follows_the_policy_valid_on_the_decision_date(jurist, source_folder):
    eigenaar = _import_with_fines(source_folder)
    vanaf = timezone.localdate() + timedelta(days=10)
    parameters = SEEDED.get(versie=1).parameters
    parameters["overtredingen"] = [
        r | {"basisbedrag": "20000.00"} if r["categorie"] == "wgv_overig" else r
        for r in parameters["overtredingen"]
    ]
    nieuw = boete.boetebeleid_create(
        actor=jurist,
        geldig_vanaf=vanaf,
        naam="Beleidsregels boete wonen 2027",
        parameters=parameters,
        reden="Hogere boete voor overige overtredingen.",
    )
    assert nieuw.versie == 2
    before = _proposal(jurist, eigenaar, beslisdatum=vanaf - timedelta(days=1))
    assert (before.beleid.versie, before.bedrag) == (1, Decimal("2500.00"))
    on = _proposal(jurist, eigenaar, beslisdatum=vanaf, bedrijfsmatig=True)
    assert on.beleid.versie == 2
    assert on.bedrag == Decimal("25750.00")  # 40.000 capped at the statutory maximum
    assert on.redenering[-1].startswith("Begrensd op het wettelijk maximum van € 25.750,00")


def test_no_policy_before_the_first_version(jurist, source_folder):
    eigenaar = _import_with_fines(source_folder)
    with pytest.raises(ValidationError) as raised:
        _proposal(jurist, eigenaar, beslisdatum=date(2023, 12, 31))
    assert raised.value.message_dict["beslisdatum"] == [
        "Er is geen boetebeleid dat geldt op 31 december 2023: stel eerst een versie vast."
    ]
    with pytest.raises(ValidationError) as raised:
        _proposal(jurist, eigenaar, categorie="leegstand")
    assert "kent geen boete voor de categorie 'leegstand'" in raised.value.messages[0]


def test_accepting_the_proposal_records_the_fine_and_its_reasoning(jurist, source_folder):
    eigenaar = _import_with_fines(source_folder)
    before = Verwerkingslog.objects.count()
    vastgesteld = boete.boete_vaststellen(
        actor=jurist,
        eigenaar=eigenaar,
        categorie="wgv_overig",
        beslisdatum=BESLIST,
        bedrijfsmatig=False,
        afwijking_reden="niet nodig",
        kenmerk="CS-2026-0001",
    )
    assert (vastgesteld.bedrag, vastgesteld.voorgesteld_bedrag) == (
        Decimal("2500"),
        Decimal("2500"),
    )
    assert vastgesteld.afwijking_reden == ""
    assert vastgesteld.redenering[-1] == "Vastgesteld zoals voorgesteld: € 2.500,00."
    assert vastgesteld.vastgesteld_door == jurist
    # One line for reading the earlier fines, one for the fine itself.
    assert Verwerkingslog.objects.count() == before + 2
    # The product's own fine counts for the next one.
    later = _proposal(jurist, eigenaar, beslisdatum=BESLIST + timedelta(days=200))
    assert later.recidive and [b.bron for b in later.eerdere] == [f"boete {vastgesteld.pk}"]


def test_another_amount_needs_a_reason(jurist, source_folder):
    eigenaar = _import_with_fines(source_folder)
    kwargs = {
        "actor": jurist,
        "eigenaar": eigenaar,
        "categorie": "wgv_overig",
        "beslisdatum": BESLIST,
        "bedrijfsmatig": False,
    }
    with pytest.raises(ValidationError) as raised:
        boete.boete_vaststellen(**kwargs, bedrag=Decimal("1500"), afwijking_reden="  ")
    assert raised.value.message_dict["afwijking_reden"] == [
        "Het beleid stelt € 2.500,00 voor. Wijkt u daarvan af, zeg dan waarom."
    ]
    assert not Boetevaststelling.objects.exists()
    vastgesteld = boete.boete_vaststellen(
        **kwargs, bedrag=Decimal("1500"), afwijking_reden="Beperkte draagkracht (bijstandsnorm)."
    )
    assert vastgesteld.bedrag == Decimal("1500")
    assert vastgesteld.voorgesteld_bedrag == Decimal("2500")
    assert vastgesteld.afwijking_reden == "Beperkte draagkracht (bijstandsnorm)."
    assert vastgesteld.redenering[-1] == (
        "Afgeweken van het voorstel: € 1.500,00. Reden: Beperkte draagkracht (bijstandsnorm)."
    )


@pytest.mark.parametrize(
    ("bedrag", "message"),
    [
        (Decimal("25750.01"), "€ 25.750,01 is meer dan het wettelijk maximum van € 25.750,00"),
        (Decimal("0"), "Het bedrag is een bedrag in euro's groter dan 0, in hele centen."),
        (Decimal("100.005"), "Het bedrag is een bedrag in euro's groter dan 0, in hele centen."),
    ],
)
def test_never_above_the_maximum_even_with_a_reason(jurist, source_folder, bedrag, message):
    eigenaar = _import_with_fines(source_folder)
    with pytest.raises(ValidationError) as raised:
        boete.boete_vaststellen(
            actor=jurist,
            eigenaar=eigenaar,
            categorie="wgv_overig",
            beslisdatum=BESLIST,
            bedrijfsmatig=False,
            bedrag=bedrag,
            afwijking_reden="Ernstige overtreding.",
        )
    assert raised.value.message_dict["bedrag"][0].startswith(message)
    assert not Boetevaststelling.objects.exists()


def test_only_who_handles_procedures_proposes_and_sets_fines(make_user, source_folder):
    eigenaar = _import_with_fines(source_folder)
    beheerder = make_user([Capability.INSTRUMENTS_MANAGE, Capability.CASES_DIRECT])
    before = Verwerkingslog.objects.count()
    with pytest.raises(PermissionDenied):
        _proposal(beheerder, eigenaar)
    with pytest.raises(PermissionDenied):
        boete.boete_vaststellen(
            actor=beheerder,
            eigenaar=eigenaar,
            categorie="wgv_overig",
            beslisdatum=BESLIST,
            bedrijfsmatig=False,
        )
    assert not Boetevaststelling.objects.exists()
    assert Verwerkingslog.objects.count() == before


def _valid_parameters():
    return SEEDED.get(versie=1).parameters


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"geldig_vanaf": date(2025, 1, 1)}, "geldig_vanaf", "niet met terugwerkende kracht"),
        ({"reden": ""}, "reden", "Zeg wat er in deze versie verandert en waarom."),
        ({"parameters": "factor"}, "parameters", "De parameters van het boetebeleid ontbreken."),
    ],
)
def test_a_bad_policy_version_is_refused(jurist, change, field, message):
    kwargs = {
        "actor": jurist,
        "geldig_vanaf": timezone.localdate(),
        "naam": "Beleid",
        "parameters": SEEDED.get(versie=1).parameters,
        "reden": "Nieuwe bedragen.",
    } | change
    with pytest.raises(ValidationError) as raised:
        boete.boetebeleid_create(**kwargs)
    assert any(message in m for m in raised.value.message_dict[field])
    assert SEEDED.count() == 1


def test_the_policy_parameters_are_checked_line_by_line():
    parameters = _valid_parameters()
    parameters["overtredingen"].append(
        {"categorie": "drugslab", "naam": "", "wet": "opiumwet", "basisbedrag": "-5"}
    )
    parameters["recidive_factor"] = "0.5"
    parameters["maxima"] = [m for m in parameters["maxima"] if m["wet"] != "hvw" or m["recidive"]]
    parameters["maxima"][0]["bron"] = ""
    assert boete.boetebeleid_errors(parameters) == [
        "Overtreding 8 (drugslab): onbekende categorie.",
        "Overtreding 8 (drugslab): kies de wet uit wgv, hvw.",
        "Overtreding 8 (drugslab): het basisbedrag is een bedrag groter dan 0.",
        "Overtreding 8 (drugslab): geef de overtreding een naam.",
        "De factor voor recidive is een getal van 1 tot en met 10.",
        "Maximum 1: noem de bron van het maximum.",
        "Het wettelijk maximum voor Huisvestingswet 2014 bij een eerste overtreding ontbreekt.",
    ]


def test_a_policy_version_starts_after_the_latest_and_not_in_the_past(jurist):
    later = timezone.localdate() + timedelta(days=30)
    kwargs = {
        "actor": jurist,
        "naam": "Beleid",
        "parameters": _valid_parameters(),
        "reden": "Nieuwe bedragen.",
    }
    boete.boetebeleid_create(**kwargs, geldig_vanaf=later)
    with pytest.raises(ValidationError) as raised:
        boete.boetebeleid_create(**kwargs, geldig_vanaf=later)
    assert raised.value.message_dict["geldig_vanaf"] == [
        f"Versie 2 geldt vanaf {display.datum(later)}; een nieuwe versie geldt vanaf een latere "
        "datum."
    ]
    with pytest.raises(PermissionDenied):
        boete.boetebeleid_create(
            **(kwargs | {"actor": None}), geldig_vanaf=later + timedelta(days=1)
        )
    assert SEEDED.count() == 2
