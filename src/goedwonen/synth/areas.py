"""The areas of each scale: gemeenten, wijken and buurten with polygons and neighbourhood profiles.

Geography is drawn from a fixed seed, so the map is the same for every `--seed`: only the
population, the owners and the history change with the seed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry

from goedwonen.synth import names
from goedwonen.synth.geo import blob, clean, largest_polygon, to_rd, voronoi_cells

GEOGRAPHY_SEED = 20260101


@dataclass(frozen=True)
class Profile:
    """What a neighbourhood is like; the generator draws its dwellings and people from this."""

    era: str  # building mix: vooroorlogs, naoorlogs, centrum, buitenwijk, dorp
    corporatie: float  # share of dwellings owned by housing corporations
    eigenaar: float  # share of owner-occupied dwellings
    groot: float  # share of dwellings of large private landlords
    misbruik: float  # multiplier on the true rate of abuse
    meldbereidheid: float  # multiplier on reporting: the geographic bias of reports
    woz_m2: float  # WOZ euros per m2 at waardepeildatum 2025-01-01
    energie: float  # share of addresses with energy data
    focus: bool = False  # a focus neighbourhood: integral actions and proactive checks


@dataclass
class Buurt:
    code: str
    naam: str
    wijkcode: str
    wijknaam: str
    polygon: Polygon
    woningen: int
    profile: Profile
    pc4: list[int] = field(default_factory=list)
    streets: tuple[str, ...] = ()


@dataclass
class Gemeente:
    code: str  # four digits, "0599"
    naam: str
    provincie: str
    buurten: list[Buurt]
    index: int = 0  # position in the plan, used to keep identifiers unique across chunks

    @property
    def woningen(self) -> int:
        return sum(b.woningen for b in self.buurten)


FOCUS: tuple[tuple[str, str, str, str, float, float, int, Profile], ...] = (
    # code, name, wijkcode, wijknaam, lon, lat, dwellings, profile
    (
        "BU05991081",
        "Bloemhof",
        "WK059910",
        "Feijenoord",
        4.503,
        51.898,
        6300,
        Profile("vooroorlogs", 0.45, 0.22, 0.06, 1.3, 1.7, 3100, 0.7, True),
    ),
    (
        "BU05991082",
        "Hillesluis",
        "WK059910",
        "Feijenoord",
        4.515,
        51.894,
        5900,
        Profile("vooroorlogs", 0.40, 0.24, 0.07, 1.2, 0.9, 3000, 0.7, True),
    ),
    (
        "BU05991571",
        "Tarwewijk",
        "WK059915",
        "Charlois",
        4.478,
        51.891,
        5400,
        Profile("vooroorlogs", 0.33, 0.20, 0.10, 1.6, 2.3, 2900, 0.7, True),
    ),
    (
        "BU05991572",
        "Carnisse",
        "WK059915",
        "Charlois",
        4.482,
        51.882,
        6100,
        Profile("vooroorlogs", 0.14, 0.33, 0.08, 1.2, 1.2, 3200, 0.7, True),
    ),
    (
        "BU05991573",
        "Zuidwijk",
        "WK059915",
        "Charlois",
        4.476,
        51.869,
        6800,
        Profile("naoorlogs", 0.58, 0.26, 0.03, 0.5, 0.6, 3300, 0.7, True),
    ),
    (
        "BU05991577",
        "Pendrecht",
        "WK059915",
        "Charlois",
        4.462,
        51.866,
        6200,
        Profile("naoorlogs", 0.60, 0.20, 0.04, 0.8, 0.45, 3000, 0.7, True),
    ),
)

FOCUS_PC4: dict[str, list[int]] = {
    "BU05991081": [3073, 3072],
    "BU05991082": [3074, 3075],
    "BU05991571": [3082, 3081],
    "BU05991572": [3083, 3084],
    "BU05991573": [3085, 3088],
    "BU05991577": [3086, 3087],
}

# Rotterdam's wijken: code, name, centre (lon, lat), radius (m), era, buurt names.
ROTTERDAM_WIJKEN: tuple[tuple[str, str, float, float, float, str, tuple[str, ...]], ...] = (
    (
        "01",
        "Stadscentrum",
        4.478,
        51.921,
        1500,
        "centrum",
        ("Stadsdriehoek", "Cool", "CS Kwartier", "Nieuwe Werk", "Dijkzigt", "Oude Westen"),
    ),
    (
        "03",
        "Delfshaven",
        4.443,
        51.913,
        2000,
        "vooroorlogs",
        (
            "Delfshaven",
            "Bospolder",
            "Tussendijken",
            "Spangen",
            "Nieuwe Westen",
            "Middelland",
            "Oud-Mathenesse",
            "Witte Dorp",
            "Schiemond",
        ),
    ),
    (
        "04",
        "Overschie",
        4.428,
        51.940,
        1700,
        "buitenwijk",
        ("Overschie", "Kleinpolder", "Zestienhoven", "Landzicht"),
    ),
    (
        "05",
        "Noord",
        4.468,
        51.933,
        1500,
        "vooroorlogs",
        (
            "Agniesebuurt",
            "Provenierswijk",
            "Bergpolder",
            "Blijdorp",
            "Liskwartier",
            "Oude Noorden",
            "Blijdorpsepolder",
        ),
    ),
    (
        "06",
        "Hillegersberg-Schiebroek",
        4.487,
        51.955,
        1900,
        "buitenwijk",
        (
            "Hillegersberg-Zuid",
            "Hillegersberg-Noord",
            "Schiebroek",
            "Terbregge",
            "Molenlaankwartier",
        ),
    ),
    (
        "08",
        "Kralingen-Crooswijk",
        4.510,
        51.925,
        1700,
        "vooroorlogs",
        (
            "Rubroek",
            "Nieuw-Crooswijk",
            "Oud-Crooswijk",
            "Kralingen-West",
            "Kralingen-Oost",
            "De Esch",
            "Struisenburg",
        ),
    ),
    (
        "10",
        "Feijenoord",
        4.500,
        51.903,
        1500,
        "vooroorlogs",
        (
            "Afrikaanderwijk",
            "Feijenoord",
            "Noordereiland",
            "Kop van Zuid",
            "Katendrecht",
            "Kop van Zuid-Entrepot",
            "Vreewijk",
        ),
    ),
    (
        "12",
        "IJsselmonde",
        4.556,
        51.880,
        2200,
        "naoorlogs",
        (
            "Beverwaard",
            "Groot-IJsselmonde",
            "Oud-IJsselmonde",
            "Lombardijen",
            "Sportdorp",
            "Reyeroord",
            "Hordijkerveld",
        ),
    ),
    ("13", "Pernis", 4.390, 51.887, 700, "dorp", ("Pernis",)),
    (
        "14",
        "Prins Alexander",
        4.556,
        51.950,
        2500,
        "buitenwijk",
        (
            "Ommoord",
            "Zevenkamp",
            "Het Lage Land",
            "Prinsenland",
            "Oosterflank",
            "Kralingseveer",
            "Nesselande",
            "'s-Gravenland",
        ),
    ),
    (
        "15",
        "Charlois",
        4.470,
        51.874,
        1800,
        "naoorlogs",
        ("Oud-Charlois", "Wielewaal", "Zuidplein", "Zuiderpark", "Heijplaat", "Zuidrand"),
    ),
    (
        "16",
        "Hoogvliet",
        4.356,
        51.862,
        1500,
        "naoorlogs",
        ("Hoogvliet-Noord", "Hoogvliet-Zuid", "Oudeland", "Zalmplaat", "Tussenwater"),
    ),
)

# The Nieuwe Maas through Rotterdam (lon, lat), a river no buurt may cover.
MAAS: tuple[tuple[float, float], ...] = (
    (4.36, 51.890),
    (4.40, 51.897),
    (4.43, 51.902),
    (4.455, 51.906),
    (4.48, 51.908),
    (4.495, 51.913),
    (4.515, 51.914),
    (4.535, 51.907),
    (4.56, 51.903),
    (4.60, 51.905),
)

ROTTERDAM_DWELLINGS = 330_000

# Opkoopbescherming (Huisvestingsverordening Rotterdam, 16 areas from 2022).
OPKOOP_NAMES = frozenset(
    {
        "Bergpolder",
        "Blijdorp",
        "Bloemhof",
        "Carnisse",
        "Groot-IJsselmonde",
        "Het Lage Land",
        "Hillegersberg-Zuid",
        "Hillesluis",
        "Kralingen-Oost",
        "Kralingen-West",
        "Middelland",
        "Nieuwe Westen",
        "Oud-Mathenesse",
        "Oud-Charlois",
        "Rubroek",
        "Tarwewijk",
    }
)

PROFILES: dict[str, Profile] = {
    # era: corporatie, eigenaar, groot, misbruik, meldbereidheid, woz/m2, energie
    "centrum": Profile("centrum", 0.30, 0.30, 0.12, 0.5, 0.9, 5200, 0.5),
    "vooroorlogs": Profile("vooroorlogs", 0.40, 0.28, 0.07, 0.8, 1.0, 4200, 0.5),
    "naoorlogs": Profile("naoorlogs", 0.50, 0.30, 0.04, 0.6, 0.7, 3300, 0.5),
    "buitenwijk": Profile("buitenwijk", 0.30, 0.55, 0.03, 0.25, 0.6, 3600, 0.5),
    "dorp": Profile("dorp", 0.25, 0.60, 0.02, 0.2, 0.5, 3400, 0.4),
}


def _centres() -> dict[str, tuple[float, float]]:
    lon = np.array([f[4] for f in FOCUS])
    lat = np.array([f[5] for f in FOCUS])
    x, y = to_rd(lon, lat)
    return {f[0]: (float(x[i]), float(y[i])) for i, f in enumerate(FOCUS)}


def focus_polygons() -> dict[str, Polygon]:
    """The six focus buurten: Voronoi cells of their centroids, cut to an irregular outline."""
    rng = np.random.default_rng(GEOGRAPHY_SEED)
    centres = _centres()
    xs = np.array([c[0] for c in centres.values()])
    ys = np.array([c[1] for c in centres.values()])
    extent = shapely.geometry.box(
        xs.min() - 3000, ys.min() - 3000, xs.max() + 3000, ys.max() + 3000
    )
    cells = voronoi_cells(xs, ys, extent)
    out: dict[str, Polygon] = {}
    for (code, (x, y)), cell in zip(centres.items(), cells, strict=True):
        polygon = clean(cell.intersection(blob(rng, x, y, rng.uniform(640, 720))))
        assert polygon is not None
        out[code] = polygon
    return out


def focus_buurten() -> list[Buurt]:
    polygons = focus_polygons()
    return [
        Buurt(
            code,
            naam,
            wk,
            wknaam,
            polygons[code],
            n,
            profile,
            list(FOCUS_PC4[code]),
            names.FOCUS_STREETS[code],
        )
        for code, naam, wk, wknaam, _lon, _lat, n, profile in FOCUS
    ]


def _best_candidates(
    rng: np.random.Generator, area: BaseGeometry, count: int, fixed: np.ndarray
) -> np.ndarray:
    """`count` well-spread points inside `area` (Mitchell's best candidate), avoiding `fixed`."""
    from goedwonen.synth.geo import sample_points

    chosen = [tuple(p) for p in fixed]
    out = []
    for _ in range(count):
        cx, cy = sample_points(rng, area, 24, margin=50)
        if chosen:
            c = np.array(chosen)
            d = np.min(np.hypot(cx[:, None] - c[None, :, 0], cy[:, None] - c[None, :, 1]), axis=1)
            best = int(np.argmax(d))
        else:
            best = 0
        chosen.append((float(cx[best]), float(cy[best])))
        out.append(chosen[-1])
    return np.array(out).reshape(-1, 2)


def rotterdam_hull() -> BaseGeometry:
    rng = np.random.default_rng(GEOGRAPHY_SEED + 1)
    parts = []
    for _code, _name, lon, lat, radius, _era, _buurten in ROTTERDAM_WIJKEN:
        x, y = to_rd(lon, lat)
        parts.append(blob(rng, float(x), float(y), radius))
    mx, my = to_rd(np.array([p[0] for p in MAAS]), np.array([p[1] for p in MAAS]))
    river = LineString(np.column_stack([mx, my])).buffer(180)
    return shapely.union_all(parts).difference(river)


def rotterdam_buurten(focus_only: bool) -> list[Buurt]:
    """Rotterdam: the six focus buurten, and for the city also the synthetic rest."""
    focus = focus_buurten()
    if focus_only:
        return focus
    rng = np.random.default_rng(GEOGRAPHY_SEED + 2)
    hull = rotterdam_hull()
    focus_union = shapely.union_all([b.polygon for b in focus])
    free = hull.difference(focus_union.buffer(250))
    focus_xy = np.array([(b.polygon.centroid.x, b.polygon.centroid.y) for b in focus])
    seeds: list[tuple[float, float]] = []
    meta: list[tuple[str, str, str, str]] = []
    for wk, wknaam, lon, lat, radius, era, buurtnamen in ROTTERDAM_WIJKEN:
        x, y = to_rd(lon, lat)
        area = free.intersection(shapely.Point(float(x), float(y)).buffer(radius * 1.05))
        if area.is_empty:
            continue
        placed = np.array(seeds).reshape(-1, 2)
        points = _best_candidates(rng, area, len(buurtnamen), np.vstack([focus_xy, placed]))
        seeds.extend((float(p[0]), float(p[1])) for p in points)
        meta.extend((wk, wknaam, era, naam) for naam in buurtnamen)
    all_xy = np.vstack([focus_xy, np.array(seeds)])
    cells = voronoi_cells(all_xy[:, 0], all_xy[:, 1], hull)[len(focus) :]
    taken: dict[str, int] = {"10": 83, "15": 74}
    buurten: list[Buurt] = []
    for cell, (wk, wknaam, era, naam) in zip(cells, meta, strict=True):
        polygon = largest_polygon(cell.difference(focus_union))
        polygon = clean(polygon) if polygon is not None else None
        if polygon is None or polygon.area < 150_000:
            continue
        number = taken.get(wk, 10)
        while wk == "15" and number in (77,):
            number += 1
        taken[wk] = number + 1
        base = PROFILES[era]
        profile = Profile(
            era,
            base.corporatie + rng.uniform(-0.1, 0.1),
            base.eigenaar + rng.uniform(-0.1, 0.1),
            base.groot,
            base.misbruik * rng.uniform(0.7, 1.4),
            base.meldbereidheid * rng.uniform(0.6, 1.5),
            base.woz_m2 * rng.uniform(0.85, 1.2),
            base.energie,
        )
        buurten.append(
            Buurt(f"BU0599{wk}{number:02d}", naam, f"WK0599{wk}", wknaam, polygon, 0, profile)
        )
    _spread_dwellings(rng, buurten, ROTTERDAM_DWELLINGS - sum(b.woningen for b in focus))
    _assign_pc4(buurten, start=3011, skip={c for b in focus for c in b.pc4})
    return focus + buurten


DENSITY = {
    "centrum": 9000,
    "vooroorlogs": 8000,
    "naoorlogs": 5000,
    "buitenwijk": 3500,
    "dorp": 2500,
}


def _spread_dwellings(rng: np.random.Generator, buurten: list[Buurt], total: int) -> None:
    weights = np.array([b.polygon.area / 1e6 * DENSITY[b.profile.era] for b in buurten])
    weights *= rng.uniform(0.8, 1.25, len(buurten))
    counts = np.clip(weights / weights.sum() * total, 600, 9500)
    counts = np.round(counts / counts.sum() * total).astype(int)
    counts[-1] += total - counts.sum()
    for b, n in zip(buurten, counts, strict=True):
        b.woningen = int(n)


def _assign_pc4(buurten: list[Buurt], start: int, skip: set[int]) -> None:
    """Enough four-digit postcodes for each buurt's addresses, in the order of the buurten."""
    code = start
    for b in buurten:
        need = pc4_needed(b.woningen)
        while len(b.pc4) < need:
            if code not in skip:
                b.pc4.append(code)
            code += 1


def pc4_needed(woningen: int) -> int:
    # A four-digit code has 673 letter pairs; a pair covers 8 to 25 addresses (see buildings).
    return max(1, -(-int(woningen * 1.15) // 5000))
