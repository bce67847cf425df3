"""Quarterly monitoring returns: the workbook's layout, reading its cells and the rules a return
must meet before it is stored.

The checks run in layers, and every fault of every layer is reported at once:

1. structure: the sheets, headings and labels are where the template put them;
2. types and allowed values: money, dates, financial years, scores 1–5, choices;
3. references: the project and quarter (checked by the caller, which has the database);
4. cross-sheet rules: spend against the grant and the last approved return, milestone dates
   against the quarter, outputs against the project's output types, risks, sign-off.

Each fault carries a stable rule code (docs/returns.md lists them). Pure Python: no Django.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl.utils import get_column_letter

from . import cells
from .tabular import Fault

ABOUT = "About"
SPEND = "Spend"
OUTPUTS = "Outputs"
MILESTONES = "Milestones"
RISKS = "Risks"
SIGN_OFF = "Sign-off"
SHEETS = (ABOUT, SPEND, OUTPUTS, MILESTONES, RISKS, SIGN_OFF)

# Label sheets: label in column A, value in column B, at these rows.
VALUE_COLUMN = "B"
ABOUT_LABELS = {
    "reference": (3, "Project reference"),
    "title": (4, "Project title"),
    "grant": (5, "Grant (£)"),
    "quarter": (6, "Quarter"),
    "quarter_end": (7, "Quarter ends"),
}
SIGN_OFF_LABELS = {
    "name": (3, "Name"),
    "role": (4, "Role"),
    "date": (5, "Date signed"),
    "narrative": (6, "Narrative"),
}

# Table sheets: headings in row 1, one item a row below.
HEADER_ROW = 1
SPEND_COLUMNS = ("Financial year", "Forecast or actual", "Amount (£)")
OUTPUT_COLUMNS = ("Output type", "Unit", "Period", "Forecast or actual", "Value")
MILESTONE_COLUMNS = ("Milestone", "Baseline date", "Forecast date", "Actual date", "Status")
RISK_COLUMNS = ("Risk", "Likelihood (1–5)", "Impact (1–5)", "Owner", "Mitigation", "Status")
TABLE_COLUMNS = {
    SPEND: SPEND_COLUMNS,
    OUTPUTS: OUTPUT_COLUMNS,
    MILESTONES: MILESTONE_COLUMNS,
    RISKS: RISK_COLUMNS,
}
INPUT_ROWS = 200
"""Rows below the headings left open for entries in each table sheet."""

BASIS = {"forecast": "forecast", "actual": "actual"}
MILESTONE_STATUS = {
    "not_started": "Not started",
    "on_track": "On track",
    "at_risk": "At risk",
    "delayed": "Delayed",
    "complete": "Complete",
}
RISK_STATUS = {"open": "Open", "closed": "Closed"}
HIGH_RISK_SCORE = 15
"""A risk whose likelihood × impact reaches this needs a mitigation."""

_QUARTER = re.compile(r"(\d{4})\s*/\s*(\d{2})\s*Q\s*([1-4])", re.IGNORECASE)


class Rule:
    """Stable rule codes; docs/returns.md describes each."""

    SHEET_MISSING = "S01"
    SHEET_UNEXPECTED = "S02"
    HEADING = "S03"
    LABEL = "S04"
    FORMULA = "S05"
    UNREADABLE = "S06"
    REQUIRED = "T01"
    MONEY = "T02"
    FINANCIAL_YEAR = "T03"
    BASIS = "T04"
    NUMBER = "T05"
    DATE = "T06"
    SCORE = "T07"
    MILESTONE_STATUS = "T08"
    RISK_STATUS = "T09"
    TEXT = "T10"
    QUARTER = "T11"
    PROJECT = "R01"
    QUARTER_END = "R02"
    OUTPUT_TYPE = "R03"
    APPROVED = "R04"
    TITLE = "R05"
    SPEND_DUPLICATE = "X01"
    SPEND_OVER_GRANT = "X02"
    ACTUAL_FELL = "X03"
    ACTUAL_IN_FUTURE = "X04"
    PROFILE_OVER_GRANT = "X05"
    OUTPUT_DUPLICATE = "X06"
    OUTPUT_NOT_PROJECT = "X07"
    OUTPUT_UNIT = "X08"
    FORECAST_PAST = "X09"
    COMPLETE_NO_ACTUAL = "X10"
    ACTUAL_DATE_FUTURE = "X11"
    MILESTONE_DUPLICATE = "X12"
    MITIGATION = "X13"
    OWNER = "X14"
    SIGN_OFF_MISSING = "X15"
    SIGN_OFF_EARLY = "X16"
    FORECAST_BEFORE_BASELINE = "X17"


@dataclass(frozen=True)
class RuleFault(Fault):
    """A fault found by a return rule; ``rule`` is its stable code."""

    rule: str = ""

    def __str__(self) -> str:
        return f"{super().__str__()} [{self.rule}]"


# Quarters ------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Quarter:
    """A quarter of a UK financial year: 2019/20 Q3 runs October to December 2019."""

    start_year: int
    number: int

    @property
    def financial_year(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @property
    def label(self) -> str:
        return f"{self.financial_year} Q{self.number}"

    @property
    def end(self) -> date:
        if self.number == 4:
            return date(self.start_year + 1, 3, 31)
        return date(self.start_year, (6, 9, 12)[self.number - 1], (30, 30, 31)[self.number - 1])

    def __str__(self) -> str:
        return self.label


def parse_quarter(text: str) -> Quarter:
    """A quarter written as "2019/20 Q3"."""
    match = _QUARTER.fullmatch(text.strip())
    if match is None:
        raise ValueError(
            f"{cells.quote(text)} is not a quarter. Write the financial year and the quarter, "
            "such as 2019/20 Q3 (October to December 2019)."
        )
    year, end, number = match.groups()
    if (int(year) + 1) % 100 != int(end):
        raise ValueError(
            f"{cells.quote(text)}: the financial year must span two years in a row, such as "
            "2019/20 Q3."
        )
    return Quarter(int(year), int(number))


def year_start(financial_year: str) -> date:
    return date(int(financial_year[:4]), 4, 1)


# What a return holds --------------------------------------------------------------------------


@dataclass
class SpendItem:
    row: int
    financial_year: str
    basis: str
    amount: Decimal


@dataclass
class OutputItem:
    row: int
    output_type: str
    unit: str
    period: str
    basis: str
    value: Decimal


@dataclass
class MilestoneItem:
    row: int
    name: str
    baseline_date: date
    forecast_date: date | None
    actual_date: date | None
    status: str


@dataclass
class RiskItem:
    row: int
    description: str
    likelihood: int
    impact: int
    owner: str
    mitigation: str
    status: str

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


@dataclass
class ReturnContent:
    """A return as read from its workbook; fields that did not parse are None."""

    reference: str | None = None
    title: str | None = None
    quarter: Quarter | None = None
    quarter_end: date | None = None
    sign_off_name: str | None = None
    sign_off_role: str | None = None
    sign_off_date: date | None = None
    narrative: str = ""
    spend: list[SpendItem] = field(default_factory=list)
    outputs: list[OutputItem] = field(default_factory=list)
    milestones: list[MilestoneItem] = field(default_factory=list)
    risks: list[RiskItem] = field(default_factory=list)
    incomplete_rows: set[tuple[str, int]] = field(default_factory=set)
    """Rows with a cell that did not parse: the cross-sheet rules skip them."""


@dataclass(frozen=True)
class ProjectFacts:
    """What the cross-sheet rules need to know about the project, from the database."""

    grant: Decimal | None
    output_units: dict[str, str]
    """The output types the project may report, code -> unit."""
    approved_actuals: dict[str, Decimal]
    """Actual spend by financial year in the project's last approved return."""
    approved_label: str = ""
    """The quarter of that approved return, for messages."""


