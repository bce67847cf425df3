"""A page of projects as the API's JSON list gives it, read as plain rows: the same records as
``exports.project_record`` (a test holds the two equal for every demo project), in four
queries of only the columns needed and with no model instances.

Building model instances with their related rows (``queries.with_details``) costs most of a
list request's time; this is the fast path for a page and for a project's full record, whose
queries of related rows are prepared once (``core.prepared``). Downloads, which stream every
filtered project, use the models.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any
from urllib.parse import quote

from django.db.models import QuerySet

from localgrowth.core.prepared import PreparedQuery
from localgrowth.projects.models import (
    FundingType,
    MatchFunding,
    OutputLine,
    Project,
    ProjectArea,
    ProjectCategory,
    ProjectSource,
    ProjectStatus,
    ProjectTheme,
    SpendLine,
)

from .exports import PROJECT_PAGE, money

STATUS_LABELS = dict(ProjectStatus.choices)
CATEGORY_LABELS = dict(ProjectCategory.choices)
FUNDING_LABELS = dict(FundingType.choices)
CHANGE_TYPES = {"+": "created", "~": "changed", "-": "deleted"}
COLUMNS = (
    "pk",
    "reference",
    "title",
    "summary",
    "promoter",
    "status",
    "status_detail",
    "category",
    "fund__code",
    "fund__name",
    "programme__slug",
    "programme__name",
    "federated_area__code",
    "federated_area__name",
    "grant",
    "total_cost",
    "start_date",
    "start_precision",
    "end_date",
    "end_precision",
    "latitude",
    "longitude",
    "location_precision",
    "place_name",
)


def _dated(value: date | None, precision: str) -> dict[str, str] | None:
    return None if value is None else {"date": value.isoformat(), "precision": precision}


def _location(row: dict[str, Any]) -> dict[str, Any] | None:
    lat, lon = row["latitude"], row["longitude"]
    if lat is None or lon is None:
        return None
    return {
        "lat": float(lat),
        "lon": float(lon),
        "precision": row["location_precision"],
        "place": row["place_name"],
    }


def _grouped(rows: Iterable[tuple[Any, ...]]) -> dict[int, list[tuple[Any, ...]]]:
    groups: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for project_id, *values in rows:
        groups[project_id].append(tuple(values))
    return groups


_AREAS = PreparedQuery(
    lambda ids: (
        ProjectArea.objects.filter(project_id__in=ids)
        .order_by("area__code")
        .values_list("project_id", "area__code", "area__name", "share")
    )
)
_THEMES = PreparedQuery(
    lambda ids: (
        ProjectTheme.objects.filter(project_id__in=ids)
        .order_by("theme__code")
        .values_list("project_id", "theme__code", "theme__title", "theme__kind")
    )
)
_SOURCES = PreparedQuery(
    lambda ids: (
        ProjectSource.objects.filter(project_id__in=ids)
        .order_by("position", "pk")
        .values_list("project_id", "url")
    )
)
_PROJECTS = PreparedQuery(lambda ids: Project.objects.filter(pk__in=ids).values_list(*COLUMNS))
_PROJECT = PreparedQuery(
    lambda reference: Project.objects.filter(reference=reference).values_list(*COLUMNS, "notes")
)
_FUNDING = PreparedQuery(
    lambda project_id: (
        MatchFunding.objects.filter(project_id=project_id)
        .order_by("source_name", "pk")
        .values_list("source_name", "funding_type", "amount")
    )
)
_SPEND = PreparedQuery(
    lambda project_id: (
        SpendLine.objects.filter(project_id=project_id)
        .order_by("financial_year", "basis")
        .values_list("financial_year", "basis", "amount", "note")
    )
)
_OUTPUTS = PreparedQuery(
    lambda project_id: (
        OutputLine.objects.filter(project_id=project_id)
        .order_by("output_type__code", "period", "basis")
        .values_list(
            "output_type__code",
            "output_type__name",
            "output_type__unit",
            "period",
            "basis",
            "value",
            "note",
        )
    )
)
_CHANGES = PreparedQuery(
    lambda project_id: (
        Project.history.filter(id=project_id)
        .order_by("-history_date", "-history_id")
        .values_list("history_date", "history_type")
    )
)


def project_records(projects: QuerySet[Project]) -> list[dict[str, Any]]:
    """Every project of ``projects`` (a slice, such as a page) as ``project_record`` gives it,
    in the queryset's order."""
    ids = list(projects.values_list("pk", flat=True))
    rows = {row[0]: dict(zip(COLUMNS, row, strict=True)) for row in _PROJECTS(ids)}
    return [record for _, record in _rows_and_records([rows[pk] for pk in ids])]


