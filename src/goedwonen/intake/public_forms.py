"""The public reporting point's form: the address, a category in plain Dutch, a description,
attachments (checked by content), optional contact details and a honeypot."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from goedwonen.core import validators
from goedwonen.core.categories import Categorie
from goedwonen.core.forms import CleanedField, NLDesignFormMixin
from goedwonen.registry.address_lookup import OpgegevenAdres

from .attachments import MAX_FILES, check_attachment
from .services.registration import Contact

# What a resident recognises, mapped to the category codes. The signal-only categories are
# offered as "Iets anders"; the team re-categorises at triage when needed.
CATEGORIEEN: list[tuple[str, str]] = [
    (Categorie.OVERBEWONING, "Er wonen te veel mensen in de woning"),
    (Categorie.KAMERVERHUUR, "Kamers worden los verhuurd zonder dat het mag"),
    (Categorie.TE_HOGE_HUUR, "De huur of de servicekosten zijn te hoog"),
    (
        Categorie.ACHTERSTALLIG_ONDERHOUD,
        "De woning is in slechte staat (vocht, schimmel, kapotte installaties)",
    ),
    (
        Categorie.HUURCONTRACT_WERK,
        "Het huurcontract hangt af van werk (bijvoorbeeld via een uitzendbureau)",
    ),
    (
        Categorie.WGV_OVERIG,
        "De verhuurder houdt zich niet aan de regels "
        "(intimidatie, discriminatie, te hoge borg, geen schriftelijk contract)",
    ),
    (Categorie.VERHUUR_ZONDER_VERGUNNING, "De woning wordt verhuurd zonder vergunning"),
    (Categorie.NIET_INGESCHREVEN, "Er wonen mensen die hier niet staan ingeschreven"),
    (Categorie.WOONOVERLAST, "Overlast door bewoners (lawaai, afval, drukte)"),
    (Categorie.WOONFRAUDE, "Woonfraude, bijvoorbeeld het onderverhuren van een sociale huurwoning"),
    (Categorie.CRIMINEEL_GEBRUIK, "Vermoeden van drugs, hennepteelt of ander crimineel gebruik"),
    (Categorie.LEEGSTAND, "De woning staat leeg"),
    (Categorie.UITBUITING, "Iets anders: zorgen over uitbuiting van bewoners"),
    (Categorie.ZORG, "Iets anders: zorgen over de gezondheid of veiligheid van bewoners"),
]
CATEGORIE_LABELS = dict(CATEGORIEEN)

HONEYPOT = "website"
ACCEPT = "image/jpeg,image/png,application/pdf,.jpg,.jpeg,.png,.pdf"


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class TelInput(forms.TextInput):
    input_type = "tel"


class AttachmentsField(forms.FileField):
    """Up to MAX_FILES files, each checked by content; cleans to a list of CheckedFile."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> Any:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_FILES:
            raise ValidationError(f"Kies ten hoogste {MAX_FILES} bestanden.", code="too_many")
        checked, errors = [], []
        for upload in files:
            try:
                checked.append(check_attachment(upload))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return checked


class AdresForm(NLDesignFormMixin, forms.Form):
    """The address as the reporter gives it; also the public lookup that only confirms it."""

    postcode = CleanedField(
        cleaner=validators.clean_postcode,
        label="Postcode",
        max_length=10,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "postal-code",
                "class": "utrecht-textbox utrecht-textbox--html-input gw-input-postcode",
            }
        ),
        error_messages={"required": "Vul de postcode in, bijvoorbeeld 3083 AB."},
    )
    huisnummer = CleanedField(
        cleaner=validators.clean_huisnummer,
        label="Huisnummer",
        max_length=10,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "class": "utrecht-textbox utrecht-textbox--html-input gw-input-short",
            }
        ),
        error_messages={"required": "Vul het huisnummer in, bijvoorbeeld 10."},
    )
    huisletter = CleanedField(
        cleaner=validators.clean_huisletter,
        label="Huisletter",
        max_length=5,
        required=False,
        widget=forms.TextInput(
            attrs={"class": "utrecht-textbox utrecht-textbox--html-input gw-input-short"}
        ),
    )
    toevoeging = CleanedField(
        cleaner=validators.clean_toevoeging,
        label="Toevoeging",
        max_length=10,
        required=False,
        widget=forms.TextInput(
            attrs={"class": "utrecht-textbox utrecht-textbox--html-input gw-input-short"}
        ),
    )

    def adres(self) -> OpgegevenAdres:
        data = self.cleaned_data
        return OpgegevenAdres(
            postcode=data["postcode"],
            huisnummer=str(data["huisnummer"]),
            huisletter=data["huisletter"],
            toevoeging=data["toevoeging"],
        )


class MeldenForm(AdresForm):
    categorie = forms.ChoiceField(
        label="Waar gaat uw melding over?",
        choices=CATEGORIEEN,
        widget=forms.RadioSelect(
            attrs={"class": "utrecht-radio-button utrecht-radio-button--html-input"}
        ),
        error_messages={
            "required": "Kies waar uw melding over gaat.",
            "invalid_choice": "Kies een van de onderwerpen uit de lijst.",
        },
    )
    omschrijving = forms.CharField(
        label="Wat is er aan de hand?",
        max_length=validators.MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Beschrijf wat u ziet of weet: wat, sinds wanneer, hoe vaak. "
        f"Ten hoogste {validators.MAX_DESCRIPTION} tekens.",
        error_messages={
            "required": "Beschrijf wat er aan de hand is.",
            "max_length": f"Gebruik ten hoogste {validators.MAX_DESCRIPTION} tekens.",
        },
    )
    bijlagen = AttachmentsField(
        label="Foto's of PDF-bestanden",
        required=False,
        widget=MultipleFileInput(attrs={"accept": ACCEPT, "class": "gw-file-input"}),
        help_text=f"Ten hoogste {MAX_FILES} bestanden: foto's (JPEG of PNG, ten hoogste "
        f"{settings.UPLOAD_MAX_MEGAPIXELS} megapixel) of PDF, elk ten hoogste 10 MB. Wij "
        "verwijderen de verborgen gegevens uit foto's en PDF-bestanden, zoals de plek waar een "
        "foto is gemaakt en de maker van een PDF. Zit er een fout in het formulier, dan moet u "
        "de bestanden opnieuw kiezen.",
    )
    naam = forms.CharField(
        label="Naam",
        max_length=validators.MAX_NAME,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = CleanedField(
        cleaner=validators.clean_email,
        label="E-mailadres",
        max_length=validators.MAX_EMAIL,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="Dan sturen wij u een bericht als de status van uw melding verandert.",
    )
    telefoon = CleanedField(
        cleaner=validators.clean_telefoon,
        label="Telefoonnummer",
        max_length=validators.MAX_PHONE,
        required=False,
        widget=TelInput(attrs={"autocomplete": "tel"}),
    )
    # Honeypot: hidden from people by a CSS class; bots that fill every field fill this one.
    website = forms.CharField(
        label="Laat dit veld leeg",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_omschrijving(self) -> str:
        value: str = self.cleaned_data["omschrijving"]
        if not value.strip():
            raise ValidationError("Beschrijf wat er aan de hand is.")
        return value

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())

    def contact(self) -> Contact | None:
        data = self.cleaned_data
        return Contact(data["naam"].strip(), data["email"], data["telefoon"]) or None
