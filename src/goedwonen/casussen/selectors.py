"""Reads on cases. The one rule: an organisation sees a case when it directs it, or while a
sharing with it runs, and then only the parts shared (`Inzage`). Every path to case data
(list, detail, search, work queues, the address and owner pages, exports, the API) goes
through `visible_cases` and `casus_inzage`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone

from goedwonen.core.lookups import Ids
from goedwonen.core.memo import request_memo
from goedwonen.core.models import Verwerkingsactiviteitcode
from goedwonen.core.policy import Capability, can, require, require_any
from goedwonen.core.processing_log import DataSubject, processing_log_record
from goedwonen.intake.models import Melding
from goedwonen.registry.models import Adres, Eigenaarsoort, Gebied

from .models import (
    ONDERDEEL_VAN_SOORT,
    Casus,
    CasusObject,
    Casusstatus,
    Casusstatuswijziging,
    Deling,
    Gebeurtenis,
    Onderdeel,
    Partij,
    Taak,
    Taakstatus,
)

if TYPE_CHECKING:
    from goedwonen.accounts.models import User

ACTIVITY = Verwerkingsactiviteitcode.CASUSREGIE
ALL_PARTS = frozenset(Onderdeel.values)


def _running_shares(organisatie_id: int) -> QuerySet[Deling]:
    return Deling.objects.filter(
        organisatie_id=organisatie_id,
        beeindigd_op__isnull=True,
        tot__gte=timezone.localdate(),
    )


# Directing a case, working on one of its tasks, recording a visit in it or handling its
# enforcement includes seeing it (the parts shared).
SEES_CASES = (
    Capability.CASES_VIEW,
    Capability.CASES_DIRECT,
    Capability.TASKS_WORK,
    Capability.INSPECTIONS_RECORD,
    Capability.ENFORCEMENT_WORK,
)


def visible_cases(actor: User) -> QuerySet[Casus]:
    """The cases the actor's organisation directs or has a running sharing for, each with
    the title to show this actor (`weergavetitel`, see `with_display_title`)."""
    if not any(can(actor, c) for c in SEES_CASES) or actor.organisatie_id is None:
        return Casus.objects.none()
    return with_display_title(Casus.objects.filter(visible(actor)), actor.organisatie_id)


# Up to this many running sharings the cases shared are named by id (see `visible`).
SHARED_BY_ID = 5000


def visible(actor: User, path: str = "") -> Q:
    """The rule of `visible_cases` as a condition on cases, or on what leads to a case by
    `path` ("casus__" from a task): the actor's organisation directs the case, or a sharing
    with it runs. The cases shared are named by id (read first, one query), so PostgreSQL
    can read both halves on their indexes, and a partner that directs nothing finds its
    shared cases without walking every case (ADR 0027); beyond `SHARED_BY_ID` sharings,
    through a subquery."""
    assert actor.organisatie_id is not None
    return _directs_or_shared(actor.organisatie_id, path=path)


def sees_part(organisatie_id: int, onderdeel: str, path: str = "") -> Q:
    """A condition on cases, or on what leads to a case by `path` ("casus__" from a
    procedure): the organisation sees this part of them (it directs them, or a running
    sharing with it holds the part). What a filter may evaluate on a case, and what it may
    count, follows from it: a criterion on a part not shared must not match either, or its
    answer tells what the part holds. Written as `visible` is (the cases shared named by id),
    so a list's index can answer it: as a subquery per case it kept PostgreSQL from counting
    a team's cases on its index alone (ADR 0027)."""
    return _directs_or_shared(organisatie_id, path=path, onderdeel=onderdeel)


