"""Reads of the check parameters and of the set-up's history.

`parameter_op` takes no actor: a parameter is policy, not personal data, and every check
reads the value valid on its date whoever records it. The pages' reads need ROUTING_MANAGE.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from goedwonen.checks.parameters import Parameter
from goedwonen.core.policy import Capability, require

from .definities import DEFINITIES, Definitie
from .models import Inrichtingswijziging, Parameterversie

if TYPE_CHECKING:
    from goedwonen.accounts.models import User


def waarde_of(definitie: Definitie, waarde: Decimal) -> Any:
    """The stored value as the check takes it: a whole number for a term, else a decimal
    without trailing zeros (25, 12.5)."""
    if definitie.geheel:
        return int(waarde)
    if waarde == waarde.to_integral_value():
        return waarde.quantize(Decimal(1))
    return waarde.normalize()


def _valid_on(code: str, datum: date) -> Parameterversie | None:
    """The version valid on `datum`: the latest start on or before it (an undated version
    starts before any date); of versions starting the same day, the latest made (a
    correction). Before every version's start: the earliest. A parameter has few versions."""
    versions = list(Parameterversie.objects.filter(code=code).select_related("vastgesteld_door"))
    if not versions:
        return None

    def starts(v: Parameterversie) -> date:
        return v.geldig_vanaf or date.min

    earliest = min(starts(v) for v in versions)
    pool = [v for v in versions if starts(v) <= datum] or [
        v for v in versions if starts(v) == earliest
    ]
    return max(pool, key=lambda v: (starts(v), v.vastgesteld_op, v.pk))


def parameter_op(code: str, datum: date) -> Parameter[Any]:
    """The parameter `code` as valid on `datum`, with its source, for a check to use.

    Without any stored version (a database emptied of its seeded rows) the start value of
    the code applies, which is what migration 0002 seeds."""
    definitie = DEFINITIES[code]
    versie = _valid_on(code, datum)
    if versie is None:
        return definitie.start
    return Parameter(
        waarde=waarde_of(definitie, versie.waarde),
        bron=versie.bron,
        geldig_vanaf=versie.geldig_vanaf,
    )


@dataclass(frozen=True)
class Parameteroverzicht:
    definitie: Definitie
    geldend: Parameterversie | None
    gepland: list[Parameterversie]  # versions that start after `datum`


def parameters_overview(*, actor: User, datum: date) -> list[Parameteroverzicht]:
    require(actor, Capability.ROUTING_MANAGE)
    rows = []
    for code, definitie in DEFINITIES.items():
        gepland = list(
            Parameterversie.objects.filter(code=code, geldig_vanaf__gt=datum).order_by(
                "geldig_vanaf", "vastgesteld_op"
            )
        )
        rows.append(Parameteroverzicht(definitie, _valid_on(code, datum), gepland))
    return rows


def parameter_history(*, actor: User, code: str) -> list[Parameterversie]:
    """Every version of the parameter, the latest made first. KeyError: unknown code."""
    require(actor, Capability.ROUTING_MANAGE)
    DEFINITIES[code]
    return list(
        Parameterversie.objects.filter(code=code)
        .select_related("vastgesteld_door")
        .order_by("-vastgesteld_op", "-pk")
    )


def inrichting_history(
    *, actor: User, onderwerpen: Iterable[str], sleutel: str | None = None
) -> QuerySet[Inrichtingswijziging]:
    """The changes to some kinds of set-up (or to one piece of one kind), the latest first."""
    require(actor, Capability.ROUTING_MANAGE)
    changes = Inrichtingswijziging.objects.filter(onderwerp__in=list(onderwerpen))
    if sleutel is not None:
        changes = changes.filter(sleutel=sleutel)
    return changes.select_related("door").order_by("-op", "-pk")
