"""Reads of the analysis: runs, their scores per dwelling (from the run's Parquet file, through
DuckDB), the catalogue and selections.

Every read of scores per address writes a processing-log line (activity
`risicoselectie-woningtoezicht`). The query functions without an actor (`query_scores`,
`score_rows`) are for the services, which check the policy and log themselves. User input
reaches DuckDB only as bound parameters; the one identifier built into SQL (an indicator's
signal column) is taken from the run's own list of indicator codes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from goedwonen.core.models import Verwerkingsactiviteitcode
from goedwonen.core.policy import Capability, require, require_any
from goedwonen.core.processing_log import DataSubject, processing_log_record
from goedwonen.core.registries import inspection_origins
from goedwonen.registry.models import Gebied, Gebiedssoort, Gebiedsvorm

from . import fairness
from .engine import process_cursor
from .learning import OUTCOME_SOURCES, Voorstel
from .models import Catalogusversie, Handmatig, Indicator, Risicorun, Selectie, Selectieadres
from .store import run_folder

if TYPE_CHECKING:
    from goedwonen.accounts.models import User

ACTIVITY = Verwerkingsactiviteitcode.RISICOSELECTIE_WONINGTOEZICHT
MAP_POINT_LIMIT = 5000
ROW_COLUMNS = (
    "object_id",
    "buurtcode",
    "straat",
    "huisnummer",
    "postcode",
    "eigenaar_id",
    "score",
    "rank",
    "redenen",
)
# Anyone who works with runs may see the run records themselves (no scores per address);
# a catalogue manager adopts weights learned from a run.
RUN_READERS = (
    Capability.ANALYSIS_VIEW,
    Capability.ANALYSIS_RUN,
    Capability.SELECTION_COMPOSE,
    Capability.SELECTION_APPROVE,
    Capability.CATALOGUE_MANAGE,
)


@dataclass(frozen=True)
class ScoreFilters:
    buurt: str = ""
    straat: str = ""
    indicator: str = ""
    eigenaar: str = ""

    def as_dict(self) -> dict[str, str]:
        return {key: value for key, value in asdict(self).items() if value}


@dataclass(frozen=True)
class ScorePage:
    rows: list[dict[str, Any]]
    total: int


@dataclass(frozen=True)
class Bijdrage:
    code: str
    naam: str
    gewicht: float
    signaal: float
    bijdrage: float
    waarde: float | None


def scores_path(run: Risicorun) -> Path:
    return run_folder(run) / "scores.parquet"


def has_scores(run: Risicorun) -> bool:
    return run.status == Risicorun.Status.KLAAR and scores_path(run).exists()


def run_indicators(run: Risicorun) -> list[Indicator]:
    """The catalogue's indicators the run scored with, in catalogue order, each with the
    weight the run used (`gewicht` as recorded in the run)."""
    used = run.parameters or {}
    indicators = [i for i in run.catalogus.indicatoren.order_by("volgorde") if i.code in used]
    for indicator in indicators:
        indicator.gewicht = used[indicator.code]["gewicht"]
    return indicators


def _where(run: Risicorun, filters: ScoreFilters, positive_only: bool) -> tuple[str, list[Any]]:
    clauses, params = ["true"], []
    if positive_only:
        clauses.append("score > 0")
    if filters.buurt:
        clauses.append("buurtcode = ?")
        params.append(filters.buurt)
    if filters.straat:
        clauses.append("contains(lower(straat), lower(?))")
        params.append(filters.straat)
    if filters.eigenaar:
        clauses.append("eigenaar_id = ?")
        params.append(filters.eigenaar)
    if filters.indicator:
        if filters.indicator in (run.parameters or {}):
            clauses.append(f'"s_{filters.indicator}" > 0')
        else:
            clauses.append("false")
    return " AND ".join(clauses), params


def scores_warm() -> None:
    """Open this process's DuckDB before its first ranking (see goedwonen.gunicorn_hooks)."""
    cursor = process_cursor()
    try:
        cursor.execute("SELECT 1").fetchall()
    finally:
        cursor.close()


