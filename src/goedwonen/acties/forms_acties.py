"""Forms for making an integral action and setting it up."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from goedwonen.accounts.forms import CheckboxList
from goedwonen.accounts.models import Organisatie, User
from goedwonen.analytics.forms import AdresToevoegenForm
from goedwonen.casussen.models import Onderdeel
from goedwonen.core import validators
from goedwonen.core.categories import Categorie
from goedwonen.core.forms import CHOOSE, DateInput, NLDesignFormMixin
from goedwonen.registry.models import Gebied

from .models import Toegangsbasis
from .selectors import PARTNER_PARTS


class PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        organisatie = obj.organisatie.naam if obj.organisatie else "geen organisatie"
        return f"{obj.get_full_name() or obj.username} ({organisatie})"


class PeopleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        organisatie = obj.organisatie.naam if obj.organisatie else "geen organisatie"
        return f"{obj.get_full_name() or obj.username} ({organisatie})"


class ActieForm(NLDesignFormMixin, forms.Form):
    naam = forms.CharField(
        label="Naam",
        max_length=200,
        help_text="Bijvoorbeeld: Integrale actie Carnisse, voorjaar.",
        error_messages={"required": "Geef de actie een naam."},
    )
    datum = forms.DateField(
        label="Datum",
        widget=DateInput,
        error_messages={
            "required": "Vul de datum van de actie in.",
            "invalid": "Vul een geldige datum in, bijvoorbeeld 14-04-2026.",
        },
    )
    gebied = forms.ModelChoiceField(
        label="Gebied",
        queryset=Gebied.objects.order_by("-focusgebied", "naam"),
        empty_label=CHOOSE,
        help_text="De buurt of wijk waarvoor de actie telt.",
        error_messages={
            "required": "Kies het gebied van de actie.",
            "invalid_choice": "Kies een gebied uit de lijst.",
        },
    )
    leider = PersonField(
        label="Leider",
        queryset=User.objects.none(),
        empty_label=CHOOSE,
        help_text="Een casusregisseur van uw organisatie: regisseert de casussen van de adressen.",
        error_messages={
            "required": "Kies de leider.",
            "invalid_choice": "Kies een casusregisseur van uw organisatie uit de lijst.",
        },
    )
    doel = forms.CharField(
        label="Doel waarvoor de actie telt",
        max_length=200,
        required=False,
        help_text="Leeg: het doel van het plan (ten minste 12 integrale acties per jaar).",
    )
    adressen_per_team = forms.IntegerField(
        label="Adressen per team",
        min_value=1,
        max_value=100,
        initial=12,
        help_text="Wat een team op een dag redelijk kan bezoeken; de rest blijft reserve.",
        error_messages={
            "required": "Vul in hoeveel adressen een team op een dag bezoekt.",
            "invalid": "Vul een heel getal in.",
            "min_value": "Vul ten minste 1 in.",
            "max_value": "Vul ten hoogste 100 in.",
        },
    )

    def __init__(self, *args: Any, leiders: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leider"].queryset = leiders  # type: ignore[attr-defined]


class HandmatigeActieForm(ActieForm):
    reden_handmatig = forms.CharField(
        label="Waarom een handmatige adreslijst",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=validators.MAX_REASON,
        help_text="Een actie komt normaal uit een goedgekeurde selectie; zeg waarom deze niet.",
        error_messages={
            "required": "Zeg waarom deze actie niet uit een goedgekeurde selectie komt."
        },
    )


class PartnerForm(NLDesignFormMixin, forms.Form):
    organisatie = forms.ModelChoiceField(
        label="Organisatie",
        queryset=Organisatie.objects.none(),
        empty_label=CHOOSE,
        error_messages={
            "required": "Kies de organisatie.",
            "invalid_choice": "Kies een organisatie uit de lijst.",
        },
    )
    grondslag = forms.CharField(
        label="Grondslag",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=validators.MAX_REASON,
        help_text="Op welke wettelijke grondslag of welk convenant de organisatie binnentreedt "
        "en gegevens inziet.",
        error_messages={"required": "Leg de grondslag vast."},
    )
    onderdelen = forms.MultipleChoiceField(
        label="Wat de organisatie van elk adres ziet",
        choices=[(o.value, o.label) for o in PARTNER_PARTS],
        widget=CheckboxList,
        required=False,
        help_text="Adres, binnentreden en veiligheid ziet elk teamlid. Bij het plannen worden "
        "de casussen voor deze onderdelen met de organisatie gedeeld.",
    )
    ziet_redenen = forms.BooleanField(
        label="Ziet waarom een adres geselecteerd is (signaal, geen bewijs)", required=False
    )
    controleert = forms.MultipleChoiceField(
        label="Wat de organisatie controleert",
        choices=Categorie.choices,
        widget=CheckboxList,
        required=False,
    )
    taak = forms.CharField(
        label="Taak op de dag",
        max_length=300,
        required=False,
        help_text="In eigen woorden, bijvoorbeeld: veiligheid en identiteit bewoners.",
    )

    def __init__(self, *args: Any, organisaties: QuerySet[Organisatie], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = organisaties  # type: ignore[attr-defined]


class TeamForm(NLDesignFormMixin, forms.Form):
    naam = forms.CharField(
        label="Naam", max_length=80, error_messages={"required": "Geef het team een naam."}
    )
    leden = PeopleField(
        label="Teamleden",
        queryset=User.objects.none(),
        widget=CheckboxList,
        help_text="Mensen van de organiserende en de deelnemende organisaties. Zet in elk team "
        "iemand die bezoeken mag vastleggen.",
        error_messages={
            "required": "Kies ten minste één teamlid.",
            "invalid_choice": "Kies teamleden uit de lijst: %(value)s hoort daar niet bij.",
        },
    )

    def __init__(self, *args: Any, kandidaten: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leden"].queryset = kandidaten  # type: ignore[attr-defined]


class ActieAdresForm(AdresToevoegenForm):
    """An address added by hand: the address (the selection's picker) and its reason."""


class AdresWijzigenForm(NLDesignFormMixin, forms.Form):
    toegangsbasis = forms.ChoiceField(
        label="Basis voor binnentreden",
        choices=Toegangsbasis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies de basis voor binnentreden."},
    )
    veiligheid = forms.CharField(
        label="Veiligheidsaandachtspunten",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=validators.MAX_REASON,
        required=False,
        help_text="Wat elk teamlid moet weten; geen gegevens over bewoners die daar niet voor "
        "nodig zijn.",
    )


class AnnulerenForm(NLDesignFormMixin, forms.Form):
    reden = forms.CharField(
        label="Reden",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=validators.MAX_REASON,
        error_messages={"required": "Zeg waarom de actie niet doorgaat."},
    )


ONDERDELEN = dict(Onderdeel.choices)
