from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone

from goedwonen.accounts.models import Organisatie, User
from goedwonen.core import validators
from goedwonen.core.categories import Categorie
from goedwonen.core.forms import CHOOSE, AdresFields, DateInput, NLDesignFormMixin
from goedwonen.core.lists import people_who_can
from goedwonen.core.policy import Capability

from .models import Casusstatus, Herkomst, Onderdeel, Partijrol, Resultaat
from .selectors import OpenCasus
from .workflow import ALLOWED, SHARING_HORIZON_YEARS


def directors_in(organisatie: Organisatie | None) -> list[tuple[str, str]]:
    """The people of the organisation who may direct a case, as choices."""
    return people_who_can(organisatie.pk if organisatie else None, Capability.CASES_DIRECT)


class OpenCasesConfirmed(forms.MultipleChoiceField):
    """The open cases on the address beside which the person confirms a new case, by
    reference. They are offered once the address is known (for a case on a typed address:
    after the first post); the service checks them against the cases that are open."""

    def valid_value(self, value: str) -> bool:
        return True


class CasusForm(NLDesignFormMixin, forms.Form):
    titel = forms.CharField(label="Titel", max_length=validators.MAX_TITLE)
    categorieen = forms.MultipleChoiceField(
        label="Probleemcategorieën",
        choices=Categorie.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Eén casus kan meerdere problemen hebben.",
    )
    casusregisseur = forms.ChoiceField(label="Casusregisseur")
    naast_open_casussen = OpenCasesConfirmed(
        label="Toch een nieuwe casus op dit adres, naast",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, organisatie: Organisatie | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["casusregisseur"].choices = directors_in(organisatie)  # type: ignore[attr-defined]

    def offer_open_cases(self, open_cases: Sequence[OpenCasus]) -> None:
        """Ask to confirm a new case beside each open case on the address."""
        self.fields["naast_open_casussen"].choices = [  # type: ignore[attr-defined]
            (c.referentie, f"casus {c.referentie} ({c.organisatie})") for c in open_cases
        ]

    def clean_casusregisseur(self) -> User:
        return User.objects.get(pk=self.cleaned_data["casusregisseur"])


class CasusAdresForm(AdresFields, CasusForm):
    """A case without a report: from the case table, a proactive selection or a partner."""

    herkomst = forms.ChoiceField(
        label="Herkomst",
        choices=[(h, label) for h, label in Herkomst.choices if h != Herkomst.MELDING],
    )

    field_order = [
        "herkomst",
        "postcode",
        "huisnummer",
        "huisletter",
        "toevoeging",
        "titel",
        "categorieen",
        "casusregisseur",
        "naast_open_casussen",
    ]


class PartijForm(NLDesignFormMixin, forms.Form):
    rol = forms.ChoiceField(label="Rol", choices=[("", "Kies een rol"), *Partijrol.choices])
    # Filled by the owner picker (a choice among the owners found by name or KvK number).
    eigenaar_id = forms.CharField(
        label="Eigenaar uit de registratie",
        required=False,
        max_length=40,
        help_text="Voor een eigenaar of verhuurder die in de registratie staat.",
    )
    omschrijving = forms.CharField(
        label="Omschrijving",
        required=False,
        max_length=200,
        help_text="Bijvoorbeeld de naam van een bemiddelaar, of '4 bewoners' (geen namen).",
    )


class StatusForm(NLDesignFormMixin, forms.Form):
    naar = forms.ChoiceField(label="Nieuwe status")
    reden = forms.CharField(
        label="Reden", widget=forms.Textarea(attrs={"rows": 2}), max_length=validators.MAX_REASON
    )

    def __init__(self, *args: Any, status: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["naar"].choices = [  # type: ignore[attr-defined]
            (s, Casusstatus(s).label)
            for s in Casusstatus.values
            if s in ALLOWED.get(status, ()) and s != Casusstatus.GESLOTEN
        ]


class CloseForm(NLDesignFormMixin, forms.Form):
    resultaat = forms.ChoiceField(
        label="Resultaat",
        choices=[("", "Kies het resultaat"), *Resultaat.choices],
        help_text="Het resultaat bepaalt de bewaartermijn (Selectielijst 2020, procestype 12).",
    )
    reden = forms.CharField(
        label="Toelichting",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=validators.MAX_REASON,
    )
    taken_laten_vervallen = forms.BooleanField(
        label="De open taken hierboven vervallen met het sluiten van de casus", required=False
    )


class ShareForm(NLDesignFormMixin, forms.Form):
    organisatie = forms.ModelChoiceField(
        label="Organisatie", queryset=Organisatie.objects.filter(actief=True), empty_label=CHOOSE
    )
    rol = forms.CharField(label="Rol in deze casus", max_length=120)
    doel = forms.CharField(label="Doel van het delen", max_length=300)
    grondslag = forms.CharField(
        label="Grondslag",
        max_length=300,
        help_text="De wettelijke grondslag voor de verstrekking, bv. Wet politiegegevens art. 16.",
    )
    onderdelen = forms.MultipleChoiceField(
        label="Welke onderdelen",
        choices=Onderdeel.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    tot = forms.DateField(
        label="Tot en met",
        widget=DateInput,
        help_text=f"Ten hoogste {SHARING_HORIZON_YEARS} jaar vooruit; daarna deelt u opnieuw.",
    )

    def __init__(self, *args: Any, exclude_organisatie: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisatie"]
        field.queryset = field.queryset.exclude(pk=exclude_organisatie)  # type: ignore[attr-defined]
        self.fields["tot"].initial = timezone.localdate() + timedelta(days=90)


class TaakForm(NLDesignFormMixin, forms.Form):
    titel = forms.CharField(label="Taak", max_length=validators.MAX_TITLE)
    organisatie = forms.ModelChoiceField(
        label="Voor organisatie",
        queryset=Organisatie.objects.filter(actief=True),
        empty_label=CHOOSE,
    )
    deadline = forms.DateField(label="Deadline", widget=DateInput)
    omschrijving = forms.CharField(
        label="Toelichting",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=validators.MAX_DESCRIPTION,
    )
    woningbezoek = forms.BooleanField(
        label="Woningbezoek: het vastleggen van het bezoek rondt de taak af", required=False
    )


class SjablonenForm(NLDesignFormMixin, forms.Form):
    sjablonen = forms.MultipleChoiceField(
        label="Standaardtaken", widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sjablonen"].choices = choices  # type: ignore[attr-defined]


class AfrondForm(NLDesignFormMixin, forms.Form):
    uitkomst = forms.CharField(
        label="Uitkomst",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=validators.MAX_DESCRIPTION,
    )


class NotitieForm(NLDesignFormMixin, forms.Form):
    tekst = forms.CharField(
        label="Notitie",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=validators.MAX_NOTE,
        help_text=f"Ten hoogste {validators.MAX_NOTE} tekens.",
    )


class TaakToewijzenForm(NLDesignFormMixin, forms.Form):
    """The task list's bulk assignment: the ticked tasks to one person of the organisation,
    or back to the organisation as a whole (empty)."""

    toegewezen_aan = forms.ChoiceField(
        label="Toewijzen aan",
        required=False,
        error_messages={"invalid_choice": "Kies een medewerker uit de lijst."},
    )

    def __init__(self, *args: Any, organisatie_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["toegewezen_aan"].choices = [  # type: ignore[attr-defined]
            ("", "De organisatie (niemand in het bijzonder)"),
            *people_who_can(organisatie_id, Capability.TASKS_WORK),
        ]

    def clean_toegewezen_aan(self) -> User | None:
        value = self.cleaned_data.get("toegewezen_aan")
        return User.objects.filter(pk=value).first() if value else None


class AdresToevoegenForm(NLDesignFormMixin, forms.Form):
    """An address added to a case, picked with the address search (its BAG id)."""

    nummeraanduiding = forms.CharField(
        label="Adres",
        max_length=16,
        error_messages={"required": "Zoek het adres en kies het uit de lijst."},
    )
    naast_open_casussen = OpenCasesConfirmed(
        label="Toch aan deze casus toevoegen, naast",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def offer_open_cases(self, references: Sequence[str]) -> None:
        self.fields["naast_open_casussen"].choices = [  # type: ignore[attr-defined]
            (r, f"casus {r}") for r in references
        ]


class SamenvoegenForm(NLDesignFormMixin, forms.Form):
    doel = forms.CharField(label="Casus", max_length=20)
