"""Point-in-area lookup and boundary preparation, in pure Python (shapely and pyproj only).

Boundaries arrive as GeoJSON geometry dicts in WGS84 longitude/latitude. Distances and
simplification tolerances are in metres, so geometry is projected once, when it is prepared, to
the British National Grid (EPSG:27700): a metre there is a metre on the ground to within 0.04 %
across Great Britain, which is ample for a 2 km tolerance.

The ONS "ultra-generalised" boundaries (BUC, 500 m) cut coastlines and estuaries short, so a pier
or a dockyard can fall outside every polygon. ``PointLocator`` therefore falls back to the nearest
polygon within a tolerance, and says so in the result (``method="nearest"`` and the distance), so
callers can show that a location was approximate rather than pretend it was exact.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import shapely
from pyproj import Transformer
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

GeoJSON = dict[str, Any]
"""A GeoJSON geometry object, e.g. ``{"type": "Polygon", "coordinates": [...]}``."""

DEFAULT_TOLERANCE_M = 2_000.0
COORDINATE_DECIMALS = 5
"""Five decimal places of a degree is about 1 m: finer than any boundary we ship."""

# pyproj Transformers are thread-safe from pyproj 3.1, so module-level instances can be shared.
_TO_GRID = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
_FROM_GRID = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)

LocateMethod = Literal["within", "nearest", "none"]


@dataclass(frozen=True)
class Location:
    """Where a point fell: the area's code, how it was found, and how far it was from the area.

    ``method`` is "within" (inside or on the edge of a polygon, distance 0), "nearest" (outside
    every polygon but within the tolerance of ``code``'s polygon, ``distance_m`` metres away) or
    "none" (nothing within the tolerance; ``code`` and ``distance_m`` are None).
    """

    code: str | None
    method: LocateMethod
    distance_m: int | None


def _to_grid(geometry: BaseGeometry) -> BaseGeometry:
    return shapely.transform(geometry, _TO_GRID.transform, interleaved=False)


def _from_grid(geometry: BaseGeometry) -> BaseGeometry:
    return shapely.transform(geometry, _FROM_GRID.transform, interleaved=False)


def _grid_point(lat: float, lon: float) -> shapely.Point:
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise ValueError(f"({lat}, {lon}) is not a latitude/longitude pair in degrees")
    x, y = _TO_GRID.transform(lon, lat)
    if not (math.isfinite(x) and math.isfinite(y)):
        raise ValueError(f"({lat}, {lon}) cannot be placed on the British National Grid")
    return shapely.Point(x, y)


class PointLocator:
    """Finds which of a set of areas contains a point, with a nearest-area fallback.

    Built once from ``(code, geometry)`` pairs, then queried many times: geometries are projected
    to the British National Grid and indexed in an ``STRtree`` at construction, so each lookup
    projects one point and tests only the few polygons whose boxes it touches.
    """

    def __init__(
        self,
        areas: Iterable[tuple[str, Mapping[str, Any]]],
        tolerance_m: float = DEFAULT_TOLERANCE_M,
    ) -> None:
        if tolerance_m < 0:
            raise ValueError("tolerance_m must not be negative")
        pairs = [(code, _to_grid(shape(geometry))) for code, geometry in areas]
        self.tolerance_m = float(tolerance_m)
        self._codes = [code for code, _ in pairs]
        geometries = [geometry for _, geometry in pairs]
        shapely.prepare(geometries)
        self._tree = shapely.STRtree(geometries)

    def __len__(self) -> int:
        return len(self._codes)

    def locate(self, lat: float, lon: float) -> Location:
        """Return the area containing (lat, lon), else the nearest within the tolerance."""
        point = _grid_point(lat, lon)
        hits = self._tree.query(point, predicate="intersects")
        if len(hits):
            # A point on a shared edge touches two areas; pick the lowest code so that the answer
            # does not depend on the order the areas were given in.
            return Location(min(self._codes[i] for i in hits), "within", 0)
        if not len(self._codes) or self.tolerance_m == 0:
            return Location(None, "none", None)
        indices, distances = self._tree.query_nearest(
            point, max_distance=self.tolerance_m, return_distance=True
        )
        if not len(indices):
            return Location(None, "none", None)
        # Equidistant areas: again the lowest code, whatever order the areas were given in.
        distance, code = min(
            (float(distance), self._codes[int(index)])
            for distance, index in zip(distances, indices, strict=True)
        )
        return Location(code, "nearest", round(distance))


def _rounded(value: Any, decimals: int) -> Any:
    """Turn shapely's nested tuples into JSON-ready lists, rounding every coordinate."""
    if isinstance(value, tuple | list):
        return [_rounded(item, decimals) for item in value]
    if isinstance(value, float | int):
        return round(float(value), decimals)
    return value


def to_geojson(geometry: BaseGeometry, decimals: int = COORDINATE_DECIMALS) -> GeoJSON:
    """A shapely geometry as a GeoJSON dict of plain lists, coordinates rounded.

    The geometry is first snapped to the rounding grid with ``set_precision``, which keeps
    polygons valid where plain rounding could make a thin ring cross itself.
    """
    snapped = shapely.set_precision(geometry, 10.0**-decimals)
    geojson = dict(mapping(snapped))
    return {"type": geojson["type"], "coordinates": _rounded(geojson["coordinates"], decimals)}


def simplify_geometry(geometry: Mapping[str, Any], tolerance_m: float) -> GeoJSON:
    """Simplify a boundary for display, keeping each polygon valid.

    Douglas-Peucker with ``preserve_topology=True`` in metres on the British National Grid, so
    rings never collapse or cross. Neighbouring areas are simplified independently, so their shared
    edges can drift apart by up to the tolerance: fine for drawing, not for point-in-area tests
    (build a ``PointLocator`` from the unsimplified geometry).
    """
    grid = _to_grid(shape(geometry))
    simplified = grid.simplify(tolerance_m, preserve_topology=True) if tolerance_m > 0 else grid
    return to_geojson(_from_grid(simplified))


def union_geometries(geometries: Iterable[Mapping[str, Any]]) -> GeoJSON:
    """Dissolve several boundaries into one (a county from its districts, a region, a country).

    Done in longitude/latitude: ONS boundary sets share exact vertices along common edges, so the
    union removes internal edges without a projection. Coordinates are rounded to 5 places.
    """
    shapes = [shape(geometry) for geometry in geometries]
    if not shapes:
        raise ValueError("cannot union an empty list of geometries")
    return to_geojson(shapely.union_all(shapes))


def representative_point(geometry: Mapping[str, Any]) -> tuple[float, float]:
    """A (lat, lon) point guaranteed to lie inside the area, for labels and map pins.

    Unlike the centroid, it cannot fall outside a crescent-shaped area or in the sea between the
    islands of a multipolygon.
    """
    point = shape(geometry).representative_point()
    return round(point.y, COORDINATE_DECIMALS), round(point.x, COORDINATE_DECIMALS)


def _ring_area(ring: list[list[float]]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1, *_), (x2, y2, *_) in itertools.pairwise(ring))


def wound_for_d3(geometry: Mapping[str, Any], decimals: int | None = None) -> GeoJSON:
    """The geometry with its rings wound as d3-geo (and so Vega) draws them: exterior rings
    clockwise, holes anticlockwise, the opposite of GeoJSON's RFC 7946. With ``decimals``, every
    coordinate is rounded to that many places first."""

    def polygon(rings: list[Any]) -> list[Any]:
        out = []
        for index, ring in enumerate(rings):
            ring = _rounded(ring, decimals) if decimals is not None else ring
            clockwise = _ring_area(ring) < 0
            out.append(ring if clockwise == (index == 0) else list(reversed(ring)))
        return out

    if geometry.get("type") == "Polygon":
        return {"type": "Polygon", "coordinates": polygon(geometry["coordinates"])}
    if geometry.get("type") == "MultiPolygon":
        return {
            "type": "MultiPolygon",
            "coordinates": [polygon(part) for part in geometry["coordinates"]],
        }
    return dict(geometry)