def query_scores(
    run: Risicorun,
    filters: ScoreFilters,
    *,
    limit: int,
    offset: int = 0,
    positive_only: bool = False,
) -> ScorePage:
    """Rows of the run's ranking that pass the filters, best first. No policy, no log.

    A finished run's scores file is written once: a page read from it is kept in this
    process, keyed on the file as it is on disk (path, time and size), so the ranking's
    three DuckDB reads run once per page, not on every view (16 ms of a 38 ms page at a
    million cases, ADR 0027). The caller gets its own copy of the rows."""
    if not has_scores(run):
        return ScorePage([], 0)
    path = scores_path(run)
    on_disk = path.stat()
    where, params = _where(run, filters, positive_only)
    kept = _scores_page(
        str(path), on_disk.st_mtime_ns, on_disk.st_size, where, tuple(params), limit, offset
    )
    return ScorePage([dict(row) for row in kept.rows], kept.total)


@lru_cache(maxsize=32)
def _scores_page(
    path: str,
    mtime_ns: int,
    size: int,
    where: str,
    params: tuple[str, ...],
    limit: int,
    offset: int,
) -> ScorePage:
    con = process_cursor()
    try:
        source = "read_parquet(?)"
        total = con.execute(
            f"SELECT count(*) FROM {source} WHERE {where}",  # noqa: S608 - no user text
            [path, *params],
        ).fetchone()
        # The page's ranks first, reading only the columns filtered on; then the rows of those
        # ranks (sorting every row with its reasons took most of the time).
        ranks = [
            r[0]
            for r in con.execute(
                f"SELECT rank FROM {source} WHERE {where} "  # noqa: S608
                "ORDER BY rank LIMIT ? OFFSET ?",
                [path, *params, limit, offset],
            ).fetchall()
        ]
        rows = (
            con.execute(
                f"SELECT {', '.join(ROW_COLUMNS)} FROM {source} "  # noqa: S608
                "WHERE list_contains(?, rank) ORDER BY rank",
                [path, ranks],
            ).fetchall()
            if ranks
            else []
        )
    finally:
        con.close()
    return ScorePage(
        [dict(zip(ROW_COLUMNS, row, strict=True)) for row in rows], int(total[0] if total else 0)
    )