def _directs_or_shared(organisatie_id: int, *, path: str = "", onderdeel: str = "") -> Q:
    """The organisation directs the case, or a running sharing with it is of the case (and
    holds `onderdeel`, when given). The running sharings are read once per request, with
    their parts, for both rules; beyond `SHARED_BY_ID` of them, a subquery instead."""
    # The parts as the JSON text they are stored as, each code in quotes: decoding 1,700
    # sharings' lists took a partner's case list 2 ms of its 40 (ADR 0027). The query is
    # built only when the request has not read them yet: a page asks this rule several times
    # (a case page five), and the later times need no query.
    shares = request_memo(
        ("lopende-delingen", organisatie_id),
        lambda: list(
            _running_shares(organisatie_id)
            .order_by()
            .values_list("casus_id", Cast("onderdelen", TextField()))[: SHARED_BY_ID + 1]
        ),
    )
    if len(shares) > SHARED_BY_ID:
        running = _running_shares(organisatie_id).order_by()
        if onderdeel:
            # The JSON text holds each code in quotes (`contains` on JSON is not for SQLite).
            running = running.filter(onderdelen__icontains=f'"{onderdeel}"')
        shared = Q(Exists(running.filter(casus=OuterRef(path.removesuffix("__") or "pk"))))
    else:
        # Made once per request and part: the rule is asked several times a page.
        ids = request_memo(
            ("gedeelde-casussen", organisatie_id, onderdeel),
            lambda: Ids(
                casus for casus, parts in shares if not onderdeel or f'"{onderdeel}"' in parts
            ),
        )
        shared = Q(**{f"{path}pk__in_ids": ids})
    return Q(**{f"{path}organisatie_id": organisatie_id}) | shared


NEUTRAL_TITLE = "Casus "


def with_display_title(cases: QuerySet[Casus], organisatie_id: int) -> QuerySet[Casus]:
    """The cases with the title an organisation is shown: `weergavetitel` is the case's own
    where it sees the part objects (`titel_gedeeld`), else `Casus <referentie>`. Proposed
    titles used to carry the address and a typed title may hold anything, so only who sees
    the addresses sees the title: on the page, in the list, the export and the API alike."""
    return cases.annotate(
        titel_gedeeld=ExpressionWrapper(
            sees_part(organisatie_id, Onderdeel.OBJECTEN), output_field=BooleanField()
        ),
        weergavetitel=Case(
            When(titel_gedeeld=True, then=F("titel")),
            default=Concat(Value(NEUTRAL_TITLE), F("referentie")),
            output_field=CharField(),
        ),
    )


def shown_title(casus: Casus) -> str:
    """The title `with_display_title` chose for a case; neutral for a case not read through
    it (fails closed)."""
    title: str = getattr(casus, "weergavetitel", None) or f"{NEUTRAL_TITLE}{casus.referentie}"
    return title


def directs(actor: User, casus: Casus) -> bool:
    return actor.organisatie_id is not None and casus.organisatie_id == actor.organisatie_id


@dataclass(frozen=True)
class Inzage:
    """What the actor may see of one case."""

    casus: Casus
    organisatie_id: int  # the actor's
    regie: bool  # the actor's organisation directs the case: everything
    onderdelen: frozenset[str]

    def ziet(self, onderdeel: str) -> bool:
        return self.regie or onderdeel in self.onderdelen

    @cached_property
    def partijen(self) -> list[Partij]:
        """The case's parties with their owners, read once for every section of the case
        page that shows them (the log line, the parties, letters, the landlord monitor).
        Only for an actor who sees the part: check `ziet(Onderdeel.PARTIJEN)` first."""
        return list(self.casus.partijen.select_related("eigenaar"))


def casus_inzage(*, actor: User, referentie: str) -> Inzage:
    """The case with what the actor may see of it; Casus.DoesNotExist when it may see none
    (the same answer as for a case that does not exist). The view is logged."""
    require_any(actor, *SEES_CASES)
    casus = (
        visible_cases(actor)
        .select_related("casusregisseur", "organisatie", "team")
        .get(referentie=referentie)
    )
    inzage = _inzage_of(actor, casus)
    processing_log_record(
        actor=actor,
        operation="Casus ingezien",
        activity=ACTIVITY,
        subjects=[
            DataSubject("eigenaar", p.eigenaar.eigenaar_id)
            for p in inzage.partijen
            if p.eigenaar is not None
        ]
        if inzage.ziet(Onderdeel.PARTIJEN)
        else [],
        object_ref=f"casus:{casus.referentie}",
    )
    return inzage


