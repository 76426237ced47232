"""The form a jurist makes a new fine-policy version with, prefilled from the current one:
a base amount per offence category (empty removes it, one new row adds one), the two
factors, and the statutory maxima with their price level and source."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from goedwonen.core import validators
from goedwonen.core.categories import Categorie
from goedwonen.core.forms import CHOOSE, DateInput, NLDesignFormMixin

from .models import Boetebeleid, Boetewet


def _money(label: str, *, required: bool = True, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal("0.01"),
        max_digits=10,
        decimal_places=2,
        help_text=help_text,
    )


def _cents(amount: Decimal) -> str:
    """An amount as the policy stores it: a decimal string in whole cents."""
    return str(amount.quantize(Decimal("0.01")))


def _factor(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal(1),
        max_value=Decimal(10),
        max_digits=4,
        decimal_places=2,
        help_text="1 is geen verhoging, 2 een verdubbeling.",
    )


class BoetebeleidForm(NLDesignFormMixin, forms.Form):
    geldig_vanaf = forms.DateField(
        label="Geldig vanaf",
        widget=DateInput,
        help_text="Vandaag of later; het beleid geldt niet met terugwerkende kracht.",
    )
    naam = forms.CharField(label="Naam", max_length=200, help_text="De beleidsregels.")
    bron = forms.CharField(label="Bron", max_length=300, required=False)
    bedrijfsmatig_factor = _factor("Factor bij bedrijfsmatige verhuur")
    recidive_factor = _factor("Factor bij recidive (een eerdere boete binnen vier jaar)")
    nieuw_categorie = forms.ChoiceField(label="Categorie", required=False)
    nieuw_naam = forms.CharField(label="Omschrijving", max_length=200, required=False)
    nieuw_wet = forms.ChoiceField(
        label="Wet", required=False, choices=[("", CHOOSE), *Boetewet.choices]
    )
    nieuw_basisbedrag = _money("Basisbedrag in euro", required=False)
    reden = forms.CharField(
        label="Reden van de wijziging",
        max_length=validators.MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, huidige: Boetebeleid, **kwargs: Any) -> None:
        self.huidige = huidige
        parameters = huidige.parameters
        initial: dict[str, Any] = {
            "naam": huidige.naam,
            "bron": huidige.bron,
            "bedrijfsmatig_factor": Decimal(parameters["bedrijfsmatig_factor"]),
            "recidive_factor": Decimal(parameters["recidive_factor"]),
        }
        # The rows of this policy become fields before the form is built, so they are styled
        # and checked like the fixed ones (NLDesignFormMixin works on the built fields).
        extra: dict[str, forms.Field] = {}
        self.overtredingen = parameters["overtredingen"]
        for regel in self.overtredingen:
            name = f"basis_{regel['categorie']}"
            extra[name] = _money(
                f"{regel['naam']} ({Boetewet(regel['wet']).label})",
                required=False,
                help_text="Leeg laten schrapt deze overtreding uit het beleid.",
            )
            initial[name] = Decimal(regel["basisbedrag"])
        self.maxima = [
            (Boetewet(wet), recidive, self._current_maximum(wet, recidive))
            for wet in Boetewet.values
            for recidive in (False, True)
        ]
        for wet, recidive, current in self.maxima:
            prefix = self.maximum_prefix(wet, recidive)
            wat = f"{wet.label}, {'recidive' if recidive else 'eerste overtreding'}"
            extra[f"{prefix}_bedrag"] = _money(f"Maximum {wat} in euro", required=False)
            extra[f"{prefix}_prijspeil"] = forms.DateField(
                label=f"Prijspeil maximum {wat}", required=False, widget=DateInput
            )
            extra[f"{prefix}_bron"] = forms.CharField(
                label=f"Bron maximum {wat}", max_length=300, required=False
            )
            if current:
                initial[f"{prefix}_bedrag"] = Decimal(current["bedrag"])
                initial[f"{prefix}_prijspeil"] = current["prijspeil"]
                initial[f"{prefix}_bron"] = current["bron"]
        self.base_fields = {**type(self).base_fields, **extra}  # type: ignore[misc]
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        present = {r["categorie"] for r in self.overtredingen}
        self.fields["nieuw_categorie"].choices = [  # type: ignore[attr-defined]
            ("", CHOOSE),
            *((code, label) for code, label in Categorie.choices if code not in present),
        ]

    def rows(self) -> dict[str, list[Any]]:
        """The bound fields of the policy's rows, for the template."""
        return {
            "basis": [self[f"basis_{r['categorie']}"] for r in self.overtredingen],
            "maxima": [
                [self[f"{self.maximum_prefix(w, r)}_{p}"] for p in ("bedrag", "prijspeil", "bron")]
                for w, r, _ in self.maxima
            ],
        }

    @staticmethod
    def maximum_prefix(wet: str, recidive: bool) -> str:
        return f"max_{wet}_{'recidive' if recidive else 'eerste'}"

    def _current_maximum(self, wet: str, recidive: bool) -> dict[str, Any] | None:
        found = [
            m
            for m in self.huidige.parameters["maxima"]
            if m["wet"] == wet and m["recidive"] is recidive
        ]
        return max(found, key=lambda m: m["prijspeil"]) if found else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        new = [data.get(f) for f in ("nieuw_categorie", "nieuw_naam", "nieuw_wet")]
        if (any(new) or data.get("nieuw_basisbedrag")) and not (
            all(new) and data.get("nieuw_basisbedrag")
        ):
            self.add_error(
                "nieuw_categorie",
                "Vul voor een nieuwe overtreding de categorie, de omschrijving, de wet en het "
                "basisbedrag in.",
            )
        for wet, recidive, _ in self.maxima:
            prefix = self.maximum_prefix(wet, recidive)
            parts = [data.get(f"{prefix}_{p}") for p in ("bedrag", "prijspeil", "bron")]
            if any(parts) and not all(parts):
                self.add_error(
                    f"{prefix}_bedrag",
                    "Vul bij een maximum het bedrag, het prijspeil en de bron in.",
                )
        return data

    def parameters(self) -> dict[str, Any]:
        data = self.cleaned_data
        overtredingen = [
            {**regel, "basisbedrag": _cents(data[f"basis_{regel['categorie']}"])}
            for regel in self.overtredingen
            if data.get(f"basis_{regel['categorie']}") is not None
        ]
        if data.get("nieuw_categorie"):
            overtredingen.append(
                {
                    "categorie": data["nieuw_categorie"],
                    "naam": data["nieuw_naam"].strip(),
                    "wet": data["nieuw_wet"],
                    "basisbedrag": _cents(data["nieuw_basisbedrag"]),
                }
            )
        maxima = []
        for wet, recidive, _ in self.maxima:
            prefix = self.maximum_prefix(wet, recidive)
            if data.get(f"{prefix}_bedrag") is not None:
                maxima.append(
                    {
                        "wet": wet.value,
                        "recidive": recidive,
                        "bedrag": _cents(data[f"{prefix}_bedrag"]),
                        "prijspeil": data[f"{prefix}_prijspeil"].isoformat(),
                        "bron": data[f"{prefix}_bron"].strip(),
                    }
                )
        return {
            "overtredingen": overtredingen,
            "bedrijfsmatig_factor": str(data["bedrijfsmatig_factor"]),
            "recidive_factor": str(data["recidive_factor"]),
            "maxima": maxima,
        }
