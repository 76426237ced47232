"""The case tables' own pages: the list, a table with its members and schedule, setting
tables up (CASETABLES_MANAGE), planning, moving and cancelling meetings (chair and secretary)
and the follow-up of the decisions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from goedwonen.accounts.models import Organisatie
from goedwonen.core import display
from goedwonen.core.forms import form_add_service_errors
from goedwonen.core.policy import Capability, actor_of, can, requires, signed_in_view

from . import selectors
from .forms_tafels import (
    WEEKDAGEN,
    AnnulerenForm,
    BeeindigenForm,
    CasustafelForm,
    PlannenForm,
    TafellidForm,
    VerplaatsenForm,
)
from .models import Casustafel, Tafellid
from .services import schema, tafels

T = TypeVar("T")
MANAGE = Capability.CASETABLES_MANAGE
TAKE_PART = Capability.CASETABLE_TAKE_PART
FORM_METHODS = ["GET", "POST"]
FORM_TEMPLATE = "casustafels/tafel_form.html"


def _post(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _or_404(read: Callable[[], T]) -> T:
    try:
        return read()
    except ObjectDoesNotExist:
        raise Http404 from None


def _weekday(tafel: Casustafel) -> str:
    return dict(WEEKDAGEN).get(tafel.weekdag, "zaterdag of zondag")


def _form_page(request: HttpRequest, form: Any, **context: Any) -> HttpResponse:
    return render(request, FORM_TEMPLATE, {"form": form, **context})


@signed_in_view
def casustafel_list(request: HttpRequest) -> HttpResponse:
    """The tables one's organisation sits at (every table for those who set them up)."""
    actor = actor_of(request)
    return render(
        request,
        "casustafels/tafels.html",
        {"regels": selectors.tafels_overzicht(actor=actor), "can_manage": can(actor, MANAGE)},
    )


@requires(TAKE_PART)
def casustafel_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    tafel = _or_404(lambda: selectors.tafel_get(actor=actor, pk=pk))
    if not selectors.may_see_table(actor, tafel):
        raise Http404
    komend, voorbij = selectors.tafel_vergaderingen(actor=actor, tafel=tafel)
    return render(
        request,
        "casustafels/tafel.html",
        {
            "tafel": tafel,
            "leden": selectors.tafel_leden(actor=actor, tafel=tafel),
            "komend": komend,
            "voorbij": voorbij,
            "stand": selectors.schema_stand(tafel),
            "may_lead": selectors.may_lead(actor, tafel),
            "can_manage": can(actor, MANAGE),
            "vandaag": timezone.localdate(),
            "weekdag": _weekday(tafel),
        },
    )


