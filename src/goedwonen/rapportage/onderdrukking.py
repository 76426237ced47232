"""Small numbers in anything published (issue 17, point 4): a cell below the threshold
(default 10) is shown as "< 10", and no cell can be worked out from the totals shown.

A table is its cells by (row, column) plus a total per row, per column and in all. Primary
suppression hides every cell and total below the threshold. Then, while a row or column
(its cells and its total) holds exactly one hidden value, one more value in it is hidden too
(shown as "x", secondary suppression): with one unknown in a line and its total known,
subtraction would give it away. It takes a value whose crossing line already hides one
(so no new line is left with a single unknown), else the smallest. Repeated until no line
has a single hidden value.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

DREMPEL = 10
TOTAAL = "Totaal"
KLEIN = "< {drempel}"
WEGGELATEN = "x"  # hidden so that a small value cannot be derived from a total


@dataclass(frozen=True)
class Gepubliceerd:
    """What a published table shows: per (row, column), with TOTAAL as the total row and
    column, a number or a mark."""

    cellen: dict[tuple[str, str], int | str]
    drempel: int

    def toon(self, rij: str, kolom: str) -> str:
        value = self.cellen[(rij, kolom)]
        return str(value)


def publiceerbaar(
    waarden: Mapping[tuple[str, str], int],
    *,
    rijen: Sequence[str],
    kolommen: Sequence[str],
    drempel: int = DREMPEL,
    verborgen: Collection[tuple[str, str]] = (),
) -> Gepubliceerd:
    """The table with its totals, small numbers suppressed and protected (see the module).
    `verborgen`: cells (totals too) hidden from the start, because a table that shares them
    hides them: tables with common totals stay consistent."""
    cells: dict[tuple[str, str], int] = {
        (r, k): int(waarden.get((r, k), 0)) for r in rijen for k in kolommen
    }
    for r in rijen:
        cells[(r, TOTAAL)] = sum(cells[(r, k)] for k in kolommen)
    for k in kolommen:
        cells[(TOTAAL, k)] = sum(cells[(r, k)] for r in rijen)
    cells[(TOTAAL, TOTAAL)] = sum(cells[(r, TOTAAL)] for r in rijen)
    small = {key for key, value in cells.items() if value < drempel}
    hidden = set(small) | (set(verborgen) & set(cells))
    all_rows, all_columns = [*rijen, TOTAAL], [*kolommen, TOTAAL]
    lines = [[(r, k) for k in all_columns] for r in all_rows] + [
        [(r, k) for r in all_rows] for k in all_columns
    ]

    def crossing(key: tuple[str, str], line: list[tuple[str, str]]) -> list[tuple[str, str]]:
        r, k = key
        if all(other[0] == r for other in line):
            return [(other, k) for other in all_rows]
        return [(r, other) for other in all_columns]

    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(1 for key in line if key in hidden) != 1:
                continue
            shown = [key for key in line if key not in hidden]
            if not shown:
                continue
            hidden.add(
                min(
                    shown,
                    key=lambda key: (
                        not any(other in hidden for other in crossing(key, line)),
                        cells[key],
                        key,
                    ),
                )
            )
            changed = True
    shown_cells: dict[tuple[str, str], int | str] = {}
    for key, value in cells.items():
        if key in small:
            shown_cells[key] = KLEIN.format(drempel=drempel)
        elif key in hidden:
            shown_cells[key] = WEGGELATEN
        else:
            shown_cells[key] = value
    return Gepubliceerd(cellen=shown_cells, drempel=drempel)
