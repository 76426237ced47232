"""Requests per API token: a partner system that runs away, or a stolen key, cannot flood the
service or read it out at full speed."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from goedwonen.accounts.models import ApiToken


def count(key: str, timeout: int) -> int:
    """Add one to a counter in the shared cache and return it. `incr` is atomic in every cache
    the settings allow (Redis INCR, a lock in locmem, a row lock in goedwonen.core.cache), and
    `add` starts a counter only once, so processes counting at once lose nothing."""
    try:
        return cache.incr(key)
    except ValueError:  # no counter yet in this window
        if cache.add(key, 1, timeout):
            return 1
        return cache.incr(key)


class TokenRateThrottle(SimpleRateThrottle):
    """`settings.API_RATE` requests per token (a signed-in user of the API: per user) in a
    fixed window, counted in the shared cache, so all server processes count together.

    DRF's own throttles keep a list of times that each request reads and writes back: two
    processes at once both write their own list and one count is lost. A counter per window
    with an atomic increment loses none; the price is that a client may send the rate at the
    end of one window and again at the start of the next."""

    scope = "token"
    # Set by SimpleRateThrottle from the rate.
    num_requests: int
    duration: int

    def get_rate(self) -> str:
        return settings.API_RATE

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if isinstance(request.auth, ApiToken):
            return f"api-rate:token:{request.auth.pk}"
        user = request.user
        if user is not None and user.is_authenticated:
            return f"api-rate:user:{user.pk}"
        return None  # not signed in: refused before any work, or a public page (the contract)

    def allow_request(self, request: Request, view: Any) -> bool:
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        now = time.time()
        window = int(now // self.duration)
        self.retry_after = (window + 1) * self.duration - now
        # Kept a minute past its window: the key names the window, so it is never read later.
        return count(f"{key}:{window}", self.duration + 60) <= self.num_requests

    def wait(self) -> float:
        return self.retry_after
