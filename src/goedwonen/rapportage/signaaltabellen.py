"""The published tables of a year, for the signal report and the reports built on it: each
table suppressed (`onderdrukking.publiceerbaar`), and tables that share totals (reports per
buurt and category, and per category and quarter) suppressed together so a total one hides
is hidden in the other too (`_samen`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from goedwonen.core import display
from goedwonen.core.categories import Categorie
from goedwonen.registry.contract import Instrument

from . import signaalbronnen as bronnen
from .cijfers import Cijfer, cijfers
from .onderdrukking import TOTAAL, Gepubliceerd, publiceerbaar

KWARTALEN = ["Q1", "Q2", "Q3", "Q4"]


@dataclass(frozen=True)
class Tabel:
    """A published table: the rows and columns by (key, label) without the totals, and the
    suppressed cells. `rijtotaal`/`kolomtotaal`: whether the total column / total row is
    shown (one that adds unlike things is left out; suppression still counts it as known)."""

    titel: str
    kop: str  # the heading of the row labels
    rijen: list[tuple[str, str]]
    kolommen: list[tuple[str, str]]
    cellen: Gepubliceerd
    rijtotaal: bool = True
    kolomtotaal: bool = True
    extra_kolommen: tuple[str, ...] = ()  # text columns after the numbers (not counts)
    extra: dict[str, list[str]] = field(default_factory=dict)

    def koppen(self) -> list[str]:
        labels = [label for _, label in self.kolommen]
        return [*labels, *(["Totaal"] if self.rijtotaal else []), *self.extra_kolommen]

    def regels(self) -> list[tuple[str, list[str]]]:
        rows = [*self.rijen, *([(TOTAAL, "Totaal")] if self.kolomtotaal else [])]
        columns = [key for key, _ in self.kolommen] + ([TOTAAL] if self.rijtotaal else [])
        return [
            (
                label,
                [getal_tekst(self.cellen.cellen[(key, k)]) for k in columns]
                + self.extra.get(key, [""] * len(self.extra_kolommen)),
            )
            for key, label in rows
        ]

    def cellen_met_kop(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """The rows with each value beside its column heading (for narrow screens)."""
        koppen = self.koppen()
        return [(label, list(zip(koppen, values, strict=True))) for label, values in self.regels()]

    def getal(self, rij: str, kolom: str) -> int | None:
        """The published number of a cell; None when it is suppressed."""
        value = self.cellen.cellen.get((rij, kolom))
        return value if isinstance(value, int) else None


def getal_tekst(value: int | str) -> str:
    """A published value as shown: a number the Dutch way (6.611), or its mark."""
    return display.getal(value) if isinstance(value, int) else value


@dataclass(frozen=True)
class _Ontwerp:
    waarden: Mapping[tuple[str, str], int]
    rijen: list[str]
    kolommen: list[str]


Koppeling = tuple[int, tuple[str, str], int, tuple[str, str]]


def _samen(ontwerpen: Sequence[_Ontwerp], koppelingen: Sequence[Koppeling]) -> list[Gepubliceerd]:
    """Suppress tables that share cells (a total in both) so each shared cell is shown in
    both or hidden in both: hidden in one, it is hidden from the start in the other, until
    nothing changes (the hidden sets only grow, so this ends)."""
    extra: list[set[tuple[str, str]]] = [set() for _ in ontwerpen]
    while True:
        published = [
            publiceerbaar(o.waarden, rijen=o.rijen, kolommen=o.kolommen, verborgen=extra[n])
            for n, o in enumerate(ontwerpen)
        ]
        changed = False
        for a, key_a, b, key_b in koppelingen:
            hidden_a = not isinstance(published[a].cellen[key_a], int)
            hidden_b = not isinstance(published[b].cellen[key_b], int)
            if hidden_a and not hidden_b:
                extra[b].add(key_b)
                changed = True
            elif hidden_b and not hidden_a:
                extra[a].add(key_a)
                changed = True
        if not changed:
            return published


def namen() -> dict[str, str]:
    return {
        **{c.value: str(c.label) for c in Categorie},
        **{i.value: str(i.label) for i in Instrument},
    }


def _waarden(rows: Sequence[Cijfer], maat: str, rij: str, kolom: str) -> dict[tuple[str, str], int]:
    """(row, column) -> value of one measure's figures; `rij`/`kolom` name the field
    (gebied, categorie, or kwartaal for the quarter of the periode)."""

    def part(row: Cijfer, name: str) -> str:
        return row.periode[-2:] if name == "kwartaal" else str(getattr(row, name))

    found: dict[tuple[str, str], int] = {}
    for row in rows:
        if row.maat == maat and row.waarde:
            key = (part(row, rij), part(row, kolom))
            found[key] = found.get(key, 0) + row.waarde
    return found


@dataclass(frozen=True)
class Jaartabellen:
    """One year's published tables the report needs (this year and, for trends, last)."""

    meldingen_buurt: Tabel  # buurt x categorie
    meldingen_kwartaal: Tabel  # categorie x kwartaal
    bevindingen: Tabel  # categorie x kwartaal
    controles: Tabel  # buurt x kwartaal
    overtredingen: Tabel  # buurt x kwartaal
    handhaving: Tabel  # buurt x instrument