class Faults:
    """Collects rule faults against one workbook."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[RuleFault] = []

    def add(
        self,
        rule: str,
        message: str,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
    ) -> None:
        shown = None if value is None else cells.cell_text(value)[:100]
        self.items.append(RuleFault(self.file, message, sheet, row, column, shown, rule))


# Reading the cells ----------------------------------------------------------------------------

Grid = dict[tuple[int, int], Any]
"""A sheet's non-empty cell values by (row, column number)."""


def _text(value: Any) -> str:
    return cells.cell_text(value)


def _letter(index: int) -> str:
    return get_column_letter(index)


def read_content(sheets: dict[str, Grid], present: Sequence[str], faults: Faults) -> ReturnContent:
    """Check the structure of the sheets and parse every cell (layers 1 and 2).

    ``sheets`` maps each template sheet found to its grid; ``present`` names every visible sheet
    of the workbook as it is spelt there."""
    _check_sheets(present, faults)
    content = ReturnContent()
    for sheet, grid in sheets.items():
        _check_formulas(sheet, grid, faults)
    if ABOUT in sheets and _check_labels(ABOUT, sheets[ABOUT], ABOUT_LABELS, faults):
        _read_about(sheets[ABOUT], content, faults)
    if SIGN_OFF in sheets and _check_labels(SIGN_OFF, sheets[SIGN_OFF], SIGN_OFF_LABELS, faults):
        _read_sign_off(sheets[SIGN_OFF], content, faults)
    readers: dict[str, Callable[[_RowReader, ReturnContent], None]] = {
        SPEND: _spend_row,
        OUTPUTS: _output_row,
        MILESTONES: _milestone_row,
        RISKS: _risk_row,
    }
    for sheet, read_row in readers.items():
        table = sheets.get(sheet)
        if table is None or not _check_headings(sheet, table, faults):
            continue
        width = len(TABLE_COLUMNS[sheet])
        for number in sorted({row for row, _ in table if row > HEADER_ROW}):
            values = [table.get((number, index)) for index in range(1, width + 1)]
            if not any(_text(value) for value in values):
                continue
            reader = _RowReader(sheet, number, values, faults)
            read_row(reader, content)
            if not reader.complete:
                content.incomplete_rows.add((sheet, number))
    return content


