"""Walk lists: the division and routes (`walk_lists`), and the services that make and
re-plan them on an action."""

from __future__ import annotations

import itertools
import math

import pytest

from django.core.exceptions import PermissionDenied, ValidationError

from goedwonen.accounts.models import Organisatie
from goedwonen.acties.models import Actieadres, Adresstatus
from goedwonen.acties.services.looplijsten import (
    Stop,
    Walker,
    actieteam_klaar,
    looplijsten_bijwerken,
    looplijsten_herplannen,
    looplijsten_maken,
    walk_lists,
)
from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability

from .support_looplijsten import X0, Y0, action, address, dwelling, grid_addresses, team

C = Capability


def _stop(key: int, x: float | None, y: float | None, rang: int | None = None) -> Stop:
    return Stop(key, x, y, key if rang is None and x is not None else rang)


def test_two_neighbourhoods_go_to_two_teams_each_walked_from_its_best_address():
    # Ten addresses around each of two spots 3 km apart, ranks interleaved.
    west = [Stop(k, 0.0 + (k % 5) * 30, (k // 5) * 30, rang=2 * k + 1) for k in range(10)]
    east = [Stop(100 + k, 3000.0 + (k % 5) * 30, (k // 5) * 30, rang=2 * k + 2) for k in range(10)]
    division = walk_lists([*east, *west], [Walker(1), Walker(2)], per_team=12)

    assert division.reserve == []
    assert sorted(division.routes[1]) == [s.key for s in west]  # team 1: the best address's group
    assert sorted(division.routes[2]) == [s.key for s in east]
    assert division.routes[1][0] == 0 and division.routes[2][0] == 100


def test_a_route_walks_along_the_street_instead_of_by_rank():
    # Five houses in a row, 50 m apart; ranks zig-zag. From the best-ranked end, walk the row.
    stops = [Stop(k, k * 50.0, 0.0, rang=r) for k, r in zip(range(5), [1, 5, 2, 4, 3], strict=True)]
    assert walk_lists(stops, [Walker(1)], per_team=12).routes[1] == [0, 1, 2, 3, 4]


def test_at_most_the_day_s_share_per_team_the_rest_reserve_in_priority_order():
    stops = [Stop(k, (k % 7) * 40.0, (k // 7) * 40.0, rang=k + 1) for k in range(30)]
    stops.append(Stop(99, 10.0, 10.0, rang=None))  # added by hand: after every ranked one
    division = walk_lists(stops, [Walker(1), Walker(2)], per_team=10)

    assert [len(r) for r in division.routes.values()] == [10, 10]
    placed = {k for r in division.routes.values() for k in r}
    assert placed == set(range(20))  # the 20 best
    assert division.reserve == [*range(20, 30), 99]


def test_addresses_without_coordinates_go_last_on_the_shortest_lists():
    stops = [Stop(k, k * 30.0, 0.0, rang=k + 1) for k in range(5)]
    stops.append(Stop(50, None, None, rang=2))
    division = walk_lists(stops, [Walker(1), Walker(2)], per_team=12)

    lists = list(division.routes.values())
    assert sorted(len(r) for r in lists) == [3, 3]
    assert [r[-1] for r in lists if 50 in r] == [50]


def test_the_same_input_gives_the_same_lists():
    stops = [
        Stop(k, (k * 7919) % 1500 * 1.0, (k * 104729) % 1200 * 1.0, rang=k + 1) for k in range(60)
    ]
    teams = [Walker(t) for t in range(1, 5)]
    first = walk_lists(stops, teams, per_team=12)
    assert walk_lists(list(reversed(stops)), teams, per_team=12) == first


def test_a_team_already_out_continues_from_where_it_stands():
    # Two groups; team 2 stands in the west, team 1 has not started: team 2 takes the west.
    west = [Stop(k, k * 20.0, 0.0, rang=k + 10) for k in range(4)]
    east = [Stop(10 + k, 2000.0 + k * 20.0, 0.0, rang=k + 1) for k in range(4)]
    division = walk_lists([*west, *east], [Walker(1), Walker(2, (0.0, 0.0))], per_team=12)
    assert division.routes[2] == [0, 1, 2, 3]  # from its position, the nearest first
    assert division.routes[1][0] == 10


# The services on an action.


@pytest.fixture
def politie(partner_organisatie) -> Organisatie:
    return partner_organisatie


@pytest.fixture
def organiser(make_user):
    return make_user([C.ACTIONS_ORGANISE, C.ACTIONS_TAKE_PART, C.CASES_DIRECT])


def test_making_the_lists_divides_the_addresses_and_keeps_the_rest_in_reserve(organiser):
    actie = action(organiser, per_team=5)
    adressen = grid_addresses(actie, 14)
    a, b = team(actie, "Team A", volgorde=1), team(actie, "Team B", volgorde=2)

    division = looplijsten_maken(actor=organiser, actie=actie)

    assert sorted(len(r) for r in division.routes.values()) == [5, 5]
    for t in (a, b):
        on_list = list(Actieadres.objects.filter(team=t).order_by("volgorde"))
        assert [x.volgorde for x in on_list] == [1, 2, 3, 4, 5]
        assert [x.pk for x in on_list] == division.routes[t.pk]
    reserve = Actieadres.objects.filter(actie=actie, team=None)
    assert sorted(x.rang for x in reserve) == [11, 12, 13, 14]
    assert Actieadres.objects.get(pk=adressen[0].pk).team == a  # the best address: team A
    line = Verwerkingslog.objects.get(name="Looplijsten gemaakt")
    assert line.object_ref == f"actie:{actie.pk}"


def test_only_an_organiser_of_the_lead_makes_the_lists(organiser, make_user, politie):
    actie = action(organiser)
    grid_addresses(actie, 4)
    team(actie, "Team A")
    other = make_user([C.ACTIONS_ORGANISE, C.ACTIONS_TAKE_PART], organisatie_=politie)
    with pytest.raises(PermissionDenied):
        looplijsten_maken(actor=other, actie=actie)
    assert not Actieadres.objects.filter(team__isnull=False).exists()
    assert not Verwerkingslog.objects.filter(name="Looplijsten gemaakt").exists()


def test_making_again_after_visits_is_refused_with_a_pointer_to_replanning(organiser):
    actie = action(organiser, status="gepland")
    adressen = grid_addresses(actie, 4)
    team(actie, "Team A")
    looplijsten_maken(actor=organiser, actie=actie)
    Actieadres.objects.filter(pk=adressen[0].pk).update(status=Adresstatus.BEZOCHT)
    with pytest.raises(ValidationError, match="Opnieuw verdelen"):
        looplijsten_maken(actor=organiser, actie=actie)


def test_a_team_done_hands_its_open_addresses_to_the_others_who_go_on_from_their_last(
    organiser, make_user
):
    lid = make_user([C.ACTIONS_TAKE_PART])
    actie = action(organiser, per_team=6, status="gepland")
    # Two streets 1 km apart, six houses each, 30 m apart.
    west = [address(actie, dwelling(i + 1, X0 + i * 30, Y0), rang=i + 1) for i in range(6)]
    east = [address(actie, dwelling(i + 11, X0 + 1000 + i * 30, Y0), rang=i + 7) for i in range(6)]
    a, b = team(actie, "Team A", volgorde=1), team(actie, "Team B", lid, volgorde=2)
    looplijsten_maken(actor=organiser, actie=actie)
    assert {Actieadres.objects.get(pk=x.pk).team for x in west} == {a}
    assert {Actieadres.objects.get(pk=x.pk).team for x in east} == {b}

    # Team A walks its first three houses (the third refused entry: skipped); team B is done
    # after one visit.
    for x in west[:2]:
        Actieadres.objects.filter(pk=x.pk).update(status=Adresstatus.BEZOCHT)
    Actieadres.objects.filter(pk=west[2].pk).update(
        status=Adresstatus.OVERGESLAGEN, overgeslagen_reden="Toegang geweigerd"
    )
    Actieadres.objects.filter(pk=east[0].pk).update(status=Adresstatus.BEZOCHT)
    division = actieteam_klaar(actor=lid, actie=actie, team=b)

    b.refresh_from_db()
    assert b.klaar_op is not None
    assert list(division.routes) == [a.pk]
    route = list(Actieadres.objects.filter(team=a).order_by("volgorde"))
    # What was walked stays; the rest follows on from the last house walked (west[2]).
    assert [x.pk for x in route[:3]] == [x.pk for x in west[:3]]
    assert [x.volgorde for x in route] == list(range(1, 10))
    # Six open places: its own three, then B's three best (ranks 8-10) along B's street.
    assert [x.pk for x in route[3:]] == [x.pk for x in [*west[3:], *east[1:4]]]
    assert Actieadres.objects.get(pk=east[0].pk).team == b  # the visited one stays with B
    reserve = Actieadres.objects.filter(actie=actie, team=None, status=Adresstatus.OPEN)
    assert sorted(x.rang for x in reserve) == [11, 12]
    assert Verwerkingslog.objects.filter(name__contains="Team B klaar gemeld").count() == 1


def test_replanning_is_for_a_planned_action_and_its_organisers(organiser, make_user):
    actie = action(organiser)
    grid_addresses(actie, 3)
    team(actie, "Team A")
    with pytest.raises(ValidationError, match="geplande actie"):
        looplijsten_herplannen(actor=organiser, actie=actie)
    actie.status = "gepland"
    actie.save()
    member = make_user([C.ACTIONS_TAKE_PART])
    with pytest.raises(PermissionDenied):
        looplijsten_herplannen(actor=member, actie=actie)
    division = looplijsten_herplannen(actor=organiser, actie=actie)
    assert [len(r) for r in division.routes.values()] == [3]


def test_someone_outside_the_team_cannot_report_it_done(organiser, make_user):
    actie = action(organiser, status="gepland")
    grid_addresses(actie, 2)
    t = team(actie, "Team A")
    outsider = make_user([C.ACTIONS_TAKE_PART])
    with pytest.raises(PermissionDenied):
        actieteam_klaar(actor=outsider, actie=actie, team=t)
    t.refresh_from_db()
    assert t.klaar_op is None


def test_route_is_short():
    """A sanity check on the router: 30 random houses in a 600 m square are walked in less
    than a greedy nearest-neighbour walk from the same start."""
    points = [((k * 7919) % 600 * 1.0, (k * 104729) % 600 * 1.0) for k in range(30)]
    stops = [Stop(k, x, y, rang=k + 1) for k, (x, y) in enumerate(points)]
    route = walk_lists(stops, [Walker(1)], per_team=30).routes[1]

    def length(order):
        return sum(math.dist(points[i], points[j]) for i, j in itertools.pairwise(order))

    greedy, left = [0], set(range(1, 30))
    while left:
        nearest = min(left, key=lambda k: (math.dist(points[greedy[-1]], points[k]), k))
        greedy.append(nearest)
        left.remove(nearest)
    assert route[0] == 0
    assert length(route) <= length(greedy)


def test_after_a_refusal_a_team_member_tops_its_list_up_from_the_reserve(organiser, make_user):
    lid = make_user([C.ACTIONS_TAKE_PART])
    outsider = make_user([C.ACTIONS_TAKE_PART])
    actie = action(organiser, per_team=3, status="gepland")
    adressen = grid_addresses(actie, 5)
    a = team(actie, "Team A", lid)
    looplijsten_maken(actor=organiser, actie=actie)
    Actieadres.objects.filter(pk=adressen[0].pk).update(
        status=Adresstatus.OVERGESLAGEN, overgeslagen_reden="Geweigerd"
    )
    with pytest.raises(PermissionDenied):
        looplijsten_bijwerken(actor=outsider, actie=actie)
    assert Actieadres.objects.filter(team=a).count() == 3

    looplijsten_bijwerken(actor=lid, actie=actie)
    route = list(Actieadres.objects.filter(team=a).order_by("volgorde"))
    assert route[0].pk == adressen[0].pk  # the refused one stays, first
    assert len(route) == 4 and {x.rang for x in route[1:]} == {2, 3, 4}
    assert (
        Verwerkingslog.objects.filter(
            name="Looplijsten opnieuw verdeeld na een overgeslagen adres"
        ).count()
        == 1
    )