def _jaar(jaar: int, gebied: str | None, buurten: dict[str, str]) -> Jaartabellen:
    figures = cijfers(jaar=jaar, gebied=gebied)
    per_buurt = [r for r in figures if r.gebied in buurten]
    per_jaar = [r for r in per_buurt if r.periode == str(jaar)]
    per_kwartaal = [r for r in per_buurt if r.periode != str(jaar)]
    labels = namen()
    codes = list(buurten)
    rows = list(buurten.items())

    reports = _waarden(per_jaar, "meldingen_ontvangen", "gebied", "categorie")
    categories = sorted({k for _, k in reports}, key=lambda c: labels.get(c, c))
    by_quarter = _waarden(per_kwartaal, "meldingen_ontvangen", "categorie", "kwartaal")
    links: list[Koppeling] = [(0, (TOTAAL, c), 1, (c, TOTAAL)) for c in categories]
    links.append((0, (TOTAAL, TOTAAL), 1, (TOTAAL, TOTAAL)))
    by_buurt, by_category = _samen(
        [_Ontwerp(reports, codes, categories), _Ontwerp(by_quarter, categories, KWARTALEN)],
        links,
    )
    category_rows = [(c, labels.get(c, c)) for c in categories]
    quarter_columns = [(q, q) for q in KWARTALEN]

    findings = bronnen.bevindingen(jaar, set(codes))
    finding_categories = sorted({c for c, _ in findings}, key=lambda c: labels.get(c, c))

    def simple(titel: str, kop: str, maat: str, kolom: str) -> Tabel:
        values = _waarden(per_jaar if kolom != "kwartaal" else per_kwartaal, maat, "gebied", kolom)
        keys = KWARTALEN if kolom == "kwartaal" else sorted({k for _, k in values})
        return Tabel(
            titel=titel,
            kop=kop,
            rijen=rows,
            kolommen=[(k, labels.get(k, k)) for k in keys],
            cellen=publiceerbaar(values, rijen=codes, kolommen=keys),
        )

    return Jaartabellen(
        meldingen_buurt=Tabel(
            f"Meldingen per buurt en categorie, {jaar}", "Buurt", rows, category_rows, by_buurt
        ),
        meldingen_kwartaal=Tabel(
            f"Meldingen per categorie en kwartaal, {jaar}",
            "Categorie",
            category_rows,
            quarter_columns,
            by_category,
        ),
        bevindingen=Tabel(
            f"Vastgestelde overtredingen per categorie en kwartaal, {jaar}",
            "Categorie",
            [(c, labels.get(c, c)) for c in finding_categories],
            quarter_columns,
            publiceerbaar(dict(findings), rijen=finding_categories, kolommen=KWARTALEN),
        ),
        controles=simple(
            f"Controles per buurt en kwartaal, {jaar}", "Buurt", "controles_uitgevoerd", "kwartaal"
        ),
        overtredingen=simple(
            f"Controles met een vastgestelde overtreding per buurt en kwartaal, {jaar}",
            "Buurt",
            "controles_met_overtreding",
            "kwartaal",
        ),
        handhaving=simple(
            f"Handhavingsbesluiten per buurt en instrument, {jaar}",
            "Buurt",
            "handhavingen_opgelegd",
            "categorie",
        ),
    )


def jaartabellen(
    jaar: int, gebied: str | None, buurten: dict[str, str] | None = None
) -> Jaartabellen:
    """One year's published tables for the area (a code; None: the whole); `buurten` the
    area's buurten (code -> name) when the caller has them."""
    return _jaar(jaar, gebied, bronnen.buurten_binnen(gebied) if buurten is None else buurten)
