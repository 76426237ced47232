"""The dashboard's filter and the form that makes a new version of a target."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from goedwonen.core import validators
from goedwonen.core.forms import DateInput, NLDesignFormMixin
from goedwonen.registry.models import Gebied, Gebiedssoort

FIRST_YEAR = 2020


def dashboard_areas() -> list[tuple[str, str]]:
    """The focus buurten first, then the wijken and the gemeente that hold them."""
    focus = list(
        Gebied.objects.filter(soort=Gebiedssoort.BUURT, focusgebied=True)
        .order_by("naam")
        .values_list("code", "naam", "bovenliggend_id", "bovenliggend__bovenliggend_id")
    )
    above = {pk for *_, wijk, gemeente in focus for pk in (wijk, gemeente) if pk}
    upper = Gebied.objects.filter(pk__in=above).order_by("soort", "naam")
    return [
        ("", "De vijf focusgebieden samen"),
        *((code, naam) for code, naam, *_ in focus),
        *((g.code, f"{g.naam} ({g.get_soort_display().lower()})") for g in upper),
    ]


class DashboardFilter(NLDesignFormMixin, forms.Form):
    jaar = forms.TypedChoiceField(label="Jaar", coerce=int)
    gebied = forms.ChoiceField(label="Gebied", required=False)

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        jaren = range(today.year + 1, FIRST_YEAR - 1, -1)
        self.fields["jaar"].choices = [(j, str(j)) for j in jaren]  # type: ignore[attr-defined]
        self.fields["jaar"].error_messages["invalid_choice"] = (
            f"Kies een jaar van {FIRST_YEAR} tot en met {today.year + 1}."
        )
        self.fields["gebied"].choices = dashboard_areas()  # type: ignore[attr-defined]
        self.fields["gebied"].error_messages["invalid_choice"] = (
            "Kies een gebied uit de lijst: een focusgebied, een wijk of de gemeente."
        )


class DoelversieForm(NLDesignFormMixin, forms.Form):
    waarde = forms.DecimalField(label="Nieuwe waarde", max_digits=12, decimal_places=2)
    uiterlijk_op = forms.DateField(label="Uiterlijk op", widget=DateInput, required=False)
    gebied = forms.ModelChoiceField(
        label="Gebied",
        queryset=Gebied.objects.none(),
        required=False,
        empty_label="De vijf focusgebieden samen",
    )
    geldig_vanaf = forms.DateField(
        label="Geldig vanaf",
        widget=DateInput,
        help_text="Vandaag of later: een doel geldt niet met terugwerkende kracht.",
    )
    bron = forms.CharField(
        label="Bron",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=validators.MAX_DESCRIPTION,
        help_text="Het plan en de paragraaf, of het besluit waar het doel uit komt.",
        error_messages={"required": "Noem de bron van het doel (het plan en de paragraaf)."},
    )
    reden = forms.CharField(
        label="Reden van de wijziging",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=validators.MAX_REASON,
        error_messages={"required": "Geef de reden van de wijziging."},
    )

    def __init__(self, *args: Any, eenheid: str, eenmalig: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["waarde"].label = f"Nieuwe waarde ({eenheid})"
        self.fields["waarde"].error_messages["invalid"] = "Geef een getal, zoals 1250."
        self.fields["waarde"].error_messages["required"] = "Geef de nieuwe waarde."
        focus = Gebied.objects.filter(soort=Gebiedssoort.BUURT, focusgebied=True)
        self.fields["gebied"].queryset = focus.order_by("naam")  # type: ignore[attr-defined]
        if not eenmalig:
            del self.fields["uiterlijk_op"]
        else:
            self.fields["uiterlijk_op"].required = True


def initial_for(doel: Any) -> dict[str, Any]:
    return {
        "waarde": doel.waarde,
        "uiterlijk_op": doel.uiterlijk_op,
        "gebied": doel.gebied,
        "geldig_vanaf": timezone.localdate(),
        "bron": doel.bron,
    }
