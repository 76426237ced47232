"""The form "Uitkomst vastleggen" on the case page and its own page (also to correct one)."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from goedwonen.casussen.selectors import Inzage
from goedwonen.core import display, validators
from goedwonen.core.forms import CHOOSE, DateInput, NLDesignFormMixin

from . import uitkomsten_selectors as selectors
from .models import Uitkomst, Uitkomstsoort
from .uitkomsten_services import MAX_HUUR

GEEN = "— geen —"
BEDRAG_FOUTEN = {
    "invalid": "Geef een bedrag in euro's, bv. 950,00.",
    "max_decimal_places": "Gebruik hooguit twee cijfers achter de komma.",
    "max_digits": f"Geef een bedrag van ten hoogste {display.euro(MAX_HUUR)}.",
    "max_whole_digits": f"Geef een bedrag van ten hoogste {display.euro(MAX_HUUR)}.",
}
AANTAL_FOUTEN = {"invalid": "Geef een heel aantal, bv. 3."}


class EuroField(forms.DecimalField):
    """An amount as people type it here: "1.250,50", "1250,50", "€ 1250" or "1250.50"."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            text = value.replace("€", "").replace(" ", "").replace("\u00a0", "")
            if "," in text:
                text = text.replace(".", "").replace(",", ".")
            elif re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
                text = text.replace(".", "")  # thousands: "1.250"
            value = text
        return super().to_python(value)


def _bedrag(label: str, help_text: str) -> forms.DecimalField:
    # Shown with a comma (localize); typed with a comma or a point (EuroField).
    return EuroField(
        label=label,
        required=False,
        max_digits=8,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=help_text,
        error_messages=BEDRAG_FOUTEN,
    )


def _aantal(label: str, help_text: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=help_text,
        error_messages=AANTAL_FOUTEN,
    )


class UitkomstForm(NLDesignFormMixin, forms.Form):
    soort = forms.ChoiceField(
        label="Wat is er veranderd",
        choices=[("", CHOOSE), *Uitkomstsoort.choices],
        error_messages={"required": "Kies wat er veranderd is."},
    )
    casusobject = forms.ChoiceField(
        label="Adres", error_messages={"required": "Kies het adres waar het om gaat."}
    )
    datum = forms.DateField(
        label="Ingangsdatum",
        widget=DateInput(),
        help_text="De dag waarop de verandering inging, bv. de eerste dag met de nieuwe huur.",
        error_messages={
            "required": "Geef de datum op waarop de verandering inging.",
            "invalid": "Geef een geldige datum, bv. 1-3-2026.",
        },
    )
    huur_van = _bedrag(
        "Huur per maand vóór (euro)",
        "Alleen bij een huurverlaging: de kale huur. Leeg: de huur uit de huurprijstoets van "
        "het gekozen bezoek.",
    )
    huur_naar = _bedrag(
        "Nieuwe huur per maand (euro)", "Alleen bij een huurverlaging: de kale huur."
    )
    personen_voor = _aantal(
        "Personen vóór",
        "Alleen bij een gecorrigeerde inschrijving (ingeschreven in de BRP) of teruggebrachte "
        "bewoning (bewoners).",
    )
    personen_na = _aantal("Personen na", "Alleen bij dezelfde twee soorten.")
    omschrijving = forms.CharField(
        label="Toelichting",
        required=False,
        max_length=validators.MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Verplicht bij 'Anders': wat is er veranderd?",
    )
    bezoek = forms.ChoiceField(label="Bewijs: bezoek", required=False)
    document = forms.ChoiceField(label="Bewijs: document of brief", required=False)
    bewijs = forms.CharField(
        label="Bewijs: omschrijving",
        required=False,
        max_length=validators.MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Bv. de uitspraak van de Huurcommissie of een uittreksel uit de BRP. Kies een "
        "bezoek of document, of beschrijf het bewijs hier (minstens één).",
    )

    def __init__(self, *args: Any, inzage: Inzage, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        casus = inzage.casus
        self._objecten = {str(o.pk): o for o in casus.objecten.select_related("adres")}
        self._bezoeken = {str(b.pk): b for b in selectors.bezoeken_als_bewijs(inzage)}
        self._documenten = {str(d.pk): d for d in selectors.documenten_als_bewijs(inzage)}
        objecten: list[tuple[str, str]] = [(k, str(o)) for k, o in self._objecten.items()]
        if len(objecten) != 1:
            objecten.insert(0, ("", CHOOSE))
        self.fields["casusobject"].choices = objecten  # type: ignore[attr-defined]
        self.fields["bezoek"].choices = [  # type: ignore[attr-defined]
            ("", GEEN),
            *((k, _bezoek_label(b)) for k, b in self._bezoeken.items()),
        ]
        self.fields["document"].choices = [  # type: ignore[attr-defined]
            ("", GEEN),
            *(
                (k, f"{d} ({d.get_soort_display().lower()}, {display.datum(d.toegevoegd_op)})")
                for k, d in self._documenten.items()
            ),
        ]

    def service_kwargs(self) -> dict[str, Any]:
        """The cleaned data as `uitkomst_record` takes it."""
        data = self.cleaned_data
        return {
            "casusobject": self._objecten[data["casusobject"]],
            "soort": data["soort"],
            "datum": data["datum"],
            "huur_van": data["huur_van"],
            "huur_naar": data["huur_naar"],
            "personen_voor": data["personen_voor"],
            "personen_na": data["personen_na"],
            "omschrijving": data["omschrijving"],
            "bezoek": self._bezoeken.get(data["bezoek"]),
            "document": self._documenten.get(data["document"]),
            "bewijs": data["bewijs"],
        }

    @staticmethod
    def initial_from(uitkomst: Uitkomst) -> dict[str, Any]:
        """A correction starts from what the corrected outcome says."""
        return {
            "soort": uitkomst.soort,
            "casusobject": str(uitkomst.casusobject_id),
            "datum": uitkomst.datum,
            "huur_van": uitkomst.huur_van,
            "huur_naar": uitkomst.huur_naar,
            "personen_voor": uitkomst.personen_voor,
            "personen_na": uitkomst.personen_na,
            "omschrijving": uitkomst.omschrijving,
            "bezoek": str(uitkomst.bezoek_id or ""),
            "document": str(uitkomst.document_id or ""),
            "bewijs": uitkomst.bewijs,
        }


def _bezoek_label(bezoek: Any) -> str:
    label = f"{bezoek.get_soort_display()} van {display.datum(bezoek.datum)}, {bezoek.casusobject}"
    huurprijs = getattr(bezoek, "huurprijs", None)
    if huurprijs is not None:
        label += f" (kale huur {display.euro(huurprijs.kale_huur)})"
    return label


class CorrectieForm(UitkomstForm):
    correctiereden = forms.CharField(
        label="Reden van de correctie",
        max_length=validators.MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Geef aan wat deze correctie verbetert."},
    )

    def service_kwargs(self) -> dict[str, Any]:
        return {**super().service_kwargs(), "correctiereden": self.cleaned_data["correctiereden"]}
