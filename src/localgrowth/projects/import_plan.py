"""Check parsed rows against the stored reference data and turn them into a plan of changes.

Cell-level checks happen in the tabular reader; here are the checks that need the database
(unknown fund, area, theme or output type codes) or more than one row (duplicate references,
grant above total cost, end before start).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from localgrowth.domain.apportion import complete_shares
from localgrowth.domain.geo import (
    Location,
    PointLocator,
    representative_point,
    union_geometries,
)
from localgrowth.domain.tabular import Fault, Row, SheetSpec
from localgrowth.framework.models import Theme
from localgrowth.places.models import Area, AreaType
from localgrowth.places.services import district_locator

from .models import Fund, LocationMatch, LocationPrecision, OutputType, Programme, Project
from .template import MATCH_FUNDING, OUTPUTS, PROJECTS, SPEND, THEMES

SIX_PLACES = Decimal("0.000001")

LocatedPoint = tuple[Decimal, Decimal, Location]


@dataclass(frozen=True)
class AreaInfo:
    id: int
    code: str
    area_type: str
    lat: float | None
    lon: float | None
    boundary: dict | None


@dataclass
class Lookups:
    funds: dict[str, int]
    programmes: dict[str, int]
    areas: dict[str, AreaInfo]
    themes: dict[str, int]
    output_types: dict[str, int]
    references: set[str]
    union_points: dict[tuple[str, ...], tuple[float, float]] = field(default_factory=dict)
    points: dict[tuple[float, float], LocatedPoint] = field(default_factory=dict)
    """Each point met so far: many projects share one, such as a district's centroid."""

    @classmethod
    def load(cls) -> Lookups:
        return cls(
            funds=dict(Fund.objects.values_list("code", "id")),
            programmes=dict(Programme.objects.values_list("slug", "id")),
            areas=_current_areas(),
            themes=dict(Theme.objects.values_list("code", "id")),
            output_types=dict(OutputType.objects.values_list("code", "id")),
            references=set(Project.objects.values_list("reference", flat=True)),
        )

    @cached_property
    def locator(self) -> PointLocator:
        return district_locator()

    def point(self, lat: float, lon: float) -> LocatedPoint:
        """The point as stored (six decimal places) and the district it falls in."""
        key = (lat, lon)
        found = self.points.get(key)
        if found is None:
            located = self.locator.locate(lat, lon)
            stored_lat = Decimal(str(lat)).quantize(SIX_PLACES)
            stored_lon = Decimal(str(lon)).quantize(SIX_PLACES)
            found = self.points[key] = (stored_lat, stored_lon, located)
        return found


def _current_areas() -> dict[str, AreaInfo]:
    """Areas by code; where a code has several vintages, the latest one."""
    areas: dict[str, AreaInfo] = {}
    rows = Area.objects.order_by("code", "valid_from").values_list(
        "id", "code", "area_type", "centroid_lat", "centroid_lon", "boundary", "valid_to"
    )
    for area_id, code, area_type, lat, lon, boundary, valid_to in rows:
        if valid_to is None or code not in areas:
            areas[code] = AreaInfo(area_id, code, area_type, lat, lon, boundary)
    return areas


PROJECT_FIELDS = (
    "title",
    "summary",
    "promoter",
    "fund_id",
    "programme_id",
    "federated_area_id",
    "status",
    "status_detail",
    "category",
    "start_date",
    "start_precision",
    "end_date",
    "end_precision",
    "place_name",
    "grant",
    "total_cost",
    "notes",
    "latitude",
    "longitude",
    "location_precision",
    "location_district_id",
    "location_match",
    "location_distance_m",
)
"""The Project fields a row sets (all but the reference), in the order a plan keeps them."""


@dataclass(slots=True)
class ProjectPlan:
    reference: str
    row: int
    values: tuple
    """The values of PROJECT_FIELDS, in order: a tuple, as a file may hold many projects."""
    areas: list[tuple[int, Decimal]]
    sources: list[str]

    @property
    def fields(self) -> dict[str, Any]:
        return dict(zip(PROJECT_FIELDS, self.values, strict=True))


