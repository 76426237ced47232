from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from .navigation import navigation_for


def shell(request: HttpRequest) -> dict[str, object]:
    theme = settings.THEMES[settings.THEME]
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "theme_class": theme["class"],
        "theme_css": theme["css"],
        "map_tiles": settings.MAP_TILES_URL,
        "gemeente": settings.GEMEENTE,
        "navigation": navigation_for(user, request.path) if signed_in else [],
    }
