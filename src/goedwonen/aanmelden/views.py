"""Signing in and out: with a password (then a second factor, tweestap_views.py) or through the
municipality's identity provider (OpenID Connect)."""

from __future__ import annotations

import logging
from typing import Any

import requests
from authlib.integrations.base_client import OAuthError
from joserfc.errors import JoseError

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from goedwonen.core.forms import LoginForm
from goedwonen.core.policy import public_view

from . import flow
from .conf import OidcConfig
from .oidc import OIDC_BACKEND, oidc_claims, oidc_client, oidc_logout_url
from .provisioning import SignInRefused, oidc_sign_in

logger = logging.getLogger(__name__)

OIDC_NEXT_KEY = "aanmelden_oidc_volgende"
ID_TOKEN_KEY = "aanmelden_oidc_id_token"  # noqa: S105 - a session key, not a secret


def signed_in_via_provider(request: HttpRequest) -> bool:
    return bool(request.session.get(BACKEND_SESSION_KEY) == OIDC_BACKEND)


class LoginView(auth_views.LoginView):
    """The password form; a second factor follows where the account has or needs one."""

    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        step = flow.second_factor_step(user)
        if step is None:
            return super().form_valid(form)
        flow.pending_start(self.request, user, self.get_success_url())
        return redirect(step)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["provider_name"] = settings.OIDC.provider_name if settings.OIDC else None
        return context


class LogoutView(auth_views.LogoutView):
    """Signs out here and, for a session from the identity provider, there too when the
    provider offers that (RP-initiated logout)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        id_token = request.session.get(ID_TOKEN_KEY) if signed_in_via_provider(request) else None
        response = super().post(request, *args, **kwargs)
        if id_token:
            after = request.build_absolute_uri(reverse("login"))
            provider_logout = oidc_logout_url(request, id_token, after)
            if provider_logout:
                return redirect(provider_logout)
        return response


login = public_view(methods=["GET", "POST"])(LoginView.as_view())
logout = public_view(methods=["POST"])(LogoutView.as_view())


def _failed(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "aanmelden/geweigerd.html", {"message": message}, status=status)


@public_view
def oidc_start(request: HttpRequest) -> HttpResponse:
    """Off to the identity provider, with state, nonce and a PKCE challenge (Authlib)."""
    config: OidcConfig | None = settings.OIDC
    client = oidc_client()
    if config is None or client is None:  # single sign-on is not configured
        return redirect("login")
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    request.session[OIDC_NEXT_KEY] = next_url
    try:
        response: HttpResponse = client.authorize_redirect(
            request, request.build_absolute_uri(reverse("oidc-terug"))
        )
        return response
    except (requests.RequestException, ValueError) as error:
        logger.warning("Identity provider unreachable at sign-in: %s", error)
        return _failed(
            request,
            f"{config.provider_name} is nu niet bereikbaar. Probeer het later opnieuw "
            "of log in met uw Goedwonen-account als u dat heeft.",
            503,
        )


@public_view
def oidc_callback(request: HttpRequest) -> HttpResponse:
    """Back from the provider: check everything, then sign in the mapped account."""
    config: OidcConfig | None = settings.OIDC
    client = oidc_client()
    if config is None or client is None:  # single sign-on is not configured
        return redirect("login")
    name = config.provider_name
    try:
        claims, id_token = oidc_claims(client, request)
    except OAuthError as error:
        logger.warning("OIDC sign-in refused: %s %s", error.error, error.description)
        if error.error in {"access_denied", "login_required", "consent_required"}:
            message = f"Het inloggen bij {name} is afgebroken of niet gelukt."
        else:
            message = (
                f"Het antwoord van {name} hoorde niet bij een aanmelding die hier begon, "
                "of was verlopen. Begin opnieuw bij de inlogpagina."
            )
        return _failed(request, message, 400)
    except (JoseError, ValueError) as error:
        logger.warning("OIDC ID token rejected: %r", error)
        return _failed(request, f"Het bewijs van aanmelding van {name} klopte niet.", 400)
    except requests.RequestException as error:
        logger.warning("Identity provider unreachable at callback: %s", error)
        return _failed(request, f"{name} is nu niet bereikbaar. Probeer het later opnieuw.", 503)
    try:
        user = oidc_sign_in(config=config, claims=claims)
    except SignInRefused as refusal:
        return _failed(request, str(refusal), 403)
    next_url = request.session.pop(OIDC_NEXT_KEY, "") or reverse(settings.LOGIN_REDIRECT_URL)
    auth_login(request, user, backend=OIDC_BACKEND)
    # For signing out at the provider too (id_token_hint).
    request.session[ID_TOKEN_KEY] = id_token
    return redirect(next_url)
