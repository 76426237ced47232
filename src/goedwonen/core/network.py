"""The client address of a request: the one rule for everything that counts per client (the
public reporting point's rate limit, login throttling by django-axes), and the warnings when
the proxy setting looks wrong."""

from __future__ import annotations

import functools
import ipaddress
import logging
from typing import Any

from django.conf import settings
from django.core import checks
from django.http import HttpRequest

logger = logging.getLogger(__name__)

PROXIES_HINT = (
    "Zet GOEDWONEN_TRUSTED_PROXIES op het aantal reverse proxies vóór de applicatie die "
    "X-Forwarded-For aanvullen (1 achter één nginx of load balancer), of op 0 als clients "
    "rechtstreeks verbinden."
)


@checks.register(checks.Tags.security)
def check_trusted_proxies(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Production without the proxy setting: behind a proxy every client then has the proxy's
    address, and all share one rate limit (the reporting point) and one login lock. Not a
    deploy-only check, so `goedwonen serve` shows it at start too."""
    if settings.DEBUG or settings.TRUSTED_PROXIES is not None:
        return []
    return [
        checks.Warning(
            "GOEDWONEN_TRUSTED_PROXIES is niet gezet: achter een reverse proxy delen alle "
            "clients dan één limiet van het meldpunt en één inlogblokkade.",
            hint=PROXIES_HINT,
            id="goedwonen.proxies.W001",
        )
    ]


@functools.cache
def _warn_forwarded_without_proxies() -> None:
    """Once per process: a proxy seems to be in front, but none is trusted."""
    logger.warning(
        "Verzoeken komen binnen met X-Forwarded-For, maar GOEDWONEN_TRUSTED_PROXIES is 0: "
        "staat er een reverse proxy voor, dan tellen alle clients als die ene proxy (één limiet "
        "voor het meldpunt, één inlogblokkade). %s",
        PROXIES_HINT,
    )


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, or behind `TRUSTED_PROXIES` proxies the address the outermost one saw.

    Each proxy appends the address it received the request from to X-Forwarded-For, so with N
    trusted proxies the client is the N-th entry from the right. Everything left of it came
    from the client and is never believed. A header shorter than that, or an entry that is no
    address, means the request did not come through the proxies as configured: then the
    proxy's own address counts, which is stricter, never looser.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    hops: int = settings.TRUSTED_PROXIES or 0
    if hops <= 0:
        if "HTTP_X_FORWARDED_FOR" in request.META:
            _warn_forwarded_without_proxies()
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(forwarded) < hops:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-hops].strip()))
    except ValueError:
        return remote
