from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from .models import Auditregel, Verwerkingsactiviteit
from .processing_log import DataSubject
from .selectors import LogFilters
from .validators import (
    clean_huisletter,
    clean_huisnummer,
    clean_postcode,
    clean_toevoeging,
    validate_date_range,
)

# The empty first choice of a required select where a wrong choice would share data with the
# wrong party (an organisation, an addressee): the person chooses, the form never does.
CHOOSE = "— kies —"


class DateInput(forms.DateInput):
    """The browser's date picker; its value is always ISO (YYYY-MM-DD), whatever the locale."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs, format or "%Y-%m-%d")


WIDGET_CLASSES = {
    forms.CheckboxSelectMultiple: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    # Rendered option by option in core/_fieldset.html; the class for any other template.
    forms.RadioSelect: "utrecht-radio-button utrecht-radio-button--html-input",
}


class CleanedField(forms.CharField):
    """A text field checked and normalised by one of the rules in `core.validators` (the
    same rule the API and the importer apply), e.g. `CleanedField(cleaner=clean_postcode)`."""

    def __init__(self, *, cleaner: Callable[[str], Any], **kwargs: Any) -> None:
        self.cleaner = cleaner
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        return text if text in self.empty_values else self.cleaner(text)


class AdresFields(forms.Form):
    """An address typed by staff: postcode, house number, letter and addition, each by the
    rule of every channel (`core.validators`). A form with an address derives from it."""

    postcode = CleanedField(cleaner=clean_postcode, label="Postcode", max_length=10)
    huisnummer = CleanedField(cleaner=clean_huisnummer, label="Huisnummer", max_length=10)
    huisletter = CleanedField(
        cleaner=clean_huisletter, label="Huisletter", max_length=5, required=False
    )
    toevoeging = CleanedField(
        cleaner=clean_toevoeging, label="Toevoeging", max_length=10, required=False
    )


class NLDesignFormMixin:
    """NL Design System classes on every widget, and errors tied to their field for screen
    readers (aria-invalid, aria-describedby). Every date field takes dates within the range
    of `core.validators` only."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            if isinstance(field, forms.DateField):
                field.validators.append(validate_date_range)
            css = next(
                (c for widget, c in WIDGET_CLASSES.items() if isinstance(field.widget, widget)),
                "utrecht-textbox utrecht-textbox--html-input",
            )
            field.widget.attrs.setdefault("class", css)
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self._field_id(name)}_help"

    def _field_id(self, name: str) -> str:
        """The id the field's input gets (with the form's prefix), as the templates use it."""
        return self[name].auto_id  # type: ignore[index]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:  # type: ignore[attr-defined]
                widget = self.fields[name].widget  # type: ignore[attr-defined]
                widget.attrs["aria-invalid"] = "true"
                described = [f"{self._field_id(name)}_error1"]
                if self.fields[name].help_text:  # type: ignore[attr-defined]
                    described.insert(0, f"{self._field_id(name)}_help")
                widget.attrs["aria-describedby"] = " ".join(described)
                css = widget.attrs.get("class", "")
                if "--invalid" not in css:
                    base = css.split()[0] if css else "utrecht-textbox"
                    widget.attrs["class"] = f"{css} {base}--invalid"


def form_add_service_errors(form: forms.BaseForm, error: forms.ValidationError) -> None:
    """Put a service's validation errors on the form fields they name (else on the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class LoginForm(NLDesignFormMixin, AuthenticationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Autofocus skips the skip link and the page's introduction for screen-reader users.
        self.fields["username"].widget.attrs.pop("autofocus", None)


class LogSearchForm(NLDesignFormMixin, forms.Form):
    betrokkene_soort = forms.ChoiceField(label="Soort betrokkene", required=False)
    betrokkene_id = forms.CharField(
        label="Kenmerk betrokkene",
        required=False,
        max_length=100,
        help_text="Zoals de bron het kent, bv. een eigenaar-id of gebruikersnaam. "
        "Het logboek bewaart alleen een pseudoniem; we zoeken op het pseudoniem.",
    )
    gebruiker = forms.CharField(label="Gebruiker (gebruikersnaam)", required=False, max_length=150)
    organisatie = forms.ModelChoiceField(
        label="Organisatie",
        # The organisations an audit line names, by its own relation: the core imports no
        # app (accounts holds the model).
        queryset=Auditregel.organisatie.field.related_model._default_manager.all(),
        required=False,
        empty_label="Alle organisaties",
    )
    verwerkingsactiviteit = forms.ModelChoiceField(
        label="Verwerkingsactiviteit",
        queryset=Verwerkingsactiviteit.objects.all(),
        required=False,
        empty_label="Alle activiteiten",
    )
    van = forms.DateField(label="Van", required=False, widget=DateInput)
    tot = forms.DateField(label="Tot en met", required=False, widget=DateInput)

    def __init__(self, *args: Any, subject_types: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["betrokkene_soort"]
        field.choices = [("", "Kies een soort"), *((t, t) for t in subject_types)]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("betrokkene_soort")) != bool(data.get("betrokkene_id")):
            raise forms.ValidationError(
                "Vul bij zoeken op een betrokkene zowel de soort als het kenmerk in."
            )
        if data.get("van") and data.get("tot") and data["van"] > data["tot"]:
            self.add_error("tot", "De einddatum ligt voor de begindatum.")
        return data

    def filters(self) -> LogFilters:
        data = self.cleaned_data
        subject = None
        if data.get("betrokkene_id"):
            subject = DataSubject(data["betrokkene_soort"], data["betrokkene_id"])
        return LogFilters(
            subject=subject,
            username=data.get("gebruiker") or "",
            organisatie=data.get("organisatie"),
            activity=data.get("verwerkingsactiviteit"),
            start=data.get("van"),
            end=data.get("tot"),
        )