def _check_sheets(present: Sequence[str], faults: Faults) -> None:
    found = ", ".join(f"'{name}'" for name in present)
    for sheet in SHEETS:
        if sheet not in present:
            faults.add(
                Rule.SHEET_MISSING,
                f"The workbook has no sheet named '{sheet}' (its sheets are {found}). Download "
                f"the return workbook again, or rename the sheet back to '{sheet}'.",
                sheet,
            )
    for name in present:
        if name not in SHEETS:
            faults.add(
                Rule.SHEET_UNEXPECTED,
                f"Sheet '{name}' is not part of the return workbook. Remove it; the return "
                "holds only the sheets " + ", ".join(f"'{s}'" for s in SHEETS) + ".",
                name,
            )


def _check_formulas(sheet: str, grid: Grid, faults: Faults) -> None:
    """Record a fault for each formula cell and drop it from the grid."""
    for (row, column), value in sorted(grid.items()):
        plain = isinstance(value, str | int | float | Decimal | date)
        if plain and not (isinstance(value, str) and value.startswith("=")):
            continue
        shown = f" ({value[:60]})" if isinstance(value, str) else ""
        faults.add(
            Rule.FORMULA,
            f"Cell {_letter(column)}{row} holds a formula{shown}. Type the value itself, or copy "
            "the cell and use Paste Special > Values.",
            sheet,
            row,
            _letter(column),
            value if isinstance(value, str) else None,
        )
        del grid[(row, column)]


def _check_labels(
    sheet: str, grid: Grid, labels: dict[str, tuple[int, str]], faults: Faults
) -> bool:
    good = True
    for row, label in labels.values():
        found = _text(grid.get((row, 1)))
        if found.casefold() != label.casefold():
            good = False
            faults.add(
                Rule.LABEL,
                f"Cell A{row} should read '{label}' but reads '{found}'. Rows have been moved or "
                f"changed: put '{label}' back in A{row} with its value in B{row}, or download the "
                "return workbook again.",
                sheet,
                row,
                "A",
                found or None,
            )
    return good


def _check_headings(sheet: str, grid: Grid, faults: Faults) -> bool:
    good = True
    for index, heading in enumerate(TABLE_COLUMNS[sheet], start=1):
        found = _text(grid.get((HEADER_ROW, index)))
        if found.casefold() != heading.casefold():
            good = False
            letter = _letter(index)
            faults.add(
                Rule.HEADING,
                f"Cell {letter}{HEADER_ROW} should hold the heading '{heading}' but holds "
                f"'{found}'. Columns have been moved or renamed: restore the heading, or "
                "download the return workbook again.",
                sheet,
                HEADER_ROW,
                letter,
                found or None,
            )
    return good


