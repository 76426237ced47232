"""The national scale: Rotterdam as in `city`, forty real large gemeenten, synthetic others."""

from __future__ import annotations

import numpy as np
from shapely.geometry import Point, Polygon

from goedwonen.synth import names
from goedwonen.synth.areas import (
    GEOGRAPHY_SEED,
    PROFILES,
    Buurt,
    Gemeente,
    Profile,
    pc4_needed,
    rotterdam_buurten,
    rotterdam_hull,
)
from goedwonen.synth.geo import clean, largest_polygon, sample_points, to_rd, voronoi_cells

NATIONAL_DWELLINGS = 8_000_000

# code, name, provincie, lon, lat, dwellings, first pc4
REAL_GEMEENTEN: tuple[tuple[str, str, str, float, float, int, int], ...] = (
    ("0363", "Amsterdam", "Noord-Holland", 4.90, 52.37, 460_000, 1011),
    ("0518", "'s-Gravenhage", "Zuid-Holland", 4.30, 52.07, 270_000, 2491),
    ("0344", "Utrecht", "Utrecht", 5.12, 52.09, 165_000, 3511),
    ("0772", "Eindhoven", "Noord-Brabant", 5.48, 51.44, 112_000, 5611),
    ("0014", "Groningen", "Groningen", 6.57, 53.22, 120_000, 9711),
    ("0855", "Tilburg", "Noord-Brabant", 5.09, 51.56, 102_000, 5011),
    ("0034", "Almere", "Flevoland", 5.22, 52.37, 87_000, 1311),
    ("0758", "Breda", "Noord-Brabant", 4.78, 51.59, 86_000, 4811),
    ("0268", "Nijmegen", "Gelderland", 5.86, 51.84, 87_000, 6511),
    ("0200", "Apeldoorn", "Gelderland", 5.97, 52.21, 73_000, 7311),
    ("0202", "Arnhem", "Gelderland", 5.91, 51.98, 81_000, 6811),
    ("0392", "Haarlem", "Noord-Holland", 4.64, 52.38, 78_000, 2011),
    ("0153", "Enschede", "Overijssel", 6.89, 52.22, 82_000, 7511),
    ("0307", "Amersfoort", "Utrecht", 5.39, 52.16, 67_000, 3811),
    ("0479", "Zaanstad", "Noord-Holland", 4.83, 52.45, 70_000, 1501),
    ("0796", "'s-Hertogenbosch", "Noord-Brabant", 5.30, 51.69, 72_000, 5211),
    ("0394", "Haarlemmermeer", "Noord-Holland", 4.69, 52.30, 63_000, 2131),
    ("0193", "Zwolle", "Overijssel", 6.09, 52.51, 61_000, 8011),
    ("0637", "Zoetermeer", "Zuid-Holland", 4.49, 52.06, 55_000, 2711),
    ("0546", "Leiden", "Zuid-Holland", 4.49, 52.16, 61_000, 2311),
    ("0935", "Maastricht", "Limburg", 5.69, 50.85, 63_000, 6211),
    ("0505", "Dordrecht", "Zuid-Holland", 4.69, 51.81, 56_000, 3311),
    ("0228", "Ede", "Gelderland", 5.67, 52.04, 48_000, 6711),
    ("0484", "Alphen aan den Rijn", "Zuid-Holland", 4.66, 52.13, 48_000, 2401),
    ("1783", "Westland", "Zuid-Holland", 4.22, 51.99, 45_000, 2671),
    ("0361", "Alkmaar", "Noord-Holland", 4.75, 52.63, 52_000, 1811),
    ("0114", "Emmen", "Drenthe", 6.91, 52.78, 50_000, 7811),
    ("0503", "Delft", "Zuid-Holland", 4.36, 52.01, 50_000, 2611),
    ("0983", "Venlo", "Limburg", 6.17, 51.37, 48_000, 5911),
    ("0150", "Deventer", "Overijssel", 6.16, 52.25, 45_000, 7411),
    ("0080", "Leeuwarden", "Friesland", 5.80, 53.20, 58_000, 8911),
    ("0794", "Helmond", "Noord-Brabant", 5.66, 51.48, 42_000, 5701),
    ("0362", "Amstelveen", "Noord-Holland", 4.86, 52.30, 44_000, 1181),
    ("0402", "Hilversum", "Noord-Holland", 5.18, 52.22, 42_000, 1211),
    ("0917", "Heerlen", "Limburg", 5.98, 50.89, 48_000, 6411),
    ("0606", "Schiedam", "Zuid-Holland", 4.39, 51.925, 38_000, 3111),
    ("0622", "Vlaardingen", "Zuid-Holland", 4.34, 51.91, 36_000, 3131),
    ("0502", "Capelle aan den IJssel", "Zuid-Holland", 4.59, 51.93, 32_000, 2901),
    ("0489", "Barendrecht", "Zuid-Holland", 4.53, 51.85, 20_000, 2991),
    ("0597", "Ridderkerk", "Zuid-Holland", 4.61, 51.87, 21_000, 2981),
    ("1930", "Nissewaard", "Zuid-Holland", 4.30, 51.84, 39_000, 3201),
)

