"""Task templates kept by functional administrators: add, change, deactivate, each change
recorded with what it was before; a deactivated template is no longer offered."""

from __future__ import annotations

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from goedwonen.casussen.models import Taaksjabloon
from goedwonen.casussen.services.case_tasks import taak_templates
from goedwonen.casussen.services.task_templates import taaksjabloon_save
from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability
from goedwonen.parameters.models import Inrichtingswijziging

pytestmark = pytest.mark.django_db

NIEUW = {
    "categorie": "overbewoning",
    "titel": "Afvalcontrole",
    "omschrijving": "Kijk of het afval van de woning goed wordt aangeboden.",
    "organisatiecode": "so",
    "dagen": 14,
    "woningbezoek": False,
}


@pytest.fixture
def beheerder(make_user):
    return make_user([Capability.ROUTING_MANAGE], username="beheerder")


def test_an_administrator_adds_changes_and_deactivates_a_template(beheerder, casus):
    sjabloon = taaksjabloon_save(actor=beheerder, sjabloon=None, **NIEUW)
    assert sjabloon in taak_templates(casus=casus)  # the case is about overbewoning

    taaksjabloon_save(actor=beheerder, sjabloon=sjabloon, reden="Sneller", **NIEUW | {"dagen": 7})
    taaksjabloon_save(
        actor=beheerder, sjabloon=sjabloon, reden="Vervalt", **NIEUW | {"dagen": 7, "actief": False}
    )

    sjabloon.refresh_from_db()
    assert (sjabloon.dagen, sjabloon.actief) == (7, False)
    assert sjabloon not in taak_templates(casus=casus)
    history = list(
        Inrichtingswijziging.objects.filter(onderwerp="taaksjabloon", sleutel=str(sjabloon.pk))
        .order_by("pk")
        .values_list("omschrijving", "reden", "door")
    )
    assert history == [
        ("Taaksjabloon 'Afvalcontrole' toegevoegd", "", beheerder.pk),
        ("Taaksjabloon 'Afvalcontrole' gewijzigd", "Sneller", beheerder.pk),
        ("Taaksjabloon 'Afvalcontrole' gedeactiveerd", "Vervalt", beheerder.pk),
    ]
    change = Inrichtingswijziging.objects.get(reden="Sneller")
    assert change.verschillen() == [("dagen", 14, 7)]
    assert (
        Verwerkingslog.objects.filter(object_ref__startswith=f"taaksjabloon:{sjabloon.pk}/").count()
        == 3
    )


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"titel": " "}, "titel"),
        ({"dagen": 0}, "dagen"),
        ({"dagen": 366}, "dagen"),
        ({"organisatiecode": "bestaat-niet"}, "organisatiecode"),
        ({"categorie": "onzin"}, "categorie"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(beheerder, values, field):
    before = (Taaksjabloon.objects.count(), Inrichtingswijziging.objects.count())
    with pytest.raises(ValidationError) as raised:
        taaksjabloon_save(actor=beheerder, sjabloon=None, **NIEUW | values)
    assert field in raised.value.message_dict
    assert (Taaksjabloon.objects.count(), Inrichtingswijziging.objects.count()) == before


def test_a_change_needs_a_reason_and_a_change(beheerder):
    sjabloon = taaksjabloon_save(actor=beheerder, sjabloon=None, **NIEUW)
    with pytest.raises(ValidationError) as raised:
        taaksjabloon_save(actor=beheerder, sjabloon=sjabloon, reden="", **NIEUW | {"dagen": 3})
    assert "reden" in raised.value.message_dict
    with pytest.raises(ValidationError) as raised:
        taaksjabloon_save(actor=beheerder, sjabloon=sjabloon, reden="Niets", **NIEUW)
    assert raised.value.message_dict["__all__"] == ["Er is niets gewijzigd."]
    sjabloon.refresh_from_db()
    assert sjabloon.dagen == 14


def test_a_case_director_may_not_change_templates(regisseur):
    before = Taaksjabloon.objects.count()
    with pytest.raises(PermissionDenied):
        taaksjabloon_save(actor=regisseur, sjabloon=None, **NIEUW)
    assert Taaksjabloon.objects.count() == before


def test_the_pages_add_and_change_a_template(client, beheerder):
    client.force_login(beheerder)
    assert client.get(reverse("taaksjablonen")).status_code == 200
    response = client.post(reverse("taaksjablonen"), NIEUW)
    assert response.status_code == 302
    sjabloon = Taaksjabloon.objects.get(titel="Afvalcontrole")
    page = client.get(reverse("taaksjabloon", kwargs={"pk": sjabloon.pk}))
    assert page.status_code == 200 and "Afvalcontrole" in page.text

    bad = client.post(reverse("taaksjabloon", kwargs={"pk": sjabloon.pk}), NIEUW | {"actief": "on"})
    assert bad.status_code == 400 and "Dit veld is vereist." in bad.text  # the reason

    response = client.post(
        reverse("taaksjabloon", kwargs={"pk": sjabloon.pk}),
        NIEUW | {"dagen": "21", "reden": "Meer tijd nodig"},
    )
    assert response.status_code == 302
    sjabloon.refresh_from_db()
    assert (sjabloon.dagen, sjabloon.actief) == (21, False)  # unticked: deactivated
    page = client.get(reverse("taaksjabloon", kwargs={"pk": sjabloon.pk}))
    assert "Meer tijd nodig" in page.text and "gedeactiveerd" in page.text
