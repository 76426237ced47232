"""Each target of the plan against its realisation (issue 17, point 2): to date for a year,
per focus buurt and in total, per quarter against the pro-rata line, with a forecast for the
year by linear extrapolation of the year to date (realised / share of the year passed).

The figures of areas come from `cijfers.cijfers` (the same rows the exports write); the
landlord talks have no area and count for the whole gemeente. Reports made, the council
informed and the evaluations count the reports established as published (`TELLERS`,
`vaststelling.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.db.models.functions import ExtractQuarter

from goedwonen.registry.models import Gebied, Gebiedssoort
from goedwonen.verhuurders import regels
from goedwonen.verhuurders.models import Gesprekssoort, Gespreksstatus, Verhuurdergesprek

from .cijfers import DOELMATEN, Cijfer, cijfers
from .doelen import Doel, doelen_op
from .models import Doelperiode, Rapportvaststelling

# Measures without an area: counted for the whole gemeente.
GESPREKMATEN = ("stopgesprekken_gehouden", "waarschuwingen_gemonitord")


def _vastgesteld(soort: str, *, in_het_jaar: bool) -> Callable[[int, date], int]:
    """The reports of a kind established (published) by the reference date: those of the
    year for a yearly target, all so far for a one-off one; one per report year and area."""

    def count(jaar: int, peildatum: date) -> int:
        rows = Rapportvaststelling.objects.filter(soort=soort, vastgesteld_op__date__lte=peildatum)
        if in_het_jaar:
            rows = rows.filter(vastgesteld_op__year=jaar)
        return rows.values("jaar", "gebiedcode").distinct().count()

    return count


# Counts of measures that are not figures per area: (jaar, peildatum) -> realised.
TELLERS: dict[str, Callable[[int, date], int]] = {
    "signaleringsrapporten": _vastgesteld("signalering", in_het_jaar=True),
    "raadsinformaties": _vastgesteld("raad", in_het_jaar=True),
    "evaluaties_tussentijds": _vastgesteld("evaluatie-tussentijds", in_het_jaar=False),
    "evaluaties_volledig": _vastgesteld("evaluatie-volledig", in_het_jaar=False),
}
# Two-weekly: meetings a year in each area.
PER_JAAR_TWEEWEKELIJKS = 26


@dataclass(frozen=True)
class Gebiedsregel:
    code: str
    naam: str
    waarde: int
    doel_tot_nu: Decimal | None  # the pro-rata target for this area alone, if it has one

    @property
    def op_koers(self) -> bool | None:
        return None if self.doel_tot_nu is None else self.waarde >= self.doel_tot_nu


@dataclass(frozen=True)
class Kwartaal:
    label: str  # 2026-Q1
    waarde: int  # realised in the quarter
    cumulatief: int
    lijn: Decimal  # the pro-rata target at the quarter's end


@dataclass(frozen=True)
class Realisatie:
    doel: Doel
    gemeten: bool
    maat: str
    totaal: int = 0
    doel_jaar: Decimal | None = None  # the target for the year (shown areas together)
    doel_tot_nu: Decimal | None = None  # the pro-rata target on the reference date
    prognose: int | None = None
    gebieden: list[Gebiedsregel] = field(default_factory=list)
    kwartalen: list[Kwartaal] = field(default_factory=list)
    gemeente: str = ""  # the area code of a figure without area
    toelichting: str = ""

    @property
    def aandeel(self) -> int | None:
        """The realisation as a percentage of the year's target."""
        if self.doel_jaar is None or not self.doel_jaar:
            return None
        return int(
            (Decimal(self.totaal) * 100 / self.doel_jaar).quantize(Decimal(1), ROUND_HALF_UP)
        )

    @property
    def op_koers(self) -> bool | None:
        if not self.gemeten or self.doel_tot_nu is None:
            return None
        if self.doel.periode == Doelperiode.DOORLOPEND:
            return self.totaal >= self.doel.waarde
        return self.totaal >= self.doel_tot_nu


def verstreken(jaar: int, peildatum: date) -> Decimal:
    """The share of the year passed on the reference date (its day included), 0 to 1."""
    start, end = date(jaar, 1, 1), date(jaar, 12, 31)
    if peildatum < start:
        return Decimal(0)
    days = (min(peildatum, end) - start).days + 1
    return Decimal(days) / Decimal((end - start).days + 1)


