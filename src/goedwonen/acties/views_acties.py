"""The integral actions' own pages: the list with the count against the target, making an
action (from an approved selection or a hand-made list), the action page, and setting it up
and planning it (organisers of the lead's organisation)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from goedwonen.accounts.models import Organisatie, User
from goedwonen.analytics.models import Selectie
from goedwonen.core import display
from goedwonen.core.categories import Categorie
from goedwonen.core.forms import form_add_service_errors
from goedwonen.core.lists import Kolom, Lijst, Lijstdefinitie, people_who_can
from goedwonen.core.policy import Capability, actor_of, can, requires
from goedwonen.core.selectors import opgeslagen_filter_list
from goedwonen.core.validators import query_int
from goedwonen.registry.address_lookup import find_address, typed_address
from goedwonen.registry.models import Gebied

from . import selectors
from .forms_acties import (
    ONDERDELEN,
    ActieAdresForm,
    ActieForm,
    AdresWijzigenForm,
    AnnulerenForm,
    HandmatigeActieForm,
    PartnerForm,
    TeamForm,
)
from .models import Actie, Actieadres, Actiepartner, Actiestatus, Actieteam
from .services import acties as services
from .services import plannen

T = TypeVar("T")
ORGANISE = Capability.ACTIONS_ORGANISE
TAKE_PART = Capability.ACTIONS_TAKE_PART
FORM_METHODS = ["GET", "POST"]
FORM_TEMPLATE = "acties/acties_form.html"

ACTION_LIST = Lijstdefinitie(
    key="acties",
    kolommen=(
        Kolom("datum", "Datum", ("datum",)),
        Kolom("naam", "Naam", ("naam",)),
        Kolom("gebied", "Gebied", ("gebied__naam",)),
        Kolom("leider", "Leider", ("leider__last_name", "leider__first_name")),
        Kolom("status", "Status", ("status",)),
        Kolom("adressen", "Adressen", ("aantal_adressen",), numeric=True),
        Kolom("teams", "Teams", ("aantal_teams",), numeric=True),
    ),
    filters=("jaar", "gebied", "status"),
    zoekhulp="Een deel van de naam",
    per_pagina=25,
)


def _post(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _or_404(read: Callable[[], T]) -> T:
    try:
        return read()
    except ObjectDoesNotExist:
        raise Http404 from None


def _form_page(request: HttpRequest, form: Any, **context: Any) -> HttpResponse:
    return render(request, FORM_TEMPLATE, {"form": form, **context})


def _organised(request: HttpRequest, pk: int) -> Actie:
    """The action, for one who organises it; a 404 for anyone else."""
    actor = actor_of(request)
    read = request.method == "GET"
    return _or_404(lambda: selectors.actie_to_organise(actor=actor, pk=pk, read=read))


def _leiders(actor: User) -> Any:
    pks = [int(pk) for pk, _ in people_who_can(actor.organisatie_id, Capability.CASES_DIRECT)]
    return User.objects.filter(pk__in=pks).select_related("organisatie").order_by("first_name")


@requires(TAKE_PART)
def actie_list(request: HttpRequest) -> HttpResponse:
    """Every action (no personal data) with the count against the target per year and area.
    Those who organise actions take part in them too (the roles that organise hold both)."""
    actor = actor_of(request)
    lijst = Lijst.from_request(request, ACTION_LIST)
    lijst.opgeslagen = opgeslagen_filter_list(actor=actor, lijst=ACTION_LIST.key)
    found = selectors.actions_listed(actor)
    today = timezone.localdate()
    jaar = query_int(lijst.get("jaar")) or today.year
    status = lijst.get("status")
    gebied = query_int(lijst.get("gebied"))
    found = found.filter(datum__year=jaar)
    if status in Actiestatus.values:
        found = found.filter(status=status)
    if gebied is not None:
        found = found.filter(gebied_id=gebied)
    if lijst.zoek:
        found = found.filter(naam__icontains=lijst.zoek)
    found = found.annotate(
        aantal_adressen=Count("adressen", distinct=True),
        aantal_teams=Count("teams", distinct=True),
    ).order_by("-datum", "-pk")
    years = sorted({today.year, *(d.year for d in Actie.objects.dates("datum", "year"))})
    return render(
        request,
        "acties/acties_lijst.html",
        {
            "page": lijst.page(lijst.order(found)),
            "lijst": lijst,
            "telling": selectors.actions_counted(actor=actor, jaar=jaar, today=today),
            "jaar": jaar,
            "jaren": years,
            "status": status,
            "statuses": Actiestatus.choices,
            "gebied": gebied,
            "gebieden": Gebied.objects.filter(pk__in=Actie.objects.values("gebied_id")).order_by(
                "naam"
            ),
            "may_organise": can(actor, ORGANISE),
        },
    )


@requires(TAKE_PART)
def actie_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    actie, deel = _or_404(lambda: selectors.actie_voor(actor=actor, pk=pk))
    adressen = selectors.actie_adressen(actor=actor, actie=actie)
    partners = list(actie.partners.select_related("organisatie"))
    for partner in partners:
        partner.onderdelen_labels = [ONDERDELEN.get(o, o) for o in partner.onderdelen]  # type: ignore[attr-defined]
        partner.controleert_labels = [  # type: ignore[attr-defined]
            Categorie(c).label for c in partner.controleert if c in Categorie.values
        ]
    teams = selectors.teams_of(actie)
    organiser = selectors.may_organise(actor, actie)
    return render(
        request,
        "acties/acties_actie.html",
        {
            "actie": actie,
            "deel": deel,
            "adressen": adressen,
            "partners": partners,
            "teams": teams,
            "mijn_teams": [t.team for t in teams if actor in t.leden or organiser],
            "organiser": organiser,
            "voorbereiding": actie.status == Actiestatus.VOORBEREIDING,
            "gepland": actie.status == Actiestatus.GEPLAND,
            "annuleerbaar": actie.status in (Actiestatus.VOORBEREIDING, Actiestatus.GEPLAND),
            "reserve": sum(1 for a in adressen if a.team_id is None),
        },
    )


def _action_form(
    request: HttpRequest,
    form: ActieForm,
    create: Callable[[dict[str, Any]], Actie],
    **context: Any,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            actie = create(form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"{actie.naam} is gemaakt.")
            return redirect("actie", pk=actie.pk)
    return _form_page(request, form, **context)


@requires(ORGANISE, methods=FORM_METHODS)
def actie_uit_selectie(request: HttpRequest, selectie: int) -> HttpResponse:
    actor = actor_of(request)
    gekozen: Selectie = _or_404(lambda: selectors.selectie_for_action(actor=actor, pk=selectie))
    aantal = selectors.selectie_address_count(gekozen)
    form = ActieForm(
        _post(request),
        leiders=_leiders(actor),
        initial={
            "naam": f"Integrale actie {gekozen.naam}",
            "gebied": gekozen.gebied_id,
            "leider": actor.pk,
            "adressen_per_team": 12,
        },
    )
    return _action_form(
        request,
        form,
        lambda data: services.actie_from_selectie_create(actor=actor, selectie=gekozen, **data),
        titel="Integrale actie maken",
        uitleg=(
            f"Van de goedgekeurde selectie '{gekozen.naam}': "
            f"{display.aantal(aantal, 'adres', 'adressen')} komen op de actie, elk met zijn "
            "rang, score en redenen (een signaal, geen bewijs). Deelnemers, teams en "
            "binnentreden legt u daarna vast."
        ),
        knop="Integrale actie maken",
        terug_url=reverse("selectie", args=[gekozen.pk]),
    )


@requires(ORGANISE, methods=FORM_METHODS)
def actie_nieuw(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = HandmatigeActieForm(
        _post(request),
        leiders=_leiders(actor),
        initial={"leider": actor.pk, "adressen_per_team": 12},
    )
    return _action_form(
        request,
        form,
        lambda data: services.actie_handmatig_create(actor=actor, **data),
        titel="Integrale actie met een handmatige adreslijst",
        uitleg=(
            "Zonder goedgekeurde selectie: leg vast waarom. Na het maken voegt u de adressen "
            "een voor een toe, elk met de reden."
        ),
        knop="Integrale actie maken",
        terug_url=reverse("acties"),
    )


@requires(ORGANISE, methods=FORM_METHODS)
def actie_wijzigen(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    actie = _organised(request, pk)
    form = ActieForm(
        _post(request),
        leiders=_leiders(actor),
        initial={
            "naam": actie.naam,
            "datum": actie.datum,
            "gebied": actie.gebied_id,
            "leider": actie.leider_id,
            "doel": actie.doel,
            "adressen_per_team": actie.adressen_per_team,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.actie_update(actor=actor, actie=actie, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "De actie is gewijzigd.")
            return redirect("actie", pk=actie.pk)
    return _form_page(
        request,
        form,
        titel=f"{actie.naam} wijzigen",
        knop="Wijzigingen opslaan",
        terug_url=reverse("actie", args=[actie.pk]),
        actie=actie,
    )


@requires(ORGANISE, methods=FORM_METHODS)
def partner_toevoegen(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    actie = _organised(request, pk)
    taken = [actie.organisatie_id, *actie.partners.values_list("organisatie_id", flat=True)]
    form = PartnerForm(
        _post(request),
        organisaties=Organisatie.objects.filter(actief=True).exclude(pk__in=taken),
    )
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.actiepartner_add(actor=actor, actie=actie, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"{partner.organisatie.naam} doet mee.")
            return redirect("actie", pk=actie.pk)
    return _form_page(
        request,
        form,
        titel=f"Deelnemende organisatie toevoegen aan {actie.naam}",
        uitleg=(
            "Een deelnemer ziet van elk adres het adres, de basis voor binnentreden en de "
            "veiligheidsaandachtspunten, en verder alleen de onderdelen die u hier kiest, op de "
            "grondslag die u vastlegt."
        ),
        knop="Organisatie toevoegen",
        terug_url=reverse("actie", args=[actie.pk]),
        actie=actie,
    )


@requires(ORGANISE, methods=FORM_METHODS)
def partner_verwijderen(request: HttpRequest, pk: int, partner: int) -> HttpResponse:
    actor = actor_of(request)
    actie = _organised(request, pk)
    deelnemer: Actiepartner = _or_404(
        lambda: actie.partners.select_related("organisatie").get(pk=partner)
    )
    error = ""
    if request.method == "POST":
        try:
            services.actiepartner_remove(actor=actor, partner=deelnemer)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, f"{deelnemer.organisatie.naam} doet niet meer mee.")
            return redirect("actie", pk=actie.pk)
    return render(
        request,
        "acties/acties_bevestigen.html",
        {
            "actie": actie,
            "titel": f"{deelnemer.organisatie.naam} uit {actie.naam} halen",
            "uitleg": "De organisatie doet dan niet mee en ziet niets van de actie.",
            "knop": "Organisatie verwijderen",
            "fout": error,
        },
        status=400 if error else 200,
    )


def _team_form(request: HttpRequest, actie: Actie, team: Actieteam | None) -> HttpResponse:
    actor = actor_of(request)
    initial = {"naam": team.naam, "leden": list(team.leden.all())} if team else {}
    form = TeamForm(_post(request), kandidaten=selectors.member_candidates(actie), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.actieteam_save(
                actor=actor, actie=actie, team=team, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"{saved.naam} is opgeslagen.")
            return redirect("actie", pk=actie.pk)
    return _form_page(
        request,
        form,
        titel=f"{team.naam} wijzigen" if team else f"Team vormen voor {actie.naam}",
        uitleg=(
            "Een team bestaat uit mensen van de organiserende en de deelnemende organisaties. "
            "Voeg eerst de deelnemende organisaties toe."
        ),
        knop="Team opslaan",
        terug_url=reverse("actie", args=[actie.pk]),
        actie=actie,
    )


@requires(ORGANISE, methods=FORM_METHODS)
def team_nieuw(request: HttpRequest, pk: int) -> HttpResponse:
    return _team_form(request, _organised(request, pk), None)


@requires(ORGANISE, methods=FORM_METHODS)
def team_wijzigen(request: HttpRequest, pk: int, team: int) -> HttpResponse:
    actie = _organised(request, pk)
    return _team_form(request, actie, _or_404(lambda: actie.teams.get(pk=team)))


@requires(ORGANISE, methods=FORM_METHODS)
def adres_toevoegen(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    actie = _organised(request, pk)
    form = ActieAdresForm(_post(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        adres = find_address(typed_address(data))
        try:
            if adres is None or adres.verblijfsobject is None:
                raise ValidationError({"postcode": "Dit adres staat niet in de registratie."})
            services.actieadres_add(
                actor=actor, actie=actie, verblijfsobject=adres.verblijfsobject, reden=data["reden"]
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"{adres.straat_huisnummer} staat op de lijst.")
            return redirect("actie", pk=actie.pk)
    return _form_page(
        request,
        form,
        titel=f"Adres toevoegen aan {actie.naam}",
        uitleg="Een adres buiten de selectie: zeg waarom het op de lijst komt.",
        knop="Adres toevoegen",
        terug_url=reverse("actie", args=[actie.pk]),
        actie=actie,
    )


@requires(ORGANISE, methods=FORM_METHODS)
def adres_wijzigen(request: HttpRequest, pk: int, adres: int) -> HttpResponse:
    actor = actor_of(request)
    actie = _organised(request, pk)
    rij: Actieadres = _or_404(lambda: actie.adressen.get(pk=adres))
    form = AdresWijzigenForm(
        _post(request), initial={"toegangsbasis": rij.toegangsbasis, "veiligheid": rij.veiligheid}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.actieadres_update(actor=actor, adres=rij, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "Binnentreden en veiligheid zijn vastgelegd.")
            return redirect(reverse("actie", args=[actie.pk]) + f"#adres-{rij.pk}")
    naam = selectors.address_label(rij)
    return _form_page(
        request,
        form,
        titel=f"Binnentreden en veiligheid: {naam}",
        uitleg="Elk teamlid ziet dit in de briefing en in het veld.",
        knop="Opslaan",
        terug_url=reverse("actie", args=[actie.pk]),
        actie=actie,
    )


@requires(ORGANISE, methods=["POST"])
def actie_plannen(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    actie = _organised(request, pk)
    try:
        plannen.actie_plan(actor=actor, actie=actie)
    except ValidationError as error:
        messages.error(request, "De actie is niet gepland. " + " ".join(error.messages))
    else:
        messages.success(
            request,
            "De actie is gepland: elk adres heeft een casus, gedeeld met de deelnemers voor "
            "hun onderdelen.",
        )
    return redirect("actie", pk=actie.pk)


@requires(ORGANISE, methods=FORM_METHODS)
def actie_annuleren(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    actie = _organised(request, pk)
    form = AnnulerenForm(_post(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.actie_cancel(actor=actor, actie=actie, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"{actie.naam} is geannuleerd.")
            return redirect("actie", pk=actie.pk)
    return _form_page(
        request,
        form,
        titel=f"{actie.naam} annuleren",
        uitleg="De reden blijft bij de actie staan. De casussen van de adressen blijven open.",
        knop="Actie annuleren",
        terug_url=reverse("actie", args=[actie.pk]),
        actie=actie,
    )
