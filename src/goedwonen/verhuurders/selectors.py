"""Reads of the landlord monitor: talks, an owner's monitoring period and alerts, the owners in
monitoring, the alerts, and the stop-talk candidates with what was decided about them. The
rules themselves are `verhuurders.regels`; these add access, the log and what the pages show.
Talks and alerts are the core clusters' work (LANDLORDS_MONITOR, LANDLORD_TALKS are held by
core clusters only), so every holder sees them all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from goedwonen.casussen.models import Onderdeel
from goedwonen.casussen.selectors import Inzage
from goedwonen.core.lists import search_address, search_any
from goedwonen.core.memo import ProcessMemo
from goedwonen.core.models import Verwerkingsactiviteitcode
from goedwonen.core.policy import Capability, can, require, require_any
from goedwonen.core.processing_log import DataSubject, processing_log_record
from goedwonen.registry.models import Adres, Eigenaar

from . import regels
from .models import (
    Gesprekssoort,
    Gespreksstatus,
    Kandidaatbesluit,
    Recidivesignalering,
    Stopgesprekbesluit,
    Verhuurdergesprek,
)

if TYPE_CHECKING:
    from goedwonen.accounts.models import User

ACTIVITY = Verwerkingsactiviteitcode.VERHUURDERMONITORING


def _log(actor: User, operation: str, eigenaren: list[str], ref: str) -> None:
    """One line per owner shown (a page with none still logs that it was read)."""
    if eigenaren:
        processing_log_record(
            actor=actor,
            operation=operation,
            activity=ACTIVITY,
            objects=[(f"{ref}/eigenaar:{e}", DataSubject("eigenaar", e)) for e in eigenaren],
        )
    else:
        processing_log_record(actor=actor, operation=operation, activity=ACTIVITY, object_ref=ref)


@dataclass(frozen=True)
class Monitoringperiode:
    """An owner's monitoring period after the warning talk of `start` (W)."""

    eigenaar: Eigenaar
    start: date
    # The first day no longer in monitoring: W + the term in months.
    eind: date
    dagen_over: int
    open_signaleringen: int = 0


def _periode(
    eigenaar: Eigenaar, start: date, today: date, open_count: int = 0
) -> Monitoringperiode:
    eind = regels.plus_maanden(start, settings.MONITORING_MAANDEN)
    return Monitoringperiode(eigenaar, start, eind, (eind - today).days, open_count)


# What a talk or an alert shows is read by id (prefetch), not joined: they are few per owner
# or case and mostly none, and joined to the case, the task and the dwelling (tables of a
# million rows and many indexes) PostgreSQL spent 1.2 and 2.5 ms planning statements that ran
# in 0.2, on every case page and start page (ADR 0027).
def _talks() -> QuerySet[Verhuurdergesprek]:
    return Verhuurdergesprek.objects.prefetch_related(
        "eigenaar", "casus", "organisatie", "aangemaakt_door", "vastgelegd_door"
    )


def _alerts() -> QuerySet[Recidivesignalering]:
    return Recidivesignalering.objects.prefetch_related(
        "eigenaar",
        "verblijfsobject__adressen",
        "casus",
        "taak",
        "gesprek",
        "afgehandeld_door",
    )


@dataclass(frozen=True)
class EigenaarMonitor:
    """The landlord-monitor section of an owner's page."""

    periode: Monitoringperiode | None
    gesprekken: list[Verhuurdergesprek]
    signaleringen: list[Recidivesignalering]


@transaction.atomic(savepoint=False)  # within the owner page's transaction: no savepoint
def eigenaar_monitor(
    *, actor: User, eigenaar: Eigenaar, today: date | None = None
) -> EigenaarMonitor:
    require_any(actor, Capability.LANDLORDS_MONITOR, Capability.LANDLORD_TALKS)
    today = today or timezone.localdate()
    start = regels.monitoring_on(today, eigenaren=[eigenaar.pk]).get(eigenaar.pk)
    monitor = EigenaarMonitor(
        periode=_periode(eigenaar, start, today) if start else None,
        gesprekken=list(_talks().filter(eigenaar=eigenaar)),
        signaleringen=list(_alerts().filter(eigenaar=eigenaar)),
    )
    _log(actor, "Monitoring van een verhuurder ingezien", [eigenaar.eigenaar_id], "eigenaar")
    return monitor


