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
    signed_in = bool(user and user.is_authenticated)
    return {"toon": signed_in, "ongelezen": unread_count(actor=user) if signed_in else 0}
