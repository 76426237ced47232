"""The minutes of a case-table meeting: per member organisation as a PDF (the same rule as
every page, `selectors.notulen_voor`), and fixing and sending them. Sending is a notification
with a link to the minutes page: the content stays in the product, never in an e-mail."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from goedwonen.accounts.models import User
from goedwonen.core.display import datum
from goedwonen.core.policy import Capability, require
from goedwonen.core.processing_log import processing_log_record
from goedwonen.documenten.pdf import html_to_pdf
from goedwonen.notificaties.models import Notificatiesoort
from goedwonen.notificaties.services import notificatie_send

from ..models import Tafelvergadering, Vergaderstatus
from ..selectors import ACTIVITY, may_lead, notulen_voor, table_people

if TYPE_CHECKING:
    from ..selectors import Notulen

PRINT_TEMPLATE = "casustafels/notulen_print.html"
OPERATION_PDF = "Notulen casustafel gedownload (PDF)"


def notulen_html(notulen: Notulen) -> str:
    """The minutes as a self-contained HTML page, for `documenten.pdf.html_to_pdf`."""
    # Dutch month names, whatever language the request came in.
    with translation.override("nl"):
        return render_to_string(PRINT_TEMPLATE, {"notulen": notulen})


def notulen_pdf(*, actor: User, vergadering: Tafelvergadering) -> tuple[Notulen, bytes]:
    """The minutes for the actor's organisation as a PDF; the download is logged per item.
    Raises `documenten.pdf.PdfNietBeschikbaar` where PDFs cannot be made (nothing logged:
    the transaction rolls back)."""
    with transaction.atomic():
        notulen = notulen_voor(actor=actor, vergadering=vergadering, operation=OPERATION_PDF)
        return notulen, html_to_pdf(notulen_html(notulen))


@transaction.atomic
def notulen_vaststellen(*, actor: User, vergadering: Tafelvergadering) -> int:
    """Fix the minutes of a held meeting and send them: every member organisation's people
    who take part in case tables get a notice with a link to the minutes page (each sees the
    version for its own organisation there). The chair or the secretary does it, once.
    Returns the number of people notified."""
    require(actor, Capability.CASETABLE_TAKE_PART)
    tafel = vergadering.tafel
    if not may_lead(actor, tafel):
        raise PermissionDenied(
            "Alleen de voorzitter of de secretaris van de tafel stelt de notulen vast."
        )
    vergadering = Tafelvergadering.objects.select_for_update().get(pk=vergadering.pk)
    if vergadering.status != Vergaderstatus.GEHOUDEN:
        raise ValidationError(
            "De notulen kunnen pas worden vastgesteld als de vergadering is gehouden en afgesloten."
        )
    if vergadering.notulen_vastgesteld_op is not None:
        raise ValidationError(
            f"Deze notulen zijn al vastgesteld op {datum(vergadering.notulen_vastgesteld_op)}."
        )
    now = timezone.now()
    vergadering.notulen_vastgesteld_op = now
    vergadering.notulen_verzonden_op = now
    vergadering.save(update_fields=["notulen_vastgesteld_op", "notulen_verzonden_op"])
    ontvangers = table_people(tafel)
    notificatie_send(
        ontvangers=ontvangers,
        soort=Notificatiesoort.NOTULEN_CASUSTAFEL,
        # The table's name is an area's, the date the meeting's: no personal data.
        titel=f"Notulen {tafel.naam} van {datum(vergadering.begint_op)}",
        link=reverse("vergadering-notulen", kwargs={"pk": vergadering.pk}),
        sleutel=f"notulen:{vergadering.pk}",
    )
    processing_log_record(
        actor=actor,
        operation="Notulen casustafel vastgesteld en verzonden",
        activity=ACTIVITY,
        object_ref=f"tafelvergadering:{vergadering.pk}",
    )
    return len(ontvangers)
