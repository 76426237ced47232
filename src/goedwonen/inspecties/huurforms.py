"""The rent-check part of the visit form: the dwelling as a whole, the contract, and rooms
and outdoor spaces as rows (untouched rows are ignored). `Huurformulier` turns them into the
service's `Huurinvoer` and puts the rent check's errors back on the row and field they name.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms

from goedwonen.checks.woning import (
    Buitenruimte,
    Buitenruimtetype,
    Energielabel,
    Keukenvoorziening,
    Labelklasse,
    Monument,
    Pandtype,
    Ruimte,
    Ruimtetype,
    Sanitair,
    Woningkenmerken,
    Woningtype,
)
from goedwonen.core.forms import DateInput

from . import labels
from .formmixin import Fout, InspectieFormMixin, decimaalveld, fouten_van
from .services import Huurinvoer

# The most rooms and outdoor spaces one dwelling can have in the form.
MAX_RUIMTEN = 60
MAX_BUITENRUIMTEN = 20


class HuurForm(InspectieFormMixin, forms.Form):
    """The dwelling as a whole and the contract. The fields in REQUIRED are required only
    when the inspector asks for the rent check: a contract rent or a room or outdoor space
    filled in."""

    woningtype = forms.ChoiceField(
        label="Soort woonruimte", required=False, choices=labels.choices(labels.WONINGTYPEN, "Kies")
    )
    pandtype = forms.ChoiceField(
        label="Soort pand", required=False, choices=labels.choices(labels.PANDTYPEN, "Kies")
    )
    bouwjaar = forms.IntegerField(label="Bouwjaar", required=False)
    gebruiksoppervlakte = forms.IntegerField(
        label="Gebruiksoppervlakte (m²)",
        required=False,
        min_value=1,
        help_text="Van het hele BAG-object, ook als u een kamer toetst. Vooringevuld uit de BAG.",
    )
    woonplaatscode = forms.CharField(
        label="BAG-woonplaatscode",
        required=False,
        max_length=4,
        help_text="Rotterdam: 3086. Vooringevuld uit het adres.",
    )
    woz_waarde = forms.IntegerField(label="WOZ-waarde (€)", required=False, min_value=1)
    woz_waardepeildatum = forms.DateField(
        label="Waardepeildatum WOZ",
        required=False,
        widget=DateInput,
        help_text="1 januari, één of twee jaar vóór het bezoek. Vooringevuld uit de registratie.",
    )
    energielabel = forms.ChoiceField(
        label="Energielabel",
        required=False,
        choices=labels.choices(labels.LABELKLASSEN, "Geen label"),
        help_text="Zoals EP-Online het toont. Zonder label telt het bouwjaar.",
    )
    energielabel_registratiedatum = forms.DateField(
        label="Registratiedatum energielabel", required=False, widget=DateInput
    )
    energielabel_geldig_tot = forms.DateField(
        label="Energielabel geldig tot", required=False, widget=DateInput
    )
    energie_index = decimaalveld(
        "Energie-index",
        required=False,
        max_digits=5,
        decimal_places=2,
        help_text="Alleen bij een label geregistreerd in 2015-2020 (vereenvoudigd label).",
    )
    monumenten = forms.MultipleChoiceField(
        label="Monumentstatus",
        required=False,
        choices=labels.choices(labels.MONUMENTEN),
        widget=forms.CheckboxSelectMultiple,
    )
    kale_huur = decimaalveld(
        "Kale huur per maand (€)",
        required=False,
        max_digits=8,
        decimal_places=2,
        help_text="De overeengekomen kale huur volgens het huurcontract.",
    )
    datum_huurovereenkomst = forms.DateField(
        label="Datum huurovereenkomst",
        required=False,
        widget=DateInput,
        help_text="Bepaalt of de maximale huur bindt (Wet betaalbare huur, vanaf 1 juli 2024).",
    )

    REQUIRED = (
        "woningtype",
        "pandtype",
        "bouwjaar",
        "gebruiksoppervlakte",
        "woonplaatscode",
        "woz_waarde",
        "woz_waardepeildatum",
        "kale_huur",
    )

    def __init__(self, *args: Any, ruimten_opgegeven: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ruimten_opgegeven = ruimten_opgegeven
        # An empty form shows what the check needs; a posted one requires it only when the
        # inspector asked for the check.
        self.gevraagd = (
            not self.is_bound
            or ruimten_opgegeven
            or bool(str(self.data.get(self.add_prefix("kale_huur"), "")).strip())
        )
        for name in self.REQUIRED:
            self.fields[name].required = self.gevraagd

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.gevraagd:
            return data
        if data.get("energielabel"):
            for name in ("energielabel_registratiedatum", "energielabel_geldig_tot"):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, "Nodig bij een energielabel.")
        if not self.ruimten_opgegeven:
            self.add_error(None, "Geef voor de huurprijstoets de ruimten van de woning op.")
        return data

    def energielabel_invoer(self) -> Energielabel | None:
        data = self.cleaned_data
        if not data.get("energielabel"):
            return None
        return Energielabel(
            labelklasse=Labelklasse(data["energielabel"]),
            registratiedatum=data["energielabel_registratiedatum"],
            geldig_tot=data["energielabel_geldig_tot"],
            energie_index=data.get("energie_index"),
        )


class RuimteForm(InspectieFormMixin, forms.Form):
    ruimtetype = forms.ChoiceField(
        label="Soort ruimte", choices=labels.choices(labels.RUIMTETYPEN, "Kies")
    )
    oppervlakte = decimaalveld("Oppervlakte (m²)", max_digits=7, decimal_places=2, min_value=0)
    naam = forms.CharField(label="Naam", required=False, max_length=60)
    verwarmd = forms.BooleanField(label="Verwarmd", required=False, initial=True)
    verkoeld = forms.BooleanField(label="Verkoeld", required=False)
    aanrechtlengte_cm = forms.IntegerField(
        label="Aanrecht (cm)",
        required=False,
        min_value=0,
        help_text="Bij een keuken: de lengte, 0 als er geen aanrecht is.",
    )
    wastafels = forms.IntegerField(
        label="Aantal wastafels", required=False, min_value=0, max_value=20, initial=0
    )
    gedeeld_met_kamers = forms.IntegerField(
        label="Gedeeld met kamers",
        required=False,
        min_value=1,
        initial=1,
        help_text="Alleen bij een kamer: met hoeveel kamers deze ruimte gedeeld wordt.",
    )
    sanitair = forms.MultipleChoiceField(
        label="Sanitair",
        required=False,
        choices=labels.choices(labels.SANITAIR),
        widget=forms.CheckboxSelectMultiple,
    )
    keukenvoorzieningen = forms.MultipleChoiceField(
        label="Keukenvoorzieningen",
        required=False,
        choices=labels.choices(labels.KEUKENVOORZIENINGEN),
        widget=forms.CheckboxSelectMultiple,
    )

    def ruimte(self) -> Ruimte:
        data = self.cleaned_data
        sanitair = [Sanitair(s) for s in data["sanitair"]]
        sanitair += [labels.WASTAFEL] * (data.get("wastafels") or 0)
        return Ruimte(
            ruimtetype=Ruimtetype(data["ruimtetype"]),
            oppervlakte=data["oppervlakte"],
            naam=data["naam"].strip(),
            verwarmd=data["verwarmd"],
            verkoeld=data["verkoeld"],
            aanrechtlengte_cm=data.get("aanrechtlengte_cm"),
            keukenvoorzieningen=tuple(Keukenvoorziening(k) for k in data["keukenvoorzieningen"]),
            sanitair=tuple(sanitair),
            gedeeld_met_kamers=data.get("gedeeld_met_kamers") or 1,
        )


class BuitenruimteForm(InspectieFormMixin, forms.Form):
    buitenruimtetype = forms.ChoiceField(
        label="Soort buitenruimte", choices=labels.choices(labels.BUITENRUIMTETYPEN, "Kies")
    )
    oppervlakte = decimaalveld("Oppervlakte (m²)", max_digits=8, decimal_places=2, min_value=0)
    gedeeld_met_adressen = forms.IntegerField(
        label="Gedeeld met adressen", required=False, min_value=1, initial=1
    )
    gedeeld_met_kamers = forms.IntegerField(
        label="Gedeeld met kamers", required=False, min_value=1, initial=1
    )

    def buitenruimte(self) -> Buitenruimte:
        data = self.cleaned_data
        return Buitenruimte(
            buitenruimtetype=Buitenruimtetype(data["buitenruimtetype"]),
            oppervlakte=data["oppervlakte"],
            gedeeld_met_adressen=data.get("gedeeld_met_adressen") or 1,
            gedeeld_met_kamers=data.get("gedeeld_met_kamers") or 1,
        )


class _Rijen(forms.BaseFormSet):
    """Rows that are all optional: an untouched row is skipped, a touched one is checked.
    Prefilled rows (a correction) are shown from `initial` but count as new when posted,
    so clearing one removes it."""

    def initial_form_count(self) -> int:
        return 0


RuimteFormSet = forms.formset_factory(
    RuimteForm, formset=_Rijen, extra=0, max_num=MAX_RUIMTEN, absolute_max=MAX_RUIMTEN
)
BuitenruimteFormSet = forms.formset_factory(
    BuitenruimteForm,
    formset=_Rijen,
    extra=0,
    max_num=MAX_BUITENRUIMTEN,
    absolute_max=MAX_BUITENRUIMTEN,
)


_ROW_ERROR = re.compile(r"(?P<groep>ruimten|buitenruimten)\[(?P<index>\d+)\]\.(?P<veld>\w+)")
# The rent check names the label's parts with a dot; the form has flat fields.
_FIELDS = {
    "energielabel.geldig_tot": "energielabel_geldig_tot",
    "energielabel.registratiedatum": "energielabel_registratiedatum",
    "energielabel.energie_index": "energie_index",
}


class Huurformulier:
    def __init__(
        self,
        data: Any = None,
        *,
        huur: dict[str, Any] | None = None,
        ruimten: list[dict[str, Any]] | None = None,
        buitenruimten: list[dict[str, Any]] | None = None,
    ) -> None:
        """`huur`, `ruimten` and `buitenruimten` prefill an unbound form."""
        self.ruimten = RuimteFormSet(data, prefix="ruimte", initial=ruimten or None)
        self.buitenruimten = BuitenruimteFormSet(
            data, prefix="buiten", initial=buitenruimten or None
        )
        if data is None:
            # The visit steps ask first which rooms there are: exactly those rows.
            self.ruimten.extra = len(ruimten or ())
            self.buitenruimten.extra = len(buitenruimten or ())
        opgegeven = data is not None and any(
            f.has_changed() for f in [*self.ruimten.forms, *self.buitenruimten.forms]
        )
        self.form = HuurForm(data, prefix="huur", initial=huur, ruimten_opgegeven=opgegeven)
        self.ruimten_fouten: list[str] = []
        # Which row each room of the service's input came from.
        self._room_rows: list[int] = []
        self._outdoor_rows: list[int] = []

    def is_valid(self) -> bool:
        valid = [self.ruimten.is_valid(), self.buitenruimten.is_valid(), self.form.is_valid()]
        return all(valid)

    def invoer(self) -> Huurinvoer | None:
        """The rent check's input, or None when the inspector did not ask for it."""
        if not self.form.gevraagd:
            return None
        rooms, outside = [], []
        self._room_rows, self._outdoor_rows = [], []
        for row, form in enumerate(self.ruimten.forms):
            if form.has_changed():
                rooms.append(form.ruimte())
                self._room_rows.append(row)
        for row, form in enumerate(self.buitenruimten.forms):
            if form.has_changed():
                outside.append(form.buitenruimte())
                self._outdoor_rows.append(row)
        data = self.form.cleaned_data
        woning = Woningkenmerken(
            woningtype=Woningtype(data["woningtype"]),
            pandtype=Pandtype(data["pandtype"]),
            bouwjaar=data["bouwjaar"],
            woonplaatscode=data["woonplaatscode"].strip(),
            gebruiksoppervlakte=data["gebruiksoppervlakte"],
            woz_waarde=data["woz_waarde"],
            woz_waardepeildatum=data["woz_waardepeildatum"],
            ruimten=tuple(rooms),
            buitenruimten=tuple(outside),
            energielabel=self.form.energielabel_invoer(),
            monumenten=tuple(Monument(m) for m in data["monumenten"]),
        )
        return Huurinvoer(
            woning=woning,
            kale_huur=data["kale_huur"],
            datum_huurovereenkomst=data.get("datum_huurovereenkomst"),
        )

    def plaats_fout(self, key: str, messages: list[str]) -> bool:
        """Put one of the rent check's errors next to its field; False if it is not ours."""
        if match := _ROW_ERROR.fullmatch(key):
            rooms = match["groep"] == "ruimten"
            rows = self._room_rows if rooms else self._outdoor_rows
            formset = self.ruimten if rooms else self.buitenruimten
            form = formset.forms[rows[int(match["index"])]]
            form.add_error(match["veld"] if match["veld"] in form.fields else None, messages)
        elif key == "ruimten":
            self.ruimten_fouten.extend(messages)
        elif (field := _FIELDS.get(key, key)) in self.form.fields:
            self.form.add_error(field, messages)
        elif key in ("woning", "energielabel"):
            self.form.add_error(None, messages)
        else:
            return False
        return True

    def fouten(self) -> list[Fout]:
        found = fouten_van(self.form, "Huurprijstoets")
        for message in [*self.ruimten.non_form_errors(), *self.ruimten_fouten]:
            found.append(Fout("ruimten-kop", "Ruimten", str(message)))
        for i, form in enumerate(self.ruimten.forms, start=1):
            found += fouten_van(form, f"Ruimte {i}")
        for message in self.buitenruimten.non_form_errors():
            found.append(Fout("buitenruimten-kop", "Buitenruimten", str(message)))
        for i, form in enumerate(self.buitenruimten.forms, start=1):
            found += fouten_van(form, f"Buitenruimte {i}")
        return found


