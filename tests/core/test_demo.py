from __future__ import annotations

import pytest

from django.core.management import call_command

from goedwonen.accounts.models import User
from goedwonen.registry.models import Gebied, Levering, Verblijfsobject

pytestmark = pytest.mark.django_db


def test_demo_generates_and_imports_zuid_once_then_reuses_it(settings, tmp_path, capsys):
    settings.DATA_DIR = tmp_path / "data"
    settings.DEBUG = True  # the demo refuses to run otherwise; pytest-django turns it off
    call_command("demo", no_serve=True)
    out = capsys.readouterr().out
    assert "Synthetisch Rotterdam-Zuid genereren" in out
    assert "bag_adressen.csv:" in out
    assert "Goedwonen-demo-2026" in out and "privacy.dv" in out
    levering = Levering.objects.get()
    assert levering.status == Levering.Status.GESLAAGD
    buurten = {g.code: g.naam for g in Gebied.objects.filter(soort="buurt")}
    assert buurten == {
        "BU05991081": "Bloemhof",
        "BU05991082": "Hillesluis",
        "BU05991571": "Tarwewijk",
        "BU05991572": "Carnisse",
        "BU05991573": "Zuidwijk",
        "BU05991577": "Pendrecht",
    }
    assert set(Gebied.objects.filter(focusgebied=True).values_list("code", flat=True)) == set(
        buurten
    )
    dwellings = Verblijfsobject.objects.filter(is_woning=True).count()
    assert 30_000 <= dwellings <= 42_000
    users = User.objects.count()

    call_command("demo", no_serve=True)
    assert "Synthetische stad al geïmporteerd; hergebruikt." in capsys.readouterr().out
    assert (Levering.objects.count(), User.objects.count()) == (1, users)
