"""The hidden truth: which dwellings are abused, how, and when.

Each abuse type has its own episode (start, end) per dwelling. The chance of an episode grows
with the neighbourhood's abuse level and the owner's badness; labour-migrant housing providers
mostly run work-tied tenancies. Enforcement later cuts some episodes short (see history).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from goedwonen.synth.areas import Gemeente
from goedwonen.synth.buildings import Bag
from goedwonen.synth.encode import day
from goedwonen.synth.owners import CORPORATIE, EIGENAAR, HUISVESTER, OVERHEID, RENTAL, Owners

FLAGS = (
    "overbewoning",
    "kamerverhuur",
    "te_hoge_huur",
    "leegstand",
    "huurcontract_werk",
    "verhuur_zonder_vergunning",
    "niet_ingeschreven",
    "achterstallig_onderhoud",
)
OVER, KAMER, HUUR, LEEG, WERK, ZONDER, NIET_INGESCHREVEN, ONDERHOUD = range(8)
OCCUPANCY = (OVER, KAMER, WERK, NIET_INGESCHREVEN)

PEILDATUM = day("2026-10-01")
HISTORY_START = day("2014-01-01")
NEVER = day("2100-01-01")

# Episode chance per type at intensity 1, and mean duration in years.
RATE = {
    OVER: 0.13,
    KAMER: 0.10,
    HUUR: 0.32,
    LEEG: 0.07,
    WERK: 0.012,
    NIET_INGESCHREVEN: 0.10,
    ONDERHOUD: 0.13,
}
DURATION = {OVER: 4, KAMER: 5, HUUR: 10, LEEG: 3, WERK: 4, NIET_INGESCHREVEN: 4, ONDERHOUD: 12}


@dataclass
class Episodes:
    start: np.ndarray  # (objects, 8) days; NEVER where the dwelling never had that abuse
    end: np.ndarray  # (objects, 8) days (exclusive)
    intensity: np.ndarray  # per object
    reg_share: np.ndarray  # share of occupants that register, for occupancy abuse

    def active(self, when: np.ndarray | int, rows: np.ndarray | None = None) -> np.ndarray:
        """(rows, 8) booleans: which abuse is going on at `when` (a date per row or one date)."""
        start = self.start if rows is None else self.start[rows]
        end = self.end if rows is None else self.end[rows]
        w = np.asarray(when)
        if w.ndim == 1:
            w = w[:, None]
        return (start <= w) & (w < end)

    def ever(self) -> np.ndarray:
        return self.start < NEVER


def plant(rng: np.random.Generator, gemeente: Gemeente, bag: Bag, owners: Owners) -> Episodes:
    n = len(bag.kind)
    tenure = owners.tenure
    misbruik = np.array([b.profile.misbruik for b in gemeente.buurten])[bag.buurt]
    owner_factor = np.where(
        np.isin(tenure, RENTAL), owners.badness[np.maximum(owners.owner, 0)], 0.0
    )
    owner_factor = np.where(tenure == CORPORATIE, 0.12, owner_factor)
    owner_factor = np.where(np.isin(tenure, (EIGENAAR, OVERHEID)), 0.05, owner_factor)
    intensity = misbruik * owner_factor * rng.lognormal(0, 0.5, n)
    intensity = np.where(bag.in_use, intensity, 0.0)

    has = np.zeros((n, 8), dtype=bool)
    rental = np.isin(tenure, RENTAL)
    for t, rate in RATE.items():
        has[:, t] = rng.random(n) < 1 - np.exp(-rate * intensity)
    provider = tenure == HUISVESTER
    has[:, WERK] |= provider & (rng.random(n) < 0.55)
    has[:, KAMER] &= rental
    has[:, HUUR] &= rental
    has[:, WERK] &= rental
    werk = has[:, WERK]
    has[:, OVER] |= werk & (rng.random(n) < 0.6)
    has[:, NIET_INGESCHREVEN] |= werk & (rng.random(n) < 0.5)
    has[:, NIET_INGESCHREVEN] |= has[:, KAMER] & (rng.random(n) < 0.3)

    start = np.full((n, 8), NEVER, dtype=np.int64)
    end = np.full((n, 8), NEVER, dtype=np.int64)
    # Nothing happens in a building before it stands.
    built = np.where(bag.pand >= 0, bag.bouwjaar[np.maximum(bag.pand, 0)], 1990)
    earliest = np.maximum(HISTORY_START, ((built + 1 - 1970) * 365.25).astype(np.int64))
    window = np.maximum(PEILDATUM - 30 - earliest, 1)
    occupancy_start = earliest + (rng.random(n) * window).astype(np.int64)
    for t in range(8):
        if t == ZONDER:  # derived from the permits, not an episode of its own
            continue
        own_start = earliest + (rng.random(n) * window).astype(np.int64)
        s = occupancy_start if t in OCCUPANCY else own_start
        duration = (rng.exponential(DURATION.get(t, 4), n) * 365.25).astype(np.int64) + 60
        start[:, t] = np.where(has[:, t], s, NEVER)
        end[:, t] = np.where(has[:, t], s + duration, NEVER)
    # A vacant dwelling has no occupants: vacancy and occupancy abuse never overlap.
    leeg = has[:, LEEG]
    overlap = leeg[:, None] & np.isin(np.arange(8), OCCUPANCY)[None, :]
    overlap &= (start < end[:, [LEEG]]) & (start[:, [LEEG]] < end)
    start[overlap] = NEVER
    end[overlap] = NEVER
    # The owner bought before the trouble started.
    first = start.min(axis=1)
    latest_buy = first - 60
    owners.verkregen[:] = np.where(
        first < NEVER, np.minimum(owners.verkregen, latest_buy), owners.verkregen
    )
    reg_share = rng.uniform(0.3, 0.95, n)
    return Episodes(start=start, end=end, intensity=intensity, reg_share=reg_share)
