"""Selections with four eyes: composing one from a run, adding and removing addresses,
submitting, deciding, exporting, and turning an approved one into cases."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from goedwonen.core import display
from goedwonen.core.exports import Cell, csv_response
from goedwonen.core.forms import form_add_service_errors
from goedwonen.core.lists import Kolom, Lijst, Lijstdefinitie
from goedwonen.core.policy import Capability, actor_of, can, requires
from goedwonen.core.selectors import opgeslagen_filter_list
from goedwonen.registry.address_lookup import find_address, typed_address

from .. import selections, selectors
from ..forms import (
    AdresToevoegenForm,
    AdresVerwijderenForm,
    BesluitForm,
    CasussenForm,
    SelectieForm,
)
from ..models import Handmatig, Selectie, Selectieadres, Selectiestatus
from .common import disparity_context, errors_text, run_or_404, score_filters


@requires(Capability.SELECTION_COMPOSE, methods=["POST"])
def selectie_samenstellen(request: HttpRequest, pk: int) -> HttpResponse:
    run = run_or_404(request, pk)
    form = SelectieForm(request.POST)
    filters = score_filters(request.POST)
    back = reverse("analyse-run", kwargs={"pk": run.pk}) + "?" + _filter_query(filters)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect(back)
    try:
        selectie = selections.selectie_compose(
            actor=actor_of(request),
            run=run,
            naam=form.cleaned_data["naam"],
            top_n=form.cleaned_data["top_n"],
            filters=filters,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(
        request,
        f"Selectie '{selectie.naam}' is samengesteld "
        f"({display.aantal(selectie.adressen.count(), 'adres', 'adressen')}).",
    )
    return redirect("selectie", pk=selectie.pk)


def _filter_query(filters: selectors.ScoreFilters) -> str:
    return urlencode(filters.as_dict())


SELECTION_LIST = Lijstdefinitie(
    key="selecties",
    kolommen=(
        Kolom("naam", "Naam", ("naam",)),
        Kolom("status", "Status", ("status",)),
        Kolom("run", "Run", ("run_id",)),
        Kolom("samengesteld", "Samengesteld", ("samengesteld_op",)),
        Kolom("beoordeeld", "Beoordeeld", ("beoordeeld_op",)),
    ),
    filters=("status",),
    zoekhulp="Een deel van de naam",
    per_pagina=25,
)


@requires(Capability.ANALYSIS_VIEW)
def selecties(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    lijst = Lijst.from_request(request, SELECTION_LIST)
    lijst.opgeslagen = opgeslagen_filter_list(actor=actor, lijst=SELECTION_LIST.key)
    status = lijst.get("status")
    found = selectors.selectie_list(
        actor=actor,
        zoek=lijst.zoek,
        status=status if status in Selectiestatus.values else "",
    )
    return render(
        request,
        "analytics/selecties.html",
        {
            "page": lijst.page(lijst.order(found)),
            "lijst": lijst,
            "status": status,
            "statuses": Selectiestatus.choices,
        },
    )


def _selectie(request: HttpRequest, pk: int) -> Selectie:
    try:
        return selectors.selectie_get(actor=actor_of(request), pk=pk)
    except Selectie.DoesNotExist:
        raise Http404 from None


@requires(Capability.ANALYSIS_VIEW)
def selectie_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _selectie_page(request, _selectie(request, pk))


def _selectie_page(
    request: HttpRequest, selectie: Selectie, status: int = 200, **bound: forms.Form
) -> HttpResponse:
    actor = actor_of(request)
    rows = selectors.selectie_adressen(actor=actor, selectie=selectie)
    concept = selectie.status == Selectiestatus.CONCEPT
    bewerken = concept and can(actor, Capability.SELECTION_COMPOSE)
    for r in rows:
        r.verwijder_form = (  # type: ignore[attr-defined]
            bound.get(f"weg{r.pk}") or AdresVerwijderenForm(prefix=f"weg{r.pk}")
            if bewerken and r.handmatig != Handmatig.VERWIJDERD
            else None
        )
    context: dict[str, Any] = {
        **disparity_context(
            selectors.selectie_disparity(actor=actor, selectie=selectie),
            f"de adressen van selectie '{selectie.naam}'",
        ),
        "selectie": selectie,
        "rows": rows,
        "geselecteerd": sum(1 for r in rows if r.handmatig != Handmatig.VERWIJDERD),
        "bewerken": bewerken,
        "toevoegen_form": (bound.get("toevoegen") or AdresToevoegenForm(prefix="toevoegen"))
        if bewerken
        else None,
        "besluit_form": (bound.get("besluit") or BesluitForm(prefix="besluit"))
        if selectie.status == Selectiestatus.TER_GOEDKEURING
        and can(actor, Capability.SELECTION_APPROVE)
        else None,
        "eigen_selectie": selectie.samengesteld_door_id == actor.pk,
        "casussen_form": (
            bound.get("casussen")
            or CasussenForm(prefix="casussen", initial={"categorieen": ["overbewoning"]})
        )
        if selectie.status == Selectiestatus.GOEDGEKEURD and can(actor, Capability.CASES_DIRECT)
        else None,
    }
    return render(request, "analytics/selectie.html", context, status=status)


def _selectie_act(
    request: HttpRequest,
    pk: int,
    name: str,
    form: forms.Form,
    action: Any,
) -> HttpResponse:
    """Validate the posted form and run the service; back to the selection with the outcome,
    or the page again with the errors beside the fields (a refusal shown, not a 403 page)."""
    selectie = _selectie(request, pk)
    if form.is_valid():
        try:
            done = action(selectie, form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        except PermissionDenied as denied:
            form.add_error(None, str(denied))
        else:
            messages.success(request, done)
            return redirect("selectie", pk=pk)
    if not can(actor_of(request), Capability.ANALYSIS_VIEW):
        messages.error(request, errors_text(form))
        return redirect("selectie", pk=pk)
    return _selectie_page(request, selectie, status=400, **{name: form})


@requires(Capability.SELECTION_COMPOSE, methods=["POST"])
def selectie_toevoegen(request: HttpRequest, pk: int) -> HttpResponse:
    form = AdresToevoegenForm(request.POST, prefix="toevoegen")

    def action(selectie: Selectie, data: dict[str, Any]) -> str:
        adres = find_address(typed_address(data))
        if adres is None or adres.verblijfsobject is None:
            raise ValidationError({"postcode": "Dit adres staat niet in de registratie."})
        selections.selectie_address_add(
            actor=actor_of(request),
            selectie=selectie,
            verblijfsobject=adres.verblijfsobject,
            reden=data["reden"],
        )
        return f"{adres.straat_huisnummer} is aan de selectie toegevoegd."

    return _selectie_act(request, pk, "toevoegen", form, action)


@requires(Capability.SELECTION_COMPOSE, methods=["POST"])
def selectie_verwijderen(request: HttpRequest, pk: int, adres: int) -> HttpResponse:
    form = AdresVerwijderenForm(request.POST, prefix=f"weg{adres}")

    def action(selectie: Selectie, data: dict[str, Any]) -> str:
        try:
            row = selectors.selectie_adres(selectie=selectie, pk=adres)
        except Selectieadres.DoesNotExist:
            raise Http404 from None
        selections.selectie_address_remove(
            actor=actor_of(request), selectie=selectie, adres=row, reden=data["reden"]
        )
        return "Het adres is uit de selectie gehaald; de reden staat erbij."

    return _selectie_act(request, pk, f"weg{adres}", form, action)


@requires(Capability.SELECTION_COMPOSE, methods=["POST"])
def selectie_indienen(request: HttpRequest, pk: int) -> HttpResponse:
    selectie = _selectie(request, pk)
    try:
        selections.selectie_submit(actor=actor_of(request), selectie=selectie)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "De selectie is ter goedkeuring aangeboden.")
    return redirect("selectie", pk=pk)


@requires(Capability.SELECTION_APPROVE, methods=["POST"])
def selectie_besluit(request: HttpRequest, pk: int) -> HttpResponse:
    form = BesluitForm(request.POST, prefix="besluit")

    def action(selectie: Selectie, data: dict[str, Any]) -> str:
        goedkeuren = data["besluit"] == "goedkeuren"
        selections.selectie_decide(
            actor=actor_of(request),
            selectie=selectie,
            goedkeuren=goedkeuren,
            toelichting=data["toelichting"],
        )
        return "De selectie is goedgekeurd." if goedkeuren else "De selectie is afgewezen."

    return _selectie_act(request, pk, "besluit", form, action)


EXPORT_COLUMNS = [
    "object_id",
    "adres",
    "postcode",
    "buurt",
    "buurtcode",
    "score",
    "rang",
    "redenen",
    "handmatig",
    "reden",
]


@requires(Capability.ANALYSIS_VIEW)
def selectie_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The approved selection's address list as CSV (semicolons). Logged."""
    selectie = _selectie(request, pk)
    if selectie.status != Selectiestatus.GOEDGEKEURD:
        messages.error(request, "Alleen een goedgekeurde selectie kan worden gedownload.")
        return redirect("selectie", pk=pk)
    rows = selectors.selectie_export(actor=actor_of(request), selectie=selectie)
    return csv_response(f"selectie-{selectie.pk}.csv", EXPORT_COLUMNS, map(_export_row, rows))


