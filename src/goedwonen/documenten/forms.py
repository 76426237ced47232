from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.conf import settings

from goedwonen.casussen.models import Partij
from goedwonen.core.forms import CHOOSE, NLDesignFormMixin
from goedwonen.intake.attachments import CheckedFile, check_attachment

from .brieven import SJABLONEN
from .services import MAX_ALINEA, MAX_OMSCHRIJVING

ACCEPT = "application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"


class UploadForm(NLDesignFormMixin, forms.Form):
    bestand = forms.FileField(
        label="Bestand",
        widget=forms.FileInput(attrs={"accept": ACCEPT, "class": "gw-file-input"}),
        help_text="Een PDF-, JPEG- of PNG-bestand van ten hoogste 10 MB (een foto ten hoogste "
        f"{settings.UPLOAD_MAX_MEGAPIXELS} megapixel). Wij kijken naar de inhoud, niet naar de "
        "naam, en verwijderen de verborgen gegevens uit foto's (zoals de plek waar ze zijn "
        "gemaakt) en uit PDF-bestanden (zoals de maker, scripts en bijgevoegde bestanden).",
        error_messages={"required": "Kies een bestand.", "empty": "Het bestand is leeg."},
    )
    omschrijving = forms.CharField(
        label="Omschrijving", required=False, max_length=MAX_OMSCHRIJVING
    )

    def clean_bestand(self) -> CheckedFile:
        return check_attachment(self.cleaned_data["bestand"])


class BriefForm(NLDesignFormMixin, forms.Form):
    sjabloon = forms.ChoiceField(
        label="Brief", choices=[(s.code, s.titel) for s in SJABLONEN.values()]
    )
    partij = forms.ChoiceField(label="Aan")
    alinea = forms.CharField(
        label="Aanvullende tekst",
        required=False,
        max_length=MAX_ALINEA,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=" ".join(
            f"{s.titel}: {s.alinea[0].lower()}{s.alinea[1:]}"
            + (" Verplicht." if s.alinea_verplicht else "")
            for s in SJABLONEN.values()
        ),
    )

    def __init__(self, *args: Any, partijen: Sequence[Partij], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._partijen = {str(p.pk): p for p in partijen}
        self.fields["partij"].choices = [  # type: ignore[attr-defined]
            ("", CHOOSE),
            *(
                (key, f"{p.eigenaar} ({p.get_rol_display().lower()})")
                for key, p in self._partijen.items()
            ),
        ]

    def clean_partij(self) -> Partij:
        return self._partijen[self.cleaned_data["partij"]]
