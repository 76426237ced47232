"""What an action found, address by address and in total: the outcome of each address's
field visit (its latest version: a correction replaces the visit it corrects, as in the
analysis), the figures of the report and the hit rate against the selection's ranking.

Reads without an actor: `selectors.nabespreking_van` and `selectors.rapport_van` check what
the viewer may see and log; this module only counts.

- Visited with access: the visit's access let the team in (`inspecties.models.BINNEN`).
- A hit: a visited address where any finding was established. The hit rate is hits over
  addresses visited with access, the action's own measure of the selection.
- Rank bands: the addresses that came from the selection, in rank order, in three equal
  parts (top, middle, bottom third); hand-made addresses apart. Beside each band the
  selection's expectation: the hit rate the selection's run knew of the dwellings it ranked
  the same (`analytics.fairness.hit_rates_between_ranks`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.safestring import SafeString

from goedwonen.analytics import fairness
from goedwonen.analytics.models import Risicorun
from goedwonen.analytics.selectors import has_scores, scores_path
from goedwonen.core.categories import Categorie
from goedwonen.core.charts import bar_chart
from goedwonen.handhaving.models import Traject
from goedwonen.inspecties.models import BINNEN, Bezoek, Toegang
from goedwonen.registry.models import Adres, Gebied

from .models import Actie, Actieadres, Actieopvolging, Adresstatus, Opvolgingssoort


@dataclass(frozen=True)
class Uitkomst:
    """One address of the action and what its field visit found."""

    adres: Actieadres
    bezoek: Bezoek | None  # the latest version of the field visit
    gecorrigeerd: bool
    vastgesteld: tuple[str, ...]  # categories established (Categorie codes)
    niet_vastgesteld: tuple[str, ...]  # categories checked and not established
    opvolging: tuple[Actieopvolging, ...] = ()
    adres_tekst: str = ""  # the main address, as written for a person

    @property
    def toegang(self) -> str:
        return self.bezoek.toegang if self.bezoek is not None else ""

    @property
    def binnen(self) -> bool:
        return self.toegang in BINNEN

    @property
    def overtreding(self) -> bool:
        return bool(self.vastgesteld)

    @property
    def toegang_label(self) -> str:
        if self.bezoek is None:
            return ""
        return Toegang(self.toegang).label if self.toegang else "Straatbezoek"

    @property
    def vastgesteld_labels(self) -> list[str]:
        return [Categorie(c).label for c in self.vastgesteld]

    @property
    def niet_vastgesteld_labels(self) -> list[str]:
        return [Categorie(c).label for c in self.niet_vastgesteld]


def _latest(bezoek: Bezoek, corrections: dict[int, Bezoek]) -> Bezoek:
    while bezoek.pk in corrections:
        bezoek = corrections[bezoek.pk]
    return bezoek


def uitkomsten(actie: Actie) -> list[Uitkomst]:
    """Every address of the action with its outcome, in rank order (hand-made ones last)."""
    adressen = list(
        actie.adressen.select_related("casus", "team", "bezoek").order_by("rang", "volgorde", "pk")
    )
    adressen.sort(key=lambda a: (a.rang is None, a.rang or 0, a.pk))
    casussen = {a.casus_id for a in adressen if a.casus_id is not None}
    # Every visit that corrects one in these cases: each field visit's latest version.
    corrections: dict[int, Bezoek] = {}
    for later in Bezoek.objects.filter(casus_id__in=casussen, corrigeert__isnull=False):
        assert later.corrigeert_id is not None
        corrections[later.corrigeert_id] = later
    latest = {a.pk: _latest(a.bezoek, corrections) for a in adressen if a.bezoek is not None}
    findings: dict[int, list[tuple[str, bool]]] = {}
    for bezoek in Bezoek.objects.filter(pk__in=[b.pk for b in latest.values()]).prefetch_related(
        "bevindingen"
    ):
        findings[bezoek.pk] = [(f.categorie, f.vastgesteld) for f in bezoek.bevindingen.all()]
    # The main address of each dwelling (an object without one shows its object id).
    teksten = {
        a.verblijfsobject_id: a.voluit
        for a in Adres.objects.filter(
            verblijfsobject_id__in=[a.verblijfsobject_id for a in adressen]
        ).order_by("hoofdadres", "-pk")  # the main address, the first one, is written last
    }
    opvolging: dict[int, list[Actieopvolging]] = {}
    for rij in Actieopvolging.objects.filter(actieadres__actie=actie).select_related(
        "taak__organisatie", "deling__organisatie", "vastgelegd_door"
    ):
        opvolging.setdefault(rij.actieadres_id, []).append(rij)
    result = []
    for adres in adressen:
        laatste = latest.get(adres.pk)
        found = findings.get(laatste.pk, []) if laatste is not None else []
        result.append(
            Uitkomst(
                adres=adres,
                bezoek=laatste,
                gecorrigeerd=laatste is not None and laatste.corrigeert_id is not None,
                vastgesteld=tuple(c for c, ja in found if ja),
                niet_vastgesteld=tuple(c for c, ja in found if not ja),
                opvolging=tuple(opvolging.get(adres.pk, ())),
                adres_tekst=teksten.get(adres.verblijfsobject_id, str(adres.verblijfsobject_id)),
            )
        )
    return result


@dataclass(frozen=True)
class Band:
    naam: str
    rang_van: int | None
    rang_tot: int | None
    adressen: int
    bezocht: int
    binnen: int
    overtreding: int
    # What the selection's run knew of dwellings ranked like these (None: no scores).
    verwachting_gecontroleerd: int | None = None
    verwachting_overtreding: int | None = None

    @property
    def trefkans(self) -> float | None:
        return self.overtreding / self.binnen if self.binnen else None

    @property
    def verwachting(self) -> float | None:
        if not self.verwachting_gecontroleerd:
            return None
        return (self.verwachting_overtreding or 0) / self.verwachting_gecontroleerd


@dataclass(frozen=True)
class Rapport:
    actie: Actie
    gepland: int
    bezocht: int
    overgeslagen: int
    niet_bezocht: int  # still open when the day ended
    per_toegang: list[tuple[str, int]]  # (label, visited addresses) in Toegang's order
    binnen: int
    overtreding: int
    per_categorie: list[tuple[str, int, int]]  # (label, established, checked)
    banden: list[Band]
    verwachting_beschikbaar: bool  # the selection's run still has its scores
    taken: int
    handhaving: int  # tasks to weigh enforcement
    overdrachten: int
    trajecten: int  # enforcement procedures started on the cases since the action's date
    uitkomsten: list[Uitkomst] = field(default_factory=list)
    # The first finished run that read every visit of the action as an inspection outcome
    # (None: the next run will).
    in_run: Risicorun | None = None

    @property
    def trefkans(self) -> float | None:
        return self.overtreding / self.binnen if self.binnen else None


def _band(naam: str, rows: Sequence[Uitkomst]) -> Band:
    ranks = [u.adres.rang for u in rows if u.adres.rang is not None]
    return Band(
        naam=naam,
        rang_van=min(ranks) if ranks else None,
        rang_tot=max(ranks) if ranks else None,
        adressen=len(rows),
        bezocht=sum(1 for u in rows if u.bezoek is not None),
        binnen=sum(1 for u in rows if u.binnen),
        overtreding=sum(1 for u in rows if u.binnen and u.overtreding),
    )


def all_addresses(rows: Sequence[Uitkomst]) -> Band:
    """The whole action as one band: the debrief's hit rate, counted as the report's."""
    return _band("Alle adressen", rows)


def rank_bands(rows: Sequence[Uitkomst]) -> list[Band]:
    """The ranked addresses in three equal parts by rank (the larger parts first), then the
    hand-made ones; empty parts are left out."""
    ranked = [u for u in rows if u.adres.rang is not None]
    handmade = [u for u in rows if u.adres.rang is None]
    size, extra = divmod(len(ranked), 3)
    bands, start = [], 0
    for n, naam in enumerate(("Bovenste derde", "Middelste derde", "Onderste derde")):
        end = start + size + (1 if n < extra else 0)
        if end > start:
            bands.append(_band(naam, ranked[start:end]))
        start = end
    if handmade:
        bands.append(_band("Met de hand toegevoegd", handmade))
    return bands


def with_expectation(actie: Actie, bands: list[Band]) -> tuple[list[Band], bool]:
    """The bands with the selection's expectation beside them, when its run has scores."""
    run = actie.selectie.run if actie.selectie is not None else None
    ranked = [b for b in bands if b.rang_van is not None]
    if run is None or not ranked or not has_scores(run):
        return bands, False
    counts = fairness.hit_rates_between_ranks(
        scores=scores_path(run),
        events_dir=scores_path(run).parent,
        bands=[(b.rang_van, b.rang_tot) for b in ranked],  # type: ignore[misc]
    )
    known = dict(zip([b.naam for b in ranked], counts, strict=True))
    return [
        replace(
            b, verwachting_gecontroleerd=known[b.naam][0], verwachting_overtreding=known[b.naam][1]
        )
        if b.naam in known
        else b
        for b in bands
    ], True


