"""Saving, renaming and deleting a saved filter of a list (core/lists.py). Each answers by
going back to the list it came from, with a message."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from . import selectors, services
from .models import OpgeslagenFilter
from .policy import actor_of, signed_in_view


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("terug", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not target.startswith("/"):
        target = "/"
    return redirect(target)


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, f"Het filter is niet opgeslagen: {text}")


@signed_in_view(methods=["POST"])
def opgeslagen_filter_bewaren(request: HttpRequest) -> HttpResponse:
    try:
        saved = services.opgeslagen_filter_save(
            actor=actor_of(request),
            lijst=request.POST.get("lijst", ""),
            naam=request.POST.get("naam", ""),
            query=request.POST.get("query", ""),
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, f"Filter '{saved.naam}' is opgeslagen.")
    return _back(request)


def _own(request: HttpRequest, pk: int) -> OpgeslagenFilter | None:
    """One of the actor's own filters; another's is as if it did not exist."""
    try:
        return selectors.opgeslagen_filter_get(actor=actor_of(request), pk=pk)
    except OpgeslagenFilter.DoesNotExist:
        messages.error(request, "Dit opgeslagen filter bestaat niet (meer) of is niet van u.")
        return None


@signed_in_view(methods=["POST"])
def opgeslagen_filter_hernoemen(request: HttpRequest, pk: int) -> HttpResponse:
    saved = _own(request, pk)
    if saved is None:
        return _back(request)
    try:
        services.opgeslagen_filter_rename(
            actor=actor_of(request), opgeslagen=saved, naam=request.POST.get("naam", "")
        )
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, f"Het filter is niet hernoemd: {text}")
    else:
        messages.success(request, f"Het filter heet nu '{saved.naam}'.")
    return _back(request)


@signed_in_view(methods=["POST"])
def opgeslagen_filter_verwijderen(request: HttpRequest, pk: int) -> HttpResponse:
    saved = _own(request, pk)
    if saved is None:
        return _back(request)
    services.opgeslagen_filter_delete(actor=actor_of(request), opgeslagen=saved)
    messages.success(request, f"Filter '{saved.naam}' is verwijderd.")
    return _back(request)
