from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render

from goedwonen.casussen import selectors as casus_selectors
from goedwonen.core.charts import line_chart
from goedwonen.core.lists import Kolom, Lijst, Lijstdefinitie
from goedwonen.core.policy import Capability, actor_of, requires
from goedwonen.core.selectors import opgeslagen_filter_list
from goedwonen.intake import selectors as intake_selectors

from . import selectors, services
from .models import Adres, Levering


@requires(Capability.REGISTRY_VIEW)
def adres_zoeken(request: HttpRequest) -> HttpResponse:
    """The search page; with htmx it answers only the result list (autocomplete)."""
    query = request.GET.get("q", "")
    results = selectors.adres_search(actor=actor_of(request), query=query)
    context = {"query": query, "results": results, "searched": len(query.strip()) >= 2}
    template = (
        "registry/_zoekresultaten.html"
        if request.headers.get("HX-Request")
        else "registry/zoeken.html"
    )
    return render(request, template, context)


def _bewoning_chart(dossier: selectors.AdresDossier) -> str | None:
    if len(dossier.bewoning) < 2:
        return None
    values = []
    for row in dossier.bewoning:
        label = f"{row.peildatum.day}-{row.peildatum.month}-{row.peildatum.year}"
        values.append({"peildatum": label, "aantal": row.ingeschrevenen, "reeks": "ingeschreven"})
        if row.volwassenen is not None:
            values.append({"peildatum": label, "aantal": row.volwassenen, "reeks": "volwassen"})
    return line_chart(
        values,
        x="peildatum",
        y="aantal",
        series="reeks",
        x_title="Peildatum",
        y_title="Personen",
        title="Ingeschreven personen op dit adres door de tijd",
    )


@requires(Capability.REGISTRY_VIEW)
def adres_detail(request: HttpRequest, nummeraanduiding: str) -> HttpResponse:
    try:
        dossier = selectors.adres_dossier(
            actor=actor_of(request), nummeraanduiding=nummeraanduiding
        )
    except Adres.DoesNotExist:
        raise Http404 from None
    norm = None
    if dossier.object.oppervlakte and dossier.bewoning:
        latest = dossier.bewoning[-1]
        norm = {
            "per_persoon": round(dossier.object.oppervlakte / latest.ingeschrevenen, 1)
            if latest.ingeschrevenen
            else None
        }
    casussen = casus_selectors.casussen_for_object(
        actor=actor_of(request), verblijfsobject_id=dossier.object.pk
    )
    return render(
        request,
        "registry/adres.html",
        {"d": dossier, "chart": _bewoning_chart(dossier), "norm": norm, "casussen": casussen},
    )


@requires(Capability.REGISTRY_VIEW)
def kaart(request: HttpRequest) -> HttpResponse:
    return render(request, "registry/kaart.html")


@requires(Capability.REGISTRY_VIEW)
def kaart_buurten(request: HttpRequest) -> JsonResponse:
    return JsonResponse(selectors.buurten_geojson(actor=actor_of(request)))


@requires(Capability.REGISTRY_VIEW)
def kaart_woningen(request: HttpRequest) -> JsonResponse:
    try:
        west, south, east, north = (float(v) for v in request.GET.get("bbox", "").split(","))
    except ValueError:
        return JsonResponse(
            {"fout": "Geef bbox als west,zuid,oost,noord in graden (WGS84)."}, status=400
        )
    points, more = selectors.woningen_in_view(
        actor=actor_of(request),
        west=west,
        south=south,
        east=east,
        north=north,
    )
    return JsonResponse({"woningen": points, "meer": more})


MATCH_LIST = Lijstdefinitie(
    key="koppelwachtrij",
    kolommen=(
        Kolom("ontvangen", "Ontvangen", ("ontvangen_op",)),
        Kolom("adres", "Opgegeven adres", ("opgegeven_postcode", "opgegeven_huisnummer")),
        Kolom("categorie", "Categorie", ("categorie",)),
        Kolom("bron", "Bron", ("bron", "bron_id")),
        Kolom("actie", "Actie"),
    ),
    zoekhulp="Kenmerk, bron, kenmerk bij de bron of de opgegeven postcode",
    per_pagina=25,
)


@requires(Capability.REPORTS_MATCH)
def koppelwachtrij(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    lijst = Lijst.from_request(request, MATCH_LIST)
    lijst.opgeslagen = opgeslagen_filter_list(actor=actor, lijst=MATCH_LIST.key)
    page = lijst.page(lijst.order(selectors.koppelwachtrij(actor=actor, zoek=lijst.zoek)))
    intake_selectors.meldingen_read(
        actor=actor, meldingen=page.object_list, operation="Koppelwachtrij ingezien"
    )
    return render(request, "registry/koppelwachtrij.html", {"page": page, "lijst": lijst})


@requires(Capability.REPORTS_MATCH)
def melding_koppelen(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    melding = get_object_or_404(selectors.koppelwachtrij(actor=actor), pk=pk)
    intake_selectors.meldingen_read(
        actor=actor, meldingen=[melding], operation="Melding ingezien om het adres te koppelen"
    )
    query = request.GET.get("q", melding.opgegeven_adres)
    results = selectors.adres_search(actor=actor, query=query)
    return render(
        request, "registry/koppelen.html", {"melding": melding, "query": query, "results": results}
    )


@requires(Capability.REPORTS_MATCH, methods=["POST"])
def melding_koppelen_opslaan(request: HttpRequest, pk: int) -> HttpResponse:
    melding = get_object_or_404(selectors.koppelwachtrij(actor=actor_of(request)), pk=pk)
    adres = selectors.adres_for_matching(
        actor=actor_of(request), nummeraanduiding=request.POST.get("nummeraanduiding", "")
    )
    if adres is None:
        messages.error(request, "Kies een adres uit de zoekresultaten.")
        return redirect("melding-koppelen", pk=pk)
    try:
        services.melding_match_address(actor=actor_of(request), melding=melding, adres=adres)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"Melding {melding.bron}/{melding.bron_id} gekoppeld aan {adres}."
        )
    return redirect("koppelwachtrij")


DELIVERY_LIST = Lijstdefinitie(
    key="leveringen",
    kolommen=(),  # a section per delivery, newest first
    filters=("status",),
    zoekhulp="Nummer van de levering of een deel van de bronmap",
    per_pagina=20,
)


@requires(Capability.DELIVERIES_VIEW)
def leveringen(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    lijst = Lijst.from_request(request, DELIVERY_LIST)
    lijst.opgeslagen = opgeslagen_filter_list(actor=actor, lijst=DELIVERY_LIST.key)
    status = lijst.get("status")
    status = status if status in Levering.Status.values else ""
    found = selectors.levering_list(actor=actor, zoek=lijst.zoek, status=status)
    return render(
        request,
        "registry/leveringen.html",
        {
            "page": lijst.page(found),
            "lijst": lijst,
            "status": status,
            "statuses": Levering.Status.choices,
        },
    )