def _rows_and_records(
    rows: list[dict[str, Any]],
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    ids = [row["pk"] for row in rows]
    areas, themes, sources = _grouped(_AREAS(ids)), _grouped(_THEMES(ids)), _grouped(_SOURCES(ids))
    return [
        (row, _record(row, areas[row["pk"]], themes[row["pk"]], sources[row["pk"]])) for row in rows
    ]


def _record(
    row: dict[str, Any],
    areas: list[tuple[Any, ...]],
    themes: list[tuple[Any, ...]],
    sources: list[tuple[Any, ...]],
) -> dict[str, Any]:
    return {
        "reference": row["reference"],
        "title": row["title"],
        "summary": row["summary"],
        "promoter": row["promoter"],
        "status": row["status"],
        "status_label": STATUS_LABELS.get(row["status"], row["status"]),
        "status_as_reported": row["status_detail"],
        "category": row["category"],
        "category_label": CATEGORY_LABELS.get(row["category"], row["category"]),
        "fund": row["fund__code"],
        "fund_name": row["fund__name"],
        "programme": row["programme__slug"],
        "programme_name": row["programme__name"],
        "federated_area": row["federated_area__code"],
        "federated_area_name": row["federated_area__name"],
        "grant": money(row["grant"]),
        "total_cost": money(row["total_cost"]),
        "start": _dated(row["start_date"], row["start_precision"]),
        "end": _dated(row["end_date"], row["end_precision"]),
        "location": _location(row),
        "areas": [{"code": code, "name": name, "share": str(share)} for code, name, share in areas],
        "themes": [{"code": code, "title": title, "kind": kind} for code, title, kind in themes],
        "url": PROJECT_PAGE.format(reference=quote(row["reference"], safe="")),
        "sources": [url for (url,) in sources],
    }


def project_detail_record(reference: str) -> dict[str, Any] | None:
    """A project's full record as ``payloads.project_detail_payload`` gives it, read as rows
    (a test holds the two equal), or None when no project has the reference."""
    found = _PROJECT(reference)
    if not found:
        return None
    row, record = _rows_and_records([dict(zip((*COLUMNS, "notes"), found[0], strict=True))])[0]
    project_id = row["pk"]
    record.update(
        notes=row["notes"],
        match_funding=[
            {
                "source": source,
                "type": kind,
                "type_label": FUNDING_LABELS.get(kind, kind),
                "amount": money(amount),
            }
            for source, kind, amount in _FUNDING(project_id)
        ],
        spend=[
            {"financial_year": year, "basis": basis, "amount": money(amount), "note": note}
            for year, basis, amount, note in _SPEND(project_id)
        ],
        outputs=[
            {
                "output_type": code,
                "name": name,
                "unit": unit,
                "period": period,
                "basis": basis,
                "value": str(value),
                "note": note,
            }
            for code, name, unit, period, basis, value, note in _OUTPUTS(project_id)
        ],
        history=[
            {"date": when, "type": CHANGE_TYPES.get(kind, kind)}
            for when, kind in _CHANGES(project_id)
        ],
    )
    return record
