from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from goedwonen.core.exports import csv_response
from goedwonen.core.forms import form_add_service_errors
from goedwonen.core.lists import (
    Kolom,
    Lijst,
    Lijstdefinitie,
    bulk_all_or_nothing,
    selected_ids,
)
from goedwonen.core.policy import Capability, actor_of, can, requires
from goedwonen.core.processing_log import processing_log_batch
from goedwonen.core.selectors import opgeslagen_filter_list
from goedwonen.parameters.selectors import inrichting_history
from goedwonen.registry.address_lookup import typed_address

from . import selectors
from .attachments import stored_file_response
from .forms import (
    AssignForm,
    CloseForm,
    RoutingRuleForm,
    ServiceNormForm,
    StaffRegisterForm,
    TriageForm,
)
from .models import Bijlage, Melding, Meldingstatus, Servicenorm
from .services import registration, routing_rules, triage
from .workflow import OPEN

QUEUE_LIST = Lijstdefinitie(
    key="meldingen",
    kolommen=(
        Kolom("kenmerk", "Kenmerk", ("referentie",)),
        Kolom("ontvangen", "Ontvangen", ("ontvangen_op",)),
        Kolom("adres", "Adres", ("adres__openbareruimte", "adres__huisnummer")),
        Kolom("categorie", "Categorie", ("categorie",)),
        Kolom("status", "Status", ("status",)),
        Kolom("team", "Team", ("team__naam",)),
        Kolom("termijn", "Termijn", ("afgehandeld_voor",)),
    ),
    filters=("wachtrij", "categorie", "te_laat"),
    zoekhulp="Kenmerk, adres, postcode, eigenaar of een woord uit de omschrijving",
)


def _queue(request: HttpRequest) -> tuple[Lijst, str, QuerySet[Melding]]:
    """The queue as the request filters, searches and sorts it: list, queue code, reports."""
    lijst = Lijst.from_request(request, QUEUE_LIST)
    queue = lijst.get("wachtrij", "team")
    if queue not in selectors.QUEUES:
        queue = "team"
    reports = selectors.melding_queue(
        actor=actor_of(request),
        queue=queue,
        categorie=lijst.get("categorie"),
        overdue_only=lijst.get("te_laat") == "1",
        zoek=lijst.zoek,
    )
    return lijst, queue, lijst.order(reports)


@requires(Capability.REPORTS_TRIAGE)
def meldingen(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    lijst, queue, reports = _queue(request)
    # Mine is an OR of two people's columns: PostgreSQL found its page by walking the whole
    # queue in order (11 ms); by its keys first it reads my reports on their two indexes.
    page = lijst.page(reports, eerst_sleutels=queue == "mijn")
    lijst.opgeslagen = opgeslagen_filter_list(actor=actor, lijst=QUEUE_LIST.key)
    operation = f"Werkvoorraad meldingen ingezien ({selectors.QUEUES[queue].lower()})"
    selectors.meldingen_read(
        actor=actor,
        meldingen=page.object_list,
        operation=operation + (", gezocht" if lijst.zoek else ""),
    )
    return render(
        request,
        "intake/queue.html",
        {
            "page": page,
            "lijst": lijst,
            "queue": queue,
            "queues": selectors.QUEUES,
            "counts": selectors.melding_queue_counts(actor=actor),
            "categorie": lijst.get("categorie"),
            "overdue": lijst.get("te_laat") == "1",
            "categories": Melding._meta.get_field("categorie").choices,
            "assign_form": AssignForm(organisatie_id=actor.organisatie_id),
        },
    )


@requires(Capability.REPORTS_TRIAGE, methods=["POST"])
def meldingen_toewijzen(request: HttpRequest) -> HttpResponse:
    """The ticked reports to one team or one person, each through `melding_assign`: all of
    them, or (when one is refused) none, with the reason per refused report."""
    actor = actor_of(request)
    back = redirect(f"{reverse('meldingen')}?{request.POST.get('terug', '')}")
    ids = selected_ids(request, "melding")
    if not ids:
        messages.error(request, "Vink eerst de meldingen aan die u wilt toewijzen.")
        return back
    form = AssignForm(request.POST, organisatie_id=actor.organisatie_id)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"Niets toegewezen: {error}")
        return back
    team, behandelaar = form.cleaned_data["team"], form.cleaned_data["behandelaar"]
    found = {m.pk: m for m in selectors.melding_queue(actor=actor, queue="alle").filter(pk__in=ids)}
    missing = [i for i in ids if i not in found]
    refusals = [f"Melding {i}: niet (meer) open of niet te zien." for i in missing]
    if not refusals:
        refusals = bulk_all_or_nothing(
            [found[i] for i in ids],
            lambda m: triage.melding_assign(
                actor=actor, melding=m, team=team, behandelaar=behandelaar
            ),
            lambda m: f"Melding {m}",
        )
    if refusals:
        messages.error(request, "Geen enkele melding is toegewezen; dit ging niet:")
        for refusal in refusals:
            messages.error(request, refusal)
    else:
        target = team.naam if team else behandelaar.get_full_name() or behandelaar.username
        messages.success(request, f"{len(ids)} melding(en) toegewezen aan {target}.")
    return back