def _area_and_above(actie: Actie) -> list[int]:
    """The action's area and the areas it lies in: a run of any of them scored its
    dwellings."""
    found: list[int] = []
    gebied: Gebied | None = actie.gebied
    while gebied is not None:
        found.append(gebied.pk)
        gebied = gebied.bovenliggend
    return found


def rapport(actie: Actie) -> Rapport:
    rows = uitkomsten(actie)
    visited = [u for u in rows if u.bezoek is not None]
    access = Counter(u.toegang for u in visited)
    per_toegang = [(t.label, access[t.value]) for t in Toegang if access[t.value]]
    if access[""]:
        per_toegang.append(("Straatbezoek", access[""]))
    binnen = [u for u in rows if u.binnen]
    established: Counter[str] = Counter()
    checked: Counter[str] = Counter()
    for u in binnen:
        established.update(u.vastgesteld)
        checked.update(u.vastgesteld + u.niet_vastgesteld)
    per_categorie = [
        (c.label, established[c.value], checked[c.value]) for c in Categorie if checked[c.value]
    ]
    bands, expected = with_expectation(actie, rank_bands(rows))
    follow = Counter(o.soort for u in rows for o in u.opvolging)
    recorded = [u.bezoek.vastgelegd_op for u in visited if u.bezoek is not None]
    in_run = (
        Risicorun.objects.filter(status=Risicorun.Status.KLAAR, gestart_op__gt=max(recorded))
        .filter(Q(gebied__isnull=True) | Q(gebied_id__in=_area_and_above(actie)))
        .order_by("gestart_op", "pk")
        .first()
        if recorded
        else None
    )
    trajecten = Traject.objects.filter(
        casus_id__in=[u.adres.casus_id for u in rows if u.adres.casus_id is not None],
        gestart_op__date__gte=actie.datum,
    ).count()
    return Rapport(
        actie=actie,
        gepland=len(rows),
        bezocht=len(visited),
        overgeslagen=sum(1 for u in rows if u.adres.status == Adresstatus.OVERGESLAGEN),
        niet_bezocht=sum(1 for u in rows if u.adres.status == Adresstatus.OPEN),
        per_toegang=per_toegang,
        binnen=len(binnen),
        overtreding=sum(1 for u in binnen if u.overtreding),
        per_categorie=per_categorie,
        banden=bands,
        verwachting_beschikbaar=expected,
        taken=follow[Opvolgingssoort.TAAK],
        handhaving=follow[Opvolgingssoort.HANDHAVING],
        overdrachten=follow[Opvolgingssoort.OVERDRACHT],
        trajecten=trajecten,
        uitkomsten=rows,
        in_run=in_run,
    )


