"""Establishing a report as published (vaststellen, issue 17): the PDF exactly as it goes out
to the council or the partners is kept with its SHA-256 and the narrative version it holds.
The plan's targets for reports count these (`realisatie.TELLERS`). Establishing the same
report again is a new edition; the earlier stays."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet

from goedwonen.core.models import Verwerkingsactiviteitcode
from goedwonen.core.policy import Capability, require, require_any
from goedwonen.core.processing_log import processing_log_record
from goedwonen.documenten.pdf import html_to_pdf

from .models import Rapportvaststelling
from .rapporten import SOORTEN, rapport, rapport_html
from .toelichting import toelichting_laatste

if TYPE_CHECKING:
    from goedwonen.accounts.models import User


def rapport_vaststellen(
    *, actor: User, soort: str, jaar: int, gebied: str | None
) -> Rapportvaststelling:
    """Render the report's PDF as it stands and keep it as the published edition. Raises
    Rapportfout for a bad kind, year or area; PdfNietBeschikbaar without WeasyPrint."""
    require(actor, Capability.ACCOUNT_REPORTS)
    gemaakt = rapport(soort=soort, jaar=jaar, gebied=gebied)
    pdf = html_to_pdf(rapport_html(soort, rapport=gemaakt, pdf=True))
    gebiedcode = gebied or ""
    with transaction.atomic():
        row = Rapportvaststelling(
            soort=soort,
            jaar=jaar,
            gebiedcode=gebiedcode,
            toelichting=toelichting_laatste(soort=soort, jaar=jaar, gebiedcode=gebiedcode),
            sha256=hashlib.sha256(pdf).hexdigest(),
            vastgesteld_door=actor,
        )
        name = f"{soort}-{jaar}" + (f"-{gebiedcode}" if gebiedcode else "") + ".pdf"
        row.pdf.save(name, ContentFile(pdf), save=False)
        row.save()
        processing_log_record(
            actor=actor,
            operation=f"{SOORTEN[soort].naam} {jaar} ({gebiedcode or 'hele aanpak'}) vastgesteld",
            activity=Verwerkingsactiviteitcode.STURING,
            object_ref=f"sturing:rapport:{soort}:{jaar}",
        )
    return row


def vaststellingen(
    *, actor: User, soort: str, jaar: int, gebiedcode: str
) -> QuerySet[Rapportvaststelling]:
    """The published editions of a report, the latest first."""
    require_any(actor, Capability.STEERING_VIEW, Capability.ACCOUNT_REPORTS)
    return (
        Rapportvaststelling.objects.filter(soort=soort, jaar=jaar, gebiedcode=gebiedcode)
        .select_related("vastgesteld_door")
        .order_by("-vastgesteld_op", "-pk")
    )


def vaststelling_pdf(*, actor: User, pk: int) -> Rapportvaststelling:
    """One published edition, to download (logged). DoesNotExist: no such edition."""
    require_any(actor, Capability.STEERING_VIEW, Capability.ACCOUNT_REPORTS)
    row = Rapportvaststelling.objects.get(pk=pk)
    processing_log_record(
        actor=actor,
        operation=f"Vastgesteld rapport {row} als PDF gedownload",
        activity=Verwerkingsactiviteitcode.STURING,
        object_ref=f"sturing:rapport:{row.soort}:{row.jaar}",
    )
    return row
