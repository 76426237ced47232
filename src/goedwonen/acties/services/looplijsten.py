"""Walk lists: the action's open addresses divided over its teams, each team's share ordered
into a walking route, and re-planned during the day.

How a list is made (`walk_lists`, a pure function the benchmark times on its own too):
- Priority: the selection's rank (lowest first), hand-made addresses after the ranked ones,
  then the order they were added. The day takes the first `adressen_per_team` times teams
  addresses; the rest waits as reserve (no team), in priority order.
- Division: scipy's k-means (`kmeans2`, k-means++ starts) finds one centre per team in the
  RD coordinates (metres), and scipy's `linear_sum_assignment` gives every address a slot at
  a centre, as many slots per centre as an even share (rounded up), so the groups are near
  each other and even; centres and slots are refined a few rounds. The groups go to the
  teams by the same
  assignment: a team that has walked already takes the group nearest to where it stands,
  the others in the groups' priority order (team 1 the group with the highest priority).
- Route: OR-Tools' routing solver orders each group into an open walk (no way back) from a
  fixed start: the group's highest-priority address on a fresh list, the team's last
  visited address on a re-plan.
- Addresses without coordinates go last, to the shortest lists.
Everything is deterministic: the same addresses and teams give the same lists.
scipy and OR-Tools are imported on the first list a process makes (about half a second):
scikit-learn's KMeans would do the same work but takes two seconds and 120 MB more to import
in every server process.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation

from goedwonen.core.policy import Capability, require, require_any
from goedwonen.core.processing_log import processing_log_record
from goedwonen.documenten.pdf import html_to_pdf

from ..models import Actie, Actieadres, Actiestatus, Actieteam, Adresstatus
from ..selectors import ACTIVITY, SEES_ACTIONS, Briefing, briefing_voor, may_organise, team_van

if TYPE_CHECKING:
    from goedwonen.accounts.models import User

# Rounds of refining centres and slots; the groups settle in a handful.
ROUNDS = 10
# k-means starts (each from its own fixed seed).
INITS = 4


@dataclass(frozen=True)
class Stop:
    """An address to walk to: its key, RD coordinates (None: unknown), and selection rank
    (None: added by hand)."""

    key: int
    x: float | None
    y: float | None
    rang: int | None

    @property
    def priority(self) -> tuple[bool, int, int]:
        return (self.rang is None, self.rang or 0, self.key)

    @property
    def located(self) -> bool:
        return self.x is not None and self.y is not None


@dataclass(frozen=True)
class Walker:
    """A team that takes part in the division, and where it stands (None: not yet out)."""

    key: int
    position: tuple[float, float] | None = None


@dataclass(frozen=True)
class Division:
    routes: dict[int, list[int]]  # team key -> stop keys in walking order
    reserve: list[int]  # stop keys in priority order


def walk_lists(stops: Sequence[Stop], teams: Sequence[Walker], per_team: int) -> Division:
    """Divide the stops over the teams (at most `per_team` each) and order each team's share
    into a walking route; the rest is reserve."""
    ordered = sorted(stops, key=lambda s: s.priority)
    today = ordered[: len(teams) * per_team]
    reserve = [s.key for s in ordered[len(today) :]]
    routes: dict[int, list[int]] = {t.key: [] for t in teams}
    if not teams:
        return Division(routes, reserve)
    located = [s for s in today if s.located]
    for team, group in zip(teams, _groups(located, teams), strict=True):
        routes[team.key] = [s.key for s in _route(group, team.position)]
    for stop in (s for s in today if not s.located):
        shortest = min(teams, key=lambda t: len(routes[t.key]))
        routes[shortest.key].append(stop.key)
    return Division(routes, reserve)


def _distances(points: np.ndarray, centres: np.ndarray) -> np.ndarray:
    return np.linalg.norm(points[:, None, :] - centres[None, :, :], axis=2)


def _centres(points: np.ndarray, k: int) -> np.ndarray:
    if len(np.unique(points, axis=0)) < k:
        # Fewer places than teams: some teams get nothing, the others a place each.
        return points[np.arange(k) % len(points)]
    from scipy.cluster.vq import kmeans2

    # k-means++ from a few fixed seeds, the tightest kept: the same centres every time.
    best, spread = points[:k], math.inf
    for seed in range(INITS):
        centres, labels = kmeans2(points, k, minit="++", rng=seed)
        total = float(np.sum((points - centres[labels]) ** 2))
        if total < spread:
            best, spread = centres, total
    return best


def _groups(stops: list[Stop], teams: Sequence[Walker]) -> list[list[Stop]]:
    """Groups near each other of at most ceil(stops / teams) each, one per team in the
    teams' order."""
    from scipy.optimize import linear_sum_assignment

    k = len(teams)
    if not stops:
        return [[] for _ in teams]
    points = np.array([[s.x, s.y] for s in stops], dtype=float)
    capacity = math.ceil(len(stops) / k)
    centres = _centres(points, k)
    labels = np.zeros(len(stops), dtype=int)
    for _ in range(ROUNDS):
        # Slot j belongs to centre j // capacity.
        cost = np.repeat(_distances(points, centres), capacity, axis=1)
        _, slots = linear_sum_assignment(cost)
        labels = slots // capacity
        moved = np.array(
            [
                points[labels == c].mean(axis=0) if (labels == c).any() else centres[c]
                for c in range(k)
            ]
        )
        if np.allclose(moved, centres):
            break
        centres = moved
    groups = [[s for s, label in zip(stops, labels, strict=True) if label == c] for c in range(k)]
    # Groups in priority order (the group holding the best address first, empty ones last).
    rank = sorted(
        range(k), key=lambda c: min((s.priority for s in groups[c]), default=(True, 0, 0))
    )
    place = {c: p for p, c in enumerate(rank)}
    cost = np.zeros((k, k))
    for t, team in enumerate(teams):
        for c in range(k):
            if team.position is not None:
                cost[t, c] = float(np.linalg.norm(np.array(team.position) - centres[c]))
            else:
                # A team not yet out takes the group at its own place in the order.
                cost[t, c] = abs(t - place[c])
    _, chosen = linear_sum_assignment(cost)
    return [groups[c] for c in chosen]


