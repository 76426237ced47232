"""The agenda of a meeting (issue 15, points 3 and 4): every item through the one rule of what
the viewer's organisation may see (`selectors.items_shown`), grouped by the chair's decision;
bringing an item in; the chair's decision; the agenda as CSV."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from goedwonen.core.exports import csv_response
from goedwonen.core.forms import form_add_service_errors
from goedwonen.core.policy import Capability, actor_of, requires

from . import selectors
from .forms_agenda import BesluitForm, InbrengForm
from .models import Agendapunt, Agendapuntstatus, Tafelvergadering, Vergaderstatus
from .services.agenda import agendapunt_besluiten, agendapunt_inbrengen
from .services.voorstellen import voorstellen_vragen

TAKE_PART = Capability.CASETABLE_TAKE_PART


def _meeting(request: HttpRequest, pk: int) -> Tafelvergadering:
    try:
        return selectors.meeting_open_to(actor_of(request), pk)
    except Tafelvergadering.DoesNotExist:
        raise Http404 from None


def _open_for_items(vergadering: Tafelvergadering) -> bool:
    return vergadering.status == Vergaderstatus.GEPLAND and timezone.now() <= selectors.cut_off(
        vergadering
    )


def _agenda_page(
    request: HttpRequest,
    vergadering: Tafelvergadering,
    bound: BesluitForm | None = None,
    bound_pk: int | None = None,
) -> HttpResponse:
    actor = actor_of(request)
    tafel = vergadering.tafel
    voorzitter = selectors.is_chair(actor, tafel)
    if selectors.may_lead(actor, tafel):
        voorstellen_vragen(vergadering=vergadering)
    groepen = []
    for groep in selectors.agenda_pages(
        actor=actor,
        vergadering=vergadering,
        operation="Casustafel: agenda ingezien",
        asked=request.GET,
        holding=bound_pk,
    ):
        rows: list[tuple[Any, BesluitForm | None]] = []
        for g in groep.page.object_list:
            form = None
            if voorzitter and g.item.status == Agendapuntstatus.INGEDIEND:
                form = bound if bound_pk == g.item.pk else BesluitForm(prefix=f"besluit{g.item.pk}")
            rows.append((g, form))
        groepen.append((groep, rows, _without(request, groep.key)))
    volgende = selectors.next_open_meeting(tafel, after=timezone.now())
    context = {
        "vergadering": vergadering,
        "tafel": tafel,
        "groepen": groepen,
        "voorzitter": voorzitter,
        "indiengrens": selectors.cut_off(vergadering),
        "kan_inbrengen": _open_for_items(vergadering),
        "volgende": volgende,
    }
    return render(
        request, "casustafels/agenda.html", context, status=400 if bound is not None else 200
    )


def _without(request: HttpRequest, name: str) -> str:
    """The page's query without one group's page number: that group's page links."""
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()


@requires(TAKE_PART)
def vergadering_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    return _agenda_page(request, _meeting(request, pk))


@requires(TAKE_PART)
def vergadering_agenda_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The agenda as CSV, each row through the one rule: a pseudonymised item holds its
    reference, question kind, question and status only."""
    vergadering = _meeting(request, pk)
    shown = selectors.agenda_items(
        actor=actor_of(request),
        vergadering=vergadering,
        operation="Casustafel: agenda geëxporteerd",
    )
    header = [
        "Referentie",
        "Titel",
        "Adressen",
        "Eigenaren",
        "Signaal",
        "Vraagsoort",
        "Vraag",
        "Status",
        "Ingebracht namens",
        "Voorgesteld wegens",
        "Reden besluit",
    ]
    rows = []
    for g in shown:
        item = g.item
        full = not g.gepseudonimiseerd
        rows.append(
            [
                g.referentie,
                g.titel or "",
                "; ".join(g.adressen),
                "; ".join(g.eigenaren),
                g.signaal or "",
                item.get_vraagsoort_display(),
                item.vraag,
                item.get_status_display(),
                item.ingebracht_namens.naam if full else "",
                item.get_voorstelreden_display() if full else "",
                item.besluit_reden if full else "",
            ]
        )
    datum = timezone.localtime(vergadering.begint_op).date().isoformat()
    return csv_response(f"agenda-{vergadering.tafel_id}-{datum}.csv", header, rows)


@requires(TAKE_PART, methods=["GET", "POST"])
def agendapunt_inbrengen_view(request: HttpRequest, pk: int) -> HttpResponse:
    vergadering = _meeting(request, pk)
    actor = actor_of(request)
    tafel = vergadering.tafel
    form = InbrengForm(request.POST or None, actor=actor, tafel=tafel)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = agendapunt_inbrengen(
                actor=actor,
                vergadering=vergadering,
                casus=data["casus"],
                signaal=data["signaal"],
                verblijfsobject=data["verblijfsobject"],
                vraagsoort=data["vraagsoort"],
                vraag=data["vraag"],
            )
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect("vergadering-agenda", pk=vergadering.pk)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{selectors.item_reference(item)} is ingebracht; de voorzitter besluit of het "
                "op de agenda komt.",
            )
            return redirect("vergadering-agenda", pk=vergadering.pk)
    context = {
        "vergadering": vergadering,
        "tafel": tafel,
        "form": form,
        "indiengrens": selectors.cut_off(vergadering),
        "kan_inbrengen": _open_for_items(vergadering),
        "volgende": selectors.next_open_meeting(tafel, after=timezone.now()),
    }
    return render(
        request, "casustafels/agenda_inbrengen.html", context, status=400 if form.errors else 200
    )


@requires(TAKE_PART, methods=["POST"])
def agendapunt_besluiten_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        item = Agendapunt.objects.select_related("casus", "ingebracht_door").get(pk=pk)
    except Agendapunt.DoesNotExist:
        raise Http404 from None
    vergadering = _meeting(request, item.vergadering_id)
    item.vergadering = vergadering
    if not selectors.is_chair(actor_of(request), vergadering.tafel):
        messages.error(request, "Alleen de voorzitter van de tafel besluit over agendapunten.")
        return redirect("vergadering-agenda", pk=vergadering.pk)
    form = BesluitForm(request.POST, prefix=f"besluit{pk}")
    if form.is_valid():
        try:
            agendapunt_besluiten(
                actor=actor_of(request),
                item=item,
                besluit=form.cleaned_data["besluit"],
                reden=form.cleaned_data["reden"],
            )
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect("vergadering-agenda", pk=vergadering.pk)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{selectors.item_reference(item)}: {item.get_status_display().lower()}.",
            )
            return redirect("vergadering-agenda", pk=vergadering.pk)
    return _agenda_page(request, vergadering, bound=form, bound_pk=pk)
