"""Documents and letters through the services: who may, what is stored, what is logged."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from goedwonen.casussen.models import Gebeurtenis, Gebeurtenissoort, Partij
from goedwonen.core.models import AppendOnlyError, Verwerkingslog
from goedwonen.core.policy import Capability
from goedwonen.core.processing_log import DataSubject, pseudonymise
from goedwonen.documenten.models import Document, Documentsoort
from goedwonen.documenten.services import brief_generate, document_upload, documenten_destroy
from goedwonen.intake.attachments import CheckedFile, check_attachment
from goedwonen.registry.models import Eigenaar
from tests.crafted_files import object_stream_bomb, pages_and_first_content

from .conftest import PDF, jpeg_with_location, upload
from .pdftext import pdf_text

pytestmark = pytest.mark.django_db

OWNER = pseudonymise(DataSubject("eigenaar", "E1"))


def _pdf(name: str = "rapport.pdf") -> CheckedFile:
    return check_attachment(upload(name, PDF))


def _stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _state(casus):
    """What a refused action must leave as it was."""
    return (
        Document.objects.count(),
        _stored_files(),
        list(Gebeurtenis.objects.filter(casus=casus).values_list("pk", flat=True)),
        Verwerkingslog.objects.count(),
    )


def test_the_director_adds_a_pdf(casus, regisseur):
    lines_before = Verwerkingslog.objects.count()
    document = document_upload(
        actor=regisseur, casus=casus, bestand=_pdf(), omschrijving=" Huurcontract "
    )
    document.refresh_from_db()
    assert (document.soort, document.oorspronkelijke_naam, document.content_type) == (
        Documentsoort.UPLOAD,
        "rapport.pdf",
        "application/pdf",
    )
    assert (document.omschrijving, document.toegevoegd_door) == ("Huurcontract", regisseur)
    assert (document.brief_sjabloon, document.brief_gegevens) == ("", {})
    # Under MEDIA_ROOT, by our name, not the uploader's; as rewritten (goedwonen.core.pdfs).
    (stored,) = _stored_files()
    content = stored.read_bytes()
    assert (document.grootte, document.sha256) == (
        len(content),
        hashlib.sha256(content).hexdigest(),
    )
    assert pages_and_first_content(content) == (1, pages_and_first_content(PDF)[1])
    assert stored.relative_to(settings.MEDIA_ROOT).parts[0] == "documenten"
    assert stored.name == f"{casus.referentie}-{document.sha256[:12]}.pdf"
    event = casus.tijdlijn.first()
    assert (event.soort, event.door) == (Gebeurtenissoort.DOCUMENT, regisseur)
    assert event.tekst.startswith("Document 'rapport.pdf' toegevoegd (PDF, ")
    assert event.tekst.endswith("): Huurcontract")
    assert Verwerkingslog.objects.count() == lines_before + 1
    line = Verwerkingslog.objects.order_by("-pk").first()
    assert (line.name, line.data_subject_type, line.data_subject_id) == (
        "Document toegevoegd",
        "eigenaar",
        OWNER,
    )
    assert line.object_ref == f"casus:{casus.referentie}/document:{document.pk}"
    assert line.verwerkingsactiviteit.code == "casusregie"


def test_a_photo_is_stored_without_its_metadata(casus, regisseur):
    photo = jpeg_with_location()
    document = document_upload(
        actor=regisseur, casus=casus, bestand=check_attachment(upload("IMG_1.jpg", photo))
    )
    stored = Path(document.bestand.path).read_bytes()
    assert stored.startswith(b"\xff\xd8\xff") and b"Telefoonmerk" not in stored
    assert (document.grootte, document.sha256) == (len(stored), hashlib.sha256(stored).hexdigest())


def test_a_file_is_judged_by_its_content_not_its_name():
    with pytest.raises(ValidationError) as refused:
        check_attachment(upload("rapport.pdf", b"<!DOCTYPE html><script>alert(1)</script>"))
    assert refused.value.messages == [
        "rapport.pdf: alleen foto's (JPEG, PNG) en PDF-bestanden zijn toegestaan."
    ]
    assert check_attachment(upload("scan.png.exe", PDF)).content_type == "application/pdf"


def test_a_pdf_that_unpacks_to_a_gigabyte_is_read_outside_this_process():
    """1 MB that qpdf would unpack whole (it took 15 s and 1 GB in the web process): the
    rewrite runs in a child with 512 MB, which gives up on the object; this process does not
    grow. Refused or stored without the object, the gigabyte is never stored."""
    import resource

    bomb = object_stream_bomb(1 << 30)
    assert len(bomb) < 2 * 1024 * 1024
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB
    try:
        stored = check_attachment(upload("bom.pdf", bomb)).content
    except ValidationError as refused:
        assert refused.messages[0].startswith("bom.pdf: het PDF-bestand is ")
    else:
        assert len(stored) < 10_000
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before < 200 * 1024


def test_the_service_refuses_content_it_was_not_given_checked(casus, regisseur):
    before = _state(casus)
    html = CheckedFile(b"<html></html>", "text/html", ".html", "x.html")
    with pytest.raises(ValidationError) as refused:
        document_upload(actor=regisseur, casus=casus, bestand=html)
    assert refused.value.message_dict == {
        "bestand": ["Alleen PDF-, JPEG- en PNG-bestanden van ten hoogste 10 MB."]
    }
    assert _state(casus) == before


def test_a_partner_adds_a_file_when_the_findings_are_shared(casus, politie, share):
    share(casus, "bevindingen")
    document = document_upload(actor=politie, casus=casus, bestand=_pdf("proces-verbaal.pdf"))
    assert (document.casus, document.toegevoegd_door) == (casus, politie)


@pytest.mark.parametrize(
    ("parts", "capabilities"),
    [
        (["taken", "partijen"], [Capability.CASES_VIEW, Capability.TASKS_WORK]),
        (["bevindingen"], [Capability.CASES_VIEW]),
        ([], [Capability.CASES_VIEW, Capability.TASKS_WORK]),
    ],
    ids=["findings-not-shared", "no-task-work", "not-shared"],
)
def test_a_partner_adds_nothing_otherwise(
    casus, share, make_user, partner_organisatie, parts, capabilities
):
    if parts:
        share(casus, *parts)
    partner = make_user(capabilities, organisatie_=partner_organisatie)
    before = _state(casus)
    with pytest.raises(PermissionDenied):
        document_upload(actor=partner, casus=casus, bestand=_pdf())
    assert _state(casus) == before


def test_in_the_directing_organisation_only_directors_add_files(casus, make_user):
    colleague = make_user([Capability.CASES_VIEW, Capability.TASKS_WORK])
    before = _state(casus)
    with pytest.raises(PermissionDenied):
        document_upload(actor=colleague, casus=casus, bestand=_pdf())
    assert _state(casus) == before


def test_a_document_is_never_changed(casus, regisseur):
    document = document_upload(actor=regisseur, casus=casus, bestand=_pdf())
    document.omschrijving = "Anders"
    with pytest.raises(AppendOnlyError):
        document.save()
    with pytest.raises(AppendOnlyError):
        Document.objects.filter(pk=document.pk).delete()


def _owner(casus) -> Partij:
    return casus.partijen.get(eigenaar__eigenaar_id="E1")


def test_a_letter_is_a_pdf_to_the_owner_with_the_case_reference(casus, regisseur):
    lines_before = Verwerkingslog.objects.count()
    document = brief_generate(
        actor=regisseur,
        casus=casus,
        sjabloon="vooraankondiging_controle",
        partij=_owner(casus),
        alinea="De controle is op dinsdag 8 december om 10.00 uur.",
    )
    content = Path(document.bestand.path).read_bytes()
    assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
    assert (document.grootte, document.sha256) == (
        len(content),
        hashlib.sha256(content).hexdigest(),
    )
    assert (document.soort, document.content_type, document.brief_sjabloon) == (
        Documentsoort.BRIEF,
        "application/pdf",
        "vooraankondiging_controle",
    )
    assert document.oorspronkelijke_naam == f"Vooraankondiging controle {casus.referentie}.pdf"
    text = " ".join(pdf_text(content).split())
    for expected in (
        "Gemeente Rotterdam",
        # The owner's full postal address from the registry (it has "Jansen,\nJ."), in the
        # order of an addressee block: name, street and number, postcode and place.
        "Jansen, J. Coolsingel 40 3000 AA ROTTERDAM",
        f"Ons kenmerk {casus.referentie}",
        "Vooraankondiging controle",
        "Carnisselaan 10, 3083AB Rotterdam",
        "De controle is op dinsdag 8 december om 10.00 uur.",
        regisseur.get_full_name(),  # the director signs
        "Casusregisseur, Stadsontwikkeling",
    ):
        assert expected in text, f"{expected!r} not in the letter: {text}"
    today = timezone.localdate()
    assert document.brief_gegevens["datum"] == today.isoformat()
    assert document.brief_gegevens["kenmerk"] == casus.referentie
    assert document.brief_gegevens["geadresseerde"]["eigenaar_id"] == "E1"
    event = casus.tijdlijn.first()
    assert (event.soort, event.tekst) == (
        Gebeurtenissoort.DOCUMENT,
        "Brief 'Vooraankondiging controle' gemaakt, aan de eigenaar.",
    )
    assert Verwerkingslog.objects.count() == lines_before + 1
    line = Verwerkingslog.objects.order_by("-pk").first()
    assert (line.name, line.data_subject_type, line.data_subject_id, line.object_ref) == (
        "Brief gemaakt",
        "eigenaar",
        OWNER,
        f"casus:{casus.referentie}/document:{document.pk}",
    )


def test_a_letter_to_an_owner_without_a_postal_address_is_refused(casus, regisseur):
    Eigenaar.objects.filter(eigenaar_id="E1").update(straat="", huisnummer=None)
    before = _state(casus)
    with pytest.raises(ValidationError) as refused:
        brief_generate(
            actor=regisseur, casus=casus, sjabloon="vooraankondiging_controle", partij=_owner(casus)
        )
    assert refused.value.message_dict == {
        "partij": [
            "Van Jansen, J. ontbreekt in de registratie (BRK) het postadres: straat en "
            "huisnummer. Zonder volledig adres kan de brief niet worden verstuurd."
        ]
    }
    assert _state(casus) == before


def test_the_warning_needs_what_was_found(casus, regisseur):
    before = _state(casus)
    with pytest.raises(ValidationError) as refused:
        brief_generate(
            actor=regisseur, casus=casus, sjabloon="waarschuwing_wgv", partij=_owner(casus)
        )
    assert list(refused.value.message_dict) == ["alinea"]
    assert _state(casus) == before
    document = brief_generate(
        actor=regisseur,
        casus=casus,
        sjabloon="waarschuwing_wgv",
        partij=_owner(casus),
        alinea="Er is geen schriftelijke huurovereenkomst.",
    )
    text = " ".join(pdf_text(Path(document.bestand.path).read_bytes()).split())
    assert "Waarschuwing Wet goed verhuurderschap" in text
    assert "Er is geen schriftelijke huurovereenkomst." in text


def test_bad_letter_input_names_each_field(casus, regisseur, make_user):
    other = Partij.objects.create(casus=casus, rol="bewoners", omschrijving="4 bewoners")
    with pytest.raises(ValidationError) as refused:
        brief_generate(
            actor=regisseur, casus=casus, sjabloon="onbekend", partij=other, alinea="x" * 4001
        )
    assert refused.value.message_dict == {
        "sjabloon": ["Kies een van de brieven."],
        "alinea": ["Ten hoogste 4000 tekens."],
        "partij": ["Kies een eigenaar of verhuurder van deze casus."],
    }


def test_only_the_directing_organisation_writes_letters(
    casus, share, politie, make_user, partner_organisatie
):
    share(casus, "bevindingen", "partijen")
    partner_director = make_user(
        [Capability.CASES_VIEW, Capability.CASES_DIRECT], organisatie_=partner_organisatie
    )
    colleague = make_user([Capability.CASES_VIEW, Capability.TASKS_WORK])
    before = _state(casus)
    for actor in (politie, partner_director, colleague):
        with pytest.raises(PermissionDenied):
            brief_generate(
                actor=actor, casus=casus, sjabloon="vooraankondiging_controle", partij=_owner(casus)
            )
    assert _state(casus) == before


def test_destroying_a_case_s_documents_removes_rows_and_files_after_commit(
    casus, regisseur, django_capture_on_commit_callbacks
):
    document_upload(actor=regisseur, casus=casus, bestand=_pdf())
    brief_generate(
        actor=regisseur, casus=casus, sjabloon="vooraankondiging_controle", partij=_owner(casus)
    )
    assert len(_stored_files()) == 2
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert documenten_destroy(casus=casus) == 2
    assert not Document.objects.exists()
    assert len(_stored_files()) == 2  # a rollback until here keeps the files
    for callback in callbacks:
        callback()
    assert _stored_files() == []
