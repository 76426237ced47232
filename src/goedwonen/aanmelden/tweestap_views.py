"""Second factor pages: checking it at sign-in, setting it up (app or passkey), the recovery
codes, one's own security page, and the administrator's reset.

The sign-in pages serve whoever is halfway through signing in (flow.pending); setting up a
further method also serves a person signed in with a password. The passkey endpoints answer
JSON to static/goedwonen/passkey.js.
"""

from __future__ import annotations

from base64 import b32encode
from collections.abc import Callable
from typing import Any

import qrcode
import qrcode.image.svg
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache

from goedwonen.accounts.models import User
from goedwonen.core.forms import form_add_service_errors
from goedwonen.core.policy import (
    Capability,
    actor_of,
    public_view,
    requires,
    signed_in_view,
)

from . import flow, passkeys, selectors, services
from .forms import CodeForm, ResetForm, TotpSetupForm
from .models import Passkey
from .views import signed_in_via_provider

WRONG_CODE = "Deze code klopt niet of is al gebruikt. Probeer het opnieuw."


def _person(
    request: HttpRequest, *, checking: bool = False
) -> tuple[User | None, flow.Pending | None]:
    """Whom a page serves: the person halfway through signing in, else the person signed in
    with a password (someone from the identity provider has its MFA).

    Halfway, a method is set up only by someone who has none yet: with only a password,
    nobody adds their own passkey to an account that has one. `checking` is for the pages
    that check an existing method instead."""
    state = flow.pending(request)
    if state is not None:
        if not checking and services.second_factors(state.user):
            return None, None
        return state.user, state
    if request.user.is_authenticated and not signed_in_via_provider(request):
        return actor_of(request), None
    return None, None


def _to_login() -> HttpResponse:
    return redirect("login")


def _done(request: HttpRequest, state: flow.Pending | None, codes: list[str]) -> str:
    """Where to go after a method was set up: signed in now if halfway, codes shown first."""
    if state is not None:
        return flow.pending_complete(request, state, codes)
    if codes:
        flow.recovery_codes_keep(request, codes, reverse("beveiliging"))
        return reverse("herstelcodes")
    return reverse("beveiliging")


@public_view(methods=["GET", "POST"])
@never_cache
def tweestap(request: HttpRequest) -> HttpResponse:
    """Second step of signing in: a code from the app, a recovery code, or a passkey."""
    state = flow.pending(request)
    if state is None:
        return _to_login()
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        wait = services.second_factor_wait(state.user)
        if wait > 0:
            form.add_error(
                "code",
                f"Er zijn net te veel foute codes ingevuld. Probeer het over {wait} "
                f"seconde{'n' if wait != 1 else ''} opnieuw.",
            )
        elif services.second_factor_verify(user=state.user, code=form.cleaned_data["code"]):
            return redirect(flow.pending_complete(request, state, []))
        else:
            form.add_error("code", WRONG_CODE)
    factors = services.second_factors(state.user)
    return render(
        request,
        "aanmelden/tweestap.html",
        {
            "form": form,
            "person": state.user,
            "has_app": any(isinstance(f, TOTPDevice) for f in factors),
            "has_passkey": any(isinstance(f, Passkey) for f in factors),
        },
    )


def _qr_svg(device: TOTPDevice) -> str:
    image = qrcode.make(
        device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2
    )
    svg: str = image.to_string(encoding="unicode")
    # Generated here from the device's own URL: no outside text reaches the markup.
    return mark_safe(svg)  # noqa: S308


@public_view(methods=["GET", "POST"])
@never_cache
def tweestap_instellen(request: HttpRequest) -> HttpResponse:
    """Set up a second factor: an authenticator app (QR code) or a passkey."""
    person, state = _person(request)
    if person is None:
        return _to_login()
    form = TotpSetupForm(request.POST if request.method == "POST" else None)
    has_app = TOTPDevice.objects.filter(user=person, confirmed=True).exists()
    if request.method == "POST" and form.is_valid() and not has_app:
        try:
            codes = services.totp_confirm(user=person, token=form.cleaned_data["code"].strip())
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "Uw authenticator-app is ingesteld.")
            return redirect(_done(request, state, codes))
    device = None if has_app else services.totp_device_for_setup(user=person)
    return render(
        request,
        "aanmelden/instellen.html",
        {
            "form": form,
            "person": person,
            "halfway": state is not None,
            "required": services.second_factor_required(person),
            "device": device,
            "qr_svg": _qr_svg(device) if device else "",
            "secret": _secret(device) if device else "",
        },
    )


