"""Grid clustering of map points in Web Mercator, for a map of more points than a browser
should draw one by one.

The world at zoom level ``z`` is a square of ``256 × 2^z`` pixels in Web Mercator (EPSG:3857),
as Leaflet and every tiled web map draw it. ``cluster_points`` cuts that square into cells of
``cell_pixels`` pixels and gives one cluster per cell that holds any point: its count, its
counts by status and the centroid (mean latitude and longitude) of its points. Every point falls
in exactly one cell, so the counts add up to the number of points. Cells are fixed for a zoom
level, so panning does not move a cluster, and zooming in by one level splits each cell in four.

Pure Python: plain tuples in, frozen dataclasses out.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

MAX_LATITUDE = 85.0511287798
"""Web Mercator's limit: the latitude at which the projected world is square."""
TILE_PIXELS = 256
DEFAULT_CELL_PIXELS = 60
MAX_ZOOM = 22


@dataclass(frozen=True)
class MapPoint:
    lat: float
    lon: float
    status: str


@dataclass(frozen=True)
class Cluster:
    """The points of one grid cell: where they are on average, how many, and by status."""

    lat: float
    lon: float
    count: int
    statuses: dict[str, int]
    cell: tuple[int, int]


def world_pixels(lat: float, lon: float, zoom: int) -> tuple[float, float]:
    """The point's position in pixels from the north-west corner of the world at ``zoom``."""
    size = TILE_PIXELS * 2**zoom
    lat = max(-MAX_LATITUDE, min(MAX_LATITUDE, lat))
    sine = math.sin(math.radians(lat))
    x = (lon + 180.0) / 360.0 * size
    y = (0.5 - math.log((1 + sine) / (1 - sine)) / (4 * math.pi)) * size
    return x, y


def grid_cell(lat: float, lon: float, zoom: int, cell_pixels: int) -> tuple[int, int]:
    """The (column, row) of the grid cell holding the point; the edges of the world (longitude
    180, latitude ±85.05) fall in the last column or row, not beyond it."""
    last = math.ceil(TILE_PIXELS * 2**zoom / cell_pixels) - 1
    x, y = world_pixels(lat, lon, zoom)
    column = min(last, max(0, int(x // cell_pixels)))
    row = min(last, max(0, int(y // cell_pixels)))
    return column, row


def cluster_points(
    points: Iterable[tuple[float, float, str]],
    zoom: int,
    cell_pixels: int = DEFAULT_CELL_PIXELS,
) -> list[Cluster]:
    """One cluster per grid cell holding any of the ``(lat, lon, status)`` points, ordered by
    cell (north to south, then west to east), so the result is the same for the same points in
    any order."""
    if not 0 <= zoom <= MAX_ZOOM:
        raise ValueError(f"The zoom level must be from 0 to {MAX_ZOOM}.")
    if cell_pixels < 1:
        raise ValueError("A grid cell must be at least one pixel wide.")
    sums: dict[tuple[int, int], list[float]] = {}
    statuses: dict[tuple[int, int], dict[str, int]] = {}
    for lat, lon, status in points:
        cell = grid_cell(lat, lon, zoom, cell_pixels)
        total = sums.get(cell)
        if total is None:
            sums[cell] = [lat, lon, 1.0]
            statuses[cell] = {status: 1}
        else:
            total[0] += lat
            total[1] += lon
            total[2] += 1
            counts = statuses[cell]
            counts[status] = counts.get(status, 0) + 1
    clusters = []
    for cell in sorted(sums, key=lambda cell: (cell[1], cell[0])):
        lat_sum, lon_sum, count = sums[cell]
        clusters.append(
            Cluster(
                lat=lat_sum / count,
                lon=lon_sum / count,
                count=int(count),
                statuses=dict(sorted(statuses[cell].items())),
                cell=cell,
            )
        )
    return clusters
