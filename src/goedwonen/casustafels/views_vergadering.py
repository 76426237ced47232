"""The meeting page: members read it (every item through the one rule); the chair and the
secretary record attendance, the discussion per item, decisions, sharing decisions, carry
items over, make a case of a new signal, record trends and close the meeting. Each form posts
to its own address; with errors the page comes back with them beside the fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from goedwonen.core import display
from goedwonen.core.forms import form_add_service_errors
from goedwonen.core.policy import Capability, actor_of, requires

from . import selectors
from .forms_vergadering import (
    AanwezigheidForm,
    AfspraakForm,
    CasusAanmakenForm,
    DelingsbesluitForm,
    Ledenkeuze,
    SignaalForm,
    VerslagForm,
    ledenkeuze,
)
from .models import Agendapunt, Tafelvergadering, Vergaderstatus
from .selectors import Vergaderpunt, may_lead, meeting_open_to, running_members
from .services.besluiten import afspraak_record, agendapunt_casus_aanmaken, delingsbesluit_record
from .services.vergadering import (
    ON_THE_TABLE,
    aanwezigheid_record,
    agendapunt_doorschuiven,
    agendapunt_verslag,
    tafelsignaal_record,
    vergadering_afsluiten,
)

TAKE_PART = Capability.CASETABLE_TAKE_PART


def _meeting(request: HttpRequest, pk: int) -> Tafelvergadering:
    try:
        return meeting_open_to(actor_of(request), pk)
    except Tafelvergadering.DoesNotExist:
        raise Http404 from None


def _item(request: HttpRequest, pk: int) -> Agendapunt:
    """An item of a meeting the actor may see (else 404)."""
    try:
        item = Agendapunt.objects.select_related("casus", "verblijfsobject").get(pk=pk)
    except Agendapunt.DoesNotExist:
        raise Http404 from None
    item.vergadering = _meeting(request, item.vergadering_id)
    return item


def _item_forms(
    punt: Vergaderpunt,
    vergadering: Tafelvergadering,
    bound: dict[str, forms.Form],
    keuze: Ledenkeuze,
) -> dict[str, forms.Form]:
    """The chair's and secretary's forms for one item on the table (none for others), their
    choices from `keuze` (read once for the page)."""
    item = punt.getoond.item
    if item.status not in ON_THE_TABLE:
        return {}
    tafel = vergadering.tafel
    pk = item.pk
    found: dict[str, forms.Form] = {
        "afspraak": bound.get(f"afspraak{pk}")
        or AfspraakForm(prefix=f"afspraak{pk}", tafel=tafel, keuze=keuze)
    }
    if punt.getoond.gepseudonimiseerd:
        return found
    found["verslag"] = bound.get(f"verslag{pk}") or VerslagForm(
        prefix=f"verslag{pk}",
        initial={
            "bespreking": item.bespreking,
            "strategie": item.strategie,
            "escalatie": item.escalatie,
            "opgeschaald": item.opgeschaald,
        },
    )
    if item.casus is not None:
        found["delen"] = bound.get(f"delen{pk}") or DelingsbesluitForm(
            prefix=f"delen{pk}",
            tafel=tafel,
            exclude_organisatie=item.casus.organisatie_id,
            keuze=keuze,
        )
    elif item.verblijfsobject_id is not None:
        found["casus"] = bound.get(f"casus{pk}") or CasusAanmakenForm(prefix=f"casus{pk}")
    return found


def _page(request: HttpRequest, vergadering: Tafelvergadering, **bound: forms.Form) -> HttpResponse:
    actor = actor_of(request)
    tafel = vergadering.tafel
    inhoud = selectors.vergadering_voor(actor=actor, vergadering=vergadering)
    leidt = may_lead(actor, tafel)
    open_for_recording = (
        vergadering.status != Vergaderstatus.GEANNULEERD
        and vergadering.notulen_vastgesteld_op is None
    )
    vastleggen = leidt and open_for_recording
    keuze = ledenkeuze(tafel) if vastleggen and inhoud.punten else None
    context: dict[str, Any] = {
        "vergadering": vergadering,
        "inhoud": inhoud,
        "leidt": leidt,
        "vastleggen": vastleggen,
        "punten": [
            (p, _item_forms(p, vergadering, bound, keuze) if keuze is not None else {})
            for p in inhoud.punten
        ],
    }
    if leidt:
        context["opvolging"] = selectors.opvolging(actor=actor, tafel=tafel, voor=vergadering)
        context["tafel"] = tafel
    if context["vastleggen"]:
        recorded = {a.organisatie_id: a for a in inhoud.aanwezigheid}
        organisaties = [m.organisatie for m in running_members(tafel).select_related("organisatie")]
        context.update(
            aanwezigheid_form=bound.get("aanwezigheid")
            or AanwezigheidForm(prefix="aanwezig", organisaties=organisaties, recorded=recorded),
            signaal_form=bound.get("signaal") or SignaalForm(prefix="signaal", tafel=tafel),
            kan_afsluiten=vergadering.status == Vergaderstatus.GEPLAND,
        )
    return render(request, "casustafels/vergadering.html", context)


@requires(TAKE_PART)
def vergadering(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _meeting(request, pk))


def _refused(
    request: HttpRequest, vergadering: Tafelvergadering, error: PermissionDenied | ValidationError
) -> HttpResponse:
    """A write the person may not make (a member who does not lead the table) or a button
    the state refuses: said at the top of the meeting, nothing changed."""
    text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    messages.error(request, text)
    return redirect("vergadering", pk=vergadering.pk)


def _act(
    request: HttpRequest,
    vergadering: Tafelvergadering,
    name: str,
    form: forms.Form,
    action: Callable[[dict[str, Any]], str],
    anchor: str = "",
) -> HttpResponse:
    """Validate a posted form, run the service, and show the meeting again: with the outcome,
    or with the errors beside the fields (nothing typed is lost)."""
    if form.is_valid():
        try:
            done = action(form.cleaned_data)
        except PermissionDenied as error:
            return _refused(request, vergadering, error)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(reverse("vergadering", args=[vergadering.pk]) + anchor)
    return _page(request, vergadering, **{name: form})


@requires(TAKE_PART, methods=["POST"])
def vergadering_aanwezigheid(request: HttpRequest, pk: int) -> HttpResponse:
    vergadering = _meeting(request, pk)
    organisaties = [
        m.organisatie for m in running_members(vergadering.tafel).select_related("organisatie")
    ]
    form = AanwezigheidForm(request.POST, prefix="aanwezig", organisaties=organisaties, recorded={})

    def action(data: dict[str, Any]) -> str:
        aanwezigheid_record(actor=actor_of(request), vergadering=vergadering, regels=form.regels())
        return "De aanwezigheid is vastgelegd."

    return _act(request, vergadering, "aanwezigheid", form, action, "#aanwezigheid-kop")


@requires(TAKE_PART, methods=["POST"])
def agendapunt_verslag_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = VerslagForm(request.POST, prefix=f"verslag{pk}")

    def action(data: dict[str, Any]) -> str:
        agendapunt_verslag(actor=actor_of(request), agendapunt=item, **data)
        return f"Het verslag van {selectors.item_reference(item)} is vastgelegd."

    return _act(request, item.vergadering, f"verslag{pk}", form, action, f"#punt-{pk}")


@requires(TAKE_PART, methods=["POST"])
def agendapunt_afspraak(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = AfspraakForm(request.POST, prefix=f"afspraak{pk}", tafel=item.vergadering.tafel)

    def action(data: dict[str, Any]) -> str:
        afspraak = afspraak_record(actor=actor_of(request), agendapunt=item, **data)
        taak = " en staat als taak in de casus" if afspraak.taak_id else ""
        return (
            f"Afspraak voor {afspraak.organisatie.naam}, uiterlijk "
            f"{display.datum(afspraak.deadline)}, is vastgelegd{taak}."
        )

    return _act(request, item.vergadering, f"afspraak{pk}", form, action, f"#punt-{pk}")


@requires(TAKE_PART, methods=["POST"])
def agendapunt_delen(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = DelingsbesluitForm(
        request.POST,
        prefix=f"delen{pk}",
        tafel=item.vergadering.tafel,
        # A signal without a case: the service says so (share a case, not a signal).
        exclude_organisatie=item.casus.organisatie_id if item.casus else 0,
    )

    def action(data: dict[str, Any]) -> str:
        besluit = delingsbesluit_record(actor=actor_of(request), agendapunt=item, **data)
        return f"De casus is gedeeld met {besluit.deling.organisatie.naam}."

    return _act(request, item.vergadering, f"delen{pk}", form, action, f"#punt-{pk}")


@requires(TAKE_PART, methods=["POST"])
def agendapunt_doorschuiven_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    try:
        vervolg = agendapunt_doorschuiven(actor=actor_of(request), agendapunt=item)
    except (PermissionDenied, ValidationError) as error:
        return _refused(request, item.vergadering, error)
    else:
        messages.success(
            request,
            f"{selectors.item_reference(item)} is doorgeschoven naar de vergadering van "
            f"{display.datum(timezone.localdate(vervolg.vergadering.begint_op))}.",
        )
    return redirect(reverse("vergadering", args=[item.vergadering_id]) + f"#punt-{pk}")


@requires(TAKE_PART, methods=["POST"])
def agendapunt_casus_aanmaken_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = CasusAanmakenForm(request.POST, prefix=f"casus{pk}")

    def action(data: dict[str, Any]) -> str:
        casus = agendapunt_casus_aanmaken(actor=actor_of(request), agendapunt=item, **data)
        return f"Casus {casus.referentie} is aangemaakt; afspraken worden nu taken in de casus."

    return _act(request, item.vergadering, f"casus{pk}", form, action, f"#punt-{pk}")


@requires(TAKE_PART, methods=["POST"])
def vergadering_signaal(request: HttpRequest, pk: int) -> HttpResponse:
    vergadering = _meeting(request, pk)
    form = SignaalForm(request.POST, prefix="signaal", tafel=vergadering.tafel)

    def action(data: dict[str, Any]) -> str:
        tafelsignaal_record(actor=actor_of(request), vergadering=vergadering, **data)
        return "Het signaal is vastgelegd voor het signalenrapport."

    return _act(request, vergadering, "signaal", form, action, "#signalen-kop")


@requires(TAKE_PART, methods=["POST"])
def vergadering_afsluiten_view(request: HttpRequest, pk: int) -> HttpResponse:
    vergadering = _meeting(request, pk)
    try:
        afgesloten = vergadering_afsluiten(actor=actor_of(request), vergadering=vergadering)
    except (PermissionDenied, ValidationError) as error:
        return _refused(request, vergadering, error)
    else:
        doorgeschoven = len(afgesloten.doorgeschoven)
        messages.success(
            request,
            "De vergadering is afgesloten."
            + (
                f" {display.aantal(doorgeschoven, 'punt is', 'punten zijn')} doorgeschoven naar "
                "de volgende vergadering."
                if doorgeschoven
                else ""
            ),
        )
    return redirect("vergadering", pk=pk)
