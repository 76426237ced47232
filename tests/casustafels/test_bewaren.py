"""Retention: a case destroyed at the end of its term takes its agenda items, their record,
decisions and sharing decisions with it; the meeting, the other items and the trends (no
personal data) stay for the signal report."""

from __future__ import annotations

from datetime import timedelta

import pytest

from goedwonen.casussen.services.cases import casus_close
from goedwonen.casussen.services.retention import casussen_destroy_due
from goedwonen.casustafels.models import Afspraak, Agendapunt, Delingsbesluit, Tafelsignaal

from . import support_notulen as s

pytestmark = pytest.mark.django_db


def test_a_destroyed_case_leaves_no_item_behind(make_user, organisatie, partner_organisatie):
    t = s.held_meeting(make_user, organisatie, partner_organisatie)
    assert Agendapunt.objects.filter(casus=t.casus_a).exists()
    assert Delingsbesluit.objects.filter(agendapunt__casus=t.casus_a).exists()
    casus = casus_close(
        actor=t.voorzitter,
        casus=t.casus_a,
        resultaat="afgebroken",
        reden="Geen grond",
        taken_laten_vervallen=True,
    )
    assert casussen_destroy_due(today=casus.bewaren_tot + timedelta(days=1)) == [casus.referentie]
    assert not Agendapunt.objects.filter(casus_id=casus.pk).exists()
    assert not Afspraak.objects.filter(agendapunt__casus_id=casus.pk).exists()
    assert not Delingsbesluit.objects.filter(agendapunt__casus_id=casus.pk).exists()
    t.vergadering.refresh_from_db()
    assert Agendapunt.objects.filter(casus=t.casus_b).exists()
    assert Tafelsignaal.objects.filter(vergadering=t.vergadering).exists()
