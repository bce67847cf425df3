"""Store a checked plan: create new projects, update changed ones, leave the rest untouched.

New projects are stored a chunk at a time, end to end (the projects, their keys, their child
rows and the history of every row), so memory stays flat however long the file is. Writes go
through ``localgrowth.core.bulk``: plain parameterised SQL, with every created, changed or removed
row given the historical record django-simple-history would write, with who made the change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models

from localgrowth.core.bulk import (
    chunks,
    copy_to_history,
    delete_with_history,
    insert_rows,
    one_moment,
    param_limit,
    pks_by,
    update_rows,
)

from .import_plan import PROJECT_FIELDS, Plan, ProjectPlan
from .models import (
    MONITORING_NOTE,
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


@dataclass(frozen=True)
class _Stored:
    """A stored project: its key and the values of PROJECT_FIELDS."""

    pk: int
    fields: dict[str, Any]


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
        self.columns = ["project_id", *fields]
        self.plan_attr = plan_attr

    def stored(self, project_ids: Sequence[int]) -> dict[int, list[tuple]]:
        lines: dict[int, list[tuple]] = {}
        wanted = set(project_ids)
        for chunk in chunks(sorted(wanted), param_limit()):
            # Where a chunk's keys are dense, a range selects the same rows far more cheaply
            # than thousands of IN values; the ranges do not overlap, so no row comes twice.
            dense = chunk[-1] - chunk[0] < 2 * len(chunk)
            where: dict[str, Any] = (
                {"project_id__gte": chunk[0], "project_id__lte": chunk[-1]}
                if dense
                else {"project_id__in": chunk}
            )
            rows = self.model._default_manager.filter(**where).values_list(
                "project_id", *self.fields
            )
            for project_id, *values in rows:
                if project_id in wanted:
                    lines.setdefault(project_id, []).append(tuple(values))
        return {key: _sorted(value) for key, value in lines.items()}

    def insert(self, by_project: Sequence[tuple[int, list[tuple]]], user: Any) -> None:
        """Store each project's lines, each with its '+' history record."""
        rows = [(project_id, *line) for project_id, lines in by_project for line in lines]
        if rows:
            insert_rows(self.model, self.columns, rows)
            ids = [project_id for project_id, lines in by_project if lines]
            copy_to_history(self.model, "project_id", ids, "+", user)


CHILDREN = {
    "areas": _Child(ProjectArea, ["area_id", "share"], None),
    "sources": _Child(ProjectSource, ["position", "url"], None),
    "match_funding": _Child(
        MatchFunding, ["source_name", "funding_type", "amount"], "match_funding"
    ),
    "spend": _Child(SpendLine, ["financial_year", "basis", "amount", "note"], "spend"),
    "outputs": _Child(
        OutputLine, ["output_type_id", "period", "basis", "value", "note"], "outputs"
    ),
    "themes": _Child(ProjectTheme, ["theme_id", "basis"], "themes"),
}

Wanted = dict[str, list[tuple] | None]
"""The child lines the file asks for, by kind; None where the file says nothing about them."""


@dataclass
class _Changes:
    """What to write to stored projects: changed rows ``(pk, *PROJECT_FIELDS)`` and the child
    lines that replace a project's stored ones, by kind and project key."""

    projects: list[tuple] = field(default_factory=list)
    children: dict[str, dict[int, list[tuple]]] = field(
        default_factory=lambda: {name: {} for name in CHILDREN}
    )


def _sort_key(line: tuple) -> tuple:
    return tuple("" if value is None else str(value) for value in line)


def _sorted(lines: list[tuple]) -> list[tuple]:
    return lines if len(lines) < 2 else sorted(lines, key=_sort_key)


def _wanted_children(plan: Plan, project: ProjectPlan) -> Wanted:
    wanted: Wanted = {
        "areas": _sorted(project.areas),
        "sources": _sorted(list(enumerate(project.sources))),
    }
    for name, child in CHILDREN.items():
        if child.plan_attr is None:
            continue
        by_reference = getattr(plan, child.plan_attr)
        wanted[name] = (
            None if by_reference is None else _sorted(by_reference.get(project.reference, []))
        )
    return wanted


def _same(stored: list[tuple], wanted: list[tuple]) -> bool:
    """Equal, taking 1.50 and 1.5 as the same amount (equal values compare equal at once)."""
    return stored == wanted or (
        [_normalise(line) for line in stored] == [_normalise(line) for line in wanted]
    )


def _normalise(line: tuple) -> tuple:
    return tuple(value.normalize() if isinstance(value, Decimal) else value for value in line)


