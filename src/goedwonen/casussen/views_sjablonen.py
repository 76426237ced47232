"""The task templates for functional administrators: the list with a form to add one, and a
page per template to change or deactivate it, with its history."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from goedwonen.accounts.models import Organisatie
from goedwonen.core import validators
from goedwonen.core.categories import Categorie
from goedwonen.core.forms import CHOOSE, NLDesignFormMixin, form_add_service_errors
from goedwonen.core.policy import Capability, actor_of, requires
from goedwonen.parameters.selectors import inrichting_history

from .models import Taaksjabloon
from .services.task_templates import FIELDS, MAX_DAGEN, taaksjabloon_save


class TaaksjabloonForm(NLDesignFormMixin, forms.Form):
    titel = forms.CharField(label="Titel", max_length=validators.MAX_TITLE)
    omschrijving = forms.CharField(
        label="Omschrijving",
        required=False,
        max_length=validators.MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    categorie = forms.ChoiceField(
        label="Categorie",
        required=False,
        choices=[("", "Elke categorie"), *Categorie.choices],
    )
    organisatiecode = forms.ChoiceField(label="Organisatie die de taak uitvoert")
    dagen = forms.IntegerField(
        label="Termijn (dagen)", min_value=1, max_value=MAX_DAGEN, help_text="Tot de deadline."
    )
    woningbezoek = forms.BooleanField(
        label="Een woningbezoek: het vastgelegde bezoek rondt de taak af", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisatiecode"].choices = [  # type: ignore[attr-defined]
            ("", CHOOSE),
            *Organisatie.objects.filter(actief=True).values_list("code", "naam"),
        ]


class TaaksjabloonWijzigenForm(TaaksjabloonForm):
    actief = forms.BooleanField(
        label="Actief (uit: niet meer aan te bieden bij nieuwe taken)", required=False
    )
    reden = forms.CharField(
        label="Reden van de wijziging",
        max_length=validators.MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "reden"}


@requires(Capability.ROUTING_MANAGE, methods=["GET", "POST"])
def taaksjablonen(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = TaaksjabloonForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                sjabloon = taaksjabloon_save(actor=actor, sjabloon=None, **form.cleaned_data)
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, f"Taaksjabloon '{sjabloon.titel}' is toegevoegd.")
                return redirect("taaksjablonen")
        status = 400
    categorieen = dict(Categorie.choices)
    organisaties = dict(Organisatie.objects.values_list("code", "naam"))
    return render(
        request,
        "casussen/taaksjablonen.html",
        {
            "rijen": [
                (s, categorieen.get(s.categorie, "elke"), organisaties.get(s.organisatiecode, ""))
                for s in Taaksjabloon.objects.order_by("-actief", "volgorde", "titel")
            ],
            "form": form,
            "wijzigingen": inrichting_history(actor=actor, onderwerpen=["taaksjabloon"])[:20],
        },
        status=status,
    )


@requires(Capability.ROUTING_MANAGE, methods=["GET", "POST"])
def taaksjabloon(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    try:
        sjabloon = Taaksjabloon.objects.get(pk=pk)
    except Taaksjabloon.DoesNotExist:
        raise Http404 from None
    initial = {f: getattr(sjabloon, f) for f in FIELDS}
    form = TaaksjabloonWijzigenForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                sjabloon = taaksjabloon_save(
                    actor=actor,
                    sjabloon=sjabloon,
                    reden=form.cleaned_data["reden"],
                    **_fields(form.cleaned_data),
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, f"Taaksjabloon '{sjabloon.titel}' is gewijzigd.")
                return redirect("taaksjabloon", pk=pk)
        status = 400
    return render(
        request,
        "casussen/taaksjabloon.html",
        {
            "sjabloon": sjabloon,
            "form": form,
            "wijzigingen": inrichting_history(
                actor=actor, onderwerpen=["taaksjabloon"], sleutel=str(pk)
            ),
        },
        status=status,
    )
