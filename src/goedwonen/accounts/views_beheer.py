"""The functional administrator's screens for organisations, teams and roles: a page per
object with its history (ACCOUNTS_VIEW), a form to add or change one (ACCOUNTS_MANAGE), and
the decision on capabilities asked for a role (four eyes)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from goedwonen.core.forms import form_add_service_errors
from goedwonen.core.policy import Capability, actor_of, can, requires

from . import administration, role_changes, selectors
from .forms import OrganisatieForm, RolForm, TeamForm
from .history import capability_text
from .models import Beheerwijziging, Rol, Team

T = TypeVar("T")
FORM_TEMPLATE = "accounts/beheer_form.html"
ORGANISATIE_UITLEG = (
    "Een kerncluster heeft de formele bevoegdheden; een interne of externe partner krijgt alleen "
    "de bevoegdheden van partners (gedeelde casussen, eigen taken). Een organisatie wordt nooit "
    "verwijderd: zet haar op non-actief, dan kunnen haar mensen en systemen niets meer."
)
ROL_UITLEG = (
    "Een wijziging geldt meteen voor iedereen met deze rol. Een gevoelige bevoegdheid werkt pas "
    "als een tweede beheerder haar goedkeurt, en een bevoegdheid die een organisatie met deze rol "
    "niet mag hebben wordt geweigerd. De bevoegdheden van een rol die u zelf heeft, wijzigt een "
    "andere beheerder."
)
MANAGE = Capability.ACCOUNTS_MANAGE
FORM_METHODS = ["GET", "POST"]


def _post(request: HttpRequest) -> object:
    return request.POST if request.method == "POST" else None


def _or_404(read: Callable[[], T]) -> T:
    try:
        return read()
    except ObjectDoesNotExist:
        raise Http404 from None


# Organisations ------------------------------------------------------------------------------


@requires(Capability.ACCOUNTS_VIEW)
def organisatie_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    organisatie = _or_404(lambda: selectors.organisatie_get(actor=actor, pk=pk))
    return render(
        request,
        "accounts/organisatie.html",
        {
            "organisatie": organisatie,
            "historie": selectors.beheerwijziging_history(actor=actor, subject=organisatie),
            "can_manage": can(actor, MANAGE),
        },
    )


@requires(MANAGE, methods=FORM_METHODS)
def organisatie_nieuw(request: HttpRequest) -> HttpResponse:
    form = OrganisatieForm(_post(request), create=True, initial={"actief": True})
    if request.method == "POST" and form.is_valid():
        try:
            organisatie = administration.organisatie_create(
                actor=actor_of(request), **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"Organisatie {organisatie.naam} is toegevoegd.")
            return redirect("organisatie", pk=organisatie.pk)
    return render(
        request,
        FORM_TEMPLATE,
        {
            "form": form,
            "titel": "Nieuwe organisatie",
            "uitleg": ORGANISATIE_UITLEG,
            "knop": "Organisatie toevoegen",
            "terug_url": reverse("accounts-overview"),
            "terug_label": "Overzicht",
        },
    )


@requires(MANAGE, methods=FORM_METHODS)
def organisatie_wijzigen(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    organisatie = _or_404(lambda: selectors.organisatie_get(actor=actor, pk=pk))
    initial = {"naam": organisatie.naam, "soort": organisatie.soort, "actief": organisatie.actief}
    form = OrganisatieForm(_post(request), create=False, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            administration.organisatie_update(
                actor=actor, organisatie=organisatie, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"Organisatie {form.cleaned_data['naam']} is bijgewerkt.")
            return redirect("organisatie", pk=organisatie.pk)
    return render(
        request,
        FORM_TEMPLATE,
        {
            "form": form,
            "titel": f"{organisatie.naam} wijzigen",
            "uitleg": ORGANISATIE_UITLEG,
            "knop": "Wijzigingen opslaan",
            "terug_url": reverse("organisatie", args=[organisatie.pk]),
            "terug_label": organisatie.naam,
        },
    )


# Teams -----------------------------------------------------------------------------------------


@requires(Capability.ACCOUNTS_VIEW)
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    team = _or_404(lambda: selectors.team_get(actor=actor, pk=pk))
    return render(
        request,
        "accounts/team.html",
        {
            "team": team,
            "historie": selectors.beheerwijziging_history(actor=actor, subject=team),
            "can_manage": can(actor, MANAGE),
        },
    )


def _team_form(request: HttpRequest, team: Team | None) -> HttpResponse:
    actor = actor_of(request)
    initial = (
        {"naam": team.naam, "gebieden": team.gebieden.all(), "leden": team.leden.all()}
        if team
        else {}
    )
    people = selectors.team_member_choices(actor=actor)
    form = TeamForm(_post(request), people=people, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if team is None:
                team = administration.team_create(actor=actor, **form.cleaned_data)
                done = "aangemaakt"
            else:
                team = administration.team_update(actor=actor, team=team, **form.cleaned_data)
                done = "bijgewerkt"
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"{team.naam} is {done}.")
            return redirect("team", pk=team.pk)
    return render(
        request,
        FORM_TEMPLATE,
        {
            "form": form,
            "titel": f"{team.naam} wijzigen" if team else "Nieuw team",
            "uitleg": "Een gebiedsteam bedient een of meer gebieden met mensen van "
            "verschillende organisaties. U kunt uzelf niet aan een team toevoegen of eruit halen.",
            "knop": "Wijzigingen opslaan" if team else "Team aanmaken",
            "terug_url": reverse("team", args=[team.pk]) if team else reverse("accounts-overview"),
            "terug_label": team.naam if team else "Overzicht",
        },
    )


@requires(MANAGE, methods=FORM_METHODS)
def team_nieuw(request: HttpRequest) -> HttpResponse:
    return _team_form(request, None)


@requires(MANAGE, methods=FORM_METHODS)
def team_wijzigen(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    return _team_form(request, _or_404(lambda: selectors.team_get(actor=actor, pk=pk)))


# Roles -----------------------------------------------------------------------------------------


def _requests_shown(aanvragen: list[Beheerwijziging]) -> list[tuple[Beheerwijziging, list[str]]]:
    """Each request with the labels of the capabilities it asks for."""
    return [(a, [capability_text(c) for c in role_changes.requested_codes(a)]) for a in aanvragen]


@requires(Capability.ACCOUNTS_VIEW)
def rol_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    rol = _or_404(lambda: selectors.rol_get(actor=actor, pk=pk))
    can_manage = can(actor, MANAGE)
    return render(
        request,
        "accounts/rol.html",
        {
            "rol": rol,
            "bevoegdheden": [capability_text(c) for c in rol.capabilities],
            "historie": selectors.beheerwijziging_history(actor=actor, subject=rol),
            "aanvragen": _requests_shown(
                selectors.rolbevoegdheid_aanvragen(actor=actor, rol=rol) if can_manage else []
            ),
            "can_manage": can_manage,
        },
    )


def _say_requested(request: HttpRequest, rol: Rol) -> None:
    waiting = selectors.rolbevoegdheid_aanvragen(actor=actor_of(request), rol=rol)
    labels = [label for _, shown in _requests_shown(waiting) for label in shown]
    if labels:
        messages.warning(
            request,
            "Gevoelige bevoegdheden werken pas na goedkeuring door een andere beheerder "
            f"(Rolaanvragen). Wacht op goedkeuring: {'; '.join(labels)}.",
        )


def _rol_form(request: HttpRequest, rol: Rol | None) -> HttpResponse:
    actor = actor_of(request)
    initial = (
        {"naam": rol.naam, "omschrijving": rol.omschrijving, "capabilities": rol.capabilities}
        if rol
        else {}
    )
    form = RolForm(_post(request), create=rol is None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if rol is None:
                rol = role_changes.rol_create(actor=actor, **form.cleaned_data)
                done = "aangemaakt"
            else:
                rol = role_changes.rol_update(actor=actor, rol=rol, **form.cleaned_data)
                done = "bijgewerkt"
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"Rol '{rol.naam}' is {done}.")
            _say_requested(request, rol)
            return redirect("rol", pk=rol.pk)
    return render(
        request,
        FORM_TEMPLATE,
        {
            "form": form,
            "titel": f"Rol {rol.naam} wijzigen" if rol else "Nieuwe rol",
            "uitleg": ROL_UITLEG,
            "knop": "Wijzigingen opslaan" if rol else "Rol aanmaken",
            "terug_url": reverse("rol", args=[rol.pk]) if rol else reverse("accounts-overview"),
            "terug_label": f"Rol {rol.naam}" if rol else "Overzicht",
        },
    )


@requires(MANAGE, methods=FORM_METHODS)
def rol_nieuw(request: HttpRequest) -> HttpResponse:
    return _rol_form(request, None)


@requires(MANAGE, methods=FORM_METHODS)
def rol_wijzigen(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    return _rol_form(request, _or_404(lambda: selectors.rol_get(actor=actor, pk=pk)))


DECISIONS = {"goedkeuren": True, "afwijzen": False}


@requires(MANAGE, methods=["POST"])
def rolbevoegdheid_besluit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    aanvraag = _or_404(lambda: selectors.rolbevoegdheid_aanvraag_get(actor=actor, pk=pk))
    approve = DECISIONS.get(request.POST.get("besluit", ""))
    if approve is None:
        messages.error(request, "Kies goedkeuren of afwijzen.")
        return redirect("rolaanvragen")
    try:
        besluit = role_changes.rolbevoegdheid_decide(
            actor=actor, aanvraag=aanvraag, approve=approve
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        verb = "goedgekeurd en doorgevoerd" if approve else "afgewezen"
        messages.success(
            request,
            f"De bevoegdheden voor rol '{besluit.rol.naam}' zijn {verb}.",  # type: ignore[union-attr]
        )
    return redirect("rolaanvragen")


def role_requests_for_page(request: HttpRequest) -> list[tuple[Beheerwijziging, list[str]]]:
    """The open requests for roles' capabilities, for the requests page (accounts.views)."""
    return _requests_shown(selectors.rolbevoegdheid_aanvragen(actor=actor_of(request)))
