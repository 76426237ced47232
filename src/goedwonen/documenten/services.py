"""Writes on documents: adding an uploaded file to a case, and making a letter from a template
as PDF. Each checks who may, stores the file and its row, adds to the case timeline and writes
the processing log, the rows in one transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from goedwonen.casussen.models import Casus, Gebeurtenissoort, Partij
from goedwonen.casussen.selectors import Inzage, inzage_of
from goedwonen.casussen.services.timeline import gebeurtenis_add
from goedwonen.core.models import Verwerkingsactiviteitcode
from goedwonen.core.policy import Capability, require
from goedwonen.core.processing_log import DataSubject, processing_log_record
from goedwonen.intake.attachments import ALLOWED, MAX_BYTES, CheckedFile

from . import brieven
from .models import Document, Documentsoort
from .pdf import html_to_pdf
from .selectors import may_upload, may_write_letters, subjects_of

if TYPE_CHECKING:
    from goedwonen.accounts.models import User

ACTIVITY = Verwerkingsactiviteitcode.CASUSREGIE
MAX_OMSCHRIJVING = 300
MAX_ALINEA = 4000


def _inzage(actor: User, casus: Casus) -> Inzage:
    try:
        return inzage_of(actor=actor, casus=casus)
    except Casus.DoesNotExist:
        raise PermissionDenied("Deze casus is niet met uw organisatie gedeeld.") from None


def _new_document(
    *,
    casus: Casus,
    actor: User,
    soort: str,
    content: bytes,
    content_type: str,
    naam: str,
    omschrijving: str = "",
    brief_sjabloon: str = "",
    brief_gegevens: dict[str, Any] | None = None,
) -> Document:
    """The document's row, not saved yet, with its file written."""
    digest = hashlib.sha256(content).hexdigest()
    document = Document(
        casus=casus,
        soort=soort,
        oorspronkelijke_naam=naam[:200],
        content_type=content_type,
        grootte=len(content),
        sha256=digest,
        omschrijving=omschrijving,
        brief_sjabloon=brief_sjabloon,
        brief_gegevens=brief_gegevens or {},
        toegevoegd_door=actor,
    )
    # Our own name on disk: the uploader's name is only shown, never used as a path.
    document.bestand.save(
        f"{casus.referentie}-{digest[:12]}{ALLOWED[content_type]}",
        ContentFile(content),
        save=False,
    )
    return document


@contextmanager
def _file_kept_only_with_its_rows(document: Document) -> Iterator[None]:
    """One transaction for the rows; the file, written before it, is removed when it rolls
    back. (A caller's own transaction that rolls back later leaves the file behind.)"""
    try:
        with transaction.atomic():
            yield
    except BaseException:
        if document.bestand.name:
            document.bestand.storage.delete(document.bestand.name)
        raise


def document_upload(
    *, actor: User, casus: Casus, bestand: CheckedFile, omschrijving: str = ""
) -> Document:
    """Add a file (checked by content, see goedwonen.intake.attachments) to the case."""
    inzage = _inzage(actor, casus)
    if not may_upload(actor, inzage):
        raise PermissionDenied(
            "U kunt in deze casus geen documenten toevoegen: dat kan de regisserende "
            "organisatie, en een partner met wie de bevindingen zijn gedeeld."
        )
    omschrijving = omschrijving.strip()
    errors: dict[str, str] = {}
    # The form checked the file; a caller that made its own CheckedFile is checked again.
    if bestand.content_type not in ALLOWED or len(bestand.content) > MAX_BYTES:
        errors["bestand"] = "Alleen PDF-, JPEG- en PNG-bestanden van ten hoogste 10 MB."
    if len(omschrijving) > MAX_OMSCHRIJVING:
        errors["omschrijving"] = f"Ten hoogste {MAX_OMSCHRIJVING} tekens."
    if errors:
        raise ValidationError(errors)
    document = _new_document(
        casus=casus,
        actor=actor,
        soort=Documentsoort.UPLOAD,
        content=bestand.content,
        content_type=bestand.content_type,
        naam=bestand.original_name,
        omschrijving=omschrijving,
    )
    with _file_kept_only_with_its_rows(document):
        document.save(force_insert=True)
        gebeurtenis_add(
            casus,
            Gebeurtenissoort.DOCUMENT,
            f"Document '{document.oorspronkelijke_naam}' toegevoegd "
            f"({document.bestandstype}, {filesizeformat(document.grootte)})"
            + (f": {omschrijving}" if omschrijving else "."),
            actor,
        )
        processing_log_record(
            actor=actor,
            operation="Document toegevoegd",
            activity=ACTIVITY,
            subjects=subjects_of(document),
            object_ref=f"casus:{casus.referentie}/document:{document.pk}",
        )
    return document


