from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from goedwonen.core.policy import Capability, requires

from . import selectors


@requires(Capability.ACCOUNTS_VIEW)
def accounts_overview(request: HttpRequest) -> HttpResponse:
    actor = request.user
    return render(
        request,
        "accounts/overview.html",
        {
            "organisaties": selectors.organisatie_overview(actor=actor),  # type: ignore[arg-type]
            "teams": selectors.team_list(actor=actor),  # type: ignore[arg-type]
            "rollen": selectors.rol_list(actor=actor),  # type: ignore[arg-type]
        },
    )
