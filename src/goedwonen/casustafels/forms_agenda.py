"""Forms of the agenda: bringing an item in and the chair's decision on it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms

from goedwonen.casussen.models import Casus, Casusstatus
from goedwonen.casussen.selectors import visible_cases
from goedwonen.core.forms import CHOOSE, CleanedField, NLDesignFormMixin
from goedwonen.core.validators import clean_huisletter, clean_huisnummer, clean_postcode
from goedwonen.registry.models import Adres

from .models import Casustafel, Vraagsoort
from .services.agenda import Besluit

if TYPE_CHECKING:
    from goedwonen.accounts.models import User


class CasusKeuze(forms.ModelChoiceField):
    def label_from_instance(self, obj: Casus) -> str:
        titel = getattr(obj, "weergavetitel", "") or obj.titel
        return f"{obj.referentie} · {titel}"


class InbrengForm(NLDesignFormMixin, forms.Form):
    casus = CasusKeuze(
        queryset=Casus.objects.none(),
        required=False,
        empty_label=CHOOSE,
        label="Casus",
        help_text="De open casussen in de buurten van deze tafel die uw organisatie ziet. "
        "Geen casus? Beschrijf dan hieronder een nieuw signaal.",
    )
    signaal = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Nieuw signaal",
        help_text="Alleen als er nog geen casus is. Dit ziet alleen uw organisatie en die "
        "van de voorzitter.",
    )
    postcode = CleanedField(
        cleaner=clean_postcode, label="Postcode van het signaal", max_length=10, required=False
    )
    huisnummer = CleanedField(
        cleaner=clean_huisnummer, label="Huisnummer van het signaal", max_length=10, required=False
    )
    huisletter = CleanedField(
        cleaner=clean_huisletter, label="Huisletter", max_length=5, required=False
    )
    vraagsoort = forms.ChoiceField(
        choices=Vraagsoort.choices, widget=forms.RadioSelect, label="Wat vraagt u van de tafel?"
    )
    vraag = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Uw vraag",
        help_text="Elk lid van de tafel leest de vraag, ook leden zonder grondslag voor de "
        "casus: noem geen namen of adressen.",
    )

    def __init__(self, *args: Any, actor: User, tafel: Casustafel, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["casus"].queryset = (  # type: ignore[attr-defined]
            visible_cases(actor)
            .exclude(status=Casusstatus.GESLOTEN)
            .filter(objecten__verblijfsobject__buurt__in=tafel.gebieden.all())
            .distinct()
            .order_by("referentie")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["verblijfsobject"] = None
        postcode, huisnummer = data.get("postcode"), data.get("huisnummer")
        if postcode or huisnummer:
            if not (postcode and huisnummer):
                self.add_error(
                    "huisnummer" if postcode else "postcode",
                    "Geef voor het adres van het signaal postcode en huisnummer.",
                )
                return data
            adres = Adres.objects.filter(
                postcode=postcode,
                huisnummer=huisnummer,
                huisletter=(data.get("huisletter") or "").upper(),
            ).first()
            if adres is None:
                self.add_error("postcode", "Dit adres staat niet in de basisregistratie.")
            else:
                data["verblijfsobject"] = adres.verblijfsobject
        return data


class BesluitForm(NLDesignFormMixin, forms.Form):
    besluit = forms.ChoiceField(choices=Besluit.CHOICES, widget=forms.RadioSelect, label="Besluit")
    reden = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Reden",
        help_text="Verplicht bij uitstellen of weigeren; de indiener ziet de reden.",
    )
