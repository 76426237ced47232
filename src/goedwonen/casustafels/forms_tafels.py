"""Forms for setting up case tables and planning their meetings."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from goedwonen.accounts.forms import CheckboxList
from goedwonen.accounts.models import Organisatie, User
from goedwonen.core import validators
from goedwonen.core.forms import CHOOSE, DateInput, NLDesignFormMixin
from goedwonen.core.policy import Capability, can
from goedwonen.registry.models import Gebied, Gebiedssoort


class TimeInput(forms.TimeInput):
    input_type = "time"


WEEKDAGEN = [(0, "maandag"), (1, "dinsdag"), (2, "woensdag"), (3, "donderdag"), (4, "vrijdag")]


class PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        organisatie = obj.organisatie.naam if obj.organisatie else "geen organisatie"
        return f"{obj.get_full_name() or obj.username} ({organisatie})"


def people_holding(*capabilities: Capability) -> QuerySet[User]:
    """Active people who hold every one of the capabilities (roles are data: read per person)."""
    people = User.objects.filter(is_active=True).select_related("organisatie")
    people = people.prefetch_related("rollen").order_by("first_name", "last_name", "username")
    pks = [p.pk for p in people if all(can(p, c) for c in capabilities)]
    return (
        User.objects.filter(pk__in=pks)
        .select_related("organisatie")
        .order_by("first_name", "last_name", "username")
    )


class CasustafelForm(NLDesignFormMixin, forms.Form):
    naam = forms.CharField(
        label="Naam",
        max_length=120,
        help_text="Bijvoorbeeld: Casustafel Bloemhof.",
        error_messages={"required": "Vul de naam van de tafel in."},
    )
    gebieden = forms.ModelMultipleChoiceField(
        label="Buurten van de tafel",
        queryset=Gebied.objects.filter(soort=Gebiedssoort.BUURT).order_by("-focusgebied", "naam"),
        widget=CheckboxList,
        error_messages={"required": "Kies ten minste één buurt."},
    )
    voorzitter = PersonField(
        label="Voorzitter",
        queryset=User.objects.none(),
        empty_label=CHOOSE,
        help_text="Een casusregisseur.",
        error_messages={
            "required": "Kies de voorzitter.",
            "invalid_choice": "Kies een casusregisseur uit de lijst: de voorzitter moet "
            "casussen kunnen regisseren en aan casustafels kunnen deelnemen.",
        },
    )
    secretaris = PersonField(
        label="Secretaris",
        queryset=User.objects.none(),
        empty_label=CHOOSE,
        help_text="Meestal een administratief medewerker.",
        error_messages={
            "required": "Kies de secretaris.",
            "invalid_choice": "Kies iemand uit de lijst: de secretaris moet aan casustafels "
            "kunnen deelnemen.",
        },
    )
    interval_dagen = forms.IntegerField(
        label="Om de hoeveel dagen",
        min_value=7,
        max_value=56,
        initial=14,
        help_text="Het plan: elke twee weken (14 dagen).",
        error_messages={
            "required": "Vul in om de hoeveel dagen de tafel vergadert.",
            "min_value": "Vergader hoogstens eens per week (ten minste 7 dagen).",
            "max_value": "Vergader ten minste eens per acht weken (hoogstens 56 dagen).",
            "invalid": "Vul een heel aantal dagen in.",
        },
    )
    weekdag = forms.TypedChoiceField(
        label="Weekdag",
        choices=WEEKDAGEN,
        coerce=int,
        initial=1,
        error_messages={"invalid_choice": "Kies een werkdag."},
    )
    aanvang = forms.TimeField(
        label="Aanvang",
        widget=TimeInput,
        initial=time(10, 0),
        error_messages={
            "required": "Vul de aanvangstijd in.",
            "invalid": "Vul een geldige tijd in (uu:mm).",
        },
    )
    duur_minuten = forms.IntegerField(
        label="Duur in minuten",
        min_value=15,
        max_value=480,
        initial=120,
        error_messages={
            "required": "Vul de duur in minuten in.",
            "min_value": "Een vergadering duurt ten minste 15 minuten.",
            "max_value": "Een vergadering duurt hoogstens 480 minuten.",
            "invalid": "Vul een heel aantal minuten in.",
        },
    )
    locatie = forms.CharField(label="Locatie", max_length=200, required=False)
    indientermijn_dagen = forms.IntegerField(
        label="Inbrengen tot hoeveel dagen vooraf",
        min_value=0,
        max_value=14,
        initial=3,
        help_text="Agendapunten kunnen tot dit aantal dagen voor de vergadering worden ingebracht.",
        error_messages={
            "required": "Vul in tot hoeveel dagen vooraf men kan inbrengen.",
            "min_value": "Vul 0 of meer dagen in.",
            "max_value": "Vul hoogstens 14 dagen in.",
            "invalid": "Vul een heel aantal dagen in.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["voorzitter"].queryset = people_holding(  # type: ignore[attr-defined]
            Capability.CASES_DIRECT, Capability.CASETABLE_TAKE_PART
        )
        self.fields["secretaris"].queryset = people_holding(  # type: ignore[attr-defined]
            Capability.CASETABLE_TAKE_PART
        )


class TafellidForm(NLDesignFormMixin, forms.Form):
    organisatie = forms.ModelChoiceField(
        label="Organisatie",
        queryset=Organisatie.objects.none(),
        empty_label=CHOOSE,
        error_messages={"required": "Kies de organisatie."},
    )
    grondslag = forms.CharField(
        label="Grondslag",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Het convenant of de wettelijke grondslag waaronder zij deelneemt.",
        error_messages={"required": "Vul het convenant of de wettelijke grondslag in."},
    )
    sinds = forms.DateField(
        label="Lid vanaf",
        widget=DateInput,
        error_messages={
            "required": "Vul in vanaf wanneer.",
            "invalid": "Vul een geldige datum in.",
        },
    )

    def __init__(self, *args: Any, organisaties: QuerySet[Organisatie], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = organisaties  # type: ignore[attr-defined]


class BeeindigenForm(NLDesignFormMixin, forms.Form):
    tot = forms.DateField(
        label="Lid tot en met",
        widget=DateInput,
        error_messages={
            "required": "Vul de laatste dag in.",
            "invalid": "Vul een geldige datum in.",
        },
    )


class PlannenForm(NLDesignFormMixin, forms.Form):
    vanaf = forms.DateField(
        label="Plannen vanaf",
        widget=DateInput,
        error_messages={
            "required": "Vul in vanaf wanneer.",
            "invalid": "Vul een geldige datum in.",
        },
    )
    tot = forms.DateField(
        label="Plannen tot en met",
        widget=DateInput,
        error_messages={"required": "Vul in tot wanneer.", "invalid": "Vul een geldige datum in."},
    )


class VerplaatsenForm(NLDesignFormMixin, forms.Form):
    datum = forms.DateField(
        label="Nieuwe datum",
        widget=DateInput,
        error_messages={
            "required": "Vul de nieuwe datum in.",
            "invalid": "Vul een geldige datum in.",
        },
    )
    tijd = forms.TimeField(
        label="Nieuwe aanvang",
        widget=TimeInput,
        error_messages={
            "required": "Vul de aanvangstijd in.",
            "invalid": "Vul een geldige tijd in (uu:mm).",
        },
    )
    locatie = forms.CharField(label="Locatie", max_length=200, required=False)
    reden = forms.CharField(
        label="Reden",
        max_length=validators.MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="De leden zien waarom de vergadering verplaatst is.",
        error_messages={"required": "Vul de reden in: de leden zien waarom."},
    )

    def begint_op(self) -> datetime:
        return timezone.make_aware(
            datetime.combine(self.cleaned_data["datum"], self.cleaned_data["tijd"])
        )


class AnnulerenForm(NLDesignFormMixin, forms.Form):
    reden = forms.CharField(
        label="Reden",
        max_length=validators.MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="De leden zien waarom de vergadering niet doorgaat.",
        error_messages={"required": "Vul de reden in: de leden zien waarom."},
    )
