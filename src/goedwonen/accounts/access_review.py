"""The access review for the privacy officer (the quarterly check the government's
information-security baseline asks for): who holds which capability through which role,
granted by whom and when; accounts unused for a while; service accounts and their tokens;
roles their organisation's kind may not hold; requests waiting for a second administrator.

It shows employees' personal data (names, rights, when they last signed in): every view and
export is logged, one line per account.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from goedwonen.core.policy import Capability, require
from goedwonen.core.processing_log import DataSubject, processing_log_record

from .grants import ACCOUNT_ACTIVITY, describe, open_requests
from .history import history_lines
from .models import ApiToken, Beheerwijziging, Organisatiesoort, Rol, Rolwijziging, User
from .rules import FOUR_EYES, capabilities_in, needs_four_eyes, not_allowed

UNKNOWN = "onbekend"
Soort = Rolwijziging.Soort


@dataclass(frozen=True)
class Grant:
    rol: Rol
    capabilities: list[Capability]
    # Capabilities the organisation's kind may not hold (accounts/rules.py).
    refused: list[Capability]
    # The step that gave the role; None when it was given before the history began.
    event: Rolwijziging | None

    @property
    def granted_by(self) -> str:
        return describe(self.event) if self.event else UNKNOWN

    @property
    def granted_on(self) -> datetime | None:
        return self.event.op if self.event else None


@dataclass(frozen=True)
class Token:
    token: ApiToken
    unused: bool


@dataclass
class Account:
    user: User
    grants: list[Grant]
    status: str
    # The last sign-in; for a service account its tokens' last use.
    last_used: datetime | None
    unused: bool
    tokens: list[Token] = field(default_factory=list)


@dataclass(frozen=True)
class AccessReview:
    accounts: list[Account]
    unused_days: int
    # Each with the step in a sentence (grants.describe).
    pending: list[tuple[Rolwijziging, str]]
    # Changes to four-eyes roles within the last `unused_days` days, newest first.
    recent: list[tuple[Rolwijziging, str]]
    # Four-eyes capabilities added to or taken from roles (requests and decisions too) in
    # that time, newest first, each in a sentence (ADR 0017).
    role_capabilities: list[tuple[Beheerwijziging, str]] = field(default_factory=list)

    @property
    def people(self) -> list[Account]:
        return [a for a in self.accounts if not a.user.is_serviceaccount]

    @property
    def service_accounts(self) -> list[Account]:
        return [a for a in self.accounts if a.user.is_serviceaccount]

    @property
    def unused(self) -> list[Account]:
        return [a for a in self.accounts if a.unused]

    @property
    def violations(self) -> list[tuple[Account, Grant]]:
        return [(a, g) for a in self.accounts for g in a.grants if g.refused]


def access_review(*, actor: User, export: bool = False) -> AccessReview:
    """Everything the review shows, as of now. Logged as viewed, or as exported."""
    require(actor, Capability.ACCESS_REVIEW)
    days: int = settings.ACCESS_REVIEW_UNUSED_DAYS
    since = timezone.now() - timedelta(days=days)
    tokens = ApiToken.objects.select_related("aangemaakt_door")
    users = User.objects.select_related("organisatie").prefetch_related(
        "rollen", Prefetch("api_tokens", queryset=tokens)
    )
    given = _grant_steps()
    accounts = [_account(user, given, since) for user in users.order_by("username")]
    steps = Rolwijziging.objects.select_related("gebruiker", "rol", "door", "aanvraag__door")
    review = AccessReview(
        accounts=accounts,
        unused_days=days,
        pending=[
            (step, describe(step))
            for step in steps.filter(pk__in=open_requests()).order_by("op", "pk")
        ],
        recent=[
            (step, describe(step))
            for step in steps.filter(op__gte=since).order_by("-op", "-pk")
            if needs_four_eyes(step.rol.capabilities)
        ],
        role_capabilities=_sensitive_role_changes(since),
    )
    processing_log_record(
        actor=actor,
        operation="Toegangsbeoordeling geëxporteerd" if export else "Toegangsbeoordeling ingezien",
        activity=ACCOUNT_ACTIVITY,
        subjects=[DataSubject("gebruiker", a.user.username) for a in accounts],
    )
    return review


def _sensitive_role_changes(since: datetime) -> list[tuple[Beheerwijziging, str]]:
    """Changes to roles' four-eyes capabilities since `since`: they reach every holder."""
    sensitive = {c.label for c in FOUR_EYES}
    steps = Beheerwijziging.objects.filter(
        rol__isnull=False, veld="capabilities", op__gte=since
    ).select_related("rol", "door", "besluit__door")
    changes = []
    for step in steps.order_by("-op", "-pk"):
        line = history_lines([step])[0]
        items = [f"erbij: {label}" for label in line.erbij if label in sensitive] + [
            f"eraf: {label}" for label in line.eraf if label in sensitive
        ]
        if items:
            status = f" ({line.status})" if line.status else ""
            changes.append(
                (step, f"{line.soort.lower()} door {line.door}{status}; " + "; ".join(items))
            )
    return changes


