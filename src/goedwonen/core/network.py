"""The client address of a request: the one rule for everything that counts per client (the
public reporting point's rate limit, login throttling by django-axes)."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, or behind `TRUSTED_PROXIES` proxies the address the outermost one saw.

    Each proxy appends the address it received the request from to X-Forwarded-For, so with N
    trusted proxies the client is the N-th entry from the right. Everything left of it came
    from the client and is never believed. A header shorter than that, or an entry that is no
    address, means the request did not come through the proxies as configured: then the
    proxy's own address counts, which is stricter, never looser.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    hops: int = settings.TRUSTED_PROXIES
    if hops <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(forwarded) < hops:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-hops].strip()))
    except ValueError:
        return remote