@transaction.atomic
def monitoring_list(
    *, actor: User, today: date | None = None, zoek: str = "", exported: bool = False
) -> list[Monitoringperiode]:
    """Every owner in monitoring today, the fewest days left first; `zoek` keeps those whose
    name holds it or whose registry id it is. `exported`: logged as an export."""
    require(actor, Capability.LANDLORDS_MONITOR)
    today = today or timezone.localdate()
    starts = regels.monitoring_on(today)
    owners = Eigenaar.objects.in_bulk(list(starts))
    if term := zoek.strip():
        owners = {
            pk: e
            for pk, e in owners.items()
            if term.casefold() in e.naam.casefold() or term.casefold() == e.eigenaar_id.casefold()
        }
        starts = {pk: start for pk, start in starts.items() if pk in owners}
    open_counts = dict(
        Recidivesignalering.objects.filter(eigenaar__in=list(starts), afgehandeld_op__isnull=True)
        .values_list("eigenaar")
        .annotate(n=Count("pk"))
    )
    rows = sorted(
        (
            _periode(owners[pk], start, today, open_counts.get(pk, 0))
            for pk, start in starts.items()
        ),
        key=lambda p: (p.eind, p.eigenaar.eigenaar_id),
    )
    _log(
        actor,
        "Verhuurders in monitoring geëxporteerd"
        if exported
        else "Verhuurders in monitoring ingezien",
        [p.eigenaar.eigenaar_id for p in rows],
        "monitoring",
    )
    return rows


@transaction.atomic(savepoint=False)  # also a block of the start page: no savepoint there
def signalering_list(
    *, actor: User, open_only: bool = True, zoek: str = ""
) -> list[Recidivesignalering]:
    """The alerts; `zoek` an owner's name or registry id, or an address of the dwelling."""
    require(actor, Capability.LANDLORDS_MONITOR)
    alerts = _alerts()
    if open_only:
        alerts = alerts.filter(afgehandeld_op__isnull=True)
    if term := zoek.strip():
        alerts = alerts.filter(
            search_any(
                term,
                Q(eigenaar__naam__icontains=term) | Q(eigenaar__eigenaar_id__iexact=term),
                lambda t: Q(
                    verblijfsobject__in=Adres.objects.filter(search_address(t, path="")).values(
                        "verblijfsobject"
                    )
                ),
            )
        )
    found = list(alerts)
    signaleringen_read(actor=actor, signaleringen=found)
    return found


def signaleringen_open(*, actor: User) -> QuerySet[Recidivesignalering]:
    """The open alerts, the newest event first, for a part of a page (the start page's block):
    not logged, the caller logs the ones it shows (`signaleringen_read`)."""
    require(actor, Capability.LANDLORDS_MONITOR)
    return _alerts().filter(afgehandeld_op__isnull=True).order_by("-datum", "-pk")


def signaleringen_read(*, actor: User, signaleringen: list[Recidivesignalering]) -> None:
    """Log alerts shown: a line per owner (the read itself when none)."""
    _log(
        actor,
        "Recidivesignaleringen ingezien",
        sorted({a.eigenaar.eigenaar_id for a in signaleringen}),
        "recidivesignaleringen",
    )


def signalering_get(*, actor: User, pk: int) -> Recidivesignalering:
    require(actor, Capability.LANDLORDS_MONITOR)
    return _alerts().get(pk=pk)


@transaction.atomic
def gesprek_detail(*, actor: User, pk: int) -> Verhuurdergesprek:
    require_any(actor, Capability.LANDLORDS_MONITOR, Capability.LANDLORD_TALKS)
    gesprek = _talks().get(pk=pk)
    _log(
        actor,
        "Verhuurdergesprek ingezien",
        [gesprek.eigenaar.eigenaar_id],
        f"verhuurdergesprek:{pk}",
    )
    return gesprek