class _RowReader:
    """Parses the cells of one row, recording a fault for each that does not parse."""

    def __init__(self, sheet: str, row: int, values: list[Any], faults: Faults) -> None:
        self.sheet = sheet
        self.row = row
        self.values = values
        self.faults = faults
        self.complete = True

    def get(
        self,
        index: int,
        parse: Callable[[str], Any],
        rule: str,
        *,
        required: bool = True,
    ) -> Any:
        heading = TABLE_COLUMNS[self.sheet][index]
        letter = _letter(index + 1)
        text = _text(self.values[index])
        if not text:
            if required:
                self.complete = False
                self.faults.add(
                    Rule.REQUIRED,
                    f"Cell {letter}{self.row} ('{heading}') is empty. Fill it in, or clear the "
                    "whole row if it is not needed.",
                    self.sheet,
                    self.row,
                    letter,
                )
            return None
        try:
            return parse(text)
        except ValueError as error:
            self.complete = False
            self.faults.add(
                rule,
                f"Cell {letter}{self.row} ('{heading}'): {error}",
                self.sheet,
                self.row,
                letter,
                text,
            )
            return None


def _day(text: str) -> date:
    """A whole date: day, month and year."""
    try:
        value, precision = cells.parse_date(text)
    except ValueError:
        raise ValueError(
            f"{cells.quote(text)} is not a date. Write the day, month and year, such as 31/03/2021."
        ) from None
    if precision != "day":
        raise ValueError(
            f"{cells.quote(text)} is not a whole date. Write the day, month and year, such as "
            "31/03/2021."
        )
    return value


def _score(text: str) -> int:
    try:
        value = cells.parse_int(text)
    except ValueError:
        value = -1
    if not 1 <= value <= 5:
        raise ValueError(
            f"{cells.quote(text)} is not a score from 1 to 5. Choose 1 (lowest) to 5 (highest) "
            "from the list."
        )
    return value


_basis = cells.parse_choice(BASIS)
_milestone_status = cells.parse_choice({label: code for code, label in MILESTONE_STATUS.items()})
_risk_status = cells.parse_choice({label: code for code, label in RISK_STATUS.items()})


def _spend_row(reader: _RowReader, content: ReturnContent) -> None:
    year = reader.get(0, cells.parse_financial_year, Rule.FINANCIAL_YEAR)
    basis = reader.get(1, _basis, Rule.BASIS)
    amount = reader.get(2, cells.parse_amount, Rule.MONEY)
    if reader.complete:
        content.spend.append(SpendItem(reader.row, year, basis, amount))


def _output_row(reader: _RowReader, content: ReturnContent) -> None:
    output_type = reader.get(0, cells.parse_text(40), Rule.TEXT)
    unit = reader.get(1, cells.parse_text(30), Rule.TEXT)
    period = reader.get(2, cells.parse_financial_year, Rule.FINANCIAL_YEAR, required=False)
    basis = reader.get(3, _basis, Rule.BASIS)
    value = reader.get(4, cells.parse_decimal, Rule.NUMBER)
    if reader.complete:
        item = OutputItem(reader.row, output_type, unit, period or "", basis, value)
        content.outputs.append(item)


def _milestone_row(reader: _RowReader, content: ReturnContent) -> None:
    name = reader.get(0, cells.parse_text(300), Rule.TEXT)
    baseline = reader.get(1, _day, Rule.DATE)
    forecast = reader.get(2, _day, Rule.DATE, required=False)
    actual = reader.get(3, _day, Rule.DATE, required=False)
    status = reader.get(4, _milestone_status, Rule.MILESTONE_STATUS)
    if reader.complete:
        item = MilestoneItem(reader.row, name, baseline, forecast, actual, status)
        content.milestones.append(item)


def _risk_row(reader: _RowReader, content: ReturnContent) -> None:
    description = reader.get(0, cells.parse_text(1000), Rule.TEXT)
    likelihood = reader.get(1, _score, Rule.SCORE)
    impact = reader.get(2, _score, Rule.SCORE)
    owner = reader.get(3, cells.parse_text(200), Rule.TEXT, required=False)
    mitigation = reader.get(4, cells.parse_text(2000), Rule.TEXT, required=False)
    status = reader.get(5, _risk_status, Rule.RISK_STATUS)
    if reader.complete:
        item = RiskItem(
            reader.row, description, likelihood, impact, owner or "", mitigation or "", status
        )
        content.risks.append(item)


