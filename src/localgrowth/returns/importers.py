"""``localgrowth import returns FILE``: read a return workbook, check it in layers, and store it
as a new submitted version in one transaction; nothing is stored when any fault exists."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from openpyxl import load_workbook

from localgrowth.core.importing import ImportFailed, ImportReport, record_run
from localgrowth.domain.returns import (
    ABOUT,
    ABOUT_LABELS,
    OUTPUTS,
    SHEETS,
    SIGN_OFF,
    TABLE_COLUMNS,
    VALUE_COLUMN,
    Faults,
    Grid,
    ProjectFacts,
    Quarter,
    ReturnContent,
    Rule,
    check_rules,
    read_content,
)
from localgrowth.domain.tabular import Column, Fault, SheetSpec
from localgrowth.projects.models import OutputType, Project

from .csv_input import read_csv
from .models import (
    Return,
    ReturnMilestone,
    ReturnOutput,
    ReturnRisk,
    ReturnSpend,
    ReturnStatus,
)
from .workbook import project_output_units

RETURN_SHEETS = [
    SheetSpec(
        ABOUT,
        [Column(label, str) for _, label in ABOUT_LABELS.values()],
        description="Filled in by localgrowth and locked: the project and the quarter. Labels in "
        "column A, values in column B.",
    ),
    *[
        SheetSpec(name, [Column(heading, str, required=True) for heading in headings])
        for name, headings in TABLE_COLUMNS.items()
    ],
    SheetSpec(
        SIGN_OFF,
        [Column(label, str) for label in ("Name", "Role", "Date signed", "Narrative")],
        description="Labels in column A, values in column B.",
    ),
]

NOT_A_WORKBOOK = (
    "The file could not be opened as an Excel workbook: it may be damaged, password-protected "
    "or not an .xlsx file. Save it as an Excel Workbook (.xlsx) and try again."
)


def read_workbook(path: Path, name: str, faults: Faults) -> ReturnContent | None:
    """The return's content with structure and type faults recorded; None if unreadable."""
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        return read_csv(path, name, faults)
    if suffix != ".xlsx":
        faults.add(
            Rule.UNREADABLE,
            "A return is an Excel workbook (.xlsx) or its CSV form, made by localgrowth "
            "return-workbook. Save the file as an Excel Workbook (.xlsx), or as CSV UTF-8 in "
            "the return's CSV form (see docs/returns.md).",
        )
        return None
    if path.stat().st_size > settings.LOCALGROWTH_MAX_UPLOAD_BYTES:
        faults.add(Rule.UNREADABLE, "The file is larger than uploads allow. Remove extra content.")
        return None
    try:
        workbook = load_workbook(path, data_only=False, keep_links=False)
    except Exception:  # openpyxl raises many kinds of error for a damaged file
        faults.add(Rule.UNREADABLE, NOT_A_WORKBOOK)
        return None
    present = [sheet.title for sheet in workbook.worksheets if sheet.sheet_state == "visible"]
    grids: dict[str, Grid] = {}
    for worksheet in workbook.worksheets:
        if worksheet.title not in SHEETS:
            continue
        grid: Grid = {}
        for row in worksheet.iter_rows():
            for cell in row:
                if cell.value is not None and cell.value != "":
                    grid[(cell.row, cell.column)] = cell.value
        grids[worksheet.title] = grid
    workbook.close()
    return read_content(grids, present, faults)


def project_facts(project: Project, quarter: Quarter) -> ProjectFacts:
    """What the cross-sheet rules need: the grant, the project's outputs and the actual spend
    in its latest approved return for an earlier or the same quarter."""
    up_to_quarter = Q(financial_year__lt=quarter.financial_year) | Q(
        financial_year=quarter.financial_year, quarter__lte=quarter.number
    )
    approved = (
        Return.objects.filter(up_to_quarter, project=project, status=ReturnStatus.APPROVED)
        .order_by("-financial_year", "-quarter", "-version")
        .first()
    )
    actuals: dict[str, Decimal] = {}
    label = ""
    if approved is not None:
        label = f"{approved.quarter_label}, version {approved.version}"
        actuals = {
            line.financial_year: line.amount for line in approved.spend.filter(basis="actual")
        }
    return ProjectFacts(project.grant, project_output_units(project), actuals, label)


