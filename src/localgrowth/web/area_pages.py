"""Area pages (district, county, federated area, partnership) and the boundaries the maps draw.

An area's projects are the project list filtered by that area; its shares and totals are
``area_shares``: every project serving it, or a wider area overlapping it, by its share here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from localgrowth.places.models import Area, AreaType, Partnership
from localgrowth.projects import area_shares, queries
from localgrowth.projects.area_shares import AreaTotals, ProjectShare
from localgrowth.projects.queries import ProjectFilters

from .project_list import Pagination, ProjectRow, area_path, page_rows, paginate

COORDINATE_PLACES = 4
"""About 10 m: more than the ultra-generalised boundaries hold."""


class AreaNotFound(LookupError):
    pass


@dataclass(frozen=True)
class AreaLink:
    code: str
    name: str
    type_label: str
    url: str


@dataclass(frozen=True)
class AreaPage:
    code: str
    name: str
    type_label: str
    is_district: bool
    parents: list[AreaLink]
    children: list[AreaLink]
    rows: list[ProjectRow]
    pagination: Pagination
    totals: AreaTotals
    shares: list[ProjectShare]
    projects_url: str

    def serves(self, share: ProjectShare) -> str:
        return serves_text(share, self.name)

    @property
    def shares_csv_url(self) -> str:
        return f"{area_path(self.code)}shares.csv"

    @property
    def title(self) -> str:
        return f"{self.name} ({self.code})"


def _links(areas: Any) -> list[AreaLink]:
    return [
        AreaLink(area.code, area.name, area.get_area_type_display(), area_path(area.code))
        for area in areas.filter(valid_to__isnull=True).order_by("area_type", "name", "code")
    ]


def area_page(code: str, page: int = 1) -> AreaPage:
    area = queries.get_area(code) if code and len(code) <= 20 else None
    if area is None:
        raise AreaNotFound(code)
    filters = ProjectFilters(area=area.code)
    projects = queries.filter_projects(filters)
    pagination = paginate(projects.count(), page, lambda n: f"?page={n}" if n > 1 else "?")
    children = area.children.all()
    if area.area_type == AreaType.PARTNERSHIP:
        # A partnership's districts are listed once, under the federated areas that hold them.
        children = children.exclude(area_type=AreaType.DISTRICT)
    partnership = Partnership.objects.filter(area=area).order_by("name").first()
    shares = area_shares.area_shares(area)
    return AreaPage(
        code=area.code,
        name=partnership.name if partnership else area.name,
        type_label=area.get_area_type_display(),
        is_district=area.area_type == AreaType.DISTRICT,
        parents=_links(area.parents.all()),
        children=_links(children),
        rows=page_rows(projects, pagination),
        pagination=pagination,
        totals=area_shares.area_totals(area, shares),
        shares=shares,
        projects_url="/projects/?area=" + area.code,
    )


SHARES_CSV_HEADERS = (
    "reference",
    "title",
    "serves",
    "grant_share_gbp",
    "total_cost_share_gbp",
    "jobs_share",
    "homes_share",
)


def serves_text(share: ProjectShare, name: str) -> str:
    if share.direct:
        return name
    return "As part of " + ", ".join(share.wider_areas)


def shares_csv_rows(page: AreaPage) -> list[list[object]]:
    """The shares table as CSV rows: one a project, amounts to the penny."""
    return [
        [
            share.reference,
            share.title,
            page.serves(share),
            share.grant,
            share.total_cost,
            share.jobs,
            share.homes,
        ]
        for share in page.shares
    ]


# Boundaries ------------------------------------------------------------------------------------


def _rounded(coordinates: Any) -> Any:
    if coordinates and isinstance(coordinates[0], int | float):
        return [round(value, COORDINATE_PLACES) for value in coordinates]
    return [_rounded(part) for part in coordinates]


def _feature(area: Area, kind: str) -> dict[str, Any]:
    geometry = dict(area.boundary or {})
    if "coordinates" in geometry:
        geometry["coordinates"] = _rounded(geometry["coordinates"])
    return {
        "type": "Feature",
        "id": area.code,
        "geometry": geometry or None,
        "properties": {
            "code": area.code,
            "name": area.name,
            "kind": kind,
            "url": area_path(area.code),
        },
    }


def boundaries(partnership_slug: str) -> dict[str, Any]:
    """The partnership's districts and its outline as a GeoJSON FeatureCollection."""
    partnership = Partnership.objects.filter(slug=partnership_slug).select_related("area").first()
    if partnership is None:
        raise AreaNotFound(partnership_slug)
    members = partnership.members.filter(valid_to__isnull=True, boundary__isnull=False)
    features = [_feature(area, "district") for area in members.order_by("code")]
    if partnership.area.boundary:
        features.append(_feature(partnership.area, "partnership"))
    return {"type": "FeatureCollection", "features": features}
