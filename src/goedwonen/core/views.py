from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from . import selectors, services
from .forms import LogSearchForm
from .health import health_check
from .lists import BegrensdePaginator
from .policy import Capability, actor_of, capabilities_of, public_view, requires, signed_in_view
from .processing_log import processing_log_batch
from .registries import start_page_blocks

LOG_PAGE_SIZE = 50


@signed_in_view
def home(request: HttpRequest) -> HttpResponse:
    """The start page: the blocks of work the apps registered, each for holders of its
    capability only (`core.registries.start_page_blocks`)."""
    user = actor_of(request)
    held = capabilities_of(user)
    today = timezone.localdate()
    # One transaction for every block, and one insert of what they all show: each block
    # logs its own lines, written together at the end (two statements, not four a block).
    with transaction.atomic(), processing_log_batch():
        blokken = [
            blok
            for capability, read in start_page_blocks
            if capability in held and (blok := read(actor=user, today=today)) is not None
        ]
    return render(
        request,
        "core/home.html",
        {
            "rollen": user.rollen.all(),
            "teams": user.team_list(),
            "blokken": blokken,
            "capabilities": sorted(held, key=lambda c: c.label),
        },
    )


@public_view
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """For the load balancer and monitoring: the database answers, a worker beats and seals
    the processing log in time (503 otherwise). Ages only, nothing about the data."""
    result = health_check()
    return JsonResponse(result.as_json(), status=200 if result.ok else 503)


@requires(Capability.LOG_SEARCH)
def privacy_log(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = LogSearchForm(
        request.GET or None,
        subject_types=selectors.data_subject_types(actor=actor),
    )
    page = None
    if form.is_bound and form.is_valid():
        lines = selectors.processing_log_search(actor=actor, filters=form.filters())
        page = BegrensdePaginator(lines, LOG_PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "privacy/log.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "check": selectors.chain_check_latest(actor=actor),
        },
    )


@requires(Capability.LOG_SEARCH, methods=["POST"])
def privacy_log_verify(request: HttpRequest) -> HttpResponse:
    check = services.chain_check_run(actor=actor_of(request))
    if check.intact:
        messages.success(request, check.bevinding)
    else:
        messages.error(request, check.bevinding)
    return redirect("privacy-log")


@requires(Capability.REGISTER_VIEW)
def privacy_register(request: HttpRequest) -> HttpResponse:
    activities = selectors.verwerkingsactiviteit_list(actor=actor_of(request))
    return render(request, "privacy/register.html", {"activities": activities})
