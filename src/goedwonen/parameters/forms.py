"""The form an administrator makes a new version of a check parameter with."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from goedwonen.core import validators
from goedwonen.core.forms import DateInput, NLDesignFormMixin

from .definities import Definitie


class ParameterversieForm(NLDesignFormMixin, forms.Form):
    waarde = forms.DecimalField(label="Nieuwe waarde", max_digits=12, decimal_places=2)
    geldig_vanaf = forms.DateField(
        label="Geldig vanaf",
        widget=DateInput,
        help_text=(
            "Vandaag of later. Bezoeken op een eerdere datum houden de waarde die toen gold; "
            "een vastgelegde uitkomst verandert nooit."
        ),
    )
    bron = forms.CharField(
        label="Bron",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=validators.MAX_DESCRIPTION,
        help_text="De wet, het besluit of de beleidsregel waar de waarde uit komt.",
    )
    reden = forms.CharField(
        label="Reden van de wijziging",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=validators.MAX_REASON,
    )

    def __init__(self, *args: Any, definitie: Definitie, bron: str, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"geldig_vanaf": timezone.localdate(), "bron": bron})
        super().__init__(*args, **kwargs)
        # The service checks the range and whole numbers, with the unit in its message.
        self.fields["waarde"].label = f"Nieuwe waarde ({definitie.eenheid})"
        self.fields["waarde"].help_text = definitie.uitleg
        self.fields["waarde"].widget.attrs["aria-describedby"] = f"{self['waarde'].auto_id}_help"
