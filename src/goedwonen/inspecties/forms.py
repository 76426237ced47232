"""The visit form: the visit itself, findings per category, and the optional rent check
(`huurforms`). `Bezoekformulier` holds the parts together, turns them into the service's
input and puts the service's errors back on the fields they name, so nothing typed is lost.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from goedwonen.accounts.models import User
from goedwonen.casussen.models import CasusObject
from goedwonen.core import validators
from goedwonen.core.categories import Categorie
from goedwonen.core.forms import DateInput

from .formmixin import InspectieFormMixin, TimeInput
from .huurforms import Huurformulier
from .models import Bezoeksoort, Toegang
from .services import BevindingInvoer


class BezoekForm(InspectieFormMixin, forms.Form):
    object = forms.ChoiceField(label="Adres")
    soort = forms.ChoiceField(label="Soort bezoek", choices=Bezoeksoort.choices)
    datum = forms.DateField(label="Datum van het bezoek", widget=DateInput)
    tijd = forms.TimeField(label="Tijd", required=False, widget=TimeInput)
    toegang = forms.ChoiceField(
        label="Toegang",
        required=False,
        choices=[("", "Niet van toepassing (straatbezoek)"), *Toegang.choices],
    )
    medewerkers = forms.MultipleChoiceField(
        label="Aanwezige medewerkers van uw organisatie",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partners = forms.CharField(
        label="Aanwezig van andere organisaties",
        required=False,
        max_length=300,
        help_text="Bijvoorbeeld: Stadsbeheer (2 toezichthouders), politie (wijkagent), Stedin.",
    )
    volwassenen = forms.IntegerField(
        label="Aangetroffen volwassenen",
        required=False,
        min_value=0,
        max_value=500,
        help_text="Alleen aantallen, geen namen. Verplicht als u binnen was; 0 als er geen waren.",
    )
    kinderen = forms.IntegerField(
        label="Aangetroffen kinderen", required=False, min_value=0, max_value=500
    )
    opmerkingen = forms.CharField(
        label="Opmerkingen",
        required=False,
        max_length=validators.MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Wat u zag en hoorde. Geen namen van bewoners.",
    )
    corrigeert = forms.IntegerField(required=False, widget=forms.HiddenInput)
    correctiereden = forms.CharField(
        label="Wat verbetert deze correctie?",
        required=False,
        max_length=validators.MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Het eerdere bezoek blijft bewaard; dit bezoek vervangt het.",
    )

    def __init__(
        self,
        *args: Any,
        objecten: Sequence[CasusObject],
        medewerkers: Sequence[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.objecten = {str(o.pk): o for o in objecten}
        self.personen = {str(u.pk): u for u in medewerkers}
        self.fields["object"].choices = [  # type: ignore[attr-defined]
            (pk, str(o)) for pk, o in self.objecten.items()
        ]
        self.fields["medewerkers"].choices = [  # type: ignore[attr-defined]
            (pk, u.get_full_name() or u.username) for pk, u in self.personen.items()
        ]

    def clean_object(self) -> CasusObject:
        return self.objecten[self.cleaned_data["object"]]

    def clean_medewerkers(self) -> list[User]:
        return [self.personen[pk] for pk in self.cleaned_data["medewerkers"]]


OORDEEL = [("", "Niet beoordeeld"), ("ja", "Vastgesteld"), ("nee", "Niet vastgesteld")]


class BevindingenForm(InspectieFormMixin, forms.Form):
    """Per problem category: established, not established or not assessed, with a note.
    The fields are `<code>` and `<code>_toelichting` (added below for every category)."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for code in Categorie.values:
            if data.get(f"{code}_toelichting", "").strip() and not data.get(code):
                self.add_error(code, "Kies vastgesteld of niet vastgesteld bij een toelichting.")
        return data

    def rijen(self, codes: Sequence[str]) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[code], self[f"{code}_toelichting"]) for code in codes]

    def invoer(self) -> list[BevindingInvoer]:
        data = self.cleaned_data
        return [
            BevindingInvoer(
                categorie=code,
                vastgesteld=data[code] == "ja",
                toelichting=data.get(f"{code}_toelichting", ""),
            )
            for code in Categorie.values
            if data.get(code)
        ]


for _code, _label in Categorie.choices:
    BevindingenForm.base_fields[_code] = forms.ChoiceField(
        label=_label, choices=OORDEEL, required=False
    )
    BevindingenForm.base_fields[f"{_code}_toelichting"] = forms.CharField(
        label=f"Toelichting bij {_label[0].lower()}{_label[1:]}",
        required=False,
        max_length=validators.MAX_REASON,
    )


@dataclass
class Beginwaarden:
    """What an unbound form shows: today's defaults and the registry, or the visit that a
    correction replaces."""

    bezoek: dict[str, Any] = field(default_factory=dict)
    bevindingen: dict[str, Any] = field(default_factory=dict)
    huur: dict[str, Any] = field(default_factory=dict)
    ruimten: list[dict[str, Any]] = field(default_factory=list)
    buitenruimten: list[dict[str, Any]] = field(default_factory=list)


_FINDING_ERROR = re.compile(r"bevindingen\[(?P<code>\w+)\]\.toelichting")


class Bezoekformulier:
    def __init__(
        self,
        data: Any = None,
        *,
        objecten: Sequence[CasusObject],
        medewerkers: Sequence[User],
        beginwaarden: Beginwaarden | None = None,
    ) -> None:
        # A posted form is compared with the fields' own initials, never with prefilled
        # values: a prefilled room left as it was still counts as a room.
        begin = (beginwaarden or Beginwaarden()) if data is None else Beginwaarden()
        self.bezoek = BezoekForm(
            data, objecten=objecten, medewerkers=medewerkers, initial=begin.bezoek
        )
        self.bevindingen = BevindingenForm(data, prefix="bevinding", initial=begin.bevindingen)
        self.huur = Huurformulier(
            data, huur=begin.huur, ruimten=begin.ruimten, buitenruimten=begin.buitenruimten
        )

    def is_valid(self) -> bool:
        valid = [self.bezoek.is_valid(), self.bevindingen.is_valid(), self.huur.is_valid()]
        return all(valid)

    def invoer(self) -> dict[str, Any]:
        """The service's keyword arguments (all but actor, casus and corrigeert)."""
        data = self.bezoek.cleaned_data
        return {
            "object": data["object"],
            "soort": data["soort"],
            "datum": data["datum"],
            "tijd": data.get("tijd"),
            "toegang": data.get("toegang", ""),
            "medewerkers": data["medewerkers"],
            "partners": data.get("partners", ""),
            "volwassenen": data.get("volwassenen"),
            "kinderen": data.get("kinderen"),
            "opmerkingen": data.get("opmerkingen", ""),
            "correctiereden": data.get("correctiereden", ""),
            "bevindingen": self.bevindingen.invoer(),
            "huur": self.huur.invoer(),
        }

    def add_service_errors(self, error: ValidationError) -> None:
        """Put each of the service's errors next to the field it names."""
        if not hasattr(error, "error_dict"):
            self.bezoek.add_error(None, error.messages)
            return
        for key, messages in error.message_dict.items():
            if match := _FINDING_ERROR.fullmatch(key):
                self.bevindingen.add_error(f"{match['code']}_toelichting", messages)
            elif key == "bevindingen":
                self.bevindingen.add_error(None, messages)
            elif key in self.bezoek.fields:
                self.bezoek.add_error(key, messages)
            elif not self.huur.plaats_fout(key, messages):
                self.bezoek.add_error(None, messages)
