"""Select lists drawn in Python (core/form_renderer.py) are, to the character, what Django's
widget templates make of them: every kind of select, value and label a form here uses."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from django import forms
from django.forms.renderers import TemplatesSetting
from django.test.signals import template_rendered
from django.utils.safestring import mark_safe

from goedwonen.accounts.models import Organisatie
from goedwonen.core.form_renderer import OPTION, SELECT, FormRenderer


class Everything(forms.Form):
    plain = forms.ChoiceField(choices=[("a", "Alfa"), ("b", "Bravo")])
    chosen = forms.ChoiceField(choices=[("", "—"), ("a", "Alfa"), ("b", "Bravo")], initial="b")
    optional = forms.ChoiceField(choices=[("a", "Alfa")], required=False)
    escaped = forms.ChoiceField(
        choices=[('x"<&>', "Tom & Jerry <b>"), ("safe", mark_safe("<em>al veilig</em>"))]
    )
    numbers = forms.TypedChoiceField(
        choices=[(1, 1), (2026, 2026), (Decimal("1234.5"), Decimal("1234.5"))], coerce=int
    )
    dates = forms.ChoiceField(choices=[(date(2026, 12, 7).isoformat(), date(2026, 12, 7))])
    groups = forms.ChoiceField(
        choices=[("Noord", [("n1", "Een"), ("n2", "Twee")]), ("z", "Zuid"), ("", "Geen")]
    )
    several = forms.MultipleChoiceField(
        choices=[("a", "Alfa"), ("b", "Bravo"), ("c", "Charlie")], initial=["a", "c"]
    )
    attrs = forms.ChoiceField(
        choices=[("a", "Alfa")],
        widget=forms.Select(
            attrs={
                "class": "utrecht-select",
                "disabled": True,
                "hidden": False,
                "data-x": 'een "citaat"',
                "aria-describedby": mark_safe("uitleg-1"),
            }
        ),
    )
    boolean = forms.NullBooleanField()
    empty = forms.ChoiceField(choices=[])


def _both(form: forms.Form) -> list[tuple[str, str]]:
    python, templates = FormRenderer(), TemplatesSetting()
    return [
        (
            field.field.widget.render(
                field.html_name, field.value(), field.build_widget_attrs({}), python
            ),
            field.field.widget.render(
                field.html_name, field.value(), field.build_widget_attrs({}), templates
            ),
        )
        for field in form
    ]


@pytest.mark.parametrize("bound", [False, True])
def test_every_kind_of_select_is_drawn_as_djangos_templates_draw_it(bound):
    data = {"plain": "a", "numbers": "2026", "groups": "n2", "several": ["b"], "boolean": "true"}
    form = Everything(data if bound else None)
    rendered: list[str] = []

    def seen(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(seen)
    try:
        pairs = _both(form)
    finally:
        template_rendered.disconnect(seen)
    for python, templates in pairs:
        assert python == templates
    # Python drew them: the templates rendered each select once, and each option once.
    assert rendered.count(SELECT) == len(pairs)
    assert rendered.count(OPTION) == sum(python.count("<option") for python, _ in pairs)


@pytest.mark.django_db
def test_a_model_choice_and_the_whole_form_as_shown(organisatie):
    class Pick(forms.Form):
        organisatie = forms.ModelChoiceField(Organisatie.objects.all())
        several = forms.ModelMultipleChoiceField(Organisatie.objects.all(), required=False)

    form = Pick(initial={"organisatie": organisatie.pk})
    for python, templates in _both(form):
        assert python == templates
    assert f'<option value="{organisatie.pk}" selected>' in str(form["organisatie"])


def test_a_select_whose_options_have_a_template_of_their_own_goes_through_the_templates():
    class Own(forms.Select):
        option_template_name = "django/forms/widgets/radio_option.html"

    widget = Own(choices=[("a", "Alfa")])
    assert widget.render("x", "a", renderer=FormRenderer()) == widget.render(
        "x", "a", renderer=TemplatesSetting()
    )
    assert "<label><input" in widget.render("x", "a", renderer=FormRenderer())
