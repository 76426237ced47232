"""The bell in the page header: the signed-in person's unread notices."""

from __future__ import annotations

from typing import Any

from django import template

from ..selectors import unread_count

register = template.Library()


@register.inclusion_tag("notificaties/_bel.html", takes_context=True)
def notificatie_bel(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"toon": False, "ongelezen": 0}
    return {"toon": True, "ongelezen": unread_count(actor=user)}
