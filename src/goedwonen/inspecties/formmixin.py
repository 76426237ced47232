"""Form pieces of the visit pages: NL Design System fields whose help and errors are tied
to their real ids (also with a form prefix), and the lines of the error summary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms

from goedwonen.core.forms import NLDesignFormMixin


class TimeInput(forms.TimeInput):
    input_type = "time"


class InspectieFormMixin(NLDesignFormMixin):
    """Ties help texts and errors to the field's real id: with a form prefix that is
    `id_<prefix>-<name>`, not the `id_<name>` the base mixin assumes. Also for errors that
    the service adds after validation."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}_help"  # type: ignore[index]

    def full_clean(self) -> None:
        super().full_clean()
        for name in self._errors or {}:  # type: ignore[attr-defined]
            self._mark_invalid(name)

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)  # type: ignore[misc]
        if field is not None:
            self._mark_invalid(field)

    def _mark_invalid(self, name: str) -> None:
        if name not in self.fields:  # type: ignore[attr-defined]
            return
        field = self.fields[name]  # type: ignore[attr-defined]
        auto_id = self[name].auto_id  # type: ignore[index]
        described = [f"{auto_id}_error1"]
        if field.help_text:
            described.insert(0, f"{auto_id}_help")
        field.widget.attrs["aria-invalid"] = "true"
        field.widget.attrs["aria-describedby"] = " ".join(described)
        css = field.widget.attrs.get("class", "")
        if "--invalid" not in css:
            base = css.split()[0] if css else "utrecht-textbox"
            field.widget.attrs["class"] = f"{css} {base}--invalid"


def decimaalveld(label: str, **kwargs: Any) -> forms.DecimalField:
    # Localized: accepts "16,40" as well as "16.40" and shows a comma.
    return forms.DecimalField(
        label=label,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        **kwargs,
    )


@dataclass(frozen=True)
class Fout:
    """One line of the error summary: where to go, which field, what is wrong."""

    anker: str
    veld: str
    melding: str


def fouten_van(form: forms.Form, context: str = "") -> list[Fout]:
    """A bound form's errors in field order; `context` names the part (\"Ruimte 2\")."""
    if not form.is_bound:
        return []
    found = [Fout("", context, str(message)) for message in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name not in form.fields:
            continue
        bound = form[name]
        # A group of checkboxes has no single input to go to: go to its error message.
        anchor = bound.id_for_label or f"{bound.auto_id}_error1"
        label = f"{context}, {bound.label}" if context else str(bound.label)
        found.extend(Fout(anchor, label, str(message)) for message in errors)
    return found
