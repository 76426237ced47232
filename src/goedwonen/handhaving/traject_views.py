"""Pages of enforcement procedures: start one from a case or from a report handled without a
case, the procedure page (steps, letters, deadlines, the next action, objections), its
actions, a step's letter, the case page section, and the jurist's legal work queue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from goedwonen.casussen.models import Casus, Onderdeel
from goedwonen.casussen.selectors import Inzage, casus_inzage
from goedwonen.core.forms import form_add_service_errors
from goedwonen.core.lists import Lijst, Lijstdefinitie
from goedwonen.core.policy import Capability, actor_of, can, requires
from goedwonen.core.selectors import opgeslagen_filter_list
from goedwonen.documenten.pdf import PdfNietBeschikbaar
from goedwonen.intake.attachments import stored_file_response
from goedwonen.intake.models import Melding
from goedwonen.intake.selectors import meldingen_read

from . import boete
from . import traject_selectors as selectors
from . import traject_services as services
from .models import Rechtsmiddel, Stapsoort, Traject, Trajectstap
from .traject_forms import BeslissingForm, RechtsmiddelForm, SluitForm, StapForm, StartForm
from .werkvoorraad import werkvoorraad

T = TypeVar("T")


def sectie_context(request: HttpRequest, inzage: Inzage) -> dict[str, Any]:
    """The context of `handhaving/traject/_sectie.html`: `trajecten` None hides the section
    (the actor does not see the case's enforcement part)."""
    actor = actor_of(request)
    zichtbaar = inzage.ziet(Onderdeel.HANDHAVING)
    return {
        "casus": inzage.casus,
        "trajecten": selectors.trajecten_in_casus(actor=actor, inzage=inzage)
        if zichtbaar
        else None,
        "mag_starten": zichtbaar and can(actor, Capability.ENFORCEMENT_WORK),
    }


# --- starting ---------------------------------------------------------------------------


@requires(Capability.ENFORCEMENT_WORK, methods=["GET", "POST"])
def traject_nieuw_casus(request: HttpRequest, referentie: str) -> HttpResponse:
    actor = actor_of(request)
    try:
        inzage = casus_inzage(actor=actor, referentie=referentie)
    except Casus.DoesNotExist:
        raise Http404 from None
    if not inzage.ziet(Onderdeel.HANDHAVING):
        raise Http404
    partijen = services.owner_parties(inzage.casus)
    form = StartForm(
        request.POST or None,
        versies=selectors.current_versions(),
        geadresseerden=[(p.pk, f"{p.eigenaar} ({p.get_rol_display().lower()})") for p in partijen],
    )
    if request.method == "POST":
        done, traject = _act(
            form,
            lambda data: services.traject_start_on_case(
                actor=actor,
                casus=inzage.casus,
                instrumentversie=data["instrument"],
                partij=next((p for p in partijen if p.pk == data["eigenaar"]), None),
                aanleiding=data["aanleiding"],
                last=data["last"],
            ),
        )
        if done and traject is not None:
            return _started(request, traject)
    return render(
        request,
        "handhaving/traject/nieuw.html",
        {"form": form, "casus": inzage.casus, "melding": None, "geen_partijen": not partijen},
    )


@requires(Capability.ENFORCEMENT_WORK, methods=["GET", "POST"])
def traject_nieuw_melding(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    # The page's own rule: the report is in the hands of the actor's organisation.
    melding = Melding.objects.select_related("adres").filter(pk=pk).first()
    if melding is None or not services.report_may_have_procedure(melding, actor):
        raise Http404
    meldingen_read(actor=actor, meldingen=[melding], operation="Melding ingezien voor handhaving")
    eigenaren = services.report_owners(melding)
    form = StartForm(
        request.POST or None,
        versies=selectors.current_versions(),
        geadresseerden=[(e.pk, str(e)) for e in eigenaren],
    )
    if request.method == "POST":
        done, traject = _act(
            form,
            lambda data: services.traject_start_on_report(
                actor=actor,
                melding=melding,
                instrumentversie=data["instrument"],
                eigenaar=next((e for e in eigenaren if e.pk == data["eigenaar"]), None),
                aanleiding=data["aanleiding"],
                last=data["last"],
            ),
        )
        if done and traject is not None:
            return _started(request, traject)
    return render(
        request,
        "handhaving/traject/nieuw.html",
        {"form": form, "casus": None, "melding": melding, "geen_partijen": not eigenaren},
    )


def _started(request: HttpRequest, traject: Traject) -> HttpResponse:
    messages.success(request, f"Het handhavingstraject {traject.kenmerk} is gestart.")
    return redirect("traject", pk=traject.pk)


# --- the procedure page -----------------------------------------------------------------


def _traject(request: HttpRequest, pk: int) -> Traject:
    try:
        return selectors.traject_get(actor=actor_of(request), pk=pk)
    except Traject.DoesNotExist:
        raise Http404 from None


def _boete_categorieen(
    request: HttpRequest, traject: Traject, volgende: dict[str, Any] | None
) -> list[tuple[str, str]] | None:
    """The offences of the fine policy valid today when the next step is the decision of a
    bestuurlijke boete (empty when no policy is valid yet); else None."""
    if not services.is_boetebesluit(traject, volgende):
        return None
    try:
        beleid = boete.boetebeleid_op(actor=actor_of(request), datum=timezone.localdate())
    except boete.Boetebeleid.DoesNotExist:
        return []
    return [(r["categorie"], r["naam"]) for r in beleid.parameters["overtredingen"]]


def _stap_form(
    request: HttpRequest, traject: Traject, volgende: dict[str, Any] | None, data: Any = None
) -> StapForm:
    return StapForm(
        data,
        soort=volgende["soort"] if volgende else "",
        boete_categorieen=_boete_categorieen(request, traject, volgende),
    )


def _voorstel(request: HttpRequest, traject: Traject, form: StapForm) -> dict[str, Any]:
    """The policy's proposal for the fine the bound decision form describes (offence and
    business-like letting chosen), or why there is none yet."""
    data = getattr(form, "cleaned_data", {})
    if "boete_categorie" not in form.fields:
        return {}
    if not data.get("boete_categorie") or data.get("bedrijfsmatig") is None:
        return {
            "voorstel_fout": "Kies de overtreding en geef aan of er bedrijfsmatig is verhuurd; "
            "dan berekenen we het voorstel."
        }
    try:
        voorstel = boete.boete_voorstel(
            actor=actor_of(request),
            eigenaar=traject.eigenaar,
            categorie=data["boete_categorie"],
            beslisdatum=data.get("datum") or timezone.localdate(),
            bedrijfsmatig=data["bedrijfsmatig"],
        )
    except ValidationError as error:
        return {"voorstel_fout": " ".join(error.messages)}
    return {"voorstel": voorstel}


def _page(request: HttpRequest, traject: Traject, **forms: Any) -> HttpResponse:
    actor = actor_of(request)
    volgende = selectors.next_step(traject)
    mag = selectors.may_handle(actor, traject)
    stappen = list(traject.stappen.all())
    besluiten = [s for s in stappen if s.soort in services.APPEALABLE]
    context = {
        "traject": traject,
        "versie": traject.instrumentversie,
        "stappen": stappen,
        "rechtsmiddelen": list(traject.rechtsmiddelen.all()),
        "volgende": volgende,
        "mag_behandelen": mag,
        "stap_form": forms.get("stap_form")
        or (_stap_form(request, traject, volgende) if mag and volgende else None),
        "voorstel": forms.get("voorstel"),
        "voorstel_fout": forms.get("voorstel_fout"),
        "boetes": list(traject.boetes.all()),
        "rechtsmiddel_form": forms.get("rechtsmiddel_form")
        or (RechtsmiddelForm(besluiten=besluiten) if mag and besluiten else None),
        "beslissing_form": forms.get("beslissing_form") or (BeslissingForm() if mag else None),
        "beslissing_voor": forms.get("beslissing_voor"),
        "sluit_form": forms.get("sluit_form")
        or (SluitForm() if mag and traject.is_lopend else None),
        "vandaag": timezone.localdate(),
        "soort_hercontrole": Stapsoort.HERCONTROLE.value,
        "soort_besluit": Stapsoort.BESLUIT.value,
    }
    return render(request, "handhaving/traject/traject.html", context)


@requires(Capability.CASES_VIEW)
def traject_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _traject(request, pk))


@requires(Capability.ENFORCEMENT_WORK, methods=["POST"])
def traject_stap(request: HttpRequest, pk: int) -> HttpResponse:
    traject = _traject(request, pk)
    volgende = selectors.next_step(traject)
    form = _stap_form(request, traject, volgende, request.POST)
    if "voorstel" in request.POST:
        # "Voorstel berekenen": show the fine policy's proposal; nothing is recorded.
        form.is_valid()
        return _page(request, traject, stap_form=form, **_voorstel(request, traject, form))
    done, stap = _act(
        form,
        lambda data: services.stap_record(
            actor=actor_of(request),
            traject=traject,
            datum=data["datum"],
            uitkomst=data["uitkomst"],
            bedrag=data["bedrag"],
            bedrag_maximum=data.get("bedrag_maximum"),
            nageleefd=data.get("nageleefd"),
            boete_categorie=data.get("boete_categorie", ""),
            bedrijfsmatig=data.get("bedrijfsmatig"),
            afwijking_reden=data.get("afwijking_reden", ""),
        ),
    )
    if done and stap is not None:
        tekst = f"Stap '{stap.naam}' is vastgelegd."
        if stap.heeft_brief:
            tekst += " Controleer de brief en verzend hem."
        messages.success(request, tekst)
        return redirect("traject", pk=pk)
    return _page(
        request, _traject(request, pk), stap_form=form, **_voorstel(request, traject, form)
    )


def _act(form: forms.Form, action: Callable[[dict[str, Any]], T]) -> tuple[bool, T | None]:
    """Run a form's action when the form is valid: (True, its result), or (False, None) with
    the service's refusal on the form's fields (or above the form)."""
    if not form.is_valid():
        return False, None
    try:
        return True, action(form.cleaned_data)
    except ValidationError as error:
        form_add_service_errors(form, error)
    except (PermissionDenied, PdfNietBeschikbaar) as error:
        form.add_error(None, str(error))
    return False, None


def _refused(
    request: HttpRequest, pk: int, error: ValidationError | PermissionDenied
) -> HttpResponse:
    text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    messages.error(request, text)
    return redirect("traject", pk=pk)


@requires(Capability.ENFORCEMENT_WORK, methods=["POST"])
def traject_brief_verzenden(request: HttpRequest, pk: int, stap: int) -> HttpResponse:
    traject = _traject(request, pk)
    try:
        record = traject.stappen.get(pk=stap)
    except Trajectstap.DoesNotExist:
        raise Http404 from None
    try:
        services.brief_send(actor=actor_of(request), stap=record)
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, pk, error)
    messages.success(request, f"De brief '{record.brief_titel}' is verzonden.")
    return redirect("traject", pk=pk)