@dataclass
class Plan:
    projects: list[ProjectPlan] = field(default_factory=list)
    match_funding: dict[str, list[tuple]] | None = None
    spend: dict[str, list[tuple]] | None = None
    outputs: dict[str, list[tuple]] | None = None
    themes: dict[str, list[tuple]] | None = None
    faults: list[Fault] = field(default_factory=list)


class _Checker:
    """Collects faults against one file's rows."""

    def __init__(self, file: str, lookups: Lookups) -> None:
        self.file = file
        self.lookups = lookups
        self.faults: list[Fault] = []

    def fault(self, row: Row, column: str, value: object, message: str) -> None:
        shown = None if value is None else str(value)
        self.faults.append(Fault(self.file, message, row.sheet, row.number, column, shown))

    def known(self, row: Row, column: str, table: dict[str, Any], what: str, hint: str) -> bool:
        code = row.values.get(column)
        if code is None or code in table:
            return True
        self.fault(row, column, code, f"There is no {what} with code '{code}'. {hint}")
        return False


def plan_changes(file: str, rows: dict[str, list[Row] | None], lookups: Lookups) -> Plan:
    check = _Checker(file, lookups)
    plan = Plan()
    project_rows = rows.get("Projects") or []
    in_file = _unique_references(project_rows, check)
    for row in project_rows:
        if (project := _plan_project(row, check)) is not None:
            plan.projects.append(project)
    known_refs = in_file | lookups.references
    plan.match_funding = _children(rows.get("Match funding"), known_refs, check, _match_line)
    plan.spend = _children(rows.get("Spend"), known_refs, check, _spend_line)
    plan.outputs = _children(rows.get("Outputs"), known_refs, check, _output_line)
    plan.themes = _children(rows.get("Themes"), known_refs, check, _theme_line)
    plan.faults = check.faults
    return plan


def _unique_references(rows: Iterable[Row], check: _Checker) -> set[str]:
    first_row: dict[str, int] = {}
    for row in rows:
        reference = row.values.get("reference")
        if reference is None:
            continue
        if reference in first_row:
            check.fault(
                row,
                "reference",
                reference,
                f"Reference '{reference}' is already used on row {first_row[reference]}. "
                "Give each project its own reference, or remove the repeated row.",
            )
        else:
            first_row[reference] = row.number
    return set(first_row)


def _plan_project(row: Row, check: _Checker) -> ProjectPlan | None:
    values = row.values
    lookups = check.lookups
    ok = check.known(
        row, "fund", lookups.funds, "fund", "Use the code of a fund in the funds list."
    )
    ok &= check.known(
        row, "programme", lookups.programmes, "programme", "Use the slug of a programme."
    )
    ok &= _check_federated_area(row, check)
    ok &= _check_money_and_dates(row, check)
    areas = _area_shares(row, check)
    location = _location(row, check, areas)
    if not (ok and _usable(row, PROJECTS)) or areas is None or location is None:
        return None
    start, start_precision = values.get("start") or (None, "")
    end, end_precision = values.get("end") or (None, "")
    fields = {
        "title": values["title"],
        "summary": values.get("summary") or "",
        "promoter": values.get("promoter") or "",
        "fund_id": lookups.funds[values["fund"]],
        "programme_id": lookups.programmes.get(values.get("programme") or ""),
        "federated_area_id": _area_id(lookups, values.get("federated_area")),
        "status": values["status"],
        "status_detail": values.get("status_detail") or "",
        "category": values["category"],
        "start_date": start,
        "start_precision": start_precision,
        "end_date": end,
        "end_precision": end_precision,
        "place_name": values.get("place") or "",
        "grant": values.get("grant"),
        "total_cost": values.get("total_cost"),
        "notes": values.get("notes") or "",
        **location,
    }
    in_order = tuple(fields[name] for name in PROJECT_FIELDS)
    return ProjectPlan(
        values["reference"], row.number, in_order, areas, values.get("sources") or []
    )


