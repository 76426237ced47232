"""The catalogue pages: the instruments, one instrument with its version history, and the
form a jurist makes a new version with."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from goedwonen.core.categories import Categorie
from goedwonen.core.forms import form_add_service_errors
from goedwonen.core.policy import Capability, actor_of, can, requires
from goedwonen.registry.contract import Instrument as ContractInstrument

from . import catalogus
from .forms_catalogus import InstrumentversieForm, StappenFormSet, stappen_from, stappen_initial
from .models import Instrument, Instrumentversie, Stapsoort, Stapuitvoerder


@requires(Capability.ENFORCEMENT_WORK)
def catalogus_lijst(request: HttpRequest) -> HttpResponse:
    categorie = request.GET.get("categorie") or None
    if categorie not in (None, *Categorie.values):
        categorie = None
    return render(
        request,
        "handhaving/catalogus/lijst.html",
        {
            "instrumenten": catalogus.instrument_list(actor=actor_of(request), categorie=categorie),
            "categorie": categorie,
            "categorieen": Categorie.choices,
            "kan_beheren": can(actor_of(request), Capability.INSTRUMENTS_MANAGE),
        },
    )


def _instrument_or_404(request: HttpRequest, code: str) -> Instrument:
    try:
        return catalogus.instrument_get(actor=actor_of(request), code=code)
    except Instrument.DoesNotExist:
        raise Http404("Dit instrument staat niet in de catalogus.") from None


@requires(Capability.ENFORCEMENT_WORK)
def instrument_detail(request: HttpRequest, code: str) -> HttpResponse:
    actor = actor_of(request)
    instrument = _instrument_or_404(request, code)
    history = catalogus.instrumentversie_history(actor=actor, instrument=instrument)
    return render(
        request,
        "handhaving/catalogus/instrument.html",
        {
            "instrument": instrument,
            "huidige": history[0][0] if history else None,
            "stappen": [_labelled(stap) for stap in history[0][0].stappen] if history else [],
            "historie": history,
            "kan_beheren": can(actor, Capability.INSTRUMENTS_MANAGE),
            "categorie_namen": [
                Categorie(c).label for c in instrument.categorieen if c in Categorie.values
            ],
            "registratie": (
                ContractInstrument(instrument.registratiecode).label
                if instrument.registratiecode in ContractInstrument.values
                else instrument.registratiecode
            ),
        },
    )


def _labelled(stap: dict[str, Any]) -> dict[str, Any]:
    """A step of a version with the names of its kind and performer, not their codes."""
    soort, uitvoerder = stap.get("soort", ""), stap.get("uitvoerder", "")
    return {
        **stap,
        "soort_naam": Stapsoort(soort).label if soort in Stapsoort.values else soort,
        "uitvoerder_naam": (
            Stapuitvoerder(uitvoerder).label if uitvoerder in Stapuitvoerder.values else uitvoerder
        ),
    }


@requires(Capability.INSTRUMENTS_MANAGE, methods=["GET", "POST"])
def instrumentversie_nieuw(request: HttpRequest, code: str) -> HttpResponse:
    """A new version, prefilled from the current one; saving never changes a version."""
    actor = actor_of(request)
    instrument = _instrument_or_404(request, code)
    try:
        huidige = catalogus.instrumentversie_current(actor=actor, instrument=instrument)
    except Instrumentversie.DoesNotExist:
        huidige = None
    status = 200
    if request.method == "POST":
        form = InstrumentversieForm(request.POST)
        stappen = StappenFormSet(request.POST, prefix="stap")
        if form.is_valid() and stappen.is_valid():
            try:
                versie = catalogus.instrumentversie_create(
                    actor=actor,
                    instrument=instrument,
                    stappen=stappen_from(stappen),
                    **form.cleaned_data,
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    f"Versie {versie.versie} van {instrument.naam.lower()} is vastgesteld. "
                    "Lopende trajecten houden de versie waarmee ze begonnen.",
                )
                return redirect("handhaving-instrument", code=instrument.code)
        status = 400
    else:
        form = InstrumentversieForm(
            initial=InstrumentversieForm.initial_from(huidige) if huidige else None
        )
        stappen = StappenFormSet(
            prefix="stap", initial=stappen_initial(huidige) if huidige else None
        )
    return render(
        request,
        "handhaving/catalogus/versie_nieuw.html",
        {"instrument": instrument, "huidige": huidige, "form": form, "stappen": stappen},
        status=status,
    )
