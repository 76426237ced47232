from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from goedwonen.core.policy import Capability, can

# A view sets `required_capability` (one for all actions) or `public = True`.
# Default deny: a view that sets neither refuses everyone.
SIGNED_IN = "signed-in"


def required_capability(view: Any) -> Capability | str | None:
    if getattr(view, "public", False):
        return None
    return getattr(view, "required_capability", None)


class HasCapability(BasePermission):
    message = "U heeft geen bevoegdheid voor deze actie."

    def has_permission(self, request: Request, view: Any) -> bool:
        if getattr(view, "public", False):
            return True
        needed = required_capability(view)
        if needed is None:
            return False
        user = request.user
        if user is None or not user.is_authenticated:
            return False
        if needed == SIGNED_IN:
            return user.organisatie_id is not None
        return can(user, needed)  # type: ignore[arg-type]
