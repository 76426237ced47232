"""The letter templates for functional administrators: each letter with its text valid
today, its history, and the form that makes a new text version."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from goedwonen.core import display, validators
from goedwonen.core.forms import DateInput, NLDesignFormMixin, form_add_service_errors
from goedwonen.core.policy import Capability, actor_of, requires

from . import sjablonen
from .brieftekst import plaatshouders
from .brieven import SJABLONEN, VOORBEELD_BRIEF


class BriefsjabloonversieForm(NLDesignFormMixin, forms.Form):
    titel = forms.CharField(label="Titel (Betreft)", max_length=sjablonen.MAX_TITEL)
    tekst = forms.CharField(
        label="Tekst van de brief",
        widget=forms.Textarea(attrs={"rows": 16}),
        max_length=sjablonen.MAX_TEKST,
        help_text=(
            "Alinea's scheidt u met een lege regel. De aanhef, het kenmerk en de ondertekening "
            "zet de brief zelf. Plaatshouders: "
            + ", ".join(f"{{{{ {p} }}}}" for p in plaatshouders(VOORBEELD_BRIEF))
            + "."
        ),
    )
    alinea_hint = forms.CharField(
        label="Uitleg bij de aanvullende tekst",
        max_length=sjablonen.MAX_HINT,
        required=False,
        help_text="Wat de casusregisseur in {{ brief.alinea }} schrijft.",
    )
    geldig_vanaf = forms.DateField(
        label="Geldig vanaf",
        widget=DateInput,
        help_text="Vandaag of later. Een brief die al gemaakt is, verandert nooit.",
    )
    reden = forms.CharField(
        label="Reden van de wijziging",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=validators.MAX_REASON,
    )

    def __init__(self, *args: Any, initial: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, initial={**initial, "geldig_vanaf": timezone.localdate()}, **kwargs)


@requires(Capability.ROUTING_MANAGE)
def briefsjablonen(request: HttpRequest) -> HttpResponse:
    rows = sjablonen.briefsjabloon_list(actor=actor_of(request))
    return render(request, "documenten/briefsjablonen.html", {"rows": rows})


@requires(Capability.ROUTING_MANAGE, methods=["GET", "POST"])
def briefsjabloon(request: HttpRequest, code: str) -> HttpResponse:
    actor = actor_of(request)
    if code not in SJABLONEN:
        raise Http404
    versies = sjablonen.briefsjabloonversie_history(actor=actor, code=code)
    geldend = dict(sjablonen.briefsjabloon_list(actor=actor))[code]
    initial = (
        {"titel": geldend.titel, "tekst": geldend.tekst, "alinea_hint": geldend.alinea_hint}
        if geldend
        else {}
    )
    form = BriefsjabloonversieForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                versie = sjablonen.briefsjabloonversie_create(
                    actor=actor, code=code, **form.cleaned_data
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    f"Nieuwe tekst van '{versie.titel}' vanaf "
                    f"{display.datum(versie.geldig_vanaf)}.",
                )
                return redirect("briefsjabloon", code=code)
        status = 400
    return render(
        request,
        "documenten/briefsjabloon.html",
        {"code": code, "geldend": geldend, "versies": versies, "form": form},
        status=status,
    )
