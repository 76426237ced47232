"""Check parameters as dated versions: the value valid on a date, new versions and what they
refuse, the visit's checks taking the value of the visit date, and the pages."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from goedwonen.checks.parameters import (
    AANVRAAG_VOOR_LEVERING_DAGEN,
    BEWONINGSNORM_M2_PER_PERSOON,
    INTEGRALE_ACTIES_PER_JAAR,
    OPKOOPBESCHERMING_TERMIJN_JAREN,
    OVERSCHRIJDINGSDREMPEL_HUUR,
)
from goedwonen.core.models import AppendOnlyError, Verwerkingslog
from goedwonen.core.policy import Capability
from goedwonen.inspecties.models import Bezoek
from goedwonen.inspecties.services import Huurinvoer, bezoek_record
from goedwonen.parameters.definities import (
    AANVRAAG_VOOR_LEVERING,
    BEWONINGSNORM,
    HUURDREMPEL,
    INTEGRALE_ACTIES_DOEL,
    OPKOOPBESCHERMING_TERMIJN,
)
from goedwonen.parameters.models import Parameterversie
from goedwonen.parameters.selectors import parameter_op
from goedwonen.parameters.services import parameterversie_create
from tests.checks.test_huurprijs import KLEINE_BOVENWONING
from tests.inspecties.support import DATUM
from tests.inspecties.test_services import CONTRACT

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder(make_user):
    return make_user([Capability.ROUTING_MANAGE], username="beheerder")


def _new(actor, **kwargs):
    defaults = {
        "code": HUURDREMPEL,
        "waarde": Decimal("50"),
        "geldig_vanaf": timezone.localdate(),
        "bron": "Besluit van het college, 1 december 2026.",
        "reden": "Het college verhoogt de signaleringsdrempel.",
    }
    return parameterversie_create(actor=actor, **(defaults | kwargs))


def test_the_seeded_versions_are_the_start_values_of_the_code():
    today = timezone.localdate()
    assert parameter_op(HUURDREMPEL, today) == OVERSCHRIJDINGSDREMPEL_HUUR
    assert parameter_op(BEWONINGSNORM, today) == BEWONINGSNORM_M2_PER_PERSOON
    assert parameter_op(OPKOOPBESCHERMING_TERMIJN, today) == OPKOOPBESCHERMING_TERMIJN_JAREN
    assert parameter_op(AANVRAAG_VOOR_LEVERING, today) == AANVRAAG_VOOR_LEVERING_DAGEN
    # A term is a whole number, as the permit check counts with it.
    assert type(parameter_op(OPKOOPBESCHERMING_TERMIJN, today).waarde) is int
    assert parameter_op(INTEGRALE_ACTIES_DOEL, today) == INTEGRALE_ACTIES_PER_JAAR
    assert Parameterversie.objects.filter(vastgesteld_door__isnull=True).count() == 5


def test_a_new_version_applies_from_its_date_and_not_before(beheerder):
    today = timezone.localdate()
    versie = _new(beheerder, geldig_vanaf=today + timedelta(days=10))

    assert (versie.waarde, versie.eenheid, versie.vastgesteld_door) == (
        Decimal("50"),
        "%",
        beheerder,
    )
    assert parameter_op(HUURDREMPEL, today + timedelta(days=9)) == OVERSCHRIJDINGSDREMPEL_HUUR
    later = parameter_op(HUURDREMPEL, today + timedelta(days=10))
    assert (later.waarde, later.bron, later.geldig_vanaf) == (
        Decimal("50"),
        "Besluit van het college, 1 december 2026.",
        today + timedelta(days=10),
    )
    # A second version of the same date corrects the first: the latest made wins.
    _new(beheerder, geldig_vanaf=today + timedelta(days=10), waarde=Decimal("45.5"))
    assert parameter_op(HUURDREMPEL, today + timedelta(days=30)).waarde == Decimal("45.5")
    # Nothing is edited: versions are rows added.
    with pytest.raises(AppendOnlyError):
        versie.save()
    assert Parameterversie.objects.filter(code=HUURDREMPEL).count() == 3


def test_a_change_is_logged_without_a_data_subject(beheerder):
    before = Verwerkingslog.objects.count()
    versie = _new(beheerder)
    line = Verwerkingslog.objects.order_by("-pk").first()
    assert Verwerkingslog.objects.count() == before + 1
    assert line.name == "Toetsparameter gewijzigd: Drempel huuroverschrijding"
    assert line.object_ref == f"parameter:{HUURDREMPEL}/versie:{versie.pk}"


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"geldig_vanaf": "yesterday"}, "geldig_vanaf", "terugwerkende kracht"),
        ({"waarde": Decimal("-1")}, "waarde", "Geef een waarde van 0 tot en met 500 %."),
        ({"waarde": Decimal("501")}, "waarde", "Geef een waarde van 0 tot en met 500 %."),
        ({"waarde": Decimal("12.345")}, "waarde", "hooguit twee cijfers"),
        (
            {"code": OPKOOPBESCHERMING_TERMIJN, "waarde": Decimal("4.5")},
            "waarde",
            "Geef een geheel aantal jaren.",
        ),
        ({"bron": "  "}, "bron", "Noem de bron"),
        ({"reden": ""}, "reden", "Geef de reden van de wijziging."),
        ({"code": "onbekend"}, "code", "Onbekende parameter 'onbekend'."),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(beheerder, kwargs, field, message):
    if kwargs.get("geldig_vanaf") == "yesterday":
        kwargs = {"geldig_vanaf": timezone.localdate() - timedelta(days=1)}
    before = (Parameterversie.objects.count(), Verwerkingslog.objects.count())
    with pytest.raises(ValidationError) as raised:
        _new(beheerder, **kwargs)
    assert message in " ".join(raised.value.message_dict[field])
    assert (Parameterversie.objects.count(), Verwerkingslog.objects.count()) == before


def test_without_the_capability_nothing_changes(make_user):
    someone = make_user([Capability.ACCOUNTS_VIEW, Capability.INSPECTIONS_RECORD])
    before = Parameterversie.objects.count()
    with pytest.raises(PermissionDenied):
        _new(someone)
    assert Parameterversie.objects.count() == before


def test_a_visit_takes_the_threshold_of_its_date_and_a_recorded_outcome_keeps_its_own(
    casus, inspecteur, beheerder
):
    """The rent is 44.89% above the maximum: above the start threshold (25%), below 50%."""
    huur = Huurinvoer(KLEINE_BOVENWONING, Decimal("725.00"), CONTRACT)

    def record(datum):
        return bezoek_record(
            actor=inspecteur,
            casus=casus,
            object=casus.objecten.get(),
            soort="woningbezoek",
            datum=datum,
            toegang="verleend",
            volwassenen=2,
            kinderen=0,
            huur=huur,
        )

    before = record(DATUM)
    _new(beheerder)  # 50%, from today
    _new(beheerder, code=BEWONINGSNORM, waarde=Decimal("20"))
    after = record(timezone.localdate())

    old = Bezoek.objects.get(pk=before.pk)
    assert (old.huurprijs.drempel_waarde, old.huurprijs.drempel_bron) == (
        OVERSCHRIJDINGSDREMPEL_HUUR.waarde,
        OVERSCHRIJDINGSDREMPEL_HUUR.bron,
    )
    assert old.huurprijs.boven_drempel is True
    assert old.bewoning.norm_waarde == BEWONINGSNORM_M2_PER_PERSOON.waarde
    new = Bezoek.objects.get(pk=after.pk)
    assert (new.huurprijs.drempel_waarde, new.huurprijs.drempel_bron) == (
        Decimal("50"),
        "Besluit van het college, 1 december 2026.",
    )
    assert new.huurprijs.drempel_geldig_vanaf == timezone.localdate()
    assert new.huurprijs.boven_drempel is False
    # 60 m² at 20 m² a person: three fit, two were found.
    assert (new.bewoning.norm_waarde, new.bewoning.maximaal_aantal_personen) == (Decimal("20"), 3)
    # A visit recorded now on the earlier date (a correction, a late entry) takes what
    # applied then.
    late = record(DATUM)
    assert Bezoek.objects.get(pk=late.pk).huurprijs.drempel_waarde == Decimal("25")


def test_the_permit_check_stores_the_terms_valid_on_the_visit_date(casus, inspecteur):
    bezoek = bezoek_record(
        actor=inspecteur,
        casus=casus,
        object=casus.objecten.get(),
        soort="straatbezoek",
        datum=DATUM,
    )
    assert [(p["naam"], p["waarde"]) for p in bezoek.vergunningen.parameters] == [
        ("Termijn opkoopbescherming (jaren)", "4"),
        ("Aanvraag vóór verkrijging toegerekend aan de eigenaar (dagen)", "30"),
    ]


def test_the_pages_show_the_values_and_make_a_new_version(client, beheerder):
    client.force_login(beheerder)
    overview = client.get(reverse("parameters"))
    assert overview.status_code == 200
    assert "Drempel huuroverschrijding" in overview.text
    page = client.get(reverse("parameter", kwargs={"code": HUURDREMPEL}))
    assert page.status_code == 200
    assert "25 %" in page.text and "Startwaarde" in page.text

    today = timezone.localdate()
    response = client.post(
        reverse("parameter", kwargs={"code": HUURDREMPEL}),
        {
            "waarde": "30",
            "geldig_vanaf": today.isoformat(),
            "bron": "Besluit van het college.",
            "reden": "Scherper signaleren.",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("parameter", kwargs={"code": HUURDREMPEL}))
    assert "Scherper signaleren." in page.text
    assert parameter_op(HUURDREMPEL, today).waarde == Decimal("30")


def test_the_page_answers_bad_input_on_the_field_and_keeps_what_was_typed(client, beheerder):
    client.force_login(beheerder)
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(
        reverse("parameter", kwargs={"code": HUURDREMPEL}),
        {"waarde": "30", "geldig_vanaf": yesterday.isoformat(), "bron": "B", "reden": "Mijn reden"},
    )
    assert response.status_code == 400
    assert "terugwerkende kracht" in response.text
    assert "Mijn reden" in response.text
    assert Parameterversie.objects.filter(code=HUURDREMPEL).count() == 1


def test_the_pages_need_the_capability(client, make_user):
    client.force_login(make_user([Capability.ACCOUNTS_VIEW]))
    assert client.get(reverse("parameters")).status_code == 403
    assert client.get(reverse("parameter", kwargs={"code": HUURDREMPEL})).status_code == 403
    assert client.get(reverse("parameter", kwargs={"code": "onbekend"})).status_code == 403


def test_an_unknown_parameter_is_not_found(client, beheerder):
    client.force_login(beheerder)
    assert client.get(reverse("parameter", kwargs={"code": "onbekend"})).status_code == 404
