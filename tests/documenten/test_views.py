"""Documents through HTTP: the upload and letter forms, the download and its headers, and
the partner rule on the download path."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape

from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability
from goedwonen.documenten.models import Document, Documentsoort
from goedwonen.documenten.services import brief_generate, document_upload
from goedwonen.documenten.views import sectie_context
from goedwonen.intake.attachments import MAX_BYTES, check_attachment
from tests.crafted_files import (
    PAGE_TEXT,
    TELLING,
    encrypted_pdf,
    hostile_pdf,
    huge_png,
    pages_and_first_content,
    plain_pdf,
    what_acts_or_tells,
)

from .conftest import PDF, upload

pytestmark = pytest.mark.django_db


def _upload_url(casus):
    return reverse("document-toevoegen", args=[casus.referentie])


def _download_url(casus, document):
    return reverse("document-downloaden", args=[casus.referentie, document.pk])


def _uploaded(casus, regisseur, name="rapport.pdf"):
    return document_upload(
        actor=regisseur, casus=casus, bestand=check_attachment(upload(name, PDF))
    )


def _letter(casus, regisseur):
    return brief_generate(
        actor=regisseur,
        casus=casus,
        sjabloon="vooraankondiging_controle",
        partij=casus.partijen.get(eigenaar__isnull=False),
    )


def test_the_director_uploads_and_downloads(client, casus, regisseur):
    client.force_login(regisseur)
    response = client.post(
        _upload_url(casus),
        {
            "document-bestand": upload("Huurcontract Jansen.pdf", PDF),
            "document-omschrijving": "Contract",
        },
    )
    assert response["Location"] == reverse("casus", args=[casus.referentie])
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Document 'Huurcontract Jansen.pdf' is toegevoegd."]
    document = Document.objects.get()
    lines_before = Verwerkingslog.objects.count()
    download = client.get(_download_url(casus, document))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == Path(document.bestand.path).read_bytes()
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="Huurcontract Jansen.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Cache-Control"] == "private, no-store"
    assert Verwerkingslog.objects.count() == lines_before + 1
    line = Verwerkingslog.objects.order_by("-pk").first()
    assert (line.name, line.object_ref, line.data_subject_type) == (
        "Document gedownload",
        f"casus:{casus.referentie}/document:{document.pk}",
        "eigenaar",
    )
    assert line.audit.gebruikersnaam == regisseur.username


def test_an_uploaded_pdf_is_stored_without_scripts_actions_or_metadata(client, casus, regisseur):
    hostile = hostile_pdf()
    assert sorted(set(what_acts_or_tells(hostile))) == sorted(
        w.decode() for w in [*TELLING, b"/Info"]
    )
    client.force_login(regisseur)
    response = client.post(_upload_url(casus), {"document-bestand": upload("brief.pdf", hostile)})
    assert response.status_code == 302
    stored = Path(Document.objects.get().bestand.path).read_bytes()
    assert what_acts_or_tells(stored) == []
    assert b"Piet Verhuurder" not in stored
    pages, content = pages_and_first_content(stored)
    assert (pages, PAGE_TEXT in content) == (2, True)
    with pikepdf.open(io.BytesIO(stored)) as pdf:
        links = [a.get("/A") for a in pdf.pages[0].Annots]
        # The web link is kept; the program and the javascript: link lose their action.
        assert [str(a.URI) if a is not None else None for a in links] == [
            "https://example.org/advertentie",
            None,
            None,
        ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 2 0 R>>\n%%EOF",
            "kapot.pdf: het PDF-bestand is beschadigd en kan niet worden gelezen. Sla het opnieuw "
            "op als PDF en probeer het nog eens.",
        ),
        (
            encrypted_pdf(),
            "kapot.pdf: het PDF-bestand is beveiligd met een wachtwoord. Voeg een versie zonder "
            "wachtwoord toe.",
        ),
    ],
    ids=["broken", "password"],
)
def test_a_pdf_that_cannot_be_read_is_refused_with_a_clear_message(
    client, casus, regisseur, content, message
):
    client.force_login(regisseur)
    response = client.post(
        _upload_url(casus),
        {"document-bestand": upload("kapot.pdf", content), "document-omschrijving": "Brief"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert escape(message) in page
    assert 'value="Brief"' in page
    assert not Document.objects.exists()


def test_a_pdf_with_more_pages_than_allowed_is_refused(client, casus, regisseur, settings):
    settings.UPLOAD_MAX_PDF_PAGES = 2
    client.force_login(regisseur)
    response = client.post(
        _upload_url(casus), {"document-bestand": upload("dik.pdf", plain_pdf(pages=3))}
    )
    assert (
        escape("dik.pdf: het PDF-bestand heeft 3 pagina's; ten hoogste 2 pagina's zijn toegestaan.")
        in response.content.decode()
    )
    assert not Document.objects.exists()


def test_a_huge_image_is_refused_from_its_header(client, casus, regisseur, never_decoded):
    client.force_login(regisseur)
    response = client.post(
        _upload_url(casus), {"document-bestand": upload("scan.png", huge_png(7000, 7000))}
    )
    assert (
        escape(
            "scan.png: de afbeelding is te groot (7000 bij 7000 pixels). Ten hoogste 40 megapixel "
            "en 12000 pixels breed of hoog; verklein de foto en probeer het opnieuw."
        )
        in response.content.decode()
    )
    assert not Document.objects.exists()


def test_a_download_keeps_the_type_its_content_has(client, casus, regisseur):
    """A PDF named like a web page still downloads as a PDF, with a PDF's extension."""
    document = _uploaded(casus, regisseur, name="bewijs.html")
    client.force_login(regisseur)
    download = client.get(_download_url(casus, document))
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="bewijs.html.pdf"'


