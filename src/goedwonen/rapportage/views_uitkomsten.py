"""Outcomes on the case page: the block "Uitkomsten" (`sectie_context` fills
`templates/rapportage/_casus_uitkomsten.html`), recording one and correcting one. A form
with errors comes back on its own page with everything entered."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from goedwonen.casussen.models import Casus
from goedwonen.casussen.selectors import Inzage
from goedwonen.core.forms import form_add_service_errors
from goedwonen.core.policy import Capability, actor_of, requires

from . import uitkomsten_selectors as selectors
from .forms_uitkomsten import CorrectieForm, UitkomstForm
from .models import Uitkomst
from .uitkomsten_services import uitkomst_record

PREFIX = "uitkomst"


def sectie_context(request: HttpRequest, inzage: Inzage) -> dict[str, Any]:
    """`uitkomsten` is None when the actor does not see the case's outcomes (no block);
    the form is None when it may not record one (or the case is closed)."""
    actor = actor_of(request)
    if not selectors.ziet_uitkomsten(inzage):
        return {"uitkomsten": None}
    mag = inzage.casus.is_open and selectors.may_record(actor, inzage)
    return {
        "uitkomsten": list(selectors.uitkomsten_in_casus(inzage)),
        "mag_uitkomst": mag,
        "uitkomst_form": UitkomstForm(prefix=PREFIX, inzage=inzage) if mag else None,
    }


def _inzage(request: HttpRequest, referentie: str) -> Inzage:
    try:
        return selectors.casus_for_uitkomst(actor=actor_of(request), referentie=referentie)
    except Casus.DoesNotExist:
        raise Http404 from None


def _refused(request: HttpRequest, inzage: Inzage) -> HttpResponse | None:
    """Back to the case with the reason, when the actor may not record here."""
    if not selectors.may_record(actor_of(request), inzage):
        messages.error(
            request,
            "U kunt in deze casus geen uitkomst vastleggen: dat doen wie aan de casus werken.",
        )
        return redirect("casus", referentie=inzage.casus.referentie)
    if not inzage.casus.is_open:
        messages.error(
            request, "De casus is gesloten: heropen haar om een uitkomst vast te leggen."
        )
        return redirect("casus", referentie=inzage.casus.referentie)
    return None


def _record(
    request: HttpRequest,
    inzage: Inzage,
    form: UitkomstForm,
    corrigeert: Uitkomst | None = None,
) -> HttpResponse | None:
    """Record from a valid form: on to the case, or None with the errors on the form."""
    if not form.is_valid():
        return None
    try:
        uitkomst = uitkomst_record(
            actor=actor_of(request),
            casus=inzage.casus,
            corrigeert=corrigeert,
            **form.service_kwargs(),
        )
    except ValidationError as error:
        form_add_service_errors(form, error)
        return None
    except PermissionDenied as error:
        messages.error(request, str(error))
        return redirect("casus", referentie=inzage.casus.referentie)
    done = "gecorrigeerd" if corrigeert else "vastgelegd"
    messages.success(request, f"Uitkomst '{uitkomst.get_soort_display()}' is {done}.")
    return redirect(
        reverse("casus", kwargs={"referentie": inzage.casus.referentie}) + "#uitkomsten"
    )


@requires(Capability.CASES_VIEW, methods=["GET", "POST"])
def uitkomst_vastleggen(request: HttpRequest, referentie: str) -> HttpResponse:
    inzage = _inzage(request, referentie)
    if refused := _refused(request, inzage):
        return refused
    data = request.POST if request.method == "POST" else None
    form = UitkomstForm(data, prefix=PREFIX, inzage=inzage)
    if data is not None and (done := _record(request, inzage, form)):
        return done
    selectors.formulier_read(actor=actor_of(request), inzage=inzage)
    return render(
        request,
        "rapportage/uitkomst_formulier.html",
        {"casus": inzage.casus, "form": form, "corrigeert": None},
    )


@requires(Capability.CASES_VIEW, methods=["GET", "POST"])
def uitkomst_corrigeren(request: HttpRequest, referentie: str, pk: int) -> HttpResponse:
    inzage = _inzage(request, referentie)
    if refused := _refused(request, inzage):
        return refused
    try:
        uitkomst = selectors.uitkomst_detail(actor=actor_of(request), inzage=inzage, pk=pk)
    except Uitkomst.DoesNotExist:
        raise Http404 from None
    data = request.POST if request.method == "POST" else None
    form = CorrectieForm(
        data, prefix=PREFIX, inzage=inzage, initial=UitkomstForm.initial_from(uitkomst)
    )
    if data is not None and (done := _record(request, inzage, form, corrigeert=uitkomst)):
        return done
    return render(
        request,
        "rapportage/uitkomst_formulier.html",
        {"casus": inzage.casus, "form": form, "corrigeert": uitkomst},
    )
