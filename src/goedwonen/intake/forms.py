from __future__ import annotations

from typing import Any

from django import forms

from goedwonen.accounts.models import Organisatie, Organisatiesoort, Team, User
from goedwonen.core import validators
from goedwonen.core.categories import Categorie
from goedwonen.core.forms import CleanedField, NLDesignFormMixin
from goedwonen.core.lists import people_anywhere_who_can, people_who_can
from goedwonen.core.policy import Capability

from .models import MelderSoort, Routeringsregel, Triage

STAFF_SOURCES = [
    ("telefoon", "Telefoon"),
    ("e-mail", "E-mail"),
    ("balie", "Balie of straat"),
    ("partner", "Partner (politie, corporatie, Stedin, wijkteam)"),
    ("so-systeem", "Zaaksysteem Stadsontwikkeling"),
    ("sb-systeem", "Zaaksysteem Stadsbeheer"),
    ("dirv-systeem", "Zaaksysteem Directie Veiligheid"),
]


class StaffRegisterForm(NLDesignFormMixin, forms.Form):
    bron = forms.ChoiceField(label="Binnengekomen via", choices=STAFF_SOURCES)
    bron_id = forms.CharField(
        label="Kenmerk in het bronsysteem",
        required=False,
        max_length=80,
        help_text="Bijvoorbeeld het zaaknummer; zo komt een melding nooit twee keer binnen.",
    )
    categorie = forms.ChoiceField(
        label="Categorie", choices=[("", "Kies een categorie"), *Categorie.choices]
    )
    omschrijving = forms.CharField(
        label="Omschrijving",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=validators.MAX_DESCRIPTION,
    )
    postcode = CleanedField(
        cleaner=validators.clean_postcode,
        label="Postcode",
        max_length=10,
        error_messages={"required": "Vul de postcode in, bijvoorbeeld 3083 AB."},
    )
    huisnummer = CleanedField(
        cleaner=validators.clean_huisnummer,
        label="Huisnummer",
        max_length=10,
        error_messages={"required": "Vul het huisnummer in, bijvoorbeeld 10."},
    )
    huisletter = CleanedField(
        cleaner=validators.clean_huisletter, label="Huisletter", max_length=5, required=False
    )
    toevoeging = CleanedField(
        cleaner=validators.clean_toevoeging, label="Toevoeging", max_length=10, required=False
    )
    melder_soort = forms.ChoiceField(label="Soort melder", choices=MelderSoort.choices)
    naam = forms.CharField(label="Naam melder", max_length=validators.MAX_NAME, required=False)
    email = CleanedField(
        cleaner=validators.clean_email,
        label="E-mailadres melder",
        max_length=validators.MAX_EMAIL,
        required=False,
    )
    telefoon = CleanedField(
        cleaner=validators.clean_telefoon,
        label="Telefoon melder",
        max_length=validators.MAX_PHONE,
        required=False,
    )


def _directors() -> list[tuple[str, str]]:
    """The people a multidisciplinary report may go to: those who may direct a case (the
    capability that creating the case asks), so that the report reaches a director's queue."""
    return [("", "Kies een casusregisseur"), *people_anywhere_who_can(Capability.CASES_DIRECT)]


class TriageForm(NLDesignFormMixin, forms.Form):
    uitkomst = forms.ChoiceField(label="Uitkomst", choices=Triage.choices, widget=forms.RadioSelect)
    organisatie = forms.ModelChoiceField(
        label="Organisatie",
        required=False,
        empty_label="Kies een organisatie (bij monodisciplinair)",
        queryset=Organisatie.objects.filter(actief=True).exclude(soort=Organisatiesoort.EXTERN),
    )
    casusregisseur = forms.ChoiceField(
        label="Casusregisseur",
        required=False,
        error_messages={
            "invalid_choice": "Kies een casusregisseur uit de lijst: alleen wie casussen mag "
            "regisseren, kan de casus aanmaken."
        },
    )
    reden = forms.CharField(
        label="Reden", widget=forms.Textarea(attrs={"rows": 3}), max_length=validators.MAX_REASON
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["casusregisseur"].choices = _directors()  # type: ignore[attr-defined]

    def clean_casusregisseur(self) -> User | None:
        value = self.cleaned_data.get("casusregisseur")
        return User.objects.filter(pk=value).first() if value else None


class CloseForm(NLDesignFormMixin, forms.Form):
    reden = forms.CharField(
        label="Reden van afsluiten",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=validators.MAX_REASON,
    )


class RoutingRuleForm(NLDesignFormMixin, forms.ModelForm):
    class Meta:
        model = Routeringsregel
        fields = ["volgorde", "naam", "gebied", "categorie", "bron", "team", "actief"]
        labels = {
            "volgorde": "Volgorde (laagste eerst)",
            "naam": "Naam",
            "gebied": "Gebied (leeg: overal)",
            "categorie": "Categorie (leeg: alle)",
            "bron": "Bron (leeg: alle)",
            "team": "Team",
            "actief": "Actief",
        }


class RoutingRuleChangeForm(RoutingRuleForm):
    reden = forms.CharField(
        label="Reden van de wijziging",
        max_length=validators.MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ServiceNormForm(NLDesignFormMixin, forms.Form):
    """Sets the norm of one category (a new one, or the one that exists)."""

    categorie = forms.ChoiceField(
        label="Categorie",
        required=False,
        choices=[("", "Standaard (alle andere categorieën)"), *Categorie.choices],
    )
    dagen_triage = forms.IntegerField(label="Dagen tot triage", min_value=1, max_value=365)
    dagen_afhandeling = forms.IntegerField(
        label="Dagen tot afhandeling", min_value=1, max_value=730
    )
    reden = forms.CharField(
        label="Reden van de wijziging",
        required=False,
        max_length=validators.MAX_REASON,
        help_text="Nodig als de categorie al een norm heeft.",
    )


class AssignForm(NLDesignFormMixin, forms.Form):
    """The queue's bulk assignment: the ticked reports to one team or one handler."""

    team = forms.ModelChoiceField(
        label="Aan team",
        required=False,
        empty_label="Geen team kiezen",
        queryset=Team.objects.all(),
        error_messages={"invalid_choice": "Kies een team uit de lijst."},
    )
    behandelaar = forms.ChoiceField(
        label="Of aan behandelaar",
        required=False,
        error_messages={"invalid_choice": "Kies een behandelaar uit de lijst."},
    )

    def __init__(self, *args: Any, organisatie_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["behandelaar"].choices = [  # type: ignore[attr-defined]
            ("", "Geen behandelaar kiezen"),
            *people_who_can(organisatie_id, Capability.REPORTS_TRIAGE),
        ]

    def clean_behandelaar(self) -> User | None:
        value = self.cleaned_data.get("behandelaar")
        return User.objects.filter(pk=value).first() if value else None

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if not self.errors and (data.get("team") is None) == (data.get("behandelaar") is None):
            raise forms.ValidationError("Kies een team of een behandelaar (één van beide).")
        return data