def _inzage_of(actor: User, casus: Casus) -> Inzage:
    assert actor.organisatie_id is not None  # visible_cases shows none without one
    if directs(actor, casus):
        return Inzage(casus, actor.organisatie_id, True, ALL_PARTS)
    shares = _running_shares(actor.organisatie_id).filter(casus=casus)
    parts = frozenset(part for deling in shares for part in deling.onderdelen)
    return Inzage(casus, actor.organisatie_id, False, parts)


def inzage_of(*, actor: User, casus: Casus) -> Inzage:
    """What the actor may see of a case the caller already holds, without a log line: for a
    service or a page about one part of a case, which logs its own work. Casus.DoesNotExist
    when it may see none."""
    require_any(actor, *SEES_CASES)
    if not visible_cases(actor).filter(pk=casus.pk).exists():
        raise Casus.DoesNotExist
    return _inzage_of(actor, casus)


@dataclass(frozen=True)
class OpenCasus:
    """An open case on an address, as the warning before a second one names it."""

    referentie: str
    organisatie: str  # the directing organisation's name
    titel: str | None  # None when the actor may not open the case: no link, no title
    regie: bool = False  # the actor's organisation directs it (it may join a case to it)


def open_cases_on(*, actor: User, verblijfsobjecten: Iterable[int]) -> list[OpenCasus]:
    """The open cases on these objects, oldest first: for the warning before someone makes
    another case on the same address. Those the actor may open come with their title (to
    link to); of the others only the reference and the directing organisation, whom to ask."""
    require(actor, Capability.CASES_DIRECT)
    cases = list(
        Casus.objects.filter(objecten__verblijfsobject_id__in=list(verblijfsobjecten))
        .exclude(status=Casusstatus.GESLOTEN)
        .select_related("organisatie")
        .distinct()
        .order_by("aangemaakt_op")
    )
    titles = {
        c.pk: shown_title(c) for c in visible_cases(actor).filter(pk__in=[c.pk for c in cases])
    }
    return [
        OpenCasus(
            c.referentie,
            c.organisatie.naam,
            titles.get(c.pk),
            regie=c.organisatie_id == actor.organisatie_id,
        )
        for c in cases
    ]


def tijdlijn(inzage: Inzage, *, soort: str = "") -> QuerySet[Gebeurtenis]:
    """The case's events the actor may see, newest first. A partner sees the events of the
    shared parts, and of tasks only those of its own organisation."""
    events = inzage.casus.tijdlijn.select_related("door__organisatie", "taak")
    if soort:
        events = events.filter(soort=soort)
    if inzage.regie:
        return events
    soorten = [s for s, part in ONDERDEEL_VAN_SOORT.items() if part in inzage.onderdelen]
    events = events.filter(soort__in=soorten)
    return events.filter(Q(taak__isnull=True) | Q(taak__organisatie_id=inzage.organisatie_id))


def taken_in_casus(inzage: Inzage) -> QuerySet[Taak]:
    taken = inzage.casus.taken.select_related("organisatie", "toegewezen_aan")
    if inzage.regie:
        return taken
    if not inzage.ziet(Onderdeel.TAKEN):
        return taken.none()
    return taken.filter(organisatie_id=inzage.organisatie_id)


@dataclass(frozen=True)
class CasusDetail:
    """One case as the actor may see it, for the case page and the API alike: a part not
    shared with the actor is None (absent), a shared part the list of what it holds."""

    inzage: Inzage
    objecten: list[CasusObject] | None
    partijen: list[Partij] | None
    meldingen: list[Melding] | None
    taken: list[Taak] | None

    @property
    def casus(self) -> Casus:
        return self.inzage.casus


def casus_detail(*, actor: User, referentie: str) -> CasusDetail:
    """The one read of a case for its page and the API: the parts the actor may see, the
    read logged once (`casus_inzage`). Casus.DoesNotExist when it may see none."""
    return casus_detail_of(casus_inzage(actor=actor, referentie=referentie))


