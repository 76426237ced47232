"""The landlord rules, in one place: monitoring after a warning talk, recidivism during it, and
stop-talk candidates (issue 13, points 5 to 7). The command `goedwonen verhuurders`, the API's
signals, the monitor's pages and its alerts all read them from here.

The facts come from the imported history and from the product's own records alike:

- talks: `handhavingen.csv` rows with instrument `waarschuwingsgesprek` or `stopgesprek`
  (`registry.Handhaving`) and held `Verhuurdergesprek`s (date `gehouden_op`). A row about an
  object without an owner counts for the owner(s) of that object on the row's date;
- inspections with an established violation: `controles.csv` rows with overtreding `ja`
  (`registry.Controle`) and product visits (`inspecties.Bezoek`) with at least one finding
  `vastgesteld`, unless a later visit record corrects them (then the correction counts);
- ownership from the BRK (`registry.Eigendom`): an owner owns an object on date d when
  `verkregen_op` <= d and the ownership did not end before d (`beeindigd_op` empty or >= d).
  An ownership without `verkregen_op` proves nothing about a date and does not count.

The terms (W is the date of a warning talk, m the monitoring term in months, default
`settings.MONITORING_MAANDEN`; "n months after d" is the same day n months later, or the last
day of that month):

- monitoring on date d: W <= d < W + m months;
- recidivism: an inspection with an established violation on date v, on an object the owner
  owned on v, with W < v <= W + m months (and v <= the peildatum);
- stop-talk candidate on peildatum P: at least two distinct such inspections with
  P - 4 years < v <= P on objects the owner owned on v, and no stop talk S with
  P - 4 years < S <= P.

Everything is read in a few queries and computed in Python: never a query per owner. The
rule functions do not check access: the monitor's selectors, the command and the API read the
signals through `signalen_lezen`, which does and writes the processing log.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from goedwonen.core.models import Verwerkingsactiviteitcode
from goedwonen.core.policy import Capability, require
from goedwonen.core.processing_log import DataSubject, processing_log_record
from goedwonen.inspecties.models import Bezoek
from goedwonen.registry import contract
from goedwonen.registry.models import Controle, Eigenaar, Eigendom, Handhaving
from goedwonen.verhuurders.models import Gesprekssoort, Gespreksstatus, Verhuurdergesprek

if TYPE_CHECKING:
    from goedwonen.accounts.models import User

MONITORING = "monitoring"
RECIDIVE = "recidive"
STOPGESPREK_KANDIDAAT = "stopgesprek_kandidaat"

# Point 5: at least this many inspections with a violation in the last this many years.
KANDIDAAT_OVERTREDINGEN = 2
KANDIDAAT_JAREN = 4


@dataclass(frozen=True, order=True)
class Signaal:
    """One row of the export. `eigenaar_id` is the owner's BRK id; `object_id` the BAG id.
    Ordered as the export is sorted: owner, signal, date, object, source."""

    eigenaar_id: str
    signaal: str
    datum: date
    object_id: str
    bron_id: str


@dataclass(frozen=True, order=True)
class Overtreding:
    """An inspection with an established violation: imported (`bron_id` of controles.csv) or
    a product visit (`bezoek:<pk>`). `verblijfsobject` is the object's pk."""

    datum: date
    object_id: str
    bron_id: str
    verblijfsobject: int


@dataclass(frozen=True, order=True)
class Gesprek:
    """A warning or stop talk counted for an owner: imported (`bron_id` of handhavingen.csv)
    or held in the product (`gesprek:<pk>`). `object_id` is empty when the talk names none."""

    datum: date
    bron_id: str
    object_id: str


# How many of a candidate's violations the list of candidates shows.
BEWIJS_GETOOND = 5


@dataclass(frozen=True)
class Kandidaat:
    """An owner proposed for a stop talk: the violations that count (oldest first) and the
    date of the latest."""

    eigenaar: Eigenaar
    overtredingen: tuple[Overtreding, ...]
    laatste: date

    @property
    def nieuwste(self) -> tuple[Overtreding, ...]:
        """The newest violations, newest first: what the list of candidates shows of the
        evidence (a corporation has hundreds; the owner's inspections page lists them all)."""
        return tuple(reversed(self.overtredingen[-BEWIJS_GETOOND:]))


def plus_maanden(datum: date, maanden: int) -> date:
    """The same day `maanden` months later (or earlier when negative); the last day of the
    month when that day does not exist (29 February + 12 months = 28 February)."""
    years, month0 = divmod(datum.month - 1 + maanden, 12)
    year = datum.year + years
    month = month0 + 1
    return date(year, month, min(datum.day, calendar.monthrange(year, month)[1]))


