"""Sign-in settings from the environment, read by settings.py (no Django imports here).

Single sign-on with OpenID Connect is off unless GOEDWONEN_OIDC_ISSUER is set. The mapping
from the provider's groups to our organisations and roles is configuration, not data: it is set
by whoever connects the provider (the same trust as the client secret) and changes through the
deployment, so no administrator in the application can widen what a group grants.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class GroupGrant:
    """What membership of one provider group gives: an organisation and roles (codes)."""

    organisatie: str
    rollen: tuple[str, ...]


@dataclass(frozen=True)
class OidcConfig:
    issuer: str
    client_id: str
    client_secret: str
    scopes: str
    provider_name: str
    groups_claim: str
    # Provider group name -> what it grants.
    group_roles: tuple[tuple[str, GroupGrant], ...]
    # Roles and organisation follow the groups at every sign-in; else only at the first.
    sync_roles: bool

    @property
    def discovery_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"

    @property
    def origin(self) -> str:
        parts = urlsplit(self.issuer)
        return f"{parts.scheme}://{parts.netloc}"

    def grants(self) -> dict[str, GroupGrant]:
        return dict(self.group_roles)


def parse_group_roles(text: str) -> tuple[tuple[str, GroupGrant], ...]:
    """`{"<group>": {"organisatie": "<code>", "rollen": ["<code>", …]}, …}` as JSON."""
    name = "GOEDWONEN_OIDC_GROUP_ROLES"
    try:
        data = json.loads(text or "{}")
    except json.JSONDecodeError as error:
        raise ImproperlyConfigured(f"{name} is not valid JSON: {error}") from None
    if not isinstance(data, dict):
        raise ImproperlyConfigured(f"{name} must be a JSON object: group -> grant")
    grants = []
    for group, grant in data.items():
        if (
            not isinstance(grant, dict)
            or set(grant) != {"organisatie", "rollen"}
            or not isinstance(grant["organisatie"], str)
            or not grant["organisatie"]
            or not isinstance(grant["rollen"], list)
            or not grant["rollen"]
            or not all(isinstance(code, str) and code for code in grant["rollen"])
        ):
            raise ImproperlyConfigured(
                f'{name}: group {group!r} must be {{"organisatie": "<code>", '
                f'"rollen": ["<code>", …]}} with at least one role'
            )
        grants.append((group, GroupGrant(grant["organisatie"], tuple(grant["rollen"]))))
    return tuple(grants)


def oidc_from_environment() -> OidcConfig | None:
    issuer = os.environ.get("GOEDWONEN_OIDC_ISSUER", "").strip()
    if not issuer:
        return None
    client_id = os.environ.get("GOEDWONEN_OIDC_CLIENT_ID", "").strip()
    client_secret = os.environ.get("GOEDWONEN_OIDC_CLIENT_SECRET", "")
    if not client_id or not client_secret:
        raise ImproperlyConfigured(
            "GOEDWONEN_OIDC_ISSUER is set: GOEDWONEN_OIDC_CLIENT_ID and "
            "GOEDWONEN_OIDC_CLIENT_SECRET are required too"
        )
    scopes = os.environ.get("GOEDWONEN_OIDC_SCOPES", "").strip() or "openid profile email"
    if "openid" not in scopes.split():
        raise ImproperlyConfigured("GOEDWONEN_OIDC_SCOPES must include 'openid'")
    sync = os.environ.get("GOEDWONEN_OIDC_SYNC_ROLES", "true").strip().lower()
    if sync not in {"true", "false", "1", "0", "yes", "no", "on", "off", ""}:
        raise ImproperlyConfigured(f"GOEDWONEN_OIDC_SYNC_ROLES must be true or false, not {sync!r}")
    return OidcConfig(
        issuer=issuer,
        client_id=client_id,
        client_secret=client_secret,
        scopes=scopes,
        provider_name=os.environ.get("GOEDWONEN_OIDC_PROVIDER_NAME", "").strip()
        or "de identiteitsprovider van de gemeente",
        groups_claim=os.environ.get("GOEDWONEN_OIDC_GROUPS_CLAIM", "").strip() or "groups",
        group_roles=parse_group_roles(os.environ.get("GOEDWONEN_OIDC_GROUP_ROLES", "")),
        sync_roles=sync in {"true", "1", "yes", "on", ""},
    )
