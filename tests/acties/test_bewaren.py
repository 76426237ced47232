"""Retention of integral actions: the selection's signals leave an action's addresses after
the selection's term, the action itself after ten years, and a destroyed case takes the
photos of its field visits (rows and files) with it. The analysis's own retention still
removes a selection an action was made from."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from goedwonen.acties.models import Actie, Actieadres, Veldfoto
from goedwonen.acties.services.bewaren import acties_retention_apply
from goedwonen.acties.services.veld import veldbezoek_record
from goedwonen.casussen.services.cases import casus_close
from goedwonen.casussen.services.retention import casussen_destroy_due
from goedwonen.core.models import Verwerkingslog
from tests.acties.support_veld import first_of_team_1
from tests.crafted_files import photo_with_exif

pytestmark = pytest.mark.django_db


def _age(actie: Actie, days: int) -> None:
    Actie.objects.filter(pk=actie.pk).update(datum=actie.datum - timedelta(days=days))


def test_signals_go_after_the_selection_term_and_the_action_after_ten_years(veld_actie):
    Actieadres.objects.filter(actie=veld_actie).update(score=0.8, redenen=["3 meldingen"])
    today = veld_actie.datum

    assert acties_retention_apply(today=today + timedelta(days=4 * 365)) == {
        "signalen": 0,
        "acties": 0,
    }
    assert acties_retention_apply(today=today + timedelta(days=5 * 365 + 2)) == {
        "signalen": 1,
        "acties": 0,
    }
    assert all(row == (None, []) for row in veld_actie.adressen.values_list("score", "redenen"))
    assert Verwerkingslog.objects.filter(
        object_ref=f"actie:{veld_actie.pk}", name__contains="Selectiesignalen"
    ).exists()
    # Run again: nothing more to clear.
    assert acties_retention_apply(today=today + timedelta(days=5 * 365 + 3))["signalen"] == 0

    assert acties_retention_apply(today=today + timedelta(days=10 * 366)) == {
        "signalen": 0,
        "acties": 1,
    }
    assert not Actie.objects.filter(pk=veld_actie.pk).exists()
    assert not Actieadres.objects.filter(actie_id=veld_actie.pk).exists()


def test_a_destroyed_case_takes_its_field_photos_rows_and_files(
    veld_actie, veld_inspecteur, veld_leider, django_capture_on_commit_callbacks
):
    team, adres = first_of_team_1(veld_actie)
    ontvangst = veldbezoek_record(
        actor=veld_inspecteur,
        team=team,
        actieadres=adres,
        sleutel=uuid.uuid4(),
        toegang="geweigerd",
        fotos=[SimpleUploadedFile("foto.jpg", photo_with_exif(), content_type="image/jpeg")],
    )
    foto = ontvangst.registratie.fotos.get()
    storage = foto.bestand.storage
    assert storage.exists(foto.bestand.name)
    casus = casus_close(
        actor=veld_leider,
        casus=adres.casus,
        resultaat="afgebroken",
        reden="Geen toegang, geen grond voor een machtiging",
        taken_laten_vervallen=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        destroyed = casussen_destroy_due(today=casus.bewaren_tot + timedelta(days=1))
    assert destroyed == [casus.referentie]
    assert not Veldfoto.objects.exists()
    assert not storage.exists(foto.bestand.name)
    # The action and the address stay: the record of the day.
    adres.refresh_from_db()
    assert (adres.casus, adres.bezoek) == (None, None)


def test_the_analysis_removes_a_selection_an_action_was_made_from(
    make_user, organisatie, partner_organisatie
):
    from goedwonen.analytics.models import Selectie
    from goedwonen.analytics.services import analysis_retention_apply
    from tests.acties.support_nabespreking import scenario

    actie = scenario(make_user, organisatie, partner_organisatie).actie
    selectie = actie.selectie
    assert selectie is not None
    counts = analysis_retention_apply(now=timezone.now() + timedelta(days=6 * 365))
    assert counts["selecties"] == 1
    assert not Selectie.objects.filter(pk=selectie.pk).exists()
    actie.refresh_from_db()
    # The action keeps what it copied until its own terms.
    assert actie.selectie is None
    assert actie.adressen.exclude(redenen=[]).exists()