def _usable(row: Row, spec: SheetSpec) -> bool:
    """Whether the row parsed in full and has every required value (a required column may be
    missing from the header, which is reported once, on row 1)."""
    return row.complete and all(
        row.values.get(column.name) is not None for column in spec.columns if column.required
    )


def _area_id(lookups: Lookups, code: str | None) -> int | None:
    return lookups.areas[code].id if code else None


def _check_federated_area(row: Row, check: _Checker) -> bool:
    code = row.values.get("federated_area")
    if code is None:
        return True
    area = check.lookups.areas.get(code)
    if area is not None and area.area_type == AreaType.FEDERATED_AREA:
        return True
    check.fault(
        row,
        "federated_area",
        code,
        f"'{code}' is not the code of a federated area. Use a code such as SELEP-KM, or leave "
        "the cell empty.",
    )
    return False


def _check_money_and_dates(row: Row, check: _Checker) -> bool:
    values = row.values
    ok = True
    grant, total = values.get("grant"), values.get("total_cost")
    if grant is not None and total is not None and grant > total:
        check.fault(
            row,
            "grant",
            grant,
            f"The grant (£{grant:,}) is more than the total cost (£{total:,}). Check both "
            "amounts: the total cost includes the grant.",
        )
        ok = False
    start, end = values.get("start"), values.get("end")
    if start and end and end[0] < start[0]:
        check.fault(
            row, "end", end[0].isoformat(), "The end is before the start. Check both dates."
        )
        ok = False
    return ok


def _area_shares(row: Row, check: _Checker) -> list[tuple[int, Decimal]] | None:
    written = row.values.get("areas") or []
    unknown = [code for code, _ in written if code not in check.lookups.areas]
    for code in unknown:
        check.fault(
            row,
            "areas",
            code,
            f"There is no area with GSS code '{code}'. Check the code against the areas list "
            "(for example E07000114 is Thanet), or import the area first.",
        )
    if unknown or not written:
        return None
    shares = complete_shares([share for _, share in written])
    return [
        (check.lookups.areas[code].id, share)
        for (code, _), share in zip(written, shares, strict=False)
    ]


def _location(
    row: Row, check: _Checker, areas: list[tuple[int, Decimal]] | None
) -> dict[str, Any] | None:
    values = row.values
    lat, lon = values.get("latitude"), values.get("longitude")
    precision = values.get("location_precision")
    if (lat is None) != (lon is None):
        missing = "longitude" if lon is None else "latitude"
        check.fault(row, missing, None, f"Give a {missing} as well, or neither.")
        return None
    if lat is not None and lon is not None:
        if precision not in (None, LocationPrecision.EXACT, LocationPrecision.PLACE):
            check.fault(
                row,
                "location_precision",
                precision,
                "A point given by latitude and longitude is 'exact' or 'place'.",
            )
            return None
        return _point_location(check.lookups, lat, lon, precision or LocationPrecision.EXACT)
    if precision not in (None, LocationPrecision.NONE) and precision not in (
        LocationPrecision.DISTRICT_CENTROID,
        LocationPrecision.AREA_CENTROID,
    ):
        check.fault(
            row, "location_precision", precision, f"'{precision}' needs a latitude and longitude."
        )
        return None
    return _centroid_location(check.lookups, [code for code, _ in values.get("areas") or []])


def _point_location(lookups: Lookups, lat: float, lon: float, precision: str) -> dict:
    stored_lat, stored_lon, found = lookups.point(lat, lon)
    return {
        "latitude": stored_lat,
        "longitude": stored_lon,
        "location_precision": precision,
        "location_district_id": _area_id(lookups, found.code),
        "location_match": found.method,
        "location_distance_m": found.distance_m,
    }


