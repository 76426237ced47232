"""Case pages: work queues (cases, tasks), a new case from a triaged report, the case page
with its timeline, and the director's and partners' actions on it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from goedwonen.core import display
from goedwonen.core.categories import Categorie
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
from goedwonen.core.selectors import opgeslagen_filter_list
from goedwonen.core.validators import query_int
from goedwonen.intake.models import Melding
from goedwonen.registry.address_lookup import find_address, typed_address
from goedwonen.registry.models import Adres
from goedwonen.registry.selectors import focus_buurten
from goedwonen.werk.services import casus_seen

from . import selectors
from .forms import (
    AfrondForm,
    CasusAdresForm,
    CasusForm,
    CloseForm,
    NotitieForm,
    PartijForm,
    ShareForm,
    SjablonenForm,
    StatusForm,
    TaakForm,
    TaakToewijzenForm,
    directors_in,
)
from .models import (
    Casus,
    Casusstatus,
    Deling,
    Gebeurtenissoort,
    Herkomst,
    Taak,
    Taaksjabloon,
    Taakstatus,
)
from .registries import case_page_sections
from .services.case_tasks import (
    taak_assign,
    taak_complete,
    taak_create,
    taak_templates,
    taken_from_templates,
)
from .services.cases import casus_close, casus_create, casus_transition, proposed_title
from .services.parties import partij_add
from .services.sharing import casus_share, casus_share_end
from .services.timeline import casus_note
from .werkplek import werkplek_context

QUEUES = {
    "organisatie": "Mijn organisatie",
    "mijn": "Mijn casussen",
    "team": "Mijn team",
    "gedeeld": "Gedeeld met ons",
}
TASK_QUEUES = {
    "mijn": "Mijn taken",
    "organisatie": "Taken van mijn organisatie",
    "te_laat": "Te laat",
}


CASE_LIST = Lijstdefinitie(
    key="casussen",
    kolommen=(
        Kolom("kenmerk", "Kenmerk", ("referentie",)),
        Kolom("titel", "Titel", ("weergavetitel",)),
        Kolom("status", "Status", ("status",)),
        Kolom("regie", "Regie", ("casusregisseur__last_name", "casusregisseur__username")),
        Kolom("taken", "Open taken", ("open_taken",), numeric=True),
        Kolom("aangemaakt", "Aangemaakt", ("aangemaakt_op",)),
    ),
    # The list's own filter form holds the search (`zoek`, with the owner apart).
    filters=("wachtrij", "status", "categorie", "buurt", "zoek", "eigenaar", "regisseur"),
    zoeken=False,
    eerst_sleutels=True,
)


@requires(Capability.CASES_VIEW)
def casussen(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    filters = _filters(request)
    queue = filters.wachtrij
    lijst = Lijst.from_request(request, CASE_LIST)
    lijst.opgeslagen = opgeslagen_filter_list(actor=actor, lijst=CASE_LIST.key)
    cases = selectors.casus_list(actor=actor, filters=filters)
    if lijst.sorteer.removeprefix("-") == "taken":
        cases = selectors.with_task_counts(cases, actor=actor)
    page = lijst.page(lijst.order(cases))
    page.object_list = selectors.task_counts(page.object_list, actor=actor)
    selectors.casus_list_read(actor=actor, filters=filters, cases=page.object_list)
    return render(
        request,
        "casussen/lijst.html",
        {
            "page": page,
            "lijst": lijst,
            "queue": queue,
            "queues": QUEUES,
            "filters": filters,
            "statuses": Casusstatus.choices,
            "categories": Categorie.choices,
            "kan_regisseren": can(actor, Capability.CASES_DIRECT),
            "buurten": focus_buurten(),
            "regisseurs": directors_in(actor.organisatie),
        },
    )


EXPORT_COLUMNS = ["referentie", "titel", "status", "categorieen", "regie", "aangemaakt_op"]


@requires(Capability.CASES_VIEW)
def casussen_export(request: HttpRequest) -> HttpResponse:
    """The list as it is filtered, as CSV (semicolons, for Dutch spreadsheets). Logged."""
    actor = actor_of(request)
    filters = _filters(request)
    cases = selectors.casus_export(actor=actor, filters=filters)
    return csv_response(
        "casussen.csv",
        EXPORT_COLUMNS,
        (
            [
                c.referentie,
                selectors.shown_title(c),
                c.get_status_display(),
                ", ".join(Categorie(x).label for x in c.categorieen if x in Categorie.values),
                c.organisatie.code,
                timezone.localtime(c.aangemaakt_op).strftime("%Y-%m-%d %H:%M"),
            ]
            for c in cases
        ),
    )


def _filters(request: HttpRequest) -> selectors.CasusFilters:
    queue = request.GET.get("wachtrij", "organisatie")
    regisseur = request.GET.get("regisseur", "")
    director = query_int(regisseur)
    if regisseur and director is None:
        raise BadRequest("Het filter op casusregisseur is ongeldig: kies iemand uit de lijst.")
    return selectors.CasusFilters(
        wachtrij=queue if queue in QUEUES else "organisatie",
        status=request.GET.get("status", "open"),
        categorie=request.GET.get("categorie", ""),
        buurt=request.GET.get("buurt", "")[:10],
        zoek=request.GET.get("zoek", "")[:100],
        eigenaar=request.GET.get("eigenaar", "")[:100],
        regisseur=director,
    )


TASK_LIST = Lijstdefinitie(
    key="taken",
    kolommen=(
        Kolom("taak", "Taak", ("titel",)),
        Kolom("casus", "Casus", ("casus__referentie",)),
        Kolom("toegewezen", "Toegewezen aan", ("toegewezen_aan__last_name",)),
        Kolom("deadline", "Deadline", ("deadline",)),
    ),
    filters=("wachtrij",),
    zoekhulp="Titel van de taak, kenmerk of titel van de casus",
)


def _tasks(request: HttpRequest) -> tuple[Lijst, str, QuerySet[Taak]]:
    lijst = Lijst.from_request(request, TASK_LIST)
    queue = lijst.get("wachtrij", "mijn")
    if queue not in TASK_QUEUES:
        queue = "mijn"
    filters = selectors.TaakFilters(wachtrij=queue, zoek=lijst.zoek)
    return lijst, queue, lijst.order(selectors.taak_list(actor=actor_of(request), filters=filters))


@requires(Capability.TASKS_WORK)
def taken(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    lijst, queue, tasks = _tasks(request)
    lijst.opgeslagen = opgeslagen_filter_list(actor=actor, lijst=TASK_LIST.key)
    return render(
        request,
        "casussen/taken.html",
        {
            "page": lijst.page(tasks),
            "lijst": lijst,
            "queue": queue,
            "queues": TASK_QUEUES,
            "assign_form": TaakToewijzenForm(organisatie_id=actor.organisatie_id),
        },
    )


TASK_EXPORT_COLUMNS = ["taak", "casus", "toegewezen_aan", "deadline", "te_laat"]


@requires(Capability.TASKS_WORK)
def taken_export(request: HttpRequest) -> HttpResponse:
    """The task list as it is filtered, searched and sorted, as CSV; a log line per case."""
    actor = actor_of(request)
    _lijst, _queue, tasks = _tasks(request)
    rows = list(tasks)
    selectors.taken_export_read(actor=actor, taken=rows)
    today = timezone.localdate()
    return csv_response(
        "taken.csv",
        TASK_EXPORT_COLUMNS,
        (
            [
                t.titel,
                t.casus.referentie,
                (t.toegewezen_aan.get_full_name() or t.toegewezen_aan.username)
                if t.toegewezen_aan
                else "de organisatie",
                t.deadline.isoformat(),
                "ja" if selectors.overdue(t, today) else "nee",
            ]
            for t in rows
        ),
    )


@requires(Capability.TASKS_WORK, methods=["POST"])
def taken_toewijzen(request: HttpRequest) -> HttpResponse:
    """The ticked tasks to one person of the organisation, or back to the organisation,
    each through `taak_assign`: all of them, or none with the reason per refused task."""
    actor = actor_of(request)
    back = redirect(f"{reverse('taken')}?{request.POST.get('terug', '')}")
    ids = selected_ids(request, "taak")
    if not ids:
        messages.error(request, "Vink eerst de taken aan die u wilt toewijzen.")
        return back
    form = TaakToewijzenForm(request.POST, organisatie_id=actor.organisatie_id)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"Niets toegewezen: {error}")
        return back
    person = form.cleaned_data["toegewezen_aan"]
    visible = selectors.taak_list(
        actor=actor, filters=selectors.TaakFilters(wachtrij="organisatie", status="")
    )
    found = {t.pk: t for t in visible.filter(pk__in=ids)}
    refusals = [f"Taak {i}: niet te zien voor uw organisatie." for i in ids if i not in found]
    if not refusals:
        refusals = bulk_all_or_nothing(
            [found[i] for i in ids],
            lambda t: taak_assign(actor=actor, taak=t, toegewezen_aan=person),
            lambda t: f"Taak '{t.titel}' ({t.casus.referentie})",
        )
    if refusals:
        messages.error(request, "Geen enkele taak is toegewezen; dit ging niet:")
        for refusal in refusals:
            messages.error(request, refusal)
    else:
        target = (person.get_full_name() or person.username) if person else "de organisatie"
        messages.success(
            request, f"{len(ids)} ta{'ak' if len(ids) == 1 else 'ken'} toegewezen aan {target}."
        )
    return back


@requires(Capability.CASES_DIRECT, methods=["GET", "POST"])
def casus_nieuw(request: HttpRequest, pk: int) -> HttpResponse:
    """A new case from a report (one triaged as multidisciplinary, as a rule)."""
    actor = actor_of(request)
    try:
        melding = selectors.melding_for_casus(actor=actor, pk=pk)
    except Melding.DoesNotExist:
        raise Http404 from None
    if melding.casus is not None:
        messages.info(request, f"Melding {melding} hoort al bij casus {melding.casus.referentie}.")
        return redirect("casus", referentie=melding.casus.referentie)
    initial = {
        "titel": proposed_title(
            categorieen=[melding.categorie],
            buurt=melding.verblijfsobject.buurt if melding.verblijfsobject else None,
        ),
        "categorieen": [melding.categorie],
        "casusregisseur": str(melding.casusregisseur_id or actor.pk),
    }
    form = CasusForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        organisatie=actor.organisatie,
    )
    open_cases = (
        selectors.open_cases_on(actor=actor, verblijfsobjecten=[melding.verblijfsobject_id])
        if melding.verblijfsobject_id
        else []
    )
    form.offer_open_cases(open_cases)
    if request.method == "POST" and form.is_valid():
        made = _make_case(request, form, meldingen=[melding])
        if made is not None:
            return made
    return render(
        request,
        "casussen/nieuw.html",
        {"form": form, "melding": melding, "open_casussen": open_cases},
    )


@requires(Capability.CASES_DIRECT, methods=["GET", "POST"])
def casus_nieuw_adres(request: HttpRequest) -> HttpResponse:
    """A new case on an address, without a report (case table, proactive, partner)."""
    actor = actor_of(request)
    form = CasusAdresForm(
        request.POST if request.method == "POST" else None,
        initial={"casusregisseur": str(actor.pk)},
        organisatie=actor.organisatie,
    )
    open_cases: list[selectors.OpenCasus] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        adres = find_address(typed_address(data))
        if adres is None:
            form.add_error("postcode", "Dit adres staat niet in de registratie.")
        else:
            open_cases = selectors.open_cases_on(
                actor=actor, verblijfsobjecten=[adres.verblijfsobject_id]
            )
            form.offer_open_cases(open_cases)
            made = _make_case(request, form, herkomst=data["herkomst"], adressen=[adres])
            if made is not None:
                return made
    return render(request, "casussen/nieuw_adres.html", {"form": form, "open_casussen": open_cases})


def _make_case(
    request: HttpRequest,
    form: CasusForm,
    *,
    herkomst: str = Herkomst.MELDING,
    meldingen: Sequence[Melding] = (),
    adressen: Sequence[Adres] = (),
) -> HttpResponse | None:
    """Make the case from a valid form: on to its page, or None with the service's errors
    on the form (nothing typed is lost)."""
    data = form.cleaned_data
    try:
        casus = casus_create(
            actor=actor_of(request),
            titel=data["titel"],
            categorieen=data["categorieen"],
            casusregisseur=data["casusregisseur"],
            herkomst=herkomst,
            meldingen=meldingen,
            adressen=adressen,
            naast_open_casussen=data["naast_open_casussen"],
        )
    except ValidationError as error:
        form_add_service_errors(form, error)
        return None
    messages.success(request, f"Casus {casus.referentie} is aangemaakt.")
    return redirect("casus", referentie=casus.referentie)


def _inzage(request: HttpRequest, referentie: str) -> selectors.Inzage:
    try:
        return selectors.casus_inzage(actor=actor_of(request), referentie=referentie)
    except Casus.DoesNotExist:
        raise Http404 from None


@requires(Capability.CASES_VIEW)
def casus_detail(request: HttpRequest, referentie: str) -> HttpResponse:
    # One transaction for the page: its read is logged, its sections log what they show and
    # the moment seen is recorded, together rather than a transaction each. The moment last:
    # its row stays locked until the commit, which two views of the same case then wait for.
    with transaction.atomic():
        try:
            detail = selectors.casus_detail(actor=actor_of(request), referentie=referentie)
        except Casus.DoesNotExist:
            raise Http404 from None
        page = _detail(request, detail)
        casus_seen(actor=actor_of(request), casus=detail.casus)
    return page


def _detail(
    request: HttpRequest, detail: selectors.CasusDetail, **bound: forms.Form
) -> HttpResponse:
    actor = actor_of(request)
    inzage, casus = detail.inzage, detail.casus
    soort = request.GET.get("soort", "")
    if soort not in Gebeurtenissoort.values:
        soort = ""
    taken_lijst = detail.taken or []
    afrond = {
        t.pk: bound.get(f"afrond{t.pk}") or AfrondForm(prefix=f"taak{t.pk}")
        for t in taken_lijst
        if t.status == "open" and t.organisatie_id == actor.organisatie_id
    }
    context: dict[str, Any] = {
        "casus": casus,
        "inzage": inzage,
        "regie": inzage.regie and can(actor, Capability.CASES_DIRECT),
        "objecten": detail.objecten,
        "partijen": detail.partijen,
        "meldingen": detail.meldingen,
        "taken": [(t, afrond.get(t.pk), selectors.overdue(t)) for t in taken_lijst],
        "tijdlijn": selectors.tijdlijn(inzage, soort=soort)[:200],
        "soort": soort,
        "soorten": Gebeurtenissoort.choices,
        "categorieen": [Categorie(c).label for c in casus.categorieen if c in Categorie.values],
    }
    context.update(werkplek_context(request, detail, bound))
    for sectie in case_page_sections:
        context.update(sectie.context(request, inzage))
    context["sectie_templates"] = [sectie.template for sectie in case_page_sections]
    if context["regie"]:
        sjablonen = taak_templates(casus=casus)
        context.update(
            delingen=selectors.delingen_in_casus(inzage),
            historie=selectors.statusverloop(inzage),
            status_form=bound.get("status") or StatusForm(prefix="status", status=casus.status),
            close_form=bound.get("sluiten") or CloseForm(prefix="sluiten"),
            open_taken=[t for t in taken_lijst if t.status == Taakstatus.OPEN],
            share_form=bound.get("delen")
            or ShareForm(prefix="delen", exclude_organisatie=casus.organisatie_id),
            taak_form=bound.get("taak") or TaakForm(prefix="taak"),
            sjablonen_form=bound.get("sjablonen")
            or SjablonenForm(prefix="sjabloon", choices=_template_choices(sjablonen)),
            notitie_form=bound.get("notitie") or NotitieForm(prefix="notitie"),
            partij_form=bound.get("partij") or PartijForm(prefix="partij"),
        )
    return render(request, "casussen/casus.html", context)


def _template_choices(sjablonen: list[Taaksjabloon]) -> list[tuple[str, str]]:
    return [
        (str(s.pk), f"{s.titel} — {s.organisatiecode.upper()}, {s.dagen} dagen") for s in sjablonen
    ]


def _act(
    request: HttpRequest,
    referentie: str,
    name: str,
    form: forms.Form,
    action: Callable[[selectors.Inzage, dict[str, Any]], str],
) -> HttpResponse:
    """Validate a posted form, run the service, and show the case again: with the outcome,
    or with the errors next to the fields (nothing entered is lost)."""
    inzage = _inzage(request, referentie)
    if form.is_valid():
        try:
            done = action(inzage, form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("casus", referentie=referentie)
    return _detail(request, selectors.casus_detail_of(inzage), **{name: form})


@requires(Capability.CASES_DIRECT, methods=["POST"])
def casus_status(request: HttpRequest, referentie: str) -> HttpResponse:
    inzage = _inzage(request, referentie)
    form = StatusForm(request.POST, prefix="status", status=inzage.casus.status)

    def action(inzage: selectors.Inzage, data: dict[str, Any]) -> str:
        casus = casus_transition(
            actor=actor_of(request), casus=inzage.casus, naar=data["naar"], reden=data["reden"]
        )
        return f"De casus staat nu op {casus.get_status_display().lower()}."

    return _act(request, referentie, "status", form, action)


@requires(Capability.CASES_DIRECT, methods=["POST"])
def casus_afsluiten(request: HttpRequest, referentie: str) -> HttpResponse:
    def action(inzage: selectors.Inzage, data: dict[str, Any]) -> str:
        casus = casus_close(
            actor=actor_of(request),
            casus=inzage.casus,
            resultaat=data["resultaat"],
            reden=data["reden"],
            taken_laten_vervallen=data["taken_laten_vervallen"],
        )
        return f"De casus is gesloten; bewaren tot {display.datum(casus.bewaren_tot)}."

    return _act(request, referentie, "sluiten", CloseForm(request.POST, prefix="sluiten"), action)


@requires(Capability.CASES_DIRECT, methods=["POST"])
def casus_delen(request: HttpRequest, referentie: str) -> HttpResponse:
    inzage = _inzage(request, referentie)
    form = ShareForm(request.POST, prefix="delen", exclude_organisatie=inzage.casus.organisatie_id)

    def action(inzage: selectors.Inzage, data: dict[str, Any]) -> str:
        deling = casus_share(actor=actor_of(request), casus=inzage.casus, **data)
        return f"De casus is gedeeld met {deling.organisatie.naam}."

    return _act(request, referentie, "delen", form, action)


@requires(Capability.CASES_DIRECT, methods=["POST"])
def deling_beeindigen(request: HttpRequest, referentie: str, pk: int) -> HttpResponse:
    inzage = _inzage(request, referentie)
    try:
        deling = selectors.delingen_in_casus(inzage).get(pk=pk)
    except Deling.DoesNotExist:
        raise Http404 from None
    casus_share_end(actor=actor_of(request), deling=deling)
    messages.success(request, f"Delen met {deling.organisatie.naam} is beëindigd.")
    return redirect("casus", referentie=referentie)


@requires(Capability.CASES_DIRECT, methods=["POST"])
def casus_taak(request: HttpRequest, referentie: str) -> HttpResponse:
    def action(inzage: selectors.Inzage, data: dict[str, Any]) -> str:
        taak = taak_create(actor=actor_of(request), casus=inzage.casus, **data)
        return f"Taak '{taak.titel}' is uitgezet bij {taak.organisatie.naam}."

    return _act(request, referentie, "taak", TaakForm(request.POST, prefix="taak"), action)


@requires(Capability.CASES_DIRECT, methods=["POST"])
def casus_sjablonen(request: HttpRequest, referentie: str) -> HttpResponse:
    inzage = _inzage(request, referentie)
    sjablonen = taak_templates(casus=inzage.casus)
    form = SjablonenForm(request.POST, prefix="sjabloon", choices=_template_choices(sjablonen))

    def action(inzage: selectors.Inzage, data: dict[str, Any]) -> str:
        chosen = [s for s in sjablonen if str(s.pk) in data["sjablonen"]]
        done = taken_from_templates(actor=actor_of(request), casus=inzage.casus, sjablonen=chosen)
        refused = [f"'{s.titel}' niet uitgezet: {why}" for s, why in done.refused]
        if not done.made:
            raise ValidationError({"sjablonen": refused})
        for message in refused:
            messages.warning(request, message)
        return f"{display.aantal(len(done.made), 'taak', 'taken')} uitgezet: " + (
            ", ".join(f"'{t.titel}' bij {t.organisatie.naam}" for t in done.made) + "."
        )

    return _act(request, referentie, "sjablonen", form, action)


@requires(Capability.CASES_DIRECT, methods=["POST"])
def casus_notitie(request: HttpRequest, referentie: str) -> HttpResponse:
    def action(inzage: selectors.Inzage, data: dict[str, Any]) -> str:
        casus_note(actor=actor_of(request), casus=inzage.casus, tekst=data["tekst"])
        return "De notitie staat op de tijdlijn."

    return _act(request, referentie, "notitie", NotitieForm(request.POST, prefix="notitie"), action)


@requires(Capability.CASES_DIRECT, methods=["POST"])
def partij_toevoegen(request: HttpRequest, referentie: str) -> HttpResponse:
    def action(inzage: selectors.Inzage, data: dict[str, Any]) -> str:
        partij = partij_add(actor=actor_of(request), casus=inzage.casus, **data)
        return f"{partij.get_rol_display()} toegevoegd."

    return _act(request, referentie, "partij", PartijForm(request.POST, prefix="partij"), action)


@requires(Capability.TASKS_WORK, methods=["POST"])
def taak_afronden(request: HttpRequest, referentie: str, pk: int) -> HttpResponse:
    inzage = _inzage(request, referentie)
    try:
        taak = selectors.taken_in_casus(inzage).get(pk=pk)
    except Taak.DoesNotExist:
        raise Http404 from None

    def action(inzage: selectors.Inzage, data: dict[str, Any]) -> str:
        taak_complete(actor=actor_of(request), taak=taak, uitkomst=data["uitkomst"])
        return f"Taak '{taak.titel}' is afgerond."

    return _act(
        request, referentie, f"afrond{pk}", AfrondForm(request.POST, prefix=f"taak{pk}"), action
    )
