"""The form a jurist makes a new instrument version with: the legal fields, and the steps as
a formset (change, add, remove and reorder)."""

from __future__ import annotations

from typing import Any

from django import forms

from goedwonen.core import validators
from goedwonen.core.forms import CHOOSE, DateInput, NLDesignFormMixin

from .catalogus import MAX_BRIEFTEKST, MAX_BRIEFTITEL, MAX_STAPPEN, PLAATSHOUDERS, TERMIJN_MAX_DAGEN
from .models import Instrumentversie, Stapsoort, Stapuitvoerder


class InstrumentversieForm(NLDesignFormMixin, forms.Form):
    regeling = forms.CharField(label="Regeling", max_length=200)
    artikel = forms.CharField(label="Artikel", max_length=120)
    regeling_versiedatum = forms.DateField(label="Versiedatum van de regeling", widget=DateInput)
    bron = forms.CharField(label="Bron", max_length=300, required=False)
    bevoegd_orgaan = forms.CharField(label="Bevoegd orgaan", max_length=200)
    mandaat = forms.CharField(
        label="Mandaat",
        max_length=300,
        required=False,
        help_text="Namens wie de brieven worden ondertekend.",
    )
    reden = forms.CharField(
        label="Reden van de wijziging",
        max_length=validators.MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Wat verandert er in deze versie, en waarom.",
    )

    @classmethod
    def initial_from(cls, versie: Instrumentversie) -> dict[str, Any]:
        return {field: getattr(versie, field) for field in cls.base_fields if field != "reden"}


class StapForm(NLDesignFormMixin, forms.Form):
    # An empty first choice, so the blank block for a new step posts nothing when untouched.
    soort = forms.ChoiceField(label="Soort", choices=[("", CHOOSE), *Stapsoort.choices])
    naam = forms.CharField(label="Naam", max_length=120)
    termijn_dagen = forms.IntegerField(
        label="Termijn in dagen",
        required=False,
        min_value=0,
        max_value=TERMIJN_MAX_DAGEN,
        help_text=f"0 tot en met {TERMIJN_MAX_DAGEN}; leeg als de stap geen termijn zet.",
        error_messages={
            key: f"De termijn is een aantal dagen van 0 tot en met {TERMIJN_MAX_DAGEN}."
            for key in ("invalid", "min_value", "max_value")
        },
    )
    uitvoerder = forms.ChoiceField(
        label="Uitvoerder", choices=[("", CHOOSE), *Stapuitvoerder.choices]
    )
    brief_titel = forms.CharField(label="Brieftitel", max_length=MAX_BRIEFTITEL, required=False)
    brief_tekst = forms.CharField(
        label="Brieftekst",
        max_length=MAX_BRIEFTEKST,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Leeg als de stap geen brief stuurt. Alinea's scheidt u met een lege regel. "
        "Plaatshouders: " + ", ".join(f"{{{{ {p} }}}}" for p in PLAATSHOUDERS) + ".",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Formset fields (volgorde, verwijderen) get their Dutch labels here.
        if "ORDER" in self.fields:
            self.fields["ORDER"].label = "Volgorde"
            self.fields["ORDER"].widget.attrs["class"] = (
                "utrecht-textbox utrecht-textbox--html-input"
            )
        if "DELETE" in self.fields:
            self.fields["DELETE"].label = "Stap verwijderen"
            self.fields["DELETE"].widget.attrs["class"] = (
                "utrecht-checkbox utrecht-checkbox--html-input"
            )

    def stap(self) -> dict[str, Any]:
        data = self.cleaned_data
        titel, tekst = data.get("brief_titel", ""), data.get("brief_tekst", "")
        return {
            "soort": data["soort"],
            "naam": data["naam"],
            "termijn_dagen": data.get("termijn_dagen"),
            "uitvoerder": data["uitvoerder"],
            # A letter when either part is typed; the service says which part is missing.
            "brief": {"titel": titel, "tekst": tekst} if titel.strip() or tekst.strip() else None,
        }


StappenFormSet = forms.formset_factory(
    StapForm,
    extra=1,
    can_order=True,
    can_delete=True,
    max_num=MAX_STAPPEN,
    absolute_max=MAX_STAPPEN,
    validate_max=True,
)


def stappen_initial(versie: Instrumentversie) -> list[dict[str, Any]]:
    return [
        {
            "soort": stap["soort"],
            "naam": stap["naam"],
            "termijn_dagen": stap.get("termijn_dagen"),
            "uitvoerder": stap["uitvoerder"],
            "brief_titel": (stap.get("brief") or {}).get("titel", ""),
            "brief_tekst": (stap.get("brief") or {}).get("tekst", ""),
        }
        for stap in versie.stappen
    ]


def stappen_from(formset: Any) -> list[dict[str, Any]]:
    """The steps of a valid formset in their new order, without the removed ones."""
    return [form.stap() for form in formset.ordered_forms]
