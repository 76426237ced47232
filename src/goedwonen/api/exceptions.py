"""Errors as application/problem+json (RFC 9457), with invalid fields named (NL API rules)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, JsonResponse
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"
# Django's Http404 says "No <Model> matches the given query.": English, and it names our
# internal model. The API answers in Dutch, with the same words as an unknown path.
NOT_FOUND_DETAIL = "Deze pagina of dit object bestaat niet."
# DRF's own is English. The wait is the one in Retry-After.
TOO_MANY_DETAIL = "Te veel verzoeken met dit token. Probeer het over {wait} opnieuw."

TITLES = {
    400: "Ongeldige invoer.",
    401: "Niet geauthenticeerd.",
    403: "Geen toegang.",
    404: "Niet gevonden.",
    405: "Methode niet toegestaan.",
    406: "Niet aanvaardbaar.",
    415: "Mediatype niet ondersteund.",
    409: "Conflict met bestaande gegevens.",
    413: "Verzoek te groot.",
    429: "Te veel verzoeken.",
    500: "Interne fout.",
}


def _invalid_params(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """Flatten DRF's nested error detail into [{name, code, reason}] with dotted names."""
    params: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = key if key != "non_field_errors" else "nonFieldErrors"
            params += _invalid_params(value, f"{prefix}.{name}" if prefix else name)
    elif isinstance(detail, list):
        if all(isinstance(item, exceptions.ErrorDetail) for item in detail):
            params += [
                {
                    "name": prefix or "nonFieldErrors",
                    "code": item.code or "invalid",
                    "reason": str(item),
                }
                for item in detail
            ]
        else:
            for index, item in enumerate(detail):
                params += _invalid_params(item, f"{prefix}.{index}")
    elif isinstance(detail, exceptions.ErrorDetail):
        params.append(
            {
                "name": prefix or "nonFieldErrors",
                "code": detail.code or "invalid",
                "reason": str(detail),
            }
        )
    return params


def problem(status_code: int, detail: str, instance: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": f"https://datatracker.ietf.org/doc/html/rfc9110#status.{status_code}",
        "title": TITLES.get(status_code, "Fout."),
        "status": status_code,
        "detail": detail,
        "instance": instance,
        **extra,
    }


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = exception_handler(exc, context)
    if response is None:
        return None
    request = context["request"]
    if isinstance(exc, exceptions.ValidationError):
        body = problem(
            response.status_code,
            "Een of meer velden zijn ongeldig.",
            request.path,
            invalidParams=_invalid_params(exc.detail),
        )
    elif isinstance(exc, Http404):
        body = problem(response.status_code, NOT_FOUND_DETAIL, request.path)
    elif isinstance(exc, exceptions.Throttled):
        seconds = getattr(exc, "wait", None)  # whole seconds: Throttled rounds up
        wait = "1 seconde" if seconds == 1 else f"{seconds} seconden"
        body = problem(response.status_code, TOO_MANY_DETAIL.format(wait=wait), request.path)
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        body = problem(response.status_code, str(detail), request.path)
    response.data = body
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def problem_response(request: HttpRequest, status_code: int, detail: str) -> JsonResponse:
    """For errors raised outside DRF views (unknown API path, server error)."""
    return JsonResponse(
        problem(status_code, detail, request.path),
        status=status_code,
        content_type=PROBLEM_CONTENT_TYPE,
    )