def casus_detail_of(inzage: Inzage) -> CasusDetail:
    """The parts of a case already read (and logged) through `casus_inzage`."""
    casus = inzage.casus
    return CasusDetail(
        inzage,
        objecten=list(casus.objecten.select_related("adres", "verblijfsobject__buurt"))
        if inzage.ziet(Onderdeel.OBJECTEN)
        else None,
        partijen=list(inzage.partijen) if inzage.ziet(Onderdeel.PARTIJEN) else None,
        meldingen=list(casus.meldingen.select_related("adres"))
        if inzage.ziet(Onderdeel.MELDINGEN)
        else None,
        taken=list(taken_in_casus(inzage)) if inzage.ziet(Onderdeel.TAKEN) else None,
    )


def delingen_in_casus(inzage: Inzage) -> QuerySet[Deling]:
    """The case's sharings: for the organisation that directs it, none for a partner."""
    if not inzage.regie:
        return Deling.objects.none()
    return inzage.casus.delingen.select_related("casus", "organisatie", "gedeeld_door")


def statusverloop(inzage: Inzage) -> QuerySet[Casusstatuswijziging]:
    """The case's status history: for the organisation that directs it, none for a partner."""
    if not inzage.regie:
        return Casusstatuswijziging.objects.none()
    return inzage.casus.historie.select_related("door")


@dataclass(frozen=True)
class CasusFilters:
    wachtrij: str = "organisatie"  # mijn | team | organisatie | gedeeld
    status: str = ""
    categorie: str = ""
    buurt: str = ""
    zoek: str = ""
    eigenaar: str = ""  # an owner's id or part of the name
    regisseur: int | None = None


def casus_list(*, actor: User, filters: CasusFilters) -> QuerySet[Casus]:
    """The actor's cases, filtered. Criteria on a part (the address search and the area on
    objects, the owner on parties) match only cases whose part the actor's organisation
    sees. List, export and API use it; a page's task counts come from `task_counts`."""
    require(actor, Capability.CASES_VIEW)
    cases = visible_cases(actor).select_related("casusregisseur", "organisatie")
    organisatie_id = actor.organisatie_id
    if organisatie_id is None:
        return cases
    if filters.wachtrij == "mijn":
        cases = cases.filter(casusregisseur=actor)
    elif filters.wachtrij == "team":
        cases = cases.filter(team_id__in=actor.team_ids())
    elif filters.wachtrij == "gedeeld":
        cases = cases.exclude(organisatie=actor.organisatie)
    if filters.status == "open":
        cases = cases.exclude(status=Casusstatus.GESLOTEN)
    elif filters.status:
        cases = cases.filter(status=filters.status)
    if filters.categorie:
        # The JSON text holds each code in quotes (`contains` on JSON is not for SQLite). The
        # codes are lower case: matched as they are, not upper-cased per case (a team's
        # open cases of one organisation, 10,000: 13 to 11 ms).
        cases = cases.alias(categorieen_tekst=Cast("categorieen", TextField())).filter(
            categorieen_tekst__contains=f'"{filters.categorie}"'
        )
    # A criterion on a case's objects or parties is a semi-join (EXISTS): it never repeats a
    # case, so no DISTINCT (which sorts every matching case first), and PostgreSQL may walk
    # the queue's index and test each case, or start from the area or owner, by their sizes.
    if filters.buurt:
        in_area = CasusObject.objects.filter(
            casus=OuterRef("pk"), buurt_id=Gebied.pk_van(filters.buurt)
        )
        cases = cases.filter(sees_part(organisatie_id, Onderdeel.OBJECTEN), Exists(in_area))
    if owner := filters.eigenaar.strip():
        owned = Partij.objects.filter(_owner_matches("", owner), casus=OuterRef("pk"))
        cases = cases.filter(sees_part(organisatie_id, Onderdeel.PARTIJEN), Exists(owned))
    if filters.regisseur:
        cases = cases.filter(casusregisseur_id=filters.regisseur)
    if term := filters.zoek.strip():
        on_address = CasusObject.objects.filter(
            Q(adres__openbareruimte__icontains=term)
            | Q(adres__postcode=term.replace(" ", "").upper()),
            casus=OuterRef("pk"),
        )
        if not _in_neutral_prefix(term):
            cases = cases.filter(_search_candidates(term))
        cases = cases.filter(
            Q(referentie__iexact=term)
            | Q(weergavetitel__icontains=term)
            | (sees_part(organisatie_id, Onderdeel.OBJECTEN) & Exists(on_address))
        )
    return cases.order_by("-aangemaakt_op", "-pk")


