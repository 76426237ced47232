"""Reads on the registry, limited to what the actor may see. Showing a natural person's data
writes a processing-log line; every address page view is logged with its object."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from goedwonen.core.lists import begrensd_tellen
from goedwonen.core.models import Verwerkingsactiviteitcode
from goedwonen.core.policy import Capability, can, require, require_any
from goedwonen.core.processing_log import DataSubject, processing_log_record
from goedwonen.intake.models import Melding

from .models import (
    Adres,
    Bewoning,
    Controle,
    Eigenaar,
    Eigenaarsoort,
    Eigendom,
    Gebied,
    Gebiedsaanwijzing,
    Gebiedssoort,
    Gebiedsvorm,
    Handhaving,
    Levering,
    Verblijfsobject,
)

if TYPE_CHECKING:
    from goedwonen.accounts.models import User

ACTIVITY = Verwerkingsactiviteitcode.REGISTRATIE_WONINGEN_EIGENAREN

_POSTCODE_NUMBER = re.compile(
    r"^\s*([1-9]\d{3})\s?([a-zA-Z]{2})\s*(\d+)?\s*([a-zA-Z])?\s*[-\s]?\s*(\w{1,4})?\s*$"
)
_STREET_NUMBER = re.compile(r"^\s*(.+?)\s+(\d+)\s*([a-zA-Z])?\s*[-\s]?\s*(\w{1,4})?\s*$")
_BAG_ID = re.compile(r"^\s*(\d{16})\s*$")


def _addresses() -> QuerySet[Adres]:
    return Adres.objects.select_related("verblijfsobject__buurt")


def adres_search(*, actor: User, query: str, limit: int = 15) -> list[Adres]:
    """Postcode and number ('3083AB 10', '3083 ab 10-2'), street and number, street, or a
    BAG id of an address or object. Main addresses of dwellings first. Matching a report
    and adding an address to a case need the search too, so any of these capabilities will
    do."""
    require_any(actor, Capability.REGISTRY_VIEW, Capability.REPORTS_MATCH, Capability.CASES_DIRECT)
    query = query.strip()
    if len(query) < 2:
        return []
    addresses = _addresses()
    if match := _BAG_ID.match(query):
        bag_id = match.group(1)
        found = addresses.filter(Q(nummeraanduiding=bag_id) | Q(verblijfsobject__object_id=bag_id))
    elif match := _POSTCODE_NUMBER.match(query):
        found = addresses.filter(postcode=f"{match.group(1)}{match.group(2).upper()}")
        if match.group(3):
            found = found.filter(huisnummer=int(match.group(3)))
        if match.group(4):
            found = found.filter(huisletter__iexact=match.group(4))
        if match.group(5):
            found = found.filter(toevoeging__iexact=match.group(5))
    elif match := _STREET_NUMBER.match(query):
        found = addresses.filter(
            openbareruimte__istartswith=match.group(1), huisnummer=int(match.group(2))
        )
        if match.group(3):
            found = found.filter(huisletter__iexact=match.group(3))
        if match.group(4):
            found = found.filter(toevoeging__iexact=match.group(4))
    else:
        found = addresses.filter(openbareruimte__istartswith=query)
    ordered = found.order_by(
        "-hoofdadres",
        "-verblijfsobject__is_woning",
        "openbareruimte",
        "huisnummer",
        "huisletter",
        "toevoeging",
    )
    return list(ordered[:limit])


_KVK = re.compile(r"^\s*(\d{8})\s*$")


def eigenaar_search(*, actor: User, query: str, limit: int = 15) -> list[Eigenaar]:
    """Owners by KvK number (eight digits) or part of the name, for a picker. Showing a
    natural person's name is logged (a line per person found). Adding an owner to a case
    needs the search too, so either capability will do."""
    require_any(actor, Capability.REGISTRY_VIEW, Capability.CASES_DIRECT)
    query = query.strip()
    if len(query) < 2:
        return []
    if match := _KVK.match(query):
        found = Eigenaar.objects.filter(kvk_nummer=match.group(1))
    else:
        found = Eigenaar.objects.filter(naam__icontains=query)
    owners = list(found.order_by("naam", "eigenaar_id")[:limit])
    persons = [o for o in owners if o.soort == Eigenaarsoort.NATUURLIJK_PERSOON]
    if persons:
        processing_log_record(
            actor=actor,
            operation="Eigenaren gezocht op naam of KvK-nummer",
            activity=ACTIVITY,
            subjects=[DataSubject("eigenaar", o.eigenaar_id) for o in persons],
        )
    return owners


@dataclass
class AdresDossier:
    adres: Adres
    object: Verblijfsobject
    andere_adressen: list[Adres]
    eigendommen: list[Eigendom]
    bewoning: list[Bewoning]
    woz: list[Any]
    energie: list[Any]
    vergunningen: list[Any]
    aanwijzingen: list[Any]
    meldingen: list[Melding] | None = None
    meldingen_aantal: int = 0  # all reports on the object (the newest REPORTS_SHOWN shown)
    controles: list[Controle] | None = None
    handhavingen: list[Handhaving] | None = None

    @property
    def meer_meldingen(self) -> bool:
        """More reports on the object than are shown."""
        return self.meldingen is not None and self.meldingen_aantal > len(self.meldingen)


def _areas_up(buurt: Gebied | None) -> list[Gebied]:
    areas = []
    while buurt is not None:
        areas.append(buurt)
        buurt = buurt.bovenliggend
    return areas


REPORTS_SHOWN = 50


def adres_dossier(*, actor: User, nummeraanduiding: str) -> AdresDossier:
    """Everything about one address and its object, as this actor may see it."""
    require(actor, Capability.REGISTRY_VIEW)
    adres = (
        _addresses()
        .select_related(
            "verblijfsobject__pand", "verblijfsobject__buurt__bovenliggend__bovenliggend"
        )
        .get(nummeraanduiding=nummeraanduiding)
    )
    vbo = adres.verblijfsobject
    eigendommen = list(
        Eigendom.objects.filter(verblijfsobject=vbo)
        .select_related("eigenaar")
        .order_by("beeindigd_op", "-verkregen_op")
    )
    today = timezone.localdate()
    areas = _areas_up(vbo.buurt)
    dossier = AdresDossier(
        adres=adres,
        object=vbo,
        andere_adressen=list(vbo.adressen.exclude(pk=adres.pk)),
        eigendommen=eigendommen,
        bewoning=list(Bewoning.objects.filter(adres__verblijfsobject=vbo, adres__hoofdadres=True)),
        woz=list(vbo.woz_waarden.all()),
        energie=list(adres.energieverbruik.all()),
        vergunningen=list(vbo.vergunningen.all()),
        aanwijzingen=list(
            Gebiedsaanwijzing.objects.filter(gebied__in=areas)
            .filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=today))
            .select_related("gebied")
        ),
    )
    if can(actor, Capability.REPORTS_VIEW):
        # The newest few, and how many there are: an object can have a thousand reports.
        reports = Melding.objects.filter(verblijfsobject=vbo).order_by("-ontvangen_op", "-pk")
        dossier.meldingen = list(reports[:REPORTS_SHOWN])
        dossier.meldingen_aantal = begrensd_tellen(reports)
    if can(actor, Capability.ENFORCEMENT_HISTORY_VIEW):
        dossier.controles = list(vbo.controles.all())
        dossier.handhavingen = list(vbo.handhavingen.select_related("eigenaar"))
    persons = [
        DataSubject("eigenaar", e.eigenaar.eigenaar_id)
        for e in eigendommen
        if e.eigenaar.soort == Eigenaarsoort.NATUURLIJK_PERSOON
    ]
    processing_log_record(
        actor=actor,
        operation="Adres 360 ingezien",
        activity=ACTIVITY,
        subjects=persons,
        object_ref=f"nummeraanduiding:{adres.nummeraanduiding}",
    )
    return dossier


def hoofdadres_of(vbo: Verblijfsobject) -> Adres | None:
    addresses = list(vbo.adressen.all())
    return next((a for a in addresses if a.hoofdadres), addresses[0] if addresses else None)


def buurten_geojson(*, actor: User) -> dict[str, Any]:
    """Buurt polygons with their dwelling counts, for the map."""
    require(actor, Capability.REGISTRY_VIEW)
    counts = dict(
        Verblijfsobject.objects.filter(is_woning=True, buurt__isnull=False)
        .values_list("buurt")
        .annotate(n=Count("pk"))
    )
    features = [
        {
            "type": "Feature",
            "geometry": vorm.geometrie,
            "properties": {
                "code": vorm.gebied.code,
                "naam": vorm.gebied.naam,
                "focus": vorm.gebied.focusgebied,
                "woningen": counts.get(vorm.gebied_id, 0),
            },
        }
        for vorm in Gebiedsvorm.objects.filter(gebied__soort=Gebiedssoort.BUURT)
        .select_related("gebied")
        .order_by("gebied__code")
    ]
    return {"type": "FeatureCollection", "features": features}


MAP_POINT_LIMIT = 5000


def woningen_in_view(
    *, actor: User, west: float, south: float, east: float, north: float
) -> tuple[list[dict[str, Any]], bool]:
    """Dwellings inside the map view (at most MAP_POINT_LIMIT); True when there were more."""
    require(actor, Capability.REGISTRY_VIEW)
    return map_points(
        Adres.objects.filter(
            hoofdadres=True,
            verblijfsobject__is_woning=True,
            verblijfsobject__lon__gte=west,
            verblijfsobject__lon__lte=east,
            verblijfsobject__lat__gte=south,
            verblijfsobject__lat__lte=north,
        )
    )


def map_points(addresses: QuerySet[Adres]) -> tuple[list[dict[str, Any]], bool]:
    """Addresses as map points (at most MAP_POINT_LIMIT, in the queryset's order); True when
    there were more."""
    points = list(
        addresses.values_list(
            "nummeraanduiding",
            "openbareruimte",
            "huisnummer",
            "huisletter",
            "toevoeging",
            "verblijfsobject__lon",
            "verblijfsobject__lat",
        )[: MAP_POINT_LIMIT + 1]
    )
    return [
        {
            "id": n,
            "label": f"{street} {number}{letter}{'-' + extra if extra else ''}",
            "lon": lon,
            "lat": lat,
        }
        for n, street, number, letter, extra, lon, lat in points[:MAP_POINT_LIMIT]
    ], len(points) > MAP_POINT_LIMIT


def adres_for_matching(*, actor: User, nummeraanduiding: str) -> Adres | None:
    require(actor, Capability.REPORTS_MATCH)
    return (
        Adres.objects.select_related("verblijfsobject")
        .filter(nummeraanduiding=nummeraanduiding)
        .first()
    )


def koppelwachtrij(*, actor: User, zoek: str = "") -> QuerySet[Melding]:
    """Reports whose address was not found, oldest first; `zoek` a reference, the source's
    id, the postcode as given or a word of the address as given."""
    require(actor, Capability.REPORTS_MATCH)
    reports = Melding.objects.filter(adres__isnull=True)
    if term := zoek.strip():
        reports = reports.filter(
            Q(referentie__iexact=term)
            | Q(bron_id__iexact=term)
            | Q(opgegeven_postcode__iexact=term.replace(" ", "").upper())
            | Q(opgegeven_nummeraanduiding__iexact=term)
            | Q(bron__iexact=term)
        )
    return reports.order_by("ontvangen_op")


def levering_list(*, actor: User, zoek: str = "", status: str = "") -> QuerySet[Levering]:
    """The deliveries, newest first; `zoek` a delivery's number or part of its folder."""
    require(actor, Capability.DELIVERIES_VIEW)
    deliveries = Levering.objects.select_related("uitgevoerd_door")
    if term := zoek.strip().removeprefix("Levering ").strip():
        found = Q(bronmap__icontains=term)
        if term.isdecimal() and len(term) < 10:
            found |= Q(pk=int(term))
        deliveries = deliveries.filter(found)
    if status:
        deliveries = deliveries.filter(status=status)
    return deliveries


def focus_buurten() -> QuerySet[Gebied, tuple[str, str]]:
    """The buurten of the focus areas as (code, name), by name: a filter's choices."""
    return (
        Gebied.objects.filter(soort=Gebiedssoort.BUURT, focusgebied=True)
        .order_by("naam")
        .values_list("code", "naam")
    )
