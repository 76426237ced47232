"""The fine policy pages: every version with its amounts, factors and maxima, and the form
that makes a new version."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from goedwonen.core import display
from goedwonen.core.forms import form_add_service_errors
from goedwonen.core.policy import Capability, actor_of, requires

from . import boete
from .forms_boete import BoetebeleidForm
from .models import Boetebeleid, Boetewet


@requires(Capability.INSTRUMENTS_MANAGE)
def boetebeleid(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    versies = boete.boetebeleid_history(actor=actor)
    today = timezone.localdate()
    geldend = next((v for v in versies if v.geldig_vanaf <= today), None)
    return render(
        request,
        "handhaving/boete/beleid.html",
        {
            # Each version with the last day it is valid: the day before the next one starts.
            "perioden": [
                (v, versies[n - 1].geldig_vanaf - timedelta(days=1) if n else None)
                for n, v in enumerate(versies)
            ],
            "geldend": geldend,
            "wetten": dict(Boetewet.choices),
        },
    )


@requires(Capability.INSTRUMENTS_MANAGE, methods=["GET", "POST"])
def boetebeleid_nieuw(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    huidige = boete.boetebeleid_history(actor=actor)
    if not huidige:
        messages.error(request, "Er is nog geen boetebeleid om een nieuwe versie van te maken.")
        return redirect("handhaving-boetebeleid")
    laatste: Boetebeleid = huidige[0]
    form = BoetebeleidForm(request.POST or None, huidige=laatste)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                versie = boete.boetebeleid_create(
                    actor=actor,
                    geldig_vanaf=data["geldig_vanaf"],
                    naam=data["naam"],
                    bron=data["bron"],
                    reden=data["reden"],
                    parameters=form.parameters(),
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    f"Boetebeleid versie {versie.versie} is vastgesteld en geldt vanaf "
                    f"{display.datum(versie.geldig_vanaf)}.",
                )
                return redirect("handhaving-boetebeleid")
        status = 400
    return render(
        request,
        "handhaving/boete/beleid_nieuw.html",
        {"form": form, "laatste": laatste, "rijen": form.rows()},
        status=status,
    )
