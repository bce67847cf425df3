"""A saved scenario as an XLSX workbook: its figures as saved, one sheet a topic (Summary,
Candidates, Budget by year, Constraints, Greedy, Sources).

Every sheet starts with its title, the call and scenario with the date and time it was saved
(the figures are the scenario's as saved, whatever has changed since), and whether any figure
is illustrative; the table follows from row 5, one heading row then one row an item. Figures
are numbers (money in pounds, shares from 0 to 1 shown as percentages), never text; a figure
not worked out is an empty cell. Text that a spreadsheet would read as a formula (starting with
=, +, - or @) is stored as text and marked so. The decision paper
(``localgrowth.staff.decision_paper``) gives the same figures with charts and a map.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .models import Objective, Scenario, ScenarioLine
from .scenarios import Totals, gap_words, totals

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEETS = ("Summary", "Candidates", "Budget by year", "Constraints", "Greedy", "Sources")
HEADER_ROW = 5
MONEY = "£#,##0.00"
COUNT = "#,##0"
FIGURE = "#,##0.##"
DECIMAL = "0.0000"
SHARE = "0.0%"
WHEN = "d mmmm yyyy hh:mm"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may read as the start of a formula (OWASP's list for CSV injection)."""
ILLUSTRATIVE = "Illustrative"
OGL = (
    "Area names and codes: Office for National Statistics geography. Contains public sector "
    "information licensed under the Open Government Licence v3.0, "
    "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
)
STATUS = {
    "optimal": "Proven the best possible portfolio",
    "time_limit": "The best portfolio found within the time limit",
    "infeasible": "No portfolio meets every constraint",
}
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")

Column = tuple[str, str | None, int]
"""A column's heading, number format (None for text) and width."""


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _saved(scenario: Scenario) -> datetime:
    """When the scenario was saved, in local time (spreadsheets hold no time zone)."""
    return timezone.localtime(scenario.created_at).replace(tzinfo=None)


def saved_text(scenario: Scenario) -> str:
    when = _saved(scenario)
    return f"{_long(when.date())} at {when:%H:%M}"


def _yes(flag: bool) -> str:
    return "Yes" if flag else "No"


def _flag(illustrative: bool) -> str:
    return ILLUSTRATIVE if illustrative else ""


def _put(cell: Cell | MergedCell, value: Any) -> None:
    """The value in the cell; text that could be read as a formula stays text."""
    assert isinstance(cell, Cell)
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True


def _start(
    sheet: Worksheet, title: str, scenario: Scenario, produced_on: date, illustrative: bool
) -> None:
    _put(sheet["A1"], title)
    sheet["A1"].font = TITLE
    _put(
        sheet["A2"],
        f"{scenario.call.name}: scenario “{scenario.name}”, saved on {saved_text(scenario)}. "
        "The figures are the scenario's as saved, from the call and its candidates as they "
        f"stood then (localgrowth); produced on {_long(produced_on)}.",
    )
    _put(
        sheet["A3"],
        "Illustrative: the call or some of its candidates are marked illustrative; their "
        "figures were invented for illustration, not taken from a source."
        if illustrative
        else "No figure on this sheet is illustrative.",
    )
    if illustrative:
        sheet["A3"].font = BOLD


def _table(
    sheet: Worksheet, columns: Sequence[Column], rows: Iterable[Sequence[Any]], top: int = 0
) -> int:
    """The table from its heading row (``HEADER_ROW`` unless ``top``); returns the number of
    rows written."""
    first = top or HEADER_ROW
    for index, (heading, _format, width) in enumerate(columns, start=1):
        cell = sheet.cell(row=first, column=index)
        _put(cell, heading)
        cell.font = BOLD
        cell.alignment = WRAP
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(
            width, sheet.column_dimensions[letter].width or 0
        )
    count = 0
    for count, values in enumerate(rows, start=1):
        for index, (value, (_heading, number_format, _width)) in enumerate(
            zip(values, columns, strict=True), start=1
        ):
            cell = sheet.cell(row=first + count, column=index)
            _put(cell, value)
            if number_format and value is not None and not isinstance(value, str):
                cell.number_format = number_format
            elif isinstance(value, str) and len(value) > 40:
                cell.alignment = WRAP
    if not top:
        sheet.freeze_panes = f"A{first + 1}"
    return count