def _table_form(request: HttpRequest, tafel: Casustafel | None) -> HttpResponse:
    actor = actor_of(request)
    initial: dict[str, Any] = {}
    if tafel is not None:
        initial = {
            field: getattr(tafel, field)
            for field in CasustafelForm.base_fields
            if field not in {"gebieden", "voorzitter", "secretaris"}
        }
        initial |= {
            "gebieden": tafel.gebieden.all(),
            "voorzitter": tafel.voorzitter_id,
            "secretaris": tafel.secretaris_id,
        }
    form = CasustafelForm(_post(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if tafel is None:
                tafel = tafels.casustafel_create(actor=actor, **form.cleaned_data)
                done = "ingericht"
            else:
                tafel = tafels.casustafel_update(actor=actor, tafel=tafel, **form.cleaned_data)
                done = "gewijzigd"
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"{tafel.naam} is {done}.")
            return redirect("casustafel-wijzigen", pk=tafel.pk)
    leden = selectors.tafel_leden(actor=actor, tafel=tafel) if tafel is not None else None
    return _form_page(
        request,
        form,
        titel=f"{tafel.naam} wijzigen" if tafel else "Nieuwe casustafel",
        uitleg=(
            "Een casustafel per focusgebied (of meer buurten samen). Al geplande vergaderingen "
            "houden hun moment; het nieuwe schema geldt voor wat daarna wordt gepland."
        ),
        knop="Wijzigingen opslaan" if tafel else "Casustafel inrichten",
        terug_url=reverse("casustafels"),
        tafel=tafel,
        leden=leden,
        vandaag=timezone.localdate(),
    )


@requires(MANAGE, methods=FORM_METHODS)
def casustafel_nieuw(request: HttpRequest) -> HttpResponse:
    return _table_form(request, None)


@requires(MANAGE, methods=FORM_METHODS)
def casustafel_wijzigen(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    return _table_form(request, _or_404(lambda: selectors.tafel_get(actor=actor, pk=pk)))


@requires(MANAGE, methods=FORM_METHODS)
def tafellid_toevoegen(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    tafel = _or_404(lambda: selectors.tafel_get(actor=actor, pk=pk))
    running = selectors.running_members(tafel).values("organisatie_id")
    organisaties = Organisatie.objects.filter(actief=True).exclude(pk__in=running)
    form = TafellidForm(
        _post(request), organisaties=organisaties, initial={"sinds": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            lid = tafels.tafellid_add(actor=actor, tafel=tafel, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"{lid.organisatie.naam} is lid van {tafel.naam}.")
            return redirect("casustafel-wijzigen", pk=tafel.pk)
    return _form_page(
        request,
        form,
        titel=f"Lid toevoegen aan {tafel.naam}",
        uitleg=(
            "Lid zijn geeft geen inzage in casussen: een lid ziet een agendapunt volledig "
            "alleen als de casus met zijn organisatie is gedeeld. Leg vast onder welk "
            "convenant of welke wettelijke grondslag de organisatie deelneemt."
        ),
        knop="Lid toevoegen",
        terug_url=reverse("casustafel-wijzigen", args=[tafel.pk]),
    )


@requires(MANAGE, methods=FORM_METHODS)
def tafellid_beeindigen(request: HttpRequest, pk: int, lid: int) -> HttpResponse:
    actor = actor_of(request)
    tafel = _or_404(lambda: selectors.tafel_get(actor=actor, pk=pk))
    lidmaatschap: Tafellid = _or_404(
        lambda: selectors.tafel_leden(actor=actor, tafel=tafel).get(pk=lid)
    )
    form = BeeindigenForm(_post(request), initial={"tot": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            tafels.tafellid_end(actor=actor, lid=lidmaatschap, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request, f"Het lidmaatschap van {lidmaatschap.organisatie.naam} is beëindigd."
            )
            return redirect("casustafel-wijzigen", pk=tafel.pk)
    return _form_page(
        request,
        form,
        titel=f"Lidmaatschap van {lidmaatschap.organisatie.naam} beëindigen",
        uitleg=(
            f"{lidmaatschap.organisatie.naam} neemt na deze dag niet meer deel aan {tafel.naam}."
        ),
        knop="Lidmaatschap beëindigen",
        terug_url=reverse("casustafel-wijzigen", args=[tafel.pk]),
    )


def _led_table(request: HttpRequest, pk: int) -> Casustafel:
    actor = actor_of(request)
    tafel = _or_404(lambda: selectors.tafel_get(actor=actor, pk=pk))
    if not selectors.may_lead(actor, tafel):
        raise Http404
    return tafel


@requires(TAKE_PART, methods=FORM_METHODS)
def casustafel_plannen(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    tafel = _led_table(request, pk)
    today = timezone.localdate()
    form = PlannenForm(
        _post(request), initial={"vanaf": today, "tot": today.replace(month=12, day=31)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            planned = schema.vergaderingen_plan(actor=actor, tafel=tafel, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            moved = sum(1 for v in planned if v.reden)
            text = display.aantal(len(planned), "vergadering", "vergaderingen") + " gepland"
            if moved:
                text += f", waarvan {moved} verschoven vanwege een feestdag"
            messages.success(request, f"{text}.")
            return redirect("casustafel", pk=tafel.pk)
    return _form_page(
        request,
        form,
        titel=f"{tafel.naam} plannen",
        uitleg=(
            f"Elke {tafel.interval_dagen} dagen op {_weekday(tafel)} om {tafel.aanvang:%H:%M}. "
            "Valt een vergadering op een feestdag, dan schuift zij naar de eerstvolgende werkdag. "
            "Al geplande vergaderingen worden niet nog eens gepland."
        ),
        knop="Vergaderingen plannen",
        terug_url=reverse("casustafel", args=[tafel.pk]),
    )


@requires(TAKE_PART, methods=FORM_METHODS)
def vergadering_verplaatsen(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    vergadering = _or_404(lambda: selectors.tafelvergadering_get(actor=actor, pk=pk))
    moment = timezone.localtime(vergadering.begint_op)
    form = VerplaatsenForm(
        _post(request),
        initial={"datum": moment.date(), "tijd": moment.time(), "locatie": vergadering.locatie},
    )
    if request.method == "POST" and form.is_valid():
        try:
            schema.vergadering_move(
                actor=actor,
                vergadering=vergadering,
                begint_op=form.begint_op(),
                reden=form.cleaned_data["reden"],
                locatie=form.cleaned_data["locatie"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "De vergadering is verplaatst.")
            return redirect("casustafel", pk=vergadering.tafel_id)
    return _form_page(
        request,
        form,
        titel=f"Vergadering van {selectors.moment_text(vergadering.begint_op)} verplaatsen",
        uitleg=f"{vergadering.tafel.naam}. De reden blijft bij de vergadering staan.",
        knop="Vergadering verplaatsen",
        terug_url=reverse("casustafel", args=[vergadering.tafel_id]),
    )


@requires(TAKE_PART, methods=FORM_METHODS)
def vergadering_annuleren(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    vergadering = _or_404(lambda: selectors.tafelvergadering_get(actor=actor, pk=pk))
    form = AnnulerenForm(_post(request))
    if request.method == "POST" and form.is_valid():
        try:
            schema.vergadering_cancel(actor=actor, vergadering=vergadering, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "De vergadering is geannuleerd.")
            return redirect("casustafel", pk=vergadering.tafel_id)
    return _form_page(
        request,
        form,
        titel=f"Vergadering van {selectors.moment_text(vergadering.begint_op)} annuleren",
        uitleg=f"{vergadering.tafel.naam}. De reden blijft bij de vergadering staan.",
        knop="Vergadering annuleren",
        terug_url=reverse("casustafel", args=[vergadering.tafel_id]),
    )


@requires(TAKE_PART)
def casustafel_opvolging(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    tafel = _led_table(request, pk)
    return render(
        request,
        "casustafels/tafel_opvolging.html",
        {"tafel": tafel, "opvolging": selectors.opvolging(actor=actor, tafel=tafel)},
    )