# The bands' names in the chart, short enough for its axis.
SHORT = {
    "Bovenste derde": "Boven",
    "Middelste derde": "Midden",
    "Onderste derde": "Onder",
    "Met de hand toegevoegd": "Hand",
}


def procent(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)}%"


def rapport_grafiek(found: Rapport) -> SafeString:
    """The hit rate per rank band beside the selection's expectation, as an SVG bar chart
    (the same in the page and the PDF); the table beside it holds the numbers. Empty when
    no band had a visit with access."""
    values = []
    for band in found.banden:
        if band.trefkans is not None:
            values.append(
                {
                    "reeks": f"{SHORT[band.naam]}: actie",
                    "trefkans": band.trefkans,
                    "tekst": f"{procent(band.trefkans)} ({band.overtreding} van {band.binnen})",
                }
            )
        if band.verwachting is not None:
            values.append(
                {
                    "reeks": f"{SHORT[band.naam]}: verwacht",
                    "trefkans": band.verwachting,
                    "tekst": f"{procent(band.verwachting)} ({band.verwachting_overtreding} van "
                    f"{band.verwachting_gecontroleerd})",
                }
            )
    if not values:
        return SafeString("")
    return bar_chart(
        values,
        category="reeks",
        value="trefkans",
        category_title="",
        value_title="Trefkans (overtreding bij toegang)",
        title="Trefkans per deel van de rangorde, naast de verwachting uit de selectie",
        value_format=".0%",
        label="tekst",
    )


def visited_in_actions(*, object_ids: Collection[str], voor: datetime) -> tuple[str, int]:
    """How many of the dwellings (object ids) were visited in an integral action held on or
    before `voor` (`core.registries.inspection_origins`, for the catalogue's hit rates)."""
    # The actions' visited dwellings are few; the run's inspected ones may be a city's.
    visited = set(
        Actieadres.objects.filter(
            status=Adresstatus.BEZOCHT,
            bezoek__isnull=False,
            actie__datum__lte=timezone.localdate(voor),
        ).values_list("verblijfsobject__object_id", flat=True)
    )
    n = len(visited & set(object_ids))
    return ("bezocht in integrale acties", n)