def _route(group: list[Stop], start: tuple[float, float] | None) -> list[Stop]:
    """The group in walking order: an open route from `start`, or from the group's
    highest-priority address when the team is not yet out."""
    if not group:
        return []
    rest = sorted(group, key=lambda s: s.priority)
    first: list[Stop] = []
    if start is None:
        first, rest = rest[:1], rest[1:]
        start = (first[0].x, first[0].y)  # type: ignore[assignment]
    if len(rest) <= 1:
        return first + rest
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    # Nodes: 0 the start, 1..n the stops, n+1 a free end that every stop reaches for nothing
    # (the walk ends wherever it is shortest to end).
    n = len(rest)
    places = np.array([start, *[(s.x, s.y) for s in rest]], dtype=float)
    metres = np.rint(_distances(places, places)).astype(int)
    matrix = np.zeros((n + 2, n + 2), dtype=int)
    matrix[: n + 1, : n + 1] = metres
    manager = pywrapcp.RoutingIndexManager(n + 2, 1, [0], [n + 1])
    model = pywrapcp.RoutingModel(manager)
    model.SetArcCostEvaluatorOfAllVehicles(model.RegisterTransitMatrix(matrix.tolist()))
    parameters = pywrapcp.DefaultRoutingSearchParameters()
    parameters.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    # Greedy descent stops at its local optimum: no time limit, so the same every time.
    parameters.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GREEDY_DESCENT
    )
    solution = model.SolveWithParameters(parameters)
    order: list[Stop] = []
    index = solution.Value(model.NextVar(model.Start(0)))
    while not model.IsEnd(index):
        order.append(rest[manager.IndexToNode(index) - 1])
        index = solution.Value(model.NextVar(index))
    return first + order


# The services.


def _stops(actie: Actie) -> list[Stop]:
    open_addresses = actie.adressen.filter(status=Adresstatus.OPEN).select_related(
        "verblijfsobject"
    )
    return [
        Stop(a.pk, a.verblijfsobject.rd_x, a.verblijfsobject.rd_y, a.rang) for a in open_addresses
    ]


def _handled(team: Actieteam) -> Actieadres | None:
    """The team's last visited or skipped address: where it stands."""
    return (
        team.adressen.exclude(status=Adresstatus.OPEN)
        .select_related("verblijfsobject")
        .order_by("-volgorde", "-pk")
        .first()
    )


def _divide(actie: Actie, teams: list[Actieteam], *, replan: bool) -> Division:
    walkers = []
    offsets = {}
    for team in teams:
        last = _handled(team) if replan else None
        position = None
        if last is not None and last.verblijfsobject.rd_x is not None:
            position = (last.verblijfsobject.rd_x, last.verblijfsobject.rd_y)
        walkers.append(Walker(team.pk, position))  # type: ignore[arg-type]
        offsets[team.pk] = (
            team.adressen.exclude(status=Adresstatus.OPEN).aggregate(m=Max("volgorde"))["m"] or 0
        )
    division = walk_lists(_stops(actie), walkers, actie.adressen_per_team)
    placed = {}
    for team_id, keys in division.routes.items():
        for n, key in enumerate(keys, start=offsets[team_id] + 1):
            placed[key] = (team_id, n)
    changed = list(actie.adressen.filter(pk__in=[*placed, *division.reserve]))
    for adres in changed:
        adres.team_id, adres.volgorde = placed.get(adres.pk, (None, None))
    Actieadres.objects.bulk_update(changed, ["team", "volgorde"])
    return division


def _lock(actie: Actie) -> Actie:
    # Two teams reporting done at once re-plan one after the other.
    return Actie.objects.select_for_update().get(pk=actie.pk)


