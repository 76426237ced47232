"""Sessions end after GOEDWONEN_SESSION_IDLE_MINUTES without a request."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

LAST_SEEN_KEY = "aanmelden_laatst_actief"
# The moment of the last request is written at most this often (seconds): not a session
# write on every request.
RESOLUTION = 60


class IdleSessionMiddleware:
    """Signs out a session that made no request for SESSION_IDLE_MINUTES.

    The person lands on the login page with a message and, once signed in again, returns to
    the page they asked for. An API request on such a session gets the API's own 401."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.get_response(request)
        now = int(time.time())
        last_seen = request.session.get(LAST_SEEN_KEY)
        if last_seen is not None and now - last_seen > settings.SESSION_IDLE_MINUTES * 60:
            logout(request)
            if request.path.startswith("/api/"):
                return self.get_response(request)
            messages.info(
                request,
                f"U bent uitgelogd omdat u {settings.SESSION_IDLE_MINUTES} minuten niets "
                "in Goedwonen deed. Log opnieuw in om verder te gaan.",
            )
            next_url = request.get_full_path() if request.method == "GET" else request.path
            login_url = f"{reverse('login')}?{urlencode({'next': next_url})}"
            if request.headers.get("HX-Request"):
                # htmx would put the login page inside the part it updates: the whole page.
                response = HttpResponse(status=204)
                response["HX-Redirect"] = login_url
                return response
            return HttpResponseRedirect(login_url)
        if last_seen is None or now - last_seen >= RESOLUTION:
            request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)
