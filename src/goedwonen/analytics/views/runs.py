"""Risk runs: the list and starting one, a run's ranking with reasons and disparity, a
dwelling's contributions, the risk map."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from goedwonen.core.lists import Kolom, Lijst, Lijstdefinitie
from goedwonen.core.policy import Capability, actor_of, can, requires
from goedwonen.core.selectors import opgeslagen_filter_list
from goedwonen.core.validators import query_int
from goedwonen.registry.address_lookup import main_address_of_object

from .. import selectors
from ..forms import (
    RunForm,
    SelectieForm,
    VerschillenForm,
)
from ..models import Risicorun
from ..services import risicorun_request
from .common import disparity_context, run_or_404, score_filters

PAGE_SIZE = 50


# The most pages a ranking can have: every dwelling of the country, PAGE_SIZE a page.
MAX_PAGE = 10_000_000 // PAGE_SIZE


DISPARITY_TOP = 200


RUN_LIST = Lijstdefinitie(
    key="runs",
    kolommen=(
        Kolom("run", "Run", ("pk",)),
        Kolom("gebied", "Gebied", ("gebied__naam",)),
        Kolom("status", "Status", ("status",)),
        Kolom("woningen", "Woningen", ("aantal_woningen",), numeric=True),
        Kolom("catalogus", "Catalogus", ("catalogus__versie",)),
        Kolom("peildatum", "Peildatum", ("peildatum",)),
        Kolom("gestart", "Gestart", ("gestart_op",)),
    ),
    zoekhulp="Nummer van de run of een deel van de naam van het gebied",
    per_pagina=25,
)


@requires(Capability.ANALYSIS_VIEW)
def analyse(request: HttpRequest) -> HttpResponse:
    """The runs, newest first, and the form to start one."""
    actor = actor_of(request)
    lijst = Lijst.from_request(request, RUN_LIST)
    lijst.opgeslagen = opgeslagen_filter_list(actor=actor, lijst=RUN_LIST.key)
    page = lijst.page(lijst.order(selectors.run_list(actor=actor, zoek=lijst.zoek)))
    return render(
        request,
        "analytics/runs.html",
        {
            "page": page,
            "lijst": lijst,
            "form": RunForm() if can(actor, Capability.ANALYSIS_RUN) else None,
        },
    )


@requires(Capability.ANALYSIS_RUN, methods=["POST"])
def run_starten(request: HttpRequest) -> HttpResponse:
    form = RunForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Kies een gebied om te scoren.")
        return redirect("analyse")
    try:
        run = risicorun_request(actor=actor_of(request), gebied=form.cleaned_data["gebied"])
    except ValidationError as error:
        messages.error(request, f"De run kon niet starten: {'; '.join(error.messages)}")
        return redirect("analyse")
    messages.success(request, f"Run {run.pk} is gestart.")
    return redirect("analyse-run", pk=run.pk)


@requires(Capability.ANALYSIS_VIEW)
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The run's ranking with the reasons per address, filtered and paged."""
    actor = actor_of(request)
    run = run_or_404(request, pk)
    if run.status == Risicorun.Status.BEZIG:
        return render(request, "analytics/run.html", {"run": run})
    filters = score_filters(request.GET)
    # Not a page number ('²', '0', 20 digits): the first page, as Paginator.get_page does.
    number_int = query_int(request.GET.get("pagina"), maximum=MAX_PAGE) or 1
    ranking = selectors.run_ranking(
        actor=actor,
        run=run,
        filters=filters,
        limit=PAGE_SIZE,
        offset=(number_int - 1) * PAGE_SIZE,
    )
    # A Page over the count from DuckDB, so the shared pagination template works.
    paginator: Paginator[int] = Paginator(range(ranking.total), PAGE_SIZE)
    page: Page[Any] = Page(ranking.rows, min(number_int, max(paginator.num_pages, 1)), paginator)
    query = request.GET.copy()
    query.pop("pagina", None)
    buurten = selectors.run_buurten(run)
    names = dict(buurten)
    for row in ranking.rows:
        row["buurt"] = names.get(row["buurtcode"], row["buurtcode"])
    top_form = VerschillenForm(request.GET if "top" in request.GET else None)
    top = top_form.cleaned_data["top"] if top_form.is_bound and top_form.is_valid() else None
    if top_form.is_bound and top is None:
        top_form = VerschillenForm(request.GET)  # keeps the errors beside the field
    verschillen = selectors.run_disparity(actor=actor, run=run, top=top or DISPARITY_TOP)
    return render(
        request,
        "analytics/run.html",
        {
            "run": run,
            "page": page,
            "query": query.urlencode(),
            "filters": filters,
            "buurten": buurten,
            "top_form": top_form if top_form.is_bound else VerschillenForm(),
            "top": top or DISPARITY_TOP,
            **disparity_context(verschillen, f"de hoogste {top or DISPARITY_TOP} van run {run.pk}"),
            "indicatoren": selectors.run_indicators(run),
            "heeft_scores": selectors.has_scores(run),
            "selectie_form": SelectieForm(initial={"naam": _default_name(run, filters)})
            if can(actor, Capability.SELECTION_COMPOSE) and selectors.has_scores(run)
            else None,
        },
    )


@requires(Capability.ANALYSIS_VIEW)
def run_status(request: HttpRequest, pk: int) -> HttpResponse:
    """What the run page asks every two seconds while the run is bezig: the same notice, or,
    once the worker is done, a reload of the page (its ranking, or the failure)."""
    run = run_or_404(request, pk)
    if run.status == Risicorun.Status.BEZIG:
        return render(request, "analytics/_run_bezig.html", {"run": run})
    return HttpResponse(headers={"HX-Refresh": "true"})


def _default_name(run: Risicorun, filters: selectors.ScoreFilters) -> str:
    waar = run.gebied.naam if run.gebied else "alle gebieden"
    return f"Integrale actie {waar} (run {run.pk})"


@requires(Capability.ANALYSIS_VIEW)
def run_woning(request: HttpRequest, pk: int, object_id: str) -> HttpResponse:
    """One dwelling in a run: each indicator's measured value, signal, weight and
    contribution."""
    actor = actor_of(request)
    run = run_or_404(request, pk)
    if not selectors.has_scores(run):
        messages.error(request, "Deze run heeft geen scores.")
        return redirect("analyse-run", pk=run.pk)
    found = selectors.run_dwelling(actor=actor, run=run, object_id=object_id)
    if found is None:
        raise Http404
    row, bijdragen = found
    adres = main_address_of_object(object_id)
    return render(
        request,
        "analytics/woning.html",
        {
            "run": run,
            "row": row,
            "bijdragen": bijdragen,
            "adres": adres,
            "kan_adres": can(actor, Capability.REGISTRY_VIEW),
        },
    )


@requires(Capability.ANALYSIS_VIEW)
def run_kaart(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    run = run_or_404(request, pk)
    return render(
        request,
        "analytics/kaart.html",
        {
            "run": run,
            "kaart": selectors.run_map(actor=actor, run=run),
            "buurten": selectors.buurt_means(actor=actor, run=run),
            "limit": selectors.MAP_POINT_LIMIT,
        },
    )
