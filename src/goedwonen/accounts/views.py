from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from goedwonen.core.forms import form_add_service_errors
from goedwonen.core.policy import Capability, actor_of, can, requires

from . import selectors, services
from .forms import ApiTokenCreateForm, UserCreateForm, UserUpdateForm
from .models import User


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
            return redirect("accounts-overview")
    return render(request, "accounts/user_form.html", {"form": form, "person": person})


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
            form = ApiTokenCreateForm()
    tokens = selectors.api_token_list(actor=actor_of(request))
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
