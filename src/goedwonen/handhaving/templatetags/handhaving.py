"""The owner page's procedures (a registry page): `{% load handhaving %}
{% handhavingstrajecten_van eigenaar %}`. A template tag and not a context from the registry's
view, so the registry app does not import enforcement, which builds on it."""

from __future__ import annotations

from typing import Any

from django import template

from goedwonen.core.policy import actor_of, can

from .. import traject_selectors

register = template.Library()


@register.inclusion_tag("handhaving/traject/_eigenaar_sectie.html", takes_context=True)
def handhavingstrajecten_van(context: template.Context, eigenaar: Any) -> dict[str, Any]:
    """Nothing for those who may see no procedure at all."""
    actor = actor_of(context["request"])
    if not any(can(actor, c) for c in traject_selectors.SEES_PROCEDURES):
        return {"trajecten": None}
    return {
        "trajecten": traject_selectors.trajecten_van_eigenaar(actor=actor, eigenaar_id=eigenaar.pk)
    }
