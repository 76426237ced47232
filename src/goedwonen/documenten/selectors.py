"""Reads on documents. The case rule of `goedwonen.casussen.selectors` decides: documents are
the case part `bevindingen`. A letter also names its addressee (an owner, the part
`partijen`), so a sharing without `partijen` shows the uploaded files but not the letters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from goedwonen.casussen.models import Casus, Onderdeel, Partij
from goedwonen.casussen.selectors import Inzage, inzage_of, visible_cases
from goedwonen.core.models import Verwerkingsactiviteitcode
from goedwonen.core.policy import Capability, can, require
from goedwonen.core.processing_log import DataSubject, processing_log_record

from .models import Document, Documentsoort

if TYPE_CHECKING:
    from goedwonen.accounts.models import User

ACTIVITY = Verwerkingsactiviteitcode.CASUSREGIE


def may_upload(actor: User, inzage: Inzage) -> bool:
    """The directing organisation's case directors; a partner's task workers when the sharing
    includes `bevindingen`."""
    if inzage.regie:
        return can(actor, Capability.CASES_DIRECT)
    return can(actor, Capability.TASKS_WORK) and inzage.ziet(Onderdeel.BEVINDINGEN)


def may_write_letters(actor: User, inzage: Inzage) -> bool:
    return inzage.regie and can(actor, Capability.CASES_DIRECT)


def documenten_in_casus(inzage: Inzage) -> QuerySet[Document]:
    """The case's documents the actor may see, newest first."""
    if not inzage.ziet(Onderdeel.BEVINDINGEN):
        return Document.objects.none()
    documenten = inzage.casus.documenten.select_related("toegevoegd_door__organisatie")
    if not inzage.ziet(Onderdeel.PARTIJEN):
        documenten = documenten.exclude(soort=Documentsoort.BRIEF)
    return documenten


def addressees(inzage: Inzage) -> list[Partij]:
    """The parties a letter can go to: those linked to an owner in the registry."""
    if not inzage.ziet(Onderdeel.PARTIJEN):
        return []
    return [p for p in inzage.partijen if p.eigenaar_id is not None]


def subjects_of(document: Document) -> list[DataSubject]:
    """Whom a document is about: a letter's addressee; for an uploaded file the case's
    owners (what it holds is not known, the case it documents is)."""
    if document.soort == Documentsoort.BRIEF:
        eigenaar_id = document.brief_gegevens.get("geadresseerde", {}).get("eigenaar_id")
        return [DataSubject("eigenaar", eigenaar_id)] if eigenaar_id else []
    return [
        DataSubject("eigenaar", p.eigenaar.eigenaar_id)
        for p in document.casus.partijen.filter(eigenaar__isnull=False).select_related("eigenaar")
        if p.eigenaar is not None
    ]


def document_download(*, actor: User, referentie: str, pk: int) -> Document:
    """One document of a case, to download (the read is logged).
    Document.DoesNotExist when the actor may not see the case or its documents."""
    require(actor, Capability.CASES_VIEW)
    try:
        casus = visible_cases(actor).get(referentie=referentie)
        inzage = inzage_of(actor=actor, casus=casus)
    except Casus.DoesNotExist:
        raise Document.DoesNotExist from None
    document = documenten_in_casus(inzage).select_related("casus").get(pk=pk)
    processing_log_record(
        actor=actor,
        operation="Document gedownload",
        activity=ACTIVITY,
        subjects=subjects_of(document),
        object_ref=f"casus:{casus.referentie}/document:{document.pk}",
    )
    return document
