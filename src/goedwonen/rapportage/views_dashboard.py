"""The steering dashboard: every registered section for a year and an area, as the worker
last computed them (rapportage.dashboard)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from goedwonen.core.policy import Capability, actor_of, can, requires
from goedwonen.registry.models import Gebied

from .dashboard import Filter, peildatum_van, stand_berekend_op, stand_voor
from .forms_doelen import DashboardFilter


def _filter(request: HttpRequest) -> tuple[Filter, DashboardFilter, int]:
    today = timezone.localdate()
    form = DashboardFilter(request.GET or None, today=today, initial={"jaar": today.year})
    jaar, gebied, status = today.year, None, 200
    if request.GET:
        if form.is_valid():
            jaar = form.cleaned_data["jaar"]
            code = form.cleaned_data["gebied"]
            gebied = Gebied.objects.get(code=code) if code else None
        else:
            status = 400  # the errors show at the filter; the figures of this year below
    return Filter(jaar=jaar, gebied=gebied, peildatum=peildatum_van(jaar, today)), form, status


@requires(Capability.STEERING_VIEW)
def dashboard(request: HttpRequest) -> HttpResponse:
    filter_, form, status = _filter(request)
    return render(
        request,
        "rapportage/dashboard.html",
        {
            "filter": filter_,
            "stand": stand_voor(filter_),
            "form": form,
            "kan_analyse_export": can(actor_of(request), Capability.ANALYSIS_EXPORT),
        },
        status=status,
    )


@requires(Capability.STEERING_VIEW)
def stand_status(request: HttpRequest) -> HttpResponse:
    """What the page asks every five seconds while a new stand is on its way: the same
    notice, or, once the worker has computed it, a reload of the page."""
    filter_, _, status = _filter(request)
    if status != 200:
        return HttpResponse(status=400)
    shown = parse_datetime(request.GET.get("berekend_op", ""))
    computed = stand_berekend_op(jaar=filter_.jaar, gebied=filter_.gebied)
    if computed is not None and (shown is None or computed > shown):
        return HttpResponse(headers={"HX-Refresh": "true"})
    return render(
        request,
        "rapportage/_stand_bijwerken.html",
        {"filter": filter_, "berekend_op": shown},
    )