@requires(Capability.CASES_VIEW)
def traject_brief(request: HttpRequest, pk: int, stap: int) -> FileResponse:
    try:
        record = selectors.stap_brief(actor=actor_of(request), traject_pk=pk, stap_pk=stap)
    except Trajectstap.DoesNotExist:
        raise Http404 from None
    return stored_file_response(
        record.brief_pdf,
        original_name=f"{record.brief_titel} {record.traject.kenmerk}.pdf".replace("/", "-"),
        content_type="application/pdf",
    )


@requires(Capability.ENFORCEMENT_WORK, methods=["POST"])
def traject_rechtsmiddel(request: HttpRequest, pk: int) -> HttpResponse:
    traject = _traject(request, pk)
    besluiten = [s for s in traject.stappen.all() if s.soort in services.APPEALABLE]
    form = RechtsmiddelForm(request.POST, besluiten=besluiten)
    done, _ = _act(
        form,
        lambda data: services.rechtsmiddel_record(
            actor=actor_of(request),
            traject=traject,
            stap=data["stap"],
            soort=data["soort"],
            ingediend_op=data["ingediend_op"],
            toelichting=data["toelichting"],
        ),
    )
    if done:
        messages.success(request, f"Het {form.cleaned_data['soort']} is vastgelegd.")
        return redirect("traject", pk=pk)
    return _page(request, _traject(request, pk), rechtsmiddel_form=form)


