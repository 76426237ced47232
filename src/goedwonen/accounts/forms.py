from __future__ import annotations

from django import forms

from goedwonen.core.forms import NLDesignFormMixin
from goedwonen.core.policy import Capability
from goedwonen.registry.models import Gebied

from .models import Organisatie, Organisatiesoort, Rol, Team, User
from .rules import CORE, EVERY_KIND, FOUR_EYES, HOLDERS, MUNICIPAL, needs_four_eyes


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


CODE_FIELD = {
    "label": "Code",
    "max_length": 40,
    "regex": r"^[a-z0-9][a-z0-9-]*$",
    "error_messages": {"invalid": "Gebruik alleen kleine letters, cijfers en streepjes."},
}


class OrganisatieForm(NLDesignFormMixin, forms.Form):
    code = forms.RegexField(
        help_text="Kort en vast, bijvoorbeeld 'huurteam'. Kleine letters, cijfers en streepjes; "
        "later niet te wijzigen.",
        **CODE_FIELD,  # type: ignore[arg-type]
    )
    naam = forms.CharField(label="Naam", max_length=200)
    soort = forms.ChoiceField(
        label="Soort organisatie",
        choices=Organisatiesoort.choices,
        widget=forms.RadioSelect,
    )
    actief = forms.BooleanField(
        label="Actief: de mensen en systemen van de organisatie kunnen werken", required=False
    )

    def __init__(self, *args: object, create: bool, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if not create:
            del self.fields["code"]


class MemberField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        organisatie = obj.organisatie.naam if obj.organisatie else "geen organisatie"
        naam = obj.get_full_name() or obj.username
        return f"{naam} ({obj.username}, {organisatie})" + (
            "" if obj.is_active else ", geblokkeerd"
        )


class TeamForm(NLDesignFormMixin, forms.Form):
    naam = forms.CharField(label="Naam", max_length=120)
    gebieden = forms.ModelMultipleChoiceField(
        label="Gebieden van het team",
        queryset=Gebied.objects.all(),
        widget=CheckboxList,
        required=False,
    )
    leden = MemberField(
        label="Leden", queryset=User.objects.none(), widget=CheckboxList, required=False
    )

    def __init__(self, *args: object, people: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leden"].queryset = people  # type: ignore[attr-defined]


KIND_NOTES = {
    EVERY_KIND: "",
    MUNICIPAL: "alleen gemeentelijke organisaties",
    CORE: "alleen kernclusters",
}


def capability_choice_label(capability: Capability) -> str:
    """The capability's label, who may hold it (rules.HOLDERS) and whether it needs four eyes."""
    # A capability missing from the table is for core clusters only (rules.py).
    kinds = HOLDERS[capability].kinds if capability in HOLDERS else CORE
    notes = [KIND_NOTES.get(kinds, "")]
    if capability in FOUR_EYES:
        notes.append("gevoelig: werkt pas na goedkeuring door een tweede beheerder")
    notes = [n for n in notes if n]
    return capability.label + (f" ({'; '.join(notes)})" if notes else "")


class RolForm(NLDesignFormMixin, forms.Form):
    code = forms.RegexField(
        help_text="Kort en vast, bijvoorbeeld 'wijkcoach'. Later niet te wijzigen.",
        **CODE_FIELD,  # type: ignore[arg-type]
    )
    naam = forms.CharField(label="Naam", max_length=100)
    omschrijving = forms.CharField(
        label="Omschrijving", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    capabilities = forms.MultipleChoiceField(
        label="Bevoegdheden",
        choices=[(c.value, capability_choice_label(c)) for c in Capability],
        widget=CheckboxList,
        required=False,
    )

    def __init__(self, *args: object, create: bool, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if not create:
            del self.fields["code"]
