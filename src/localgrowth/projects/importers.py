"""Import the project register from CSV or XLSX.

Every problem in the file is reported at once, each with its file, sheet, row, column and value;
nothing is stored unless the whole file is valid, and then all of it is stored in one transaction.
Re-importing the same file changes nothing; a changed row updates exactly that project.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import transaction

from localgrowth.core.importing import (
    ImportFailed,
    ImportReport,
    choose_sheets,
    in_file_order,
    read_file,
    record_run,
)
from localgrowth.domain.tabular import Row

from . import import_apply, import_plan
from .template import PROJECT_SHEETS


def import_projects(
    path: Path,
    *,
    user: Any = None,
    dry_run: bool = False,
    display_name: str | None = None,
    sheet: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Validate the whole file, then store it in one transaction (or roll back on a dry run)."""
    name = display_name or path.name
    specs = choose_sheets(path, PROJECT_SHEETS, sheet)
    table = read_file(path, specs, name)
    rows: dict[str, list[Row] | None] = {spec.name: None for spec in PROJECT_SHEETS}
    rows.update({name: table.rows.get(name, []) for name in table.present})
    plan = import_plan.plan_changes(name, rows, import_plan.Lookups.load())
    faults = table.faults + plan.faults
    if faults:
        raise ImportFailed(in_file_order(faults, specs))
    report = ImportReport(file=name, dry_run=dry_run)
    with transaction.atomic():
        import_apply.apply(plan, report, user=user, progress=progress)
        record_run("projects", path, name, report, user)
        if dry_run:
            transaction.set_rollback(True)
    return report
