"""The work behind the plan's targets, as figures (issue 17, point 2): throughput and lead
times, service norms met, hit rates of inspections by origin, enforcement by instrument and
open work per organisation. Each is a function of (jaar, gebied) returning `Cijfer` rows, so a
report or a test can compute it by hand; `secties_werkstroom.py` shows them on the dashboard.

Conventions shared by every function here:
- `gebied` a `Gebied` (a buurt, wijk or gemeente: what lies on objects in its buurten) or
  None: everything recorded, with or without an address, under the gemeente's code.
- `periode` the year (`YYYY`) and its quarters (`YYYY-Qn`), by the local date of the event
  that ends the step (a lead time belongs to the quarter it ended in).
- Days are calendar days between local dates. Percentiles are nearest-rank (the smallest value
  with at least p% of the values at or below it), so a median is always a wait that someone
  actually had, in whole days.
- A snapshot (open procedures, open work) is taken at the end of `peildatum` and reported under
  the year.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.db.models import Exists, Min, OuterRef, Q, QuerySet
from django.utils import timezone

from goedwonen.acties.models import Actieadres
from goedwonen.casussen.models import Casus, Herkomst, Taak, Taakstatus
from goedwonen.handhaving.models import Stapsoort, Traject, Trajectstap
from goedwonen.inspecties.models import Bevinding, Bezoek
from goedwonen.intake.models import Melding, Meldingstatus, Servicenorm, StatusWijziging
from goedwonen.registry.models import Controle, Gebied, Gebiedssoort, Handhaving

from .cijfers import Cijfer

# The first step out of triage: handed to a cluster or to case direction, or closed or
# cancelled without either. `melding_triage` and `melding_transition` write these.
TRIAGED = (
    Meldingstatus.DOORGEZET,
    Meldingstatus.CASUSREGIE,
    Meldingstatus.AFGESLOTEN,
    Meldingstatus.GEANNULEERD,
)
FINISHED = (Meldingstatus.AFGESLOTEN, Meldingstatus.GEANNULEERD)

# The origin of an inspection (`registry.contract.Aanleiding` codes). A visit recorded in a
# case takes the case's origin, or `integrale_actie` when an integral action visited it.
HERKOMST_VAN_CASUS = {
    Herkomst.MELDING: "melding",
    Herkomst.PROACTIEF: "proactief",
    Herkomst.CASUSTAFEL: "overig",
    Herkomst.PARTNER: "overig",
}
HERKOMSTEN = ("melding", "proactief", "integrale_actie", "hercontrole", "overig")

STAPPEN = (
    ("melding_triage", "Melding → triage"),
    ("triage_casus", "Triage → casus"),
    ("casus_sluiting", "Casus → gesloten"),
)


# -- scope and periods -------------------------------------------------------------------


def gebiedscode(gebied: Gebied | None) -> str:
    """The code figures of `gebied` are reported under; the gemeente's for everything."""
    if gebied is not None:
        return gebied.code
    codes = Gebied.objects.filter(soort=Gebiedssoort.GEMEENTE).order_by("code")
    return codes.values_list("code", flat=True).first() or "gemeente"


def buurten_in(gebied: Gebied | None) -> set[int] | None:
    """The ids of the buurten within `gebied` (itself, for a buurt); None for everything."""
    if gebied is None:
        return None
    children: dict[int, list[int]] = defaultdict(list)
    for pk, parent in Gebied.objects.values_list("pk", "bovenliggend_id"):
        if parent is not None:
            children[parent].append(pk)
    found, todo = {gebied.pk}, [gebied.pk]
    while todo:
        for child in children[todo.pop()]:
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def within_area(qs: QuerySet, path: str, buurten: set[int] | None) -> QuerySet:
    """`qs` restricted to rows whose object (via `path`, ending in a buurt id) is in scope.
    A subquery rather than a join: a case with two objects in the area is one case, and two
    equal rows (two inspections on one day) stay two."""
    if buurten is None:
        return qs
    inside = qs.model._default_manager.filter(**{f"{path}__in": buurten}).values("pk")
    return qs.filter(pk__in=inside)


def periodes(jaar: int) -> list[str]:
    return [str(jaar), *(f"{jaar}-Q{q}" for q in range(1, 5))]


def _periods_of(day: date) -> tuple[str, str]:
    return str(day.year), f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _local(moment: datetime) -> date:
    return timezone.localdate(moment)


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _year_window(jaar: int) -> tuple[datetime, datetime]:
    """Moments from the local start of the year to the local start of the next."""
    return _end_of(date(jaar - 1, 12, 31)), _end_of(date(jaar, 12, 31))


