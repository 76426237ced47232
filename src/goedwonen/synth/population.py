"""Who lives where, and what the registers see of it: BRP aggregates, energy use and WOZ.

The registers show abuse only through noise: occupants of overcrowded or let-by-the-room
dwellings register only in part, ordinary large families in small flats look overcrowded too,
legal room letting (with a permit) churns like illegal room letting, vacant dwellings keep a
stale registration now and then, and some ordinary dwellings stand empty between tenants.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from goedwonen.synth.abuse import KAMER, LEEG, NIET_INGESCHREVEN, ONDERHOUD, OVER, WERK, Episodes
from goedwonen.synth.buildings import EENGEZINS, FLAT, NIEUW, Bag
from goedwonen.synth.encode import day
from goedwonen.synth.owners import CORPORATIE, EIGENAAR, RENTAL, Owners

BRP_PEILDATA = ("2023-01-01", "2024-01-01", "2025-01-01", "2026-01-01", "2026-10-01")
WOZ_PEILDATA = ("2022-01-01", "2023-01-01", "2024-01-01", "2025-01-01")
WOZ_INDEX = (0.88, 0.96, 0.93, 1.0)
ENERGY_YEARS = (2023, 2024, 2025)
MOVES_FROM = day("2021-10-01")
BRP_END = day("2026-10-01")


@dataclass
class Households:
    rows: np.ndarray  # object index of each dwelling in use
    area: np.ndarray  # floor area used for sizing (60 when unknown)
    a0: np.ndarray
    m0: np.ndarray
    a1: np.ndarray
    m1: np.ndarray
    move: np.ndarray  # day of the one move in the window (or far future)
    crowd: np.ndarray  # adults in the dwelling while it is overcrowded or let by the room
    crowd_minors: np.ndarray
    rooms: np.ndarray  # legal room letting (with an omzettingsvergunning)
    surnames_pair: np.ndarray  # a couple with two family names
    finished: np.ndarray  # day the building was ready (mid-year of its construction year)

    def true_at(self, when: np.ndarray | int, active: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Adults and minors actually living in each dwelling at `when`."""
        before = np.asarray(when) < self.move
        adults = np.where(before, self.a0, self.a1)
        minors = np.where(before, self.m0, self.m1)
        crowded = active[:, OVER] | active[:, KAMER] | active[:, WERK]
        adults = np.where(crowded, self.crowd, adults)
        minors = np.where(
            crowded, np.where(active[:, OVER] & ~active[:, WERK], self.crowd_minors, 0), minors
        )
        adults = np.where(self.rooms & ~crowded, self.crowd, adults)
        minors = np.where(self.rooms & ~crowded, 0, minors)
        vacant = active[:, LEEG]
        return np.where(vacant, 0, adults), np.where(vacant, 0, minors)


