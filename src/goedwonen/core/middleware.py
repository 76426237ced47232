from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import get_resolver

from .memo import request_scope
from .policy import access_of, can
from .tracing import current_trace, trace_from_header


class TraceContextMiddleware:
    """One trace per request; a partner's `traceparent` header continues its trace."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        trace = trace_from_header(request.headers.get("traceparent"))
        token = current_trace.set(trace)
        try:
            response = self.get_response(request)
        finally:
            current_trace.reset(token)
        response["traceparent"] = f"00-{trace.trace_id}-{trace.span_id}-01"
        return response


class RequestMemoMiddleware:
    """What the request reads more than once is kept for it (core.memo.request_memo)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_scope():
            return self.get_response(request)


class RefuseNulMiddleware:
    """A NUL character in the path, the query string or a cookie is refused with a 400: no
    valid input holds one, and PostgreSQL refuses it in any text it compares, so a lookup of
    `?zoek=%00` would end in a server error. (Forms refuse it in posted fields themselves.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        texts = [request.path, *request.COOKIES.values()]
        for name, values in request.GET.lists():
            texts += [name, *values]
        if any("\x00" in text for text in texts):
            raise BadRequest("Het adres of de zoekvraag bevat een ongeldig teken (NUL).")
        return self.get_response(request)


def is_api_view(view_func: Callable[..., Any]) -> bool:
    from rest_framework.views import APIView

    view_class = getattr(view_func, "cls", None)
    return isinstance(view_class, type) and issubclass(view_class, APIView)


class NoStoreMiddleware:
    """Browsers and proxies keep nothing the application answers: pages show personal data to
    signed-in users, and the public pages show a report and its status. Static files are
    served before this (WhiteNoise) and keep their long cache. A view may set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Cache-Control", "no-store")
        return response


class AllowedMethodsMiddleware:
    """A page answers only the methods its access declaration names (GET and HEAD unless it
    says otherwise, core.policy.Access); any other gets 405 with Allow. It runs before the
    CSRF check and the sign-in gate, so every client gets the same answer for a method a page
    does not have. API views keep DRF's handling."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if is_api_view(view_func):
            return None
        access = access_of(view_func)
        if access is None or request.method in access.methods:
            return None  # an undeclared view is refused by LoginRequiredMiddleware
        allowed = ", ".join(sorted(access.methods))
        response = render(request, "405.html", {"allowed": allowed}, status=405)
        response["Allow"] = allowed
        return response


class LoginRequiredMiddleware:
    """Default deny for pages: a view must declare its access (see core.policy).

    API views authenticate with tokens inside DRF, so DRF's HasCapability enforces theirs.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if is_api_view(view_func):
            return None
        access = access_of(view_func)
        if access is None:
            raise PermissionDenied("Voor deze pagina is geen toegangsregel vastgelegd.")
        if access.public:
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if access.capability is not None and not can(request.user, access.capability):
            raise PermissionDenied(f"Hiervoor is de bevoegdheid '{access.capability.label}' nodig.")
        return None


class OwnNotFoundPageMiddleware:
    """The product's own 404 page in debug mode too (the demo runs in it). Django answers an
    unknown address or a view's Http404 there with its technical page, which lists every URL
    pattern and names the view: a partner who opens a case not shared with it learns the
    application's map. Forbidden (403) already goes to the product's page in every mode.
    Innermost, so it sees the response Django made of the exception; a 404 the product made
    itself (`error_page`, the API's problem+json) passes unchanged."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and not getattr(response, "error_page", False)
            and response.get("Content-Type", "").startswith("text/html")
        ):
            handler = cast(Callable[..., HttpResponse], get_resolver().resolve_error_handler(404))
            return handler(request, Http404())
        return response
