from __future__ import annotations

from django import forms

from goedwonen.core.forms import NLDesignFormMixin

from .models import Organisatie, Rol, Team
from .rules import needs_four_eyes


class CheckboxList(forms.CheckboxSelectMultiple):
    template_name = "accounts/_checkbox_list.html"


class RolesField(forms.ModelMultipleChoiceField):
    """Roles to tick; those that need a second administrator say so."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("label", "Rollen")
        super().__init__(queryset=Rol.objects.all(), widget=CheckboxList, required=False, **kwargs)

    def label_from_instance(self, obj: Rol) -> str:
        if needs_four_eyes(obj.capabilities):
            return f"{obj.naam} (gevoelig: werkt na goedkeuring door een tweede beheerder)"
        return obj.naam


class UserCreateForm(NLDesignFormMixin, forms.Form):
    username = forms.RegexField(
        label="Gebruikersnaam",
        max_length=150,
        regex=r"^[a-z0-9][a-z0-9._-]*$",
        help_text="Kleine letters, cijfers, punt, streepje of liggend streepje.",
        error_messages={"invalid": "Gebruik alleen kleine letters, cijfers, punt en streepjes."},
    )
    first_name = forms.CharField(label="Voornaam", max_length=150)
    last_name = forms.CharField(label="Achternaam", max_length=150)
    email = forms.EmailField(label="E-mailadres")
    organisatie = forms.ModelChoiceField(
        label="Organisatie",
        queryset=Organisatie.objects.filter(actief=True),
        empty_label="Kies een organisatie",
    )
    rollen = RolesField()
    teams = forms.ModelMultipleChoiceField(
        label="Gebiedsteams", queryset=Team.objects.all(), widget=CheckboxList, required=False
    )
    password = forms.CharField(
        label="Eerste wachtwoord",
        widget=forms.PasswordInput(render_value=False),
        help_text="Ten minste 12 tekens. Geef het de gebruiker via een apart kanaal.",
    )


class UserUpdateForm(NLDesignFormMixin, forms.Form):
    rollen = RolesField()
    teams = forms.ModelMultipleChoiceField(
        label="Gebiedsteams", queryset=Team.objects.all(), widget=CheckboxList, required=False
    )
    is_active = forms.BooleanField(label="Account actief (mag inloggen)", required=False)


class ApiTokenCreateForm(NLDesignFormMixin, forms.Form):
    naam = forms.CharField(
        label="Naam van het systeem", max_length=120, help_text="Bijvoorbeeld: BVH politie."
    )
    organisatie = forms.ModelChoiceField(
        label="Organisatie",
        queryset=Organisatie.objects.filter(actief=True),
        empty_label="Kies een organisatie",
    )
    rollen = RolesField(label="Rollen van het token")