def _labelled(
    sheet: str,
    grid: Grid,
    row: int,
    label: str,
    parse: Callable[[str], Any],
    rule: str,
    faults: Faults,
) -> Any:
    text = _text(grid.get((row, 2)))
    if not text:
        return None
    try:
        return parse(text)
    except ValueError as error:
        faults.add(rule, f"Cell B{row} ('{label}'): {error}", sheet, row, VALUE_COLUMN, text)
        return None


def _read_about(grid: Grid, content: ReturnContent, faults: Faults) -> None:
    def value(key: str, parse: Callable[[str], Any], rule: str) -> Any:
        row, label = ABOUT_LABELS[key]
        return _labelled(ABOUT, grid, row, label, parse, rule, faults)

    content.reference = value("reference", cells.parse_text(40), Rule.TEXT)
    content.title = value("title", cells.parse_text(300), Rule.TEXT)
    content.quarter = value("quarter", parse_quarter, Rule.QUARTER)
    content.quarter_end = value("quarter_end", _day, Rule.DATE)
    for key in ("reference", "quarter"):
        if getattr(content, key) is None and not _text(grid.get((ABOUT_LABELS[key][0], 2))):
            row, label = ABOUT_LABELS[key]
            faults.add(
                Rule.REQUIRED,
                f"Cell B{row} ('{label}') is empty. The About sheet is filled in by localgrowth: "
                "download the return workbook for the project and quarter again.",
                ABOUT,
                row,
                VALUE_COLUMN,
            )


def _read_sign_off(grid: Grid, content: ReturnContent, faults: Faults) -> None:
    def value(key: str, parse: Callable[[str], Any], rule: str) -> Any:
        row, label = SIGN_OFF_LABELS[key]
        return _labelled(SIGN_OFF, grid, row, label, parse, rule, faults)

    content.sign_off_name = value("name", cells.parse_text(200), Rule.TEXT)
    content.sign_off_role = value("role", cells.parse_text(200), Rule.TEXT)
    content.sign_off_date = value("date", _day, Rule.DATE)
    content.narrative = value("narrative", cells.parse_text(10000), Rule.TEXT) or ""
    date_row = SIGN_OFF_LABELS["date"][0]
    if content.sign_off_date is None and _text(grid.get((date_row, 2))):
        content.incomplete_rows.add((SIGN_OFF, date_row))


# Cross-sheet rules ----------------------------------------------------------------------------


def _pounds(amount: Decimal) -> str:
    return f"£{amount:,.2f}"


def check_rules(
    content: ReturnContent, quarter: Quarter, facts: ProjectFacts, faults: Faults
) -> None:
    """The cross-sheet rules (layer 4), for a return whose project and quarter are known."""
    _spend_rules(content, quarter, facts, faults)
    _output_rules(content, facts, faults)
    _milestone_rules(content, quarter, faults)
    _risk_rules(content, faults)
    _sign_off_rules(content, quarter, faults)


