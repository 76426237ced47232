"""The plan's targets as dated versions: the seeded values with their source, a new version
that wins from its date while the old stays visible, the errors of a wrong version, and who
may read and change them."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability
from goedwonen.parameters.definities import INTEGRALE_ACTIES_DOEL
from goedwonen.parameters.models import Parameterversie
from goedwonen.rapportage.doelen import DOELEN, doel_op, doelen_op, doelversie_create
from goedwonen.rapportage.models import Doelversie

pytestmark = pytest.mark.django_db


@pytest.fixture
def director(make_user):
    return make_user([Capability.STEERING_VIEW, Capability.TARGETS_MANAGE], username="pieter")


@pytest.fixture
def viewer(make_user):
    return make_user([Capability.STEERING_VIEW], username="amir")


def _client(client, user):
    client.force_login(user)
    return client


def test_the_plans_targets_are_seeded_with_their_source():
    today = timezone.localdate()
    found = {d.code: d for d in doelen_op(today)}
    assert set(found) == set(DOELEN)
    cases = found["nieuwe-casussen"]
    assert (cases.waarde, cases.periode, cases.gebied) == (Decimal(1250), "jaar", None)
    assert "5.1" in cases.bron and "1250" in cases.bron
    assert found["casustafels"].periode == "twee-weken"
    assert found["stopgesprekken"].waarde == 10
    assert found["monitoring-na-waarschuwing"].waarde == 100
    assert found["evaluatie-tussentijds"].uiterlijk_op is not None


def test_integral_actions_read_the_one_parameter():
    today = timezone.localdate()
    assert doel_op("integrale-acties", today).waarde == 12
    assert not Doelversie.objects.filter(code="integrale-acties").exists()
    Parameterversie.objects.create(
        code=INTEGRALE_ACTIES_DOEL,
        waarde=15,
        eenheid="acties per jaar",
        bron="Besluit",
        geldig_vanaf=today,
        reden="Meer acties",
    )
    assert doel_op("integrale-acties", today).waarde == 15


def test_a_new_version_wins_from_its_date_and_the_old_stays(director, client):
    today = timezone.localdate()
    later = today + timedelta(days=10)
    response = _client(client, director).post(
        reverse("sturing-doel-wijzigen", args=["nieuwe-casussen"]),
        {
            "waarde": "1400",
            "geldig_vanaf": later.isoformat(),
            "bron": "Collegebesluit 2027",
            "reden": "Meer capaciteit",
        },
    )
    assert response.status_code == 302
    assert doel_op("nieuwe-casussen", today).waarde == 1250
    assert doel_op("nieuwe-casussen", later).waarde == 1400
    page = client.get(reverse("sturing-doel", args=["nieuwe-casussen"]))
    text = page.content.decode()
    assert "1400" in text and "1250" in text and "Meer capaciteit" in text
    assert Verwerkingslog.objects.filter(object_ref__startswith="doel:nieuwe-casussen/").exists()


def test_a_wrong_version_says_what_is_wrong_per_field(director, client):
    yesterday = timezone.localdate() - timedelta(days=1)
    before = Doelversie.objects.count()
    response = _client(client, director).post(
        reverse("sturing-doel-wijzigen", args=["nieuwe-casussen"]),
        {"waarde": "veel", "geldig_vanaf": yesterday.isoformat(), "bron": " ", "reden": ""},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["waarde"] == ["Geef een getal, zoals 1250."]
    assert set(errors) == {"waarde", "bron", "reden"}
    with pytest.raises(ValidationError) as raised:
        doelversie_create(
            actor=director,
            code="nieuwe-casussen",
            waarde=Decimal("-1"),
            geldig_vanaf=yesterday,
            bron="Plan",
            reden="Test",
        )
    assert set(raised.value.message_dict) == {"waarde", "geldig_vanaf"}
    assert "terugwerkende kracht" in raised.value.message_dict["geldig_vanaf"][0]
    assert Doelversie.objects.count() == before


def test_a_one_off_target_needs_its_date(director):
    with pytest.raises(ValidationError) as raised:
        doelversie_create(
            actor=director,
            code="evaluatie-tussentijds",
            waarde=Decimal(1),
            geldig_vanaf=timezone.localdate(),
            bron="Plan",
            reden="Test",
        )
    assert set(raised.value.message_dict) == {"uiterlijk_op"}


def test_access(viewer, make_user, client):
    nobody = make_user([Capability.CASES_VIEW], username="els")
    _client(client, nobody)
    for name, args in (
        ("sturing", []),
        ("sturing-doelen", []),
        ("sturing-doel", ["nieuwe-casussen"]),
        ("sturing-lijst", ["casussen_nieuw"]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 403, name
    _client(client, viewer)
    assert client.get(reverse("sturing-doelen")).status_code == 200
    wijzigen = reverse("sturing-doel-wijzigen", args=["nieuwe-casussen"])
    assert client.get(wijzigen).status_code == 403
    assert client.get(reverse("sturing-doel", args=["onbekend"])).status_code == 404
