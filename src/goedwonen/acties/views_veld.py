"""The field view of a team on a phone: its walk list with the next address on top, a visit
recorded at the door, an address skipped. Every address's form is on the one page, so the
page keeps working without a connection: `static/goedwonen/veld.js` keeps what is recorded
on the device and sends it to `actie_veld_registratie` (JSON) when the connection returns.
Without the script the forms post to `actie_veld_adres` and `actie_veld_overslaan`."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from goedwonen.core.categories import Categorie
from goedwonen.core.policy import Capability, actor_of, can, requires
from goedwonen.core.processing_log import processing_log_record

from . import selectors
from .forms_veld import OverslaanForm, Veldformulier
from .models import Actie, Actieadres, Actieteam, Adresstatus
from .services.veld import actieadres_skip, veldbezoek_record

TAKE_PART = Capability.ACTIONS_TAKE_PART


def _team(request: HttpRequest, pk: int, team: int) -> tuple[Actie, Actieteam]:
    try:
        actie, _deel, actieteam = selectors.veld_van(actor=actor_of(request), pk=pk, team=team)
    except ObjectDoesNotExist:
        raise Http404 from None
    return actie, actieteam


def _adres(team: Actieteam, pk: int) -> Actieadres:
    for actieadres in selectors.veldlijst(team):
        if actieadres.pk == pk:
            return actieadres
    raise Http404


def _checked_first(team: Actieteam) -> list[str]:
    """The categories the team's organisations check (their participation rows)."""
    organisaties = set(team.leden.values_list("organisatie_id", flat=True))
    codes: set[str] = set()
    for partner in team.actie.partners.filter(organisatie_id__in=organisaties):
        codes.update(partner.controleert)
    return [c for c in Categorie.values if c in codes]


def _log(request: HttpRequest, actie: Actie, team: Actieteam, operation: str) -> None:
    processing_log_record(
        actor=actor_of(request),
        operation=operation,
        activity=selectors.ACTIVITY,
        object_ref=f"actie:{actie.pk}/team:{team.pk}",
    )


def _new_key() -> str:
    # Without the script a double click posts the same key twice: the visit is stored once.
    return str(uuid.uuid4())


@requires(TAKE_PART)
def actie_veld(request: HttpRequest, pk: int, team: int) -> HttpResponse:
    actie, actieteam = _team(request, pk, team)
    actor = actor_of(request)
    lijst = selectors.veldlijst(actieteam)
    eerst = _checked_first(actieteam)
    regels: list[dict[str, Any]] = [
        {
            "adres": a,
            "formulier": Veldformulier(actieadres=a, eerst=eerst),
            "overslaan": OverslaanForm(prefix=f"o{a.pk}"),
            "sleutel": _new_key(),
        }
        for a in lijst
    ]
    _log(request, actie, actieteam, "Veldlijst ingezien")
    return render(
        request,
        "acties/veld_lijst.html",
        {
            "actie": actie,
            "team": actieteam,
            "regels": regels,
            "volgende": next((r for r in regels if r["adres"].status == Adresstatus.OPEN), None),
            "kan_vastleggen": can(actor, Capability.INSPECTIONS_RECORD),
            "open_telling": sum(1 for a in lijst if a.status == Adresstatus.OPEN),
        },
    )


def _record(
    request: HttpRequest, team: Actieteam, formulier: Veldformulier, sleutel: str
) -> tuple[Any, ValidationError | None]:
    """Run the service for a valid form; the answer or the service's errors."""
    try:
        key = uuid.UUID(sleutel)
    except ValueError:
        return None, ValidationError({"sleutel": "De registratiesleutel is ongeldig."})
    moment = parse_datetime(request.POST.get("vastgelegd_op", "") or "")
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    try:
        return (
            veldbezoek_record(
                actor=actor_of(request),
                team=team,
                actieadres=formulier.actieadres,
                sleutel=key,
                vastgelegd_op=moment if isinstance(moment, datetime) else None,
                **formulier.invoer(),
            ),
            None,
        )
    except ValidationError as error:
        return None, error