def kenmerken_beginwaarden(woning: Woningkenmerken) -> tuple[dict, list[dict], list[dict]]:
    """The rent-check part of the form for stored dwelling characteristics (a correction)."""
    label = woning.energielabel
    huur: dict[str, Any] = {
        "woningtype": woning.woningtype.value,
        "pandtype": woning.pandtype.value,
        "bouwjaar": woning.bouwjaar,
        "gebruiksoppervlakte": woning.gebruiksoppervlakte,
        "woonplaatscode": woning.woonplaatscode,
        "woz_waarde": woning.woz_waarde,
        "woz_waardepeildatum": woning.woz_waardepeildatum,
        "monumenten": [m.value for m in woning.monumenten],
    }
    if label is not None:
        huur |= {
            "energielabel": label.labelklasse.value,
            "energielabel_registratiedatum": label.registratiedatum,
            "energielabel_geldig_tot": label.geldig_tot,
            "energie_index": label.energie_index,
        }
    ruimten = [
        {
            "ruimtetype": r.ruimtetype.value,
            "oppervlakte": r.oppervlakte,
            "naam": r.naam,
            "verwarmd": r.verwarmd,
            "verkoeld": r.verkoeld,
            "aanrechtlengte_cm": r.aanrechtlengte_cm,
            "wastafels": r.sanitair.count(labels.WASTAFEL),
            "gedeeld_met_kamers": r.gedeeld_met_kamers,
            "sanitair": [s.value for s in r.sanitair if s != labels.WASTAFEL],
            "keukenvoorzieningen": [k.value for k in r.keukenvoorzieningen],
        }
        for r in woning.ruimten
    ]
    buiten = [
        {
            "buitenruimtetype": b.buitenruimtetype.value,
            "oppervlakte": b.oppervlakte,
            "gedeeld_met_adressen": b.gedeeld_met_adressen,
            "gedeeld_met_kamers": b.gedeeld_met_kamers,
        }
        for b in woning.buitenruimten
    ]
    return huur, ruimten, buiten
