from __future__ import annotations

from django import forms

from goedwonen.core.forms import NLDesignFormMixin


class CodeForm(NLDesignFormMixin, forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=40,
        help_text="De zes cijfers uit uw authenticator-app, of een van uw herstelcodes.",
        error_messages={"required": "Vul de code in."},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text"}),
    )


class TotpSetupForm(NLDesignFormMixin, forms.Form):
    code = forms.CharField(
        label="Code uit de app",
        max_length=10,
        help_text="De zes cijfers die de app toont nadat u de QR-code hebt gescand.",
        error_messages={"required": "Vul de code uit de app in."},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ResetForm(NLDesignFormMixin, forms.Form):
    reden = forms.CharField(
        label="Reden",
        max_length=500,
        help_text="Bijvoorbeeld: telefoon kwijt, gemeld door de medewerker zelf op 3 maart.",
        error_messages={"required": "Geef de reden voor de reset."},
        widget=forms.Textarea(attrs={"rows": 3}),
    )
