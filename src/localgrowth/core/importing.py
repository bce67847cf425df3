"""The one import pipeline: read the whole file, report every fault, store all or nothing.

Importers of reference data (areas, framework) describe a sheet and how a row becomes a model's
fields; the project register has its own planner (projects.importers) on the same pieces.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models, transaction

from localgrowth.domain import cells
from localgrowth.domain.tabular import Fault, Parser, Row, SheetSpec, TabularResult, read_tabular


def parse_choices(choices: type[models.Choices]) -> Parser:
    """A cell parser for a Django choices class: accepts each choice's code or its label."""
    accepted = {str(value): str(value) for value in choices.values}
    accepted.update({str(label): str(value) for value, label in choices.choices})
    return cells.parse_choice(accepted)


class ImportFailed(Exception):
    """The file has faults; ``faults`` lists every one. Nothing was stored."""

    def __init__(self, faults: list[Fault]) -> None:
        super().__init__(f"{len(faults)} problem(s) found; nothing was imported.")
        self.faults = faults


@dataclass
class ImportReport:
    file: str
    dry_run: bool = False
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def summary(self) -> str:
        counts = (
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged"
        )
        return f"Dry run, nothing stored: {counts}" if self.dry_run else counts


def choose_sheets(path: Path, specs: Sequence[SheetSpec], sheet: str | None) -> list[SheetSpec]:
    """The sheets to read. A CSV file holds one sheet: the one named, or the first."""
    if path.suffix.lower() != ".csv":
        return list(specs)
    if sheet is None:
        return [specs[0]]
    for spec in specs:
        if spec.name.casefold() == sheet.casefold():
            return [spec]
    names = ", ".join(f"'{spec.name}'" for spec in specs)
    raise ImportFailed(
        [Fault(path.name, f"There is no sheet called '{sheet}'. Choose one of {names}.")]
    )


def read_file(path: Path, specs: Sequence[SheetSpec], name: str) -> TabularResult:
    return read_tabular(
        path, specs, max_bytes=settings.LOCALGROWTH_MAX_UPLOAD_BYTES, display_name=name
    )


def in_file_order(faults: list[Fault], specs: Sequence[SheetSpec]) -> list[Fault]:
    order = {spec.name: index for index, spec in enumerate(specs)}

    def key(fault: Fault) -> tuple[int, int, str]:
        return (order.get(fault.sheet or "", -1), fault.row or 0, fault.column or "")

    return sorted(faults, key=key)


def record_run(kind: str, path: Path, name: str, report: ImportReport, user: Any) -> None:
    from .models import ImportRun

    ImportRun.objects.create(
        kind=kind,
        file_name=name,
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        user=user if getattr(user, "pk", None) else None,
        dry_run=report.dry_run,
        created=len(report.created),
        updated=len(report.updated),
        unchanged=len(report.unchanged),
    )


class Faults:
    """Collects faults against one file's rows."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[Fault] = []

    def add(self, row: Row, column: str, value: object, message: str) -> None:
        shown = None if value is None else str(value)
        self.items.append(Fault(self.file, message, row.sheet, row.number, column, shown))


RowToFields = Callable[[Row, Faults], dict[str, Any] | None]


@dataclass(frozen=True)
class SimpleSheet:
    """A sheet whose rows upsert one model by a key column, with no child rows."""

    spec: SheetSpec
    model: type[models.Model]
    key: str
    to_fields: RowToFields
    after_save: Callable[[models.Model, Row], bool] | None = None
    """Stores what the row says beyond the model's own fields; returns whether it changed."""


def import_simple(
    kind: str,
    path: Path,
    sheets: Sequence[SimpleSheet],
    *,
    user: Any = None,
    dry_run: bool = False,
    display_name: str | None = None,
    sheet: str | None = None,
) -> ImportReport:
    """Import sheets in order; each later sheet may refer to rows of an earlier one."""
    name = display_name or path.name
    specs = choose_sheets(path, [simple.spec for simple in sheets], sheet)
    table = read_file(path, specs, name)
    if table.faults:
        raise ImportFailed(in_file_order(table.faults, specs))
    report = ImportReport(file=name, dry_run=dry_run)
    with transaction.atomic():
        faults = Faults(name)
        for simple in sheets:
            if simple.spec.name in table.present:
                _upsert_sheet(simple, table.rows.get(simple.spec.name, []), faults, report, user)
        if faults.items:
            transaction.set_rollback(True)
            raise ImportFailed(in_file_order(faults.items, specs))
        record_run(kind, path, name, report, user)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _upsert_sheet(
    simple: SimpleSheet, rows: list[Row], faults: Faults, report: ImportReport, user: Any
) -> None:
    seen: dict[str, int] = {}
    manager = simple.model._default_manager
    for row in rows:
        key = row.values.get(simple.key)
        if key is None:
            continue
        if key in seen:
            faults.add(
                row,
                simple.key,
                key,
                f"'{key}' is already on row {seen[key]}. "
                "Each row needs its own code; remove or correct the repeated row.",
            )
            continue
        seen[key] = row.number
        fields = simple.to_fields(row, faults)
        if fields is None:
            continue
        instance = manager.filter(**{simple.key: key}).first()
        created = instance is None
        if instance is None:
            instance = simple.model(**{simple.key: key}, **fields)
        changed = created or _changed(instance, fields)
        if changed:
            instance._history_user = user  # type: ignore[attr-defined]
            instance.save()
        if simple.after_save and simple.after_save(instance, row):
            changed = True
        outcome = report.created if created else report.updated if changed else report.unchanged
        outcome.append(key)


def _changed(instance: models.Model, fields: dict[str, Any]) -> bool:
    changed = False
    for name, value in fields.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


@dataclass(frozen=True)
class Importer:
    """An import kind offered by ``localgrowth import KIND FILE``."""

    kind: str
    run: Callable[..., ImportReport]
    sheets: Sequence[SheetSpec]
    description: str
    blank_template: bool = True
    """Whether ``localgrowth template KIND`` and /templates/ offer a blank template and
    docs/data-formats.md describes it. A workbook made for one record (a project's quarterly
    return) has a command of its own and its own documentation instead."""


IMPORTERS: dict[str, Importer] = {}


def templated_importers() -> dict[str, Importer]:
    """The import kinds that have a blank template, by kind."""
    return {kind: importer for kind, importer in IMPORTERS.items() if importer.blank_template}


def register(importer: Importer) -> None:
    """Each app registers its importers when it is ready, so the command needs no imports."""
    IMPORTERS[importer.kind] = importer
