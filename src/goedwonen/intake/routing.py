"""Routing and service norms: which team gets a report, and by when it must be triaged and
finished. Built once per use, so a bulk import routes thousands of reports cheaply."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from goedwonen.registry.models import Gebied

from .models import Routeringsregel, Servicenorm


@dataclass(frozen=True)
class Route:
    team_id: int | None
    behandelaar_id: int | None
    regel: str


CENTRAL = Route(None, None, "geen regel: centrale wachtrij")


class Router:
    def __init__(self) -> None:
        self.rules = list(Routeringsregel.objects.filter(actief=True).order_by("volgorde", "pk"))
        self.parents = dict(Gebied.objects.values_list("pk", "bovenliggend_id"))
        self.norms = {n.categorie: n for n in Servicenorm.objects.all()}

    def _areas(self, buurt_id: int | None) -> set[int]:
        areas: set[int] = set()
        while buurt_id is not None and buurt_id not in areas:
            areas.add(buurt_id)
            buurt_id = self.parents.get(buurt_id)
        return areas

    def route(self, *, buurt_id: int | None, categorie: str, bron: str) -> Route:
        areas = self._areas(buurt_id)
        for rule in self.rules:
            if rule.gebied_id is not None and rule.gebied_id not in areas:
                continue
            if rule.categorie and rule.categorie != categorie:
                continue
            if rule.bron and rule.bron != bron:
                continue
            return Route(rule.team_id, rule.behandelaar_id, rule.naam)
        return CENTRAL

    def deadlines(self, categorie: str, received: date) -> tuple[date | None, date | None]:
        norm = self.norms.get(categorie) or self.norms.get("")
        if norm is None:
            return None, None
        return (
            received + timedelta(days=norm.dagen_triage),
            received + timedelta(days=norm.dagen_afhandeling),
        )
