"""Reads of a person's own notices and preferences, and who is to be told about what."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Case, QuerySet, When

from goedwonen.core.policy import Capability, can

from .models import MAIL_BY_DEFAULT, Notificatie, Notificatiesoort, Notificatievoorkeur

if TYPE_CHECKING:
    from goedwonen.accounts.models import User


def notificatie_list(*, actor: User) -> QuerySet[Notificatie]:
    """The actor's own notices, unread first, newest first. They hold no personal data."""
    return (
        Notificatie.objects.filter(ontvanger=actor)
        .annotate(gelezen=Case(When(gelezen_op__isnull=True, then=0), default=1))
        .order_by("gelezen", "-aangemaakt_op", "-pk")
    )


def unread_count(*, actor: User) -> int:
    return Notificatie.objects.filter(ontvanger=actor, gelezen_op__isnull=True).count()


@dataclass(frozen=True)
class Voorkeur:
    soort: str
    label: str
    per_mail: bool


def voorkeuren(*, actor: User) -> list[Voorkeur]:
    chosen = dict(
        Notificatievoorkeur.objects.filter(gebruiker=actor).values_list("soort", "per_mail")
    )
    return [
        Voorkeur(s.value, s.label, chosen.get(s.value, MAIL_BY_DEFAULT[s]))
        for s in Notificatiesoort
    ]


def members_with(*, organisatie_id: int | None, capabilities: Iterable[Capability]) -> list[User]:
    """The active people of an organisation (any, when None) whose roles grant one of the
    capabilities: who is told about work for "the organisation" or "an approver"."""
    from goedwonen.accounts.models import User

    wanted = tuple(capabilities)
    people = User.objects.filter(is_active=True).prefetch_related("rollen")
    if organisatie_id is not None:
        people = people.filter(organisatie_id=organisatie_id)
    return [u for u in people.select_related("organisatie") if any(can(u, c) for c in wanted)]
