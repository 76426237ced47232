"""The figures the plan is judged by, as exact counts (issue 17, point 6): one row per
figure with `maat`, `gebied` (a buurt, wijk or gemeente code), `periode` (`YYYY` or
`YYYY-Qn`), `categorie` and `waarde`. Imported history and what was recorded in the product
count alike:

- `controles_uitgevoerd`: inspections dated in the period on objects in the area: imported
  inspections (`registry.Controle`) and visits recorded in cases (the last version of each,
  `inspecties.Bezoek`); `categorie` empty.
- `controles_met_overtreding`: of those, the ones with a violation established.
- `handhavingen_opgelegd`: enforcement decisions dated in the period: imported
  (`registry.Handhaving`) and decision steps of procedures (`handhaving.Trajectstap`, soort
  besluit), once per decision and buurt; `categorie` the instrument's registration code.
- `meldingen_ontvangen`: reports received in the period on objects in the area; `categorie`
  the report's category. A report without an object has no buurt and is not counted here.

Besides the contract, the measures the plan's targets are compared to (rapportage.doelen):

- `casussen_nieuw`: cases made in the period, in the buurt of their first object (a case
  without an object has no buurt); `categorie` the case's origin (herkomst).
- `integrale_acties_gehouden`: integral actions held (as the action list counts them) dated
  in the period, in the action's area (a buurt or a wijk); `categorie` empty.
- `casustafel_vergaderingen`: case-table meetings held in the period, once for each buurt the
  table covers; `categorie` empty.

"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils import timezone

from goedwonen.acties.models import Actie
from goedwonen.acties.selectors import held
from goedwonen.casussen.models import Casus, CasusObject
from goedwonen.casustafels.models import Tafelvergadering, Vergaderstatus
from goedwonen.handhaving.models import Stapsoort, Trajectstap
from goedwonen.inspecties.models import Bevinding, Bezoek
from goedwonen.intake.models import Melding
from goedwonen.registry.models import Controle, Gebied, Gebiedssoort, Handhaving

MATEN = (
    "controles_uitgevoerd",
    "controles_met_overtreding",
    "handhavingen_opgelegd",
    "meldingen_ontvangen",
)
# The measures of the plan's targets, in the same form (see the module's docstring).
DOELMATEN = ("casussen_nieuw", "integrale_acties_gehouden", "casustafel_vergaderingen")
COLUMNS = ("maat", "gebied", "periode", "categorie", "waarde")


@dataclass(frozen=True, order=True)
class Cijfer:
    maat: str
    gebied: str
    periode: str
    categorie: str
    waarde: int


# One event: (maat, buurt id, quarter, categorie).
Event = tuple[str, int, int, str]


def _controles(jaar: int) -> Iterable[Event]:
    imported = (
        Controle.objects.filter(datum__year=jaar, verblijfsobject__buurt__isnull=False)
        .annotate(kwartaal=ExtractQuarter("datum"))
        .values_list("verblijfsobject__buurt_id", "kwartaal", "overtreding")
    )
    for buurt, kwartaal, overtreding in imported.iterator(chunk_size=20_000):
        yield ("controles_uitgevoerd", buurt, kwartaal, "")
        if overtreding == "ja":
            yield ("controles_met_overtreding", buurt, kwartaal, "")
    recorded = (
        Bezoek.objects.filter(
            correctie__isnull=True,
            datum__year=jaar,
            casusobject__verblijfsobject__buurt__isnull=False,
        )
        .annotate(
            kwartaal=ExtractQuarter("datum"),
            overtreding=Exists(Bevinding.objects.filter(bezoek=OuterRef("pk"), vastgesteld=True)),
        )
        .values_list("casusobject__verblijfsobject__buurt_id", "kwartaal", "overtreding")
    )
    for buurt, kwartaal, vastgesteld in recorded.iterator(chunk_size=20_000):
        yield ("controles_uitgevoerd", buurt, kwartaal, "")
        if vastgesteld:
            yield ("controles_met_overtreding", buurt, kwartaal, "")


def _handhavingen(jaar: int) -> Iterable[Event]:
    imported = (
        Handhaving.objects.filter(datum__year=jaar, verblijfsobject__buurt__isnull=False)
        .annotate(kwartaal=ExtractQuarter("datum"))
        .values_list("verblijfsobject__buurt_id", "kwartaal", "instrument")
    )
    for buurt, kwartaal, instrument in imported.iterator(chunk_size=20_000):
        yield ("handhavingen_opgelegd", buurt, kwartaal, instrument)
    besluiten = (
        Trajectstap.objects.filter(
            soort=Stapsoort.BESLUIT,
            datum__year=jaar,
            traject__verblijfsobjecten__buurt__isnull=False,
        )
        .annotate(kwartaal=ExtractQuarter("datum"))
        .values_list(
            "pk",
            "traject__verblijfsobjecten__buurt_id",
            "kwartaal",
            "traject__instrumentversie__instrument__registratiecode",
        )
        .distinct()
    )
    for _, buurt, kwartaal, code in besluiten:
        yield ("handhavingen_opgelegd", buurt, kwartaal, code)


def _meldingen(jaar: int) -> Iterable[Event]:
    rows = (
        Melding.objects.annotate(jaar=ExtractYear("ontvangen_op"))
        .filter(jaar=jaar, verblijfsobject__buurt__isnull=False)
        .annotate(kwartaal=ExtractQuarter("ontvangen_op"))
        .values_list("verblijfsobject__buurt_id", "kwartaal", "categorie")
    )
    for buurt, kwartaal, categorie in rows.iterator(chunk_size=20_000):
        yield ("meldingen_ontvangen", buurt, kwartaal, categorie)


def _casussen(jaar: int) -> Iterable[Event]:
    first = (
        CasusObject.objects.filter(casus=OuterRef("pk"))
        .order_by("pk")
        .values("verblijfsobject__buurt_id")[:1]
    )
    rows = (
        Casus.objects.annotate(jaar=ExtractYear("aangemaakt_op"))
        .filter(jaar=jaar)
        .annotate(buurt=Subquery(first), kwartaal=ExtractQuarter("aangemaakt_op"))
        .filter(buurt__isnull=False)
        .values_list("buurt", "kwartaal", "herkomst")
    )
    for buurt, kwartaal, herkomst in rows.iterator(chunk_size=20_000):
        yield ("casussen_nieuw", buurt, kwartaal, herkomst)


def _acties(jaar: int) -> Iterable[Event]:
    rows = (
        Actie.objects.filter(held(timezone.localdate()), datum__year=jaar)
        .annotate(kwartaal=ExtractQuarter("datum"))
        .values_list("gebied_id", "kwartaal")
    )
    for gebied, kwartaal in rows:
        yield ("integrale_acties_gehouden", gebied, kwartaal, "")


def _tafels(jaar: int) -> Iterable[Event]:
    rows = (
        Tafelvergadering.objects.annotate(jaar=ExtractYear("begint_op"))
        .filter(jaar=jaar, status=Vergaderstatus.GEHOUDEN, tafel__gebieden__isnull=False)
        .annotate(kwartaal=ExtractQuarter("begint_op"))
        .values_list("pk", "tafel__gebieden", "kwartaal")
        .distinct()
    )
    for _, gebied, kwartaal in rows:
        yield ("casustafel_vergaderingen", gebied, kwartaal, "")


def _ancestors(*, buurten: bool = True) -> dict[int, list[str]]:
    """Per buurt id (per area id of any kind when not `buurten`): its own code and the codes
    of the areas above it (wijk, gemeente)."""
    areas = {g.pk: g for g in Gebied.objects.all()}
    found: dict[int, list[str]] = {}
    for pk, area in areas.items():
        if buurten and area.soort != Gebiedssoort.BUURT:
            continue
        codes: list[str] = []
        current: Gebied | None = area
        while current is not None:
            codes.append(current.code)
            current = areas.get(current.bovenliggend_id) if current.bovenliggend_id else None
        found[pk] = codes
    return found


SOURCES = {
    "controles_uitgevoerd": _controles,
    "controles_met_overtreding": _controles,
    "handhavingen_opgelegd": _handhavingen,
    "meldingen_ontvangen": _meldingen,
    "casussen_nieuw": _casussen,
    "integrale_acties_gehouden": _acties,
    "casustafel_vergaderingen": _tafels,
}


def cijfers(
    *, jaar: int, gebied: str | None = None, maten: Iterable[str] | None = None
) -> list[Cijfer]:
    """Every figure of the year for each buurt, its wijk and the gemeente, per year and per
    quarter, sorted; only the areas within `gebied` (a code) when given, only the measures
    `maten` when given. A measure without categories has a row for every area and period,
    zero included; one with categories only for the categories that occurred. A figure of a
    wijk (an action in a wijk) counts in the wijk and above, in no buurt."""
    wanted = set(maten) if maten is not None else set(SOURCES)
    lines = _ancestors()
    upper: dict[int, list[str]] | None = None
    counts: Counter[tuple[str, str, str, str]] = Counter()
    sources = dict.fromkeys(SOURCES[maat] for maat in SOURCES if maat in wanted)
    for source in sources:
        for maat, buurt, kwartaal, categorie in source(jaar):
            if maat not in wanted:
                continue
            chain = lines.get(buurt)
            if chain is None:
                upper = upper if upper is not None else _ancestors(buurten=False)
                chain = upper.get(buurt, [])
            for code in chain:
                counts[(maat, code, str(jaar), categorie)] += 1
                counts[(maat, code, f"{jaar}-Q{kwartaal}", categorie)] += 1
    codes = {code for chain in lines.values() for code in chain}
    periods = [str(jaar), *(f"{jaar}-Q{q}" for q in range(1, 5))]
    for maat in ("controles_uitgevoerd", "controles_met_overtreding"):
        if maat not in wanted:
            continue
        for code in codes:
            for periode in periods:
                counts.setdefault((maat, code, periode, ""), 0)
    if gebied is not None:
        within = {chain[0] for chain in lines.values() if gebied in chain} | {gebied}
        counts = Counter({k: v for k, v in counts.items() if k[1] in within})
    return sorted(Cijfer(*key, waarde=value) for key, value in counts.items())
