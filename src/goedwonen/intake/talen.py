"""The public reporting point in the reporter's language (issue 14, point 8).

Dutch is the source text; English, Polish, Romanian and Bulgarian are translations in
`goedwonen/locale`. The reporter chooses on the page: the choice travels in the URL
(`?taal=pl`, also in the status link) and is kept in a cookie, so the form, its confirmation
and the status page stay in that language. Nothing reads the browser's languages and no
middleware switches a request, so staff pages stay Dutch.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.http import urlencode

PARAM = "taal"
COOKIE = "goedwonen_taal"
COOKIE_AGE = 365 * 24 * 3600
CODES = frozenset(code for code, _name in settings.LANGUAGES)


def reporter_language(request: HttpRequest) -> str:
    """The language in the URL, else the one chosen before (cookie), else Dutch."""
    for chosen in (request.GET.get(PARAM, ""), request.COOKIES.get(COOKIE, "")):
        if chosen in CODES:
            return chosen
    return str(settings.LANGUAGE_CODE)


def with_language(url: str, taal: str) -> str:
    """`url` that opens in `taal` (Dutch needs no parameter)."""
    if taal == settings.LANGUAGE_CODE:
        return url
    return f"{url}?{urlencode({PARAM: taal})}"


def language_menu(request: HttpRequest, taal: str) -> list[dict[str, Any]]:
    """Each language by its own name, linking to this page in that language."""
    return [
        {
            "code": code,
            "naam": naam,
            "url": f"{request.path}?{urlencode({PARAM: code})}",
            "huidig": code == taal,
        }
        for code, naam in settings.LANGUAGES
    ]


def in_reporter_language(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Run the whole view in the reporter's language: form errors are made during validation,
    not while rendering. A language chosen in the URL is remembered in a cookie."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        taal = reporter_language(request)
        with translation.override(taal):
            response = view(request, *args, **kwargs)
        response["Content-Language"] = taal
        if request.GET.get(PARAM) == taal and request.COOKIES.get(COOKIE) != taal:
            response.set_cookie(
                COOKIE,
                taal,
                max_age=COOKIE_AGE,
                samesite="Lax",
                secure=request.is_secure(),
                httponly=True,
            )
        return response

    return wrapped
