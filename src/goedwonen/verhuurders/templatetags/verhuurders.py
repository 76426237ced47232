"""The landlord-monitor section of the owner page (a registry page): `{% load verhuurders %}
{% verhuurder_monitor eigenaar %}`. A template tag and not a context from the registry's view,
so the registry app does not import the monitor that builds on it."""

from __future__ import annotations

from typing import Any

from django import template

from goedwonen.core.policy import Capability, actor_of, can

from .. import selectors

register = template.Library()


@register.inclusion_tag("verhuurders/_eigenaar_sectie.html", takes_context=True)
def verhuurder_monitor(context: template.Context, eigenaar: Any) -> dict[str, Any]:
    """Nothing for those who may not see the monitor."""
    request = context["request"]
    actor = actor_of(request)
    if not (can(actor, Capability.LANDLORDS_MONITOR) or can(actor, Capability.LANDLORD_TALKS)):
        return {"monitor": None}
    return {
        "eigenaar": eigenaar,
        "monitor": selectors.eigenaar_monitor(actor=actor, eigenaar=eigenaar),
        "mag_uitnodigen": can(actor, Capability.LANDLORD_TALKS),
        "request": request,
    }
