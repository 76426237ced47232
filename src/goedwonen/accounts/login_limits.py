"""Login throttling (django-axes) with a limit per lockout parameter set.

Axes counts failures per parameter set in AXES_LOCKOUT_PARAMETERS but compares them all with
one limit. Here the address alone has its own, higher one: AXES_FAILURE_LIMIT failures for one
account from one address lock that pair, LOGIN_ADDRESS_FAILURE_LIMIT from one address,
whatever the accounts, lock the address, so one password cannot be tried against every
account from one place.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt

from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


class LoginLimits(AxesDatabaseHandler):
    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """The failures of the parameter set nearest its own limit, expressed against
        AXES_FAILURE_LIMIT, the one number axes compares with: f failures of a set whose limit
        is L count as f * AXES_FAILURE_LIMIT // L, which reaches it exactly when f reaches L.

        Also notes on the request whether the address alone is locked, for the locked page."""
        limit = get_failure_limit(request, credentials)
        worst = 0
        request.login_locked_per_address = False  # type: ignore[attr-defined]
        attempts_per_set = self.get_user_attempts(request, credentials)
        for parameters, attempts in zip(
            settings.AXES_LOCKOUT_PARAMETERS, attempts_per_set, strict=True
        ):
            per_address = parameters == ["ip_address"]
            own_limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT if per_address else limit
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            if per_address and failures >= own_limit:
                request.login_locked_per_address = True  # type: ignore[attr-defined]
            worst = max(worst, failures * limit // own_limit)
        return worst

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        """A sign-in clears the failures of that account from that address only. Axes clears
        every set, the address's included: one account of one's own would then reset the
        count for all the accounts tried from there."""
        username = get_client_username(request, credentials)
        address = request.axes_ip_address  # type: ignore[attr-defined]
        deleted, _ = AccessAttempt.objects.filter(username=username, ip_address=address).delete()
        return deleted
