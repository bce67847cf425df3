"""Store a checked plan: create new projects, update changed ones, leave the rest untouched.

Writes go through django-simple-history's bulk helpers so every created, changed or removed row
keeps its history with who made the change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .import_plan import Plan, ProjectPlan
from .models import (
    MatchFunding,
    OutputLine,
    Project,
    ProjectArea,
    ProjectSource,
    ProjectTheme,
    SpendLine,
)

if TYPE_CHECKING:
    from localgrowth.core.importing import ImportReport

BATCH = 2000
PROJECT_FIELDS = [
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
]


class _Child:
    """How one kind of child row is read from the database, compared and rebuilt."""

    def __init__(
        self,
        model: type[models.Model],
        fields: Sequence[str],
        plan_attr: str | None,
    ) -> None:
        self.model = model
        self.fields = list(fields)
        self.plan_attr = plan_attr

    def stored(self, project_ids: Sequence[int]) -> dict[int, list[tuple]]:
        lines: dict[int, list[tuple]] = {}
        for chunk in _chunks(project_ids, BATCH):
            rows = self.model._default_manager.filter(project_id__in=chunk).values_list(
                "project_id", *self.fields
            )
            for project_id, *values in rows:
                lines.setdefault(project_id, []).append(tuple(values))
        return {key: sorted(value, key=_sort_key) for key, value in lines.items()}

    def build(self, project_id: int, lines: list[tuple]) -> list[models.Model]:
        return [
            self.model(project_id=project_id, **dict(zip(self.fields, line, strict=True)))
            for line in lines
        ]


CHILDREN = {
    "areas": _Child(ProjectArea, ["area_id", "share"], None),
    "sources": _Child(ProjectSource, ["position", "url"], None),
    "match_funding": _Child(
        MatchFunding, ["source_name", "funding_type", "amount"], "match_funding"
    ),
    "spend": _Child(SpendLine, ["financial_year", "basis", "amount"], "spend"),
    "outputs": _Child(
        OutputLine, ["output_type_id", "period", "basis", "value", "note"], "outputs"
    ),
    "themes": _Child(ProjectTheme, ["theme_id", "basis"], "themes"),
}


def _sort_key(line: tuple) -> tuple:
    return tuple("" if value is None else str(value) for value in line)


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _wanted_children(plan: Plan, project: ProjectPlan) -> dict[str, list[tuple] | None]:
    """The child lines the file asks for; None where the file says nothing about them."""
    wanted: dict[str, list[tuple] | None] = {
        "areas": sorted(((area, share) for area, share in project.areas), key=_sort_key),
        "sources": sorted(enumerate(project.sources), key=_sort_key),
    }
    for name, child in CHILDREN.items():
        if child.plan_attr is None:
            continue
        by_reference = getattr(plan, child.plan_attr)
        wanted[name] = (
            None
            if by_reference is None
            else sorted(by_reference.get(project.reference, []), key=_sort_key)
        )
    return wanted


def _same(stored: list[tuple], wanted: list[tuple]) -> bool:
    return [_normalise(line) for line in stored] == [_normalise(line) for line in wanted]


def _normalise(line: tuple) -> tuple:
    return tuple(value.normalize() if isinstance(value, Decimal) else value for value in line)


def apply(
    plan: Plan,
    report: ImportReport,
    *,
    user: Any = None,
    progress: Callable[[int], None] | None = None,
) -> None:
    existing = _existing_projects([project.reference for project in plan.projects])
    new: list[Project] = []
    changed_projects: list[Project] = []
    child_changes: dict[str, dict[int, list[tuple]]] = {name: {} for name in CHILDREN}
    new_children: list[tuple[Project, dict[str, list[tuple] | None]]] = []
    stored_children = {
        name: child.stored([project.pk for project in existing.values()])
        for name, child in CHILDREN.items()
    }
    for project_plan in plan.projects:
        wanted = _wanted_children(plan, project_plan)
        current = existing.get(project_plan.reference)
        if current is None:
            new.append(Project(reference=project_plan.reference, **project_plan.fields))
            new_children.append((new[-1], wanted))
            report.created.append(project_plan.reference)
        else:
            fields_changed = _update_fields(current, project_plan.fields)
            children_changed = _diff_children(current.pk, wanted, stored_children, child_changes)
            if fields_changed:
                changed_projects.append(current)
            if fields_changed or children_changed:
                report.updated.append(project_plan.reference)
            else:
                report.unchanged.append(project_plan.reference)
        if progress:
            progress(1)
    _apply_children_of_unlisted(plan, existing, stored_children, child_changes)
    _store(new, new_children, changed_projects, child_changes, user)


def _existing_projects(references: Sequence[str]) -> dict[str, Project]:
    found: dict[str, Project] = {}
    for chunk in _chunks(references, BATCH):
        for project in Project.objects.filter(reference__in=chunk):
            found[project.reference] = project
    return found


def _update_fields(project: Project, fields: dict[str, Any]) -> bool:
    changed = False
    for name, value in fields.items():
        current = getattr(project, name)
        if _normalise((current,)) != _normalise((value,)):
            setattr(project, name, value)
            changed = True
    return changed


def _diff_children(
    project_id: int,
    wanted: dict[str, list[tuple] | None],
    stored: dict[str, dict[int, list[tuple]]],
    changes: dict[str, dict[int, list[tuple]]],
) -> bool:
    changed = False
    for name, lines in wanted.items():
        if lines is None:
            continue
        if not _same(stored[name].get(project_id, []), lines):
            changes[name][project_id] = lines
            changed = True
    return changed


def _apply_children_of_unlisted(
    plan: Plan,
    existing: dict[str, Project],
    stored: dict[str, dict[int, list[tuple]]],
    changes: dict[str, dict[int, list[tuple]]],
) -> None:
    """Child sheets may name stored projects that the Projects sheet does not list."""
    listed = {project.reference for project in plan.projects}
    extra: set[str] = set()
    for child in CHILDREN.values():
        by_reference = getattr(plan, child.plan_attr) if child.plan_attr else None
        if by_reference:
            extra |= set(by_reference) - listed
    if not extra:
        return
    projects = _existing_projects(sorted(extra))
    ids = [project.pk for project in projects.values()]
    for name, child in CHILDREN.items():
        if child.plan_attr is None or getattr(plan, child.plan_attr) is None:
            continue
        current = child.stored(ids)
        for reference, project in projects.items():
            lines = sorted(getattr(plan, child.plan_attr).get(reference, []), key=_sort_key)
            if reference in getattr(plan, child.plan_attr) and not _same(
                current.get(project.pk, []), lines
            ):
                changes[name][project.pk] = lines
    existing.update(projects)


def _store(
    new: list[Project],
    new_children: list[tuple[Project, dict[str, list[tuple] | None]]],
    changed: list[Project],
    child_changes: dict[str, dict[int, list[tuple]]],
    user: Any,
) -> None:
    if new:
        bulk_create_with_history(new, Project, batch_size=BATCH, default_user=user)
        created = {
            project.reference: project.pk
            for chunk in _chunks([p.reference for p in new], BATCH)
            for project in Project.objects.filter(reference__in=chunk).only("pk", "reference")
        }
        for project, wanted in new_children:
            for name, lines in wanted.items():
                if lines:
                    child_changes[name][created[project.reference]] = lines
    if changed:
        bulk_update_with_history(
            changed, Project, PROJECT_FIELDS, batch_size=BATCH, default_user=user
        )
    for name, by_project in child_changes.items():
        if by_project:
            _replace_children(CHILDREN[name], by_project, user)


def _replace_children(child: _Child, by_project: dict[int, list[tuple]], user: Any) -> None:
    ids = list(by_project)
    for chunk in _chunks(ids, BATCH):
        for row in child.model._default_manager.filter(project_id__in=chunk):
            row._history_user = user  # type: ignore[attr-defined]
            row.delete()
    rows = [
        row for project_id, lines in by_project.items() for row in child.build(project_id, lines)
    ]
    bulk_create_with_history(rows, child.model, batch_size=BATCH, default_user=user)
