"""The check parameters: each with the value valid today and its source, its history, and
the form that makes a new version."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from goedwonen.core import display
from goedwonen.core.forms import form_add_service_errors
from goedwonen.core.policy import Capability, actor_of, requires

from . import selectors, services
from .definities import DEFINITIES
from .forms import ParameterversieForm


@requires(Capability.ROUTING_MANAGE)
def parameters(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = selectors.parameters_overview(actor=actor_of(request), datum=today)
    return render(request, "parameters/overzicht.html", {"rows": rows, "today": today})


@requires(Capability.ROUTING_MANAGE, methods=["GET", "POST"])
def parameter(request: HttpRequest, code: str) -> HttpResponse:
    actor = actor_of(request)
    definitie = DEFINITIES.get(code)
    if definitie is None:
        raise Http404
    today = timezone.localdate()
    versies = selectors.parameter_history(actor=actor, code=code)
    geldend = selectors.parameter_op(code, today)
    form = ParameterversieForm(request.POST or None, definitie=definitie, bron=geldend.bron)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                versie = services.parameterversie_create(
                    actor=actor,
                    code=code,
                    waarde=data["waarde"],
                    geldig_vanaf=data["geldig_vanaf"],
                    bron=data["bron"],
                    reden=data["reden"],
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    f"{definitie.naam}: {selectors.waarde_of(definitie, versie.waarde)} "
                    f"{definitie.eenheid} vanaf {display.datum(versie.geldig_vanaf)}.",
                )
                return redirect("parameter", code=code)
        status = 400
    return render(
        request,
        "parameters/parameter.html",
        {
            "definitie": definitie,
            "geldend": geldend,
            "versies": [(v, selectors.waarde_of(definitie, v.waarde)) for v in versies],
            "form": form,
            "today": today,
        },
        status=status,
    )