def kandidaat_venster(peildatum: date) -> date:
    """The first day after which violations count for the stop-talk rule on `peildatum`."""
    return plus_maanden(peildatum, -12 * KANDIDAAT_JAREN)


# ---------------------------------------------------------------------------------------------
# Public rules


def owners_on(verblijfsobject_id: int, datum: date) -> list[Eigenaar]:
    """The owners of an object (pk) on a date, by the BRK ownership rule above. Two plain
    look-ups by index, not a join: every report registered on an object asks this."""
    owner_pks = list(
        Eigendom.objects.filter(
            _owned_on(datum), verblijfsobject_id=verblijfsobject_id
        ).values_list("eigenaar_id", flat=True)
    )
    if not owner_pks:
        return []
    return list(Eigenaar.objects.filter(pk__in=owner_pks).order_by("eigenaar_id"))


def warning_talk_window_open(datum: date, *, maanden: int | None = None) -> bool:
    """Whether any warning talk (imported or held here) has its recidivism window around
    `datum` (W < datum <= W + m months): when none has, no event on that date concerns the
    monitor, and a report need not look up its dwelling's owners at all."""
    # A day to spare: only a talk in no window at all may be left out.
    since = plus_maanden(datum, -_term(maanden)) - timedelta(days=1)
    return (
        Handhaving.objects.filter(
            instrument=contract.Instrument.WAARSCHUWINGSGESPREK, datum__gte=since, datum__lt=datum
        ).exists()
        or Verhuurdergesprek.objects.filter(
            soort=Gesprekssoort.WAARSCHUWINGSGESPREK,
            status=Gespreksstatus.GEHOUDEN,
            gehouden_op__gte=since,
            gehouden_op__lt=datum,
        ).exists()
    )


def monitoring_on(
    datum: date, *, eigenaren: Iterable[int] | None = None, maanden: int | None = None
) -> dict[int, date]:
    """Owner pk -> the date W of the warning talk that has the owner in monitoring on `datum`
    (the latest such W)."""
    facts = _Facts.load(datum, _pks(eigenaren), talks_only=True)
    term = _term(maanden)
    return {owner: talk.datum for owner, talk in facts.monitoring(datum, term).items()}


def recidive_window_on(
    datum: date, *, eigenaren: Iterable[int] | None = None, maanden: int | None = None
) -> dict[int, date]:
    """Owner pk -> the latest warning talk W for which an event on `datum` is recidivism
    (W < datum <= W + m months). The monitor raises its alerts by this, so an alert and the
    `recidive` signal agree to the day."""
    facts = _Facts.load(datum, _pks(eigenaren), talks_only=True)
    term = _term(maanden)
    found: dict[int, date] = {}
    for owner, talks in facts.warnings.items():
        for talk in talks:
            if talk.datum < datum <= plus_maanden(talk.datum, term):
                found[owner] = max(found.get(owner, talk.datum), talk.datum)
    return found


def stop_talk_candidates(
    peildatum: date, *, eigenaren: Iterable[int] | None = None
) -> list[Kandidaat]:
    """Owners proposed for a stop talk on `peildatum` (point 5), latest violation first."""
    facts = _Facts.load(peildatum, _pks(eigenaren))
    found = facts.candidates(peildatum)
    owners = Eigenaar.objects.in_bulk(list(found))
    kandidaten = [
        Kandidaat(eigenaar=owners[pk], overtredingen=tuple(evidence), laatste=evidence[-1].datum)
        for pk, evidence in found.items()
    ]
    kandidaten.sort(key=lambda k: (-k.laatste.toordinal(), k.eigenaar.eigenaar_id))
    return kandidaten


def landlord_signals(
    peildatum: date, *, maanden: int | None = None, eigenaren: Iterable[int] | None = None
) -> list[Signaal]:
    """The signals of point 7 as of `peildatum`, sorted. `eigenaren` limits them to these
    owner pks.

    - `monitoring`: one row per owner in monitoring; `datum` W, `object_id` and `bron_id` of
      that talk (`object_id` empty when the talk names no object);
    - `recidive`: one row per owner and inspection;
    - `stopgesprek_kandidaat`: one row per owner; `datum`, `object_id` and `bron_id` of the
      latest violation that counts.
    """
    term = _term(maanden)
    facts = _Facts.load(peildatum, _pks(eigenaren))
    ids = facts.owner_ids
    signals = [
        Signaal(ids[owner], MONITORING, talk.datum, talk.object_id, talk.bron_id)
        for owner, talk in facts.monitoring(peildatum, term).items()
    ]
    for owner, inspection in facts.recidivism(term):
        signals.append(
            Signaal(
                ids[owner], RECIDIVE, inspection.datum, inspection.object_id, inspection.bron_id
            )
        )
    for owner, evidence in facts.candidates(peildatum).items():
        latest = evidence[-1]
        signals.append(
            Signaal(
                ids[owner], STOPGESPREK_KANDIDAAT, latest.datum, latest.object_id, latest.bron_id
            )
        )
    signals.sort()
    return signals


