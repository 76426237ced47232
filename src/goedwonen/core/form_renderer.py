"""The form renderer: Django's templates (ours first, then Django's own), with one exception.

A select list is drawn here in Python, to the character what Django's three widget templates
(`select.html`, `select_option.html`, `attrs.html`) make of it: each option was a template
render of its own, and a page with a person picker of 40 people and a team picker spent
3 ms of its 33 on them (a report queue's bulk assignment; the agenda's 25 decision forms,
ADR 0027). A select whose options use another template, or a project that overrides one of
those templates, is rendered by the templates; tests/core/test_form_renderer.py compares the
two on every kind of select.
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


class FormRenderer(TemplatesSetting):
    def __init__(self) -> None:
        super().__init__()
        self._own: bool | None = None

    def _templates_are_djangos(self) -> bool:
        """Whether the three select templates in use are Django's own (no override)."""
        if self._own is None:
            self._own = all(
                "django/forms/templates" in str(self.get_template(name).origin.name)
                for name in (SELECT, OPTION, "django/forms/widgets/attrs.html")
            )
        return self._own

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget") if template_name == SELECT else None
        if (
            widget is not None
            and self._templates_are_djangos()
            and all(
                option["template_name"] == OPTION
                for _name, choices, _index in widget["optgroups"]
                for option in choices
            )
        ):
            return mark_safe(_select(widget))  # noqa: S308 - every value escaped above
        return super().render(template_name, context, request)
