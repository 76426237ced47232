"""Establishing a report as published: the PDF kept exactly as it went out, logged, and
counted for the plan's targets (a signal report a year, the council informed yearly)."""

from __future__ import annotations

import hashlib

import pytest

from django.urls import reverse
from django.utils import timezone

from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability
from goedwonen.rapportage.models import Rapportvaststelling
from goedwonen.rapportage.realisatie import realisaties
from goedwonen.rapportage.toelichting import toelichting_opslaan
from tests.documenten.pdftext import pdf_text

pytestmark = pytest.mark.django_db
JAAR = timezone.localdate().year


def _realised(maat: str) -> int:
    found = realisaties(jaar=JAAR, gebied=None, peildatum=timezone.localdate())
    return next(r for r in found if r.maat == maat).totaal


def test_an_established_report_keeps_its_pdf_and_counts_for_the_target(client, make_user):
    analist = make_user([Capability.STEERING_VIEW, Capability.ACCOUNT_REPORTS])
    toelichting_opslaan(
        actor=analist,
        soort="signalering",
        jaar=JAAR,
        gebiedcode="",
        secties={"samenvatting": "Rustig jaar."},
    )
    assert _realised("signaleringsrapporten") == 0
    client.force_login(analist)
    url = reverse("sturing-rapport-vaststellen", args=["signalering", JAAR])

    assert client.post(url).status_code == 302
    row = Rapportvaststelling.objects.get()
    pdf = row.pdf.read()
    assert hashlib.sha256(pdf).hexdigest() == row.sha256
    assert "Rustig jaar." in pdf_text(pdf)
    assert row.toelichting is not None and row.toelichting.versie == 1
    assert _realised("signaleringsrapporten") == 1
    assert _realised("raadsinformaties") == 0
    assert Verwerkingslog.objects.filter(
        object_ref=f"sturing:rapport:signalering:{JAAR}", name__endswith="vastgesteld"
    ).exists()

    # A new edition of the same report is kept beside the first and counts once.
    client.post(url)
    assert Rapportvaststelling.objects.count() == 2
    assert _realised("signaleringsrapporten") == 1
    page = client.get(reverse("sturing-rapport", args=["signalering", JAAR])).content.decode()
    assert page.count(reverse("sturing-vastgesteld-pdf", args=[row.pk])) == 1

    download = client.get(reverse("sturing-vastgesteld-pdf", args=[row.pk]))
    assert b"".join(download.streaming_content) == pdf


def test_only_who_writes_reports_establishes_them(client, make_user):
    client.force_login(make_user([Capability.STEERING_VIEW]))
    url = reverse("sturing-rapport-vaststellen", args=["signalering", JAAR])
    assert client.post(url).status_code == 403
    assert not Rapportvaststelling.objects.exists()


def test_a_bad_report_is_refused_with_a_message(client, make_user):
    client.force_login(make_user([Capability.STEERING_VIEW, Capability.ACCOUNT_REPORTS]))
    response = client.post(reverse("sturing-rapport-vaststellen", args=["onzin", JAAR]))
    assert response.status_code == 400
    assert "Onbekende soort rapport" in response.content.decode()
    assert not Rapportvaststelling.objects.exists()
