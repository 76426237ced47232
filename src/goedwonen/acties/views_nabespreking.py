"""The debrief of an action (organisers hold it; participants read it as their part allows),
the follow-up of one address, closing the action, and the report as page and PDF."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from goedwonen.casussen.models import Onderdeel
from goedwonen.core.forms import form_add_service_errors
from goedwonen.core.policy import Capability, actor_of, can, requires
from goedwonen.documenten.pdf import INSTALL_HINT, PdfNietBeschikbaar
from goedwonen.inspecties.services import BevindingInvoer
from goedwonen.intake.attachments import stored_file_response

from .forms_nabespreking import (
    AfrondenForm,
    CorrectieForm,
    OverdrachtForm,
    TaakOpvolgingForm,
    VervolgForm,
)
from .models import Actie, Actieadres, Actiestatus, Adresstatus, Veldfoto
from .selectors import (
    actie_voor,
    actieadres_voor_opvolging,
    may_organise,
    nabespreking_van,
    rapport_van,
    veldfoto_open,
    veldfotos_van,
)
from .services.nabespreking import (
    actie_afronden,
    opvolging_overdracht,
    opvolging_taak,
    rapport_pdf,
    uitkomst_corrigeren,
    vervolg_set,
)
from .uitkomsten import Uitkomst, all_addresses, rapport_grafiek

TAKE_PART = Capability.ACTIONS_TAKE_PART
ORGANISE = Capability.ACTIONS_ORGANISE


def _actie(request: HttpRequest, pk: int) -> Actie:
    try:
        return actie_voor(actor=actor_of(request), pk=pk)[0]
    except Actie.DoesNotExist:
        raise Http404 from None


def _error_text(error: PermissionDenied | ValidationError) -> str:
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


@requires(TAKE_PART)
def actie_nabespreking(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    actie = _actie(request, pk)
    deel, rows = nabespreking_van(actor=actor, actie=actie)
    organiser = may_organise(actor, actie)
    return render(
        request,
        "acties/nabespreking_actie.html",
        {
            "actie": actie,
            "deel": deel,
            "uitkomsten": rows,
            "totaal": all_addresses(rows),
            "ziet_bevindingen": deel.ziet(Onderdeel.BEVINDINGEN),
            "organisator": organiser,
            "afronden_form": AfrondenForm(initial={"opmerkingen": actie.nabespreking})
            if organiser and actie.status == Actiestatus.GEPLAND
            else None,
            "niet_bezocht": [u for u in rows if u.adres.status != Adresstatus.BEZOCHT],
        },
    )


def _opvolging_forms(
    actie: Actie, uitkomst: Uitkomst, bound: dict[str, forms.Form], may_record: bool
) -> dict[str, forms.Form]:
    adres = uitkomst.adres
    found: dict[str, forms.Form] = {
        "taak": bound.get("taak") or TaakOpvolgingForm(prefix="taak", actie=actie),
        "overdracht": bound.get("overdracht")
        or OverdrachtForm(
            prefix="overdracht",
            exclude_organisatie=actie.organisatie_id,
            initial={
                "rol": "Opvolging integrale actie",
                "doel": f"Opvolging van integrale actie {actie.naam}",
            },
        ),
        "vervolg": bound.get("vervolg")
        or VervolgForm(prefix="vervolg", initial={"vervolg": adres.vervolg}),
    }
    if uitkomst.bezoek is not None and may_record:
        found["correctie"] = bound.get("correctie") or CorrectieForm(
            prefix="correctie",
            initial={
                "toegang": uitkomst.toegang,
                "volwassenen": uitkomst.bezoek.volwassenen,
                "kinderen": uitkomst.bezoek.kinderen,
                "vastgesteld": list(uitkomst.vastgesteld),
            },
        )
    return found


def _opvolging_page(
    request: HttpRequest, actie: Actie, pk: int, status: int = 200, **bound: forms.Form
) -> HttpResponse:
    actor = actor_of(request)
    try:
        uitkomst = actieadres_voor_opvolging(actor=actor, actie=actie, pk=pk)
    except Actieadres.DoesNotExist:
        raise Http404 from None
    may_record = can(actor, Capability.INSPECTIONS_RECORD)
    context: dict[str, Any] = {
        "actie": actie,
        "u": uitkomst,
        "forms": _opvolging_forms(actie, uitkomst, bound, may_record),
        "kan_handhaven": can(actor, Capability.ENFORCEMENT_WORK),
        "fotos": veldfotos_van(actor=actor, actie=actie, actieadres=uitkomst.adres),
    }
    return render(request, "acties/nabespreking_adres.html", context, status=status)


@requires(TAKE_PART)
def actie_veldfoto(request: HttpRequest, pk: int, foto: int) -> FileResponse:
    """A photo from a field visit, shown in the browser to a participant that sees the
    findings."""
    actie = _actie(request, pk)
    try:
        found = veldfoto_open(actor=actor_of(request), actie=actie, pk=foto)
    except Veldfoto.DoesNotExist:
        raise Http404 from None
    return stored_file_response(
        found.bestand, original_name=f"foto-{found.pk}", content_type=found.soort, inline=True
    )


def _save_opvolging(actor: Any, adres: Actieadres, uitkomst: Uitkomst, form: forms.Form) -> str:
    """Run the service for one valid follow-up form; the message to show."""
    data = form.cleaned_data
    if isinstance(form, TaakOpvolgingForm):
        opvolging = opvolging_taak(
            actor=actor,
            adres=adres,
            titel=data["titel"],
            organisatie=data["organisatie"],
            deadline=data["deadline"],
            omschrijving=data["omschrijving"],
            handhaving=data["handhaving"],
        )
        return f"{opvolging.get_soort_display()} vastgelegd voor {data['organisatie'].naam}."
    if isinstance(form, OverdrachtForm):
        opvolging_overdracht(
            actor=actor,
            adres=adres,
            organisatie=data["organisatie"],
            rol=data["rol"],
            doel=data["doel"],
            grondslag=data["grondslag"],
            onderdelen=data["onderdelen"],
            tot=data["tot"],
        )
        return f"Overgedragen aan {data['organisatie'].naam}: de casus is met haar gedeeld."
    if isinstance(form, VervolgForm):
        vervolg_set(actor=actor, adres=adres, vervolg=data["vervolg"])
        return "Vervolg opgeslagen."
    chosen = data["vastgesteld"]
    earlier = [c for c in (*uitkomst.vastgesteld, *uitkomst.niet_vastgesteld) if c not in chosen]
    uitkomst_corrigeren(
        actor=actor,
        adres=adres,
        toegang=data["toegang"],
        bevindingen=[
            *(BevindingInvoer(c, True, data["toelichting"]) for c in chosen),
            *(BevindingInvoer(c, False) for c in earlier),
        ],
        correctiereden=data["correctiereden"],
        volwassenen=data["volwassenen"],
        kinderen=data["kinderen"],
    )
    return "Uitkomst gecorrigeerd: een nieuw bezoek vervangt het vorige, dat leesbaar blijft."


FORMS = {
    "taak": TaakOpvolgingForm,
    "overdracht": OverdrachtForm,
    "vervolg": VervolgForm,
    "correctie": CorrectieForm,
}


@requires(ORGANISE, methods=["GET", "POST"])
def actie_adres_opvolging(request: HttpRequest, pk: int, adres: int) -> HttpResponse:
    actor = actor_of(request)
    actie = _actie(request, pk)
    if request.method != "POST":
        return _opvolging_page(request, actie, adres)
    try:
        uitkomst = actieadres_voor_opvolging(actor=actor, actie=actie, pk=adres)
    except Actieadres.DoesNotExist:
        raise Http404 from None
    soort = request.POST.get("formulier", "")
    if soort not in FORMS:
        messages.error(request, "Onbekend formulier: kies taak, overdracht, vervolg of correctie.")
        return redirect("actie-adres-opvolging", pk=pk, adres=adres)
    kwargs: dict[str, Any] = {"prefix": soort}
    if soort == "taak":
        kwargs["actie"] = actie
    elif soort == "overdracht":
        kwargs["exclude_organisatie"] = actie.organisatie_id
    form = FORMS[soort](request.POST, **kwargs)
    if form.is_valid():
        try:
            text = _save_opvolging(actor, uitkomst.adres, uitkomst, form)
        except ValidationError as error:
            form_add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, text)
            return redirect("actie-adres-opvolging", pk=pk, adres=adres)
    return _opvolging_page(request, actie, adres, status=400, **{soort: form})


@requires(ORGANISE, methods=["POST"])
def actie_afronden_view(request: HttpRequest, pk: int) -> HttpResponse:
    actie = _actie(request, pk)
    form = AfrondenForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("actie-nabespreking", pk=pk)
    try:
        open_adressen = actie_afronden(
            actor=actor_of(request), actie=actie, opmerkingen=form.cleaned_data["opmerkingen"]
        )
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            f"De actie is afgerond. {len(open_adressen)} niet bezochte "
            f"adres{'sen' if len(open_adressen) != 1 else ''}: hun casussen blijven open.",
        )
    return redirect("actie-nabespreking", pk=pk)


@requires(TAKE_PART)
def actie_rapport(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    actie = _actie(request, pk)
    deel, found = rapport_van(actor=actor, actie=actie)
    return render(
        request,
        "acties/rapport_actie.html",
        {
            "actie": actie,
            "deel": deel,
            "rapport": found,
            "grafiek": rapport_grafiek(found),
            "organisator": may_organise(actor, actie),
        },
    )


@requires(TAKE_PART)
def actie_rapport_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    actie = _actie(request, pk)
    actor = actor_of(request)
    try:
        _found, pdf = rapport_pdf(actor=actor, actie=actie)
    except PdfNietBeschikbaar:
        text = f"Het rapport kan op deze server niet als PDF worden gemaakt ({INSTALL_HINT})."
        messages.error(request, text)
        return redirect("actie-rapport", pk=pk)
    organisatie = actor.organisatie.code if actor.organisatie else ""
    naam = f"Rapport {actie.naam} {actie.datum:%Y-%m-%d} {organisatie}.pdf".replace('"', "")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{naam}"'
    return response
