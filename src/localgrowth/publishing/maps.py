"""The Projects Map's data: the filtered projects inside the map's view, as points when there
are few enough to draw one by one, else as server-side clusters.

A map of 100,000 projects as full GeoJSON records would be hundreds of megabytes; as clusters
(``localgrowth.domain.clustering``, a grid in Web Mercator for the map's zoom level) it is a
few hundred features whatever the number of projects. Only the columns the map needs are read:
latitude, longitude and status for clusters, and the reference, title, fund and grant as well
for points (the marker's popup).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.db.models import Count, F, FloatField, Max, Min, QuerySet
from django.db.models.functions import Cast

from localgrowth.domain.clustering import MAX_ZOOM, cluster_points
from localgrowth.projects.models import Project, ProjectStatus

POINT_LIMIT = 2_000
"""The most projects drawn one by one; beyond it the view is clustered on the server."""
DEFAULT_ZOOM = 8
CELL_PIXELS = 60
"""A cluster's grid cell, in screen pixels: about the size of a cluster's circle and margin."""
STATUS_LABELS = dict(ProjectStatus.choices)
PROJECT_PAGE = "/projects/{reference}/"


@dataclass(frozen=True)
class MapView:
    """What part of the map is shown: a box (west, south, east, north in degrees) and the zoom
    level. No box means the whole of the filtered projects."""

    bbox: tuple[Decimal, Decimal, Decimal, Decimal] | None = None
    zoom: int = DEFAULT_ZOOM

    @classmethod
    def from_query(cls, query: Mapping[str, Any]) -> tuple[MapView, dict[str, str]]:
        errors: dict[str, str] = {}
        values: dict[str, Any] = {}
        zoom = str(query.get("zoom") or "").strip()
        if zoom:
            if not (zoom.isascii() and zoom.isdigit()) or int(zoom) > MAX_ZOOM:
                errors["zoom"] = f"Enter the zoom level as a whole number from 0 to {MAX_ZOOM}."
            else:
                values["zoom"] = int(zoom)
        box = str(query.get("bbox") or "").strip()
        if box:
            try:
                values["bbox"] = _parse_bbox(box)
            except ValueError as error:
                errors["bbox"] = str(error)
        return cls(**values), errors


def _parse_bbox(text: str) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    hint = (
        "Enter the box as west,south,east,north in degrees of longitude and latitude, "
        "such as -0.5,50.7,1.9,52.1."
    )
    parts = text.split(",")
    if len(parts) != 4 or len(text) > 200:
        raise ValueError(hint)
    try:
        west, south, east, north = (Decimal(part.strip()) for part in parts)
    except ArithmeticError:
        raise ValueError(hint) from None
    if not all(value.is_finite() for value in (west, south, east, north)):
        raise ValueError(hint)
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise ValueError(
            hint + " West must be less than east (from -180 to 180) and south less than north "
            "(from -90 to 90)."
        )
    return west, south, east, north


def _located(projects: QuerySet[Project]) -> QuerySet[Project]:
    return projects.order_by().filter(latitude__isnull=False, longitude__isnull=False)


def _degrees(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Latitude and longitude as floats, read by the database: no Decimal per row."""
    return projects.annotate(
        lat=Cast("latitude", FloatField()), lon=Cast("longitude", FloatField())
    )


def map_payload(projects: QuerySet[Project], view: MapView) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the filtered ``projects`` inside the view, with members
    saying whether it is ``clustered``, how many projects it represents (``count``), how many
    of the filtered projects have a location (``total``) and their ``bounds``."""
    located = _located(projects)
    extent = located.aggregate(
        total=Count("pk"),
        west=Min("longitude"),
        south=Min("latitude"),
        east=Max("longitude"),
        north=Max("latitude"),
    )
    shown = located
    if view.bbox is not None:
        west, south, east, north = view.bbox
        shown = located.filter(
            longitude__gte=west, longitude__lte=east, latitude__gte=south, latitude__lte=north
        )
    count = extent["total"] if view.bbox is None else shown.count()
    clustered = count > POINT_LIMIT
    features = _cluster_features(shown, view.zoom) if clustered else _point_features(shown)
    bounds = None
    if extent["total"]:
        bounds = [float(extent[name]) for name in ("west", "south", "east", "north")]
    return {
        "type": "FeatureCollection",
        "clustered": clustered,
        "zoom": view.zoom,
        "count": count,
        "total": extent["total"],
        "bounds": bounds,
        "features": features,
    }


def _point(lat: float, lon: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}


def _point_features(projects: QuerySet[Project]) -> list[dict[str, Any]]:
    rows = (
        _degrees(projects)
        .annotate(fund_name=F("fund__name"))
        .order_by("reference")
        .values_list("lat", "lon", "status", "reference", "title", "fund_name", "grant")
    )
    return [
        {
            "type": "Feature",
            "id": reference,
            "geometry": _point(lat, lon),
            "properties": {
                "reference": reference,
                "title": title,
                "status": status,
                "status_label": STATUS_LABELS.get(status, status),
                "fund_name": fund_name,
                "grant": None if grant is None else f"{grant:.2f}",
                "url": PROJECT_PAGE.format(reference=quote(reference, safe="")),
            },
        }
        for lat, lon, status, reference, title, fund_name, grant in rows
    ]


def _cluster_features(projects: QuerySet[Project], zoom: int) -> list[dict[str, Any]]:
    rows = _degrees(projects).annotate(state=F("status")).values_list("lat", "lon", "state")
    return [
        {
            "type": "Feature",
            "id": f"cluster-{zoom}-{cluster.cell[0]}-{cluster.cell[1]}",
            "geometry": _point(cluster.lat, cluster.lon),
            "properties": {"cluster": True, "count": cluster.count, "statuses": cluster.statuses},
        }
        for cluster in cluster_points(rows.iterator(chunk_size=5000), zoom, CELL_PIXELS)
    ]
