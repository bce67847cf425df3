"""The programme report as an XLSX workbook: the figures of ``programme_position``, one sheet a
topic.

Every sheet starts with its title, the programme and the date the position is worked out at
(the "as at" stamp) with where the figures come from, and whether any figure on it is
illustrative; the table follows from row 5, one heading row then one row an item. Figures are
numbers (money with pence, to be added up), never text; a figure not recorded is an empty cell.
The PDF report (``localgrowth.staff.report_pdf``) draws the same position with its charts.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from localgrowth.domain import rag

from .monitoring import MeasureTrajectory, ProgrammePosition

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEETS = (
    "Summary",
    "Spend by year",
    "Spend by quarter",
    "Outputs",
    "Projects (RAG)",
    "Late returns",
    "Risks",
    "Trajectory",
    "Sources",
)
HEADER_ROW = 5
MONEY = "£#,##0.00"
COUNT = "#,##0"
FIGURE = "#,##0.##"
SHARE = "0.0%"
DAY = "d mmmm yyyy"
ILLUSTRATIVE = "Illustrative"
OGL = (
    "Published figures: contains public sector information licensed under the Open Government "
    "Licence v3.0, https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
)
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")

Column = tuple[str, str | None, int]
"""A column's heading, number format (None for text) and width."""


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _number(value: Decimal | float | int | None) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _start(
    sheet: Worksheet, title: str, position: ProgrammePosition, produced_on: date, illustrative: bool
) -> None:
    sheet["A1"] = title
    sheet["A1"].font = TITLE
    sheet["A2"] = (
        f"{position.programme.name}: position as at {_long(position.as_at)}, from the register "
        f"and the approved monitoring returns (localgrowth); produced on {_long(produced_on)}."
    )
    sheet["A2"].data_type = "s"
    sheet["A3"] = (
        "Illustrative: some figures on this sheet come from returns generated for a "
        "demonstration, not reported by the projects; they are marked in the 'Illustrative' "
        "column."
        if illustrative
        else "No figure on this sheet is illustrative."
    )
    if illustrative:
        sheet["A3"].font = BOLD


