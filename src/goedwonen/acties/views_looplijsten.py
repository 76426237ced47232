"""Walk lists and briefings: the walk-list page with its map, making and re-planning the
lists, a team reporting done, and a team's briefing as a page and a PDF."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import get_valid_filename

from goedwonen.core.policy import Capability, actor_of, requires
from goedwonen.documenten.pdf import INSTALL_HINT, PdfNietBeschikbaar

from .models import Actie, Actiestatus, Actieteam, Adresstatus
from .selectors import actie_voor, briefing_voor, looplijsten_voor, team_van
from .services.looplijsten import (
    Division,
    actieteam_klaar,
    briefing_pdf,
    looplijsten_herplannen,
    looplijsten_maken,
)
from .templatetags.looplijsten import adresregel


def _actie(request: HttpRequest, pk: int) -> Actie:
    try:
        return actie_voor(actor=actor_of(request), pk=pk)[0]
    except Actie.DoesNotExist:
        raise Http404 from None


def _team(request: HttpRequest, actie: Actie, pk: int) -> Actieteam:
    try:
        return team_van(actor=actor_of(request), actie=actie, pk=pk)
    except (Actie.DoesNotExist, Actieteam.DoesNotExist):
        raise Http404 from None


def _points(lijsten) -> list[dict[str, object]]:
    """The map's markers: the walk lists' addresses with coordinates, in walking order."""
    return [
        {
            "team": lijst.team.naam,
            "kleur": lijst.kleur,
            "nr": adres.volgorde,
            "label": adresregel(adres),
            "status": adres.get_status_display(),
            "lat": adres.verblijfsobject.lat,
            "lon": adres.verblijfsobject.lon,
        }
        for lijst in lijsten
        for adres in lijst.adressen
        if adres.verblijfsobject.lat is not None and adres.verblijfsobject.lon is not None
    ]


@requires(Capability.ACTIONS_TAKE_PART)
def actie_looplijsten(request: HttpRequest, pk: int) -> HttpResponse:
    actie = _actie(request, pk)
    lijsten = looplijsten_voor(actor=actor_of(request), actie=actie)
    handled = actie.adressen.exclude(status=Adresstatus.OPEN).exists()
    actief = actie.status in {Actiestatus.VOORBEREIDING, Actiestatus.GEPLAND}
    return render(
        request,
        "acties/looplijsten_pagina.html",
        {
            "actie": actie,
            "l": lijsten,
            "punten": _points(lijsten.lijsten),
            "kan_maken": lijsten.organiseert and actief and not handled,
            "kan_herplannen": lijsten.organiseert and actie.status == Actiestatus.GEPLAND,
            "gepland": actie.status == Actiestatus.GEPLAND,
        },
    )


def _done(request: HttpRequest, division: Division, what: str) -> None:
    placed = sum(len(route) for route in division.routes.values())
    messages.success(
        request,
        f"{what}: {placed} adres{'sen' if placed != 1 else ''} over "
        f"{len(division.routes)} team{'s' if len(division.routes) != 1 else ''}, "
        f"{len(division.reserve)} in reserve.",
    )


def _refused(request: HttpRequest, error: PermissionDenied | ValidationError) -> None:
    text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    messages.error(request, text)


@requires(Capability.ACTIONS_ORGANISE, methods=["POST"])
def actie_looplijsten_maken(request: HttpRequest, pk: int) -> HttpResponse:
    actie = _actie(request, pk)
    try:
        division = looplijsten_maken(actor=actor_of(request), actie=actie)
    except (PermissionDenied, ValidationError) as error:
        _refused(request, error)
    else:
        _done(request, division, "Looplijsten gemaakt")
    return redirect("actie-looplijsten", pk=pk)


@requires(Capability.ACTIONS_ORGANISE, methods=["POST"])
def actie_herplannen(request: HttpRequest, pk: int) -> HttpResponse:
    actie = _actie(request, pk)
    try:
        division = looplijsten_herplannen(actor=actor_of(request), actie=actie)
    except (PermissionDenied, ValidationError) as error:
        _refused(request, error)
    else:
        _done(request, division, "Opnieuw verdeeld")
    return redirect("actie-looplijsten", pk=pk)


@requires(Capability.ACTIONS_TAKE_PART, methods=["POST"])
def actie_team_klaar(request: HttpRequest, pk: int, team: int) -> HttpResponse:
    actie = _actie(request, pk)
    gekozen = _team(request, actie, team)
    try:
        division = actieteam_klaar(actor=actor_of(request), actie=actie, team=gekozen)
    except (PermissionDenied, ValidationError) as error:
        _refused(request, error)
    else:
        _done(request, division, f"{gekozen.naam} is klaar gemeld; de open adressen zijn verdeeld")
    return redirect("actie-looplijsten", pk=pk)


@requires(Capability.ACTIONS_TAKE_PART)
def actie_briefing(request: HttpRequest, pk: int, team: int) -> HttpResponse:
    actie = _actie(request, pk)
    gekozen = _team(request, actie, team)
    briefing = briefing_voor(
        actor=actor_of(request),
        actie=actie,
        team=gekozen,
        operation="Briefing integrale actie ingezien",
    )
    return render(request, "acties/briefing_pagina.html", {"b": briefing})


@requires(Capability.ACTIONS_TAKE_PART)
def actie_briefing_pdf(request: HttpRequest, pk: int, team: int) -> HttpResponse:
    actie = _actie(request, pk)
    gekozen = _team(request, actie, team)
    try:
        briefing, pdf = briefing_pdf(actor=actor_of(request), actie=actie, team=gekozen)
    except PdfNietBeschikbaar:
        messages.error(
            request, f"De briefing kan op deze server niet als PDF worden gemaakt ({INSTALL_HINT})."
        )
        return redirect("actie-briefing", pk=pk, team=team)
    datum = f"{actie.datum:%Y-%m-%d}"
    naam = get_valid_filename(
        f"Briefing {actie.naam} {gekozen.naam} {datum} {briefing.organisatie.code}.pdf"
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{naam}"'
    return response
