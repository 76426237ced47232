"""Accounts of people who sign in through the identity provider, and their roles.

The provider's groups decide, through GOEDWONEN_OIDC_GROUP_ROLES, the organisation and roles:
an account is made at the first sign-in only when a group grants them, and (with
GOEDWONEN_OIDC_SYNC_ROLES, the default) follows the groups at every sign-in after. Every
account made, every change and every refusal is a security event with a processing-log line.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from goedwonen.accounts.grants import roles_assign, roles_check
from goedwonen.accounts.models import Organisatie, Rol, User
from goedwonen.accounts.services import user_create

from .conf import GroupGrant, OidcConfig
from .models import Gebeurtenissoort, OidcIdentiteit
from .services import security_event_record

logger = logging.getLogger(__name__)

ASK = "Vraag uw leidinggevende of de functioneel beheerder om toegang."


class SignInRefused(Exception):
    """The provider vouched for the person, but Goedwonen gives them no access (Dutch text)."""


def oidc_sign_in(*, config: OidcConfig, claims: Mapping[str, Any]) -> User:
    """The account for these (checked) claims, made or brought in line with the groups.
    Raises SignInRefused, after recording it, when the groups grant no access."""
    with transaction.atomic():
        user, refusal = _apply(config, claims)
        if refusal:
            security_event_record(
                soort=Gebeurtenissoort.PROVIDER_GEWEIGERD,
                gebruiker=user,
                door=None,
                omschrijving=refusal,
                gegevens={
                    "subject": str(claims.get("sub", "")),
                    "groepen": _groups(config, claims),
                },
            )
    if refusal or user is None:
        raise SignInRefused(refusal)
    return user


def _groups(config: OidcConfig, claims: Mapping[str, Any]) -> list[str]:
    value = claims.get(config.groups_claim) or []
    if isinstance(value, str):
        value = [value]
    return sorted({str(group) for group in value}) if isinstance(value, list) else []


def _apply(config: OidcConfig, claims: Mapping[str, Any]) -> tuple[User | None, str]:
    subject = str(claims.get("sub") or "")
    if not subject:
        return None, "De identiteitsprovider gaf geen kenmerk van uw account mee (sub)."
    identity = (
        OidcIdentiteit.objects.select_related("gebruiker")
        .filter(issuer=config.issuer, subject=subject)
        .first()
    )
    user = identity.gebruiker if identity else None
    if user is not None and not user.is_active:
        return user, "Uw account in Goedwonen is geblokkeerd. " + ASK
    if user is not None and not config.sync_roles:
        return user, ""
    grants = config.grants()
    matched = [grants[group] for group in _groups(config, claims) if group in grants]
    target, refusal = _target(matched)
    if target is None:
        if user is not None:
            _roles_follow(user, user.organisatie, [], claims, config)
        return user, refusal
    organisatie, rollen = target
    if user is None:
        return _account_create(config, subject, claims, organisatie, rollen), ""
    _roles_follow(user, organisatie, rollen, claims, config)
    return user, ""


def _target(
    matched: list[GroupGrant],
) -> tuple[tuple[Organisatie, list[Rol]] | None, str]:
    if not matched:
        return None, (
            "Geen van uw groepen bij de identiteitsprovider geeft toegang tot Goedwonen. " + ASK
        )
    codes = sorted({grant.organisatie for grant in matched})
    if len(codes) > 1:
        return None, (
            f"Uw groepen horen bij verschillende organisaties ({', '.join(codes)}); een account "
            "in Goedwonen hoort bij één organisatie. " + ASK
        )
    organisatie = Organisatie.objects.filter(code=codes[0], actief=True).first()
    role_codes = sorted({code for grant in matched for code in grant.rollen})
    rollen = list(Rol.objects.filter(code__in=role_codes))
    missing = sorted(set(role_codes) - {rol.code for rol in rollen})
    if organisatie is None or missing:
        unknown = [f"organisatie {codes[0]}"] if organisatie is None else []
        unknown += [f"rol {code}" for code in missing]
        logger.error("GOEDWONEN_OIDC_GROUP_ROLES names what does not exist: %s", unknown)
        return None, (
            "De koppeling van groepen aan rollen noemt wat Goedwonen niet kent ("
            + ", ".join(unknown)
            + "). Meld dit aan de functioneel beheerder."
        )
    try:
        # The mapping is configuration, and may not give an organisation's kind more than
        # the rules let it hold (accounts.rules), any more than an administrator may.
        roles_check(organisatie, rollen)
    except ValidationError as error:
        reasons = " ".join(error.messages)
        logger.error("GOEDWONEN_OIDC_GROUP_ROLES breaks the organisation rules: %s", reasons)
        return None, f"{reasons} Meld dit aan de functioneel beheerder."
    return (organisatie, rollen), ""


def _profile(claims: Mapping[str, Any]) -> dict[str, str]:
    first, last = str(claims.get("given_name") or ""), str(claims.get("family_name") or "")
    if not (first or last) and claims.get("name"):
        first, _, last = str(claims["name"]).partition(" ")
    return {
        "first_name": first[:150],
        "last_name": last[:150],
        "email": str(claims.get("email") or "")[:254],
    }


def _username(subject: str, claims: Mapping[str, Any]) -> str:
    """The provider's username (else e-mail, else subject), made unique with a number: an
    existing local account is never taken over by someone at the provider with its name."""
    wanted = str(claims.get("preferred_username") or claims.get("email") or subject).lower()
    # The characters the account forms allow (accounts.forms.UserCreateForm).
    base = re.sub(r"[^a-z0-9._-]", "-", wanted.replace("@", "."))
    base = base.lstrip("._-")[:140] or "gebruiker"
    name, n = base, 1
    while User.objects.filter(username__iexact=name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


def _account_create(
    config: OidcConfig,
    subject: str,
    claims: Mapping[str, Any],
    organisatie: Organisatie,
    rollen: list[Rol],
) -> User:
    profile = _profile(claims)
    user = user_create(
        actor=None,
        username=_username(subject, claims),
        organisatie=organisatie,
        rollen=rollen,
        first_name=profile["first_name"],
        last_name=profile["last_name"],
        email=profile["email"],
    )
    OidcIdentiteit.objects.create(gebruiker=user, issuer=config.issuer, subject=subject)
    security_event_record(
        soort=Gebeurtenissoort.PROVIDER_ACCOUNT,
        gebruiker=user,
        door=None,
        omschrijving=(
            f"Account aangemaakt bij de eerste aanmelding via {config.provider_name}: "
            f"{organisatie.naam}, rollen {', '.join(r.naam for r in rollen)}."
        ),
        gegevens={
            "organisatie": organisatie.code,
            "rollen": sorted(r.code for r in rollen),
            "groepen": _groups(config, claims),
        },
    )
    return user


def _roles_follow(
    user: User,
    organisatie: Organisatie | None,
    rollen: list[Rol],
    claims: Mapping[str, Any],
    config: OidcConfig,
) -> None:
    """Bring the account's organisation, roles and name in line with the provider."""
    before = sorted(user.rollen.values_list("code", flat=True))
    after = sorted(r.code for r in rollen)
    before_organisatie = user.organisatie.code if user.organisatie else None
    moved = organisatie is not None and organisatie.pk != user.organisatie_id
    profile = _profile(claims)
    fields = [field for field, value in profile.items() if getattr(user, field) != value]
    for field in fields:
        setattr(user, field, profile[field])
    if moved:
        user.organisatie = organisatie
        fields.append("organisatie")
    if fields:
        user.save(update_fields=fields)
    if before == after and not moved:
        return
    after_organisatie = user.organisatie.code if user.organisatie else None
    # On the provider's word, as from the server: recorded in the role history, privacy
    # officers told of sensitive roles, no second administrator (the groups are the decision).
    roles_assign(actor=None, account=user, rollen=rollen)
    security_event_record(
        soort=Gebeurtenissoort.PROVIDER_ROLLEN,
        gebruiker=user,
        door=None,
        omschrijving=(
            f"Bij aanmelding via {config.provider_name} aangepast aan de groepen: rollen "
            f"{', '.join(before) or 'geen'} → {', '.join(after) or 'geen'}"
            + (f"; organisatie {before_organisatie} → {after_organisatie}" if moved else "")
            + "."
        ),
        gegevens={
            "rollen_voor": before,
            "rollen_na": after,
            "organisatie_voor": before_organisatie,
            "organisatie_na": after_organisatie,
            "groepen": _groups(config, claims),
        },
    )
