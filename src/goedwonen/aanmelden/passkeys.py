"""Passkeys (WebAuthn) as second factor, with py_webauthn: options out, signed answers in.

The relying party is the host the person uses (ALLOWED_HOSTS vouches for it), so a passkey
made for one host name does not work on another. The challenge lives in the session, one per
ceremony, and is used once.
"""

from __future__ import annotations

import json
from typing import Any

from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.http.request import split_domain_port

from goedwonen.accounts.models import User

from . import services
from .models import Passkey

RP_NAME = "Goedwonen"
CHALLENGE_KEY = "aanmelden_passkey_challenge"
INVALID = "De passkey kon niet worden gecontroleerd. Probeer het opnieuw."


def _rp_id(request: HttpRequest) -> str:
    return split_domain_port(request.get_host())[0]


def _origin(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _descriptors(user: User) -> list[PublicKeyCredentialDescriptor]:
    return [
        PublicKeyCredentialDescriptor(
            id=base64url_to_bytes(passkey.credential_id),
            transports=[AuthenticatorTransport(t) for t in passkey.transports if _known(t)],
        )
        for passkey in Passkey.objects.filter(user=user, confirmed=True)
    ]


def _known(transport: str) -> bool:
    return transport in {t.value for t in AuthenticatorTransport}


def _take_challenge(request: HttpRequest, ceremony: str) -> bytes:
    stored = request.session.pop(CHALLENGE_KEY, None)
    if not stored or stored.get("ceremony") != ceremony:
        raise ValidationError("De passkey-controle is verlopen. Probeer het opnieuw.")
    return base64url_to_bytes(stored["challenge"])


def registration_options(request: HttpRequest, user: User) -> str:
    options = generate_registration_options(
        rp_id=_rp_id(request),
        rp_name=RP_NAME,
        user_id=f"goedwonen-{user.pk}".encode(),
        user_name=user.username,
        user_display_name=user.get_full_name() or user.username,
        exclude_credentials=_descriptors(user),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
    )
    request.session[CHALLENGE_KEY] = {
        "ceremony": "registratie",
        "challenge": bytes_to_base64url(options.challenge),
    }
    return options_to_json(options)


def registration_verify(
    request: HttpRequest, user: User, credential: dict[str, Any], naam: str
) -> list[str]:
    """Check the new credential and store it; returns recovery codes if they are new."""
    challenge = _take_challenge(request, "registratie")
    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=_rp_id(request),
            expected_origin=_origin(request),
        )
    except (WebAuthnException, ValueError, KeyError, TypeError):
        raise ValidationError(INVALID) from None
    transports = credential.get("response", {}).get("transports") or []
    _, codes = services.passkey_add(
        user=user,
        credential_id=bytes_to_base64url(verified.credential_id),
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        transports=[t for t in transports if isinstance(t, str) and _known(t)],
        naam=naam,
    )
    return codes


def authentication_options(request: HttpRequest, user: User) -> str:
    options = generate_authentication_options(
        rp_id=_rp_id(request),
        allow_credentials=_descriptors(user),
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    request.session[CHALLENGE_KEY] = {
        "ceremony": "controle",
        "challenge": bytes_to_base64url(options.challenge),
    }
    return options_to_json(options)


def authentication_verify(request: HttpRequest, user: User, credential: dict[str, Any]) -> Passkey:
    """The user's passkey that signed the challenge; ValidationError otherwise."""
    challenge = _take_challenge(request, "controle")
    passkey = Passkey.objects.filter(
        user=user, confirmed=True, credential_id=str(credential.get("id", ""))
    ).first()
    if passkey is None:
        raise ValidationError("Deze passkey hoort niet bij uw account.")
    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=_rp_id(request),
            expected_origin=_origin(request),
            credential_public_key=bytes(passkey.public_key),
            credential_current_sign_count=passkey.sign_count,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError):
        raise ValidationError(INVALID) from None
    services.passkey_used(passkey=passkey, sign_count=verified.new_sign_count)
    return passkey


def parse_body(request: HttpRequest) -> dict[str, Any]:
    """The JSON body of a passkey request, or ValidationError in Dutch."""
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise ValidationError("Het verzoek is geen geldige JSON.") from None
    if not isinstance(data, dict):
        raise ValidationError("Het verzoek is geen JSON-object.")
    return data