def apply(
    plan: Plan,
    report: ImportReport,
    *,
    user: Any = None,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Store the plan: one moment in every record's history."""
    with one_moment():
        _apply(plan, report, user=user, progress=progress)


def _apply(
    plan: Plan,
    report: ImportReport,
    *,
    user: Any,
    progress: Callable[[int], None] | None,
) -> None:
    existing = _existing_projects([project.reference for project in plan.projects])
    stored_children = {
        name: child.stored([project.pk for project in existing.values()])
        for name, child in CHILDREN.items()
    }
    changes = _Changes()
    new: list[ProjectPlan] = []
    for project_plan in plan.projects:
        current = existing.get(project_plan.reference)
        if current is None:
            new.append(project_plan)
            report.created.append(project_plan.reference)
            continue
        changed = _diff_project(plan, project_plan, current, stored_children, changes)
        (report.updated if changed else report.unchanged).append(project_plan.reference)
        if progress:
            progress(1)
    _apply_children_of_unlisted(plan, stored_children, changes.children)
    for chunk in chunks(new, BATCH):
        _store_new(plan, chunk, user)
        if progress:
            progress(len(chunk))
    _store_changes(changes, user)


def _existing_projects(references: Sequence[str]) -> dict[str, _Stored]:
    found: dict[str, _Stored] = {}
    for chunk in chunks(references, param_limit()):
        rows = Project.objects.filter(reference__in=chunk).values_list(
            "pk", "reference", *PROJECT_FIELDS
        )
        for pk, reference, *values in rows:
            found[reference] = _Stored(pk, dict(zip(PROJECT_FIELDS, values, strict=True)))
    return found


def _diff_project(
    plan: Plan,
    project: ProjectPlan,
    current: _Stored,
    stored_children: dict[str, dict[int, list[tuple]]],
    changes: _Changes,
) -> bool:
    """Note what differs between a stored project and the file; whether anything does."""
    fields = _updated_fields(current.fields, project.fields)
    if fields is not None:
        changes.projects.append((current.pk, *(fields[name] for name in PROJECT_FIELDS)))
    wanted = _wanted_children(plan, project)
    children_changed = _diff_children(current.pk, wanted, stored_children, changes.children)
    return fields is not None or children_changed


def _updated_fields(stored: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any] | None:
    """The stored values with those the file changes; None when it changes none."""
    updated = dict(stored)
    changed = False
    for name, value in fields.items():
        current = stored[name]
        if current != value and _normalise((current,)) != _normalise((value,)):
            updated[name] = value
            changed = True
    return updated if changed else None


MONITORED = {"spend": 2, "outputs": 3}
"""The kinds of line that approved monitoring returns write, by the length of their key."""


def with_monitored_actuals(name: str, stored: list[tuple], wanted: list[tuple]) -> list[tuple]:
    """The file's lines, plus the stored actuals that came from approved monitoring returns
    where the file has no line of the same key: the register does not own those figures, so
    importing it again keeps them. A line's note is its last value."""
    key_length = MONITORED.get(name)
    if key_length is None:
        return wanted
    keys = {line[:key_length] for line in wanted}
    kept = [
        line
        for line in stored
        if str(line[-1]).startswith(MONITORING_NOTE) and line[:key_length] not in keys
    ]
    return _sorted(wanted + kept) if kept else wanted


def _diff_children(
    project_id: int,
    wanted: Wanted,
    stored: dict[str, dict[int, list[tuple]]],
    changes: dict[str, dict[int, list[tuple]]],
) -> bool:
    changed = False
    for name, file_lines in wanted.items():
        if file_lines is None:
            continue
        lines = with_monitored_actuals(name, stored[name].get(project_id, []), file_lines)
        if not _same(stored[name].get(project_id, []), lines):
            changes[name][project_id] = lines
            changed = True
    return changed


def _apply_children_of_unlisted(
    plan: Plan,
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
            lines = with_monitored_actuals(
                name,
                current.get(project.pk, []),
                sorted(getattr(plan, child.plan_attr).get(reference, []), key=_sort_key),
            )
            if reference in getattr(plan, child.plan_attr) and not _same(
                current.get(project.pk, []), lines
            ):
                changes[name][project.pk] = lines


def _store_new(plan: Plan, chunk: Sequence[ProjectPlan], user: Any) -> None:
    """Store new projects and their child lines, each row with its '+' history record."""
    insert_rows(
        Project,
        ["reference", *PROJECT_FIELDS],
        [(project.reference, *project.values) for project in chunk],
    )
    keys = pks_by(Project, "reference", [project.reference for project in chunk])
    copy_to_history(Project, "pk", list(keys.values()), "+", user)
    wanted = [(keys[project.reference], _wanted_children(plan, project)) for project in chunk]
    for name, child in CHILDREN.items():
        child.insert([(pk, lines[name] or []) for pk, lines in wanted], user)


def _store_changes(changes: _Changes, user: Any) -> None:
    """Update changed projects ('~' history) and replace changed child lines ('-', then '+')."""
    if changes.projects:
        update_rows(Project, PROJECT_FIELDS, changes.projects)
        copy_to_history(Project, "pk", [row[0] for row in changes.projects], "~", user)
    for name, by_project in changes.children.items():
        if not by_project:
            continue
        child = CHILDREN[name]
        delete_with_history(child.model, "project_id", list(by_project), user)
        for chunk in chunks(list(by_project.items()), BATCH):
            child.insert(chunk, user)