def _export_row(r: Selectieadres) -> list[Cell]:
    adres = getattr(r, "adres", None)
    return [
        r.verblijfsobject.object_id,
        adres.straat_huisnummer if adres else "",
        adres.postcode if adres else "",
        r.verblijfsobject.buurt.naam if r.verblijfsobject.buurt else "",
        r.verblijfsobject.buurt.code if r.verblijfsobject.buurt else "",
        round(Decimal(r.score), 3),
        r.rang,
        "; ".join(r.redenen),
        r.get_handmatig_display() if r.handmatig else "",
        r.reden,
    ]


@requires(Capability.CASES_DIRECT, methods=["POST"])
def selectie_casussen(request: HttpRequest, pk: int) -> HttpResponse:
    form = CasussenForm(request.POST, prefix="casussen")
    actor = actor_of(request)

    def action(selectie: Selectie, data: dict[str, Any]) -> str:
        done = selections.selectie_cases_create(
            actor=actor,
            selectie=selectie,
            casusregisseur=actor,
            categorieen=data["categorieen"],
        )
        made_text = display.aantal(len(done.made), "proactieve casus", "proactieve casussen")
        text = f"{made_text} gemaakt; u bent de casusregisseur."
        if done.already_open:
            text += (
                f" Op {len(done.already_open)} "
                f"{'adres' if len(done.already_open) == 1 else 'adressen'} liep al een casus: "
                "daar is geen nieuwe gemaakt en staat het signaal op de tijdlijn van die casus ("
                + "; ".join(f"{adres}: casus {c.referentie}" for adres, c in done.already_open)
                + ")."
            )
        return text

    return _selectie_act(request, pk, "casussen", form, action)
