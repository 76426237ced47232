from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from goedwonen.core.exports import csv_response
from goedwonen.core.forms import form_add_service_errors
from goedwonen.core.policy import Capability, actor_of, can, requires

from . import selectors, services
from .access_review import EXPORT_COLUMNS, access_review, export_rows
from .forms import ApiTokenCreateForm, UserCreateForm, UserUpdateForm
from .models import Rolwijziging, User
from .views_beheer import role_requests_for_page


@requires(Capability.ACCOUNTS_VIEW)
def accounts_overview(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    return render(
        request,
        "accounts/overview.html",
        {
            "organisaties": selectors.organisatie_overview(actor=actor),
            "teams": selectors.team_list(actor=actor),
            "rollen": selectors.rol_list(actor=actor),
            "can_manage": can(actor, Capability.ACCOUNTS_MANAGE),
        },
    )


def _say_waiting(request: HttpRequest, account: User) -> None:
    """Tell the administrator which roles of the account wait for a second one."""
    waiting = selectors.rolaanvraag_list(actor=actor_of(request), gebruiker=account)
    if waiting:
        names = ", ".join(f"'{r.rol.naam}'" for r in waiting)
        one = len(waiting) == 1
        messages.warning(
            request,
            f"{'De rol' if one else 'De rollen'} {names} voor {account.username} "
            f"{'geeft' if one else 'geven'} gevoelige bevoegdheden en "
            f"{'wacht' if one else 'wachten'} op goedkeuring door een andere beheerder "
            "(Rolaanvragen).",
        )


@requires(Capability.ACCOUNTS_MANAGE, methods=["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                actor=actor_of(request),
                username=data["username"],
                organisatie=data["organisatie"],
                rollen=data["rollen"],
                teams=data["teams"],
                password=data["password"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"Gebruiker {user.username} is aangemaakt.")
            _say_waiting(request, user)
            return redirect("accounts-overview")
    return render(request, "accounts/user_form.html", {"form": form})


@requires(Capability.ACCOUNTS_MANAGE, methods=["GET", "POST"])
def user_update(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        person = selectors.user_get_for_management(actor=actor_of(request), pk=pk)
    except User.DoesNotExist:
        raise Http404 from None
    initial = {
        "rollen": person.rollen.all(),
        "teams": person.teams.all(),
        "is_active": person.is_active,
    }
    form = UserUpdateForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(
                actor=actor_of(request),
                user=person,
                rollen=form.cleaned_data["rollen"],
                teams=form.cleaned_data["teams"],
                is_active=form.cleaned_data["is_active"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"Gebruiker {person.username} is bijgewerkt.")
            _say_waiting(request, person)
            return redirect("accounts-overview")
    return render(
        request,
        "accounts/user_form.html",
        {
            "form": form,
            "person": person,
            "pending": selectors.rolaanvraag_list(actor=actor_of(request), gebruiker=person),
        },
    )


@requires(Capability.ACCOUNTS_MANAGE, methods=["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    form = ApiTokenCreateForm(request.POST if request.method == "POST" else None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            token, new_key = services.api_token_create(
                actor=actor_of(request),
                organisatie=form.cleaned_data["organisatie"],
                naam=form.cleaned_data["naam"],
                rollen=form.cleaned_data["rollen"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"Token '{token.naam}' is aangemaakt.")
            _say_waiting(request, token.serviceaccount)
            form = ApiTokenCreateForm()
    actor = actor_of(request)
    tokens = selectors.api_token_list(actor=actor)
    pending = selectors.api_token_pending_roles(actor=actor)
    for token in tokens:
        token.wachtend = pending.get(token.serviceaccount_id, [])  # type: ignore[attr-defined]
    response = render(
        request, "accounts/api_tokens.html", {"form": form, "tokens": tokens, "new_key": new_key}
    )
    # The key is shown once: keep it out of every cache.
    return response


@requires(Capability.ACCOUNTS_MANAGE, methods=["POST"])
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(selectors.api_token_list(actor=actor_of(request)), pk=pk)
    services.api_token_revoke(actor=actor_of(request), token=token)
    messages.success(request, f"Token '{token.naam}' is ingetrokken.")
    return redirect("api-tokens")


@requires(Capability.ACCOUNTS_MANAGE)
def rolaanvragen(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    return render(
        request,
        "accounts/rolaanvragen.html",
        {
            "aanvragen": selectors.rolaanvraag_list(actor=actor),
            "bevoegdheidaanvragen": role_requests_for_page(request),
            "me": actor,
        },
    )


DECISIONS = {"goedkeuren": True, "afwijzen": False}


@requires(Capability.ACCOUNTS_MANAGE, methods=["POST"])
def rolaanvraag_besluit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    try:
        aanvraag = selectors.rolaanvraag_get(actor=actor, pk=pk)
    except Rolwijziging.DoesNotExist:
        raise Http404 from None
    approve = DECISIONS.get(request.POST.get("besluit", ""))
    if approve is None:
        messages.error(request, "Kies goedkeuren of afwijzen.")
        return redirect("rolaanvragen")
    try:
        besluit = services.rolaanvraag_decide(actor=actor, aanvraag=aanvraag, approve=approve)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        verb = "goedgekeurd en toegekend" if approve else "afgewezen"
        messages.success(
            request, f"Rol '{besluit.rol.naam}' voor {besluit.gebruiker.username} is {verb}."
        )
    return redirect("rolaanvragen")


@requires(Capability.ACCESS_REVIEW)
def toegangsbeoordeling(request: HttpRequest) -> HttpResponse:
    review = access_review(actor=actor_of(request))
    return render(request, "privacy/toegangsbeoordeling.html", {"review": review})


@requires(Capability.ACCESS_REVIEW)
def toegangsbeoordeling_export(request: HttpRequest) -> HttpResponse:
    """The review as CSV (semicolons, for Dutch spreadsheets), one row per capability held."""
    review = access_review(actor=actor_of(request), export=True)
    return csv_response("toegangsbeoordeling.csv", EXPORT_COLUMNS, export_rows(review))