# Up to this many candidates a search names them by id (see `_search_candidates`).
CANDIDATES_BY_ID = 5000


def _search_candidates(term: str) -> Q:
    """Every case the search could match, found on indexes (trigrams on PostgreSQL, migration
    0013): its title or reference holds the term, or an address of it does by street or
    postcode. The search's own rule (what the actor is shown of each) then runs on these
    alone, not on every case the actor may see. Named by id (read first) the planner knows
    how few they are; past CANDIDATES_BY_ID, as a subquery."""
    on_address = CasusObject.objects.filter(
        Q(adres__openbareruimte__icontains=term) | Q(adres__postcode=term.replace(" ", "").upper())
    ).values_list("casus_id", flat=True)
    by_text = Casus.objects.filter(Q(titel__icontains=term) | Q(referentie__icontains=term))
    # Two reads, each on its own indexes: an OR of both in one statement reads every case.
    ids = set(by_text.order_by().values_list("pk", flat=True)[: CANDIDATES_BY_ID + 1])
    ids.update(on_address.order_by()[: CANDIDATES_BY_ID + 1])
    if len(ids) > CANDIDATES_BY_ID:
        return Q(pk__in=by_text.values("pk")) | Q(pk__in=on_address)
    return Q(pk__in_ids=sorted(ids))  # one array, not a parameter each


def _in_neutral_prefix(term: str) -> bool:
    """Whether the term reaches into the "Casus " of a neutral title ("us CS-", "Casus"):
    then only the whole search finds it, not the candidates by title or reference."""
    prefix, folded = NEUTRAL_TITLE.casefold(), term.casefold()
    return any(
        folded.startswith(prefix[i:]) or prefix[i:].startswith(folded) for i in range(len(prefix))
    )


def _owner_matches(path: str, owner: str) -> Q:
    """An owner by id in the registry or part of the name (`path` leads to a Partij)."""
    return Q(**{f"{path}eigenaar__eigenaar_id__iexact": owner}) | Q(
        **{f"{path}eigenaar__naam__icontains": owner}
    )


def _visible_tasks(organisatie_id: int) -> QuerySet[Taak]:
    """Tasks as an organisation sees them across cases: every task of a case it directs, and
    in a case shared with it with the part tasks only its own (as `taken_in_casus`)."""
    shared = _running_shares(organisatie_id).filter(
        casus=OuterRef("casus"), onderdelen__icontains=f'"{Onderdeel.TAKEN}"'
    )
    own = Q(organisatie_id=organisatie_id) & Exists(shared)
    return Taak.objects.filter(Q(casus__organisatie_id=organisatie_id) | own)


def with_task_counts(cases: QuerySet[Casus], *, actor: User) -> QuerySet[Casus]:
    """The cases with their open and overdue task counts (of the tasks the actor's
    organisation sees) as columns: only to sort on them, which counts for every case in the
    list. To show the counts of a page, `task_counts` counts its rows alone."""
    if actor.organisatie_id is None:
        return cases
    tasks = _visible_tasks(actor.organisatie_id).filter(status=Taakstatus.OPEN)
    return cases.annotate(
        open_taken=_count_per_case(tasks),
        te_late_taken=_count_per_case(tasks.filter(deadline__lt=timezone.localdate())),
    )