def _illustrative(scenario: Scenario, lines: Sequence[ScenarioLine]) -> bool:
    return scenario.illustrative or any(line.illustrative for line in lines)


# Sheets ----------------------------------------------------------------------------------------


def _summary(
    sheet: Worksheet,
    scenario: Scenario,
    lines: Sequence[ScenarioLine],
    figures: Totals,
    produced_on: date,
) -> None:
    _start(sheet, "Scenario: summary", scenario, produced_on, _illustrative(scenario, lines))
    call = scenario.call
    user = scenario.created_by
    status = STATUS.get(scenario.status, scenario.status)
    if scenario.status == "time_limit" and not scenario.feasible:
        status = "No portfolio was found within the time limit"
    budget = float(scenario.budget_total) if scenario.budget_total is not None else None
    rows: list[tuple[str, Any, str | None]] = [
        ("Call", call.name, None),
        ("Scenario", scenario.name, None),
        ("Saved at", _saved(scenario), WHEN),
        ("Saved by", (user.get_full_name() or user.get_username()) if user else "", None),
        ("Produced on", produced_on, "d mmmm yyyy"),
        ("Portfolio chosen by", str(Objective(scenario.objective).label), None),
        ("Solver status", status, None),
        ("Solver message", scenario.message, None),
        ("Objective", scenario.objective_value, MONEY if _in_pounds(scenario) else DECIMAL),
        ("Optimality gap", scenario.gap, "0.00%"),
        ("Optimality gap, in words", gap_words(scenario), None),
        ("Solver time limit (seconds)", scenario.time_limit, "0.0"),
        ("Solver seed", scenario.seed, COUNT),
        ("Total budget (£)", budget, MONEY),
        ("Grant funded (£)", figures.grant_funded, MONEY),
        ("Grant requested by the eligible candidates (£)", figures.grant_requested, MONEY),
        ("Budget unspent (£)", figures.unspent, MONEY),
        ("Candidates", len(lines), COUNT),
        ("Eligible candidates", sum(1 for line in lines if line.eligible), COUNT),
        ("Projects funded", figures.funded, COUNT),
        ("Gross jobs funded (scaled by the share funded)", figures.gross_jobs, FIGURE),
        ("Gross homes funded (scaled by the share funded)", figures.gross_homes, FIGURE),
        (
            "The board also set as must fund",
            ", ".join(sorted(scenario.also_must_fund.values_list("reference", flat=True))),
            None,
        ),
        (
            "The board also excluded",
            ", ".join(sorted(scenario.also_excluded.values_list("reference", flat=True))),
            None,
        ),
        ("Spearman's rho, weighted sum and TOPSIS", scenario.agreement.get("spearman_rho"), "0.00"),
        ("Kendall's tau, weighted sum and TOPSIS", scenario.agreement.get("kendall_tau"), "0.00"),
        ("Published as the board's decision", _yes(scenario.published), None),
        ("Illustrative", _yes(scenario.illustrative), None),
        ("Notes", scenario.notes, None),
    ]
    for number, conflict in enumerate(scenario.conflicts, start=1):
        rows.append((f"Conflicting constraint {number}", conflict, None))
    _table(
        sheet,
        [("Measure", None, 50), ("Figure", None, 60)],
        [(label, value) for label, value, _format in rows],
    )
    for offset, (_label, value, number_format) in enumerate(rows, start=HEADER_ROW + 1):
        cell = sheet.cell(row=offset, column=2)
        if number_format and value is not None and not isinstance(value, str):
            cell.number_format = number_format
        elif isinstance(value, str) and len(value) > 40:
            cell.alignment = WRAP


def _in_pounds(scenario: Scenario) -> bool:
    return scenario.objective == Objective.NET_BENEFIT


