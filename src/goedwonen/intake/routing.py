"""Routing and service norms: which team gets a report, and by when it must be triaged and
finished. Built once per use, so a bulk import routes thousands of reports cheaply; a busy
channel (the API) shares one per process (`Router.shared`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from goedwonen.core.memo import ProcessMemo
from goedwonen.registry.models import Gebied

from .models import Routeringsregel, Servicenorm

if TYPE_CHECKING:
    from goedwonen.accounts.models import Team

# How long a shared Router may serve before it reads the rules, norms and areas again. The
# services that save rules and norms drop it at once in their process (`forget_shared`); a
# change saved in another process (another gunicorn worker, an import) takes effect here
# within this many seconds.
SHARED_SECONDS = 5.0


@dataclass(frozen=True)
class Route:
    team_id: int | None
    behandelaar_id: int | None
    regel: str
    # The team itself, read with the rule, so showing the routed report needs no query.
    team: Team | None = field(default=None, compare=False)


CENTRAL = Route(None, None, "geen regel: centrale wachtrij")


class Router:
    def __init__(self) -> None:
        self.rules = list(
            Routeringsregel.objects.filter(actief=True)
            .select_related("team")
            .order_by("volgorde", "pk")
        )
        self.parents = dict(Gebied.objects.values_list("pk", "bovenliggend_id"))
        self.norms = {n.categorie: n for n in Servicenorm.objects.all()}

    @classmethod
    def shared(cls) -> Router:
        """The Router this process shares between requests, at most SHARED_SECONDS old.
        Read-only after it is built, so threads may use it at the same time."""
        router = _shared.get(None, cls)
        assert router is not None
        return router

    @staticmethod
    def forget_shared() -> None:
        _shared.forget()

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
            return Route(rule.team_id, rule.behandelaar_id, rule.naam, rule.team)
        return CENTRAL

    def deadlines(self, categorie: str, received: date) -> tuple[date | None, date | None]:
        norm = self.norms.get(categorie) or self.norms.get("")
        if norm is None:
            return None, None
        return (
            received + timedelta(days=norm.dagen_triage),
            received + timedelta(days=norm.dagen_afhandeling),
        )


_shared: ProcessMemo[None, Router] = ProcessMemo(SHARED_SECONDS)
