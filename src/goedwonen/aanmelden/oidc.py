"""The OpenID Connect client (Authlib) and the authentication backend its sessions use.

Authlib reads the provider's discovery document and keys, sends state, nonce and a PKCE
challenge (S256) with every sign-in, and checks the ID token's signature, issuer, audience,
expiry and nonce (OpenID Connect Core 3.1.3.7); an unknown key id makes it fetch the keys
again, so the provider can rotate them. docs/aanmelden.md says why Authlib.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from authlib.integrations.django_client import DjangoOAuth2App, OAuth

from django.conf import settings
from django.contrib.auth.backends import BaseBackend
from django.http import HttpRequest

from goedwonen.accounts.models import User

from .backends import session_user
from .conf import OidcConfig

OIDC_BACKEND = "goedwonen.aanmelden.oidc.OidcBackend"
# Seconds to wait for the provider (discovery, keys, token, userinfo) before giving up.
TIMEOUT = 10


class OidcBackend(BaseBackend):
    """Holds the sessions of people signed in through the identity provider. It checks no
    password: the callback view signs a person in after the provider did. A session that
    names this backend is exempt from our own second factor (the provider does MFA)."""

    def get_user(self, user_id: int) -> User | None:
        return session_user(user_id)


@lru_cache(maxsize=4)
def _client(config: OidcConfig) -> DjangoOAuth2App:
    oauth = OAuth()
    client: DjangoOAuth2App = oauth.register(
        name="gemeente",
        client_id=config.client_id,
        client_secret=config.client_secret,
        server_metadata_url=config.discovery_url,
        client_kwargs={
            "scope": config.scopes,
            "code_challenge_method": "S256",
            "default_timeout": TIMEOUT,
        },
    )
    return client


def oidc_client() -> DjangoOAuth2App | None:
    """The client for the configured provider (one per process), or None when SSO is off."""
    config: OidcConfig | None = settings.OIDC
    return _client(config) if config else None


def oidc_claims(client: DjangoOAuth2App, request: HttpRequest) -> tuple[dict[str, Any], str]:
    """Finish the sign-in at the callback: the checked claims and the raw ID token.

    The ID token's claims, completed with the userinfo endpoint's (some providers put groups
    only there) when that answers for the same subject. Raises Authlib's OAuthError, a
    joserfc error or a requests error when something does not check out."""
    token = client.authorize_access_token(request)
    claims = dict(token.get("userinfo") or {})
    if not claims or "id_token" not in token:
        raise ValueError("no ID token")
    if client.load_server_metadata().get("userinfo_endpoint"):
        userinfo = dict(client.userinfo(token=token))
        if userinfo.get("sub") == claims.get("sub"):
            claims = {**userinfo, **claims}
    return claims, token["id_token"]


def oidc_logout_url(request: HttpRequest, id_token: str, after: str) -> str | None:
    """Where to send a person who signs out, so the provider ends its session too; None
    when the provider offers no end_session_endpoint or does not answer."""
    client = oidc_client()
    if client is None:
        return None
    try:
        if not client.load_server_metadata().get("end_session_endpoint"):
            return None
        return str(
            client.create_logout_url(
                post_logout_redirect_uri=after,
                id_token_hint=id_token,
                client_id=client.client_id,
            )["url"]
        )
    except Exception:  # the provider is down: the local sign-out still counts
        return None
