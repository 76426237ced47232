"""Analyst screens under /analyse: runs and their ranking with reasons, a dwelling's
contributions, the risk map, the indicator catalogue, and selections with four eyes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from goedwonen.core import display
from goedwonen.core.charts import bar_chart
from goedwonen.core.exports import Cell, csv_response
from goedwonen.core.forms import form_add_service_errors
from goedwonen.core.policy import Capability, actor_of, can, requires
from goedwonen.core.validators import query_int
from goedwonen.intake.services import OpgegevenAdres, find_address
from goedwonen.registry.models import Adres

from . import selections, selectors
from .fairness import FAR_FROM_MEDIAN, OVER_SELECTION, BuurtRow
from .forms import (
    AdresToevoegenForm,
    AdresVerwijderenForm,
    BesluitForm,
    CasussenForm,
    RunForm,
    SelectieForm,
    VerschillenForm,
    VoorstelVaststellenForm,
)
from .models import Catalogusversie, Handmatig, Risicorun, Selectie, Selectieadres, Selectiestatus
from .register import register_entry
from .services import catalogusversie_from_proposal, risicorun_request

PAGE_SIZE = 50
# The most pages a ranking can have: every dwelling of the country, PAGE_SIZE a page.
MAX_PAGE = 10_000_000 // PAGE_SIZE
DISPARITY_TOP = 200
# The organisation the register entry names (as `goedwonen algoritmeregister` by default).
REGISTER_ORGANISATION = "Gemeente Rotterdam"


@requires(Capability.ANALYSIS_VIEW)
def analyse(request: HttpRequest) -> HttpResponse:
    """The runs, newest first, and the form to start one."""
    actor = actor_of(request)
    page = Paginator(selectors.run_list(actor=actor), 25).get_page(request.GET.get("pagina"))
    return render(
        request,
        "analytics/runs.html",
        {
            "page": page,
            "query": "",
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


def _run(request: HttpRequest, pk: int) -> Risicorun:
    try:
        return selectors.run_get(actor=actor_of(request), pk=pk)
    except Risicorun.DoesNotExist:
        raise Http404 from None


def _score_filters(data: Any) -> selectors.ScoreFilters:
    return selectors.ScoreFilters(
        buurt=data.get("buurt", "")[:12],
        straat=data.get("straat", "").strip()[:120],
        indicator=data.get("indicator", "")[:40],
        eigenaar=data.get("eigenaar", "").strip()[:40],
    )


@requires(Capability.ANALYSIS_VIEW)
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The run's ranking with the reasons per address, filtered and paged."""
    actor = actor_of(request)
    run = _run(request, pk)
    if run.status == Risicorun.Status.BEZIG:
        return render(request, "analytics/run.html", {"run": run})
    filters = _score_filters(request.GET)
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
            **_disparity_context(
                verschillen, f"de hoogste {top or DISPARITY_TOP} van run {run.pk}"
            ),
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
    run = _run(request, pk)
    if run.status == Risicorun.Status.BEZIG:
        return render(request, "analytics/_run_bezig.html", {"run": run})
    return HttpResponse(headers={"HX-Refresh": "true"})


def _disparity_context(rows: list[BuurtRow] | None, what: str) -> dict[str, Any]:
    """The disparity table (by buurt name) and its chart: each buurt's share of the selection
    against its share of the dwellings, with the lines at 1 (even) and at the flag."""
    if rows is None:
        return {"verschillen": None}
    title = f"Verhouding selectie tegen woningen per buurt, {what}"
    chart = None
    if any(r.geselecteerd for r in rows):
        ordered = sorted(rows, key=lambda r: (-r.verhouding, r.naam))
        chart = bar_chart(
            [
                {
                    "buurt": r.naam,
                    "verhouding": round(r.verhouding, 2),
                    "markering": "overselectie" if r.overselectie else "",
                }
                for r in ordered
            ],
            category="buurt",
            value="verhouding",
            category_title="Buurt",
            value_title="Aandeel in de selectie gedeeld door aandeel in de woningen",
            title=title,
            rules=[(1.0, "evenredig"), (OVER_SELECTION, "overselectie")],
            label="markering",
        )
    return {
        "verschillen": sorted(rows, key=lambda r: r.naam),
        "verschillen_chart": chart,
        "verschillen_titel": title,
        "verschillen_wat": what,
        "verschillen_geselecteerd": sum(r.geselecteerd for r in rows),
        "verschillen_overselectie": [
            r.naam for r in sorted(rows, key=lambda r: r.naam) if r.overselectie
        ],
        "overselectie_grens": OVER_SELECTION,
    }


