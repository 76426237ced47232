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
from goedwonen.core.form_renderer import FormRenderer


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
    text = forms.CharField(initial='Jan "de" <Vries> & zn')
    blank = forms.CharField(required=False)
    number = forms.IntegerField(initial=0)
    amount = forms.DecimalField(
        initial=Decimal("1234.50"), widget=forms.NumberInput(attrs={"step": "0.01"})
    )
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), initial=date(2026, 12, 7))
    mail = forms.EmailField(required=False)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), initial="geheim")
    hidden = forms.CharField(widget=forms.HiddenInput, initial="42")
    agreed = forms.BooleanField(initial=True)
    not_agreed = forms.BooleanField(required=False)
    story = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), initial="Regel 1\n<b>regel 2</b>"
    )
    no_story = forms.CharField(widget=forms.Textarea, required=False)


def _both(form: forms.Form) -> list[tuple[str, str]]:
    """Each field's widget drawn by our renderer and by Django's templates; the templates our
    renderer still rendered must be none of the widget templates it draws itself."""
    python, templates = FormRenderer(), TemplatesSetting()
    rendered: list[str] = []

    def seen(sender, template, **kwargs):
        rendered.append(template.name)

    pairs = []
    for field in form:
        widget, attrs = field.field.widget, field.build_widget_attrs({})
        template_rendered.connect(seen)
        try:
            ours = widget.render(field.html_name, field.value(), attrs, python)
        finally:
            template_rendered.disconnect(seen)
        pairs.append((ours, widget.render(field.html_name, field.value(), attrs, templates)))
    assert [name for name in rendered if name.startswith("django/forms/widgets/")] == []
    return pairs


@pytest.mark.parametrize("bound", [False, True])
def test_every_kind_of_select_is_drawn_as_djangos_templates_draw_it(bound):
    data = {
        "plain": "a",
        "numbers": "2026",
        "groups": "n2",
        "several": ["b"],
        "boolean": "true",
        "text": "<script>",
        "number": "12",
        "amount": "1,5",
        "day": "2026-12-31",
        "agreed": "on",
        "story": "Twee & drie",
    }
    form = Everything(data if bound else None)
    for python, templates in _both(form):
        assert python == templates


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
