"""The public reporting point's form: the address, a category in plain Dutch, a description,
attachments (checked by content), optional contact details and a honeypot.

Labels, help, errors and choices are Dutch source strings marked for translation: the form
speaks the reporter's language (intake/talen.py); staff pages show the Dutch."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from goedwonen.core import validators
from goedwonen.core.categories import Categorie
from goedwonen.core.forms import CleanedField, NLDesignFormMixin
from goedwonen.registry.address_lookup import OpgegevenAdres, typed_address

from .attachments import MAX_FILES, check_attachment
from .services.registration import Contact

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# What a resident recognises, mapped to the category codes. The signal-only categories are
# offered as "Iets anders"; the team re-categorises at triage when needed.
CATEGORIEEN: list[tuple[str, str | Promise]] = [
    (Categorie.OVERBEWONING, _("Er wonen te veel mensen in de woning")),
    (Categorie.KAMERVERHUUR, _("Kamers worden los verhuurd zonder dat het mag")),
    (Categorie.TE_HOGE_HUUR, _("De huur of de servicekosten zijn te hoog")),
    (
        Categorie.ACHTERSTALLIG_ONDERHOUD,
        _("De woning is in slechte staat (vocht, schimmel, kapotte installaties)"),
    ),
    (
        Categorie.HUURCONTRACT_WERK,
        _("Het huurcontract hangt af van werk (bijvoorbeeld via een uitzendbureau)"),
    ),
    (
        Categorie.WGV_OVERIG,
        _(
            "De verhuurder houdt zich niet aan de regels "
            "(intimidatie, discriminatie, te hoge borg, geen schriftelijk contract)"
        ),
    ),
    (Categorie.VERHUUR_ZONDER_VERGUNNING, _("De woning wordt verhuurd zonder vergunning")),
    (Categorie.NIET_INGESCHREVEN, _("Er wonen mensen die hier niet staan ingeschreven")),
    (Categorie.WOONOVERLAST, _("Overlast door bewoners (lawaai, afval, drukte)")),
    (
        Categorie.WOONFRAUDE,
        _("Woonfraude, bijvoorbeeld het onderverhuren van een sociale huurwoning"),
    ),
    (Categorie.CRIMINEEL_GEBRUIK, _("Vermoeden van drugs, hennepteelt of ander crimineel gebruik")),
    (Categorie.LEEGSTAND, _("De woning staat leeg")),
    (Categorie.UITBUITING, _("Iets anders: zorgen over uitbuiting van bewoners")),
    (Categorie.ZORG, _("Iets anders: zorgen over de gezondheid of veiligheid van bewoners")),
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
            raise ValidationError(
                ngettext(
                    "Kies ten hoogste %(n)d bestand.",
                    "Kies ten hoogste %(n)d bestanden.",
                    MAX_FILES,
                )
                % {"n": MAX_FILES},
                code="too_many",
            )
        checked, errors = [], []
        for upload in files:
            try:
                checked.append(check_attachment(upload))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return checked


def _in_language(cleaner: Callable[[str], Any], message: StrOrPromise) -> Callable[[str], Any]:
    """A rule of `core.validators` (the same one every channel applies) with its error in
    the reporter's language; `message` is the rule's Dutch text, marked for translation."""

    def clean(value: str) -> Any:
        try:
            return cleaner(value)
        except ValidationError as error:
            raise ValidationError(message, code=error.code) from None

    return clean


class AdresForm(NLDesignFormMixin, forms.Form):
    """The address as the reporter gives it; also the public lookup that only confirms it."""

    postcode = CleanedField(
        cleaner=_in_language(
            validators.clean_postcode,
            _("Een postcode is vier cijfers en twee letters, bijvoorbeeld 3083 AB."),
        ),
        label=_("Postcode"),
        max_length=10,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "postal-code",
                "class": "utrecht-textbox utrecht-textbox--html-input gw-input-postcode",
            }
        ),
        error_messages={"required": _("Vul de postcode in, bijvoorbeeld 3083 AB.")},
    )
    huisnummer = CleanedField(
        cleaner=_in_language(
            validators.clean_huisnummer,
            format_lazy(
                _(
                    "Een huisnummer is een getal van 1 tot en met {maximum}, alleen cijfers, "
                    "bijvoorbeeld 10."
                ),
                maximum=validators.MAX_HUISNUMMER,
            ),
        ),
        label=_("Huisnummer"),
        max_length=10,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "class": "utrecht-textbox utrecht-textbox--html-input gw-input-short",
            }
        ),
        error_messages={"required": _("Vul het huisnummer in, bijvoorbeeld 10.")},
    )
    huisletter = CleanedField(
        cleaner=_in_language(
            validators.clean_huisletter, _("Een huisletter is één letter, bijvoorbeeld A.")
        ),
        label=_("Huisletter"),
        max_length=5,
        required=False,
        widget=forms.TextInput(
            attrs={"class": "utrecht-textbox utrecht-textbox--html-input gw-input-short"}
        ),
    )
    toevoeging = CleanedField(
        cleaner=_in_language(
            validators.clean_toevoeging,
            _("Een toevoeging is ten hoogste vier letters of cijfers, bijvoorbeeld 2 of bis."),
        ),
        label=_("Toevoeging"),
        max_length=10,
        required=False,
        widget=forms.TextInput(
            attrs={"class": "utrecht-textbox utrecht-textbox--html-input gw-input-short"}
        ),
    )

    def adres(self) -> OpgegevenAdres:
        return typed_address(self.cleaned_data)


class MeldenForm(AdresForm):
    categorie = forms.ChoiceField(
        label=_("Waar gaat uw melding over?"),
        choices=CATEGORIEEN,
        widget=forms.RadioSelect(
            attrs={"class": "utrecht-radio-button utrecht-radio-button--html-input"}
        ),
        error_messages={
            "required": _("Kies waar uw melding over gaat."),
            "invalid_choice": _("Kies een van de onderwerpen uit de lijst."),
        },
    )
    omschrijving = forms.CharField(
        label=_("Wat is er aan de hand?"),
        max_length=validators.MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=format_lazy(
            _(
                "Beschrijf wat u ziet of weet: wat, sinds wanneer, hoe vaak. "
                "Ten hoogste {maximum} tekens."
            ),
            maximum=validators.MAX_DESCRIPTION,
        ),
        error_messages={
            "required": _("Beschrijf wat er aan de hand is."),
            "max_length": format_lazy(
                _("Gebruik ten hoogste {maximum} tekens."), maximum=validators.MAX_DESCRIPTION
            ),
        },
    )
    bijlagen = AttachmentsField(
        label=_("Foto's of PDF-bestanden"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ACCEPT, "class": "gw-file-input"}),
        help_text=format_lazy(
            _(
                "Ten hoogste {files} bestanden: foto's (JPEG of PNG, ten hoogste {megapixels} "
                "megapixel) of PDF, elk ten hoogste 10 MB. Wij verwijderen de verborgen gegevens "
                "uit foto's en PDF-bestanden, zoals de plek waar een foto is gemaakt en de maker "
                "van een PDF. Zit er een fout in het formulier, dan moet u de bestanden opnieuw "
                "kiezen."
            ),
            files=MAX_FILES,
            megapixels=settings.UPLOAD_MAX_MEGAPIXELS,
        ),
    )
    naam = forms.CharField(
        label=_("Naam"),
        max_length=validators.MAX_NAME,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = CleanedField(
        cleaner=_in_language(
            validators.clean_email, _("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.")
        ),
        label=_("E-mailadres"),
        max_length=validators.MAX_EMAIL,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Dan sturen wij u een bericht als de status van uw melding verandert."),
    )
    telefoon = CleanedField(
        cleaner=_in_language(
            validators.clean_telefoon,
            _(
                "Een telefoonnummer heeft 6 tot 15 cijfers, met eventueel + ( ) - . / en spaties, "
                "bijvoorbeeld 010 123 45 67."
            ),
        ),
        label=_("Telefoonnummer"),
        max_length=validators.MAX_PHONE,
        required=False,
        widget=TelInput(attrs={"autocomplete": "tel"}),
    )
    # Honeypot: hidden from people by a CSS class; bots that fill every field fill this one.
    website = forms.CharField(
        label=_("Laat dit veld leeg"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_omschrijving(self) -> str:
        value: str = self.cleaned_data["omschrijving"]
        if not value.strip():
            raise ValidationError(gettext("Beschrijf wat er aan de hand is."))
        return value

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())

    def contact(self) -> Contact | None:
        data = self.cleaned_data
        return Contact(data["naam"].strip(), data["email"], data["telefoon"]) or None
