"""Warning and stop talks (issue 13, point 4): invited with a letter to the owner's postal
address, held and recorded, or cancelled; each step logged and, from a case, on its timeline."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from goedwonen.casussen.models import Gebeurtenissoort
from goedwonen.core import display
from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability
from goedwonen.verhuurders import regels
from goedwonen.verhuurders.models import Gespreksstatus, Verhuurdergesprek
from goedwonen.verhuurders.services.gesprekken import gesprek_cancel, gesprek_invite, gesprek_record
from tests.documenten.pdftext import pdf_text

from .support import JURIST, e1, invite

pytestmark = pytest.mark.django_db


@pytest.fixture
def jurist(make_user):
    return make_user(JURIST, username="jurist")


def test_an_invitation_is_a_letter_to_the_owners_postal_address(jurist, casus):
    gesprek = invite(jurist, casus=casus)

    assert gesprek.status == Gespreksstatus.GEPLAND
    content = Path(gesprek.uitnodiging.path).read_bytes()
    assert content.startswith(b"%PDF-")
    text = " ".join(pdf_text(content).split())
    for expected in (
        "Gemeente Rotterdam",
        "Jansen, J. Coolsingel 40 3000 AA ROTTERDAM",
        f"Ons kenmerk {casus.referentie}",
        "Uitnodiging voor een waarschuwingsgesprek",
        "Carnisselaan 10, 3083AB Rotterdam",
        "Bij Carnisselaan 10 is overbewoning vastgesteld op 10 september 2026.",
        "Stadskantoor, kamer 4.12",
        "12 maanden",
        jurist.get_full_name(),
        "namens het college van burgemeester en wethouders",
    ):
        assert expected in text, f"{expected!r} not in the letter: {text}"
    assert gesprek.uitnodiging_gegevens["geadresseerde"]["eigenaar_id"] == "E1"
    event = casus.tijdlijn.first()
    assert event.soort == Gebeurtenissoort.HANDHAVING
    assert event.tekst.startswith("Waarschuwingsgesprek met Jansen")
    line = Verwerkingslog.objects.get(name="Verhuurder uitgenodigd voor een gesprek")
    assert line.object_ref == f"verhuurdergesprek:{gesprek.pk}"
    assert line.data_subject_type == "eigenaar"


def test_no_invitation_without_a_full_postal_address(jurist, city):
    eigenaar = e1()
    eigenaar.straat = ""
    eigenaar.save()

    with pytest.raises(ValidationError) as raised:
        invite(jurist)

    assert "straat en huisnummer" in raised.value.message_dict["eigenaar"][0]
    assert not Verhuurdergesprek.objects.exists()


def test_bad_input_names_each_field_and_stores_nothing(jurist, city):
    with pytest.raises(ValidationError) as raised:
        gesprek_invite(
            actor=jurist,
            eigenaar=e1(),
            soort="koffie",
            gepland_op=timezone.now() - timedelta(hours=1),
            locatie=" ",
            aanleiding="",
        )

    assert set(raised.value.message_dict) == {"soort", "gepland_op", "locatie", "aanleiding"}
    assert not Verhuurdergesprek.objects.exists()


def test_recording_a_held_warning_talk_starts_the_monitoring_period(jurist, casus):
    gesprek = invite(jurist, casus=casus)
    held = timezone.localdate() - timedelta(days=3)

    gesprek_record(
        actor=jurist,
        gesprek=gesprek,
        gehouden_op=held,
        deelnemers="J. Jansen; jurist",
        afspraken="Niet meer dan vier bewoners.",
    )

    gesprek.refresh_from_db()
    assert (gesprek.status, gesprek.gehouden_op, gesprek.vastgelegd_door) == (
        Gespreksstatus.GEHOUDEN,
        held,
        jurist,
    )
    assert regels.monitoring_on(timezone.localdate(), eigenaren=[e1().pk]) == {e1().pk: held}
    assert casus.tijdlijn.first().tekst == (
        f"Waarschuwingsgesprek met Jansen, J. gehouden op {display.datum(held)}."
    )


def test_a_talk_is_recorded_once_and_not_in_the_future(jurist, city):
    gesprek = invite(jurist)
    with pytest.raises(ValidationError) as raised:
        gesprek_record(
            actor=jurist,
            gesprek=gesprek,
            gehouden_op=timezone.localdate() + timedelta(days=1),
            deelnemers="",
            afspraken="x",
        )
    assert set(raised.value.message_dict) == {"gehouden_op", "deelnemers"}
    gesprek_record(
        actor=jurist, gesprek=gesprek, gehouden_op=date(2026, 1, 5), deelnemers="a", afspraken="b"
    )
    with pytest.raises(ValidationError, match="gehouden"):
        gesprek_cancel(actor=jurist, gesprek=gesprek, reden="toch niet")
    gesprek.refresh_from_db()
    assert gesprek.status == Gespreksstatus.GEHOUDEN


def test_a_cancelled_talk_starts_no_monitoring(jurist, city):
    gesprek = invite(jurist)

    gesprek_cancel(
        actor=jurist, gesprek=gesprek, reden="De eigenaar is verhuisd naar het buitenland."
    )

    gesprek.refresh_from_db()
    assert (gesprek.status, gesprek.afzegreden) == (
        Gespreksstatus.AFGEZEGD,
        "De eigenaar is verhuisd naar het buitenland.",
    )
    assert regels.monitoring_on(timezone.localdate()) == {}


def test_without_the_capability_nothing_is_planned(make_user, city):
    toezichthouder = make_user([Capability.LANDLORDS_MONITOR])
    with pytest.raises(PermissionDenied):
        invite(toezichthouder)
    assert not Verhuurdergesprek.objects.exists()


def test_only_the_directing_organisation_plans_a_talk_from_its_case(
    make_user, partner_organisatie, casus
):
    elsewhere = make_user(JURIST, organisatie_=partner_organisatie)
    with pytest.raises(PermissionDenied):
        invite(elsewhere, casus=casus)
    assert not Verhuurdergesprek.objects.exists()