def _secret(device: TOTPDevice) -> str:
    """The key as the apps ask for it when typed (base32), in groups of four."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _json_view(
    handler: Callable[[HttpRequest, User, flow.Pending | None], dict[str, Any] | str],
    *,
    halfway_only: bool,
) -> Callable[[HttpRequest], HttpResponse]:
    """A passkey endpoint: POST, for the person the page serves; Dutch errors as JSON."""

    @public_view(methods=["POST"])
    @never_cache
    def view(request: HttpRequest) -> HttpResponse:
        person, state = _person(request, checking=halfway_only)
        if person is None or (halfway_only and state is None):
            return _to_login()
        try:
            result = handler(request, person, state)
        except ValidationError as error:
            return JsonResponse({"fout": " ".join(error.messages)}, status=400)
        if isinstance(result, str):
            return HttpResponse(result, content_type="application/json")
        return JsonResponse(result)

    view.__name__ = handler.__name__
    return view


def _registration_options(request: HttpRequest, person: User, state: Any) -> str:
    return passkeys.registration_options(request, person)


def _registration(request: HttpRequest, person: User, state: flow.Pending | None) -> dict[str, Any]:
    data = passkeys.parse_body(request)
    credential = data.get("credential")
    if not isinstance(credential, dict):
        raise ValidationError("Het verzoek bevat geen passkey.")
    codes = passkeys.registration_verify(request, person, credential, str(data.get("naam", "")))
    messages.success(request, "Uw passkey is toegevoegd.")
    return {"redirect": _done(request, state, codes)}


def _authentication_options(request: HttpRequest, person: User, state: Any) -> str:
    return passkeys.authentication_options(request, person)


def _authentication(
    request: HttpRequest, person: User, state: flow.Pending | None
) -> dict[str, Any]:
    assert state is not None  # halfway_only
    data = passkeys.parse_body(request)
    credential = data.get("credential")
    if not isinstance(credential, dict):
        raise ValidationError("Het verzoek bevat geen passkey.")
    passkeys.authentication_verify(request, person, credential)
    return {"redirect": flow.pending_complete(request, state, [])}


passkey_registratie_opties = _json_view(_registration_options, halfway_only=False)
passkey_registratie = _json_view(_registration, halfway_only=False)
passkey_controle_opties = _json_view(_authentication_options, halfway_only=True)
passkey_controle = _json_view(_authentication, halfway_only=True)


@signed_in_view
@never_cache
def herstelcodes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, shown this once: they are forgotten by the session as shown."""
    kept = request.session.pop(flow.RECOVERY_KEY, None)
    if not kept:
        return redirect("beveiliging")
    return render(
        request, "aanmelden/herstelcodes.html", {"codes": kept["codes"], "next": kept["next"]}
    )


@signed_in_view(methods=["GET", "POST"])
@never_cache
def beveiliging(request: HttpRequest) -> HttpResponse:
    """One's own sign-in methods; new recovery codes on request."""
    person = actor_of(request)
    via_provider = signed_in_via_provider(request)
    if request.method == "POST" and not via_provider:
        if not services.second_factors(person):
            messages.error(request, "Stel eerst een authenticator-app of passkey in.")
            return redirect("beveiliging")
        codes = services.recovery_codes_renew(user=person)
        flow.recovery_codes_keep(request, codes, reverse("beveiliging"))
        return redirect("herstelcodes")
    return render(
        request,
        "aanmelden/beveiliging.html",
        {
            "via_provider": via_provider,
            "factors": services.second_factors(person),
            "has_app": TOTPDevice.objects.filter(user=person, confirmed=True).exists(),
            "recovery_codes": services.recovery_codes_left(person),
            "required": services.second_factor_required(person),
        },
    )


@requires(Capability.ACCOUNTS_MANAGE, methods=["GET", "POST"])
@never_cache
def tweestap_beheer(request: HttpRequest, pk: int) -> HttpResponse:
    """An account administrator sees someone's second factors and can reset them."""
    actor = actor_of(request)
    try:
        overview = selectors.second_factor_overview(actor=actor, pk=pk)
    except User.DoesNotExist:
        raise Http404 from None
    form = ResetForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.second_factor_reset(
                actor=actor, user=overview.person, reden=form.cleaned_data["reden"]
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"De tweestapsverificatie van {overview.person.username} is gereset. Bij de "
                "volgende keer inloggen stelt deze persoon een nieuwe in.",
            )
            return redirect("tweestap-beheer", pk=pk)
    return render(
        request,
        "aanmelden/beheer.html",
        {"form": form, "overview": overview, "own": overview.person.pk == actor.pk},
    )
