"""The minutes of a meeting: the page and the PDF for the viewer's organisation, and fixing
and sending them (chair or secretary)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from goedwonen.core.policy import Capability, actor_of, requires
from goedwonen.documenten.pdf import INSTALL_HINT, PdfNietBeschikbaar

from .models import Tafelvergadering, Vergaderstatus
from .selectors import may_lead, meeting_open_to, notulen_voor
from .services.notulen import notulen_pdf, notulen_vaststellen


def _meeting(request: HttpRequest, pk: int) -> Tafelvergadering:
    try:
        return meeting_open_to(actor_of(request), pk)
    except Tafelvergadering.DoesNotExist:
        raise Http404 from None


@requires(Capability.CASETABLE_TAKE_PART)
def vergadering_notulen(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    vergadering = _meeting(request, pk)
    notulen = notulen_voor(
        actor=actor, vergadering=vergadering, operation="Notulen casustafel ingezien"
    )
    tafel = vergadering.tafel
    leidt = may_lead(actor, tafel)
    return render(
        request,
        "casustafels/notulen.html",
        {
            "notulen": notulen,
            "vergadering": vergadering,
            "kan_vaststellen": leidt
            and vergadering.status == Vergaderstatus.GEHOUDEN
            and not notulen.vastgesteld,
        },
    )


@requires(Capability.CASETABLE_TAKE_PART)
def vergadering_notulen_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    vergadering = _meeting(request, pk)
    try:
        notulen, pdf = notulen_pdf(actor=actor_of(request), vergadering=vergadering)
    except PdfNietBeschikbaar:
        text = f"De notulen kunnen op deze server niet als PDF worden gemaakt ({INSTALL_HINT})."
        messages.error(request, text)
        return redirect("vergadering-notulen", pk=pk)
    datum = timezone.localtime(vergadering.begint_op)
    naam = f"Notulen {vergadering.tafel.naam} {datum:%Y-%m-%d} {notulen.organisatie.code}.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{naam}"'
    return response


@requires(Capability.CASETABLE_TAKE_PART, methods=["POST"])
def vergadering_notulen_vaststellen(request: HttpRequest, pk: int) -> HttpResponse:
    vergadering = _meeting(request, pk)
    try:
        count = notulen_vaststellen(actor=actor_of(request), vergadering=vergadering)
    except (PermissionDenied, ValidationError) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text)
    else:
        messages.success(
            request,
            f"Notulen vastgesteld en verzonden: {count} deelnemer{'s' if count != 1 else ''} "
            "van de leden kreeg een notificatie met een link; elke organisatie ziet haar "
            "eigen versie.",
        )
    return redirect("vergadering-notulen", pk=pk)