def _spend_rules(
    content: ReturnContent, quarter: Quarter, facts: ProjectFacts, faults: Faults
) -> None:
    seen: dict[tuple[str, str], int] = {}
    lines: list[SpendItem] = []
    for item in content.spend:
        key = (item.financial_year, item.basis)
        if key in seen:
            faults.add(
                Rule.SPEND_DUPLICATE,
                f"Row {item.row} repeats {item.financial_year} {item.basis} spend, already on "
                f"row {seen[key]}. Give one amount for each year and basis: remove one row or "
                "add them together.",
                SPEND,
                item.row,
                "A",
                item.financial_year,
            )
            continue
        seen[key] = item.row
        lines.append(item)
        if item.basis == "actual" and year_start(item.financial_year) > quarter.end:
            faults.add(
                Rule.ACTUAL_IN_FUTURE,
                f"Actual spend is given for {item.financial_year}, which starts after the "
                f"quarter ends ({quarter.end:%d/%m/%Y}). Record spend to come as forecast.",
                SPEND,
                item.row,
                "B",
                item.basis,
            )
    actuals = sorted((i for i in lines if i.basis == "actual"), key=lambda i: i.financial_year)
    over_grant = False
    total = Decimal(0)
    for item in actuals:
        total += item.amount
        if facts.grant is not None and total > facts.grant:
            faults.add(
                Rule.SPEND_OVER_GRANT,
                f"Actual spend to the end of {item.financial_year} adds up to {_pounds(total)}, "
                f"more than the grant of {_pounds(facts.grant)}. Check the amounts: grant spend "
                "cannot exceed the grant. Report spend from other funds as match funding.",
                SPEND,
                item.row,
                "C",
                item.amount,
            )
            over_grant = True
            break
    for item in actuals:
        before = facts.approved_actuals.get(item.financial_year)
        if before is not None and item.amount < before:
            faults.add(
                Rule.ACTUAL_FELL,
                f"Actual spend for {item.financial_year} is {_pounds(item.amount)}, less than "
                f"the {_pounds(before)} in the last approved return ({facts.approved_label}). "
                "Actual spend cannot fall: correct the amount, or ask the programme team to "
                "correct the approved return.",
                SPEND,
                item.row,
                "C",
                item.amount,
            )
    reported = {i.financial_year for i in actuals}
    for year, before in sorted(facts.approved_actuals.items()):
        if year not in reported and before > 0 and not _row_skipped(content, SPEND):
            faults.add(
                Rule.ACTUAL_FELL,
                f"The last approved return ({facts.approved_label}) has actual spend of "
                f"{_pounds(before)} for {year}, but this return has none. Add a row for {year} "
                "actual spend.",
                SPEND,
                None,
                "C",
            )
    if facts.grant is not None and not over_grant:
        by_year: dict[str, SpendItem] = {}
        for item in sorted(lines, key=lambda i: (i.financial_year, i.basis != "actual")):
            by_year.setdefault(item.financial_year, item)
        profile = Decimal(0)
        for _year, item in sorted(by_year.items()):
            profile += item.amount
            if profile > facts.grant:
                faults.add(
                    Rule.PROFILE_OVER_GRANT,
                    f"Actual and forecast spend to the end of {item.financial_year} add up to "
                    f"{_pounds(profile)}, more than the grant of {_pounds(facts.grant)}. Reduce "
                    "the forecast so that the profile stays within the grant.",
                    SPEND,
                    item.row,
                    "C",
                    item.amount,
                )
                break


def _row_skipped(content: ReturnContent, sheet: str) -> bool:
    return any(name == sheet for name, _ in content.incomplete_rows)


def _output_rules(content: ReturnContent, facts: ProjectFacts, faults: Faults) -> None:
    seen: dict[tuple[str, str, str], int] = {}
    allowed = ", ".join(sorted(facts.output_units)) or "none"
    for item in content.outputs:
        key = (item.output_type, item.period, item.basis)
        period = item.period or "whole life"
        if key in seen:
            faults.add(
                Rule.OUTPUT_DUPLICATE,
                f"Row {item.row} repeats the {item.basis} {item.output_type} for {period}, "
                f"already on row {seen[key]}. Give one value for each output, period and basis.",
                OUTPUTS,
                item.row,
                "A",
                item.output_type,
            )
            continue
        seen[key] = item.row
        unit = facts.output_units.get(item.output_type)
        if unit is None:
            faults.add(
                Rule.OUTPUT_NOT_PROJECT,
                f"'{item.output_type}' is not one of this project's outputs ({allowed}). Choose "
                "an output from the list; to add a new output type the project must be "
                "re-baselined with the programme team.",
                OUTPUTS,
                item.row,
                "A",
                item.output_type,
            )
        elif item.unit.casefold() != unit.casefold():
            faults.add(
                Rule.OUTPUT_UNIT,
                f"'{item.output_type}' is counted in {unit}, not '{item.unit}'. Write the value "
                f"in {unit} and set the unit to '{unit}'.",
                OUTPUTS,
                item.row,
                "B",
                item.unit,
            )


