"""The field forms: a visit recorded at the door (one per address of the walk list, each with
its own prefix so the whole list fits on one page that keeps working offline) and skipping
an address. The findings are the visit form's (`inspecties.forms.BevindingenForm`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from goedwonen.core import validators
from goedwonen.core.categories import Categorie
from goedwonen.core.forms import NLDesignFormMixin
from goedwonen.inspecties.formmixin import InspectieFormMixin, decimaalveld
from goedwonen.inspecties.forms import BevindingenForm
from goedwonen.inspecties.models import Toegang
from goedwonen.intake.attachments import MAX_FILES

from .models import Actieadres


class CameraInput(forms.ClearableFileInput):
    allow_multiple_selected = True
    template_name = "django/forms/widgets/file.html"


class FotosField(forms.FileField):
    """Photos as sent; the service checks each and strips its metadata."""

    widget = CameraInput

    def clean(self, data: Any, initial: Any = None) -> Any:
        return [f for f in (data if isinstance(data, list | tuple) else [data]) if f]


class VeldbezoekForm(InspectieFormMixin, forms.Form):
    toegang = forms.ChoiceField(label="Toegang", choices=Toegang.choices, widget=forms.RadioSelect)
    volwassenen = forms.IntegerField(
        label="Volwassenen aangetroffen",
        required=False,
        min_value=0,
        max_value=500,
        help_text="Alleen aantallen, geen namen. Verplicht als u binnen was; 0 als er geen waren.",
    )
    kinderen = forms.IntegerField(
        label="Kinderen aangetroffen", required=False, min_value=0, max_value=500
    )
    opmerkingen = forms.CharField(
        label="Opmerkingen",
        required=False,
        max_length=validators.MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Wat u zag en hoorde. Geen namen van bewoners.",
    )
    kale_huur = decimaalveld(
        "Kale huur per maand volgens de bewoner of het contract (€)",
        required=False,
        max_digits=8,
        decimal_places=2,
        help_text=(
            "Komt bij de opmerkingen. De huurprijstoets zelf vraagt de ruimten met hun "
            "oppervlakte (NEN 2580): doe die later met het bezoekformulier van de casus."
        ),
    )
    fotos = FotosField(
        label="Foto's",
        required=False,
        help_text=(
            f"Ten hoogste {MAX_FILES} foto's (JPEG of PNG). Plaats, tijd en camera worden "
            "eruit verwijderd."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["volwassenen"].widget.attrs["inputmode"] = "numeric"
        self.fields["kinderen"].widget.attrs["inputmode"] = "numeric"
        self.fields["fotos"].widget.attrs |= {
            "accept": "image/jpeg,image/png",
            "capture": "environment",
            "class": "gw-file-input",
        }


class Veldformulier:
    """The visit and its findings for one address, under the prefix `a<address>`."""

    def __init__(
        self, data: Any = None, files: Any = None, *, actieadres: Actieadres, eerst: Sequence[str]
    ) -> None:
        self.prefix = f"a{actieadres.pk}"
        self.actieadres = actieadres
        self.bezoek = VeldbezoekForm(data, files, prefix=self.prefix)
        self.bevindingen = BevindingenForm(data, prefix=f"{self.prefix}-bevinding")
        # The categories the team's organisations check come first, the rest folded away.
        first = [c for c in Categorie.values if c in eerst]
        self.eerst = self.bevindingen.rijen(first)
        self.overig = self.bevindingen.rijen([c for c in Categorie.values if c not in eerst])

    def is_valid(self) -> bool:
        return all([self.bezoek.is_valid(), self.bevindingen.is_valid()])

    def invoer(self) -> dict[str, Any]:
        data = self.bezoek.cleaned_data
        return {
            "toegang": data["toegang"],
            "volwassenen": data.get("volwassenen"),
            "kinderen": data.get("kinderen"),
            "opmerkingen": data.get("opmerkingen", ""),
            "kale_huur": data.get("kale_huur"),
            "fotos": data.get("fotos") or [],
            "bevindingen": self.bevindingen.invoer(),
        }

    def add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.bezoek.add_error(None, error.messages)
            return
        for key, messages in error.message_dict.items():
            if key.startswith("bevindingen[") and key.endswith("].toelichting"):
                self.bevindingen.add_error(f"{key[12:-13]}_toelichting", messages)
            elif key in self.bezoek.fields:
                self.bezoek.add_error(key, messages)
            else:
                self.bezoek.add_error(None, messages)

    def fouten(self) -> dict[str, list[str]]:
        """Every error by the name of the input it belongs to ("" for the record as a whole),
        for the JSON answer that the page puts beside the fields."""
        found: dict[str, list[str]] = {}
        for form in (self.bezoek, self.bevindingen):
            for name, messages in form.errors.items():
                key = "" if name == "__all__" else form.add_prefix(name)
                found.setdefault(key, []).extend(str(m) for m in messages)
        return found


class OverslaanForm(NLDesignFormMixin, forms.Form):
    reden = forms.CharField(
        label="Waarom overslaan?",
        max_length=validators.MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=(
            "Bijvoorbeeld: toegang geweigerd en geen machtiging, niet veilig, adres niet gevonden."
        ),
    )