PROVINCE_PC4 = {
    "Noord-Holland": (1000, 1999),
    "Zuid-Holland": (2200, 3399),
    "Utrecht": (3400, 3999),
    "Zeeland": (4300, 4599),
    "Noord-Brabant": (4600, 5799),
    "Limburg": (5800, 6499),
    "Gelderland": (6500, 7399),
    "Overijssel": (7400, 8299),
    "Flevoland": (8200, 8399),
    "Friesland": (8400, 9299),
    "Groningen": (9300, 9999),
    "Drenthe": (7700, 7999),
}

# A coarse outline of the Netherlands (lon, lat) and the IJsselmeer as a hole.
NL_OUTLINE = (
    (3.37, 51.37),
    (3.85, 51.24),
    (4.25, 51.37),
    (4.76, 51.43),
    (5.10, 51.43),
    (5.50, 51.29),
    (5.85, 51.15),
    (5.64, 50.85),
    (5.80, 50.76),
    (6.02, 50.76),
    (6.08, 50.92),
    (5.95, 51.04),
    (6.22, 51.36),
    (6.10, 51.65),
    (5.95, 51.75),
    (6.39, 51.83),
    (6.73, 51.90),
    (6.83, 52.05),
    (7.06, 52.24),
    (6.97, 52.45),
    (6.70, 52.49),
    (7.05, 52.64),
    (7.21, 53.24),
    (6.90, 53.35),
    (6.18, 53.41),
    (5.60, 53.30),
    (5.40, 53.20),
    (5.05, 52.95),
    (4.75, 52.95),
    (4.58, 52.45),
    (4.42, 52.23),
    (4.12, 52.00),
    (3.84, 51.75),
    (3.43, 51.55),
)
IJSSELMEER = (
    (5.05, 52.93),
    (5.40, 52.85),
    (5.60, 52.72),
    (5.50, 52.58),
    (5.15, 52.45),
    (5.05, 52.58),
    (5.10, 52.75),
)

SYNTHETIC_GEMEENTEN = 300


def _polygon(lonlat: tuple[tuple[float, float], ...]) -> Polygon:
    x, y = to_rd(np.array([p[0] for p in lonlat]), np.array([p[1] for p in lonlat]))
    return Polygon(np.column_stack([x, y]))


def national_gemeenten() -> list[Gemeente]:
    rng = np.random.default_rng(GEOGRAPHY_SEED + 3)
    land = _polygon(NL_OUTLINE).difference(_polygon(IJSSELMEER))
    rotterdam_area = rotterdam_hull()
    rx, ry = rotterdam_area.centroid.x, rotterdam_area.centroid.y

    codes = [g[0] for g in REAL_GEMEENTEN]
    lon = np.array([g[3] for g in REAL_GEMEENTEN])
    lat = np.array([g[4] for g in REAL_GEMEENTEN])
    real_x, real_y = to_rd(lon, lat)
    centres = [(rx, ry), *zip(real_x.tolist(), real_y.tolist(), strict=True)]
    candidates_x, candidates_y = sample_points(rng, land, SYNTHETIC_GEMEENTEN * 40, margin=3000)
    for i in range(SYNTHETIC_GEMEENTEN):
        cx = candidates_x[i * 40 : (i + 1) * 40]
        cy = candidates_y[i * 40 : (i + 1) * 40]
        c = np.array(centres)
        d = np.min(np.hypot(cx[:, None] - c[None, :, 0], cy[:, None] - c[None, :, 1]), axis=1)
        best = int(np.argmax(d))
        centres.append((float(cx[best]), float(cy[best])))
    xy = np.array(centres)
    territories = voronoi_cells(xy[:, 0], xy[:, 1], land)

    used_codes = {int(c) for c in codes} | {599}
    free_codes = [c for c in range(3, 1990) if c not in used_codes]
    synth_codes = sorted(rng.choice(free_codes, SYNTHETIC_GEMEENTEN, replace=False).tolist())
    reserved = {g[1] for g in REAL_GEMEENTEN} | {"Rotterdam"}
    synth_names = names.town_names(rng, SYNTHETIC_GEMEENTEN, reserved)
    real_total = sum(g[5] for g in REAL_GEMEENTEN) + 330_000
    weights = rng.lognormal(0, 0.7, SYNTHETIC_GEMEENTEN)
    synth_dwellings = np.maximum(
        np.round(weights / weights.sum() * (NATIONAL_DWELLINGS - real_total)), 2500
    ).astype(int)

    pc4_free = np.ones(10_000, dtype=bool)
    pc4_free[:1000] = False
    rotterdam = Gemeente("0599", "Rotterdam", "Zuid-Holland", rotterdam_buurten(False))
    for b in rotterdam.buurten:
        pc4_free[b.pc4] = False

    gemeenten = [rotterdam]
    specs = [
        (code, naam, prov, n, pc4, False) for code, naam, prov, _lon, _lat, n, pc4 in REAL_GEMEENTEN
    ]
    for i in range(SYNTHETIC_GEMEENTEN):
        x, y = centres[1 + len(REAL_GEMEENTEN) + i]
        nearest = int(np.argmin(np.hypot(real_x - x, real_y - y)))
        prov = REAL_GEMEENTEN[nearest][2]
        low, high = PROVINCE_PC4[prov]
        specs.append(
            (
                f"{synth_codes[i]:04d}",
                synth_names[i],
                prov,
                int(synth_dwellings[i]),
                int(rng.integers(low, high)),
                True,
            )
        )
    for k, (code, naam, prov, n, pc4_hint, synthetic) in enumerate(specs):
        centre = centres[1 + k]
        territory = territories[1 + k].difference(rotterdam_area)
        buurten = _gemeente_buurten(rng, code, naam, centre, territory, n, synthetic)
        for b in buurten:
            b.pc4 = _take_pc4(pc4_free, pc4_hint, pc4_needed(b.woningen))
        gemeenten.append(Gemeente(code, naam, prov, buurten))
    for index, g in enumerate(gemeenten):
        g.index = index
        focus_like(g)
    return gemeenten


