"""Forms of the procedure pages: they parse; the services decide."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone

from goedwonen.core import display, validators
from goedwonen.core.forms import CHOOSE, DateInput, NLDesignFormMixin

from .models import Instrumentversie, Rechtsmiddelsoort, Trajectstap, Trajectstatus, Uitspraak


class StartForm(NLDesignFormMixin, forms.Form):
    instrument = forms.ChoiceField(label="Instrument")
    eigenaar = forms.ChoiceField(
        label="Geadresseerde", help_text="De eigenaar of verhuurder aan wie de brieven gaan."
    )
    aanleiding = forms.CharField(
        label="Aanleiding",
        max_length=validators.MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Wat is vastgesteld, waar en wanneer (bijvoorbeeld de bevinding van het bezoek).",
    )
    last = forms.CharField(
        label="Last",
        required=False,
        max_length=validators.MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Wat de overtreder moet doen, zoals het in de brieven komt (bijvoorbeeld: "
        "zorg dat in de woning niet meer dan vier personen wonen).",
    )

    def __init__(
        self,
        *args: Any,
        versies: Sequence[Instrumentversie],
        geadresseerden: Sequence[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.versies = {str(v.pk): v for v in versies}
        self.fields["instrument"].choices = [("", CHOOSE)] + [  # type: ignore[attr-defined]
            (str(v.pk), f"{v.instrument.naam} ({v.regeling}, {v.artikel})") for v in versies
        ]
        self.fields["eigenaar"].choices = [("", CHOOSE)] + [  # type: ignore[attr-defined]
            (str(pk), naam) for pk, naam in geadresseerden
        ]

    def clean_instrument(self) -> Instrumentversie:
        return self.versies[self.cleaned_data["instrument"]]

    def clean_eigenaar(self) -> int:
        return int(self.cleaned_data["eigenaar"])


class StapForm(NLDesignFormMixin, forms.Form):
    datum = forms.DateField(label="Datum van de stap", widget=DateInput)
    uitkomst = forms.CharField(
        label="Uitkomst of toelichting",
        required=False,
        max_length=validators.MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    bedrag = forms.DecimalField(
        label="Bedrag in euro",
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        localize=True,
    )
    bedrag_maximum = forms.DecimalField(
        label="Maximumbedrag in euro",
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        localize=True,
        help_text="Bij een dwangsom: het bedrag waarboven geen dwangsom meer wordt verbeurd.",
    )
    nageleefd = forms.TypedChoiceField(
        label="Is de last nageleefd?",
        required=False,
        choices=[("ja", "Ja, de overtreding is beëindigd"), ("nee", "Nee, niet nageleefd")],
        coerce=lambda v: v == "ja",
        empty_value=None,
        widget=forms.RadioSelect,
    )
    # The decision of a bestuurlijke boete only (see __init__).
    boete_categorie = forms.ChoiceField(
        label="Overtreding",
        required=False,
        help_text="De overtredingen van het boetebeleid dat vandaag geldt.",
    )
    bedrijfsmatig = forms.TypedChoiceField(
        label="Bedrijfsmatige verhuur?",
        required=False,
        choices=[("ja", "Ja"), ("nee", "Nee")],
        coerce=lambda v: v == "ja",
        empty_value=None,
        widget=forms.RadioSelect,
    )
    afwijking_reden = forms.CharField(
        label="Reden om af te wijken van het voorstel",
        required=False,
        max_length=validators.MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Verplicht als het bedrag afwijkt van het voorstel.",
    )

    def __init__(
        self,
        *args: Any,
        soort: str = "",
        boete_categorieen: Sequence[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        """`boete_categorieen` (code, name) makes it the decision form of a bestuurlijke
        boete: the offence, business-like letting, the amount and the reason to deviate."""
        kwargs.setdefault("initial", {"datum": timezone.localdate()})
        super().__init__(*args, **kwargs)
        if soort != "hercontrole":
            del self.fields["nageleefd"]
        if boete_categorieen is None:
            for name in ("boete_categorie", "bedrijfsmatig", "afwijking_reden"):
                del self.fields[name]
            return
        del self.fields["bedrag_maximum"]
        categorie = self.fields["boete_categorie"]
        assert isinstance(categorie, forms.ChoiceField)
        categorie.choices = [("", CHOOSE), *boete_categorieen]
        categorie.required = True
        self.fields["bedrijfsmatig"].required = True
        bedrag = self.fields["bedrag"]
        bedrag.label = "Boetebedrag in euro"
        bedrag.help_text = "Leeg: het bedrag dat het boetebeleid voorstelt."
        bedrag.widget.attrs["aria-describedby"] = f"{self._field_id('bedrag')}_help"


class VerzendForm(forms.Form):
    """Nothing to fill in: the button says it."""


class RechtsmiddelForm(NLDesignFormMixin, forms.Form):
    soort = forms.ChoiceField(label="Soort", choices=Rechtsmiddelsoort.choices)
    stap = forms.ChoiceField(label="Tegen het besluit")
    ingediend_op = forms.DateField(label="Ingediend op", widget=DateInput)
    toelichting = forms.CharField(
        label="Toelichting",
        required=False,
        max_length=validators.MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, besluiten: Sequence[Trajectstap], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.besluiten = {str(s.pk): s for s in besluiten}
        self.fields["stap"].choices = [  # type: ignore[attr-defined]
            (str(s.pk), f"{s.naam} van {display.datum(s.datum)}") for s in besluiten
        ]

    def clean_stap(self) -> Trajectstap:
        return self.besluiten[self.cleaned_data["stap"]]


class BeslissingForm(NLDesignFormMixin, forms.Form):
    datum = forms.DateField(label="Datum van de beslissing", widget=DateInput)
    uitspraak = forms.ChoiceField(label="Uitkomst", choices=[("", CHOOSE), *Uitspraak.choices])
    toelichting = forms.CharField(
        label="Toelichting",
        required=False,
        max_length=validators.MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SluitForm(NLDesignFormMixin, forms.Form):
    status = forms.ChoiceField(
        label="Afsluiten als",
        choices=[
            (Trajectstatus.NAGELEEFD.value, Trajectstatus.NAGELEEFD.label),
            (Trajectstatus.INGETROKKEN.value, Trajectstatus.INGETROKKEN.label),
        ],
        widget=forms.RadioSelect,
    )
    reden = forms.CharField(
        label="Reden",
        max_length=validators.MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
