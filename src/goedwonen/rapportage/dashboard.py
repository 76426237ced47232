"""The steering dashboard as sections (issue 17, point 2). Each section computes its figures
for a filter (the viewer, a year, an area) and says how to show them; the page renders the
sections in order and the exports (CSV, XLSX) write the figures of every section, so what is
shown and what is exported are the same numbers.

A section is a function `(Filter) -> Sectie | None` (None: nothing to show for this viewer or
area), registered in `SECTIES` below.

The page shows the figures from Django's cache for up to `CACHE_SECONDS` (`secties_cached`):
computing them with their charts takes about a second and they change only when work is
recorded. No section depends on who views it (the page checks STEERING_VIEW; the figures are
counts), so the key is the year, the area, the day and the targets valid on it: a new version
of a target shows at once. The exports compute fresh figures (`secties`)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.utils import timezone

from .cijfers import Cijfer

if TYPE_CHECKING:
    from goedwonen.accounts.models import User
    from goedwonen.registry.models import Gebied


@dataclass(frozen=True)
class Filter:
    actor: User
    jaar: int
    gebied: Gebied | None  # None: every area the approach works in
    # The day the figures run to: today for the running year, else 31 December.
    peildatum: Any


@dataclass(frozen=True)
class Sectie:
    key: str  # the section's anchor on the page and its name in the exports
    titel: str
    template: str  # renders `sectie` (this object) and its `context`
    cijfers: list[Cijfer]  # every figure the section shows, as exported
    context: dict[str, Any] = field(default_factory=dict)


Sectiemaker = Callable[[Filter], "Sectie | None"]

# In the order of the page. Each lane appends its section's dotted path.
SECTIES: list[str] = [
    "goedwonen.rapportage.sectie_doelen.sectie",
    "goedwonen.rapportage.secties_werkstroom.doorstroom",
    "goedwonen.rapportage.secties_werkstroom.servicenormen",
    "goedwonen.rapportage.secties_werkstroom.trefkansen",
    "goedwonen.rapportage.secties_werkstroom.handhaving",
    "goedwonen.rapportage.secties_werkstroom.open_werk",
    "goedwonen.rapportage.uitkomsten.sectie_uitkomsten",
]


def secties(filter_: Filter) -> list[Sectie]:
    from django.utils.module_loading import import_string

    found = []
    for path in SECTIES:
        maker: Sectiemaker = import_string(path)
        sectie = maker(filter_)
        if sectie is not None:
            found.append(sectie)
    return found


CACHE_SECONDS = 600


def _key(filter_: Filter) -> str:
    from .doelen import doelen_op
    from .models import Rapportvaststelling, Uitkomst

    targets = repr(
        [
            (d.code, d.versie.pk if d.versie else None, str(d.waarde), d.geldig_vanaf, d.bron)
            for d in doelen_op(filter_.peildatum)
        ]
    )
    # What is recorded on the steering pages themselves shows at once too: a report
    # established as published (the account targets) and an outcome recorded.
    recorded = [
        model.objects.order_by("-pk").values_list("pk", flat=True).first()
        for model in (Rapportvaststelling, Uitkomst)
    ]
    targets += repr(recorded)
    gebied = filter_.gebied.code if filter_.gebied else "-"
    return ":".join(
        (
            "sturing-secties",
            str(filter_.jaar),
            gebied,
            filter_.peildatum.isoformat(),
            timezone.localdate().isoformat(),
            hashlib.sha256(targets.encode()).hexdigest()[:16],
        )
    )


def secties_cached(filter_: Filter) -> tuple[list[Sectie], datetime]:
    """The sections as computed at most `CACHE_SECONDS` ago, and when they were computed."""
    key = _key(filter_)
    found = cache.get(key)
    if found is None:
        found = (secties(filter_), timezone.now())
        cache.set(key, found, CACHE_SECONDS)
    return found