def brief_generate(
    *, actor: User, casus: Casus, sjabloon: str, partij: Partij, alinea: str = ""
) -> Document:
    """Make a letter from a template to a party linked to an owner, as PDF, and keep it as a
    document of the case with the data it was made from."""
    require(actor, Capability.CASES_DIRECT)
    if not may_write_letters(actor, _inzage(actor, casus)):
        raise PermissionDenied("Alleen de regisserende organisatie van de casus maakt brieven.")
    alinea = alinea.strip()
    errors: dict[str, str] = {}
    template = brieven.SJABLONEN.get(sjabloon)
    if template is None:
        errors["sjabloon"] = "Kies een van de brieven."
    elif template.alinea_verplicht and not alinea:
        errors["alinea"] = f"Deze brief heeft een aanvullende tekst nodig. {template.alinea}"
    if len(alinea) > MAX_ALINEA:
        errors["alinea"] = f"Ten hoogste {MAX_ALINEA} tekens."
    eigenaar = partij.eigenaar
    if partij.casus_id != casus.pk or eigenaar is None:
        errors["partij"] = "Kies een eigenaar of verhuurder van deze casus."
    elif missing := brieven.postal_address_missing(eigenaar):
        errors["partij"] = missing
    if errors:
        raise ValidationError(errors)
    assert template is not None and eigenaar is not None
    gegevens = brieven.brief_gegevens(
        casus=casus, eigenaar=eigenaar, alinea=alinea, datum=timezone.localdate()
    )
    # Laid out before the transaction opens: on SQLite a write transaction holds the
    # database's one write lock, and nobody should wait for WeasyPrint.
    pdf = html_to_pdf(brieven.brief_html(template, gegevens))
    document = _new_document(
        casus=casus,
        actor=actor,
        soort=Documentsoort.BRIEF,
        content=pdf,
        content_type="application/pdf",
        naam=f"{template.titel} {casus.referentie}.pdf",
        brief_sjabloon=template.code,
        brief_gegevens=gegevens,
    )
    with _file_kept_only_with_its_rows(document):
        document.save(force_insert=True)
        gebeurtenis_add(
            casus,
            Gebeurtenissoort.DOCUMENT,
            f"Brief '{template.titel}' gemaakt, aan de {partij.get_rol_display().lower()}.",
            actor,
        )
        processing_log_record(
            actor=actor,
            operation="Brief gemaakt",
            activity=ACTIVITY,
            subjects=[DataSubject("eigenaar", eigenaar.eigenaar_id)],
            object_ref=f"casus:{casus.referentie}/document:{document.pk}",
        )
    return document


@transaction.atomic
def documenten_destroy(*, casus: Casus) -> int:
    """Remove a case's documents, rows and files, when the case itself is destroyed after its
    retention term: the case's destruction calls this before it deletes the case (which
    the documents' PROTECT would otherwise refuse). The files go once the transaction
    commits, so a rollback keeps rows and files together. Returns how many."""
    documenten: QuerySet[Document] = QuerySet(Document).filter(casus=casus)
    names = list(documenten.values_list("bestand", flat=True))
    # Destruction is the one way these append-only rows go: past their guard.
    count, _ = documenten.delete()
    storage = Document._meta.get_field("bestand").storage

    def remove_files() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(remove_files)
    return count
