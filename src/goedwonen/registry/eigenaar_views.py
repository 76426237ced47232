"""An owner's page and its parts: the page shows the facts, the flags, the portfolio a page at
a time with a summary per buurt; the reports, controls and enforcement decisions are pages of
their own (links, no JavaScript needed) and the map fetches its points from a JSON endpoint."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from goedwonen.core.lists import Kolom, Lijst, Lijstdefinitie
from goedwonen.core.policy import Capability, actor_of, requires
from goedwonen.core.processing_log import processing_log_batch
from goedwonen.intake import selectors as intake_selectors

from . import eigenaar_selectors as selectors
from .models import Eigenaar
from .selectors import hoofdadres_of

BEZIT_LIST = Lijstdefinitie(
    key="eigenaar-bezit",
    kolommen=(
        Kolom("adres", "Adres"),
        Kolom("buurt", "Buurt", ("verblijfsobject__buurt__naam",)),
        Kolom("soort", "Soort"),
        Kolom("aandeel", "Aandeel"),
        Kolom("verkregen", "Verkregen", ("verkregen_op",)),
    ),
    filters=("buurt",),
    zoeken=False,
)
# The parts: their own order, a page at a time.
DEEL_LIST = Lijstdefinitie(key="eigenaar-deel", kolommen=(), zoeken=False)


@requires(Capability.REGISTRY_VIEW)
def eigenaar_detail(request: HttpRequest, eigenaar_id: str) -> HttpResponse:
    actor = actor_of(request)
    # One transaction and one insert of log lines for the page: the owner's read and the
    # landlord monitor's section (read while the page renders) each log what they show.
    with transaction.atomic(), processing_log_batch():
        try:
            dossier = selectors.eigenaar_dossier(actor=actor, eigenaar_id=eigenaar_id)
        except Eigenaar.DoesNotExist:
            raise Http404 from None
        lijst = Lijst.from_request(request, BEZIT_LIST)
        buurt = lijst.get("buurt")
        page = lijst.page(
            lijst.order(
                selectors.eigenaar_bezit(actor=actor, eigenaar=dossier.eigenaar, buurt=buurt)
            )
        )
        bezit = [(e, hoofdadres_of(e.verblijfsobject)) for e in page.object_list]
        buurtnaam = next((b.naam for b in dossier.buurten if buurt and b.code == buurt), "")
        return render(
            request,
            "registry/eigenaar.html",
            {
                "d": dossier,
                "page": page,
                "bezit": bezit,
                "lijst": lijst,
                "buurt": buurt,
                "buurtnaam": buurtnaam,
            },
        )


def _deel(
    request: HttpRequest, eigenaar: Eigenaar, found: Any, titel: str, deel: str
) -> tuple[HttpResponse, Any]:
    lijst = Lijst.from_request(request, DEEL_LIST)
    page = lijst.page(found)
    context = {"eigenaar": eigenaar, "page": page, "lijst": lijst, "titel": titel}
    context.update(dict.fromkeys(("meldingen", "controles", "handhavingen")))
    context[deel] = page.object_list
    return render(request, "registry/eigenaar_deel.html", context), page


@requires(Capability.REPORTS_VIEW)
def eigenaar_meldingen(request: HttpRequest, eigenaar_id: str) -> HttpResponse:
    actor = actor_of(request)
    try:
        eigenaar, found = selectors.eigenaar_meldingen(actor=actor, eigenaar_id=eigenaar_id)
    except Eigenaar.DoesNotExist:
        raise Http404 from None
    response, page = _deel(request, eigenaar, found, "Meldingen", "meldingen")
    intake_selectors.meldingen_read(
        actor=actor, meldingen=page.object_list, operation="Meldingen bij eigenaar ingezien"
    )
    return response


@requires(Capability.ENFORCEMENT_HISTORY_VIEW)
def eigenaar_controles(request: HttpRequest, eigenaar_id: str) -> HttpResponse:
    try:
        eigenaar, found = selectors.eigenaar_controles(
            actor=actor_of(request), eigenaar_id=eigenaar_id
        )
    except Eigenaar.DoesNotExist:
        raise Http404 from None
    return _deel(request, eigenaar, found, "Controles", "controles")[0]


@requires(Capability.ENFORCEMENT_HISTORY_VIEW)
def eigenaar_handhaving(request: HttpRequest, eigenaar_id: str) -> HttpResponse:
    try:
        eigenaar, found = selectors.eigenaar_handhavingen(
            actor=actor_of(request), eigenaar_id=eigenaar_id
        )
    except Eigenaar.DoesNotExist:
        raise Http404 from None
    return _deel(request, eigenaar, found, "Handhavingsbesluiten", "handhavingen")[0]


@requires(Capability.REGISTRY_VIEW)
def eigenaar_kaart(request: HttpRequest, eigenaar_id: str) -> JsonResponse:
    try:
        points, more = selectors.eigenaar_kaartpunten(
            actor=actor_of(request), eigenaar_id=eigenaar_id
        )
    except Eigenaar.DoesNotExist:
        raise Http404 from None
    return JsonResponse({"woningen": points, "meer": more})