@requires(Capability.ENFORCEMENT_WORK, methods=["POST"])
def traject_rechtsmiddel_beslissing(
    request: HttpRequest, pk: int, rechtsmiddel: int
) -> HttpResponse:
    traject = _traject(request, pk)
    try:
        record = traject.rechtsmiddelen.get(pk=rechtsmiddel)
    except Rechtsmiddel.DoesNotExist:
        raise Http404 from None
    form = BeslissingForm(request.POST)
    done, _ = _act(
        form,
        lambda data: services.rechtsmiddel_decide(
            actor=actor_of(request),
            rechtsmiddel=record,
            datum=data["datum"],
            uitspraak=data["uitspraak"],
            toelichting=data["toelichting"],
        ),
    )
    if done:
        messages.success(request, "De beslissing is vastgelegd.")
        return redirect("traject", pk=pk)
    return _page(request, _traject(request, pk), beslissing_form=form, beslissing_voor=record.pk)


@requires(Capability.ENFORCEMENT_WORK, methods=["POST"])
def traject_afsluiten(request: HttpRequest, pk: int) -> HttpResponse:
    traject = _traject(request, pk)
    form = SluitForm(request.POST)
    done, _ = _act(
        form,
        lambda data: services.traject_close(
            actor=actor_of(request),
            traject=traject,
            status=data["status"],
            reden=data["reden"],
        ),
    )
    if done:
        messages.success(request, "Het traject is afgesloten.")
        return redirect("traject", pk=pk)
    return _page(request, _traject(request, pk), sluit_form=form)


# --- the legal work queue ---------------------------------------------------------------


WORK_QUEUE_LIST = Lijstdefinitie(
    key="handhaving-werkvoorraad",
    kolommen=(),  # three short lists, each in its own order of urgency
    zoekhulp="Kenmerk van traject, casus of melding, naam van de eigenaar of een adres",
)


@requires(Capability.ENFORCEMENT_WORK)
def juridische_werkvoorraad(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    lijst = Lijst.from_request(request, WORK_QUEUE_LIST)
    lijst.opgeslagen = opgeslagen_filter_list(actor=actor, lijst=WORK_QUEUE_LIST.key)
    werk = werkvoorraad(actor=actor, peildatum=timezone.localdate(), zoek=lijst.zoek)
    return render(request, "handhaving/traject/werkvoorraad.html", {"werk": werk, "lijst": lijst})