def task_counts(cases: Iterable[Casus], *, actor: User) -> list[Casus]:
    """The cases (a page of a list) with `open_taken` and `te_late_taken` set: the open
    tasks of each that the actor's organisation sees, and how many are past their deadline.
    One query for the page, whatever the size of the list it comes from."""
    cases = list(cases)
    counts: dict[int, tuple[int, int]] = {}
    if cases and actor.organisatie_id is not None:
        rows = (
            _visible_tasks(actor.organisatie_id)
            .filter(status=Taakstatus.OPEN, casus_id__in=[c.pk for c in cases])
            .order_by()
            .values("casus_id")
            .annotate(n=Count("pk"), late=Count("pk", filter=Q(deadline__lt=timezone.localdate())))
        )
        counts = {r["casus_id"]: (r["n"], r["late"]) for r in rows}
    for casus in cases:
        # Shown beside the case in the list (set on the instance, as an annotation would).
        casus.open_taken, casus.te_late_taken = counts.get(casus.pk, (0, 0))  # type: ignore[attr-defined]
    return cases


def _count_per_case(tasks: QuerySet[Taak]) -> Coalesce:
    # A subquery per case, not a join: the part filters join the case's objects and parties.
    per_case = tasks.filter(casus=OuterRef("pk")).order_by().values("casus").annotate(n=Count("pk"))
    return Coalesce(Subquery(per_case.values("n"), output_field=IntegerField()), 0)


def casus_list_read(
    *, actor: User, filters: CasusFilters, cases: Iterable[Casus], exported: bool = False
) -> None:
    """Log what a page of the list (or the export) showed: a line per case, with the case as
    object. A search on an owner also names the matching natural persons (a line per case
    and person), and a search on personal data is logged when it found nothing too."""
    cases = list(cases)
    owner = filters.eigenaar.strip()
    # The free search matches street and postcode: it counts as a search on an address.
    searched = [
        what for what, term in (("eigenaar", owner), ("adres", filters.zoek.strip())) if term
    ]
    if not cases and not searched:
        return
    operation = "Casuslijst geëxporteerd" if exported else "Casuslijst ingezien"
    if searched:
        operation += f", gezocht op {' en '.join(searched)}"
    persons: dict[int, list[str | None]] = {}
    if owner and cases:
        matching = Partij.objects.filter(
            _owner_matches("", owner),
            casus__in=[c.pk for c in cases],
            eigenaar__soort=Eigenaarsoort.NATUURLIJK_PERSOON,
        ).values_list("casus_id", "eigenaar__eigenaar_id")
        for casus_id, eigenaar_id in matching.distinct():
            persons.setdefault(casus_id, []).append(eigenaar_id)
    objects = [
        (f"casus:{c.referentie}", DataSubject("eigenaar", person) if person else None)
        for c in cases
        for person in persons.get(c.pk) or [None]
    ]
    processing_log_record(
        actor=actor, operation=operation, activity=ACTIVITY, objects=objects or [("", None)]
    )


def casussen_for_object(*, actor: User, verblijfsobject_id: int) -> QuerySet[Casus]:
    """The cases on one object that the actor may see, and of which it sees the objects:
    listing a case on the address page says the case is about that address."""
    cases = visible_cases(actor)
    if actor.organisatie_id is None:
        return cases
    return (
        cases.filter(
            sees_part(actor.organisatie_id, Onderdeel.OBJECTEN),
            objecten__verblijfsobject_id=verblijfsobject_id,
        )
        .select_related("organisatie")
        .distinct()
        .order_by("-aangemaakt_op")
    )


def casus_export(*, actor: User, filters: CasusFilters) -> list[Casus]:
    """The filtered list for export; the export is logged (a line per case)."""
    cases = list(casus_list(actor=actor, filters=filters))
    casus_list_read(actor=actor, filters=filters, cases=cases, exported=True)
    return cases


@dataclass(frozen=True)
class TaakFilters:
    wachtrij: str = "mijn"  # mijn | organisatie | te_laat
    status: str = Taakstatus.OPEN
    zoek: str = ""  # the task's title, its case's reference or shown title