def _milestone_rules(content: ReturnContent, quarter: Quarter, faults: Faults) -> None:
    seen: dict[str, int] = {}
    end = quarter.end
    for item in content.milestones:
        key = item.name.casefold()
        if key in seen:
            faults.add(
                Rule.MILESTONE_DUPLICATE,
                f"Milestone '{item.name}' is already on row {seen[key]}. Give each milestone "
                "once, with a name of its own.",
                MILESTONES,
                item.row,
                "A",
                item.name,
            )
        seen.setdefault(key, item.row)
        complete = item.status == "complete"
        if complete and item.actual_date is None:
            faults.add(
                Rule.COMPLETE_NO_ACTUAL,
                f"Milestone '{item.name}' is complete but has no actual date. Enter the date it "
                "was reached.",
                MILESTONES,
                item.row,
                "D",
            )
        if item.actual_date is not None and item.actual_date > end:
            faults.add(
                Rule.ACTUAL_DATE_FUTURE,
                f"The actual date {item.actual_date:%d/%m/%Y} is after the quarter ends "
                f"({end:%d/%m/%Y}). An actual date must have passed: if the milestone is still "
                "to come, move the date to 'Forecast date'.",
                MILESTONES,
                item.row,
                "D",
                item.actual_date,
            )
        if not complete and item.forecast_date is None:
            faults.add(
                Rule.REQUIRED,
                f"Cell C{item.row} ('Forecast date') is empty. Give the date milestone "
                f"'{item.name}' is now expected.",
                MILESTONES,
                item.row,
                "C",
            )
        if not complete and item.forecast_date is not None and item.forecast_date < end:
            faults.add(
                Rule.FORECAST_PAST,
                f"Milestone '{item.name}' is not complete but its forecast date "
                f"{item.forecast_date:%d/%m/%Y} is before the quarter ends ({end:%d/%m/%Y}). "
                "Give the date it is now expected, or mark it complete with its actual date.",
                MILESTONES,
                item.row,
                "C",
                item.forecast_date,
            )
        if item.forecast_date is not None and item.forecast_date < item.baseline_date:
            faults.add(
                Rule.FORECAST_BEFORE_BASELINE,
                f"The forecast date {item.forecast_date:%d/%m/%Y} is before the baseline date "
                f"{item.baseline_date:%d/%m/%Y} of milestone '{item.name}'. Check both dates: "
                "the baseline is the date agreed in the business case.",
                MILESTONES,
                item.row,
                "C",
                item.forecast_date,
            )


def _risk_rules(content: ReturnContent, faults: Faults) -> None:
    for item in content.risks:
        if item.status != "open":
            continue
        if item.score >= HIGH_RISK_SCORE and not item.mitigation:
            faults.add(
                Rule.MITIGATION,
                f"The risk scores {item.likelihood} × {item.impact} = {item.score}, which is "
                f"{HIGH_RISK_SCORE} or more, and has no mitigation. Say what is being done to "
                "reduce it.",
                RISKS,
                item.row,
                "E",
            )
        if not item.owner:
            faults.add(
                Rule.OWNER,
                "The open risk has no owner. Name the person or team managing it.",
                RISKS,
                item.row,
                "D",
            )


def _sign_off_rules(content: ReturnContent, quarter: Quarter, faults: Faults) -> None:
    missing = {
        "name": content.sign_off_name,
        "role": content.sign_off_role,
        "date": content.sign_off_date,
    }
    for key, value in missing.items():
        row, label = SIGN_OFF_LABELS[key]
        if value is None and (SIGN_OFF, row) not in content.incomplete_rows:
            faults.add(
                Rule.SIGN_OFF_MISSING,
                f"Cell B{row} ('{label}') is empty. The return must be signed off: give the "
                "name, role and date of the officer responsible (the project's section 151 "
                "officer or their delegate).",
                SIGN_OFF,
                row,
                VALUE_COLUMN,
            )
    if content.sign_off_date is not None and content.sign_off_date < quarter.end:
        row, _label = SIGN_OFF_LABELS["date"]
        faults.add(
            Rule.SIGN_OFF_EARLY,
            f"The return is signed off on {content.sign_off_date:%d/%m/%Y}, before the quarter "
            f"ends ({quarter.end:%d/%m/%Y}). Sign it off once the quarter has ended.",
            SIGN_OFF,
            row,
            VALUE_COLUMN,
            content.sign_off_date,
        )