def _focus_areas(gebied: Gebied | None) -> list[Gebied]:
    """The focus buurten within the filter's area; the area itself when it holds none."""
    focus = list(
        Gebied.objects.filter(soort=Gebiedssoort.BUURT, focusgebied=True)
        .select_related("bovenliggend__bovenliggend")
        .order_by("naam")
    )
    if gebied is None:
        return focus

    def chain(area: Gebied) -> set[int]:
        found = set()
        current: Gebied | None = area
        while current is not None:
            found.add(current.pk)
            current = current.bovenliggend
        return found

    within = [b for b in focus if gebied.pk in chain(b)]
    return within or [gebied]


def _gemeente() -> str:
    return (
        Gebied.objects.filter(soort=Gebiedssoort.GEMEENTE)
        .order_by("code")
        .values_list("code", flat=True)
        .first()
        or ""
    )


def _talks(maat: str, jaar: int, peildatum: date) -> dict[int, int]:
    """Per quarter: stop talks held, or owners with a warning talk held who are monitored."""
    soort = (
        Gesprekssoort.STOPGESPREK
        if maat == "stopgesprekken_gehouden"
        else Gesprekssoort.WAARSCHUWINGSGESPREK
    )
    talks = Verhuurdergesprek.objects.filter(
        soort=soort,
        status=Gespreksstatus.GEHOUDEN,
        gehouden_op__year=jaar,
        gehouden_op__lte=peildatum,
    )
    if maat == "stopgesprekken_gehouden":
        rows = talks.annotate(k=ExtractQuarter("gehouden_op")).values("k").annotate(n=Count("pk"))
        return {r["k"]: r["n"] for r in rows}
    # An owner once, in the quarter of the year's first warning talk.
    first: dict[int, date] = {}
    for eigenaar, held in talks.order_by("gehouden_op").values_list("eigenaar_id", "gehouden_op"):
        if held is not None:  # the filter on the year rules out none
            first.setdefault(eigenaar, held)
    monitored = regels.monitoring_on(peildatum, eigenaren=first) if first else {}
    per: dict[int, int] = {}
    for eigenaar, held in first.items():
        if eigenaar in monitored:
            per[(held.month - 1) // 3 + 1] = per.get((held.month - 1) // 3 + 1, 0) + 1
    return per


def _year_target(doel: Doel, jaar: int, areas: int) -> Decimal | None:
    if doel.periode == Doelperiode.JAAR:
        return doel.waarde
    if doel.periode == Doelperiode.TWEE_WEKEN:
        return doel.waarde * PER_JAAR_TWEEWEKELIJKS * areas
    if doel.periode == Doelperiode.EENMALIG:
        return doel.waarde if doel.uiterlijk_op and doel.uiterlijk_op.year == jaar else None
    return doel.waarde  # a share: the same every day


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), ROUND_HALF_UP)