QUEUE_EXPORT_COLUMNS = [
    "kenmerk",
    "ontvangen",
    "adres",
    "postcode",
    "categorie",
    "status",
    "team",
    "triage_voor",
    "afgehandeld_voor",
]


@requires(Capability.REPORTS_TRIAGE)
def meldingen_export(request: HttpRequest) -> HttpResponse:
    """The queue as it is filtered, searched and sorted, as CSV. A log line per report."""
    actor = actor_of(request)
    _lijst, queue, reports = _queue(request)
    rows = list(reports)
    selectors.meldingen_read(
        actor=actor,
        meldingen=rows,
        operation=f"Werkvoorraad meldingen geëxporteerd ({selectors.QUEUES[queue].lower()})",
    )
    return csv_response(
        "meldingen.csv",
        QUEUE_EXPORT_COLUMNS,
        (
            [
                m.referentie or "",
                timezone.localtime(m.ontvangen_op).strftime("%Y-%m-%d %H:%M"),
                m.adres.straat_huisnummer if m.adres else m.opgegeven_adres,
                m.adres.postcode if m.adres else m.opgegeven_postcode,
                m.get_categorie_display(),
                m.get_status_display(),
                m.team.naam if m.team else "centraal",
                m.triage_voor.isoformat() if m.triage_voor else "",
                m.afgehandeld_voor.isoformat() if m.afgehandeld_voor else "",
            ]
            for m in rows
        ),
    )


