"""The debrief's forms: follow-up per address (a task, a hand-over, what follows), a
correction of its outcome, and closing the action."""

from __future__ import annotations

from typing import Any

from django import forms

from goedwonen.accounts.models import Organisatie
from goedwonen.casussen.forms import ShareForm
from goedwonen.core import validators
from goedwonen.core.categories import Categorie
from goedwonen.core.forms import CHOOSE, DateInput, NLDesignFormMixin
from goedwonen.inspecties.models import Toegang

from .models import Actie


class TaakOpvolgingForm(NLDesignFormMixin, forms.Form):
    titel = forms.CharField(label="Taak", max_length=validators.MAX_TITLE)
    organisatie = forms.ModelChoiceField(
        label="Voor organisatie", queryset=Organisatie.objects.none(), empty_label=CHOOSE
    )
    deadline = forms.DateField(label="Deadline", widget=DateInput)
    omschrijving = forms.CharField(
        label="Toelichting",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=validators.MAX_DESCRIPTION,
    )
    handhaving = forms.BooleanField(
        label="Handhaving beoordelen: de organisatie beslist over een handhavingstraject",
        required=False,
    )

    def __init__(self, *args: Any, actie: Actie, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The lead's organisation and the participants: the ones the action works with.
        field = self.fields["organisatie"]
        field.queryset = Organisatie.objects.filter(  # type: ignore[attr-defined]
            pk__in=[actie.organisatie_id, *actie.partners.values_list("organisatie_id", flat=True)]
        ).order_by("naam")


class OverdrachtForm(ShareForm):
    """A hand-over: the case shared with the partner (the case's own sharing form)."""


class VervolgForm(NLDesignFormMixin, forms.Form):
    vervolg = forms.CharField(
        label="Wat volgt er",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=validators.MAX_REASON,
        help_text="In woorden, zonder namen van bewoners.",
    )


class CorrectieForm(NLDesignFormMixin, forms.Form):
    toegang = forms.ChoiceField(label="Toegang", choices=[("", CHOOSE), *Toegang.choices])
    volwassenen = forms.IntegerField(
        label="Aangetroffen volwassenen", required=False, min_value=0, max_value=500
    )
    kinderen = forms.IntegerField(
        label="Aangetroffen kinderen", required=False, min_value=0, max_value=500
    )
    vastgesteld = forms.MultipleChoiceField(
        label="Vastgestelde overtredingen",
        required=False,
        choices=Categorie.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leeg: er is niets vastgesteld.",
    )
    toelichting = forms.CharField(
        label="Toelichting bij wat is vastgesteld",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=validators.MAX_REASON,
    )
    correctiereden = forms.CharField(
        label="Reden van de correctie",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=validators.MAX_REASON,
        error_messages={"required": "Geef aan wat deze correctie verbetert."},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("vastgesteld") and not (data.get("toelichting") or "").strip():
            self.add_error("toelichting", "Licht toe wat u heeft vastgesteld.")
        return data


class AfrondenForm(NLDesignFormMixin, forms.Form):
    opmerkingen = forms.CharField(
        label="Opmerkingen bij de nabespreking",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=validators.MAX_DESCRIPTION,
        help_text="Elke deelnemer leest ze: geen namen of adressen.",
    )
