"""The case page's workspace actions: the address and owner pickers (htmx suggestions),
adding an address, and joining the case to another open case on the same address."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from goedwonen.core import display
from goedwonen.core.policy import Capability, actor_of, requires
from goedwonen.registry.selectors import eigenaar_search

from . import selectors
from .forms import AdresToevoegenForm, SamenvoegenForm
from .models import Casus
from .services.objects import casus_adres_add, casus_join
from .services.open_cases import open_case_references
from .views import _act


def _directed(request: HttpRequest, referentie: str) -> selectors.Inzage:
    """The case for a picker: one the actor's organisation directs. The suggestions are not
    a read of the case (nothing of it is shown), so they are not logged as one."""
    actor = actor_of(request)
    try:
        casus = selectors.visible_cases(actor).get(referentie=referentie)
        inzage = selectors.inzage_of(actor=actor, casus=casus)
    except Casus.DoesNotExist:
        raise Http404 from None
    if not inzage.regie:
        raise Http404
    return inzage


@requires(Capability.CASES_DIRECT)
def casus_adres_zoeken(request: HttpRequest, referentie: str) -> HttpResponse:
    """Address suggestions for the picker (street and number, or postcode and number)."""
    inzage = _directed(request, referentie)
    query = request.GET.get("q", "")[:100]
    kandidaten = selectors.adres_kandidaten(actor=actor_of(request), inzage=inzage, query=query)
    return render(
        request,
        "casussen/_adres_keuze.html",
        {"kandidaten": kandidaten, "query": query, "searched": len(query.strip()) >= 2},
    )


@requires(Capability.CASES_DIRECT)
def casus_eigenaar_zoeken(request: HttpRequest, referentie: str) -> HttpResponse:
    """Owner suggestions for the party picker (part of the name, or the KvK number)."""
    _directed(request, referentie)
    query = request.GET.get("q", "")[:100]
    eigenaren = eigenaar_search(actor=actor_of(request), query=query)
    return render(
        request,
        "casussen/_eigenaar_keuze.html",
        {"eigenaren": eigenaren, "query": query, "searched": len(query.strip()) >= 2},
    )


@requires(Capability.CASES_DIRECT, methods=["POST"])
def casus_adres_toevoegen(request: HttpRequest, referentie: str) -> HttpResponse:
    actor = actor_of(request)
    form = AdresToevoegenForm(request.POST, prefix="adres")

    def action(inzage: selectors.Inzage, data: dict[str, Any]) -> str:
        adres = selectors.adres_to_add(actor=actor, nummeraanduiding=data["nummeraanduiding"])
        if adres is None:
            raise ValidationError({"nummeraanduiding": "Zoek het adres en kies het uit de lijst."})
        # Shown again, chosen, when the service refuses: nothing picked is lost.
        form.gekozen = adres  # type: ignore[attr-defined]
        others = [
            r
            for r in open_case_references([adres.verblijfsobject_id])
            if r != inzage.casus.referentie
        ]
        form.offer_open_cases(others)
        casus_adres_add(
            actor=actor,
            casus=inzage.casus,
            adres=adres,
            naast_open_casussen=data["naast_open_casussen"],
        )
        return f"Adres {adres.voluit} is aan de casus toegevoegd."

    return _act(request, referentie, "adres", form, action)


@requires(Capability.CASES_DIRECT, methods=["POST"])
def casus_samenvoegen(request: HttpRequest, referentie: str) -> HttpResponse:
    actor = actor_of(request)

    def action(inzage: selectors.Inzage, data: dict[str, Any]) -> str:
        try:
            doel = selectors.visible_cases(actor).get(referentie=data["doel"])
        except Casus.DoesNotExist:
            raise ValidationError({"doel": f"Casus {data['doel']} is niet gevonden."}) from None
        moved = casus_join(actor=actor, casus=inzage.casus, doel=doel)
        return (
            f"Casus {inzage.casus.referentie} is samengevoegd met casus {doel.referentie}: "
            f"{display.aantal(len(moved), 'melding', 'meldingen')} verplaatst. Sluit deze "
            "casus als er verder niets in loopt."
        )

    return _act(
        request, referentie, "samenvoegen", SamenvoegenForm(request.POST, prefix="samen"), action
    )
