"""The public reporting point: report without an account, attachments checked by content and
stripped of metadata, honeypot and rate limit, and the secret status link."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from goedwonen.core.policy import Capability
from goedwonen.intake import public_views
from goedwonen.intake.models import Bijlage, MelderContact, Melding, Meldingstatus
from goedwonen.intake.services.triage import melding_triage
from tests.crafted_files import (
    PAGE_TEXT,
    hostile_pdf,
    huge_jpeg,
    huge_png,
    pages_and_first_content,
    photo_with_exif,
    plain_pdf,
    what_acts_or_tells,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]

SCRIPT = "<script>alert('x')</script>"
ESCAPED = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"
SECRET_PLACE = "Geheime plek 51.88N 4.49E"


def _exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Fotomaker"  # Make
    exif[0x0110] = "Telefoon 12"  # Model
    exif[0x010E] = SECRET_PLACE  # ImageDescription
    return exif


def photo(fmt: str = "JPEG", name: str = "foto.jpg") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 40, 40)).save(out, format=fmt, exif=_exif())
    content = out.getvalue()
    assert SECRET_PLACE.encode() in content  # the test file does carry the metadata
    kind = "image/jpeg" if fmt == "JPEG" else "image/png"
    return SimpleUploadedFile(name, content, content_type=kind)


def fields(**overrides) -> dict[str, object]:
    return {
        "postcode": "3083 ab",
        "huisnummer": "10",
        "huisletter": "",
        "toevoeging": "",
        "categorie": "overbewoning",
        "omschrijving": "Er slapen minstens tien mensen in deze woning.",
        "naam": "",
        "email": "",
        "telefoon": "",
        "website": "",
    } | overrides


def send(client, **overrides):
    return client.post(reverse("melden"), fields(**overrides))


def confirmation(client) -> tuple[str, str, str]:
    """The confirmation page's body, the reference and the status link on it."""
    body = client.get(reverse("melden-ontvangen")).content.decode()
    referentie = re.search(r'id="kenmerk">([A-Z0-9-]+)<', body)[1]
    link = re.search(r'id="statuslink">(http[^<]+)<', body)[1]
    return body, referentie, link


