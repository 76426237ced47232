"""The 2026 table of maximum bare rents per WWS point total, kept beside the package's own.

`tabellen/wws_maximale_huurprijzen_2026-01-01.csv` is the team's reference table
(docs/reference, "afgeleid uit woonstadrotterdam/woningwaardering", Huurcommissie-beleidsboek
bijlage 3) with one correction: at 106 points the onzelfstandige column read 883,95 between
848,66 (105) and 859,20 (107). The reference notes (§2.5) flag it as a typo; woningwaardering
6.202607.3 carries 853,95, which is what this copy holds. The rent check compares every amount
the package returns with this table, so a package or table change that disagrees shows up.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from importlib.resources import files

TABEL_PEILDATUM = date(2026, 1, 1)
TABEL_BRON = (
    "Maximale huurprijzen per 1 januari 2026 (Huurcommissie-beleidsboek bijlage 3), "
    "goedwonen/checks/tabellen/wws_maximale_huurprijzen_2026-01-01.csv"
)
_BESTAND = "wws_maximale_huurprijzen_2026-01-01.csv"


@dataclass(frozen=True)
class Huurprijstabel:
    zelfstandig: dict[int, Decimal]
    onzelfstandig: dict[int, Decimal]

    def maximale_huur(self, punten: int, *, zelfstandig: bool) -> Decimal:
        """The amount for a point total: below the first row the first amount applies; above
        250 each point adds the step between 249 and 250 (Huurcommissie §1.3)."""
        tabel = self.zelfstandig if zelfstandig else self.onzelfstandig
        laagste, hoogste = min(tabel), max(tabel)
        if punten <= laagste:
            return tabel[laagste]
        if punten <= hoogste:
            return tabel[punten]
        stap = tabel[hoogste] - tabel[hoogste - 1]
        return tabel[hoogste] + (punten - hoogste) * stap


@cache
def huurprijstabel() -> Huurprijstabel:
    tekst = files("goedwonen.checks").joinpath("tabellen", _BESTAND).read_text(encoding="utf-8")
    zelfstandig: dict[int, Decimal] = {}
    onzelfstandig: dict[int, Decimal] = {}
    for rij in csv.DictReader(tekst.splitlines()):
        punten = int(rij["punten"])
        if rij["max_kale_huur_zelfstandig_2026"]:
            zelfstandig[punten] = Decimal(rij["max_kale_huur_zelfstandig_2026"]).quantize(
                Decimal("0.01")
            )
        if rij["max_kale_huur_onzelfstandig_2026"]:
            onzelfstandig[punten] = Decimal(rij["max_kale_huur_onzelfstandig_2026"]).quantize(
                Decimal("0.01")
            )
    return Huurprijstabel(zelfstandig=zelfstandig, onzelfstandig=onzelfstandig)
