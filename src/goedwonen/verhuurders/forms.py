from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone

from goedwonen.core import validators
from goedwonen.core.forms import DateInput, NLDesignFormMixin

from .models import Gesprekssoort


class TimeInput(forms.TimeInput):
    input_type = "time"


class UitnodigingForm(NLDesignFormMixin, forms.Form):
    soort = forms.ChoiceField(
        label="Soort gesprek",
        choices=Gesprekssoort.choices,
        error_messages={"invalid_choice": "Kies een waarschuwingsgesprek of een stopgesprek."},
    )
    datum = forms.DateField(
        label="Datum van het gesprek",
        widget=DateInput,
        error_messages={
            "required": "Vul de datum van het gesprek in.",
            "invalid": "Vul een geldige datum in (dd-mm-jjjj).",
        },
    )
    tijd = forms.TimeField(
        label="Tijd",
        widget=TimeInput,
        error_messages={
            "required": "Vul de tijd van het gesprek in.",
            "invalid": "Vul een geldige tijd in (uu:mm).",
        },
    )
    locatie = forms.CharField(
        label="Locatie",
        max_length=200,
        help_text="Bijvoorbeeld: Stadskantoor, kamer 4.12.",
        error_messages={"required": "Vul in waar het gesprek plaatsvindt."},
    )
    aanleiding = forms.CharField(
        label="Aanleiding",
        max_length=validators.MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Wat is vastgesteld, waar en wanneer. Deze tekst komt in de uitnodigingsbrief.",
        error_messages={"required": "Schrijf de aanleiding: wat is vastgesteld, waar en wanneer."},
    )

    def __init__(self, *args: Any, soort_vast: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if soort_vast:
            self.fields["soort"].choices = [  # type: ignore[attr-defined]
                (soort_vast, Gesprekssoort(soort_vast).label)
            ]
            self.fields["soort"].initial = soort_vast

    def gepland_op(self) -> datetime:
        return timezone.make_aware(
            datetime.combine(self.cleaned_data["datum"], self.cleaned_data["tijd"])
        )


class VerslagForm(NLDesignFormMixin, forms.Form):
    gehouden_op = forms.DateField(
        label="Gehouden op",
        widget=DateInput,
        error_messages={
            "required": "Vul de datum in waarop het gesprek is gehouden.",
            "invalid": "Vul een geldige datum in (dd-mm-jjjj).",
        },
    )
    deelnemers = forms.CharField(
        label="Deelnemers",
        max_length=validators.MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Wie namen deel, namens de eigenaar en namens de gemeente.",
        error_messages={"required": "Noem wie aan het gesprek deelnamen."},
    )
    afspraken = forms.CharField(
        label="Afspraken",
        max_length=validators.MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Leg de gemaakte afspraken vast."},
    )


class AfzeggenForm(NLDesignFormMixin, forms.Form):
    reden = forms.CharField(
        label="Reden van afzeggen",
        max_length=validators.MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Geef de reden van het afzeggen."},
    )


class AfhandelingForm(NLDesignFormMixin, forms.Form):
    afhandeling = forms.CharField(
        label="Afhandeling",
        max_length=validators.MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Welk handhavingstraject is gestart, of waarom niet.",
        error_messages={"required": "Schrijf hoe de signalering is afgehandeld."},
    )


class NietNuForm(NLDesignFormMixin, forms.Form):
    reden = forms.CharField(
        label="Reden",
        max_length=validators.MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Waarom er nu geen stopgesprek komt. Een nieuwe overtreding legt de "
        "eigenaar opnieuw voor.",
        error_messages={"required": "Geef de reden waarom er nu geen stopgesprek komt."},
    )