def test_the_form_is_public_and_explains_privacy(client):
    response = client.get(reverse("melden"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Misstand bij wonen melden" in body
    assert "4 jaar" in body and "anoniem" in body
    assert 'class="gw-honeypot"' in body
    assert "style=" not in body and "<script>" not in body  # CSP: nothing inline
    assert 'enctype="multipart/form-data"' in body
    # Plain Dutch; the signal-only categories as "Iets anders".
    assert "Iets anders: zorgen over uitbuiting" in body
    assert response["Cache-Control"] == "no-store"


def test_a_valid_report_with_photos_stores_them_without_metadata(client, reports):
    response = client.post(
        reverse("melden"),
        fields(bijlagen=[photo("JPEG", "foto.jpg"), photo("PNG", "schermafdruk.png")]),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("melden-ontvangen")

    melding = reports().get()
    assert melding.bron == "meldpunt"
    assert melding.adres is not None and melding.adres.straat_huisnummer == "Carnisselaan 10"
    assert melding.opgegeven_postcode == "3083AB"
    assert melding.status == Meldingstatus.ONTVANGEN
    bijlagen = list(Bijlage.objects.filter(melding=melding).order_by("pk"))
    assert [b.soort for b in bijlagen] == ["image/jpeg", "image/png"]
    for bijlage in bijlagen:
        with bijlage.bestand.open("rb") as stored:
            content = stored.read()
        assert SECRET_PLACE.encode() not in content
        assert b"Fotomaker" not in content
        with Image.open(io.BytesIO(content)) as image:
            assert dict(image.getexif()) == {}
            assert "exif" not in image.info

    body, referentie, link = confirmation(client)
    assert referentie == melding.referentie
    assert link.endswith(f"/melden/status/{referentie}/" + link.rsplit("/", 1)[1])
    assert "2 bestanden" in body
    assert "maar één keer" in body


def test_the_status_link_is_shown_once(client, city):
    send(client)
    first = client.get(reverse("melden-ontvangen"))
    assert first.status_code == 200 and "statuslink" in first.content.decode()
    assert first["Cache-Control"] == "no-store"
    again = client.get(reverse("melden-ontvangen"))
    assert again.status_code == 302 and again["Location"] == reverse("melden")


def test_the_receipt_names_the_full_address_with_its_street(client, city):
    send(client, postcode="3083 ab", huisnummer="10")
    body, _, _ = confirmation(client)
    assert (
        '<dd class="utrecht-data-list__item-value" id="adres">Carnisselaan 10, 3083 AB Rotterdam<'
        in body
    )


def test_the_receipt_of_an_unknown_address_names_what_was_given(client, city):
    send(client, postcode="3083 AB", huisnummer="999", huisletter="b")
    body, _, _ = confirmation(client)
    assert 'id="adres">3083AB 999B<' in body


def test_an_anonymous_report_stores_no_contact(client, reports):
    assert send(client).status_code == 302
    melding = reports().get()
    assert melding.melder_soort == "anoniem"
    assert not MelderContact.objects.exists()
    assert melding.statuslink_hash  # anonymous reporters follow their report too


def test_contact_details_are_stored_apart_and_mailed(client, reports, run_worker):
    response = send(
        client, naam="  Sanne de Vries ", email="sanne@example.nl", telefoon="010 123 45 67"
    )
    assert response.status_code == 302
    melding = reports().get()
    assert melding.melder_soort == "bewoner"
    contact = MelderContact.objects.get(melding=melding)
    assert (contact.naam, contact.email, contact.telefoon) == (
        "Sanne de Vries",
        "sanne@example.nl",
        "010 123 45 67",
    )
    assert mail.outbox == []  # queued for the worker, not sent in the request
    run_worker()
    assert [m.to for m in mail.outbox] == [["sanne@example.nl"]]
    assert melding.referentie in mail.outbox[0].subject
    body, _, _ = confirmation(client)
    assert "e-mail als de status" in body


def test_an_unknown_address_is_kept_and_queued(client, reports):
    response = send(client, postcode="3083 AB", huisnummer="999", huisletter="b")
    assert response.status_code == 302
    melding = reports().get()
    assert melding.adres is None and melding.verblijfsobject is None
    assert melding.opgegeven_adres == "3083AB 999B"
    assert melding.status == Meldingstatus.ONTVANGEN
    assert "koppelwachtrij" in melding.historie.get().reden


def test_the_honeypot_rejects_and_stores_nothing(client, reports):
    response = send(client, website="https://spam.example")
    assert response.status_code == 400
    assert "lijkt automatisch ingevuld" in response.content.decode()
    assert not reports().exists()


def test_the_rate_limit_answers_429_in_dutch(client, reports):
    for _ in range(public_views.RATE_LIMIT):
        assert send(client).status_code == 302
    response = send(client, omschrijving="Nog een melding")
    assert response.status_code == 429
    body = response.content.decode()
    assert "Probeer het over een uur opnieuw" in body
    assert "Nog een melding" in body  # what was typed is not lost
    assert response["Retry-After"] == "3600"
    assert reports().count() == public_views.RATE_LIMIT
    # Another address is not affected.
    other = client.post(reverse("melden"), fields(), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302


def test_failed_attempts_have_a_limit_too(client, reports, monkeypatch):
    monkeypatch.setattr(public_views, "ATTEMPT_LIMIT", 3)
    for _ in range(3):
        assert send(client, omschrijving="").status_code == 400
    assert send(client).status_code == 429
    assert not reports().exists()


def test_ipv6_clients_are_counted_per_64(client, city, monkeypatch):
    monkeypatch.setattr(public_views, "RATE_LIMIT", 1)
    assert (
        client.post(reverse("melden"), fields(), REMOTE_ADDR="2001:db8:1:2::1").status_code == 302
    )
    again = client.post(reverse("melden"), fields(), REMOTE_ADDR="2001:db8:1:2:ffff::9")
    assert again.status_code == 429
    elsewhere = client.post(reverse("melden"), fields(), REMOTE_ADDR="2001:db8:1:3::1")
    assert elsewhere.status_code == 302


def test_script_in_the_description_is_shown_as_text(client, city):
    assert send(client, omschrijving=f"Kijk hier: {SCRIPT}").status_code == 302
    body, _, link = confirmation(client)
    assert ESCAPED in body and SCRIPT not in body
    status = client.get(link).content.decode()
    assert ESCAPED in status and SCRIPT not in status


def test_the_status_page_shows_the_reporters_texts_and_nothing_of_the_case(
    client, reports, make_user
):
    send(client, postcode="3083AB", huisnummer="10")
    _, referentie, link = confirmation(client)
    response = client.get(link)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    body = response.content.decode()
    assert referentie in body
    assert "Uw melding is ontvangen." in body
    assert "3083AB 10" in body  # as the reporter gave it

    handler = make_user([Capability.REPORTS_TRIAGE], username="behandelaar")
    regisseur = make_user([Capability.CASES_DIRECT], username="regisseur")
    melding_triage(
        actor=handler,
        melding=reports().get(),
        uitkomst="multi",
        reden="Eigenaar bekend bij politie; vermoeden van uitbuiting",
        casusregisseur=regisseur,
    )
    body = client.get(link).content.decode()
    assert "Uw melding wordt beoordeeld." in body
    assert "Uw melding wordt samen met partners opgepakt." in body
    # Nothing of the case: not the reason, the handler, the director, the team, the matched
    # address (the reporter gave a postcode and number), the source's internal notes.
    for secret in [
        "politie",
        "Eigenaar",
        "behandelaar",
        "regisseur",
        "Gebruiker",
        "Team",
        "Carnisselaan",
        "koppelwachtrij",
        "routering",
        "casusregie",
    ]:
        assert secret not in body, secret


def test_a_wrong_secret_or_unknown_reference_is_404_alike(client, city):
    send(client)
    _, referentie, link = confirmation(client)
    secret = link.rsplit("/", 1)[1]
    other = "y" if secret[0] == "x" else "x"  # really another secret, whatever was drawn
    wrong = client.get(reverse("melding-status", args=[referentie, other + secret[1:]]))
    unknown = client.get(reverse("melding-status", args=["GW-AAAA-AAAA", secret]))
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.content == unknown.content
    assert referentie not in wrong.content.decode()


def test_a_report_without_a_status_link_has_no_status_page(client, city):
    melding = Melding.objects.create(
        bron="telefoon",
        bron_id="T1",
        referentie="GW-TTTT-TTTT",
        ontvangen_op="2026-01-01T10:00:00Z",
        categorie="overbewoning",
    )
    assert not melding.statuslink_hash
    assert client.get(reverse("melding-status", args=[melding.referentie, "x"])).status_code == 404


def test_a_text_file_named_jpg_is_refused_on_the_field(client, reports):
    fake = SimpleUploadedFile("foto.jpg", b"dit is geen foto\n" * 10, content_type="image/jpeg")
    response = client.post(reverse("melden"), fields(bijlagen=[fake]))
    assert response.status_code == 400
    body = response.content.decode()
    assert "foto.jpg: alleen foto&#x27;s (JPEG, PNG) en PDF-bestanden zijn toegestaan." in body
    assert 'id="id_bijlagen_error1"' in body
    # Valid input is kept; files must be chosen again, and the page says so.
    assert "Er slapen minstens tien mensen in deze woning." in body
    assert 'value="3083 ab"' in body
    assert "Kies uw foto&#x27;s of bestanden opnieuw" in body
    assert not reports().exists()


def test_a_file_over_10_mb_is_refused(client, reports):
    big = SimpleUploadedFile(
        "groot.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024), content_type="application/pdf"
    )
    response = client.post(reverse("melden"), fields(bijlagen=[big]))
    assert response.status_code == 400
    assert "groot.pdf: groter dan 10 MB." in response.content.decode()
    assert not reports().exists()


def test_a_pdf_is_accepted_and_more_than_five_files_are_not(client, city):
    pdf = SimpleUploadedFile("brief.pdf", plain_pdf(), content_type="application/pdf")
    assert client.post(reverse("melden"), fields(bijlagen=[pdf])).status_code == 302
    assert Bijlage.objects.get().soort == "application/pdf"

    six = [photo("PNG", f"foto{n}.png") for n in range(6)]
    response = client.post(reverse("melden"), fields(bijlagen=six))
    assert response.status_code == 400
    assert "Kies ten hoogste 5 bestanden." in response.content.decode()


def test_a_pdf_is_stored_without_scripts_actions_or_metadata(client, reports):
    pdf = SimpleUploadedFile("brief.pdf", hostile_pdf(), content_type="application/pdf")
    assert client.post(reverse("melden"), fields(bijlagen=[pdf])).status_code == 302
    with Bijlage.objects.get(melding__in=reports()).bestand.open("rb") as stored:
        content = stored.read()
    assert what_acts_or_tells(content) == []
    pages, first = pages_and_first_content(content)
    assert (pages, PAGE_TEXT in first) == (2, True)


def test_a_broken_pdf_is_refused_on_the_field_and_the_report_kept(client, reports):
    broken = SimpleUploadedFile("brief.pdf", b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")
    response = client.post(reverse("melden"), fields(bijlagen=[broken]))
    assert response.status_code == 400
    body = response.content.decode()
    assert (
        "brief.pdf: het PDF-bestand is beschadigd en kan niet worden gelezen. Sla het opnieuw op "
        "als PDF en probeer het nog eens." in body
    )
    assert "Er slapen minstens tien mensen in deze woning." in body
    assert not reports().exists()


def test_huge_images_are_refused_from_their_header_and_nothing_is_stored(
    client, reports, never_decoded
):
    """The probe's image: 169 megapixels in about 20 KB, which took 8 s and 1.8 GB to decode;
    and a JPEG whose header claims 64 megapixels. Neither is decoded."""
    png = huge_png(13000, 13000)
    assert len(png) < 30_000
    files = [
        SimpleUploadedFile("plattegrond.png", png, content_type="image/png"),
        SimpleUploadedFile("gevel.jpg", huge_jpeg(8000, 8000), content_type="image/jpeg"),
    ]
    response = client.post(reverse("melden"), fields(bijlagen=files))
    assert response.status_code == 400
    body = response.content.decode()
    limits = "Ten hoogste 40 megapixel en 12000 pixels breed of hoog; verklein de foto en probeer het opnieuw."
    assert f"plattegrond.png: de afbeelding is te groot. {limits}" in body
    assert f"gevel.jpg: de afbeelding is te groot (8000 bij 8000 pixels). {limits}" in body
    assert not reports().exists()
    assert not Bijlage.objects.exists()


def test_an_image_wider_than_the_cap_is_refused_however_few_its_pixels(client, reports):
    narrow = SimpleUploadedFile("strook.png", huge_png(12001, 2), content_type="image/png")
    response = client.post(reverse("melden"), fields(bijlagen=[narrow]))
    assert response.status_code == 400
    assert (
        "strook.png: de afbeelding is te groot (12001 bij 2 pixels)." in response.content.decode()
    )


def test_a_phone_photo_is_kept_upright_without_its_exif(client, reports):
    upload = SimpleUploadedFile("foto.jpg", photo_with_exif((64, 48)), content_type="image/jpeg")
    assert client.post(reverse("melden"), fields(bijlagen=[upload])).status_code == 302
    with Bijlage.objects.get(melding__in=reports()).bestand.open("rb") as stored:
        content = stored.read()
    assert b"Telefoonmerk" not in content
    with Image.open(io.BytesIO(content)) as image:
        assert dict(image.getexif()) == {}
        # Turned as the orientation tag said: the blue half, left in the sensor's pixels, is
        # now on top.
        assert image.size == (48, 64)
        red, _green, blue = image.convert("RGB").getpixel((24, 5))
        assert blue > 150 and red < 100


def test_a_request_beyond_the_upload_limit_is_refused_unread(client):
    response = client.post(
        reverse("melden"), fields(), CONTENT_LENGTH=str(public_views.MAX_REQUEST_BYTES + 1)
    )
    assert response.status_code == 413
    assert "samen te groot" in response.content.decode()
    assert not Melding.objects.exists()


def test_bad_input_gets_field_errors_and_keeps_the_rest(client, reports):
    response = send(
        client,
        postcode="30830",
        huisnummer="tien",
        categorie="",
        email="geen-adres",
        naam="Sanne",
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Een postcode is vier cijfers en twee letters, bijvoorbeeld 3083 AB." in body
    assert "Een huisnummer is een getal van 1 tot en met 99999, alleen cijfers" in body
    assert "Kies waar uw melding over gaat." in body
    assert "Vul een geldig e-mailadres in" in body
    assert 'aria-invalid="true"' in body
    assert 'value="Sanne"' in body
    assert "Er slapen minstens tien mensen in deze woning." in body
    assert "Kies uw foto" not in body  # no files were sent, so none to choose again
    assert not reports().exists()


def test_the_address_check_confirms_and_reveals_nothing_else(client, reports):
    check = {"actie": "adres", "postcode": "3083ab", "huisnummer": "10"}
    # With htmx: only the result, in place.
    partial = client.post(reverse("melden"), check, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    text = partial.content.decode().strip()
    assert "Adres gevonden: Carnisselaan 10, 3083AB Rotterdam" in text
    assert "<form" not in text
    for other in ["Jansen", "Eigenaar", "melding", "m²", "0599"]:
        assert other not in text
    # Without JavaScript: the whole form again, what was typed kept, no errors.
    page = client.post(
        reverse("melden"), check | {"omschrijving": "Al getypt", "categorie": "leegstand"}
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert "Adres gevonden: Carnisselaan 10, 3083AB Rotterdam" in body
    assert "Al getypt" in body and 'value="leegstand" id="id_categorie_11" checked' in body
    assert "Controleer het formulier" not in body
    unknown = client.post(reverse("melden"), check | {"huisnummer": "999"}, HTTP_HX_REQUEST="true")
    assert "niet gevonden" in unknown.content.decode()
    assert not reports().exists()