CANDIDATE_COLUMNS: tuple[Column, ...] = (
    ("Reference", None, 12),
    ("Title", None, 36),
    ("Federated area", None, 22),
    ("Eligible", None, 9),
    ("Share funded", SHARE, 10),
    ("Grant requested (£)", MONEY, 16),
    ("Grant funded (£)", MONEY, 16),
    ("Value to the objective", FIGURE, 16),
    ("Weighted sum", DECIMAL, 12),
    ("Weighted-sum rank", COUNT, 10),
    ("TOPSIS closeness", DECIMAL, 12),
    ("TOPSIS rank", COUNT, 10),
    ("Rank held under weight changes", SHARE, 12),
    ("Present value of costs (£)", MONEY, 16),
    ("Present value of benefits (£)", MONEY, 16),
    ("Benefit-cost ratio", "0.00", 10),
    ("Value for money", None, 14),
    ("Gross jobs", FIGURE, 10),
    ("Gross homes", FIGURE, 10),
    ("Grant per gross job (£)", MONEY, 14),
    ("Grant per gross home (£)", MONEY, 14),
    ("Grant per net job (£)", MONEY, 14),
    ("Grant per net home (£)", MONEY, 14),
    ("Why in or out", None, 70),
    ("Illustrative", None, 12),
)


def candidate_values(line: ScenarioLine) -> list[Any]:
    """A scenario line as the Candidates sheet gives it, column by column."""
    return [
        line.reference,
        line.title,
        line.area,
        _yes(line.eligible),
        line.share,
        line.grant,
        line.grant_funded,
        line.value,
        line.weighted_sum,
        line.weighted_sum_rank,
        line.topsis,
        line.topsis_rank,
        line.rank_held,
        line.pv_costs,
        line.pv_benefits,
        line.bcr,
        line.value_for_money,
        line.gross_jobs,
        line.gross_homes,
        line.cost_per_job_gross,
        line.cost_per_home_gross,
        line.cost_per_job_net,
        line.cost_per_home_net,
        line.reason,
        _flag(line.illustrative),
    ]


def _candidates(
    sheet: Worksheet, scenario: Scenario, lines: Sequence[ScenarioLine], produced_on: date
) -> None:
    _start(
        sheet,
        "Every candidate: figures, share funded and why it is in or out",
        scenario,
        produced_on,
        _illustrative(scenario, lines),
    )
    _table(sheet, CANDIDATE_COLUMNS, [candidate_values(line) for line in lines])


def _budget_by_year(
    sheet: Worksheet, scenario: Scenario, lines: Sequence[ScenarioLine], produced_on: date
) -> None:
    _start(
        sheet,
        "Funded grant and budget by financial year",
        scenario,
        produced_on,
        _illustrative(scenario, lines),
    )
    budgets, funded = scenario.budget_by_year, scenario.cost_by_year
    years = sorted(set(budgets) | set(funded))
    written = _table(
        sheet,
        [
            ("Financial year", None, 14),
            ("Budget (£)", MONEY, 18),
            ("Funded grant (£)", MONEY, 18),
            ("Budget unspent (£)", MONEY, 18),
        ],
        [
            (
                year,
                budgets.get(year),
                funded.get(year, 0.0),
                None if budgets.get(year) is None else budgets[year] - funded.get(year, 0.0),
            )
            for year in years
        ],
    )
    top = HEADER_ROW + written + 3
    _put(sheet.cell(row=top - 1, column=1), "Grant requested and funded, by candidate and year")
    sheet.cell(row=top - 1, column=1).font = BOLD
    _table(
        sheet,
        [
            ("Financial year", None, 14),
            ("Reference", None, 18),
            ("Grant requested that year (£)", MONEY, 18),
            ("Share funded", SHARE, 18),
            ("Grant funded that year (£)", MONEY, 18),
        ],
        [
            (year, line.reference, amount, line.share, amount * line.share)
            for line in lines
            if line.eligible
            for year, amount in sorted(line.grant_by_year.items())
        ],
        top=top,
    )


def _constraints(
    sheet: Worksheet, scenario: Scenario, lines: Sequence[ScenarioLine], produced_on: date
) -> None:
    if scenario.conflicts or not scenario.feasible:
        _start(
            sheet,
            "The constraints that conflict: no portfolio meets them all",
            scenario,
            produced_on,
            _illustrative(scenario, lines),
        )
        _table(
            sheet,
            [("Constraint in conflict", None, 100)],
            [(conflict,) for conflict in scenario.conflicts]
            or [(scenario.message or "No portfolio was found; the conflict is not known.",)],
        )
        return
    _start(
        sheet, "What each constraint costs", scenario, produced_on, _illustrative(scenario, lines)
    )
    _table(
        sheet,
        [
            ("Constraint", None, 50),
            ("Binds", None, 8),
            ("Relaxed by", None, 16),
            ("Gain to the objective when relaxed", FIGURE, 18),
            ("Re-solve proven the best", None, 12),
            ("In words", None, 90),
        ],
        [
            (
                one.get("constraint", ""),
                _yes(bool(one.get("binds"))),
                one.get("relaxation", ""),
                one.get("gain"),
                _yes(bool(one.get("proven"))),
                one.get("sentence", ""),
            )
            for one in scenario.constraint_costs
        ],
    )