def _default_name(run: Risicorun, filters: selectors.ScoreFilters) -> str:
    waar = run.gebied.naam if run.gebied else "alle gebieden"
    return f"Integrale actie {waar} (run {run.pk})"


@requires(Capability.ANALYSIS_VIEW)
def run_woning(request: HttpRequest, pk: int, object_id: str) -> HttpResponse:
    """One dwelling in a run: each indicator's measured value, signal, weight and
    contribution."""
    actor = actor_of(request)
    run = _run(request, pk)
    if not selectors.has_scores(run):
        messages.error(request, "Deze run heeft geen scores.")
        return redirect("analyse-run", pk=run.pk)
    found = selectors.run_dwelling(actor=actor, run=run, object_id=object_id)
    if found is None:
        raise Http404
    row, bijdragen = found
    adres = Adres.objects.filter(verblijfsobject__object_id=object_id, hoofdadres=True).first()
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
    run = _run(request, pk)
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
            "versies": Catalogusversie.objects.values_list("versie", flat=True),
            "treffer_run": treffers.run if treffers else None,
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
        {"versie": versie, "entry": register_entry(versie, organisatie=REGISTER_ORGANISATION)},
    )


@requires(Capability.ANALYSIS_VIEW)
def algoritmeregister_json(request: HttpRequest) -> HttpResponse:
    """The same entry as JSON, for the public algorithm register."""
    versie = _register_version(request)
    response = JsonResponse(
        register_entry(versie, organisatie=REGISTER_ORGANISATION),
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
    return _voorstel_page(request, _run(request, pk))


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
    run = _run(request, pk)
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
        messages.error(request, _errors_text(form))
        return redirect("analyse-run", pk=run.pk)
    return _voorstel_page(request, run, form=form, status=400)


@requires(Capability.SELECTION_COMPOSE, methods=["POST"])
def selectie_samenstellen(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    form = SelectieForm(request.POST)
    filters = _score_filters(request.POST)
    back = reverse("analyse-run", kwargs={"pk": run.pk}) + "?" + _filter_query(filters)
    if not form.is_valid():
        messages.error(request, _errors_text(form))
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


def _errors_text(form: forms.Form) -> str:
    return " ".join(
        f"{form.fields[name].label if name in form.fields else ''}: "
        f"{' '.join(str(e) for e in errors)}".lstrip(": ")
        for name, errors in form.errors.items()
    )


@requires(Capability.ANALYSIS_VIEW)
def selecties(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.selectie_list(actor=actor_of(request)), 25).get_page(
        request.GET.get("pagina")
    )
    return render(request, "analytics/selecties.html", {"page": page, "query": ""})


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
        **_disparity_context(
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
        messages.error(request, _errors_text(form))
        return redirect("selectie", pk=pk)
    return _selectie_page(request, selectie, status=400, **{name: form})


@requires(Capability.SELECTION_COMPOSE, methods=["POST"])
def selectie_toevoegen(request: HttpRequest, pk: int) -> HttpResponse:
    form = AdresToevoegenForm(request.POST, prefix="toevoegen")

    def action(selectie: Selectie, data: dict[str, Any]) -> str:
        adres = find_address(
            OpgegevenAdres(
                postcode=data["postcode"],
                huisnummer=str(data["huisnummer"]),
                huisletter=data["huisletter"],
                toevoeging=data["toevoeging"],
            )
        )
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
            row = selectie.adressen.select_related("verblijfsobject").get(pk=adres)
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
        made = selections.selectie_cases_create(
            actor=actor,
            selectie=selectie,
            casusregisseur=actor,
            categorieen=data["categorieen"],
        )
        made_text = display.aantal(len(made), "proactieve casus", "proactieve casussen")
        return f"{made_text} gemaakt; u bent de casusregisseur."

    return _selectie_act(request, pk, "casussen", form, action)