def _household(rng: np.random.Generator, area: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n = len(area)
    small = area < 50
    large = area > 90
    u = rng.random(n)
    cuts_small = np.array([0.60, 0.95, 0.99])
    cuts_mid = np.array([0.40, 0.87, 0.96])
    cuts_large = np.array([0.25, 0.80, 0.92])
    cuts = np.where(small[:, None], cuts_small, np.where(large[:, None], cuts_large, cuts_mid))
    adults = 1 + (u[:, None] > cuts).sum(axis=1)
    lam = np.where(adults >= 2, np.clip((area - 45) / 35, 0.1, 1.6), 0.25)
    minors = rng.poisson(lam)
    return adults, np.minimum(minors, 5)


def households(rng: np.random.Generator, bag: Bag, owners: Owners, ep: Episodes) -> Households:
    rows = np.flatnonzero(bag.in_use)
    n = len(rows)
    area = np.where(bag.area[rows] > 0, bag.area[rows], 60).astype(np.float64)
    a0, m0 = _household(rng, area)
    a1, m1 = _household(rng, area)
    tenure = owners.tenure[rows]
    rate = np.where(tenure == EIGENAAR, 0.06, np.where(tenure == CORPORATIE, 0.08, 0.15))
    moved = rng.random(n) < 1 - np.exp(-rate * 5)
    move = np.where(
        moved,
        MOVES_FROM + (rng.random(n) * (BRP_END - MOVES_FROM)).astype(np.int64),
        BRP_END + 10_000,
    )
    werk = 4 + rng.poisson(3, n)
    kamer = 3 + rng.poisson(1.5, n)
    over = np.maximum(np.ceil(area / rng.uniform(6.5, 9.5, n)), np.maximum(a0, a1) + 2)
    has = ep.ever()[rows]
    crowd = np.where(has[:, OVER], over, 0)
    crowd = np.maximum(crowd, np.where(has[:, KAMER], kamer, 0))
    crowd = np.maximum(crowd, np.where(has[:, WERK], werk, 0))
    rooms = np.isin(tenure, RENTAL) & ~has[:, KAMER] & (rng.random(n) < 0.006)
    crowd = np.where(rooms, rng.integers(3, 6, n), crowd)
    return Households(
        rows=rows,
        area=area,
        a0=a0,
        m0=m0,
        a1=a1,
        m1=m1,
        move=move,
        crowd=np.minimum(crowd, 14).astype(np.int64),
        crowd_minors=rng.poisson(1.0, n),
        rooms=rooms,
        surnames_pair=rng.random(n) < 0.5,
        finished=((bag.bouwjaar[bag.pand[rows]] - 1970) * 365.25 + 180).astype(np.int64),
    )


def brp_rows(rng: np.random.Generator, hh: Households, ep: Episodes) -> dict[str, Any]:
    """Registration aggregates per main address and peildatum (columns as numpy arrays)."""
    n = len(hh.rows)
    out: dict[str, list[np.ndarray]] = {
        k: []
        for k in (
            "row",
            "peildatum",
            "ingeschrevenen",
            "volwassenen",
            "minderjarigen",
            "achternamen",
            "in",
            "uit",
            "briefadres",
        )
    }
    reg_share = ep.reg_share[hh.rows]
    finished = hh.finished
    stale = rng.random(n) < 0.2
    stale_brief = rng.random(n) < 0.5
    for iso in BRP_PEILDATA:
        p = day(iso)
        active = ep.active(p, hh.rows)
        adults, minors = hh.true_at(p, active)
        crowded = active[:, OVER] | active[:, KAMER] | active[:, WERK]
        wobble = np.where(crowded & (adults > 2), rng.integers(-1, 2, n), 0)
        adults = adults + wobble
        reg_adults = np.where(crowded, rng.binomial(adults, reg_share), adults)
        unreg = active[:, NIET_INGESCHREVEN]
        reg_adults = np.where(
            unreg, np.minimum(rng.binomial(reg_adults, 0.4), np.maximum(adults - 1, 0)), reg_adults
        )
        reg_minors = np.where(unreg, rng.binomial(minors, 0.5), minors)
        vacant = active[:, LEEG]
        reg_adults = np.where(vacant, stale.astype(np.int64), reg_adults)
        # Noise in ordinary homes: a registration left behind, or nobody between two tenants.
        normal = ~crowded & ~vacant & ~unreg
        reg_adults = reg_adults + (normal & (rng.random(n) < 0.015))
        empty_gap = normal & (rng.random(n) < 0.01)
        reg_adults = np.where(empty_gap, 0, reg_adults)
        reg_minors = np.where(empty_gap | vacant, 0, reg_minors)

        lodgers = (crowded & (active[:, KAMER] | active[:, WERK])) | hh.rooms
        names_normal = np.where(
            reg_adults <= 1,
            reg_adults,
            np.where(
                reg_adults == 2,
                1 + hh.surnames_pair,
                1 + rng.binomial(np.maximum(reg_adults - 1, 0), 0.3),
            ),
        )
        names_lodgers = reg_adults - rng.binomial(reg_adults, 0.08)
        names_over = np.minimum(reg_adults, 1 + rng.poisson(1.0, n))
        surnames = np.where(lodgers, names_lodgers, np.where(crowded, names_over, names_normal))
        total = reg_adults + reg_minors
        surnames = np.where(total > 0, np.clip(surnames, 1, total), 0)

        moved_recently = (hh.move <= p) & (hh.move > p - 365)
        base_in = np.where(moved_recently, hh.a1 + hh.m1, 0) + rng.poisson(0.05, n)
        base_out = np.where(moved_recently, hh.a0 + hh.m0, 0) + rng.poisson(0.05, n)
        werk = active[:, WERK]
        kamer = active[:, KAMER] | hh.rooms
        churn_in = np.where(
            werk,
            rng.poisson(1.5 * reg_adults + 1.0),
            np.where(
                kamer,
                rng.poisson(0.6 * reg_adults + 0.5),
                np.where(active[:, OVER], rng.poisson(0.5, n), base_in),
            ),
        )
        churn_out = np.where(
            werk,
            rng.poisson(1.4 * reg_adults + 1.0),
            np.where(
                kamer,
                rng.poisson(0.6 * reg_adults + 0.4),
                np.where(active[:, OVER], rng.poisson(0.4, n), base_out),
            ),
        )
        churn_in = np.where(vacant, 0, churn_in)
        churn_out = np.where(vacant, rng.poisson(0.3, n), churn_out)
        brief = np.where(vacant, stale & stale_brief, rng.random(n) < np.where(werk, 0.03, 0.003))
        brief &= total > 0

        # A missing row means unknown; nobody lived in a building before it was finished.
        keep = (rng.random(n) >= 0.003) & (finished <= p)
        out["row"].append(hh.rows[keep])
        out["peildatum"].append(np.full(int(keep.sum()), p))
        out["ingeschrevenen"].append(total[keep])
        out["volwassenen"].append(reg_adults[keep])
        out["minderjarigen"].append(reg_minors[keep])
        out["achternamen"].append(surnames[keep])
        out["in"].append(churn_in[keep])
        out["uit"].append(churn_out[keep])
        out["briefadres"].append(brief[keep])
    return {k: np.concatenate(v) for k, v in out.items()}


def energy_rows(
    rng: np.random.Generator, bag: Bag, hh: Households, ep: Episodes, coverage: np.ndarray
) -> dict[str, np.ndarray]:
    """Yearly electricity and gas per main address, for the addresses with a legal basis."""
    n = len(hh.rows)
    covered = rng.random(n) < coverage[bag.buurt[hh.rows]]
    built = bag.bouwjaar[bag.pand[hh.rows]]
    per_m2 = np.select([built < 1945, built < 1975, built < 2000], [17.0, 14.0, 10.0], 6.0)
    electric_only = (built >= 2018) | (rng.random(n) < 0.03)
    extra = np.where(rng.random(n) < 0.04, rng.uniform(1500, 4000, n), 0)  # heat pump, car
    out: dict[str, list[np.ndarray]] = {k: [] for k in ("row", "jaar", "kwh", "gas", "gas_null")}
    for year in ENERGY_YEARS:
        mid = day(f"{year}-07-01")
        active = ep.active(mid, hh.rows)
        adults, minors = hh.true_at(mid, active)
        persons = adults + minors
        kwh = (700 + 750 * persons**0.75) * rng.lognormal(0, 0.25, n) + extra
        gas = hh.area * per_m2 * (0.55 + 0.12 * np.minimum(persons, 6)) * rng.lognormal(0, 0.2, n)
        vacant = active[:, LEEG]
        kwh = np.where(vacant, rng.uniform(100, 600, n), kwh)
        gas = np.where(vacant, gas * rng.uniform(0.05, 0.3, n), gas)
        gas = np.where(electric_only, 0, gas)
        keep = covered & (built <= year)
        out["row"].append(hh.rows[keep])
        out["jaar"].append(np.full(int(keep.sum()), year))
        out["kwh"].append(np.round(kwh[keep]).astype(np.int64))
        out["gas"].append(np.round(gas[keep]).astype(np.int64))
        out["gas_null"].append(rng.random(int(keep.sum())) < 0.01)
    return {k: np.concatenate(v) for k, v in out.items()}


def woz_values(rng: np.random.Generator, bag: Bag, woz_m2: np.ndarray, ep: Episodes) -> np.ndarray:
    """WOZ value at waardepeildatum 2025-01-01 for every verblijfsobject (0 for others)."""
    n = len(bag.kind)
    area = np.where(bag.area > 0, bag.area, 60).astype(np.float64)
    ptype = np.where(bag.pand >= 0, bag.pand_type[np.maximum(bag.pand, 0)], -1)
    factor = np.select([ptype == EENGEZINS, ptype == NIEUW, ptype == FLAT], [1.15, 1.1, 0.9], 1.0)
    value = area * woz_m2[bag.buurt] * factor * rng.lognormal(0, 0.12, n)
    neglect = ep.active(day("2025-01-01"))[:, ONDERHOUD]
    value = np.where(neglect, value * 0.88, value)
    value = np.where(bag.dwelling, value, area * 1700 * rng.lognormal(0, 0.3, n))
    return np.where(bag.pand >= 0, value, 0.0)


def woz_rows(rng: np.random.Generator, bag: Bag, value_2025: np.ndarray) -> dict[str, np.ndarray]:
    objects = np.flatnonzero(bag.pand >= 0)
    built = bag.bouwjaar[bag.pand[objects]]
    out: dict[str, list[np.ndarray]] = {"row": [], "peildatum": [], "waarde": []}
    for iso, index in zip(WOZ_PEILDATA, WOZ_INDEX, strict=True):
        year = int(iso[:4])
        keep = built < year
        v = value_2025[objects] * index * rng.lognormal(0, 0.015, len(objects))
        out["row"].append(objects[keep])
        out["peildatum"].append(np.full(int(keep.sum()), day(iso)))
        out["waarde"].append((np.round(v[keep] / 1000) * 1000).astype(np.int64))
    return {k: np.concatenate(v) for k, v in out.items()}
