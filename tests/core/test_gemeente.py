"""The municipality's name is one setting, GOEDWONEN_GEMEENTE (issue 12, point 19): letters,
the algorithm-register entry, the register of processing activities and the public reporting
page all say the municipality the product runs for."""

from __future__ import annotations

import importlib
import json

import pytest

from django.apps import apps
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from goedwonen.analytics.models import Catalogusversie
from goedwonen.analytics.register import register_entry
from goedwonen.core.models import Verwerkingsactiviteit

pytestmark = pytest.mark.django_db


def test_rotterdam_by_default(settings):
    assert settings.GEMEENTE == "Rotterdam"
    assert Verwerkingsactiviteit.objects.get(code="casusregie").verantwoordelijke == (
        "College van B&W Rotterdam"
    )


@override_settings(GEMEENTE="Utrecht")
def test_the_register_entry_names_the_municipality_of_the_setting(capsys):
    versie = Catalogusversie.objects.order_by("-versie").first()
    assert register_entry(versie)["organisatie"] == "Gemeente Utrecht"
    assert register_entry(versie, organisatie="Regio Utrecht")["organisatie"] == "Regio Utrecht"
    call_command("algoritmeregister")
    assert json.loads(capsys.readouterr().out)["organisatie"] == "Gemeente Utrecht"


@override_settings(GEMEENTE="Utrecht")
def test_a_new_processing_activity_has_the_college_of_the_setting_as_controller():
    assert Verwerkingsactiviteit().verantwoordelijke == "College van B&W Utrecht"


@override_settings(GEMEENTE="Utrecht")
def test_entries_with_the_old_fixed_controller_take_the_setting_at_migrate():
    Verwerkingsactiviteit.objects.update(verantwoordelijke="College van B&W Rotterdam")
    migration = importlib.import_module(
        "goedwonen.core.migrations.0007_verantwoordelijke_from_setting"
    )
    migration.from_setting(apps, None)
    assert set(Verwerkingsactiviteit.objects.values_list("verantwoordelijke", flat=True)) == {
        "College van B&W Utrecht"
    }


@override_settings(GEMEENTE="Utrecht")
def test_the_public_reporting_page_names_the_municipality_of_the_setting(client):
    page = client.get(reverse("melden")).content.decode()
    assert "een verhuurder in Utrecht?" in page
    assert "De gemeente Utrecht gebruikt uw melding" in page
    assert "Rotterdam" not in page.replace("Rotterdams Goed Wonen", "")
