"""Documents on the case page: the section (`sectie_context` fills
`templates/documenten/_sectie.html`), adding a file, making a letter, downloading."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from goedwonen.casussen.models import Casus, Onderdeel
from goedwonen.casussen.selectors import Inzage, casus_inzage
from goedwonen.core.forms import form_add_service_errors
from goedwonen.core.policy import Capability, actor_of, requires
from goedwonen.intake.attachments import MAX_BYTES, stored_file_response

from . import selectors, services
from .forms import BriefForm, UploadForm
from .models import Document
from .pdf import PdfNietBeschikbaar

# One file of at most MAX_BYTES and a description; a larger request is refused unread.
MAX_REQUEST_BYTES = MAX_BYTES + 1024 * 1024


def sectie_context(
    request: HttpRequest,
    inzage: Inzage,
    *,
    upload_form: UploadForm | None = None,
    brief_form: BriefForm | None = None,
) -> dict[str, Any]:
    """The context of `documenten/_sectie.html` for one case, as the actor may see it.
    `documenten` is None when the actor does not see the case's documents (hide the
    section); the forms are None when the actor may not use them."""
    actor = actor_of(request)
    mag_uploaden = selectors.may_upload(actor, inzage)
    mag_brieven = selectors.may_write_letters(actor, inzage)
    zichtbaar = inzage.ziet(Onderdeel.BEVINDINGEN)
    return {
        "casus": inzage.casus,
        "documenten": list(selectors.documenten_in_casus(inzage)) if zichtbaar else None,
        "mag_uploaden": mag_uploaden,
        "mag_brieven": mag_brieven,
        "upload_form": (upload_form or UploadForm(prefix="document")) if mag_uploaden else None,
        "brief_form": (
            brief_form or BriefForm(prefix="brief", partijen=selectors.addressees(inzage))
        )
        if mag_brieven
        else None,
    }


def _inzage(request: HttpRequest, referentie: str) -> Inzage:
    try:
        return casus_inzage(actor=actor_of(request), referentie=referentie)
    except Casus.DoesNotExist:
        raise Http404 from None


def _again(request: HttpRequest, inzage: Inzage, **forms: Any) -> HttpResponse:
    """The documents of the case again, with the form that failed and what was entered."""
    return render(request, "documenten/documenten.html", sectie_context(request, inzage, **forms))


@requires(Capability.CASES_VIEW, methods=["POST"])
def document_toevoegen(request: HttpRequest, referentie: str) -> HttpResponse:
    """Add a file. Who may is the service's rule (directors; partners with `bevindingen`)."""
    inzage = _inzage(request, referentie)
    length = request.META.get("CONTENT_LENGTH", "")
    if length.isdigit() and int(length) > MAX_REQUEST_BYTES:
        messages.error(request, "Het bestand is niet toegevoegd: het is groter dan 10 MB.")
        return redirect("casus", referentie=referentie)
    form = UploadForm(request.POST, request.FILES, prefix="document")
    if form.is_valid():
        try:
            document = services.document_upload(
                actor=actor_of(request),
                casus=inzage.casus,
                bestand=form.cleaned_data["bestand"],
                omschrijving=form.cleaned_data["omschrijving"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"Document '{document}' is toegevoegd.")
            return redirect("casus", referentie=referentie)
    return _again(request, inzage, upload_form=form)


@requires(Capability.CASES_DIRECT, methods=["POST"])
def brief_maken(request: HttpRequest, referentie: str) -> HttpResponse:
    inzage = _inzage(request, referentie)
    form = BriefForm(request.POST, prefix="brief", partijen=selectors.addressees(inzage))
    if form.is_valid():
        try:
            document = services.brief_generate(
                actor=actor_of(request),
                casus=inzage.casus,
                sjabloon=form.cleaned_data["sjabloon"],
                partij=form.cleaned_data["partij"],
                alinea=form.cleaned_data["alinea"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        except PdfNietBeschikbaar as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"De brief '{document}' is gemaakt en bewaard.")
            return redirect("casus", referentie=referentie)
    return _again(request, inzage, brief_form=form)


@requires(Capability.CASES_VIEW)
def document_downloaden(request: HttpRequest, referentie: str, pk: int) -> FileResponse:
    try:
        document = selectors.document_download(
            actor=actor_of(request), referentie=referentie, pk=pk
        )
    except Document.DoesNotExist:
        raise Http404 from None
    # Always a download, never shown in the browser.
    return stored_file_response(
        document.bestand,
        original_name=document.oorspronkelijke_naam or "document",
        content_type=document.content_type,
    )