def _greedy(
    sheet: Worksheet, scenario: Scenario, lines: Sequence[ScenarioLine], produced_on: date
) -> None:
    _start(
        sheet,
        "Compared with funding down the ranking by value ÷ cost (greedy)",
        scenario,
        produced_on,
        _illustrative(scenario, lines),
    )
    greedy = scenario.greedy or {}
    funded = greedy.get("funded", {})
    value_format = MONEY if _in_pounds(scenario) else DECIMAL
    rows: list[tuple[str, Any, str | None]] = [
        ("In words", greedy.get("sentence", "The comparison was not worked out."), None),
        ("Objective, funding down the ranking", greedy.get("objective"), value_format),
        ("Objective, chosen portfolio", scenario.objective_value, value_format),
        ("Chosen less funding down the ranking", greedy.get("lost"), value_format),
        ("The rule", greedy.get("rule", ""), None),
    ]
    _table(
        sheet,
        [("Measure", None, 40), ("Figure", None, 90)],
        [(label, value) for label, value, _format in rows],
    )
    for offset, (_label, value, number_format) in enumerate(rows, start=HEADER_ROW + 1):
        cell = sheet.cell(row=offset, column=2)
        if number_format and value is not None:
            cell.number_format = number_format
        elif isinstance(value, str):
            cell.alignment = WRAP
    top = HEADER_ROW + len(rows) + 3
    _put(sheet.cell(row=top - 1, column=1), "Share funded, candidate by candidate")
    sheet.cell(row=top - 1, column=1).font = BOLD
    _table(
        sheet,
        [
            ("Reference", None, 40),
            ("Share funded down the ranking", SHARE, 18),
            ("Share funded in the chosen portfolio", SHARE, 18),
        ],
        [(line.reference, float(funded.get(line.reference, 0.0)), line.share) for line in lines],
        top=top,
    )


def _sources(
    sheet: Worksheet, scenario: Scenario, lines: Sequence[ScenarioLine], produced_on: date
) -> None:
    _start(sheet, "Sources", scenario, produced_on, _illustrative(scenario, lines))
    call = scenario.call
    rows: list[tuple[str, str, str]] = [
        (
            "The scenario",
            f"Saved on {saved_text(scenario)} from the call's budgets, rules and criteria, the "
            "candidates' business cases and the assessors' scores as they stood then, with the "
            "portfolio chosen from them by mixed-integer programming (HiGHS).",
            "localgrowth",
        ),
        (
            "Appraisal",
            "HM Treasury Green Book: present values at 3.5%, costs after the optimism bias "
            "uplift, benefit-cost ratio and value for money category.",
            "The candidates' business cases",
        ),
    ]
    if call.source_url:
        rows.append(("The call as published", call.name, call.source_url))
    rows.append(("Licence", OGL, ""))
    if _illustrative(scenario, lines):
        rows.append(
            (
                ILLUSTRATIVE,
                "The call or some of its candidates are marked illustrative: their figures "
                "were invented for illustration.",
                "",
            )
        )
    _table(sheet, [("Figure", None, 30), ("Detail", None, 90), ("Source", None, 50)], rows)


def scenario_workbook(scenario: Scenario, produced_on: date | None = None) -> bytes:
    """The scenario's workbook as XLSX bytes."""
    produced_on = produced_on or timezone.localdate()
    lines = list(scenario.lines.order_by("reference"))
    figures = totals(scenario, lines)
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    first.title = SHEETS[0]
    _summary(first, scenario, lines, figures, produced_on)
    for name, build in zip(
        SHEETS[1:], (_candidates, _budget_by_year, _constraints, _greedy, _sources), strict=True
    ):
        build(workbook.create_sheet(name), scenario, lines, produced_on)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