def taak_list(*, actor: User, filters: TaakFilters) -> QuerySet[Taak]:
    """Tasks of the actor's organisation in cases it may see (the directing organisation's
    own tasks included)."""
    require(actor, Capability.TASKS_WORK)
    if actor.organisatie_id is None:
        return Taak.objects.none()
    taken = Taak.objects.filter(visible(actor, "casus__"), organisatie=actor.organisatie)
    taken = taken.select_related("casus", "toegewezen_aan")
    if filters.status:
        taken = taken.filter(status=filters.status)
    if filters.wachtrij == "mijn":
        taken = taken.filter(Q(toegewezen_aan=actor) | Q(toegewezen_aan__isnull=True))
    elif filters.wachtrij == "te_laat":
        taken = taken.filter(status=Taakstatus.OPEN, deadline__lt=timezone.localdate())
    if term := filters.zoek.strip():
        taken = taken.filter(
            Q(titel__icontains=term)
            | Q(casus__referentie__iexact=term)
            # The case's title only as the actor is shown it (see with_display_title).
            | Q(
                casus__in=visible_cases(actor).filter(Q(weergavetitel__icontains=term)).values("pk")
            )
        )
    return taken.order_by("deadline", "pk")


def overdue(taak: Taak, today: date | None = None) -> bool:
    return taak.status == Taakstatus.OPEN and taak.deadline < (today or timezone.localdate())


def melding_for_casus(*, actor: User, pk: int) -> Melding:
    """A report a case director makes a case from (the view is logged)."""
    require(actor, Capability.CASES_DIRECT)
    melding = Melding.objects.select_related("adres", "casus", "verblijfsobject__buurt").get(pk=pk)
    processing_log_record(
        actor=actor,
        operation="Melding ingezien voor casus",
        activity=ACTIVITY,
        object_ref=f"melding:{melding.referentie or melding.pk}",
    )
    return melding


def taken_export_read(*, actor: User, taken: Iterable[Taak]) -> None:
    """Log an export of the task list: a line per case whose tasks it holds."""
    require(actor, Capability.TASKS_WORK)
    cases = {t.casus.referentie: t.casus for t in taken}
    if cases:
        processing_log_record(
            actor=actor,
            operation="Takenlijst geëxporteerd",
            activity=ACTIVITY,
            objects=[(f"casus:{reference}", None) for reference in sorted(cases)],
        )


@dataclass(frozen=True)
class AdresKandidaat:
    """An address the picker on the case page offers, with the other open cases on it."""

    adres: Adres
    open_casussen: list[str]  # references, oldest first; this case left out
    al_in_casus: bool


def adres_kandidaten(*, actor: User, inzage: Inzage, query: str) -> list[AdresKandidaat]:
    """Addresses matching a search (street and number, postcode and number), to add to a
    case the actor directs, each with the other open cases on it: the warning comes while
    choosing, not only after."""
    from goedwonen.registry.selectors import adres_search

    require(actor, Capability.CASES_DIRECT)
    if not inzage.regie:
        return []
    found = adres_search(actor=actor, query=query, limit=10)
    objects = [a.verblijfsobject_id for a in found]
    open_refs: dict[int, list[str]] = {}
    for vbo, referentie in (
        CasusObject.objects.filter(verblijfsobject_id__in=objects)
        .exclude(casus__status=Casusstatus.GESLOTEN)
        .order_by("casus__aangemaakt_op")
        .values_list("verblijfsobject_id", "casus__referentie")
    ):
        open_refs.setdefault(vbo, []).append(referentie)
    own = inzage.casus.referentie
    return [
        AdresKandidaat(
            a,
            [r for r in open_refs.get(a.verblijfsobject_id, []) if r != own],
            own in open_refs.get(a.verblijfsobject_id, []),
        )
        for a in found
    ]


def adres_to_add(*, actor: User, nummeraanduiding: str) -> Adres | None:
    """The address a case director picked (by its BAG id from the picker), or None."""
    require(actor, Capability.CASES_DIRECT)
    return (
        Adres.objects.select_related("verblijfsobject")
        .filter(nummeraanduiding=nummeraanduiding.strip())
        .first()
    )