def signalen_lezen(
    *,
    actor: User | None,
    peildatum: date,
    operation: str,
    pagina: Callable[[list[Signaal]], list[Signaal]] | None = None,
) -> list[Signaal]:
    """The signals of `landlord_signals` as a person (LANDLORDS_MONITOR) or the system (`actor`
    None: the command) reads them: all, or the page `pagina` picks from them (the API). One
    processing-log line per owner in what is returned (one without a subject when there are
    none), in the caller's transaction."""
    if actor is not None:
        require(actor, Capability.LANDLORDS_MONITOR)
    signalen = landlord_signals(peildatum)
    if pagina is not None:
        signalen = pagina(signalen)
    with transaction.atomic():
        processing_log_record(
            actor=actor,
            operation=operation,
            activity=Verwerkingsactiviteitcode.VERHUURDERMONITORING,
            object_ref=f"verhuurdersignalen:{peildatum.isoformat()}",
            subjects=[
                DataSubject("eigenaar", owner)
                for owner in sorted({s.eigenaar_id for s in signalen})
            ],
        )
    return signalen


# ---------------------------------------------------------------------------------------------
# The facts, loaded once per call


def _term(maanden: int | None) -> int:
    return settings.MONITORING_MAANDEN if maanden is None else maanden


def _pks(eigenaren: Iterable[int] | None) -> frozenset[int] | None:
    return None if eigenaren is None else frozenset(int(pk) for pk in eigenaren)


def _owned_on(datum: date, *, prefix: str = "") -> Q:
    return Q(**{f"{prefix}verkregen_op__lte": datum}) & (
        Q(**{f"{prefix}beeindigd_op__isnull": True}) | Q(**{f"{prefix}beeindigd_op__gte": datum})
    )


@dataclass
class _Ownership:
    eigenaar: int
    verkregen_op: date
    beeindigd_op: date | None

    def on(self, datum: date) -> bool:
        return self.verkregen_op <= datum and (
            self.beeindigd_op is None or self.beeindigd_op >= datum
        )