def _take_pc4(free: np.ndarray, hint: int, count: int) -> list[int]:
    order = np.concatenate([np.arange(hint, 10_000), np.arange(1000, hint)])
    picked = order[free[order]][:count]
    free[picked] = False
    return [int(c) for c in picked]


def _gemeente_buurten(
    rng: np.random.Generator,
    code: str,
    naam: str,
    centre: tuple[float, float],
    territory,
    dwellings: int,
    synthetic: bool,
) -> list[Buurt]:
    count = max(2, round(dwellings / rng.uniform(2400, 3400)))
    density = 2800 if synthetic else 4500
    radius = float(np.sqrt(dwellings / density / np.pi) * 1000) + 400
    built = largest_polygon(territory.intersection(Point(centre).buffer(radius)))
    if built is None or built.area < 1e6:
        built = largest_polygon(territory)
    assert built is not None
    xs, ys = sample_points(rng, built, count, margin=100)
    cells = voronoi_cells(xs, ys, built)
    polygons = [clean(c) for c in cells]
    kept = [p for p in polygons if p is not None and p.area > 20_000]
    wijken = max(1, count // 6)
    weights = rng.uniform(0.6, 1.4, len(kept))
    counts = np.maximum(np.round(weights / weights.sum() * dwellings), 50).astype(int)
    counts[int(np.argmax(counts))] += dwellings - int(counts.sum())
    word_order = rng.permutation(len(names.NEIGHBOURHOOD_WORDS))
    buurten = []
    for i, polygon in enumerate(kept):
        wijk = i * wijken // len(kept)
        word = names.NEIGHBOURHOOD_WORDS[word_order[i % len(word_order)]]
        suffix = "" if i < len(word_order) else f" {names.COMPASS[(i // len(word_order)) % 4]}"
        if i >= 4 * len(word_order):
            suffix += f" {i // (4 * len(word_order)) + 1}"
        era = str(
            rng.choice(
                ["vooroorlogs", "naoorlogs", "buitenwijk", "dorp", "centrum"],
                p=[0.2, 0.3, 0.35, 0.1, 0.05],
            )
        )
        base = PROFILES[era]
        profile = Profile(
            era,
            base.corporatie,
            base.eigenaar,
            base.groot,
            base.misbruik * rng.uniform(0.5, 1.5),
            base.meldbereidheid * rng.uniform(0.5, 1.5),
            base.woz_m2 * rng.uniform(0.7, 1.3),
            0.3,
        )
        buurten.append(
            Buurt(
                f"BU{code}{wijk:02d}{i % 100:02d}",
                f"{word}{suffix}",
                f"WK{code}{wijk:02d}",
                f"Wijk {wijk:02d} {naam}",
                polygon,
                int(counts[i]),
                profile,
            )
        )
    return _unique_codes(buurten, code)


def _unique_codes(buurten: list[Buurt], code: str) -> list[Buurt]:
    # More than 100 buurten in a wijk would repeat codes: renumber within each wijk.
    seen: dict[str, int] = {}
    for b in buurten:
        n = seen.get(b.wijkcode, 0)
        seen[b.wijkcode] = n + 1
        b.code = f"BU{code}{b.wijkcode[-2:]}{n:02d}"
    return buurten


def focus_like(gemeente: Gemeente) -> None:
    """Mark the two most troubled buurten of a large gemeente as focus areas."""
    if gemeente.woningen < 100_000 or gemeente.code == "0599":
        return
    ranked = sorted(gemeente.buurten, key=lambda b: -b.profile.misbruik)[:2]
    for b in ranked:
        p = b.profile
        b.profile = Profile(
            p.era,
            p.corporatie,
            p.eigenaar,
            p.groot,
            p.misbruik,
            p.meldbereidheid,
            p.woz_m2,
            p.energie,
            True,
        )