@transaction.atomic
def looplijsten_maken(*, actor: User, actie: Actie) -> Division:
    """Make the walk lists before the day: every team takes part, no address has been
    visited yet (after that, re-plan)."""
    require(actor, Capability.ACTIONS_ORGANISE)
    if not may_organise(actor, actie):
        raise PermissionDenied(
            "Alleen een organisator van de leidende organisatie maakt de looplijsten."
        )
    actie = _lock(actie)
    if actie.status not in {Actiestatus.VOORBEREIDING, Actiestatus.GEPLAND}:
        raise ValidationError(
            f"Deze actie is {actie.get_status_display().lower()}: looplijsten maken kan niet meer."
        )
    if actie.adressen.exclude(status=Adresstatus.OPEN).exists():
        raise ValidationError(
            "Er zijn al adressen bezocht of overgeslagen. Gebruik 'Opnieuw verdelen': dat laat "
            "de bezochte adressen staan."
        )
    teams = list(actie.teams.all())
    if not teams:
        raise ValidationError("Deze actie heeft nog geen teams. Maak eerst de teams.")
    actie.teams.update(klaar_op=None)
    division = _divide(actie, teams, replan=False)
    processing_log_record(
        actor=actor,
        operation="Looplijsten gemaakt",
        activity=ACTIVITY,
        object_ref=f"actie:{actie.pk}",
    )
    return division


def _replan(actor: User, actie: Actie, operation: str) -> Division:
    if actie.status != Actiestatus.GEPLAND:
        raise ValidationError(
            "Opnieuw verdelen kan alleen op een geplande actie "
            f"(deze is {actie.get_status_display().lower()})."
        )
    teams = list(actie.teams.filter(klaar_op__isnull=True))
    division = _divide(actie, teams, replan=True)
    processing_log_record(
        actor=actor, operation=operation, activity=ACTIVITY, object_ref=f"actie:{actie.pk}"
    )
    return division


@transaction.atomic
def looplijsten_herplannen(*, actor: User, actie: Actie) -> Division:
    """Re-divide the open addresses (reserve included) over the teams still working, during
    the day: after a team is done or an address was skipped or refused. Visited and skipped
    addresses stay where they are; each team's route goes on from its last one."""
    require(actor, Capability.ACTIONS_ORGANISE)
    if not may_organise(actor, actie):
        raise PermissionDenied(
            "Alleen een organisator van de leidende organisatie verdeelt opnieuw."
        )
    return _replan(actor, _lock(actie), "Looplijsten opnieuw verdeeld")


@transaction.atomic
def looplijsten_bijwerken(*, actor: User, actie: Actie) -> Division:
    """Re-plan after an address was skipped or refused in the field, as
    `looplijsten_herplannen` does; for the members of the action's teams too (the field view
    calls it in the same transaction as the skip)."""
    require_any(actor, *SEES_ACTIONS)
    actie = _lock(actie)
    if not may_organise(actor, actie) and not actie.teams.filter(leden=actor).exists():
        raise PermissionDenied("Alleen de leden van een team of een organisator verdelen opnieuw.")
    return _replan(actor, actie, "Looplijsten opnieuw verdeeld na een overgeslagen adres")


@transaction.atomic
def actieteam_klaar(*, actor: User, actie: Actie, team: Actieteam) -> Division:
    """A team is done for the day (its members or an organiser say so): its open addresses
    go back to the others, re-planned at once."""
    require_any(actor, *SEES_ACTIONS)
    actie = _lock(actie)
    try:
        team = team_van(actor=actor, actie=actie, pk=team.pk)
    except Actieteam.DoesNotExist:
        raise PermissionDenied(
            "Alleen de leden van het team of een organisator melden het klaar."
        ) from None
    if team.klaar_op is not None:
        raise ValidationError(f"{team.naam} is al klaar gemeld.")
    if actie.status != Actiestatus.GEPLAND:
        raise ValidationError("Een team klaar melden kan alleen op een geplande actie.")
    team.klaar_op = timezone.now()
    team.save(update_fields=["klaar_op"])
    return _replan(actor, actie, f"{team.naam} klaar gemeld; looplijsten opnieuw verdeeld")


# The briefing as a PDF (the page and the PDF read the same `selectors.briefing_voor`).

BRIEFING_PRINT = "acties/briefing_print.html"


def briefing_pdf(*, actor: User, actie: Actie, team: Actieteam) -> tuple[Briefing, bytes]:
    """A team's briefing for the actor's organisation as a PDF; logged like the page. Raises
    `documenten.pdf.PdfNietBeschikbaar` where PDFs cannot be made (nothing is logged then:
    the transaction rolls back)."""
    with transaction.atomic():
        briefing = briefing_voor(
            actor=actor,
            actie=actie,
            team=team,
            operation="Briefing integrale actie gedownload (PDF)",
        )
        # Dutch month names, whatever language the request came in.
        with translation.override("nl"):
            html = render_to_string(BRIEFING_PRINT, {"b": briefing})
        return briefing, html_to_pdf(html)
