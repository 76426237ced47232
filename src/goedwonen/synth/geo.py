"""Geometry: RD New <-> WGS84, neighbourhood polygons that never overlap, points inside them."""

from __future__ import annotations

from functools import cache

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import MultiPoint, Point, Polygon, box
from shapely.geometry.base import BaseGeometry


@cache
def _to_rd() -> Transformer:
    return Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)


@cache
def _to_wgs() -> Transformer:
    return Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)


def to_rd(lon: np.ndarray | float, lat: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    x, y = _to_rd().transform(lon, lat)
    return np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)


def to_wgs(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lon, lat = _to_wgs().transform(x, y)
    return np.asarray(lon, dtype=np.float64), np.asarray(lat, dtype=np.float64)


def blob(rng: np.random.Generator, cx: float, cy: float, radius: float, n: int = 28) -> Polygon:
    """A star-shaped, irregular outline around (cx, cy): a plausible neighbourhood shape."""
    angles = np.linspace(0, 2 * np.pi, n, endpoint=False)
    wobble = np.convolve(rng.normal(0, 0.09, n + 4), np.ones(5) / 5, mode="valid")
    r = radius * (1 + wobble)
    return Polygon(np.column_stack([cx + r * np.cos(angles), cy + r * np.sin(angles)]))


def voronoi_cells(xs: np.ndarray, ys: np.ndarray, extent: BaseGeometry) -> list[BaseGeometry]:
    """The Voronoi cell of each seed, in seed order, clipped to `extent`."""
    minx, miny, maxx, maxy = extent.bounds
    frame = box(minx - 5000, miny - 5000, maxx + 5000, maxy + 5000)
    diagram = shapely.voronoi_polygons(MultiPoint(np.column_stack([xs, ys])), extend_to=frame)
    cells = list(diagram.geoms)
    # voronoi_diagram does not keep seed order: match each seed to the cell that holds it.
    order = [-1] * len(xs)
    tree = shapely.STRtree(cells)
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        for j in tree.query(Point(x, y)):
            if cells[j].contains(Point(x, y)):
                order[i] = int(j)
                break
    return [cells[j].intersection(extent) for j in order]


def largest_polygon(geometry: BaseGeometry) -> Polygon | None:
    """The largest polygon part of a geometry (difference and intersection can split one)."""
    if geometry.is_empty:
        return None
    if isinstance(geometry, Polygon):
        return geometry
    parts = [g for g in getattr(geometry, "geoms", []) if isinstance(g, Polygon)]
    return max(parts, key=lambda g: g.area) if parts else None


def clean(geometry: BaseGeometry) -> Polygon | None:
    """A valid single polygon. Coordinates are not snapped to a grid: snapping would move the
    shared edges of neighbouring buurten apart and make them overlap."""
    if not geometry.is_valid:
        geometry = shapely.make_valid(geometry)
    return largest_polygon(geometry)


def sample_points(
    rng: np.random.Generator, polygon: Polygon, count: int, margin: float = 6.0
) -> tuple[np.ndarray, np.ndarray]:
    """`count` uniform points at least `margin` metres inside `polygon`."""
    if count == 0:
        return np.zeros(0), np.zeros(0)
    inner = polygon.buffer(-margin)
    if inner.is_empty:
        inner = polygon
    shapely.prepare(inner)
    minx, miny, maxx, maxy = inner.bounds
    fill = max(inner.area / ((maxx - minx) * (maxy - miny)), 0.05)
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    have = 0
    while have < count:
        n = int((count - have) / fill * 1.2) + 16
        x = rng.uniform(minx, maxx, n)
        y = rng.uniform(miny, maxy, n)
        keep = shapely.contains_xy(inner, x, y)
        xs.append(x[keep])
        ys.append(y[keep])
        have += int(keep.sum())
    return np.concatenate(xs)[:count], np.concatenate(ys)[:count]


def polygon_coordinates(polygon: Polygon, digits: int = 6) -> list[list[list[float]]]:
    """GeoJSON coordinates of a polygon (exterior ring counter-clockwise, holes clockwise)."""
    oriented = shapely.geometry.polygon.orient(polygon, sign=1.0)
    rings = [oriented.exterior, *oriented.interiors]
    return [[[round(x, digits), round(y, digits)] for x, y in ring.coords] for ring in rings]
