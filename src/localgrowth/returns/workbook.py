"""The return workbook for a project and quarter: pre-filled with the project's reference data
and current profile, reference cells locked, input cells open, dropdowns for every choice."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from localgrowth.domain.returns import (
    ABOUT,
    ABOUT_LABELS,
    BASIS,
    HEADER_ROW,
    INPUT_ROWS,
    MILESTONE_STATUS,
    MILESTONES,
    OUTPUTS,
    RISK_STATUS,
    RISKS,
    SIGN_OFF,
    SIGN_OFF_LABELS,
    SPEND,
    TABLE_COLUMNS,
    Quarter,
)
from localgrowth.projects.models import OutputType, Project

from .models import Return, ReturnStatus

MONEY_FORMAT = "£#,##0.00"
NUMBER_FORMAT = "#,##0.##"
DATE_FORMAT = "dd/mm/yyyy"
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
HEADING_FILL = PatternFill("solid", fgColor="D9E2F3")
OPEN = Protection(locked=False)
WIDTHS = {
    SPEND: (16, 20, 18),
    OUTPUTS: (28, 14, 12, 20, 14),
    MILESTONES: (48, 16, 16, 16, 14),
    RISKS: (48, 18, 16, 24, 48, 12),
}
INSTRUCTIONS = [
    "How to complete this return",
    "Fill in the yellow cells only; the other cells are locked. Do not rename, add or remove "
    "sheets, and do not move the headings.",
    "Spend: one row for each financial year and basis (forecast or actual), in pounds. Actual "
    "spend to date cannot be more than the grant, and cannot be less than in the last approved "
    "return.",
    "Outputs: choose the output type from the list; give its unit as listed here; leave the "
    "period empty for a whole-life figure.",
    "Milestones: a milestone that is not complete needs a forecast date after the quarter ends; "
    "a complete one needs its actual date.",
    "Risks: score likelihood and impact from 1 (lowest) to 5 (highest). A risk scoring 15 or "
    "more needs a mitigation; an open risk needs an owner.",
    "Sign-off: the officer responsible gives their name, role and the date, on or after the "
    "quarter's end. Add the narrative for the quarter there too.",
    "Type values, not formulas. Send the workbook back to the programme team, who will upload "
    "it; every problem found is reported at once with its sheet and cell.",
]


def quarter_workbook(project: Project, quarter: Quarter) -> Workbook:
    """The return workbook for ``project`` and ``quarter``."""
    workbook = Workbook()
    for default in list(workbook.worksheets):
        workbook.remove(default)
    previous = _latest_return(project)
    _about(workbook.create_sheet(ABOUT), project, quarter)
    spend = [
        (line.financial_year, line.basis, line.amount)
        for line in project.spend.order_by("financial_year", "basis")
    ]
    if previous is not None:
        spend = [
            (line.financial_year, line.basis, line.amount)
            for line in previous.spend.order_by("financial_year", "basis")
        ]
    _table(workbook.create_sheet(SPEND), SPEND, spend)
    units = project_output_units(project)
    outputs = [
        (line.output_type.code, line.output_type.unit, line.period, line.basis, line.value)
        for line in project.outputs.select_related("output_type")
    ]
    if previous is not None:
        outputs = [
            (line.output_type.code, line.output_type.unit, line.period, line.basis, line.value)
            for line in previous.outputs.select_related("output_type")
        ]
    _table(workbook.create_sheet(OUTPUTS), OUTPUTS, outputs)
    milestones: list[tuple[Any, ...]] = []
    risks: list[tuple[Any, ...]] = []
    if previous is not None:
        milestones = [
            (m.name, m.baseline_date, m.forecast_date, m.actual_date, MILESTONE_STATUS[m.status])
            for m in previous.milestones.all()
        ]
        risks = [
            (r.description, r.likelihood, r.impact, r.owner, r.mitigation, RISK_STATUS[r.status])
            for r in previous.risks.all()
        ]
    _table(workbook.create_sheet(MILESTONES), MILESTONES, milestones)
    _table(workbook.create_sheet(RISKS), RISKS, risks)
    _sign_off(workbook.create_sheet(SIGN_OFF))
    _validations(workbook, units)
    return workbook


def write_quarter_workbook(project: Project, quarter: Quarter, path: Path) -> Path:
    quarter_workbook(project, quarter).save(path)
    return path


def project_output_units(project: Project) -> dict[str, str]:
    """The output types a project may report, code -> unit: those in its output lines, or
    every output type when it has none yet."""
    types = OutputType.objects.filter(lines__project=project).distinct()
    if not types.exists():
        types = OutputType.objects.all()
    return {output_type.code: output_type.unit for output_type in types.order_by("code")}


def _latest_return(project: Project) -> Return | None:
    """The return the workbook starts from: the latest approved one."""
    return (
        Return.objects.filter(project=project, status=ReturnStatus.APPROVED)
        .order_by("-financial_year", "-quarter", "-version")
        .first()
    )


def _about(sheet: Worksheet, project: Project, quarter: Quarter) -> None:
    sheet["A1"] = f"Quarterly monitoring return: {project.reference}, {quarter.label}"
    sheet["A1"].font = Font(bold=True, size=14)
    values: dict[str, Any] = {
        "reference": project.reference,
        "title": project.title,
        "grant": project.grant,
        "quarter": quarter.label,
        "quarter_end": quarter.end,
    }
    for key, (row, label) in ABOUT_LABELS.items():
        sheet.cell(row=row, column=1, value=label).font = Font(bold=True)
        cell = sheet.cell(row=row, column=2, value=values[key])
        if key == "grant":
            cell.number_format = MONEY_FORMAT
        elif key == "quarter_end":
            cell.number_format = DATE_FORMAT
        cell.alignment = Alignment(horizontal="left")
    start = max(row for row, _ in ABOUT_LABELS.values()) + 2
    for offset, text in enumerate(INSTRUCTIONS):
        cell = sheet.cell(row=start + offset, column=1, value=text)
        if offset == 0:
            cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 60
    sheet.protection.sheet = True


def _table(sheet: Worksheet, name: str, rows: Sequence[Sequence[Any]]) -> None:
    headings = TABLE_COLUMNS[name]
    for index, heading in enumerate(headings, start=1):
        top = sheet.cell(row=HEADER_ROW, column=index, value=heading)
        top.font = Font(bold=True)
        top.fill = HEADING_FILL
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS[name][index - 1]
    for offset, values in enumerate(rows, start=1):
        for index, value in enumerate(values, start=1):
            sheet.cell(row=HEADER_ROW + offset, column=index, value=_plain(value))
    for row in range(HEADER_ROW + 1, HEADER_ROW + 1 + INPUT_ROWS):
        for index, heading in enumerate(headings, start=1):
            field = sheet.cell(row=row, column=index)
            field.protection = OPEN
            field.fill = INPUT_FILL
            if "(£)" in heading:
                field.number_format = MONEY_FORMAT
            elif heading.endswith("date"):
                field.number_format = DATE_FORMAT
            elif heading == "Value":
                field.number_format = NUMBER_FORMAT
            elif heading in ("Financial year", "Period"):
                field.number_format = "@"
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.protection.sheet = True
    sheet.protection.formatRows = False
    sheet.protection.insertRows = False
    sheet.protection.deleteRows = False


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if value == "":
        return None
    return value


def _sign_off(sheet: Worksheet) -> None:
    sheet["A1"] = "Sign-off"
    sheet["A1"].font = Font(bold=True, size=14)
    for key, (row, label) in SIGN_OFF_LABELS.items():
        sheet.cell(row=row, column=1, value=label).font = Font(bold=True)
        cell = sheet.cell(row=row, column=2)
        cell.protection = OPEN
        cell.fill = INPUT_FILL
        if key == "date":
            cell.number_format = DATE_FORMAT
        if key == "narrative":
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.row_dimensions[row].height = 150
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 90
    sheet.protection.sheet = True


def _rows(column: str) -> str:
    return f"{column}{HEADER_ROW + 1}:{column}{HEADER_ROW + INPUT_ROWS}"


def _list(values: list[str], title: str, prompt: str) -> DataValidation:
    validation = DataValidation(
        type="list", formula1='"' + ",".join(values) + '"', allow_blank=True
    )
    validation.error = f"Choose one of: {', '.join(values)}."
    validation.errorTitle = title
    validation.prompt = prompt
    validation.showErrorMessage = True
    validation.showInputMessage = True
    return validation


def _validations(workbook: Workbook, units: dict[str, str]) -> None:
    basis = list(BASIS)
    spend = workbook[SPEND]
    choice = _list(basis, "Forecast or actual", "forecast or actual")
    spend.add_data_validation(choice)
    choice.add(_rows("B"))
    amount = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
    amount.error = "Write the amount in pounds, 0 or more."
    amount.showErrorMessage = True
    spend.add_data_validation(amount)
    amount.add(_rows("C"))

    outputs = workbook[OUTPUTS]
    kinds = _list(list(units), "Output type", "One of this project's output types.")
    outputs.add_data_validation(kinds)
    kinds.add(_rows("A"))
    unit_list = _list(sorted(set(units.values())), "Unit", "The output type's unit.")
    outputs.add_data_validation(unit_list)
    unit_list.add(_rows("B"))
    choice = _list(basis, "Forecast or actual", "forecast or actual")
    outputs.add_data_validation(choice)
    choice.add(_rows("D"))

    milestones = workbook[MILESTONES]
    for column in "BCD":
        when = DataValidation(type="date", operator="greaterThan", formula1="32874")
        when.error = "Write a date, such as 31/03/2021."
        when.showErrorMessage = True
        milestones.add_data_validation(when)
        when.add(_rows(column))
    status = _list(list(MILESTONE_STATUS.values()), "Status", "Where the milestone stands.")
    milestones.add_data_validation(status)
    status.add(_rows("E"))

    risks = workbook[RISKS]
    scores = _list(["1", "2", "3", "4", "5"], "Score", "1 (lowest) to 5 (highest).")
    risks.add_data_validation(scores)
    scores.add(_rows("B"))
    scores.add(_rows("C"))
    status = _list(list(RISK_STATUS.values()), "Status", "Open or Closed.")
    risks.add_data_validation(status)
    status.add(_rows("F"))

    sign_off = workbook[SIGN_OFF]
    signed = DataValidation(type="date", operator="greaterThan", formula1="32874")
    signed.error = "Write a date, such as 30/04/2020."
    signed.showErrorMessage = True
    sign_off.add_data_validation(signed)
    signed.add(f"B{SIGN_OFF_LABELS['date'][0]}")
