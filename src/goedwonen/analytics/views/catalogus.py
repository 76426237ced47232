"""The indicator catalogue, its algorithm-register entry, and the weights learned from a
run's inspection outcomes that a catalogue manager may adopt as a new version."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from goedwonen.core.charts import bar_chart
from goedwonen.core.forms import form_add_service_errors
from goedwonen.core.policy import Capability, actor_of, can, requires
from goedwonen.core.validators import query_int

from .. import selectors
from ..fairness import FAR_FROM_MEDIAN
from ..forms import (
    VoorstelVaststellenForm,
)
from ..models import Catalogusversie, Risicorun
from ..register import register_entry
from ..services import catalogusversie_from_proposal
from .common import errors_text, run_or_404


@requires(Capability.ANALYSIS_VIEW)
def catalogus(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    try:
        found = selectors.catalogue(actor=actor, versie=query_int(request.GET.get("versie")))
    except Catalogusversie.DoesNotExist:
        found = None
    treffers = selectors.catalogue_hit_rates(actor=actor, versie=found) if found else None
    if found is not None:
        outcome_based = selectors.outcome_based_codes(found)
        for indicator in found.indicatoren.all():
            rate = treffers.per_indicator.get(indicator.code) if treffers else None
            indicator.treffer = rate  # type: ignore[attr-defined]
            indicator.uit_uitkomsten = indicator.code in outcome_based  # type: ignore[attr-defined]
    return render(
        request,
        "analytics/catalogus.html",
        {
            "versie": found,
            "versies": selectors.catalogue_versions(actor=actor),
            "treffer_run": treffers.run if treffers else None,
            "treffers": treffers,
        },
    )


def _register_version(request: HttpRequest) -> Catalogusversie:
    versie = query_int(request.GET.get("versie"))
    try:
        return selectors.catalogue(actor=actor_of(request), versie=versie)
    except Catalogusversie.DoesNotExist:
        raise Http404 from None


@requires(Capability.ANALYSIS_VIEW)
def algoritmeregister(request: HttpRequest) -> HttpResponse:
    """The algorithm-register entry of a catalogue version, readable."""
    versie = _register_version(request)
    return render(
        request,
        "analytics/algoritmeregister.html",
        {"versie": versie, "entry": register_entry(versie)},
    )


@requires(Capability.ANALYSIS_VIEW)
def algoritmeregister_json(request: HttpRequest) -> HttpResponse:
    """The same entry as JSON, for the public algorithm register."""
    versie = _register_version(request)
    response = JsonResponse(
        register_entry(versie),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Content-Disposition"] = (
        f'attachment; filename="algoritmeregister-catalogus-{versie.versie}.json"'
    )
    return response


@requires(Capability.ANALYSIS_VIEW)
def run_voorstel(request: HttpRequest, pk: int) -> HttpResponse:
    """Weights learned from the run's inspection outcomes: the scorecard, how it does on held-out
    inspections, where the outcomes come from; a catalogue manager may adopt it."""
    return _voorstel_page(request, run_or_404(request, pk))


def _voorstel_page(
    request: HttpRequest,
    run: Risicorun,
    form: VoorstelVaststellenForm | None = None,
    status: int = 200,
) -> HttpResponse:
    actor = actor_of(request)
    try:
        leervoorstel = selectors.run_proposal(actor=actor, run=run)
    except ValidationError as error:
        leervoorstel, fout = None, " ".join(error.messages)
    else:
        fout = ""
    chart = None
    if leervoorstel is not None and leervoorstel.buurten:
        chart = bar_chart(
            [
                {
                    "buurt": b.naam,
                    "per_1000": b.controles_per_1000,
                    "markering": {"boven": "ver boven", "onder": "ver onder"}.get(b.afwijking, ""),
                }
                for b in sorted(leervoorstel.buurten, key=lambda b: (-b.controles_per_1000, b.naam))
            ],
            category="buurt",
            value="per_1000",
            category_title="Buurt",
            value_title="Gecontroleerde woningen per 1000 woningen",
            title=f"Gecontroleerde woningen per 1000 per buurt, run {run.pk}",
            rules=[(leervoorstel.mediaan, "mediaan")],
            label="markering",
        )
    kan_vaststellen = leervoorstel is not None and can(actor, Capability.CATALOGUE_MANAGE)
    return render(
        request,
        "analytics/voorstel.html",
        {
            "run": run,
            "lv": leervoorstel,
            "buurten": sorted(leervoorstel.buurten, key=lambda b: b.naam) if leervoorstel else [],
            "scorekaart": [
                (leervoorstel.namen.get(c.code, c.code), c) for c in leervoorstel.voorstel.scorecard
            ]
            if leervoorstel
            else [],
            "fout": fout,
            "chart": chart,
            "ver": FAR_FROM_MEDIAN,
            "form": (form or VoorstelVaststellenForm()) if kan_vaststellen else None,
        },
        status=status,
    )


@requires(Capability.CATALOGUE_MANAGE, methods=["POST"])
def run_voorstel_vaststellen(request: HttpRequest, pk: int) -> HttpResponse:
    """Adopt the proposal as a new catalogue version, with the manager's explanation."""
    actor = actor_of(request)
    run = run_or_404(request, pk)
    form = VoorstelVaststellenForm(request.POST)
    if form.is_valid():
        try:
            versie = catalogusversie_from_proposal(
                actor=actor, run=run, toelichting=form.cleaned_data["toelichting"]
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request, f"De gewichten zijn vastgesteld als catalogusversie {versie.versie}."
            )
            return redirect(reverse("analyse-catalogus") + f"?versie={versie.versie}")
    if not can(actor, Capability.ANALYSIS_VIEW):
        messages.error(request, errors_text(form))
        return redirect("analyse-run", pk=run.pk)
    return _voorstel_page(request, run, form=form, status=400)
