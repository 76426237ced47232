"""BAG for one gemeente: buildings (panden), objects (verblijfsobjecten, ligplaatsen,
standplaatsen), streets, house numbers, postcodes, and side addresses.

Streets are laid out as blocks in a rotated grid over each buurt, numbers run along the street
(odd on one side, even on the other) and postcode letter pairs cover runs of 8 to 25 addresses
on one side of a street, the way real Dutch postcodes do.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from goedwonen.synth import names
from goedwonen.synth.areas import Buurt, Gemeente
from goedwonen.synth.encode import group_starts
from goedwonen.synth.geo import sample_points

EENGEZINS, BOVEN, PORTIEK, FLAT, NIEUW, UTILITEIT = range(6)

ERA_MIX = {
    "vooroorlogs": (0.06, 0.30, 0.50, 0.03, 0.07, 0.04),
    "naoorlogs": (0.35, 0.02, 0.30, 0.20, 0.08, 0.05),
    "centrum": (0.05, 0.10, 0.35, 0.10, 0.30, 0.10),
    "buitenwijk": (0.75, 0.02, 0.08, 0.05, 0.07, 0.03),
    "dorp": (0.80, 0.03, 0.05, 0.02, 0.06, 0.04),
}

# Construction years per era and building type: (first, last).
BOUWJAAR = {
    "vooroorlogs": (
        (1905, 1935),
        (1898, 1930),
        (1905, 1938),
        (1955, 1972),
        (1982, 2026),
        (1900, 2010),
    ),
    "naoorlogs": (
        (1950, 1968),
        (1950, 1960),
        (1950, 1965),
        (1955, 1972),
        (1990, 2026),
        (1955, 2015),
    ),
    "centrum": ((1880, 1940), (1880, 1935), (1946, 1965), (1960, 1980), (1985, 2026), (1900, 2020)),
    "buitenwijk": (
        (1965, 2015),
        (1960, 1975),
        (1960, 1980),
        (1965, 1985),
        (1995, 2026),
        (1970, 2020),
    ),
    "dorp": ((1930, 2020), (1900, 1960), (1955, 1980), (1965, 1980), (1995, 2026), (1920, 2020)),
}

# Floor area (m2) of a dwelling per building type: mean, sd, min, max.
AREA = (
    (112, 20, 70, 190),
    (62, 14, 30, 110),
    (58, 13, 25, 105),
    (70, 10, 40, 100),
    (82, 18, 35, 150),
    (0, 0, 0, 0),
)

DOELEN = (
    "woonfunctie",
    "woonfunctie,kantoorfunctie",
    "woonfunctie,winkelfunctie",
    "winkelfunctie",
    "kantoorfunctie",
    "bijeenkomstfunctie",
    "gezondheidszorgfunctie",
    "onderwijsfunctie",
    "industriefunctie",
    "sportfunctie",
    "overige gebruiksfunctie",
    "winkelfunctie,kantoorfunctie",
)
NONRES_DOEL = np.array([4, 3, 5, 6, 7, 8, 9, 10, 11])
NONRES_P = np.array([0.34, 0.2, 0.14, 0.08, 0.07, 0.08, 0.03, 0.04, 0.02])

VBO_STATUS = (
    "Verblijfsobject in gebruik",
    "Verblijfsobject in gebruik (niet ingemeten)",
    "Verbouwing verblijfsobject",
    "Verblijfsobject gevormd",
    "Plaats aangewezen",
)
PAND_STATUS = (
    "Pand in gebruik",
    "Pand in gebruik (niet ingemeten)",
    "Verbouwing pand",
    "Bouw gestart",
)
LETTERS = ("", *"ABCDEFGHJKLMNOPQ")
TOEVOEGINGEN = ("", *(str(k) for k in range(1, 80)))
VBO, LIG, STA = 0, 1, 2

# How the units of a multi-unit building are numbered: one number with letters A, B, C...;
# one number with toevoegingen 1, 2, 3...; or consecutive numbers.
LETTER_STYLE, TOEV_STYLE, CONSECUTIVE = 0, 1, 2


@dataclass
class Bag:
    """All BAG facts of one gemeente as aligned numpy arrays (see the field comments)."""

    # objects: verblijfsobjecten, then ligplaatsen and standplaatsen
    kind: np.ndarray  # VBO, LIG, STA
    buurt: np.ndarray  # index into gemeente.buurten
    pand: np.ndarray  # index into the pand arrays, -1 for LIG/STA
    x: np.ndarray
    y: np.ndarray
    area: np.ndarray  # m2, -1 when unknown or not applicable
    doel: np.ndarray  # index into DOELEN, -1 for LIG/STA
    status: np.ndarray  # index into VBO_STATUS
    dwelling: np.ndarray  # VBO with woonfunctie
    main: np.ndarray  # index of the main address
    # addresses
    adr_obj: np.ndarray
    street: np.ndarray  # index into streets
    huisnummer: np.ndarray
    letter: np.ndarray  # index into LETTERS, 0 is none
    toev: np.ndarray  # index into TOEVOEGINGEN, 0 is none
    pc4: np.ndarray
    pair: np.ndarray  # index into names.LETTER_PAIRS
    neven: np.ndarray
    # panden
    pand_type: np.ndarray
    bouwjaar: np.ndarray
    pand_status: np.ndarray
    streets: list[str]

    @property
    def in_use(self) -> np.ndarray:
        """Dwellings that people can live in now (not newly formed ones)."""
        return self.dwelling & (self.status != 3)


def build_bag(rng: np.random.Generator, gemeente: Gemeente) -> Bag:
    parts = [_build_buurt(rng, i, b) for i, b in enumerate(gemeente.buurten)]
    # Street names are unique within the woonplaats; focus buurten keep their real main streets.
    fixed = [s for b in gemeente.buurten for s in b.streets]
    total = sum(p["n_streets"] for p in parts)
    fixed_count = sum(
        min(len(b.streets), p["n_streets"]) for b, p in zip(gemeente.buurten, parts, strict=True)
    )
    generated = iter(names.street_names(rng, total - fixed_count, set(fixed)))
    streets: list[str] = []
    offset = 0
    for b, p in zip(gemeente.buurten, parts, strict=True):
        # The real street names go to the buurt's longest streets.
        by_size = np.argsort(-np.bincount(p["street"], minlength=p["n_streets"]), kind="stable")
        local = [""] * p["n_streets"]
        for rank, k in enumerate(by_size):
            local[k] = b.streets[rank] if rank < len(b.streets) else next(generated)
        streets.extend(local)
        p["street"] += offset
        p["adr_street"] += offset
        offset += p["n_streets"]
    return _concatenate(parts, streets)


def _concatenate(parts: list[dict], streets: list[str]) -> Bag:
    pand_offset = 0
    obj_offset = 0
    adr_offset = 0
    for p in parts:
        p["pand"] = np.where(p["pand"] >= 0, p["pand"] + pand_offset, -1)
        p["main"] = p["main"] + adr_offset
        p["adr_obj"] = p["adr_obj"] + obj_offset
        pand_offset += len(p["bouwjaar"])
        obj_offset += len(p["kind"])
        adr_offset += len(p["adr_obj"])

    def cat(key: str) -> np.ndarray:
        return np.concatenate([p[key] for p in parts])

    return Bag(
        kind=cat("kind"),
        buurt=cat("buurt"),
        pand=cat("pand"),
        x=cat("x"),
        y=cat("y"),
        area=cat("area"),
        doel=cat("doel"),
        status=cat("status"),
        dwelling=cat("dwelling"),
        main=cat("main"),
        adr_obj=cat("adr_obj"),
        street=cat("adr_street"),
        huisnummer=cat("huisnummer"),
        letter=cat("letter"),
        toev=cat("toev"),
        pc4=cat("pc4"),
        pair=cat("pair"),
        neven=cat("neven"),
        pand_type=cat("pand_type"),
        bouwjaar=cat("bouwjaar"),
        pand_status=cat("pand_status"),
        streets=streets,
    )


def _pand_types(rng: np.random.Generator, era: str, dwellings: int) -> tuple[np.ndarray, ...]:
    mix = np.array(ERA_MIX[era])
    estimate = int(dwellings / 4) + 50
    while True:
        types = rng.choice(6, size=estimate, p=mix)
        units = np.zeros(estimate, dtype=np.int64)
        units[types == EENGEZINS] = 1
        units[types == BOVEN] = rng.integers(2, 4, size=int((types == BOVEN).sum()))
        units[types == PORTIEK] = rng.choice(
            [4, 6, 6, 8, 8, 8, 10, 12], size=int((types == PORTIEK).sum())
        )
        units[types == FLAT] = rng.integers(16, 65, size=int((types == FLAT).sum()))
        units[types == NIEUW] = rng.integers(8, 41, size=int((types == NIEUW).sum()))
        total = np.cumsum(units)
        if total[-1] >= dwellings:
            break
        estimate *= 2
    cut = int(np.searchsorted(total, dwellings))
    types = types[: cut + 1]
    units = units[: cut + 1].copy()
    units[cut] -= int(total[cut]) - dwellings
    if units[cut] == 0:  # the last building would be empty: drop it
        types, units = types[:cut], units[:cut]
    return types, units


def _build_buurt(rng: np.random.Generator, index: int, buurt: Buurt) -> dict:
    era = buurt.profile.era
    types, units = _pand_types(rng, era, buurt.woningen)
    n_pand = len(types)
    shop = np.isin(types, (BOVEN, PORTIEK, NIEUW)) & (rng.random(n_pand) < 0.10)
    nonres = np.where(types == UTILITEIT, rng.integers(1, 5, n_pand), 0)
    n_vbo = units + shop + nonres

    # Building years and states.
    bounds = np.array(BOUWJAAR[era])
    bouwjaar = rng.integers(bounds[types, 0], bounds[types, 1] + 1)
    pand_status = rng.choice(3, size=n_pand, p=(0.97, 0.02, 0.01))
    pand_status[bouwjaar == 2026] = 3

    # Locations and streets: a rotated grid of blocks; each block is one street.
    px, py = sample_points(rng, buurt.polygon, n_pand, margin=8.0)
    theta = rng.uniform(0, np.pi / 2)
    u = px * np.cos(theta) + py * np.sin(theta)
    v = -px * np.sin(theta) + py * np.cos(theta)
    n_streets_wanted = max(4, round(buurt.woningen / 110))
    urange = max(u.max() - u.min(), 1.0)
    vrange = max(v.max() - v.min(), 1.0)
    kv = max(2, round(np.sqrt(n_streets_wanted * vrange / urange)))
    ku = max(1, -(-n_streets_wanted // kv))
    fv = (v - v.min()) / vrange * kv
    strip = np.minimum(fv.astype(np.int64), kv - 1)
    seg = np.minimum(((u - u.min()) / urange * ku).astype(np.int64), ku - 1)
    _, street = np.unique(strip * ku + seg, return_inverse=True)
    n_streets = int(street.max()) + 1
    side = ((fv - strip) > 0.5).astype(np.int64)

    order = np.lexsort((u, side, street))
    types, units, shop, nonres, n_vbo = (
        types[order],
        units[order],
        shop[order],
        nonres[order],
        n_vbo[order],
    )
    bouwjaar, pand_status = bouwjaar[order], pand_status[order]
    px, py, street, side = px[order], py[order], street[order], side[order]

    # House numbers: each building takes one or more number slots on its side of the street.
    style = np.full(n_pand, CONSECUTIVE)
    multi = np.isin(types, (BOVEN, PORTIEK))
    style[multi] = rng.choice(3, size=int(multi.sum()), p=(0.6, 0.15, 0.25))
    new = types == NIEUW
    style[new] = rng.choice([TOEV_STYLE, CONSECUTIVE], size=int(new.sum()))
    style[types == EENGEZINS] = LETTER_STYLE
    slots = np.where(style == CONSECUTIVE, n_vbo, 1) + (rng.random(n_pand) < 0.04)
    group = street * 2 + side
    first_in_group = group_starts(group)
    used = np.cumsum(slots) - slots
    group_start = np.maximum.accumulate(np.where(first_in_group, used, 0))
    base = 1 + side + 2 * (used - group_start)

    # Expand buildings to objects.
    n_obj = int(n_vbo.sum())
    pand = np.repeat(np.arange(n_pand), n_vbo)
    r = np.arange(n_obj) - np.repeat(np.cumsum(n_vbo) - n_vbo, n_vbo)
    t = types[pand]
    is_shop = shop[pand] & (r == 0)
    dwelling = (t != UTILITEIT) & ~is_shop
    st = style[pand]
    huisnummer = base[pand] + np.where(st == CONSECUTIVE, 2 * r, 0)
    letter = np.where(st == LETTER_STYLE, r, 0)
    toev = np.where(st == TOEV_STYLE, r + 1, 0)

    # Floor areas and uses.
    params = np.array(AREA, dtype=np.float64)
    area = rng.normal(params[t, 0], params[t, 1])
    area = np.clip(area, params[t, 2], params[t, 3])
    nonres_area = np.clip(rng.lognormal(np.log(140), 0.7, n_obj), 25, 3000)
    area = np.where(dwelling, area, nonres_area).round().astype(np.int64)
    doel = np.where(dwelling, 0, rng.choice(NONRES_DOEL, size=n_obj, p=NONRES_P))
    doel[is_shop] = 3
    mixed = dwelling & (rng.random(n_obj) < 0.013)
    doel[mixed] = rng.choice([1, 2], size=int(mixed.sum()), p=(0.75, 0.25))
    area[dwelling & (rng.random(n_obj) < 0.001)] = -1  # unknown area: empty in the export
    status = rng.choice(3, size=n_obj, p=(0.975, 0.02, 0.005))
    status[pand_status[pand] == 3] = 3

    # Coordinates: units of one building within a couple of metres of its point.
    x = px[pand] + rng.uniform(-2, 2, n_obj)
    y = py[pand] + rng.uniform(-2, 2, n_obj)

    # Postcodes: runs of 8-25 addresses on one side of a street share a letter pair.
    obj_group = group[pand]
    pc4, pair = _postcodes(rng, buurt, obj_group)

    # Side addresses (nevenadressen) and the moorings/pitches are numbered past the last
    # number on their side of the street and take that run's postcode.
    n_neven = int(rng.binomial(n_obj, 0.01))
    neven_obj = np.sort(rng.choice(n_obj, size=n_neven, replace=False))
    n_lig = int(rng.poisson(buurt.woningen / 6000))
    n_sta = int(rng.poisson(buurt.woningen / 12000))
    extra_obj = np.arange(n_obj, n_obj + n_lig + n_sta)
    lx, ly = sample_points(rng, buurt.polygon, n_lig + n_sta, margin=8.0)
    extra_group = rng.choice(obj_group, size=n_lig + n_sta)
    tail_groups = np.concatenate([obj_group[neven_obj], extra_group])
    last = np.zeros(int(group.max()) + 1, dtype=np.int64)
    np.maximum.at(last, obj_group, huisnummer)
    last_index = np.zeros_like(last)
    np.maximum.at(last_index, obj_group, np.arange(n_obj))
    rank = _rank_within(tail_groups)
    tail_numbers = last[tail_groups] + 2 * (rank + 1) + 10
    tail_src = last_index[tail_groups]

    kind = np.concatenate([np.full(n_obj, VBO), np.full(n_lig, LIG), np.full(n_sta, STA)])
    all_obj = n_obj + n_lig + n_sta
    adr_obj = np.concatenate([np.arange(n_obj), neven_obj, extra_obj])
    neven = np.concatenate(
        [np.zeros(n_obj, bool), np.ones(n_neven, bool), np.zeros(n_lig + n_sta, bool)]
    )
    main = np.concatenate(
        [np.arange(n_obj), np.arange(n_obj + n_neven, n_obj + n_neven + n_lig + n_sta)]
    )
    sort = np.argsort(adr_obj, kind="stable")  # addresses grouped per object, main first
    inverse = np.empty_like(sort)
    inverse[sort] = np.arange(len(sort))
    street_of_group = np.zeros(int(group.max()) + 1, dtype=np.int64)
    street_of_group[obj_group] = street[pand]
    return {
        "n_streets": n_streets,
        "kind": kind,
        "buurt": np.full(all_obj, index),
        "pand": np.concatenate([pand, np.full(n_lig + n_sta, -1)]),
        "x": np.concatenate([x, lx]),
        "y": np.concatenate([y, ly]),
        "area": np.concatenate([area, np.full(n_lig + n_sta, -1)]),
        "doel": np.concatenate([doel, np.full(n_lig + n_sta, -1)]),
        "status": np.concatenate([status, np.full(n_lig + n_sta, 4)]),
        "dwelling": np.concatenate([dwelling, np.zeros(n_lig + n_sta, bool)]),
        "main": inverse[main],
        "adr_obj": adr_obj[sort],
        "adr_street": np.concatenate([street[pand], street_of_group[tail_groups]])[sort],
        "huisnummer": np.concatenate([huisnummer, tail_numbers])[sort],
        "letter": np.concatenate([letter, np.zeros(len(tail_groups), np.int64)])[sort],
        "toev": np.concatenate([toev, np.zeros(len(tail_groups), np.int64)])[sort],
        "pc4": np.concatenate([pc4, pc4[tail_src]])[sort],
        "pair": np.concatenate([pair, pair[tail_src]])[sort],
        "neven": neven[sort],
        "street": street,
        "pand_type": types,
        "bouwjaar": bouwjaar,
        "pand_status": pand_status,
    }


def _rank_within(groups: np.ndarray) -> np.ndarray:
    """0, 1, 2, ... within each value of `groups`, in array order."""
    order = np.argsort(groups, kind="stable")
    g = groups[order]
    start = group_starts(g)
    idx = np.arange(len(g))
    first = np.maximum.accumulate(np.where(start, idx, 0))
    rank = np.empty(len(g), dtype=np.int64)
    rank[order] = idx - first
    return rank


def _postcodes(
    rng: np.random.Generator, buurt: Buurt, group: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    n = len(group)
    first = group_starts(group)
    gid = np.cumsum(first) - 1
    length = rng.integers(8, 26, size=int(gid.max()) + 1)
    idx = np.arange(n)
    pos = idx - np.maximum.accumulate(np.where(first, idx, 0))
    run_in_group = pos // length[gid]
    new_run = first | group_starts(run_in_group)
    runs = int(new_run.sum())
    capacity = len(names.LETTER_PAIRS) * len(buurt.pc4)
    if runs > capacity:
        raise ValueError(
            f"{buurt.code}: {runs} postcode runs do not fit {len(buurt.pc4)} pc4 codes"
        )
    gaps = rng.choice(3, size=runs, p=(0.75, 0.2, 0.05))
    if runs + gaps.sum() > capacity:
        gaps[:] = 0
    offset = np.cumsum(1 + gaps) - 1
    run_offset = offset[np.cumsum(new_run) - 1]
    pc4 = np.array(buurt.pc4, dtype=np.int64)[run_offset // len(names.LETTER_PAIRS)]
    return pc4, run_offset % len(names.LETTER_PAIRS)