@requires(Capability.REPORTS_REGISTER, methods=["GET", "POST"])
def melding_registreren(request: HttpRequest) -> HttpResponse:
    form = StaffRegisterForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = registration.melding_register(
                actor=actor_of(request),
                bron=data["bron"],
                bron_id=data["bron_id"],
                categorie=data["categorie"],
                omschrijving=data["omschrijving"],
                adres=typed_address(data),
                melder_soort=data["melder_soort"],
                contact=registration.Contact(data["naam"], data["email"], data["telefoon"]) or None,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            melding = result.melding
            if result.verschillen:
                # Another report under a key already used: not stored, and not dropped.
                labels = [
                    str(form.fields[name].label if name in form.fields else name).lower()
                    for name in result.verschillen
                ]
                form.add_error(
                    "bron_id",
                    "Onder dit kenmerk is al een melding geregistreerd met een andere inhoud "
                    f"(anders: {', '.join(labels)}). Controleer het kenmerk; een andere "
                    "melding krijgt een eigen kenmerk.",
                )
                return render(request, "intake/registreren.html", {"form": form}, status=409)
            if result.created:
                messages.success(request, f"Melding {melding.referentie} is geregistreerd.")
            else:
                messages.warning(request, f"Deze melding bestond al: {melding}.")
            if can(actor_of(request), Capability.REPORTS_VIEW):
                return redirect("melding", pk=melding.pk)
            return redirect("melding-registreren")
    return render(request, "intake/registreren.html", {"form": form})


@requires(Capability.REPORTS_VIEW)
def melding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    try:
        melding = selectors.melding_get_by_id(actor=actor, pk=pk)
    except Melding.DoesNotExist:
        raise Http404 from None
    return _detail(request, melding, TriageForm(), CloseForm())


@requires(Capability.REPORTS_VIEW)
def melding_bijlage(request: HttpRequest, pk: int, bijlage: int) -> FileResponse:
    """A reporter's attachment: a photo shown in the browser, a PDF downloaded."""
    try:
        found = selectors.bijlage_open(actor=actor_of(request), melding_pk=pk, pk=bijlage)
    except Bijlage.DoesNotExist:
        raise Http404 from None
    return stored_file_response(
        found.bestand,
        original_name=found.oorspronkelijke_naam or "bijlage",
        content_type=found.soort,
        inline=found.soort.startswith("image/"),
    )


def _detail(
    request: HttpRequest, melding: Melding, triage: TriageForm, close: CloseForm
) -> HttpResponse:
    actor = actor_of(request)
    # One transaction and one insert of log lines for the page: the report, its related
    # reports and the reporter's contact (when shown) are each logged as read.
    with transaction.atomic(), processing_log_batch():
        selectors.meldingen_read(actor=actor, meldingen=[melding], operation="Melding ingezien")
        related = selectors.meldingen_related(actor=actor, melding=melding)
        selectors.meldingen_read(
            actor=actor,
            meldingen=[*related.object, *related.eigenaar],
            operation="Gerelateerde meldingen getoond",
        )
        return render(
            request,
            "intake/melding.html",
            {
                "m": melding,
                "historie": melding.historie.select_related("door"),
                "contact": selectors.melding_contact(actor=actor, melding=melding),
                "bijlagen": melding.bijlagen.all(),
                "related": related,
                "can_triage": can(actor, Capability.REPORTS_TRIAGE),
                "can_see_owner_reports": can(actor, Capability.REPORTS_VIEW),
                "can_see_address": can(actor, Capability.REGISTRY_VIEW),
                "open": melding.status in OPEN,
                "needs_triage": melding.status
                in (Meldingstatus.ONTVANGEN, Meldingstatus.IN_TRIAGE, Meldingstatus.HEROPEND),
                "triage_form": triage,
                "close_form": close,
                "can_view_case": can(actor, Capability.CASES_VIEW),
                "ready_for_case": can(actor, Capability.CASES_DIRECT)
                and melding.status == Meldingstatus.CASUSREGIE
                and melding.casus_id is None,
                # A report the actor's organisation handles alone can end in enforcement without
                # a case (the rule: handhaving.traject_services.report_may_have_procedure).
                "ready_for_enforcement": can(actor, Capability.ENFORCEMENT_WORK)
                and melding.casus_id is None
                and melding.verblijfsobject_id is not None
                and actor.organisatie_id is not None
                and melding.doorgezet_naar_id == actor.organisatie_id,
            },
        )


@requires(Capability.REPORTS_TRIAGE, methods=["POST"])
def melding_triage(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    try:
        melding = selectors.melding_get_by_id(actor=actor, pk=pk)
    except Melding.DoesNotExist:
        raise Http404 from None
    form = TriageForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            triage.melding_triage(
                actor=actor,
                melding=melding,
                uitkomst=data["uitkomst"],
                reden=data["reden"],
                organisatie=data["organisatie"],
                casusregisseur=data["casusregisseur"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "De triage is vastgelegd.")
            return redirect("melding", pk=pk)
    return _detail(request, melding, form, CloseForm())


@requires(Capability.REPORTS_TRIAGE, methods=["POST"])
def melding_afsluiten(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    try:
        melding = selectors.melding_get_by_id(actor=actor, pk=pk)
    except Melding.DoesNotExist:
        raise Http404 from None
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            triage.melding_transition(
                actor=actor,
                melding=melding,
                naar=Meldingstatus.AFGESLOTEN,
                reden=form.cleaned_data["reden"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "De melding is afgesloten.")
            return redirect("melding", pk=pk)
    return _detail(request, melding, TriageForm(), form)


@requires(Capability.ROUTING_MANAGE, methods=["GET", "POST"])
def routering(request: HttpRequest) -> HttpResponse:
    """Routing rules and service norms: add a rule or set a norm (per category)."""
    actor = actor_of(request)
    rule_form = RoutingRuleForm(request.POST if request.POST.get("soort") == "regel" else None)
    norm_form = ServiceNormForm(request.POST if request.POST.get("soort") == "norm" else None)
    if request.method == "POST":
        form: forms.BaseForm = rule_form if request.POST.get("soort") == "regel" else norm_form
        if form.is_valid():
            try:
                if form is rule_form:
                    routing_rules.routeringsregel_save(
                        actor=actor, regel=rule_form.save(commit=False)
                    )
                else:
                    data = norm_form.cleaned_data
                    norm = Servicenorm.objects.filter(categorie=data["categorie"]).first()
                    norm = norm or Servicenorm(categorie=data["categorie"])
                    norm.dagen_triage = data["dagen_triage"]
                    norm.dagen_afhandeling = data["dagen_afhandeling"]
                    routing_rules.servicenorm_save(actor=actor, norm=norm, reden=data["reden"])
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(
                    request, "Opgeslagen. Nieuwe meldingen volgen de nieuwe instelling."
                )
                return redirect("routering")
    rules, norms = selectors.routing_overview(actor=actor)
    return render(
        request,
        "intake/routering.html",
        {
            "rules": rules,
            "norms": norms,
            "rule_form": rule_form,
            "norm_form": norm_form,
            "wijzigingen": inrichting_history(
                actor=actor, onderwerpen=["routeringsregel", "servicenorm"]
            )[:20],
        },
    )