def _centroid_location(lookups: Lookups, codes: list[str]) -> dict:
    """Place the project at the centre of the areas it serves, and say so."""
    infos = [lookups.areas[code] for code in codes if code in lookups.areas]
    lat: float | None = None
    lon: float | None = None
    if len(infos) == 1:
        lat, lon = infos[0].lat, infos[0].lon
    if lat is not None and lon is not None:
        info = infos[0]
        is_district = info.area_type == AreaType.DISTRICT
        precision = (
            LocationPrecision.DISTRICT_CENTROID if is_district else LocationPrecision.AREA_CENTROID
        )
    else:
        boundaries = [info.boundary for info in infos if info.boundary]
        if not boundaries:
            return _no_location()
        key = tuple(sorted(codes))
        if key not in lookups.union_points:
            lookups.union_points[key] = representative_point(union_geometries(boundaries))
        lat, lon = lookups.union_points[key]
        precision = LocationPrecision.AREA_CENTROID
    located = _point_location(lookups, lat, lon, precision)
    return {**located, "location_precision": precision}


def _no_location() -> dict:
    return {
        "latitude": None,
        "longitude": None,
        "location_precision": LocationPrecision.NONE,
        "location_district_id": None,
        "location_match": LocationMatch.NONE,
        "location_distance_m": None,
    }


LineMaker = Callable[[Row, "_Checker"], "tuple | None"]


def _children(
    rows: list[Row] | None, known_refs: set[str], check: _Checker, make_line: LineMaker
) -> dict[str, list[tuple]] | None:
    """Lines of an optional sheet by project reference; None when the file has no such sheet."""
    if rows is None:
        return None
    lines: dict[str, list[tuple]] = {}
    seen: dict[tuple, int] = {}
    for row in rows:
        reference = row.values.get("reference")
        if reference is None:
            continue
        if reference not in known_refs:
            check.fault(
                row,
                "reference",
                reference,
                f"There is no project '{reference}' in the Projects sheet or already stored. "
                "Add the project, or correct the reference.",
            )
            continue
        line = make_line(row, check)
        if line is None:
            continue
        key = (reference, *line[: _KEY_LENGTH[make_line]])
        if key in seen:
            check.fault(
                row,
                "reference",
                reference,
                f"This line repeats row {seen[key]}. Combine the two rows into one.",
            )
            continue
        seen[key] = row.number
        lines.setdefault(reference, []).append(line)
    return lines


def _match_line(row: Row, check: _Checker) -> tuple | None:
    if not _usable(row, MATCH_FUNDING):
        return None
    values = row.values
    return (values["source"], values.get("type") or "not_known", values.get("amount"))


def _spend_line(row: Row, check: _Checker) -> tuple | None:
    if not _usable(row, SPEND):
        return None
    values = row.values
    return (values["financial_year"], values["basis"], values["amount"], "")


def _output_line(row: Row, check: _Checker) -> tuple | None:
    hint = "Use the code of an output type in the output types list, such as jobs or homes."
    known = check.known(row, "output_type", check.lookups.output_types, "output type", hint)
    if not known or not _usable(row, OUTPUTS):
        return None
    values = row.values
    output_type = check.lookups.output_types[values["output_type"]]
    value = Decimal(values["value"]).quantize(Decimal("0.01"))
    return (
        output_type,
        values.get("period") or "",
        values["basis"],
        value,
        values.get("note") or "",
    )


def _theme_line(row: Row, check: _Checker) -> tuple | None:
    hint = "Use the code of a theme in the framework list, such as foundation-ideas."
    known = check.known(row, "theme", check.lookups.themes, "theme", hint)
    if not known or not _usable(row, THEMES):
        return None
    return (check.lookups.themes[row.values["theme"]], row.values.get("basis") or "")


_KEY_LENGTH: dict[LineMaker, int] = {
    _match_line: 1,
    _spend_line: 2,
    _output_line: 3,
    _theme_line: 1,
}