def realisaties(*, jaar: int, gebied: Gebied | None, peildatum: date) -> list[Realisatie]:
    """Every target valid on the reference date against its realisation. No actor: the
    figures are counts (the dashboard's page checks STEERING_VIEW)."""
    doelen = doelen_op(min(peildatum, date(jaar, 12, 31)))
    areas = _focus_areas(gebied)
    rows = cijfers(jaar=jaar, maten=DOELMATEN)
    gemeente = _gemeente()
    passed = verstreken(jaar, peildatum)
    found = []
    for doel in doelen:
        maat = doel.maat
        if maat not in DOELMATEN and maat not in GESPREKMATEN and maat not in TELLERS:
            found.append(Realisatie(doel=doel, gemeten=False, maat=maat))
            continue
        # Per area and quarter.
        per_quarter: dict[int, int] = {}
        per_area: dict[str, int] = {}
        if maat in DOELMATEN:
            codes = {a.code for a in areas}
            # An action may be in a wijk: the total of all actions, as the action list counts.
            whole = maat == "integrale_acties_gehouden" and gebied is None and gemeente
            counted = {gemeente} if whole else codes
            totaal = 0
            for c in rows:
                if c.maat != maat:
                    continue
                if c.periode == str(jaar):
                    if c.gebied in codes:
                        per_area[c.gebied] = per_area.get(c.gebied, 0) + c.waarde
                    if c.gebied in counted:
                        totaal += c.waarde
                elif c.gebied in counted:
                    q = int(c.periode[-1])
                    per_quarter[q] = per_quarter.get(q, 0) + c.waarde
        elif maat in GESPREKMATEN:
            per_quarter = _talks(maat, jaar, peildatum)
            totaal = sum(per_quarter.values())
        else:
            totaal = TELLERS[maat](jaar, peildatum)
        # A target of the focus areas together applies to them together (a two-weekly one
        # to each area); one of an area, to that area.
        applies = (
            doel.periode == Doelperiode.TWEE_WEKEN
            or (doel.gebied is None and gebied is None)
            or (doel.gebied is not None and gebied is not None and doel.gebied.pk == gebied.pk)
        )
        if doel.periode == Doelperiode.DOORLOPEND:
            # A share: of the owners with a warning talk, those monitored.
            held = _talks_total_warned(jaar, peildatum) if maat in GESPREKMATEN else totaal
            share = Decimal(100) if not held else _round(Decimal(totaal) * 100 / held)
            found.append(
                Realisatie(
                    doel=doel,
                    gemeten=True,
                    maat=maat,
                    totaal=int(share),
                    doel_jaar=doel.waarde,
                    doel_tot_nu=doel.waarde,
                    gemeente=gemeente,
                    kwartalen=_quarters(jaar, per_quarter, None, peildatum),
                    toelichting=f"{totaal} van de {held} eigenaren met een waarschuwingsgesprek "
                    f"in {jaar} zijn in monitoring.",
                )
            )
            continue
        n_areas = len(areas) if doel.periode == Doelperiode.TWEE_WEKEN else 1
        doel_jaar = _year_target(doel, jaar, n_areas) if applies else None
        doel_tot_nu = None if doel_jaar is None else _round(doel_jaar * passed)
        if doel.periode == Doelperiode.EENMALIG and doel_jaar is not None:
            doel_tot_nu = (
                doel_jaar if doel.uiterlijk_op and peildatum >= doel.uiterlijk_op else Decimal(0)
            )
        per_area_target = (
            _round(doel.waarde * PER_JAAR_TWEEWEKELIJKS * passed)
            if doel.periode == Doelperiode.TWEE_WEKEN
            else None
        )
        gebieden = (
            [Gebiedsregel(a.code, a.naam, per_area.get(a.code, 0), per_area_target) for a in areas]
            if maat in DOELMATEN
            else []
        )
        prognose = (
            int((Decimal(totaal) / passed).quantize(Decimal(1), ROUND_HALF_UP))
            if passed and doel.periode != Doelperiode.EENMALIG
            else None
        )
        found.append(
            Realisatie(
                doel=doel,
                gemeten=True,
                maat=maat,
                totaal=totaal,
                doel_jaar=doel_jaar,
                doel_tot_nu=doel_tot_nu,
                prognose=prognose,
                gebieden=gebieden,
                kwartalen=_quarters(jaar, per_quarter, doel_jaar, peildatum),
                gemeente=gemeente,
                toelichting=""
                if applies
                else "Het doel geldt voor de vijf focusgebieden samen; hier alleen de realisatie.",
            )
        )
    return found


def _talks_total_warned(jaar: int, peildatum: date) -> int:
    return (
        Verhuurdergesprek.objects.filter(
            soort=Gesprekssoort.WAARSCHUWINGSGESPREK,
            status=Gespreksstatus.GEHOUDEN,
            gehouden_op__year=jaar,
            gehouden_op__lte=peildatum,
        )
        .values("eigenaar_id")
        .distinct()
        .count()
    )


def _quarters(
    jaar: int, per_quarter: dict[int, int], doel_jaar: Decimal | None, peildatum: date
) -> list[Kwartaal]:
    """The quarters begun by the reference date, cumulative, with the pro-rata line."""
    found = []
    running = 0
    for q in range(1, 5):
        start = date(jaar, 3 * q - 2, 1)
        if start > peildatum:
            break
        end = date(jaar + (q == 4), (3 * q) % 12 + 1, 1) - timedelta(days=1)
        running += per_quarter.get(q, 0)
        line = Decimal(0) if doel_jaar is None else _round(doel_jaar * verstreken(jaar, end))
        found.append(Kwartaal(f"{jaar}-Q{q}", per_quarter.get(q, 0), running, line))
    return found


def realisatie_cijfers(items: list[Realisatie], jaar: int) -> list[Cijfer]:
    """The section's figures as exported: per shown area and in total per quarter."""
    found = []
    for r in items:
        if not r.gemeten or r.maat not in (*DOELMATEN, "stopgesprekken_gehouden"):
            continue
        for g in r.gebieden:
            found.append(Cijfer(r.maat, g.code, str(jaar), "", g.waarde))
        if not r.gebieden and r.gemeente:
            found.append(Cijfer(r.maat, r.gemeente, str(jaar), "", r.totaal))
            for k in r.kwartalen:
                found.append(Cijfer(r.maat, r.gemeente, k.label, "", k.waarde))
    return sorted(set(found))
