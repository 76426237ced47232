from __future__ import annotations

from typing import Any

from django import forms

from goedwonen.core import validators
from goedwonen.core.categories import Categorie
from goedwonen.core.forms import AdresFields, NLDesignFormMixin
from goedwonen.registry.models import Gebied, Gebiedssoort

from .selections import MAX_TOP_N


class RunForm(NLDesignFormMixin, forms.Form):
    gebied = forms.ModelChoiceField(
        label="Gebied",
        queryset=Gebied.objects.filter(
            soort__in=[Gebiedssoort.GEMEENTE, Gebiedssoort.WIJK, Gebiedssoort.BUURT]
        ).order_by("soort", "naam"),
        empty_label=None,
        help_text="Alle woningen van het gebied worden gescoord met de huidige catalogus.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["gebied"]
        field.label_from_instance = (  # type: ignore[attr-defined]
            lambda g: f"{g.naam} ({g.get_soort_display().lower()})"
        )


class SelectieForm(NLDesignFormMixin, forms.Form):
    naam = forms.CharField(label="Naam van de selectie", max_length=200)
    top_n = forms.IntegerField(
        label="Aantal adressen (top N)",
        min_value=1,
        max_value=MAX_TOP_N,
        initial=25,
        help_text="De hoogst scorende woningen met een signaal die aan de filters voldoen.",
    )


class AdresToevoegenForm(NLDesignFormMixin, AdresFields):
    reden = forms.CharField(
        label="Reden van toevoegen",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=validators.MAX_REASON,
        error_messages={"required": "Zeg waarom u dit adres toevoegt."},
    )


class AdresVerwijderenForm(NLDesignFormMixin, forms.Form):
    reden = forms.CharField(
        label="Reden van verwijderen",
        max_length=validators.MAX_REASON,
        error_messages={"required": "Zeg waarom u dit adres uit de selectie haalt."},
    )


class BesluitForm(NLDesignFormMixin, forms.Form):
    besluit = forms.ChoiceField(
        label="Besluit",
        choices=[("goedkeuren", "Goedkeuren"), ("afwijzen", "Afwijzen")],
        widget=forms.HiddenInput,  # the two submit buttons carry it
    )
    toelichting = forms.CharField(
        label="Toelichting",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
        help_text="Verplicht bij afwijzen.",
    )


class CasussenForm(NLDesignFormMixin, forms.Form):
    categorieen = forms.MultipleChoiceField(
        label="Probleemcategorieën",
        choices=Categorie.choices,
        widget=forms.CheckboxSelectMultiple,
    )


class VerschillenForm(NLDesignFormMixin, forms.Form):
    """How many of the run's highest scores the disparity report looks at."""

    top = forms.IntegerField(
        label="Aantal hoogste scores (top N)",
        min_value=1,
        max_value=MAX_TOP_N,
        initial=200,
        help_text=f"Van 1 tot en met {MAX_TOP_N}; standaard 200.",
        error_messages={
            key: f"Kies een aantal van 1 tot en met {MAX_TOP_N}."
            for key in ("min_value", "max_value", "invalid", "required")
        },
    )


class VoorstelVaststellenForm(NLDesignFormMixin, forms.Form):
    toelichting = forms.CharField(
        label="Toelichting",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text="Waarom u deze gewichten vaststelt; komt bij de nieuwe catalogusversie.",
        error_messages={"required": "Zeg waarom u deze gewichten vaststelt."},
    )
