"""Signing in with a password and a second factor, in two steps.

After a correct password the session only remembers who is halfway (for a few minutes); the
person is signed in (django.contrib.auth.login) once the second factor passed or was set up.
Until then the request's user is anonymous, so every page, API and selector refuses as for
anyone not signed in: nothing has to know about the half-way state.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.contrib.auth import login
from django.http import HttpRequest
from django.urls import reverse

from goedwonen.accounts.models import User

from .backends import WACHTWOORD_BACKEND
from .services import second_factor_required, second_factors

PENDING_KEY = "aanmelden_halverwege"
RECOVERY_KEY = "aanmelden_herstelcodes"
PENDING_SECONDS = 10 * 60


@dataclass(frozen=True)
class Pending:
    user: User
    backend: str
    next_url: str


def second_factor_step(user: User) -> str | None:
    """The step a password sign-in needs next: the name of the page that checks the second
    factor, the one that sets one up, or None (no second factor asked)."""
    if second_factors(user):
        return "tweestap"
    if second_factor_required(user):
        return "tweestap-instellen"
    return None


def pending_start(request: HttpRequest, user: User, next_url: str) -> None:
    # A new session key: whoever knew the old one (fixation) gets nothing.
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": getattr(user, "backend", WACHTWOORD_BACKEND),
        "next": next_url,
        "since": int(time.time()),
    }


def pending(request: HttpRequest) -> Pending | None:
    """Who is halfway through signing in on this session, if anyone (and not too long ago)."""
    state = request.session.get(PENDING_KEY)
    if not state:
        return None
    if time.time() - state["since"] > PENDING_SECONDS:
        del request.session[PENDING_KEY]
        return None
    user = User.objects.filter(pk=state["user"], is_active=True).first()
    if user is None:
        return None
    return Pending(user, state["backend"], state["next"])


def pending_complete(request: HttpRequest, state: Pending, recovery_codes: list[str]) -> str:
    """Sign the person in; returns where to go next (the recovery codes first, if new)."""
    del request.session[PENDING_KEY]
    login(request, state.user, backend=state.backend)
    if recovery_codes:
        recovery_codes_keep(request, recovery_codes, state.next_url)
        return reverse("herstelcodes")
    return state.next_url


def recovery_codes_keep(request: HttpRequest, codes: list[str], next_url: str) -> None:
    """Keep new recovery codes for the one page that shows them (and then forgets them)."""
    request.session[RECOVERY_KEY] = {"codes": codes, "next": next_url}