def percentiel(values: Iterable[int], p: int) -> int:
    """Nearest-rank percentile of a non-empty collection."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(p * len(ordered) / 100)) - 1]


def procent(deel: int, geheel: int) -> int:
    """`deel` of `geheel` in whole percents, half up."""
    return (200 * deel + geheel) // (2 * geheel)


def _first_moments(naar: Iterable[str], meldingen: QuerySet[Melding]) -> dict[int, datetime]:
    """Per report of `meldingen`: the moment of its first status change to one of `naar`.
    The reports as a subquery: a year of a city's reports is more than SQLite's limit of
    parameters in one query."""
    qs = StatusWijziging.objects.filter(naar__in=list(naar), melding__in=meldingen.values("pk"))
    firsts = qs.values("melding_id").annotate(eerste=Min("op"))
    return dict(firsts.values_list("melding_id", "eerste"))


# -- throughput and lead times ------------------------------------------------------------


def doorstroom(*, jaar: int, gebied: Gebied | None = None) -> list[Cijfer]:
    """Counts per step (`doorstroom_meldingen_ontvangen`, `doorstroom_meldingen_getrieerd`,
    `doorstroom_casussen_aangemaakt`, `doorstroom_casussen_gesloten`) and, per step between
    them, the median and 80th percentile of the days it took and how many it is of
    (`doorlooptijd_<stap>_mediaan_dagen`, `..._p80_dagen`, `..._aantal`). Triage → casus is
    measured once per case made from a report: from the first triage of its reports."""
    code, buurten = gebiedscode(gebied), buurten_in(gebied)
    start, end = _year_window(jaar)
    counts: Counter[tuple[str, str]] = Counter()
    waits: dict[tuple[str, str], list[int]] = defaultdict(list)

    def count(maat: str, day: date) -> None:
        for periode in _periods_of(day):
            counts[(maat, periode)] += 1

    def wait(stap: str, since: date, day: date) -> None:
        for periode in _periods_of(day):
            waits[(stap, periode)].append((day - since).days)

    meldingen = within_area(Melding.objects.all(), "buurt_id", buurten)
    for ontvangen in meldingen.filter(ontvangen_op__gte=start, ontvangen_op__lt=end).values_list(
        "ontvangen_op", flat=True
    ):
        count("doorstroom_meldingen_ontvangen", _local(ontvangen))
    # Reports triaged in the year may have come in before it.
    triaged_in_year = (
        StatusWijziging.objects.filter(naar__in=TRIAGED, melding__in=meldingen.values("pk"))
        .values("melding_id", "melding__ontvangen_op")
        .annotate(eerste=Min("op"))
        .filter(eerste__gte=start, eerste__lt=end)
    )
    for ontvangen, moment in triaged_in_year.values_list("melding__ontvangen_op", "eerste"):
        day = _local(moment)
        count("doorstroom_meldingen_getrieerd", day)
        wait("melding_triage", _local(ontvangen), day)

    casussen = within_area(Casus.objects.all(), "objecten__verblijfsobject__buurt_id", buurten)
    made = casussen.filter(aangemaakt_op__gte=start, aangemaakt_op__lt=end)
    made_at = dict(made.values_list("pk", "aangemaakt_op"))
    for moment in made_at.values():
        count("doorstroom_casussen_aangemaakt", _local(moment))
    from_reports = Melding.objects.filter(casus__in=made.values("pk"))
    case_of = dict(from_reports.values_list("pk", "casus_id"))
    first_triage: dict[int, datetime] = {}
    for melding_id, moment in _first_moments(TRIAGED, from_reports).items():
        casus_id = case_of[melding_id]
        if moment <= made_at[casus_id] and (
            casus_id not in first_triage or moment < first_triage[casus_id]
        ):
            first_triage[casus_id] = moment
    for casus_id, moment in first_triage.items():
        wait("triage_casus", _local(moment), _local(made_at[casus_id]))

    closed = casussen.filter(gesloten_op__gte=start, gesloten_op__lt=end)
    for aangemaakt, gesloten in closed.values_list("aangemaakt_op", "gesloten_op"):
        count("doorstroom_casussen_gesloten", _local(gesloten))
        wait("casus_sluiting", _local(aangemaakt), _local(gesloten))

    rows = [
        Cijfer(maat, code, periode, "", counts[(maat, periode)])
        for maat in DOORSTROOM_MATEN
        for periode in periodes(jaar)
    ]
    for (stap, periode), days in waits.items():
        rows += [
            Cijfer(f"doorlooptijd_{stap}_mediaan_dagen", code, periode, "", percentiel(days, 50)),
            Cijfer(f"doorlooptijd_{stap}_p80_dagen", code, periode, "", percentiel(days, 80)),
            Cijfer(f"doorlooptijd_{stap}_aantal", code, periode, "", len(days)),
        ]
    return sorted(rows)


DOORSTROOM_MATEN = (
    "doorstroom_meldingen_ontvangen",
    "doorstroom_meldingen_getrieerd",
    "doorstroom_casussen_aangemaakt",
    "doorstroom_casussen_gesloten",
)


# -- service norms ------------------------------------------------------------------------


def servicenormen(
    *, jaar: int, gebied: Gebied | None = None, peildatum: date | None = None
) -> list[Cijfer]:
    """Per norm (`categorie` the norm's category, `standaard` for the default one) and term
    (triage, afhandeling), of the reports received in the year: how many were judged
    (`servicenorm_<term>_getoetst`), met (`..._gehaald`) and the share met in whole percents
    (`..._gehaald_procent`).

    The terms are the ones set on each report when it came in (`triage_voor`,
    `afgehandeld_voor`, from `intake.routing.Router.deadlines`); a term is met when the step
    was taken on or before its day, missed when it was taken later or is still open after it
    (the work queue's overdue rule, `intake.selectors.melding_queue`), and not judged yet
    while it is open and its day has not passed on `peildatum`."""
    peildatum = peildatum or timezone.localdate()
    code, buurten = gebiedscode(gebied), buurten_in(gebied)
    start, end = _year_window(jaar)
    normen = set(Servicenorm.objects.values_list("categorie", flat=True))
    in_year = within_area(Melding.objects.all(), "buurt_id", buurten).filter(
        ontvangen_op__gte=start, ontvangen_op__lt=end
    )
    reports = in_year.values_list(
        "pk", "ontvangen_op", "categorie", "triage_voor", "afgehandeld_voor"
    )
    triaged = _first_moments(TRIAGED, in_year)
    finished = _first_moments(FINISHED, in_year)
    counts: Counter[tuple[str, str, str]] = Counter()
    for pk, ontvangen, categorie, triage_voor, afgehandeld_voor in reports:
        norm = categorie if categorie in normen else "standaard"
        for term, due, done in (
            ("triage", triage_voor, triaged.get(pk)),
            ("afhandeling", afgehandeld_voor, finished.get(pk)),
        ):
            if due is None or (done is None and due >= peildatum):
                continue
            met = done is not None and _local(done) <= due
            for periode in _periods_of(_local(ontvangen)):
                counts[(f"servicenorm_{term}_getoetst", periode, norm)] += 1
                counts[(f"servicenorm_{term}_gehaald", periode, norm)] += met
    rows = []
    for (maat, periode, norm), n in counts.items():
        rows.append(Cijfer(maat, code, periode, norm, n))
        if maat.endswith("_getoetst"):
            gehaald = counts[(maat.replace("_getoetst", "_gehaald"), periode, norm)]
            rows.append(
                Cijfer(
                    maat.replace("_getoetst", "_gehaald_procent"),
                    code,
                    periode,
                    norm,
                    procent(gehaald, n),
                )
            )
    return sorted(rows)


# -- hit rates ----------------------------------------------------------------------------


def trefkansen(*, jaar: int, gebied: Gebied | None = None) -> list[Cijfer]:
    """Inspections dated in the year by origin (`categorie`: `melding`, `proactief`,
    `integrale_actie`, `hercontrole`, `overig`): how many (`inspecties_uitgevoerd`), how many
    established a violation (`inspecties_met_overtreding`) and the hit rate in whole percents
    (`inspecties_trefkans_procent`). Imported inspections (`registry.Controle`) carry their
    origin and `overtreding`; a visit recorded in a case (its last version) hits when a
    finding was established, and takes the case's origin, or `integrale_actie` when an
    integral action visited it (the action's address holds the visit). The same inspections
    as `controles_uitgevoerd` and `controles_met_overtreding` in `cijfers`."""
    code, buurten = gebiedscode(gebied), buurten_in(gebied)
    counts: Counter[tuple[str, str, str]] = Counter()

    def add(day: date, herkomst: str, hit: bool) -> None:
        for periode in _periods_of(day):
            counts[("inspecties_uitgevoerd", periode, herkomst)] += 1
            counts[("inspecties_met_overtreding", periode, herkomst)] += hit

    imported = within_area(
        Controle.objects.filter(datum__year=jaar), "verblijfsobject__buurt_id", buurten
    )
    for datum, aanleiding, overtreding in imported.values_list(
        "datum", "aanleiding", "overtreding"
    ).iterator(chunk_size=20_000):
        add(datum, aanleiding, overtreding == "ja")
    recorded = within_area(
        Bezoek.objects.filter(correctie__isnull=True, datum__year=jaar),
        "casusobject__verblijfsobject__buurt_id",
        buurten,
    ).annotate(
        hit=Exists(Bevinding.objects.filter(bezoek=OuterRef("pk"), vastgesteld=True)),
        in_actie=Exists(Actieadres.objects.filter(bezoek=OuterRef("pk"))),
    )
    for datum, herkomst, hit, in_actie in recorded.values_list(
        "datum", "casus__herkomst", "hit", "in_actie"
    ):
        add(datum, "integrale_actie" if in_actie else HERKOMST_VAN_CASUS[herkomst], hit)
    rows = []
    for (maat, periode, herkomst), n in counts.items():
        rows.append(Cijfer(maat, code, periode, herkomst, n))
        if maat == "inspecties_uitgevoerd":
            hits = counts[("inspecties_met_overtreding", periode, herkomst)]
            rows.append(
                Cijfer("inspecties_trefkans_procent", code, periode, herkomst, procent(hits, n))
            )
    return sorted(rows)


# -- enforcement --------------------------------------------------------------------------


def handhaving(
    *, jaar: int, gebied: Gebied | None = None, peildatum: date | None = None
) -> list[Cijfer]:
    """Enforcement decisions dated in the year per instrument (`handhaving_besluiten`,
    `categorie` the instrument's registration code): imported ones (`registry.Handhaving`) and
    decision steps of procedures (`Trajectstap` soort besluit), each decision once. And the
    procedures running at the end of `peildatum` per instrument (`handhaving_trajecten_lopend`,
    under the year)."""
    peildatum = peildatum or timezone.localdate()
    code, buurten = gebiedscode(gebied), buurten_in(gebied)
    counts: Counter[tuple[str, str, str]] = Counter()
    imported = within_area(
        Handhaving.objects.filter(datum__year=jaar), "verblijfsobject__buurt_id", buurten
    )
    for datum, instrument in imported.values_list("datum", "instrument"):
        for periode in _periods_of(datum):
            counts[("handhaving_besluiten", periode, instrument)] += 1
    steps = within_area(
        Trajectstap.objects.filter(soort=Stapsoort.BESLUIT, datum__year=jaar),
        "traject__verblijfsobjecten__buurt_id",
        buurten,
    )
    for datum, instrument in steps.values_list(
        "datum", "traject__instrumentversie__instrument__registratiecode"
    ):
        for periode in _periods_of(datum):
            counts[("handhaving_besluiten", periode, instrument)] += 1
    running = within_area(
        Traject.objects.filter(gestart_op__lt=_end_of(peildatum)).filter(
            Q(afgesloten_op__isnull=True) | Q(afgesloten_op__gt=peildatum)
        ),
        "verblijfsobjecten__buurt_id",
        buurten,
    )
    for (instrument,) in running.values_list("instrumentversie__instrument__registratiecode"):
        counts[("handhaving_trajecten_lopend", str(jaar), instrument)] += 1
    return sorted(Cijfer(m, code, p, c, n) for (m, p, c), n in counts.items())


# -- open work ----------------------------------------------------------------------------


def open_werk(
    *, jaar: int, gebied: Gebied | None = None, peildatum: date | None = None
) -> list[Cijfer]:
    """Open work at the end of `peildatum` per organisation (`categorie` its code), under the
    year: tasks open then (`open_taken`: made by then, and still open or done only later), of
    which past their deadline (`open_taken_te_laat`), and open cases of the organisation that
    directs them (`open_casussen`: made by then and not closed by then). A lapsed task has no
    date of lapsing and counts as not open."""
    peildatum = peildatum or timezone.localdate()
    code, buurten = gebiedscode(gebied), buurten_in(gebied)
    until = _end_of(peildatum)
    counts: Counter[tuple[str, str]] = Counter()
    tasks = within_area(
        Taak.objects.filter(aangemaakt_op__lt=until).filter(
            Q(status=Taakstatus.OPEN) | Q(status=Taakstatus.AFGEROND, afgerond_op__gte=until)
        ),
        "casus__objecten__verblijfsobject__buurt_id",
        buurten,
    )
    for organisatie, deadline in tasks.values_list("organisatie__code", "deadline"):
        counts[("open_taken", organisatie)] += 1
        counts[("open_taken_te_laat", organisatie)] += deadline < peildatum
    cases = within_area(
        Casus.objects.filter(aangemaakt_op__lt=until).filter(
            Q(gesloten_op__isnull=True) | Q(gesloten_op__gte=until)
        ),
        "objecten__verblijfsobject__buurt_id",
        buurten,
    )
    for (organisatie,) in cases.values_list("organisatie__code"):
        counts[("open_casussen", organisatie)] += 1
    organisaties = {o for _, o in counts}
    return sorted(
        Cijfer(maat, code, str(jaar), o, counts[(maat, o)])
        for o in organisaties
        for maat in ("open_taken", "open_taken_te_laat", "open_casussen")
    )
