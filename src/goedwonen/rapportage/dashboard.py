"""The steering dashboard as sections (issue 17, point 2). Each section computes its figures
for a filter (the viewer, a year, an area) and says how to show them; the page renders the
sections in order and the exports (CSV, XLSX) write the figures of every section, so what is
shown and what is exported are the same numbers.

A section is a function `(Filter) -> Sectie | None` (None: nothing to show for this viewer or
area), registered in `SECTIES` below."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

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
