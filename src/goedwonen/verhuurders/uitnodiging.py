"""The invitation letter to a warning or stop talk: the snapshot it is filled with and its
template, in the municipal letter layout of `documenten` (`_brief.html`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone

from goedwonen.core import display
from goedwonen.documenten.brieven import Briefsjabloon
from goedwonen.registry.models import Eigendom
from goedwonen.registry.selectors import hoofdadres_of

from .models import Gesprekssoort

if TYPE_CHECKING:
    from goedwonen.accounts.models import User
    from goedwonen.casussen.models import Casus
    from goedwonen.registry.models import Eigenaar

SJABLOON = Briefsjabloon(
    "uitnodiging_verhuurdergesprek",
    "Uitnodiging voor een gesprek",
    "verhuurders/brieven/uitnodiging_gesprek.html",
    alinea="Waarom wij dit gesprek voeren: wat is vastgesteld, waar en wanneer.",
    alinea_verplicht=True,
)
# A letter names at most this many addresses; an owner with more hears how many more.
MAX_ADRESSEN = 10


def _adressen(eigenaar: Eigenaar, casus: Casus | None) -> list[str]:
    """The addresses the talk is about: the case's addresses this owner owns, or else every
    dwelling the owner owns now."""
    eigendommen = Eigendom.objects.filter(eigenaar=eigenaar, beeindigd_op__isnull=True)
    if casus is not None:
        eigendommen = eigendommen.filter(
            verblijfsobject__in=casus.objecten.values("verblijfsobject")
        )
    shown = []
    for eigendom in eigendommen.select_related("verblijfsobject").prefetch_related(
        "verblijfsobject__adressen"
    ):
        adres = hoofdadres_of(eigendom.verblijfsobject)
        shown.append(str(adres) if adres else eigendom.verblijfsobject.object_id)
    shown.sort()
    if len(shown) > MAX_ADRESSEN:
        return [*shown[:MAX_ADRESSEN], f"en {len(shown) - MAX_ADRESSEN} andere adressen"]
    return shown


def uitnodiging_gegevens(
    *,
    eigenaar: Eigenaar,
    soort: str,
    gepland_op: datetime,
    locatie: str,
    aanleiding: str,
    kenmerk: str,
    casus: Casus | None,
    door: User,
    datum: date,
) -> dict[str, Any]:
    """The snapshot the invitation is filled with: JSON only, kept with the talk."""
    organisatie = door.organisatie
    assert organisatie is not None  # LANDLORD_TALKS is held only inside an organisation
    moment = timezone.localtime(gepland_op)
    return {
        "gemeente": f"Gemeente {settings.GEMEENTE}",
        "organisatie": organisatie.naam,
        "datum": datum.isoformat(),
        "kenmerk": kenmerk,
        "soort": soort,
        "soort_naam": Gesprekssoort(soort).label.lower(),
        "gepland": f"{display.datum(moment.date())} om {moment:%H:%M} uur",
        "locatie": locatie,
        "geadresseerde": {
            "eigenaar_id": eigenaar.eigenaar_id,
            "naam": eigenaar.naam or eigenaar.eigenaar_id,
            "soort": eigenaar.soort,
            "kvk_nummer": eigenaar.kvk_nummer,
            "straat_huisnummer": eigenaar.straat_huisnummer,
            "postcode": display.postcode(eigenaar.postcode),
            "woonplaats": eigenaar.woonplaats,
        },
        "adressen": _adressen(eigenaar, casus),
        "alinea": aanleiding,
        "monitoring_maanden": settings.MONITORING_MAANDEN,
        "ondertekening": {
            "naam": door.get_full_name() or door.username,
            "functie": "namens het college van burgemeester en wethouders",
            "organisatie": organisatie.naam,
        },
    }
