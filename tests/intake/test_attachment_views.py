"""A reporter's attachments opened by staff: shown on the report page, opened only with the
capability to see reports, each open in the processing log, served with safe headers."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from goedwonen.core.policy import Capability
from goedwonen.intake.attachments import check_attachment
from goedwonen.intake.models import Bijlage
from goedwonen.intake.services.registration import PUBLIC_SOURCE, melding_register
from goedwonen.registry.address_lookup import OpgegevenAdres
from tests.crafted_files import plain_pdf
from tests.log_lines import log_mark, logged_since, subject

pytestmark = pytest.mark.django_db


def _photo() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 40, 40)).save(out, format="JPEG")
    return SimpleUploadedFile("gevel.jpg", out.getvalue(), content_type="image/jpeg")


def _report(*uploads: SimpleUploadedFile):
    """A report from the public reporting point, its files checked as the form checks them."""
    return melding_register(
        actor=None,
        bron=PUBLIC_SOURCE,
        categorie="overbewoning",
        omschrijving="Tien matrassen op zolder.",
        adres=OpgegevenAdres(postcode="3083AB", huisnummer="10"),
        melder_soort="bewoner",
        bijlagen=[check_attachment(upload) for upload in uploads],
    ).melding


@pytest.fixture
def report():
    pdf = SimpleUploadedFile("huurcontract.pdf", plain_pdf(), content_type="application/pdf")
    return _report(_photo(), pdf)


@pytest.fixture
def staff(make_user):
    return make_user([Capability.REPORTS_VIEW], username="behandelaar")


def _url(bijlage: Bijlage) -> str:
    return reverse("melding-bijlage", kwargs={"pk": bijlage.melding_id, "bijlage": bijlage.pk})


def test_staff_open_a_photo_in_the_browser_and_the_open_is_logged(client, staff, report):
    photo = report.bijlagen.get(soort="image/jpeg")
    client.force_login(staff)
    mark = log_mark()
    response = client.get(_url(photo))
    assert response.status_code == 200
    with photo.bestand.open("rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == 'inline; filename="gevel.jpg"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert logged_since(mark) == [
        (
            "Bijlage van melding geopend",
            "meldingen-behandeling",
            f"melding:{report.referentie}/bijlage:{photo.pk}",
            subject("melder", report.referentie),
        )
    ]


def test_a_pdf_is_downloaded_not_shown(client, staff, report):
    pdf = report.bijlagen.get(soort="application/pdf")
    client.force_login(staff)
    response = client.get(_url(pdf))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="huurcontract.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_report_page_links_each_attachment_and_shows_photos(client, staff, report):
    photo = report.bijlagen.get(soort="image/jpeg")
    pdf = report.bijlagen.get(soort="application/pdf")
    client.force_login(staff)
    body = client.get(reverse("melding", kwargs={"pk": report.pk})).content.decode()
    assert f'<img src="{_url(photo)}" alt=""' in body
    assert f'<a class="utrecht-link" href="{_url(photo)}">' in body
    assert f'<a class="utrecht-link" href="{_url(pdf)}" download>' in body
    assert "<img" not in body.split(_url(pdf))[1].split("</li>")[0]


@pytest.mark.parametrize(
    "capabilities",
    [
        # A partner's contact: cases shared with the partner, never reports.
        [Capability.CASES_VIEW, Capability.TASKS_WORK, Capability.REPORTS_REGISTER],
        # The privacy officer supervises the log, not the reports' content.
        [Capability.LOG_SEARCH, Capability.ACCESS_REVIEW, Capability.REGISTER_VIEW],
    ],
    ids=["partner", "privacy-officer"],
)
def test_other_roles_are_refused_and_nothing_is_logged(
    client, make_user, partner_organisatie, report, capabilities
):
    photo = report.bijlagen.get(soort="image/jpeg")
    client.force_login(make_user(capabilities, organisatie_=partner_organisatie))
    mark = log_mark()
    response = client.get(_url(photo))
    assert response.status_code == 403
    assert "image/jpeg" not in response["Content-Type"]
    assert logged_since(mark) == []


def test_an_attachment_only_under_its_own_report(client, staff, report):
    other = _report()
    photo = report.bijlagen.get(soort="image/jpeg")
    client.force_login(staff)
    mark = log_mark()
    url = reverse("melding-bijlage", kwargs={"pk": other.pk, "bijlage": photo.pk})
    assert client.get(url).status_code == 404
    assert logged_since(mark) == []


def test_anonymous_is_sent_to_sign_in(client, report):
    photo = report.bijlagen.get(soort="image/jpeg")
    mark = log_mark()
    response = client.get(_url(photo))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")
    assert logged_since(mark) == []