@dataclass
class _Facts:
    """What the rules need up to a date: talks per owner, inspections with a violation, and
    the ownerships of the objects they concern."""

    warnings: dict[int, list[Gesprek]]
    stops: dict[int, list[Gesprek]]
    violations: list[Overtreding]
    ownerships: dict[int, list[_Ownership]]
    owner_ids: dict[int, str]

    @classmethod
    def load(
        cls, until: date, eigenaren: frozenset[int] | None, *, talks_only: bool = False
    ) -> _Facts:
        """`talks_only`: the talks alone (monitoring and the recidivism window need no
        violations); a report on a corporation's dwelling then reads its talks, not every
        inspection of its portfolio."""
        owned_objects: Any = None
        if eigenaren is not None:
            owned_objects = Eigendom.objects.filter(eigenaar_id__in=eigenaren).values(
                "verblijfsobject_id"
            )

        talks = Handhaving.objects.filter(
            instrument__in=(
                contract.Instrument.WAARSCHUWINGSGESPREK,
                contract.Instrument.STOPGESPREK,
            ),
            datum__lte=until,
        )
        held = Verhuurdergesprek.objects.filter(
            status=Gespreksstatus.GEHOUDEN, gehouden_op__lte=until
        )
        if eigenaren is not None:
            talks = talks.filter(
                Q(eigenaar_id__in=eigenaren)
                | Q(eigenaar__isnull=True, verblijfsobject_id__in=owned_objects)
            )
            held = held.filter(eigenaar_id__in=eigenaren)
        violations: list[Overtreding] = []
        objects = Q(
            verblijfsobject_id__in=talks.filter(eigenaar__isnull=True).values("verblijfsobject_id")
        )
        if not talks_only:
            # Every report on a dwelling asks for the talks alone (`recidive_window_on`): the
            # inspections and visits are not even put together for it.
            controles = Controle.objects.filter(
                overtreding=contract.Overtreding.JA, datum__lte=until
            )
            bezoeken = Bezoek.objects.filter(
                datum__lte=until, correctie__isnull=True, bevindingen__vastgesteld=True
            )
            if eigenaren is not None:
                controles = controles.filter(verblijfsobject_id__in=owned_objects)
                bezoeken = bezoeken.filter(casusobject__verblijfsobject_id__in=owned_objects)
            violations = [
                Overtreding(row[1], row[2], row[0], row[3])
                for row in controles.values_list(
                    "bron_id", "datum", "verblijfsobject__object_id", "verblijfsobject_id"
                )
            ]
            violations += [
                Overtreding(row[1], row[2], f"bezoek:{row[0]}", row[3])
                for row in bezoeken.values_list(
                    "pk",
                    "datum",
                    "casusobject__verblijfsobject__object_id",
                    "casusobject__verblijfsobject_id",
                ).distinct()
            ]
            violations.sort()
            objects |= Q(verblijfsobject_id__in=controles.values("verblijfsobject_id"))
            objects |= Q(verblijfsobject_id__in=bezoeken.values("casusobject__verblijfsobject_id"))

        # Ownerships of every object a violation or an owner-less talk is about.
        eigendommen = Eigendom.objects.filter(objects, verkregen_op__isnull=False)
        if eigenaren is not None:
            eigendommen = eigendommen.filter(eigenaar_id__in=eigenaren)
        ownerships: dict[int, list[_Ownership]] = defaultdict(list)
        owner_ids: dict[int, str] = {}
        for vbo, owner, owner_id, since, until_ in eigendommen.values_list(
            "verblijfsobject_id",
            "eigenaar_id",
            "eigenaar__eigenaar_id",
            "verkregen_op",
            "beeindigd_op",
        ):
            if since is not None:  # filtered out above; for the type checker
                ownerships[vbo].append(_Ownership(owner, since, until_))
                owner_ids[owner] = owner_id

        warnings: dict[int, list[Gesprek]] = defaultdict(list)
        stops: dict[int, list[Gesprek]] = defaultdict(list)
        per_kind: dict[str, dict[int, list[Gesprek]]] = {
            contract.Instrument.WAARSCHUWINGSGESPREK: warnings,
            contract.Instrument.STOPGESPREK: stops,
        }
        for bron_id, instrument, datum, owner, owner_id, vbo, object_id in talks.values_list(
            "bron_id",
            "instrument",
            "datum",
            "eigenaar_id",
            "eigenaar__eigenaar_id",
            "verblijfsobject_id",
            "verblijfsobject__object_id",
        ):
            talk = Gesprek(datum, bron_id, object_id or "")
            if owner is not None:
                per_kind[instrument][owner].append(talk)
                owner_ids[owner] = owner_id
            elif vbo is not None:
                for ownership in ownerships.get(vbo, ()):
                    if ownership.on(datum):
                        per_kind[instrument][ownership.eigenaar].append(talk)
        for pk, soort, held_on, owner, owner_id in held.values_list(
            "pk", "soort", "gehouden_op", "eigenaar_id", "eigenaar__eigenaar_id"
        ):
            if held_on is None:  # filtered out above; for the type checker
                continue
            kind = warnings if soort == Gesprekssoort.WAARSCHUWINGSGESPREK else stops
            kind[owner].append(Gesprek(held_on, f"gesprek:{pk}", ""))
            owner_ids[owner] = owner_id
        for talks_of in (*warnings.values(), *stops.values()):
            talks_of.sort()
        return cls(warnings, stops, violations, ownerships, owner_ids)

    def owners_at(self, violation: Overtreding) -> list[int]:
        return sorted(
            {
                o.eigenaar
                for o in self.ownerships.get(violation.verblijfsobject, ())
                if o.on(violation.datum)
            }
        )

    def monitoring(self, datum: date, term: int) -> dict[int, Gesprek]:
        found: dict[int, Gesprek] = {}
        for owner, talks in self.warnings.items():
            for talk in talks:  # oldest first: the latest W wins
                if talk.datum <= datum < plus_maanden(talk.datum, term):
                    found[owner] = talk
        return found

    def recidivism(self, term: int) -> list[tuple[int, Overtreding]]:
        rows = []
        for violation in self.violations:
            for owner in self.owners_at(violation):
                if any(
                    talk.datum < violation.datum <= plus_maanden(talk.datum, term)
                    for talk in self.warnings.get(owner, ())
                ):
                    rows.append((owner, violation))
        return rows

    def candidates(self, peildatum: date) -> dict[int, list[Overtreding]]:
        start = kandidaat_venster(peildatum)
        evidence: dict[int, list[Overtreding]] = defaultdict(list)
        for violation in self.violations:  # sorted: evidence oldest first
            if start < violation.datum <= peildatum:
                for owner in self.owners_at(violation):
                    evidence[owner].append(violation)
        return {
            owner: found
            for owner, found in evidence.items()
            if len({v.bron_id for v in found}) >= KANDIDAAT_OVERTREDINGEN
            and not any(start < talk.datum <= peildatum for talk in self.stops.get(owner, ()))
        }