def _table(
    sheet: Worksheet, columns: Sequence[Column], rows: Iterable[Sequence[Any]], start: int = 0
) -> int:
    """The table from the heading row; returns the number of rows written."""
    top = start or HEADER_ROW
    for index, (heading, _format, width) in enumerate(columns, start=1):
        cell = sheet.cell(row=top, column=index, value=heading)
        cell.font = BOLD
        cell.alignment = WRAP
        sheet.column_dimensions[get_column_letter(index)].width = width
    count = 0
    for count, values in enumerate(rows, start=1):
        for index, (value, (_heading, number_format, _width)) in enumerate(
            zip(values, columns, strict=True), start=1
        ):
            cell = sheet.cell(row=top + count, column=index, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text from a return or the register, never a formula
            if number_format and value is not None and not isinstance(value, str):
                cell.number_format = number_format
            elif isinstance(value, str) and len(value) > 40:
                cell.alignment = WRAP
    if start == 0:
        sheet.freeze_panes = f"A{top + 1}"
    return count


def _flag(illustrative: bool) -> str:
    return ILLUSTRATIVE if illustrative else ""


# Sheets ----------------------------------------------------------------------------------------


def _summary(sheet: Worksheet, position: ProgrammePosition, produced_on: date) -> None:
    _start(sheet, "Programme position: summary", position, produced_on, position.illustrative)
    counts = position.ratings
    rows: list[tuple[str, Any, str | None]] = [
        ("Programme", position.programme.name, None),
        ("Position as at", position.as_at, DAY),
        ("Produced on", produced_on, DAY),
        ("Projects monitored", len(position.projects), COUNT),
        ("Projects in the pipeline or withdrawn (not monitored)", position.not_monitored, COUNT),
        ("Grant to the projects monitored (£)", _number(position.grant), MONEY),
        ("Spend profile to date, current baseline (£)", _number(position.profile_to_date), MONEY),
        (
            "Spend profile to date, original baseline (£)",
            _number(position.original_profile_to_date),
            MONEY,
        ),
        ("Actual spend to date (£)", _number(position.actual_to_date), MONEY),
        (
            "Spend profile, every year, current baseline (£)",
            _number(position.baseline_total),
            MONEY,
        ),
        (
            "Spend profile, every year, original baseline (£)",
            _number(position.original_total),
            MONEY,
        ),
        ("Latest forecast spend, every year (£)", _number(position.latest_forecast_total), MONEY),
        ("Projects rated red", counts["red"], COUNT),
        ("Projects rated amber", counts["amber"], COUNT),
        ("Projects rated green", counts["green"], COUNT),
        ("Returns overdue", len(position.late_returns), COUNT),
        ("Projects with a return overdue", position.projects_late, COUNT),
        ("Open risks in the latest approved returns", position.open_risks, COUNT),
        ("Approved returns used", position.returns_used, COUNT),
    ]
    for item in position.trajectories:
        result = item.result
        rows += [
            (f"{item.name}: target", _number(item.target), FIGURE),
            (f"{item.name}: target date", item.deadline, DAY),
            (f"{item.name}: delivered to date", result.delivered_to_date, FIGURE),
            (f"{item.name}: delivered to date comes from", _basis(item), None),
            (f"{item.name}: delivered as a share of the target", result.share_of_target, SHARE),
            (f"{item.name}: forecast at completion", result.forecast_at_completion, FIGURE),
        ]
        if result.at_deadline is not None:
            rows += [
                (f"{item.name}: projected by the target date", result.at_deadline.central, FIGURE),
                (f"{item.name}: projection range, low", result.at_deadline.low, FIGURE),
                (f"{item.name}: projection range, high", result.at_deadline.high, FIGURE),
            ]
        rows.append((f"{item.name}: past forecasts behind the range", result.ratios_used, COUNT))
    _table(
        sheet,
        [("Measure", None, 60), ("Figure", None, 40)],
        [(label, value) for label, value, _format in rows],
    )
    for offset, (_label, value, number_format) in enumerate(rows, start=HEADER_ROW + 1):
        if number_format and value is not None:
            sheet.cell(row=offset, column=2).number_format = number_format
    note = HEADER_ROW + len(rows) + 2
    sheet.cell(row=note, column=1, value="How ratings are worked out").font = BOLD
    rules = position.rules
    origin = (
        "These are the programme's rules."
        if position.rules_stored
        else "No rules are set for this programme: these are the default rules."
    )
    if position.rules_problem:
        origin = f"The stored rules cannot be used ({position.rules_problem}); the defaults are."
    sentences = [origin, *rag.describe(rules)]
    for offset, sentence in enumerate(sentences, start=note + 1):
        sheet.cell(row=offset, column=1, value=sentence)


def _basis(item: MeasureTrajectory) -> str:
    if item.delivered_basis == "snapshots":
        latest = item.dated_snapshots[-1]
        assert latest.as_at is not None
        return f"Published figure of {_long(latest.as_at)}"
    if item.delivered_basis == "returns":
        return "Approved monitoring returns"
    return "Nothing delivered is recorded"


def _spend_by_year(sheet: Worksheet, position: ProgrammePosition, produced_on: date) -> None:
    _start(sheet, "Spend by financial year", position, produced_on, position.illustrative)
    _table(
        sheet,
        [
            ("Financial year", None, 14),
            ("Profile, current baseline (£)", MONEY, 22),
            ("Profile, original baseline (£)", MONEY, 22),
            ("Actual (£)", MONEY, 22),
            ("Latest forecast (£)", MONEY, 22),
        ],
        [
            (
                row.financial_year,
                _number(row.baseline),
                _number(row.original),
                _number(row.actual),
                _number(row.latest_forecast),
            )
            for row in position.spend_by_year
        ],
    )


def _spend_by_quarter(sheet: Worksheet, position: ProgrammePosition, produced_on: date) -> None:
    rows = position.spend_by_quarter
    _start(
        sheet,
        "Cumulative spend at each quarter's end",
        position,
        produced_on,
        any(row.illustrative for row in rows),
    )
    _table(
        sheet,
        [
            ("Quarter", None, 12),
            ("Quarter ends", DAY, 18),
            ("Profile, current baseline (£)", MONEY, 22),
            ("Profile, original baseline (£)", MONEY, 22),
            ("Actual, approved returns (£)", MONEY, 22),
            ("Projects reporting", COUNT, 12),
            ("Illustrative", None, 12),
        ],
        [
            (
                row.label,
                row.end,
                _number(row.profile),
                _number(row.original),
                _number(row.actual),
                row.reporting,
                _flag(row.illustrative),
            )
            for row in rows
        ],
    )


def _outputs(sheet: Worksheet, position: ProgrammePosition, produced_on: date) -> None:
    _start(
        sheet,
        "Outputs against forecast, gross and net",
        position,
        produced_on,
        any(o.illustrative for o in position.outputs),
    )
    rows = []
    for output in position.outputs:
        assumptions = output.additionality
        shares: list[Any] = [None] * 6
        basis = "No assumptions set: net outputs are not available"
        if assumptions is not None:
            a = assumptions.assumptions
            shares = [a.deadweight, a.displacement, a.leakage, a.substitution, a.multiplier]
            shares.append(a.factor)
            basis = assumptions.basis
        rows.append(
            (
                output.code,
                output.name,
                output.unit,
                output.projects,
                _number(output.baseline),
                _number(output.original),
                _number(output.actual),
                _number(output.forecast),
                output.net_actual,
                output.net_forecast,
                *shares,
                basis,
                _flag(output.illustrative),
            )
        )
    _table(
        sheet,
        [
            ("Output code", None, 18),
            ("Output", None, 22),
            ("Unit", None, 10),
            ("Projects", COUNT, 10),
            ("Baseline, current", FIGURE, 14),
            ("Baseline, original", FIGURE, 14),
            ("Gross delivered to date", FIGURE, 14),
            ("Gross forecast at completion", FIGURE, 14),
            ("Net delivered to date", FIGURE, 14),
            ("Net forecast at completion", FIGURE, 14),
            ("Deadweight", SHARE, 12),
            ("Displacement", SHARE, 12),
            ("Leakage", SHARE, 12),
            ("Substitution", SHARE, 12),
            ("Multiplier", "0.00", 12),
            ("Net as a share of gross", "0.0%", 12),
            ("Basis of the assumptions", None, 50),
            ("Illustrative", None, 12),
        ],
        rows,
    )


def _projects(sheet: Worksheet, position: ProgrammePosition, produced_on: date) -> None:
    _start(sheet, "Projects and their ratings", position, produced_on, position.illustrative)
    rows = []
    for project in position.projects:
        latest = project.latest_return
        outputs = "; ".join(
            f"{o.code}: baseline {_plain(o.baseline)}, original {_plain(o.original)}, "
            f"actual {_plain(o.actual)}, forecast {_plain(o.forecast)}"
            for o in project.outputs
        )
        rows.append(
            (
                project.reference,
                project.title,
                project.status_label,
                project.rating.colour.capitalize(),
                " ".join(project.rating.reasons) or "Every rule is green.",
                _number(project.grant),
                _number(project.profile_to_date),
                _number(project.original_profile_to_date),
                _number(project.actual_to_date),
                project.spend_reported_to,
                _number(project.profile_reported),
                _number(project.actual_reported),
                _number(project.latest_forecast_total),
                outputs,
                max(project.milestone_slips_days, default=None),
                max(project.open_risk_scores, default=None),
                len(project.late_returns),
                project.days_overdue,
                f"{latest.label} v{latest.version}" if latest else "None approved",
                _flag(project.illustrative),
            )
        )
    _table(
        sheet,
        [
            ("Reference", None, 14),
            ("Title", None, 40),
            ("Status", None, 14),
            ("Rating", None, 10),
            ("Reasons", None, 60),
            ("Grant (£)", MONEY, 18),
            ("Profile to date, current baseline (£)", MONEY, 18),
            ("Profile to date, original baseline (£)", MONEY, 18),
            ("Actual spend to date (£)", MONEY, 18),
            ("Spend compared to", DAY, 16),
            ("Profile to that date (£)", MONEY, 18),
            ("Actual to that date (£)", MONEY, 18),
            ("Latest forecast spend, every year (£)", MONEY, 18),
            ("Outputs", None, 60),
            ("Worst milestone slip (days)", COUNT, 12),
            ("Highest open risk score", COUNT, 12),
            ("Returns overdue", COUNT, 12),
            ("Latest return due: days overdue", COUNT, 14),
            ("Latest approved return", None, 18),
            ("Illustrative", None, 12),
        ],
        rows,
    )


def _plain(value: Decimal | None) -> str:
    if value is None:
        return "not recorded"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _late(sheet: Worksheet, position: ProgrammePosition, produced_on: date) -> None:
    _start(sheet, "Late returns", position, produced_on, False)
    _table(
        sheet,
        [
            ("Reference", None, 14),
            ("Title", None, 40),
            ("Quarter", None, 12),
            ("Quarter ends", DAY, 16),
            ("Due", DAY, 16),
            ("Days overdue", COUNT, 12),
        ],
        [
            (
                late.reference,
                late.title,
                late.quarter_label,
                late.quarter.end,
                late.due,
                late.days_overdue,
            )
            for late in position.late_returns
        ],
    )


def _risks(sheet: Worksheet, position: ProgrammePosition, produced_on: date) -> None:
    _start(
        sheet,
        f"Top {len(position.top_risks)} open risks of {position.open_risks}",
        position,
        produced_on,
        any(r.illustrative for r in position.top_risks),
    )
    _table(
        sheet,
        [
            ("Score", COUNT, 8),
            ("Likelihood", COUNT, 10),
            ("Impact", COUNT, 10),
            ("Reference", None, 14),
            ("Title", None, 30),
            ("Risk", None, 50),
            ("Owner", None, 20),
            ("Mitigation", None, 50),
            ("Return", None, 18),
            ("Illustrative", None, 12),
        ],
        [
            (
                risk.score,
                risk.likelihood,
                risk.impact,
                risk.reference,
                risk.title,
                risk.description,
                risk.owner,
                risk.mitigation,
                f"{risk.quarterly_return.label} v{risk.quarterly_return.version}",
                _flag(risk.illustrative),
            )
            for risk in position.top_risks
        ],
    )


def _trajectory(sheet: Worksheet, position: ProgrammePosition, produced_on: date) -> None:
    _start(
        sheet,
        "Trajectory to the headline targets",
        position,
        produced_on,
        any(t.illustrative for t in position.trajectories),
    )
    rows: list[tuple[Any, ...]] = []
    for item in position.trajectories:
        for snapshot in item.snapshots:
            rows.append(
                (
                    item.name,
                    "Published figure",
                    snapshot.as_at,
                    "" if snapshot.on_axis else snapshot.as_at_text,
                    _number(snapshot.value),
                    None,
                    None,
                    snapshot.source_url,
                    "",
                )
            )
        for point, reporting in zip(item.returns_delivered, item.returns_reporting, strict=True):
            rows.append(
                (
                    item.name,
                    f"Delivered, from approved returns ({reporting} projects reporting)",
                    point.as_at,
                    "",
                    point.value,
                    None,
                    None,
                    "Approved monitoring returns",
                    _flag(item.illustrative),
                )
            )
        for band in item.result.projection:
            rows.append(
                (
                    item.name,
                    "Projection",
                    band.as_at,
                    "",
                    band.central,
                    band.low,
                    band.high,
                    f"Slippage of {item.result.ratios_used} past forecasts",
                    _flag(item.illustrative),
                )
            )
        rows.append(
            (
                item.name,
                "Target",
                item.deadline,
                "",
                _number(item.target),
                None,
                None,
                item.target_source,
                "",
            )
        )
    _table(
        sheet,
        [
            ("Measure", None, 10),
            ("Figure", None, 44),
            ("Date", DAY, 16),
            ("Date as the source gives it (undated figures)", None, 40),
            ("Value", FIGURE, 14),
            ("Range: low", FIGURE, 14),
            ("Range: high", FIGURE, 14),
            ("Source or basis", None, 60),
            ("Illustrative", None, 12),
        ],
        rows,
    )


def _sources(sheet: Worksheet, position: ProgrammePosition, produced_on: date) -> None:
    _start(sheet, "Sources", position, produced_on, position.illustrative)
    rows: list[tuple[Any, ...]] = []
    for item in position.trajectories:
        rows.append((f"{item.name} target", item.target_wording, item.target_source, ""))
        for snapshot in item.snapshots:
            rows.append(
                (
                    f"{item.name}, {snapshot.as_at_text}",
                    snapshot.wording,
                    snapshot.source_url,
                    "",
                )
            )
    for snapshot in position.published_spend:
        rows.append(
            (f"Spend to date, {snapshot.as_at_text}", snapshot.wording, snapshot.source_url, "")
        )
    for project in position.projects:
        latest = project.latest_return
        if latest is not None:
            rows.append(
                (
                    f"{project.reference} latest approved return",
                    f"{latest.label} version {latest.version}, quarter ending "
                    f"{_long(latest.period_end)}",
                    "Monitoring return held by the programme team",
                    _flag(latest.illustrative),
                )
            )
    rows.append(("Licence", OGL, "", ""))
    _table(
        sheet,
        [
            ("Figure", None, 40),
            ("Wording or detail", None, 60),
            ("Source", None, 70),
            ("Illustrative", None, 12),
        ],
        rows,
    )


def programme_workbook(position: ProgrammePosition, produced_on: date) -> bytes:
    """The report as XLSX bytes."""
    workbook = Workbook()
    builders = (
        _summary,
        _spend_by_year,
        _spend_by_quarter,
        _outputs,
        _projects,
        _late,
        _risks,
        _trajectory,
        _sources,
    )
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    for title, build in zip(SHEETS, builders, strict=True):
        sheet = workbook.create_sheet(title)
        build(sheet, position, produced_on)
    workbook.properties.title = f"{position.programme.name}: position as at {_long(position.as_at)}"
    workbook.properties.creator = "localgrowth"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