def test_a_web_page_named_pdf_is_refused_and_the_description_kept(client, casus, regisseur):
    client.force_login(regisseur)
    response = client.post(
        _upload_url(casus),
        {
            "document-bestand": upload("rapport.pdf", b"<html><body>Geen PDF</body></html>"),
            "document-omschrijving": "Rapport van de aannemer",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "alleen foto&#x27;s (JPEG, PNG) en PDF-bestanden zijn toegestaan" in page
    assert 'value="Rapport van de aannemer"' in page
    assert "Kies het bestand opnieuw" in page
    assert not Document.objects.exists()


def test_a_file_over_the_size_limit_is_refused(client, casus, regisseur):
    client.force_login(regisseur)
    too_big = PDF + b"0" * (MAX_BYTES + 1 - len(PDF))
    response = client.post(_upload_url(casus), {"document-bestand": upload("groot.pdf", too_big)})
    assert response.status_code == 200
    assert "groot.pdf: groter dan 10 MB." in response.content.decode()
    assert not Document.objects.exists()


def test_a_request_far_over_the_limit_is_refused_unread(client, casus, regisseur):
    client.force_login(regisseur)
    huge = PDF + b"0" * (MAX_BYTES + 2 * 1024 * 1024)
    response = client.post(_upload_url(casus), {"document-bestand": upload("enorm.pdf", huge)})
    assert response["Location"] == reverse("casus", args=[casus.referentie])
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Het bestand is niet toegevoegd: het is groter dan 10 MB."]
    assert not Document.objects.exists()


def test_a_partner_uploads_with_the_findings_shared_and_not_without(client, casus, politie, share):
    client.force_login(politie)
    data = {"document-bestand": upload("pv.pdf", PDF)}
    deling = share(casus, "taken", "partijen")
    assert client.post(_upload_url(casus), data).status_code == 403
    assert not Document.objects.exists()
    deling.delete()
    share(casus, "bevindingen")
    response = client.post(_upload_url(casus), {"document-bestand": upload("pv.pdf", PDF)})
    assert response.status_code == 302
    assert Document.objects.get().toegevoegd_door == politie


def test_a_partner_downloads_only_what_its_sharing_covers(client, casus, regisseur, politie, share):
    uploaded = _uploaded(casus, regisseur)
    letter = _letter(casus, regisseur)
    client.force_login(politie)
    lines_before = Verwerkingslog.objects.count()
    # Not shared at all: the case does not exist for the partner.
    assert client.get(_download_url(casus, uploaded)).status_code == 404
    deling = share(casus, "taken")
    assert client.get(_download_url(casus, uploaded)).status_code == 404
    assert not Verwerkingslog.objects.filter(name="Document gedownload").exists()
    assert Verwerkingslog.objects.count() == lines_before + 1  # the sharing itself
    deling.delete()
    # The findings: the uploaded file, but not the letter that names the owner.
    deling = share(casus, "bevindingen")
    assert client.get(_download_url(casus, uploaded)).status_code == 200
    assert client.get(_download_url(casus, letter)).status_code == 404
    deling.delete()
    share(casus, "bevindingen", "partijen")
    response = client.get(_download_url(casus, letter))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert Verwerkingslog.objects.filter(name="Document gedownload").count() == 2


def test_a_document_of_another_case_is_not_found_through_this_one(client, casus, regisseur):
    document = _uploaded(casus, regisseur)
    client.force_login(regisseur)
    assert (
        client.get(reverse("document-downloaden", args=["CS-XXXX-XXXX", document.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("document-downloaden", args=[casus.referentie, 999])).status_code == 404
    )


def test_the_director_makes_a_letter(client, casus, regisseur):
    client.force_login(regisseur)
    owner = casus.partijen.get(eigenaar__isnull=False)
    response = client.post(
        reverse("brief-maken", args=[casus.referentie]),
        {"brief-sjabloon": "vooraankondiging_controle", "brief-partij": str(owner.pk)},
    )
    assert response["Location"] == reverse("casus", args=[casus.referentie])
    document = Document.objects.get()
    assert document.soort == Documentsoort.BRIEF
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [f"De brief '{document}' is gemaakt en bewaard."]


def test_a_letter_form_with_an_error_keeps_what_was_entered(client, casus, regisseur):
    client.force_login(regisseur)
    owner = casus.partijen.get(eigenaar__isnull=False)
    response = client.post(
        reverse("brief-maken", args=[casus.referentie]),
        {"brief-sjabloon": "waarschuwing_wgv", "brief-partij": str(owner.pk), "brief-alinea": "  "},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Deze brief heeft een aanvullende tekst nodig." in page
    assert '<option value="waarschuwing_wgv" selected>' in page
    assert not Document.objects.exists()


def test_a_partner_cannot_make_a_letter(client, casus, make_user, partner_organisatie, share):
    share(casus, "bevindingen", "partijen")
    partner = make_user(
        [Capability.CASES_VIEW, Capability.CASES_DIRECT], organisatie_=partner_organisatie
    )
    client.force_login(partner)
    owner = casus.partijen.get(eigenaar__isnull=False)
    response = client.post(
        reverse("brief-maken", args=[casus.referentie]),
        {"brief-sjabloon": "vooraankondiging_controle", "brief-partij": str(owner.pk)},
    )
    assert response.status_code == 403
    assert not Document.objects.exists()


def _section(rf, actor, casus):
    from goedwonen.casussen.selectors import casus_inzage

    request = rf.get("/")
    request.user = actor
    context = sectie_context(request, casus_inzage(actor=actor, referentie=casus.referentie))
    return context, render_to_string("documenten/_sectie.html", context, request=request)


def test_the_section_shows_each_actor_what_it_may_do(rf, casus, regisseur, politie, share):
    _uploaded(casus, regisseur)
    context, html = _section(rf, regisseur, casus)
    assert (context["mag_uploaden"], context["mag_brieven"]) == (True, True)
    assert "rapport.pdf" in html and "Document toevoegen" in html and "Brief maken" in html
    assert "Toegevoegd bestand, PDF" in html and regisseur.get_full_name() in html
    assert "Jansen" in html  # the owner to address the letter to
    assert (
        reverse("document-downloaden", args=[casus.referentie, Document.objects.get().pk]) in html
    )

    deling = share(casus, "taken")
    context, html = _section(rf, politie, casus)
    assert context["documenten"] is None and html.strip() == ""
    deling.delete()
    share(casus, "bevindingen")
    context, html = _section(rf, politie, casus)
    assert (context["mag_uploaden"], context["mag_brieven"], context["brief_form"]) == (
        True,
        False,
        None,
    )
    assert "rapport.pdf" in html and "Document toevoegen" in html
    assert "Brief maken" not in html and "Jansen" not in html