def _grant_steps() -> dict[tuple[int, int], Rolwijziging]:
    """Per (account, role) held by the history's account: the step that last gave it."""
    given: dict[tuple[int, int], Rolwijziging] = {}
    steps = Rolwijziging.objects.filter(
        soort__in=[Soort.TOEGEKEND, Soort.GOEDGEKEURD, Soort.INGETROKKEN]
    ).select_related("door", "aanvraag__door")
    for step in steps.order_by("op", "pk"):
        key = (step.gebruiker_id, step.rol_id)
        if step.soort == Soort.INGETROKKEN:
            given.pop(key, None)
        else:
            given[key] = step
    return given


def _account(user: User, given: dict[tuple[int, int], Rolwijziging], since: datetime) -> Account:
    organisatie = user.organisatie
    kind = organisatie.soort if organisatie else ""
    grants = [
        Grant(
            rol=rol,
            capabilities=capabilities_in(rol.capabilities),
            refused=not_allowed(kind, rol.capabilities) if organisatie else [],
            event=given.get((user.pk, rol.pk)),
        )
        for rol in user.rollen.all()
    ]
    if not user.is_active:
        status = "geblokkeerd"
    elif organisatie is None:
        status = "zonder organisatie"
    elif not organisatie.actief:
        status = "organisatie niet actief"
    else:
        status = "actief"
    if user.is_serviceaccount:
        tokens = [
            Token(t, (t.laatst_gebruikt_op or t.aangemaakt_op) < since and not t.ingetrokken_op)
            for t in user.api_tokens.all()
        ]
        uses = [t.token.laatst_gebruikt_op for t in tokens if t.token.laatst_gebruikt_op]
        live = [t for t in tokens if not t.token.ingetrokken_op]
        return Account(
            user=user,
            grants=grants,
            status=status,
            last_used=max(uses, default=None),
            unused=status == "actief" and bool(live) and all(t.unused for t in live),
            tokens=tokens,
        )
    return Account(
        user=user,
        grants=grants,
        status=status,
        last_used=user.last_login,
        unused=status == "actief" and (user.last_login or user.date_joined) < since,
    )


EXPORT_COLUMNS = [
    "gebruikersnaam",
    "naam",
    "organisatie",
    "organisatiesoort",
    "soort account",
    "status",
    "laatst gebruikt",
    "ongebruikt",
    "rol",
    "bevoegdheid",
    "omschrijving",
    "toegekend",
    "toegekend op",
    "strijdig met organisatiesoort",
]
KIND_LABELS = dict(Organisatiesoort.choices)


def export_rows(review: AccessReview) -> Iterator[list[str]]:
    """One row per account, role and capability (an account without roles: one row)."""

    def moment(value: datetime | None) -> str:
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""

    for account in review.accounts:
        user = account.user
        organisatie = user.organisatie
        common = [
            user.username,
            user.get_full_name(),
            organisatie.naam if organisatie else "",
            KIND_LABELS.get(organisatie.soort, "") if organisatie else "",
            "serviceaccount" if user.is_serviceaccount else "persoon",
            account.status,
            moment(account.last_used),
            "ja" if account.unused else "nee",
        ]
        if not account.grants:
            yield [*common, "", "", "", "", "", ""]
        for grant in account.grants:
            when = moment(grant.granted_on) or UNKNOWN
            capabilities: list[Capability | None] = [*grant.capabilities] or [None]
            for capability in capabilities:
                yield [
                    *common,
                    grant.rol.naam,
                    capability.value if capability else "",
                    capability.label if capability else "",
                    grant.granted_by,
                    when,
                    "ja" if capability in grant.refused else "nee",
                ]
