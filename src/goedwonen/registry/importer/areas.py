"""buurten.geojson: the CBS wijk- en buurtkaart. Areas, their hierarchy and geometry."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import mapping, shape

from goedwonen.registry import contract
from goedwonen.registry.models import Gebied, Gebiedssoort, Gebiedsvorm

from .reading import UnreadableFile, read_text
from .report import FileReport

_CODES = {name: re.compile(pattern) for name, pattern in contract.AREA_CODE_PATTERNS.items()}
RD_TO_WGS84 = Transformer.from_crs(28992, 4326, always_xy=True)
WGS84_TO_RD = Transformer.from_crs(4326, 28992, always_xy=True)


@dataclass
class BuurtGrid:
    """The buurt polygons in RD New, for point-in-polygon of the objects."""

    codes: list[str]
    polygons: list[Any]

    def locate(self, xs: np.ndarray, ys: np.ndarray) -> list[str | None]:
        """The buurt code of each point, or None outside every buurt."""
        result: list[str | None] = [None] * len(xs)
        if not self.polygons or len(xs) == 0:
            return result
        tree = shapely.STRtree(self.polygons)
        points = shapely.points(xs, ys)
        point_index, polygon_index = tree.query(points, predicate="intersects")
        for p, g in zip(point_index.tolist(), polygon_index.tolist(), strict=True):
            if result[p] is None:
                result[p] = self.codes[g]
        return result


def _crs_is_wgs84(collection: dict[str, Any]) -> bool:
    name = str(((collection.get("crs") or {}).get("properties") or {}).get("name", ""))
    return name.upper().endswith(("EPSG:4326", "EPSG::4326", "CRS84"))


def _to_wgs84(geometry: Any) -> dict[str, Any]:
    transformed = shapely.transform(
        geometry, lambda xy: np.column_stack(RD_TO_WGS84.transform(xy[:, 0], xy[:, 1]))
    )
    return json.loads(json.dumps(mapping(shapely.set_precision(transformed, 1e-6))))


def import_areas(path: Path, report: FileReport) -> BuurtGrid:
    try:
        collection = json.loads(read_text(path))
    except json.JSONDecodeError as error:
        raise UnreadableFile(f"geen geldige JSON (regel {error.lineno}: {error.msg})") from None
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise UnreadableFile("geen GeoJSON FeatureCollection")
    wgs84 = _crs_is_wgs84(collection)
    buurten: dict[str, dict[str, Any]] = {}
    parents: dict[str, tuple[str, str, str | None]] = {}  # code → (naam, soort, parent)
    for number, feature in enumerate(collection.get("features") or [], start=1):
        report.read += 1
        where = number  # features have no line; the report says "object N"
        properties = feature.get("properties") or {}
        values = {
            name: str(properties.get(name) or "").strip() for name in contract.BUURTEN.column_names
        }
        bad = [name for name, pattern in _CODES.items() if not pattern.match(values[name])]
        if bad:
            report.reject(where, f"object {number}: ongeldige of ontbrekende {', '.join(bad)}")
            continue
        try:
            geometry = shape(feature.get("geometry") or {})
        except Exception:  # shapely raises several types for bad GeoJSON
            report.reject(where, f"object {number}: geen geldige geometrie")
            continue
        if geometry.geom_type not in {"Polygon", "MultiPolygon"} or geometry.is_empty:
            report.reject(where, f"object {number}: geometrie is geen (Multi)Polygon")
            continue
        if wgs84:
            geometry = shapely.transform(
                geometry, lambda xy: np.column_stack(WGS84_TO_RD.transform(xy[:, 0], xy[:, 1]))
            )
        if not geometry.is_valid:
            geometry = shapely.make_valid(geometry)
            report.warn(where, f"object {number} ({values['buurtcode']}): geometrie hersteld")
        if values["buurtcode"] in buurten:
            report.reject(
                where, f"object {number}: buurtcode {values['buurtcode']} komt dubbel voor"
            )
            continue
        buurten[values["buurtcode"]] = {
            "naam": values["buurtnaam"] or values["buurtcode"],
            "parent": values["wijkcode"],
            "geometry": geometry,
        }
        parents.setdefault(
            values["gemeentecode"],
            (values["gemeentenaam"] or values["gemeentecode"], Gebiedssoort.GEMEENTE, None),
        )
        parents.setdefault(
            values["wijkcode"],
            (values["wijknaam"] or values["wijkcode"], Gebiedssoort.WIJK, values["gemeentecode"]),
        )

    children: dict[str, list[Any]] = {}
    for buurt in buurten.values():
        children.setdefault(buurt["parent"], []).append(buurt["geometry"])
    for code, (_, soort, parent) in parents.items():
        if soort == Gebiedssoort.WIJK:
            children.setdefault(parent, []).extend(children.get(code, []))  # type: ignore[arg-type]

    rows: list[tuple[str, str, str, str | None, Any]] = []
    for code, (naam, soort, parent) in parents.items():
        rows.append((code, naam, soort, parent, shapely.union_all(children.get(code, []))))
    for code, buurt in buurten.items():
        rows.append((code, buurt["naam"], Gebiedssoort.BUURT, buurt["parent"], buurt["geometry"]))
    # Gemeenten first, then wijken, then buurten, so each parent exists before its children.
    order: dict[str, int] = {Gebiedssoort.GEMEENTE: 0, Gebiedssoort.WIJK: 1, Gebiedssoort.BUURT: 2}
    rows.sort(key=lambda r: order[r[2]])
    existing = {
        g.code: g
        for g in Gebied.objects.filter(code__in=[r[0] for r in rows]).select_related("vorm")
    }
    ids = {code: g.pk for code, g in existing.items()}
    for code, naam, soort, parent, geometry in rows:
        geojson = _to_wgs84(geometry) if geometry is not None and not geometry.is_empty else None
        wanted = {
            "naam": naam,
            "soort": soort,
            "bovenliggend_id": ids.get(parent) if parent else None,
        }
        gebied = existing.get(code)
        is_buurt = soort == Gebiedssoort.BUURT
        if gebied is None:
            gebied = Gebied.objects.create(code=code, **wanted)
            ids[code] = gebied.pk
            _outline_set(gebied, None, geojson)
            if is_buurt:
                report.inserted += 1
            continue
        changed = any(getattr(gebied, k) != v for k, v in wanted.items())
        if changed:
            for k, v in wanted.items():
                setattr(gebied, k, v)
            gebied.save()
        # Read with the area (select_related): None when it has no outline yet.
        changed = _outline_set(gebied, getattr(gebied, "vorm", None), geojson) or changed
        if is_buurt:
            if changed:
                report.updated += 1
            else:
                report.unchanged += 1
    return BuurtGrid(list(buurten), [b["geometry"] for b in buurten.values()])


def _outline_set(gebied: Gebied, vorm: Gebiedsvorm | None, geojson: dict[str, Any] | None) -> bool:
    """The area's outline (`vorm`, None when it has none) made `geojson` (None: removed);
    whether it changed."""
    if geojson is None:
        if vorm is None:
            return False
        vorm.delete()
        return True
    if vorm is None:
        Gebiedsvorm.objects.create(gebied=gebied, geometrie=geojson)
    elif vorm.geometrie != geojson:
        vorm.geometrie = geojson
        vorm.save(update_fields=["geometrie"])
    else:
        return False
    return True