@requires(TAKE_PART, methods=["GET", "POST"])
def actie_veld_adres(request: HttpRequest, pk: int, team: int, adres: int) -> HttpResponse:
    """One address's visit form on its own page (the form's action without the script)."""
    actie, actieteam = _team(request, pk, team)
    actieadres = _adres(actieteam, adres)
    post = request.method == "POST"
    formulier = Veldformulier(
        request.POST if post else None,
        request.FILES if post else None,
        actieadres=actieadres,
        eerst=_checked_first(actieteam),
    )
    sleutel = request.POST.get("sleutel", "") if post else _new_key()
    if post and formulier.is_valid():
        try:
            _answer, error = _record(request, actieteam, formulier, sleutel)
        except PermissionDenied as denied:
            error = ValidationError(str(denied))
        if error is None:
            messages.success(request, f"Het bezoek aan {_label(actieadres)} is vastgelegd.")
            return redirect("actie-veld", pk=actie.pk, team=actieteam.pk)
        formulier.add_service_errors(error)
    _log(request, actie, actieteam, "Actieadres ingezien in het veld")
    return render(
        request,
        "acties/veld_adres.html",
        {
            "actie": actie,
            "team": actieteam,
            "regel": {
                "adres": actieadres,
                "formulier": formulier,
                "overslaan": OverslaanForm(prefix=f"o{actieadres.pk}"),
                "sleutel": sleutel,
            },
            "kan_vastleggen": can(actor_of(request), Capability.INSPECTIONS_RECORD),
        },
    )


def _label(actieadres: Actieadres) -> str:
    adres = getattr(actieadres, "adres", None)
    return adres.voluit if adres is not None else f"object {actieadres.verblijfsobject}"


@requires(TAKE_PART, methods=["POST"])
def actie_veld_registratie(request: HttpRequest, pk: int, team: int) -> HttpResponse:
    """A visit sent by the field page's script: multipart with the key, the address, the
    fields and the photos. 201 stored, 200 already stored under this key (nothing stored
    again), 422 with the errors per input name, 403 when the actor may not record visits."""
    actie, actieteam = _team(request, pk, team)
    try:
        adres = int(request.POST.get("adres", ""))
    except ValueError:
        return JsonResponse({"fouten": {"adres": ["Geef het adres van de lijst op."]}}, status=422)
    # Any address of the action: a re-plan may have moved it to another team while the
    # record waited on the phone, and the visit still happened.
    actieadres = actie.adressen.select_related("casus").filter(pk=adres).first()
    if actieadres is None:
        return JsonResponse({"melding": "Dit adres hoort niet bij deze actie."}, status=404)
    formulier = Veldformulier(
        request.POST, request.FILES, actieadres=actieadres, eerst=_checked_first(actieteam)
    )
    if not formulier.is_valid():
        return JsonResponse({"fouten": formulier.fouten()}, status=422)
    try:
        answer, error = _record(request, actieteam, formulier, request.POST.get("sleutel", ""))
    except PermissionDenied as denied:
        return JsonResponse({"melding": str(denied)}, status=403)
    if error is not None:
        formulier.add_service_errors(error)
        return JsonResponse({"fouten": formulier.fouten()}, status=422)
    registratie = answer.registratie
    return JsonResponse(
        {
            "sleutel": str(registratie.sleutel),
            "adres": actieadres.pk,
            "bezoek": registratie.bezoek_id,
            "nieuw": answer.nieuw,
        },
        status=201 if answer.nieuw else 200,
    )


@requires(TAKE_PART, methods=["POST"])
def actie_veld_overslaan(request: HttpRequest, pk: int, team: int, adres: int) -> HttpResponse:
    actie, actieteam = _team(request, pk, team)
    actieadres = _adres(actieteam, adres)
    form = OverslaanForm(request.POST, prefix=f"o{actieadres.pk}")
    if form.is_valid():
        try:
            actieadres_skip(
                actor=actor_of(request),
                team=actieteam,
                actieadres=actieadres,
                reden=form.cleaned_data["reden"],
            )
        except ValidationError as error:
            form.add_error("reden", error.message_dict.get("reden", error.messages))
        else:
            messages.success(request, f"{_label(actieadres)} is overgeslagen.")
            return redirect("actie-veld", pk=actie.pk, team=actieteam.pk)
    _log(request, actie, actieteam, "Actieadres ingezien in het veld")
    return render(
        request,
        "acties/veld_adres.html",
        {
            "actie": actie,
            "team": actieteam,
            "regel": {
                "adres": actieadres,
                "formulier": Veldformulier(actieadres=actieadres, eerst=_checked_first(actieteam)),
                "overslaan": form,
                "sleutel": _new_key(),
            },
            "kan_vastleggen": can(actor_of(request), Capability.INSPECTIONS_RECORD),
            "terug_url": reverse("actie-veld", args=[actie.pk, actieteam.pk]),
        },
    )
