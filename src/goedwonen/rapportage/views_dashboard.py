"""The steering dashboard: every registered section for a year and an area."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from goedwonen.core.policy import Capability, actor_of, can, requires
from goedwonen.registry.models import Gebied

from .dashboard import Filter, secties_cached
from .forms_doelen import DashboardFilter


@requires(Capability.STEERING_VIEW)
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = DashboardFilter(request.GET or None, today=today, initial={"jaar": today.year})
    jaar, gebied, status = today.year, None, 200
    if request.GET:
        if form.is_valid():
            jaar = form.cleaned_data["jaar"]
            code = form.cleaned_data["gebied"]
            gebied = Gebied.objects.defer("geometrie").get(code=code) if code else None
        else:
            status = 400  # the errors show at the filter; the figures of this year below
    # The figures run to today in the running year, to 31 December in a past one.
    peildatum = min(today, date(jaar, 12, 31))
    filter_ = Filter(actor=actor_of(request), jaar=jaar, gebied=gebied, peildatum=peildatum)
    found, berekend_op = secties_cached(filter_)
    return render(
        request,
        "rapportage/dashboard.html",
        {
            "filter": filter_,
            "secties": found,
            "berekend_op": berekend_op,
            "form": form,
            "kan_analyse_export": can(filter_.actor, Capability.ANALYSIS_EXPORT),
        },
        status=status,
    )