@transaction.atomic
def gesprek_uitnodiging(*, actor: User, pk: int) -> Verhuurdergesprek:
    """The talk whose invitation letter is downloaded (Verhuurdergesprek.DoesNotExist when it
    has none)."""
    require_any(actor, Capability.LANDLORDS_MONITOR, Capability.LANDLORD_TALKS)
    gesprek = _talks().exclude(uitnodiging="").get(pk=pk)
    _log(
        actor,
        "Uitnodigingsbrief van een verhuurdergesprek gedownload",
        [gesprek.eigenaar.eigenaar_id],
        f"verhuurdergesprek:{pk}",
    )
    return gesprek


@dataclass(frozen=True)
class Kandidaatregel:
    """A stop-talk candidate as the page shows it: the rule's proposal with its evidence, the
    latest decision about the owner and a planned stop talk, if any."""

    kandidaat: regels.Kandidaat
    besluit: Stopgesprekbesluit | None
    gesprek: Verhuurdergesprek | None

    @property
    def open(self) -> bool:
        """Still waiting for a person's decision: nothing decided, or "not now" for evidence
        that a later violation has since outgrown, or an invitation that was called off."""
        if self.gesprek is not None:
            return False
        if self.besluit is None:
            return True
        if self.besluit.besluit == Kandidaatbesluit.NIET_NU:
            return self.kandidaat.laatste > self.besluit.laatste_overtreding
        return True  # invited, but the talk was called off: decide again


KANDIDATEN_PER_PAGINA = 25


@dataclass(frozen=True)
class Kandidatenpagina:
    """The candidates to decide on, a page at a time (latest violation first), and those
    decided on (a short list: each needed a person's decision)."""

    open: Page
    besloten: list[Kandidaatregel]
    berekend_op: datetime | None = None  # when the candidates were computed


# The rule weighs every owner's inspections, ownerships, enforcement and talks of the last
# years: the candidates come from the whole store by design, and change only when such work
# is recorded. A copy is fresh this long; after that the page shows it while the worker makes
# the next (`services.kandidaten.kandidaten_vragen`), so no request computes the city's
# candidates but the day's first (0.4 s at a million cases, issue 18). The decisions are
# read fresh.
KANDIDATEN_VERS = timedelta(minutes=10)
KANDIDATEN_BEWAARD_SECONDS = 24 * 3600  # the key holds the day


# Each process also keeps what it read from the cache for a minute: a city's candidates
# are a large value, and reading them back from the database cache cost 14 ms per view.
_KEPT_HERE: ProcessMemo[str, tuple[list[regels.Kandidaat], datetime]] = ProcessMemo(60)


def kandidaten_key(today: date) -> str:
    return f"stopgesprekkandidaten:{today.isoformat()}"


def kandidaten_berekenen(today: date) -> tuple[list[regels.Kandidaat], datetime]:
    """Today's candidates computed and kept, with the moment: by the day's first view, and
    by the worker when a view found the copy older than `KANDIDATEN_VERS`."""
    found = (regels.stop_talk_candidates(today), timezone.now())
    cache.set(kandidaten_key(today), found, KANDIDATEN_BEWAARD_SECONDS)
    _KEPT_HERE.forget(kandidaten_key(today))
    return found


def _candidates_of(today: date) -> tuple[list[regels.Kandidaat], datetime]:
    key = kandidaten_key(today)
    kept = _KEPT_HERE.get(key, lambda: cache.get(key) or kandidaten_berekenen(today))
    assert kept is not None  # computed when not kept
    return kept


