"""What the projects serving an area come to, for that area, project by project and in total.

Every project serving the area or an area within it (the projects an area filter lists) is
counted, and so is every project serving a wider area that overlaps it (Essex county, for
Opportunity South Essex; Kent county, for Thanet). Each project's grant, total cost and forecast
jobs and homes are spread over the districts of the areas it serves, equally within each area by
its share, and the parts falling in this area's districts are its share here: a project serving
two districts counts by its share in each, and fully for their county. Parts are exact to the
penny (hundredths of a job or home), so the shares add up to the area's totals, and areas that
partition a larger area add up to its totals.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from localgrowth.domain.apportion import part_inside, spread_shares
from localgrowth.places.models import Area

from .models import Basis, OutputLine, Project, ProjectArea
from .queries import HOMES, JOBS, AreaGraph, serving

MEASURES = ("grant", "total_cost", JOBS, HOMES)


@dataclass(frozen=True)
class ProjectShare:
    """One project's part in the area. An amount is ``None`` when the project records none."""

    reference: str
    title: str
    direct: bool
    """It serves the area or an area within it (else a wider area overlapping it)."""
    wider_areas: tuple[str, ...]
    """For a project serving a wider area: the names of the areas it serves."""
    grant: Decimal | None
    total_cost: Decimal | None
    jobs: Decimal | None
    homes: Decimal | None


@dataclass(frozen=True)
class AreaTotals:
    """``project_count`` counts the projects serving the area or an area within it;
    ``shared_project_count`` the further projects serving a wider area overlapping it. The
    amounts add up every project's share (see the module docstring)."""

    project_count: int
    shared_project_count: int
    grant: Decimal
    total_cost: Decimal
    jobs: Decimal
    homes: Decimal


def area_shares(area: Area) -> list[ProjectShare]:
    """Every project with a part in the area, directly serving ones first, each in reference
    order."""
    graph = AreaGraph()
    within = graph.within(area.code)
    inside = {area_id for area_id in within if not graph.leaves(area_id)}
    inside |= within & graph.districts
    leaves_of = {area_id: graph.leaves(area_id) for area_id in graph.served}
    touching = {area_id for area_id, own in leaves_of.items() if own & inside} | within
    projects = Project.objects.filter(serving(touching))
    shares: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    served_names: dict[int, list[str]] = defaultdict(list)
    direct: set[int] = set()
    rows = ProjectArea.objects.filter(project__in=projects).values_list(
        "project_id", "area_id", "share", "area__name"
    )
    for project_id, area_id, share, name in rows.order_by("area__name"):
        shares[project_id].append((area_id, share))
        served_names[project_id].append(name)
        if area_id in within:
            direct.add(project_id)
    parts: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for project_id, name, value in _project_values(projects):
        weights = spread_shares(shares[project_id], leaves_of)
        parts[project_id][name] = part_inside(value, weights, inside)
    found = [
        ProjectShare(
            reference=reference,
            title=title,
            direct=pk in direct,
            wider_areas=() if pk in direct else tuple(served_names[pk]),
            grant=parts[pk].get("grant"),
            total_cost=parts[pk].get("total_cost"),
            jobs=parts[pk].get(JOBS),
            homes=parts[pk].get(HOMES),
        )
        for pk, reference, title in projects.order_by("reference").values_list(
            "pk", "reference", "title"
        )
    ]
    return sorted(found, key=lambda share: not share.direct)


def area_totals(area: Area, shares: list[ProjectShare] | None = None) -> AreaTotals:
    shares = area_shares(area) if shares is None else shares

    def total(measure: str) -> Decimal:
        return sum((getattr(s, measure) or Decimal("0.00") for s in shares), Decimal("0.00"))

    direct = sum(1 for share in shares if share.direct)
    return AreaTotals(
        project_count=direct,
        shared_project_count=len(shares) - direct,
        grant=total("grant"),
        total_cost=total("total_cost"),
        jobs=total("jobs"),
        homes=total("homes"),
    )


def _project_values(projects: QuerySet[Project]) -> Iterable[tuple[int, str, Decimal]]:
    """(project id, what, value) for each project's grant, total cost and forecast whole-life
    jobs and homes that are recorded."""
    for project_id, grant, total_cost in projects.values_list("pk", "grant", "total_cost"):
        if grant is not None:
            yield project_id, "grant", grant
        if total_cost is not None:
            yield project_id, "total_cost", total_cost
    outputs = OutputLine.objects.filter(
        project__in=projects,
        output_type__code__in=[JOBS, HOMES],
        basis=Basis.FORECAST,
        period="",
    )
    yield from outputs.values_list("project_id", "output_type__code", "value")
