"""The plan's targets: the list with each target's value valid today, a target's versions,
and the form that makes a new version."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from goedwonen.core import display
from goedwonen.core.forms import form_add_service_errors
from goedwonen.core.policy import Capability, actor_of, can, requires

from . import doelen
from .forms_doelen import DoelversieForm, initial_for
from .models import Doelperiode


@requires(Capability.STEERING_VIEW)
def doelen_lijst(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = doelen.doelen_overview(actor=actor_of(request), datum=today)
    return render(
        request,
        "rapportage/doelen.html",
        {"rows": rows, "today": today, "beheer": can(actor_of(request), Capability.TARGETS_MANAGE)},
    )


def _doel(code: str) -> doelen.Doel:
    if code not in doelen.DOELEN:
        raise Http404
    doel = doelen.doel_op(code, timezone.localdate())
    if doel is None:
        raise Http404
    return doel


@requires(Capability.STEERING_VIEW)
def doel(request: HttpRequest, code: str) -> HttpResponse:
    actor = actor_of(request)
    geldend = _doel(code)
    return render(
        request,
        "rapportage/doel.html",
        {
            "doel": geldend,
            "versies": doelen.doel_history(actor=actor, code=code),
            "today": timezone.localdate(),
            "beheer": can(actor, Capability.TARGETS_MANAGE),
        },
    )


@requires(Capability.TARGETS_MANAGE, methods=["GET", "POST"])
def doel_wijzigen(request: HttpRequest, code: str) -> HttpResponse:
    actor = actor_of(request)
    geldend = _doel(code)
    if geldend.parameter:
        # The value is a check parameter's: one place to change it.
        return render(request, "rapportage/doel_wijzigen.html", {"doel": geldend, "form": None})
    form = DoelversieForm(
        request.POST or None,
        initial=initial_for(geldend),
        eenheid=geldend.eenheid,
        eenmalig=geldend.periode == Doelperiode.EENMALIG,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                versie = doelen.doelversie_create(
                    actor=actor,
                    code=code,
                    waarde=data["waarde"],
                    geldig_vanaf=data["geldig_vanaf"],
                    bron=data["bron"],
                    reden=data["reden"],
                    gebied=data.get("gebied"),
                    uiterlijk_op=data.get("uiterlijk_op"),
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    f"{geldend.naam}: nieuwe versie vanaf {display.datum(versie.geldig_vanaf)}.",
                )
                return redirect("sturing-doel", code=code)
        status = 400
    return render(
        request, "rapportage/doel_wijzigen.html", {"doel": geldend, "form": form}, status=status
    )