def check_references(
    content: ReturnContent, faults: Faults
) -> tuple[Project | None, Quarter | None]:
    """Layer 3: the project and quarter on the About sheet; output types known."""
    project = None
    reference_row = ABOUT_LABELS["reference"][0]
    if content.reference is not None:
        project = Project.objects.filter(reference=content.reference).first()
        if project is None:
            faults.add(
                Rule.PROJECT,
                f"There is no project with the reference '{content.reference}'. The About sheet "
                "is filled in by localgrowth: download the return workbook for the project "
                "again, or ask the programme team to add the project to the register.",
                ABOUT,
                reference_row,
                VALUE_COLUMN,
                content.reference,
            )
    if project is not None and content.title is not None and content.title != project.title:
        row = ABOUT_LABELS["title"][0]
        faults.add(
            Rule.TITLE,
            f"The title '{content.title}' is not the title of {project.reference} "
            f"('{project.title}'). The workbook may be for another project: download the "
            "return workbook for this project again.",
            ABOUT,
            row,
            VALUE_COLUMN,
            content.title,
        )
    quarter = content.quarter
    if (
        quarter is not None
        and content.quarter_end is not None
        and content.quarter_end != quarter.end
    ):
        row = ABOUT_LABELS["quarter_end"][0]
        faults.add(
            Rule.QUARTER_END,
            f"{quarter.label} ends on {quarter.end:%d/%m/%Y}, not {content.quarter_end:%d/%m/%Y}. "
            "The About sheet has been changed: download the return workbook for the quarter "
            "again.",
            ABOUT,
            row,
            VALUE_COLUMN,
            content.quarter_end,
        )
    if project is not None and quarter is not None:
        approved = Return.objects.filter(
            project=project,
            financial_year=quarter.financial_year,
            quarter=quarter.number,
            status=ReturnStatus.APPROVED,
        ).first()
        if approved is not None:
            faults.add(
                Rule.APPROVED,
                f"The return of {project.reference} for {quarter.label} was approved (version "
                f"{approved.version}), so no new version can be submitted. Report changes in the "
                "next quarter's return.",
                ABOUT,
                ABOUT_LABELS["quarter"][0],
                VALUE_COLUMN,
                quarter.label,
            )
    known = set(OutputType.objects.values_list("code", flat=True))
    for item in list(content.outputs):
        if item.output_type not in known:
            faults.add(
                Rule.OUTPUT_TYPE,
                f"'{item.output_type}' is not an output type. Choose one from the list in the "
                "cell: " + ", ".join(sorted(known)) + ".",
                OUTPUTS,
                item.row,
                "A",
                item.output_type,
            )
            content.outputs.remove(item)
    return project, quarter


def validate(path: Path, name: str) -> tuple[ReturnContent, Project, Quarter]:
    """Every fault of every layer at once, as ImportFailed; or the valid return."""
    faults = Faults(name)
    content = read_workbook(path, name, faults)
    project = quarter = None
    if content is not None:
        project, quarter = check_references(content, faults)
        if project is not None and quarter is not None:
            check_rules(content, quarter, project_facts(project, quarter), faults)
    if faults.items or content is None or project is None or quarter is None:
        raise ImportFailed(in_order(faults.items))
    return content, project, quarter


def in_order(faults: list[Any]) -> list[Fault]:
    order = {sheet: index for index, sheet in enumerate(SHEETS)}

    def key(fault: Fault) -> tuple[int, int, str]:
        return (order.get(fault.sheet or "", -1), fault.row or 0, fault.column or "")

    return sorted(faults, key=key)


def import_returns(
    path: Path,
    *,
    user: Any = None,
    dry_run: bool = False,
    display_name: str | None = None,
    sheet: str | None = None,
) -> ImportReport:
    """Check the workbook, then store it as the next submitted version of its return."""
    name = display_name or path.name
    report = ImportReport(file=name, dry_run=dry_run)
    with transaction.atomic():
        content, project, quarter = validate(path, name)
        Project.objects.select_for_update().filter(pk=project.pk).first()
        stored = store(content, project, quarter, user, path, name)
        report.created.append(str(stored))
        record_run("returns", path, name, report, user)
        if dry_run:
            transaction.set_rollback(True)
    return report


def store(
    content: ReturnContent, project: Project, quarter: Quarter, user: Any, path: Path, name: str
) -> Return:
    """The return as a new submitted version (call inside a transaction)."""
    who = user if getattr(user, "pk", None) else None
    latest = (
        Return.objects.filter(
            project=project, financial_year=quarter.financial_year, quarter=quarter.number
        )
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    stored = Return(
        project=project,
        financial_year=quarter.financial_year,
        quarter=quarter.number,
        period_end=quarter.end,
        version=(latest or 0) + 1,
        status=ReturnStatus.SUBMITTED,
        submitted_at=timezone.now(),
        submitted_by=who,
        sign_off_name=content.sign_off_name or "",
        sign_off_role=content.sign_off_role or "",
        sign_off_date=content.sign_off_date,
        narrative=content.narrative,
        source_file=name[:300],
        source_sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
    )
    children: list[Any] = [stored]
    for spend in content.spend:
        children.append(
            ReturnSpend(
                quarterly_return=stored,
                financial_year=spend.financial_year,
                basis=spend.basis,
                amount=spend.amount,
            )
        )
    types = {t.code: t for t in OutputType.objects.all()}
    for output in content.outputs:
        children.append(
            ReturnOutput(
                quarterly_return=stored,
                output_type=types[output.output_type],
                period=output.period,
                basis=output.basis,
                value=output.value,
            )
        )
    for position, milestone in enumerate(content.milestones, start=1):
        children.append(
            ReturnMilestone(
                quarterly_return=stored,
                position=position,
                name=milestone.name,
                baseline_date=milestone.baseline_date,
                forecast_date=milestone.forecast_date,
                actual_date=milestone.actual_date,
                status=milestone.status,
            )
        )
    for position, risk in enumerate(content.risks, start=1):
        children.append(
            ReturnRisk(
                quarterly_return=stored,
                position=position,
                description=risk.description,
                likelihood=risk.likelihood,
                impact=risk.impact,
                owner=risk.owner,
                mitigation=risk.mitigation,
                status=risk.status,
            )
        )
    for instance in children:
        instance._history_user = who
        instance.save()
    return stored
