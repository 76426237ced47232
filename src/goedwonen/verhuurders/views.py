"""Pages of the landlord monitor: the owners in monitoring, the recidivism alerts, the
stop-talk candidates, the talks (invite, record, cancel, the letter), and the sections on the
owner page (`templatetags/verhuurders.py`) and the case page (`sectie_context`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from goedwonen.casussen.models import Casus
from goedwonen.casussen.selectors import Inzage, casus_inzage
from goedwonen.core.exports import csv_response
from goedwonen.core.forms import form_add_service_errors
from goedwonen.core.lists import Kolom, Lijst, Lijstdefinitie
from goedwonen.core.policy import Capability, actor_of, capabilities_of, requires
from goedwonen.core.selectors import opgeslagen_filter_list
from goedwonen.documenten.pdf import PdfNietBeschikbaar
from goedwonen.intake.attachments import stored_file_response
from goedwonen.registry.models import Eigenaar

from . import selectors
from .forms import AfhandelingForm, AfzeggenForm, NietNuForm, UitnodigingForm, VerslagForm
from .models import Gesprekssoort, Gespreksstatus, Recidivesignalering, Verhuurdergesprek
from .services import gesprekken, kandidaten, naam, signaleringen


def sectie_context(request: HttpRequest, inzage: Inzage) -> dict[str, Any]:
    """The context of `verhuurders/_casus_sectie.html`: `monitor` None hides the section."""
    return {
        "casus": inzage.casus,
        "monitor": selectors.casus_monitor(actor=actor_of(request), inzage=inzage),
    }


MONITORING_LIST = Lijstdefinitie(
    key="verhuurders-monitoring",
    kolommen=(
        Kolom("eigenaar", "Eigenaar", ("eigenaar__naam",)),
        Kolom("gesprek", "Waarschuwingsgesprek", ("start",)),
        Kolom("tot", "Monitoring tot", ("eind",)),
        Kolom("dagen", "Dagen over", ("dagen_over",)),
        Kolom("signaleringen", "Open signaleringen", ("open_signaleringen",)),
    ),
    zoekhulp="Naam van de eigenaar of het nummer in de registratie",
)


@requires(Capability.LANDLORDS_MONITOR)
def monitoring(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    lijst = Lijst.from_request(request, MONITORING_LIST)
    lijst.opgeslagen = opgeslagen_filter_list(actor=actor, lijst=MONITORING_LIST.key)
    rows = lijst.order(selectors.monitoring_list(actor=actor, zoek=lijst.zoek))
    return render(
        request,
        "verhuurders/monitoring.html",
        {"rows": rows, "lijst": lijst, "maanden": settings.MONITORING_MAANDEN},
    )


@requires(Capability.LANDLORDS_MONITOR)
def monitoring_export(request: HttpRequest) -> HttpResponse:
    """The owners in monitoring as the list shows them, as CSV; a log line per owner."""
    lijst = Lijst.from_request(request, MONITORING_LIST)
    rows = lijst.order(
        selectors.monitoring_list(actor=actor_of(request), zoek=lijst.zoek, exported=True)
    )
    return csv_response(
        "verhuurders-in-monitoring.csv",
        [
            "eigenaar",
            "naam",
            "waarschuwingsgesprek",
            "monitoring_tot",
            "dagen_over",
            "open_signaleringen",
        ],
        (
            [
                p.eigenaar.eigenaar_id,
                p.eigenaar.naam,
                p.start.isoformat(),
                p.eind.isoformat(),
                p.dagen_over,
                p.open_signaleringen,
            ]
            for p in rows
        ),
    )


ALERT_LIST = Lijstdefinitie(
    key="verhuurders-signaleringen",
    kolommen=(),  # the table's header is shared with the owner page
    filters=("alle",),
    zoekhulp="Naam van de eigenaar, het nummer in de registratie of een adres",
)


@requires(Capability.LANDLORDS_MONITOR)
def signaleringen_lijst(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    lijst = Lijst.from_request(request, ALERT_LIST)
    lijst.opgeslagen = opgeslagen_filter_list(actor=actor, lijst=ALERT_LIST.key)
    alle = lijst.get("alle") == "1"
    found = selectors.signalering_list(actor=actor, open_only=not alle, zoek=lijst.zoek)
    return render(
        request,
        "verhuurders/signaleringen.html",
        {
            "signaleringen": found,
            "lijst": lijst,
            "alle": alle,
            "afhandelen": [
                (a, AfhandelingForm(prefix=f"s{a.pk}")) for a in found if a.afgehandeld_op is None
            ],
        },
    )


@requires(Capability.LANDLORDS_MONITOR, methods=["POST"])
def signalering_afhandelen(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    try:
        signalering = selectors.signalering_get(actor=actor, pk=pk)
    except Recidivesignalering.DoesNotExist:
        raise Http404 from None
    form = AfhandelingForm(request.POST, prefix=f"s{pk}")
    if form.is_valid():
        try:
            signaleringen.recidivesignalering_handle(
                actor=actor, signalering=signalering, afhandeling=form.cleaned_data["afhandeling"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, f"De signalering over {naam(signalering.eigenaar)} is afgehandeld."
            )
    else:
        problems = " ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(request, f"Niet afgehandeld. {problems}")
    return redirect("verhuurders-signaleringen")


CANDIDATE_LIST = Lijstdefinitie(
    key="verhuurders-kandidaten",
    kolommen=(),  # cards, latest violation first
    zoekhulp="Naam van de eigenaar of het nummer in de registratie",
)


@requires(Capability.LANDLORDS_MONITOR)
def kandidaten_lijst(request: HttpRequest) -> HttpResponse:
    lijst = Lijst.from_request(request, CANDIDATE_LIST)
    rows = selectors.kandidaat_list(
        actor=actor_of(request), pagina=lijst.get("pagina"), zoek=lijst.zoek
    )
    kandidaten.kandidaten_vragen(today=timezone.localdate(), berekend_op=rows.berekend_op)
    return _kandidaten(request, rows)


def _kandidaten(
    request: HttpRequest, rows: selectors.Kandidatenpagina, failed: NietNuForm | None = None
) -> HttpResponse:
    lijst = Lijst.from_request(request, CANDIDATE_LIST)
    lijst.pad = reverse("verhuurders-kandidaten")  # also after a refused decision's post
    lijst.opgeslagen = opgeslagen_filter_list(actor=actor_of(request), lijst=CANDIDATE_LIST.key)

    def form(r: selectors.Kandidaatregel) -> NietNuForm:
        prefix = f"k{r.kandidaat.eigenaar.pk}"
        return (
            failed if failed is not None and failed.prefix == prefix else NietNuForm(prefix=prefix)
        )

    return render(
        request,
        "verhuurders/kandidaten.html",
        {
            "open": [(r, form(r)) for r in rows.open],
            "aantal_open": rows.open.paginator.count,
            "berekend_op": rows.berekend_op,
            "page": rows.open,
            "lijst": lijst,
            "besloten": [(r, None) for r in rows.besloten],
            "mag_besluiten": Capability.LANDLORD_TALKS in _held(request),
        },
    )


def _held(request: HttpRequest) -> frozenset[Capability]:
    return capabilities_of(actor_of(request))


@requires(Capability.LANDLORD_TALKS, methods=["POST"])
def kandidaat_niet_nu(request: HttpRequest, eigenaar_id: str) -> HttpResponse:
    actor = actor_of(request)
    try:
        eigenaar = selectors.eigenaar_for_talk(actor=actor, eigenaar_id=eigenaar_id)
    except Eigenaar.DoesNotExist:
        raise Http404 from None
    form = NietNuForm(request.POST, prefix=f"k{eigenaar.pk}")
    if form.is_valid():
        try:
            kandidaten.kandidaat_not_now(
                actor=actor,
                eigenaar=eigenaar,
                reden=form.cleaned_data["reden"],
                today=timezone.localdate(),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"Vastgelegd: nu geen stopgesprek met {naam(eigenaar)}.")
            return redirect("verhuurders-kandidaten")
    if Capability.LANDLORDS_MONITOR not in _held(request):
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("verhuurders-kandidaten")
    rows = selectors.kandidaat_list(actor=actor, pagina=request.GET.get("pagina"))
    return _kandidaten(request, rows, failed=form)


@requires(Capability.LANDLORD_TALKS, methods=["GET", "POST"])
def uitnodigen(request: HttpRequest, eigenaar_id: str) -> HttpResponse:
    """Invite an owner for a talk: from the owner page, a case (`?casus=`) or the stop-talk
    candidates (`?kandidaat=1`: a stop talk, and the decision recorded with it)."""
    actor = actor_of(request)
    try:
        eigenaar = selectors.eigenaar_for_talk(actor=actor, eigenaar_id=eigenaar_id)
    except Eigenaar.DoesNotExist:
        raise Http404 from None
    casus = None
    if referentie := request.GET.get("casus", ""):
        try:
            casus = casus_inzage(actor=actor, referentie=referentie).casus
        except Casus.DoesNotExist:
            raise Http404 from None
    kandidaat = request.GET.get("kandidaat") == "1"
    evidence = None
    if kandidaat:
        evidence = selectors.kandidaat_get(actor=actor, eigenaar_id=eigenaar_id)
    soort_vast = Gesprekssoort.STOPGESPREK if kandidaat else request.GET.get("soort", "")
    if soort_vast not in Gesprekssoort.values:
        soort_vast = ""
    form = UitnodigingForm(request.POST or None, soort_vast=soort_vast)
    if request.method == "POST" and form.is_valid():
        try:
            if kandidaat:
                gesprek = kandidaten.kandidaat_invite(
                    actor=actor,
                    eigenaar=eigenaar,
                    gepland_op=form.gepland_op(),
                    locatie=form.cleaned_data["locatie"],
                    aanleiding=form.cleaned_data["aanleiding"],
                    today=timezone.localdate(),
                )
            else:
                gesprek = gesprekken.gesprek_invite(
                    actor=actor,
                    eigenaar=eigenaar,
                    soort=form.cleaned_data["soort"],
                    gepland_op=form.gepland_op(),
                    locatie=form.cleaned_data["locatie"],
                    aanleiding=form.cleaned_data["aanleiding"],
                    casus=casus,
                )
        except ValidationError as error:
            error = _on_form_fields(error)
            form_add_service_errors(form, error)
        except PdfNietBeschikbaar as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"{gesprek.get_soort_display()} gepland; de uitnodigingsbrief staat klaar.",
            )
            return redirect("verhuurders-gesprek", pk=gesprek.pk)
    return render(
        request,
        "verhuurders/uitnodigen.html",
        {"eigenaar": eigenaar, "casus": casus, "form": form, "kandidaat": evidence},
    )


def _on_form_fields(error: ValidationError) -> ValidationError:
    """The moment of the talk is one field in the service, two (date, time) on the form."""
    if hasattr(error, "error_dict") and "gepland_op" in error.error_dict:
        fields = dict(error.error_dict)
        fields["datum"] = fields.pop("gepland_op")
        return ValidationError(fields)
    return error


def _gesprek(request: HttpRequest, pk: int) -> Verhuurdergesprek:
    try:
        return selectors.gesprek_detail(actor=actor_of(request), pk=pk)
    except Verhuurdergesprek.DoesNotExist:
        raise Http404 from None


def _gesprek_page(
    request: HttpRequest,
    gesprek: Verhuurdergesprek,
    verslag: VerslagForm | None = None,
    afzeggen: AfzeggenForm | None = None,
) -> HttpResponse:
    open_ = gesprek.status == Gespreksstatus.GEPLAND
    mag = Capability.LANDLORD_TALKS in _held(request)
    return render(
        request,
        "verhuurders/gesprek.html",
        {
            "gesprek": gesprek,
            "verslag_form": (verslag or VerslagForm(prefix="verslag")) if open_ and mag else None,
            "afzeg_form": (afzeggen or AfzeggenForm(prefix="afzeggen")) if open_ and mag else None,
        },
    )


@requires(Capability.LANDLORDS_MONITOR)
def gesprek(request: HttpRequest, pk: int) -> HttpResponse:
    return _gesprek_page(request, _gesprek(request, pk))


@requires(Capability.LANDLORD_TALKS, methods=["POST"])
def gesprek_vastleggen(request: HttpRequest, pk: int) -> HttpResponse:
    found = _gesprek(request, pk)
    form = VerslagForm(request.POST, prefix="verslag")
    if form.is_valid():
        try:
            gesprekken.gesprek_record(actor=actor_of(request), gesprek=found, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"{found.get_soort_display()} vastgelegd.")
            return redirect("verhuurders-gesprek", pk=pk)
    return _gesprek_page(request, found, verslag=form)


@requires(Capability.LANDLORD_TALKS, methods=["POST"])
def gesprek_afzeggen(request: HttpRequest, pk: int) -> HttpResponse:
    found = _gesprek(request, pk)
    form = AfzeggenForm(request.POST, prefix="afzeggen")
    if form.is_valid():
        try:
            gesprekken.gesprek_cancel(
                actor=actor_of(request), gesprek=found, reden=form.cleaned_data["reden"]
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"{found.get_soort_display()} afgezegd.")
            return redirect("verhuurders-gesprek", pk=pk)
    return _gesprek_page(request, found, afzeggen=form)


@requires(Capability.LANDLORDS_MONITOR)
def gesprek_uitnodiging(request: HttpRequest, pk: int) -> FileResponse:
    try:
        found = selectors.gesprek_uitnodiging(actor=actor_of(request), pk=pk)
    except Verhuurdergesprek.DoesNotExist:
        raise Http404 from None
    return stored_file_response(
        found.uitnodiging,
        original_name=f"Uitnodiging {found.get_soort_display().lower()} {naam(found.eigenaar)}.pdf",
        content_type="application/pdf",
    )