def score_rows(run: Risicorun, object_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Every column of the run's rows for these dwellings, by object id. No policy, no log."""
    if not has_scores(run) or not object_ids:
        return {}
    con = process_cursor()
    try:
        relation = con.execute(
            "SELECT * FROM read_parquet(?) WHERE list_contains(?, object_id)",
            [str(scores_path(run)), object_ids],
        )
        names = [d[0] for d in relation.description]
        return {row[0]: dict(zip(names, row, strict=True)) for row in relation.fetchall()}
    finally:
        con.close()


def _log(
    actor: User, operation: str, object_ref: str, subjects: list[DataSubject] | None = None
) -> None:
    with transaction.atomic():
        processing_log_record(
            actor=actor,
            operation=operation,
            activity=ACTIVITY,
            object_ref=object_ref,
            subjects=subjects or (),
        )


def run_list(*, actor: User, zoek: str = "", status: str = "") -> QuerySet[Risicorun]:
    """The runs; `zoek` a run number or part of its area's name."""
    require_any(actor, *RUN_READERS)
    runs = Risicorun.objects.select_related("gebied", "catalogus", "gestart_door")
    if term := zoek.strip().removeprefix("Run ").removeprefix("run ").strip():
        number = int(term) if term.isdecimal() and len(term) < 10 else None
        found = Q(gebied__naam__icontains=term)
        runs = runs.filter(found | Q(pk=number) if number is not None else found)
    if status:
        runs = runs.filter(status=status)
    return runs


def run_get(*, actor: User, pk: int) -> Risicorun:
    """The run record (raises Risicorun.DoesNotExist)."""
    return run_list(actor=actor).get(pk=pk)


def run_ranking(
    *, actor: User, run: Risicorun, filters: ScoreFilters, limit: int, offset: int
) -> ScorePage:
    """A page of the run's ranking with the reasons per address. Logged."""
    require(actor, Capability.ANALYSIS_VIEW)
    page = query_scores(run, filters, limit=limit, offset=offset)
    if page.rows:
        _log(
            actor,
            f"Rangorde van risicorun {run.pk} ingezien ({len(page.rows)} adressen vanaf "
            f"plaats {offset + 1})",
            f"risicorun:{run.pk}",
        )
    return page


def run_dwelling(
    *, actor: User, run: Risicorun, object_id: str
) -> tuple[dict[str, Any], list[Bijdrage]] | None:
    """One dwelling's row in the run with each indicator's contribution, largest first.
    None when the run did not score it. Logged."""
    require(actor, Capability.ANALYSIS_VIEW)
    row = score_rows(run, [object_id]).get(object_id)
    if row is None:
        return None
    contributions = [
        Bijdrage(
            code=i.code,
            naam=i.naam,
            gewicht=i.gewicht,
            signaal=row.get(f"s_{i.code}") or 0.0,
            bijdrage=round(i.gewicht * (row.get(f"s_{i.code}") or 0.0), 6),
            waarde=row.get(f"w_{i.code}"),
        )
        for i in run_indicators(run)
    ]
    contributions.sort(key=lambda b: -b.bijdrage)
    subjects = [DataSubject("eigenaar", row["eigenaar_id"])] if row.get("eigenaar_id") else []
    _log(
        actor,
        f"Score en redenen van {object_id} in risicorun {run.pk} ingezien",
        f"risicorun:{run.pk}",
        subjects,
    )
    return row, contributions


def run_map(*, actor: User, run: Risicorun) -> dict[str, Any]:
    """The highest-scoring dwellings with a signal (at most MAP_POINT_LIMIT) as points, and
    the buurten with their mean score. Logged."""
    require(actor, Capability.ANALYSIS_VIEW)
    if not has_scores(run):
        return {"punten": [], "buurten": {"type": "FeatureCollection", "features": []}}
    con = process_cursor()
    try:
        points = con.execute(
            "SELECT object_id, lon, lat, score, straat || ' ' || huisnummer FROM read_parquet(?) "
            "WHERE score > 0 AND lon IS NOT NULL ORDER BY rank LIMIT ?",
            [str(scores_path(run)), MAP_POINT_LIMIT],
        ).fetchall()
        means = con.execute(
            "SELECT buurtcode, avg(score), count(*) FROM read_parquet(?) GROUP BY buurtcode",
            [str(scores_path(run))],
        ).fetchall()
    finally:
        con.close()
    per_buurt = {code: (mean, count) for code, mean, count in means}
    features = [
        {
            "type": "Feature",
            "geometry": vorm.geometrie,
            "properties": {
                "code": vorm.gebied.code,
                "naam": vorm.gebied.naam,
                "gemiddelde": round(per_buurt[vorm.gebied.code][0], 3),
                "woningen": per_buurt[vorm.gebied.code][1],
            },
        }
        for vorm in Gebiedsvorm.objects.filter(
            gebied__soort=Gebiedssoort.BUURT, gebied__code__in=list(per_buurt)
        )
        .select_related("gebied")
        .order_by("gebied__code")
    ]
    _log(actor, f"Risicokaart van risicorun {run.pk} ingezien", f"risicorun:{run.pk}")
    return {
        "punten": [
            {"id": o, "lon": lon, "lat": lat, "score": round(s, 3), "label": label}
            for o, lon, lat, s, label in points
        ],
        "buurten": {"type": "FeatureCollection", "features": features},
    }


def buurt_means(*, actor: User, run: Risicorun) -> list[tuple[str, str, float, int]]:
    """(code, naam, mean score, dwellings) per buurt of the run: the table beside the map."""
    require(actor, Capability.ANALYSIS_VIEW)
    if not has_scores(run):
        return []
    con = process_cursor()
    try:
        rows = con.execute(
            "SELECT buurtcode, avg(score), count(*) FROM read_parquet(?) GROUP BY buurtcode "
            "ORDER BY 2 DESC",
            [str(scores_path(run))],
        ).fetchall()
    finally:
        con.close()
    names = dict(Gebied.objects.filter(code__in=[r[0] for r in rows]).values_list("code", "naam"))
    return [(code, names.get(code, code), round(mean, 3), n) for code, mean, n in rows]


def run_buurten(run: Risicorun) -> list[tuple[str, str]]:
    """(code, naam) of the buurten in the run's area, for the filter."""
    from .services import buurten_of

    codes = buurten_of(run.gebied)
    buurten = Gebied.objects.filter(soort=Gebiedssoort.BUURT)
    if codes is not None:
        buurten = buurten.filter(code__in=codes)
    return list(buurten.order_by("naam").values_list("code", "naam"))


def catalogue(*, actor: User, versie: int | None = None) -> Catalogusversie:
    """A catalogue version (the latest when None) with its indicators prefetched."""
    require(actor, Capability.ANALYSIS_VIEW)
    versies = Catalogusversie.objects.prefetch_related("indicatoren")
    if versie is None:
        found = versies.order_by("-versie").first()
        if found is None:
            raise Catalogusversie.DoesNotExist
        return found
    return versies.get(versie=versie)


def selectie_list(*, actor: User, zoek: str = "", status: str = "") -> QuerySet[Selectie]:
    """The selections; `zoek` part of the name."""
    require_any(actor, Capability.ANALYSIS_VIEW, Capability.SELECTION_APPROVE)
    selecties = Selectie.objects.select_related(
        "run", "gebied", "samengesteld_door", "beoordeeld_door"
    )
    if term := zoek.strip():
        selecties = selecties.filter(naam__icontains=term)
    if status:
        selecties = selecties.filter(status=status)
    return selecties


def selectie_get(*, actor: User, pk: int) -> Selectie:
    """The selection record (raises Selectie.DoesNotExist); its addresses via
    `selectie_adressen`, which logs."""
    require_any(
        actor,
        Capability.ANALYSIS_VIEW,
        Capability.SELECTION_COMPOSE,
        Capability.SELECTION_APPROVE,
        Capability.CASES_DIRECT,
    )
    return Selectie.objects.select_related(
        "run", "gebied", "samengesteld_door", "beoordeeld_door"
    ).get(pk=pk)


def selectie_adressen(
    *, actor: User, selectie: Selectie, purpose: str = "ingezien"
) -> list[Selectieadres]:
    """Every address row of the selection, removed ones included (they stay visible), with
    its address. Logged."""
    require_any(actor, Capability.ANALYSIS_VIEW, Capability.SELECTION_APPROVE)
    rows = list(
        selectie.adressen.select_related(
            "verblijfsobject__buurt", "gewijzigd_door", "casus"
        ).order_by("rang", "pk")
    )
    _attach_addresses(rows)
    _log(
        actor,
        f"Selectie '{selectie.naam}' met {len(rows)} adressen {purpose}",
        f"selectie:{selectie.pk}",
    )
    return rows


def _attach_addresses(rows: list[Selectieadres]) -> None:
    from goedwonen.registry.models import Adres

    adressen = {
        a.verblijfsobject_id: a
        for a in Adres.objects.filter(
            verblijfsobject__in=[r.verblijfsobject_id for r in rows], hoofdadres=True
        )
    }
    for row in rows:
        row.adres = adressen.get(row.verblijfsobject_id)  # type: ignore[attr-defined]


def selectie_export(*, actor: User, selectie: Selectie) -> list[Selectieadres]:
    """The approved selection's addresses (not the removed ones), for the inspection's
    address list. Only an approved selection leaves the system. Logged."""
    require(actor, Capability.ANALYSIS_VIEW)
    if selectie.status != "goedgekeurd":
        return []
    rows = [
        r
        for r in selectie_adressen(actor=actor, selectie=selectie, purpose="geëxporteerd (CSV)")
        if r.handmatig != Handmatig.VERWIJDERD
    ]
    return rows


def _named(rows: list[fairness.BuurtRow]) -> list[fairness.BuurtRow]:
    names = dict(
        Gebied.objects.filter(code__in=[r.buurtcode for r in rows]).values_list("code", "naam")
    )
    return [replace(r, naam=names.get(r.buurtcode, r.buurtcode)) for r in rows]


@lru_cache(maxsize=32)
def _run_disparity(scores: str, written: int, top: int) -> list[fairness.BuurtRow]:
    """A finished run's files do not change: its disparity per top is kept per process (by
    the file's path and time written, so a file written again is read again)."""
    return fairness.disparity(scores=Path(scores), events_dir=Path(scores).parent, top=top)


def run_disparity(*, actor: User, run: Risicorun, top: int) -> list[fairness.BuurtRow] | None:
    """The disparity report per buurt for the top `top` of the run, with the buurt names; None
    when the run has no scores. Logged."""
    require(actor, Capability.ANALYSIS_VIEW)
    if not has_scores(run):
        return None
    path = scores_path(run)
    rows = _run_disparity(str(path), path.stat().st_mtime_ns, top)
    _log(
        actor,
        f"Verschillen per buurt van risicorun {run.pk} ingezien (top {top})",
        f"risicorun:{run.pk}",
    )
    return _named(rows)


def selectie_disparity(*, actor: User, selectie: Selectie) -> list[fairness.BuurtRow] | None:
    """The disparity report per buurt for the addresses the selection keeps (removed ones do
    not count), against every dwelling its run scored; None when the run's scores are gone.
    Logged."""
    require_any(actor, Capability.ANALYSIS_VIEW, Capability.SELECTION_APPROVE)
    run = selectie.run
    if not has_scores(run):
        return None
    kept = list(
        selectie.adressen.exclude(handmatig=Handmatig.VERWIJDERD).values_list(
            "verblijfsobject__object_id", flat=True
        )
    )
    rows = fairness.disparity(
        scores=scores_path(run), events_dir=scores_path(run).parent, selected=kept
    )
    _log(
        actor,
        f"Verschillen per buurt van selectie '{selectie.naam}' ingezien",
        f"selectie:{selectie.pk}",
    )
    return _named(rows)


@dataclass(frozen=True)
class CatalogueHitRates:
    run: Risicorun | None  # the run the hit rates come from; None when there is none
    per_indicator: dict[str, fairness.IndicatorHitRate]
    gecontroleerd: int = 0  # the run's dwellings with an inspection outcome
    # Where those outcomes came from, as the apps say (`core.registries.inspection_origins`).
    herkomst: tuple[tuple[str, int], ...] = ()


# How many of a version's latest finished runs to try for one whose files are still there.
HIT_RATE_RUNS_TRIED = 20


def catalogue_hit_rates(*, actor: User, versie: Catalogusversie) -> CatalogueHitRates:
    """Each indicator's hit rate in inspections, from the latest finished run of the version
    whose scores and exported inspections are still there. Logged when there is such a run."""
    require(actor, Capability.ANALYSIS_VIEW)
    runs = Risicorun.objects.filter(catalogus=versie, status=Risicorun.Status.KLAAR).select_related(
        "gebied"
    )
    run = next(
        (
            r
            for r in runs.order_by("-gestart_op", "-pk")[:HIT_RATE_RUNS_TRIED]
            if has_scores(r) and (scores_path(r).parent / "controles.parquet").exists()
        ),
        None,
    )
    if run is None:
        return CatalogueHitRates(None, {})
    rates = fairness.indicator_hit_rates(
        scores=scores_path(run),
        events_dir=scores_path(run).parent,
        codes=[i.code for i in versie.indicatoren.all()],
    )
    inspected = fairness.inspected_dwellings(scores_path(run).parent)
    herkomst = tuple(hook(object_ids=inspected, voor=run.gestart_op) for hook in inspection_origins)
    _log(
        actor,
        f"Trefkans per indicator uit risicorun {run.pk} ingezien",
        f"risicorun:{run.pk}",
    )
    return CatalogueHitRates(run, rates, len(inspected), herkomst)


def outcome_based_codes(versie: Catalogusversie) -> set[str]:
    """Codes of the version's indicators computed from the inspection outcomes themselves:
    their hit rate partly restates the outcome, and they do not learn from it."""
    return {i.code for i in versie.indicatoren.all() if OUTCOME_SOURCES & set(i.bronnen)}


@dataclass(frozen=True)
class VoorstelBuurt:
    buurtcode: str
    naam: str
    woningen: int
    gecontroleerd: int
    controles_per_1000: float
    trefkans: float | None
    afwijking: str  # 'boven' / 'onder' the median by far, or ''


@dataclass(frozen=True)
class Leervoorstel:
    voorstel: Voorstel
    namen: dict[str, str]  # indicator code -> name
    uit_uitkomsten: set[str]  # codes computed from the outcomes themselves (do not learn)
    buurten: list[VoorstelBuurt]
    mediaan: float  # inspected dwellings per 1000, median over the buurten


def run_proposal(*, actor: User, run: Risicorun) -> Leervoorstel:
    """Weights learned from the run's inspection outcomes, with indicator and buurt names and
    each buurt's inspection density against the median. Raises ValidationError when the run
    cannot give one (no scores, too few outcomes). Logged."""
    from .services import catalogue_proposal

    require(actor, Capability.ANALYSIS_VIEW)
    if not has_scores(run):
        raise ValidationError("Deze run heeft geen scores (meer): er is geen voorstel te maken.")
    voorstel = catalogue_proposal(actor=actor, run=run)
    indicators = list(run.catalogus.indicatoren.all())
    names = dict(
        Gebied.objects.filter(code__in=[b["buurtcode"] for b in voorstel.per_buurt]).values_list(
            "code", "naam"
        )
    )
    middle = fairness.inspection_density_median(voorstel.per_buurt)
    buurten = [
        VoorstelBuurt(
            buurtcode=b["buurtcode"],
            naam=names.get(b["buurtcode"], b["buurtcode"]),
            woningen=b["woningen"],
            gecontroleerd=b["gecontroleerd"],
            controles_per_1000=b["controles_per_1000"],
            trefkans=b["trefkans"],
            afwijking=fairness.median_deviation(b["controles_per_1000"], middle),
        )
        for b in voorstel.per_buurt
    ]
    _log(
        actor,
        f"Leervoorstel voor gewichten uit risicorun {run.pk} ingezien",
        f"risicorun:{run.pk}",
    )
    return Leervoorstel(
        voorstel=voorstel,
        namen={i.code: i.naam for i in indicators},
        uit_uitkomsten=outcome_based_codes(run.catalogus),
        buurten=buurten,
        mediaan=middle,
    )


def catalogue_versions(*, actor: User) -> QuerySet[Catalogusversie, int]:
    """The numbers of every catalogue version, for choosing one."""
    require(actor, Capability.ANALYSIS_VIEW)
    return Catalogusversie.objects.values_list("versie", flat=True)


def selectie_adres(*, selectie: Selectie, pk: int) -> Selectieadres:
    """One address row of a selection the caller already holds (Selectieadres.DoesNotExist
    when it is not the selection's); without a log line: the service acting on it logs."""
    return selectie.adressen.select_related("verblijfsobject").get(pk=pk)
