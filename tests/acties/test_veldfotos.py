"""The photos of a field visit back in the product: the debrief's follow-up page shows them
to the organisers, a participant that sees the findings opens one (logged), a participant
without the findings part gets 404."""

from __future__ import annotations

import uuid

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from goedwonen.acties.services.veld import veldbezoek_record
from goedwonen.core.models import Verwerkingslog
from tests.acties.support_veld import first_of_team_1
from tests.crafted_files import photo_with_exif

pytestmark = pytest.mark.django_db


def test_the_organiser_sees_the_photos_and_a_partner_without_findings_does_not(
    client, veld_actie, veld_inspecteur, veld_leider, veld_agent
):
    team, adres = first_of_team_1(veld_actie)
    ontvangst = veldbezoek_record(
        actor=veld_inspecteur,
        team=team,
        actieadres=adres,
        sleutel=uuid.uuid4(),
        toegang="geweigerd",
        fotos=[SimpleUploadedFile("deur.jpg", photo_with_exif(), content_type="image/jpeg")],
    )
    foto = ontvangst.registratie.fotos.get()
    url = reverse("actie-veldfoto", args=[veld_actie.pk, foto.pk])

    client.force_login(veld_leider)
    page = client.get(reverse("actie-adres-opvolging", args=[veld_actie.pk, adres.pk]))
    assert page.status_code == 200
    assert f'src="{url}"' in page.content.decode()
    lines = Verwerkingslog.objects.count()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    assert Verwerkingslog.objects.count() == lines + 1
    assert Verwerkingslog.objects.latest("pk").object_ref == f"actie:{veld_actie.pk}/foto:{foto.pk}"

    # The police take part with the objects only: no photo of what was found.
    client.force_login(veld_agent)
    assert client.get(url).status_code == 404
