"""What the signal report reads besides the contract figures (`cijfers`): findings per
category, dwellings per buurt, the case tables' signals, the analysis' selections and hit
rates, and the outcomes and targets other parts of issue 17 provide. Aggregates only, except
the case-table signals, which the tables record for this report without personal data."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Count
from django.db.models.functions import ExtractQuarter

from goedwonen.registry.models import Controle, Gebied, Gebiedssoort, Verblijfsobject

from .werkstroom import buurten_in


def buurten_binnen(gebied: str | None) -> dict[str, str]:
    """code -> name of the buurten within the area (a code; None: all), by name."""
    areas = list(Gebied.objects.values_list("pk", "code", "naam", "soort", "bovenliggend_id"))
    parent = {pk: up for pk, _, _, _, up in areas}
    code_of = {pk: code for pk, code, _, _, _ in areas}
    found: dict[str, str] = {}
    for pk, code, naam, soort, _ in sorted(areas, key=lambda a: a[2]):
        if soort != Gebiedssoort.BUURT:
            continue
        chain: set[str] = set()
        current: int | None = pk
        while current is not None:
            chain.add(code_of[current])
            current = parent.get(current)
        if gebied is None or gebied in chain:
            found[code] = naam
    return found


def woningen_per_buurt() -> dict[str, int]:
    """The dwellings (registry `Verblijfsobject`, is_woning) per buurt code."""
    rows = (
        Verblijfsobject.objects.filter(is_woning=True, buurt__isnull=False)
        .values("buurt__code")
        .annotate(n=Count("pk"))
    )
    return {row["buurt__code"]: row["n"] for row in rows}


def bevindingen(jaar: int, buurten: set[str]) -> Counter[tuple[str, str]]:
    """Violations established per (category, quarter) in the year on dwellings in the
    buurten: the categories of imported inspections with a violation, and the established
    findings of visits recorded in cases (their last version)."""
    from goedwonen.inspecties.models import Bevinding

    counts: Counter[tuple[str, str]] = Counter()
    imported = (
        Controle.objects.filter(
            datum__year=jaar, overtreding="ja", verblijfsobject__buurt__code__in=buurten
        )
        .annotate(kwartaal=ExtractQuarter("datum"))
        .values_list("categorieen", "kwartaal")
    )
    for categorieen, kwartaal in imported.iterator(chunk_size=20_000):
        for categorie in set(categorieen or []):
            counts[(categorie, f"Q{kwartaal}")] += 1
    recorded = (
        Bevinding.objects.filter(
            vastgesteld=True,
            bezoek__correctie__isnull=True,
            bezoek__datum__year=jaar,
            bezoek__casusobject__verblijfsobject__buurt__code__in=buurten,
        )
        .annotate(kwartaal=ExtractQuarter("bezoek__datum"))
        .values_list("categorie", "kwartaal")
    )
    for categorie, kwartaal in recorded:
        counts[(categorie, f"Q{kwartaal}")] += 1
    return counts


@dataclass(frozen=True)
class Signaal:
    datum: date
    tafel: str
    gebied: str
    categorie: str
    omschrijving: str


def tafelsignalen(jaar: int, gebied: Gebied | None) -> list[Signaal]:
    """The signals the case tables recorded in the year, in the area (or in an area within
    it) when one is given."""
    from django.utils import timezone

    from goedwonen.casustafels.models import Tafelsignaal

    signalen = Tafelsignaal.objects.filter(vastgelegd_op__year=jaar).select_related(
        "gebied", "vergadering__tafel"
    )
    if (within := buurten_in(gebied)) is not None:
        signalen = signalen.filter(gebied_id__in=within)
    return [
        Signaal(
            datum=timezone.localtime(s.vastgelegd_op).date(),
            tafel=s.vergadering.tafel.naam,
            gebied=s.gebied.naam,
            categorie=s.categorie,
            omschrijving=s.omschrijving,
        )
        for s in signalen
    ]


def geselecteerd_per_buurt(jaar: int, buurten: set[str]) -> Counter[str]:
    """Addresses kept in the selections approved in the year, per buurt code."""
    from goedwonen.analytics.models import Handmatig, Selectieadres, Selectiestatus

    rows = (
        Selectieadres.objects.filter(
            selectie__status=Selectiestatus.GOEDGEKEURD,
            selectie__beoordeeld_op__year=jaar,
            verblijfsobject__buurt__code__in=buurten,
        )
        .exclude(handmatig=Handmatig.VERWIJDERD)
        .values("verblijfsobject__buurt__code")
        .annotate(n=Count("pk"))
    )
    return Counter({row["verblijfsobject__buurt__code"]: row["n"] for row in rows})


@dataclass(frozen=True)
class Runtreffers:
    run_id: int
    peildatum: date
    per_buurt: dict[str, tuple[int, int]]  # code -> (inspected dwellings, with a violation)


def treffers_laatste_run(jaar: int) -> Runtreffers | None:
    """Per buurt, the inspected dwellings of the latest finished run started in or before the
    year whose files are still there, and how many had a violation (the analysis' one
    definition of a hit, `fairness.run_buurt_figures`). None when there is no such run."""
    from goedwonen.analytics import fairness
    from goedwonen.analytics.models import Risicorun
    from goedwonen.analytics.selectors import HIT_RATE_RUNS_TRIED, has_scores, scores_path

    runs = Risicorun.objects.filter(
        status=Risicorun.Status.KLAAR, gestart_op__year__lte=jaar
    ).order_by("-gestart_op", "-pk")[:HIT_RATE_RUNS_TRIED]
    for run in runs:
        if has_scores(run) and (scores_path(run).parent / "controles.parquet").exists():
            figures = fairness.run_buurt_figures(
                scores=scores_path(run), events_dir=scores_path(run).parent
            )
            return Runtreffers(
                run_id=run.pk,
                peildatum=run.peildatum,
                per_buurt={
                    f["buurtcode"]: (
                        f["gecontroleerd"],
                        round((f["trefkans"] or 0.0) * f["gecontroleerd"]),
                    )
                    for f in figures
                },
            )
    return None
