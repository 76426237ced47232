"""A bestuurlijke boete's procedure sets its fine through the fine policy: the decision step
takes the policy's proposal, or another amount with a recorded reason, never above the
statutory maximum; the fine is linked to the procedure and counts as an earlier fine."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from goedwonen.casussen.models import Gebeurtenissoort
from goedwonen.handhaving.models import Boetevaststelling, Instrument, Trajectstap
from goedwonen.handhaving.traject_services import stap_record, traject_start_on_case
from tests.documenten.pdftext import pdf_text

pytestmark = pytest.mark.django_db

BASIS = Decimal("2500.00")  # wgv_overig in the seeded policy (handhaving migration 0005)
RECIDIVE = Decimal("5000.00")  # times the repeat-offence factor 2


@pytest.fixture
def earlier_fine() -> bool:
    return False


@pytest.fixture
def source_folder(source_folder, earlier_fine):
    """The scenario's delivery, with an imported fine of owner E1 about a year ago when
    `earlier_fine` is parametrized True."""
    if earlier_fine:
        datum = timezone.localdate() - timedelta(days=400)
        with (source_folder / "handhavingen.csv").open("a") as f:
            f.write(
                f"H9,0599010000000001,E1,{datum.isoformat()},bestuurlijke_boete,wgv_overig,2500\n"
            )
    return source_folder


def _wgv():
    return Instrument.objects.get(code="bestuurlijke-boete-wgv").versies.order_by("-versie").first()


def _to_decision(casus, jurist, datum=None):
    """A Wgv fine procedure on the case with its intention and opinion taken on `datum`."""
    datum = datum or timezone.localdate()
    traject = traject_start_on_case(
        actor=jurist,
        casus=casus,
        instrumentversie=_wgv(),
        partij=casus.partijen.get(eigenaar__isnull=False),
        aanleiding="Geen huurcontract verstrekt (bezoek 1 december)",
    )
    stap_record(actor=jurist, traject=traject, datum=datum)
    stap_record(actor=jurist, traject=traject, datum=datum, uitkomst="Geen zienswijze ingediend.")
    return traject


def _decide(jurist, traject, datum=None, **kwargs):
    return stap_record(
        actor=jurist,
        traject=traject,
        datum=datum or timezone.localdate(),
        **({"boete_categorie": "wgv_overig", "bedrijfsmatig": False} | kwargs),
    )


def _timeline(casus) -> str:
    return " ".join(
        casus.tijdlijn.filter(soort=Gebeurtenissoort.HANDHAVING).values_list("tekst", flat=True)
    )


def test_the_decision_takes_the_policys_proposal_by_default(casus, jurist):
    traject = _to_decision(casus, jurist)
    stap = _decide(jurist, traject)
    boete = Boetevaststelling.objects.get()
    assert (boete.traject, boete.bedrag, boete.voorgesteld_bedrag, boete.afwijking_reden) == (
        traject,
        BASIS,
        BASIS,
        "",
    )
    assert (boete.kenmerk, boete.recidive, boete.eigenaar.eigenaar_id) == (
        traject.kenmerk,
        False,
        "E1",
    )
    assert stap.bedrag == BASIS
    assert "€ 2.500,00" in " ".join(pdf_text(stap.brief_pdf.read()).split())
    assert "bedrag € 2.500,00, zoals voorgesteld door Boetebeleid versie 1" in _timeline(casus)


def test_a_deviation_without_a_reason_is_refused_on_the_field_and_nothing_is_stored(casus, jurist):
    traject = _to_decision(casus, jurist)
    with pytest.raises(ValidationError) as refused:
        _decide(jurist, traject, bedrag=Decimal("2000"))
    assert refused.value.message_dict == {
        "afwijking_reden": ["Het beleid stelt € 2.500,00 voor. Wijkt u daarvan af, zeg dan waarom."]
    }
    assert not Boetevaststelling.objects.exists()
    assert not traject.stappen.filter(soort="besluit").exists()


def test_a_deviation_with_a_reason_is_stored_with_its_reason(casus, jurist):
    traject = _to_decision(casus, jurist)
    stap = _decide(
        jurist, traject, bedrag=Decimal("2000"), afwijking_reden="Verminderde draagkracht."
    )
    boete = Boetevaststelling.objects.get()
    assert (boete.bedrag, boete.voorgesteld_bedrag, boete.afwijking_reden) == (
        Decimal("2000.00"),
        BASIS,
        "Verminderde draagkracht.",
    )
    assert stap.bedrag == Decimal("2000")
    assert boete.redenering[-1] == (
        "Afgeweken van het voorstel: € 2.000,00. Reden: Verminderde draagkracht."
    )
    assert (
        "afgeweken van het voorstel van het boetebeleid (€ 2.500,00), reden: Verminderde "
        "draagkracht." in _timeline(casus)
    )


def test_an_amount_above_the_statutory_maximum_is_refused(casus, jurist):
    traject = _to_decision(casus, jurist)
    with pytest.raises(ValidationError) as refused:
        _decide(jurist, traject, bedrag=Decimal("25750.01"), afwijking_reden="Ernstig geval.")
    assert list(refused.value.message_dict) == ["bedrag"]
    assert (
        "meer dan het wettelijk maximum van € 25.750,00" in refused.value.message_dict["bedrag"][0]
    )
    assert not Boetevaststelling.objects.exists()
    assert not traject.stappen.filter(soort="besluit").exists()


def test_the_offence_and_business_like_letting_are_required(casus, jurist):
    traject = _to_decision(casus, jurist)
    with pytest.raises(ValidationError) as refused:
        _decide(jurist, traject, boete_categorie="", bedrijfsmatig=None)
    assert set(refused.value.message_dict) == {"boete_categorie", "bedrijfsmatig"}
    assert not Boetevaststelling.objects.exists()


@pytest.mark.parametrize("earlier_fine", [True])
def test_an_imported_fine_within_four_years_makes_it_a_repeat_offence(casus, jurist):
    traject = _to_decision(casus, jurist)
    _decide(jurist, traject)
    boete = Boetevaststelling.objects.get()
    assert (boete.recidive, boete.bedrag) == (True, RECIDIVE)
    assert any(r.startswith("Recidive: eerdere boete op") for r in boete.redenering)


def test_the_fine_of_one_procedure_counts_as_an_earlier_fine_for_the_next(casus, jurist):
    eerder = timezone.localdate() - timedelta(days=10)
    first = _to_decision(casus, jurist, datum=eerder)
    _decide(jurist, first, datum=eerder)
    second = _to_decision(casus, jurist)
    stap = _decide(jurist, second)
    boete = second.boetes.get()
    assert (boete.recidive, boete.bedrag, stap.bedrag) == (True, RECIDIVE, RECIDIVE)
    assert first.boetes.get().bedrag == BASIS


def test_the_page_shows_the_proposal_and_after_the_step_the_reasoning(casus, jurist, client):
    traject = _to_decision(casus, jurist)
    client.force_login(jurist)
    page = client.get(reverse("traject", args=[traject.pk])).content.decode()
    assert 'name="boete_categorie"' in page and "Voorstel berekenen" in page
    assert 'name="bedrag_maximum"' not in page
    url = reverse("traject-stap", args=[traject.pk])
    datum = timezone.localdate().isoformat()
    form = {"datum": datum, "boete_categorie": "wgv_overig", "bedrijfsmatig": "ja"}
    page = client.post(url, form | {"voorstel": "1"}).content.decode()
    # Business-like letting: 2500 times 2.
    assert "Voorgesteld bedrag: <strong>€ 5.000,00</strong>" in page
    assert "Bedrijfsmatige verhuur: maal 2 = € 5.000,00." in page
    assert not Trajectstap.objects.filter(traject=traject, soort="besluit").exists()

    refused = client.post(url, form | {"bedrag": "4000"})
    assert refused.status_code == 200
    assert refused.context["stap_form"].errors["afwijking_reden"] == [
        "Het beleid stelt € 5.000,00 voor. Wijkt u daarvan af, zeg dan waarom."
    ]
    assert not Boetevaststelling.objects.exists()

    done = client.post(url, form | {"bedrag": "4000", "afwijking_reden": "Eerste keer verhuurd."})
    assert done.status_code == 302
    page = client.get(reverse("traject", args=[traject.pk])).content.decode()
    assert "Boete € 4.000,00 vastgesteld, afgeweken van het voorstel van € 5.000,00" in page
    assert "Bedrijfsmatige verhuur: maal 2 = € 5.000,00." in page
    assert "Reden van de afwijking: Eerste keer verhuurd." in page
