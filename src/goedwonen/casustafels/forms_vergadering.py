"""The forms of the meeting page: attendance, an item's record, a decision, a sharing
decision, a case for a new signal, a trend."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms

from goedwonen.accounts.models import Organisatie, User
from goedwonen.casussen.forms import ShareForm
from goedwonen.core import validators
from goedwonen.core.categories import Categorie
from goedwonen.core.forms import CHOOSE, DateInput, NLDesignFormMixin
from goedwonen.core.lists import people_who_can
from goedwonen.core.policy import Capability
from goedwonen.registry.models import Gebied

from .models import Aanwezigheid, Casustafel
from .services.vergadering import Aanwezig

PRESENT = [("ja", "Aanwezig"), ("nee", "Afwezig")]


class AanwezigheidForm(NLDesignFormMixin, forms.Form):
    """Per member organisation: present or absent, and the staff present."""

    def __init__(
        self,
        *args: Any,
        organisaties: Sequence[Organisatie],
        recorded: dict[int, Aanwezigheid],
        **kwargs: Any,
    ) -> None:
        self.organisaties = list(organisaties)
        # The fields depend on the table's members: declared per instance before the form
        # (and the mixin, which styles them) is set up.
        fields: dict[str, forms.Field] = {}
        for org in self.organisaties:
            earlier = recorded.get(org.pk)
            fields[f"aanwezig_{org.pk}"] = forms.ChoiceField(
                label=org.naam,
                choices=PRESENT,
                widget=forms.RadioSelect,
                initial=None if earlier is None else ("ja" if earlier.aanwezig else "nee"),
                error_messages={"required": f"Kies of {org.naam} aanwezig was."},
            )
            fields[f"personen_{org.pk}"] = forms.CharField(
                label=f"Aanwezig namens {org.naam}",
                required=False,
                max_length=300,
                initial="" if earlier is None else earlier.personen,
                help_text="Namen of functies van de medewerkers, gescheiden door komma's.",
            )
        self.base_fields = fields  # type: ignore[misc]  # Django's way for per-form fields
        super().__init__(*args, **kwargs)

    def rows(self) -> list[tuple[Organisatie, forms.BoundField, forms.BoundField]]:
        return [(o, self[f"aanwezig_{o.pk}"], self[f"personen_{o.pk}"]) for o in self.organisaties]

    def regels(self) -> list[Aanwezig]:
        data = self.cleaned_data
        return [
            Aanwezig(o, data[f"aanwezig_{o.pk}"] == "ja", data[f"personen_{o.pk}"])
            for o in self.organisaties
        ]


class VerslagForm(NLDesignFormMixin, forms.Form):
    bespreking = forms.CharField(
        label="Samenvatting van de bespreking",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=validators.MAX_DESCRIPTION,
    )
    strategie = forms.CharField(
        label="Afgesproken strategie",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=validators.MAX_DESCRIPTION,
    )
    escalatie = forms.CharField(
        label="Escalatie",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=validators.MAX_DESCRIPTION,
        help_text="Waarheen en waarom, als de tafel opschaalt of een dossier opbouwt.",
    )
    opgeschaald = forms.BooleanField(label="De tafel schaalt deze casus op", required=False)


def _member_organisations(tafel: Casustafel) -> Any:
    from .selectors import running_members

    return Organisatie.objects.filter(
        pk__in=running_members(tafel).values("organisatie_id")
    ).order_by("naam")


@dataclass(frozen=True)
class Ledenkeuze:
    """The choices of the table's forms: its member organisations and their people who work
    tasks. Read once for a page, whatever the number of items (and forms) on it."""

    organisaties: list[Organisatie]
    medewerkers: list[tuple[str, str]]  # (id, "name (organisation)")


def ledenkeuze(tafel: Casustafel) -> Ledenkeuze:
    organisaties = list(_member_organisations(tafel))
    return Ledenkeuze(
        organisaties,
        [
            (pk, f"{naam} ({org.naam})")
            for org in organisaties
            for pk, naam in people_who_can(org.pk, Capability.TASKS_WORK)
        ],
    )


def _organisation_choices(
    field: forms.Field, organisaties: Sequence[Organisatie], exclude: int | None = None
) -> None:
    """Set a ModelChoiceField's choices from organisations read already (a queryset of its
    own would be read again for every form); the queryset still checks what is posted."""
    field.choices = [  # type: ignore[attr-defined]
        ("", CHOOSE),
        *((o.pk, str(o)) for o in organisaties if o.pk != exclude),
    ]


class AfspraakForm(NLDesignFormMixin, forms.Form):
    omschrijving = forms.CharField(
        label="Afspraak",
        max_length=validators.MAX_TITLE,
        help_text="Wat er gebeurt, zonder namen of adressen: elk lid leest de afspraak.",
    )
    organisatie = forms.ModelChoiceField(
        label="Organisatie", queryset=Organisatie.objects.none(), empty_label=CHOOSE
    )
    eigenaar = forms.ChoiceField(
        label="Medewerker",
        required=False,
        help_text="Leeg: de organisatie als geheel.",
        error_messages={"invalid_choice": "Kies een medewerker uit de lijst."},
    )
    deadline = forms.DateField(label="Deadline", widget=DateInput)

    def __init__(
        self, *args: Any, tafel: Casustafel, keuze: Ledenkeuze | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        keuze = keuze or ledenkeuze(tafel)
        self.fields["organisatie"].queryset = _member_organisations(tafel)  # type: ignore[attr-defined]
        _organisation_choices(self.fields["organisatie"], keuze.organisaties)
        self.fields["eigenaar"].choices = [  # type: ignore[attr-defined]
            ("", "De organisatie als geheel"),
            *keuze.medewerkers,
        ]

    def clean_eigenaar(self) -> User | None:
        value = self.cleaned_data.get("eigenaar")
        return User.objects.filter(pk=value).first() if value else None


class DelingsbesluitForm(ShareForm):
    """Sharing the case with a member organisation: the case page's form, the organisations
    limited to the table's members."""

    def __init__(
        self,
        *args: Any,
        tafel: Casustafel,
        exclude_organisatie: int,
        keuze: Ledenkeuze | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, exclude_organisatie=exclude_organisatie, **kwargs)
        field = self.fields["organisatie"]
        field.queryset = _member_organisations(tafel).exclude(pk=exclude_organisatie)  # type: ignore[attr-defined]
        if keuze is not None:
            _organisation_choices(field, keuze.organisaties, exclude=exclude_organisatie)


class CasusAanmakenForm(NLDesignFormMixin, forms.Form):
    titel = forms.CharField(label="Titel van de casus", max_length=validators.MAX_TITLE)
    categorieen = forms.MultipleChoiceField(
        label="Probleemcategorieën", choices=Categorie.choices, widget=forms.CheckboxSelectMultiple
    )


class SignaalForm(NLDesignFormMixin, forms.Form):
    categorie = forms.ChoiceField(label="Categorie", choices=[("", CHOOSE), *Categorie.choices])
    gebied = forms.ModelChoiceField(
        label="Buurt", queryset=Gebied.objects.none(), empty_label=CHOOSE
    )
    omschrijving = forms.CharField(
        label="Trend of signaal",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=validators.MAX_DESCRIPTION,
        help_text="Voor het jaarlijkse signalenrapport: zonder namen, adressen of postcodes.",
    )

    def __init__(self, *args: Any, tafel: Casustafel, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gebied"].queryset = tafel.gebieden.order_by("naam")  # type: ignore[attr-defined]
