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

WORK IN PROGRESS (branch issue-17): not wired into a command or the dashboard yet.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.db.models.functions import ExtractQuarter, ExtractYear

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


def _ancestors() -> dict[int, list[str]]:
    """Per buurt id: its own code and the codes of the areas above it (wijk, gemeente)."""
    areas = {g.pk: g for g in Gebied.objects.all()}
    found: dict[int, list[str]] = {}
    for pk, area in areas.items():
        if area.soort != Gebiedssoort.BUURT:
            continue
        codes: list[str] = []
        current: Gebied | None = area
        while current is not None:
            codes.append(current.code)
            current = areas.get(current.bovenliggend_id) if current.bovenliggend_id else None
        found[pk] = codes
    return found


def cijfers(*, jaar: int, gebied: str | None = None) -> list[Cijfer]:
    """Every figure of the year for each buurt, its wijk and the gemeente, per year and per
    quarter, sorted; only the areas within `gebied` (a code) when given. A measure without
    categories has a row for every area and period, zero included; one with categories only
    for the categories that occurred."""
    lines = _ancestors()
    counts: Counter[tuple[str, str, str, str]] = Counter()
    for source in (_controles(jaar), _handhavingen(jaar), _meldingen(jaar)):
        for maat, buurt, kwartaal, categorie in source:
            for code in lines.get(buurt, []):
                counts[(maat, code, str(jaar), categorie)] += 1
                counts[(maat, code, f"{jaar}-Q{kwartaal}", categorie)] += 1
    codes = {code for chain in lines.values() for code in chain}
    periods = [str(jaar), *(f"{jaar}-Q{q}" for q in range(1, 5))]
    for maat in ("controles_uitgevoerd", "controles_met_overtreding"):
        for code in codes:
            for periode in periods:
                counts.setdefault((maat, code, periode, ""), 0)
    if gebied is not None:
        within = {chain[0] for chain in lines.values() if gebied in chain} | {gebied}
        counts = Counter({k: v for k, v in counts.items() if k[1] in within})
    return sorted(Cijfer(*key, waarde=value) for key, value in counts.items())
