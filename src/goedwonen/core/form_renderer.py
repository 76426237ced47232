"""The form renderer: Django's templates (ours first, then Django's own), with exceptions.

Select lists, text areas and the single inputs (text, number, date, checkbox, hidden, ...) are
drawn here in Python, to the character what Django's widget templates make of them: each was
a template render of its own (each option of a select too), and a report queue's two pickers
cost 3 ms of its 33, the agenda's 25 decision fields 5 ms (ADR 0027). A select whose options
use another template, or a project that overrides one of those templates, goes through the
templates; tests/core/test_form_renderer.py compares the two on every kind of widget.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import TemplatesSetting
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _text(value: Any) -> str:
    """`{{ value }}` in a template: localised, then escaped unless it is safe already."""
    return str(conditional_escape(localize(value)))


def _as_s(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`: as text, escaped unless it was safe."""
    return str(value) if isinstance(value, SafeString) else str(conditional_escape(str(value)))


def _attrs(attrs: dict[str, Any]) -> str:
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_as_s(value)}"')
    return "".join(parts)


def _select(widget: dict[str, Any]) -> str:
    html = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            html.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            html.append(
                f'\n  <option value="{_as_s(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"
            )
        if group_name:
            html.append("\n  </optgroup>")
    html.append("\n</select>")  # the renderer strips what a template ends with
    return "".join(html)


def _textarea(widget: dict[str, Any]) -> str:
    value = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _input(widget: dict[str, Any]) -> str:
    value = f' value="{_as_s(widget["value"])}"' if widget["value"] is not None else ""
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}'
        f"{_attrs(widget['attrs'])}>"
    )


WIDGETS = "django/forms/widgets/"
# Django's widget templates drawn here, and the templates each one includes.
DRAWN = {
    SELECT: (_select, (SELECT, OPTION, f"{WIDGETS}attrs.html")),
    f"{WIDGETS}textarea.html": (_textarea, (f"{WIDGETS}textarea.html", f"{WIDGETS}attrs.html")),
    **{
        f"{WIDGETS}{kind}.html": (
            _input,
            (f"{WIDGETS}{kind}.html", f"{WIDGETS}input.html", f"{WIDGETS}attrs.html"),
        )
        for kind in [
            "text",
            "checkbox",
            "color",
            "date",
            "datetime",
            "email",
            "hidden",
            "number",
            "password",
            "search",
            "tel",
            "time",
            "url",
        ]
    },
}


class FormRenderer(TemplatesSetting):
    def __init__(self) -> None:
        super().__init__()
        self._djangos: dict[str, bool] = {}

    def _djangos_own(self, template_name: str) -> bool:
        """Whether the templates drawing this widget are Django's own (none overridden)."""
        if template_name not in self._djangos:
            templates = [self.get_template(name) for name in DRAWN[template_name][1]]
            self._djangos[template_name] = all(
                template is not None and "django/forms/templates" in str(template.origin.name)
                for template in templates
            )
        return self._djangos[template_name]

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget") if template_name in DRAWN else None
        if (
            widget is not None
            and self._djangos_own(template_name)
            and all(
                option["template_name"] == OPTION
                for _name, choices, _index in widget.get("optgroups", ())
                for option in choices
            )
        ):
            draw = DRAWN[template_name][0]
            return mark_safe(draw(widget))  # noqa: S308 - every value escaped when drawn
        return super().render(template_name, context, request)
