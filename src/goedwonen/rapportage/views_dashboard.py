"""The steering dashboard: every registered section for a year and an area."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from goedwonen.core.policy import Capability, actor_of, requires

from .dashboard import Filter, secties


@requires(Capability.STEERING_VIEW)
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    filter_ = Filter(actor=actor_of(request), jaar=today.year, gebied=None, peildatum=today)
    return render(
        request, "rapportage/dashboard.html", {"filter": filter_, "secties": secties(filter_)}
    )