@transaction.atomic
def kandidaat_list(
    *,
    actor: User,
    today: date | None = None,
    pagina: str | int | None = None,
    zoek: str = "",
) -> Kandidatenpagina:
    """Today's stop-talk candidates with the latest decision about each; the log names the
    owners shown, not every candidate of the city. `zoek`: an owner's name or registry id."""
    require(actor, Capability.LANDLORDS_MONITOR)
    today = today or timezone.localdate()
    kandidaten, berekend_op = _candidates_of(today)
    if term := zoek.strip().casefold():
        kandidaten = [
            k
            for k in kandidaten
            if term in k.eigenaar.naam.casefold() or term == k.eigenaar.eigenaar_id.casefold()
        ]
    pks = [k.eigenaar.pk for k in kandidaten]
    latest: dict[int, Stopgesprekbesluit] = {}
    # The candidates (a thousand in a city) as one array, not a parameter each.
    for besluit in Stopgesprekbesluit.objects.filter(eigenaar_id__in_ids=pks).select_related(
        "besloten_door"
    ):  # newest first: the first per owner is the latest
        latest.setdefault(besluit.eigenaar_id, besluit)
    planned = {
        g.eigenaar_id: g
        for g in Verhuurdergesprek.objects.filter(
            status=Gespreksstatus.GEPLAND,
            eigenaar_id__in_ids=pks,
            soort=Gesprekssoort.STOPGESPREK,
        )
    }
    rows = [
        Kandidaatregel(k, latest.get(k.eigenaar.pk), planned.get(k.eigenaar.pk)) for k in kandidaten
    ]
    page = Paginator([r for r in rows if r.open], KANDIDATEN_PER_PAGINA).get_page(pagina)
    besloten = [r for r in rows if not r.open]
    shown = [*page.object_list, *besloten]
    _log(
        actor,
        "Stopgesprekkandidaten ingezien",
        [r.kandidaat.eigenaar.eigenaar_id for r in shown],
        "stopgesprekkandidaten",
    )
    return Kandidatenpagina(page, besloten, berekend_op)


def kandidaat_get(
    *, actor: User, eigenaar_id: str, today: date | None = None
) -> regels.Kandidaat | None:
    """The owner as a stop-talk candidate today (None: not a candidate)."""
    require(actor, Capability.LANDLORDS_MONITOR)
    eigenaar = Eigenaar.objects.get(eigenaar_id=eigenaar_id)
    found = regels.stop_talk_candidates(today or timezone.localdate(), eigenaren=[eigenaar.pk])
    return found[0] if found else None


def eigenaar_for_talk(*, actor: User, eigenaar_id: str) -> Eigenaar:
    require(actor, Capability.LANDLORD_TALKS)
    return Eigenaar.objects.get(eigenaar_id=eigenaar_id)


@dataclass(frozen=True)
class CasusMonitor:
    """The landlord-monitor section of a case page: its talks, its alerts, and the owners
    (parties of the case) a talk can be planned with."""

    gesprekken: list[Verhuurdergesprek]
    signaleringen: list[Recidivesignalering]
    eigenaren: list[Eigenaar]


@transaction.atomic(savepoint=False)  # within the case page's transaction: no savepoint
def casus_monitor(*, actor: User, inzage: Inzage) -> CasusMonitor | None:
    """None when the actor does not see this section: without the capabilities, or a
    partner without the case's part `handhaving`."""
    if not (can(actor, Capability.LANDLORDS_MONITOR) or can(actor, Capability.LANDLORD_TALKS)):
        return None
    if not inzage.ziet(Onderdeel.HANDHAVING):
        return None
    casus = inzage.casus
    monitor = CasusMonitor(
        gesprekken=list(_talks().filter(casus=casus)),
        signaleringen=list(_alerts().filter(casus=casus)),
        eigenaren=[p.eigenaar for p in inzage.partijen if p.eigenaar is not None]
        if inzage.regie and can(actor, Capability.LANDLORD_TALKS)
        else [],
    )
    shown = {g.eigenaar.eigenaar_id for g in monitor.gesprekken}
    shown |= {a.eigenaar.eigenaar_id for a in monitor.signaleringen}
    if shown:
        _log(
            actor,
            "Verhuurdergesprekken en recidive van een casus ingezien",
            sorted(shown),
            f"casus:{casus.referentie}",
        )
    return monitor
