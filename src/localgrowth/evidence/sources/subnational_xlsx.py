"""ONS Subnational indicators explorer, underlying datasets workbook (``subnatindicators.xlsx``).

One sheet per indicator. Each starts with metadata rows (``Metric:``, ``Date:``, ``Coverage:``,
``Geography:`` and continuation lines), then a header row starting ``Area Code``; the other
columns differ between sheets (name columns for each geography level, the value, sometimes 95%
confidence bounds, notes). The period comes from the ``Date:`` row. A useful set of the 50 sheets
is imported, one indicator each; the others are listed in the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from localgrowth.domain.tabular import Fault

from ..reading import (
    CHECK_DOWNLOAD,
    Period,
    Reading,
    ReleaseInfo,
    Value,
    academic_year,
    cell_ref,
    financial_year,
    header_index,
    month,
    number,
    read_workbook,
    twelve_months,
    year,
    years_pooled,
)

LOWER = "Lower 95% Confidence Interval"
UPPER = "Upper 95% Confidence Interval"
AREA = "Area Code"


@dataclass(frozen=True)
class SheetMap:
    indicator: str
    value_column: str
    period: str
    """How the Date: row reads: year, months (MM/YYYY - MM/YYYY), month (MM/YYYY), academic
    (YYYY/YY), financial (Financial year ending YYYY) or pooled (YYYY - YYYY)."""
    bounds: bool = False


SHEETS = {
    "GVA per hour": SheetMap(
        "gva-per-hour-worked", "Gross Value Added (GVA) per hour worked (£)", "year"
    ),
    "Weekly pay": SheetMap("median-weekly-pay", "Gross median weekly pay (£)", "year", True),
    "Employment rate": SheetMap(
        "employment-rate-16-64", "Employment rate, aged 16 to 64 years (%)", "months", True
    ),
    "Unemployment rate": SheetMap(
        "unemployment-rate-16-plus",
        "Modelled unemployment rate, aged 16 years and over (%)",
        "months",
        True,
    ),
    "GDHI per head": SheetMap(
        "gdhi-per-head", "Gross disposable household income, per head (£)", "year"
    ),
    "New enterprises": SheetMap(
        "business-births",
        "Count of births of new enterprises (control rounded to base 5)",
        "year",
    ),
    "Deaths of enterprises": SheetMap(
        "business-deaths", "Count of deaths of enterprises (control rounded to base 5)", "year"
    ),
    "Active enterprises": SheetMap(
        "active-enterprises", "Count of active enterprises (control rounded to base 5)", "year"
    ),
    "High growth enterprises": SheetMap(
        "high-growth-enterprises",
        "Count of high growth enterprises (control rounded to base 5)",
        "year",
    ),
    "Public transport to employer": SheetMap(
        "travel-time-employment-centre-public-transport",
        "Average travel time in minutes to reach nearest large employment centre (500 to 4999 "
        "jobs available), by public transport or walking (minutes)",
        "year",
    ),
    "Drive to employer": SheetMap(
        "travel-time-employment-centre-car",
        "Average travel time in minutes to reach nearest large employment centre (500 to 4999 "
        "jobs available), by car (minutes)",
        "year",
    ),
    "Cycle to employer": SheetMap(
        "travel-time-employment-centre-cycle",
        "Average travel time in minutes to reach nearest large employment centre (500 to 4999 "
        "jobs available), by cycle (minutes)",
        "year",
    ),
    "Broadband availability": SheetMap(
        "gigabit-broadband",
        "Percentage of premises with gigabit-capable broadband (%)",
        "month",
    ),
    "4G area coverage": SheetMap(
        "mobile-4g-coverage",
        "Percentage of 4G coverage by at least one mobile network operator (%)",
        "month",
    ),
    "GCSE by age 19": SheetMap(
        "gcse-english-maths-age-19",
        "Percentage of young people achieving GCSEs (and equivalent qualifications) in English "
        "and maths by age 19 (%)",
        "academic",
    ),
    "Apprenticeship starts": SheetMap(
        "apprenticeship-starts-rate",
        "Apprenticeships started by adults aged 16+ based on home address (per 100,000 population)",
        "academic",
    ),
    "Level 3+ qualifications": SheetMap(
        "level-3-qualifications-16-64",
        "Proportion of the population aged 16 to 64 with NVQ3+ qualification (%)",
        "year",
        True,
    ),
    "Female HLE": SheetMap(
        "healthy-life-expectancy-female", "Female Healthy Life Expectancy (years)", "pooled", True
    ),
    "Male HLE": SheetMap(
        "healthy-life-expectancy-male", "Male Healthy Life Expectancy (years)", "pooled", True
    ),
    "Life satisfaction": SheetMap(
        "life-satisfaction",
        "Mean satisfaction with your life nowadays scored 0 (not at all) - 10 (completely)",
        "months",
        True,
    ),
    "Net additions": SheetMap(
        "net-additions-housing", "Net additions per 1,000 stock", "financial"
    ),
}
CODES = tuple(sorted({sheet.indicator for sheet in SHEETS.values()}))
TITLE = "ONS Subnational indicators explorer: underlying datasets"


def parse_period(text: str, kind: str) -> Period:
    """The period of a sheet from its Date: row; ValueError says what was expected."""
    text = " ".join(text.split())
    patterns = {
        "year": (r"(\d{4})( revised)?", "a year such as 2023"),
        "months": (r"(\d{2})/(\d{4}) - (\d{2})/(\d{4})", "12 months such as 10/2022 - 09/2023"),
        "month": (r"(\d{2})/(\d{4})", "a month such as 09/2023"),
        "academic": (r"(\d{4})/(\d{2})", "an academic year such as 2022/23"),
        "financial": (r"Financial year ending (\d{4})", "'Financial year ending 2023'"),
        "pooled": (r"(\d{4}) - (\d{4})", "years such as 2018 - 2020"),
    }
    pattern, expected = patterns[kind]
    match = re.fullmatch(pattern, text)
    if match is None:
        raise ValueError(f"The Date: row says '{text}'; it should be {expected}.")
    numbers = [int(group) for group in match.groups() if group and group.strip().isdigit()]
    if kind == "year":
        return year(numbers[0])
    if kind == "months":
        first_month, first_year, last_month, last_year = numbers
        if (last_year * 12 + last_month) - (first_year * 12 + first_month) != 11:
            raise ValueError(f"The Date: row says '{text}'; it should span 12 months.")
        return twelve_months(first_year, first_month)
    if kind == "month":
        return month(numbers[1], numbers[0])
    if kind == "academic":
        return academic_year(numbers[0])
    if kind == "financial":
        return financial_year(numbers[0] - 1)
    return years_pooled(numbers[0], numbers[1])


def read(path: Path, name: str) -> Reading:
    reading = Reading(ReleaseInfo(TITLE, "Office for National Statistics", None, ""))
    return read_workbook(
        path, name, reading, lambda workbook: _read_workbook(workbook, name, reading)
    )


def _read_workbook(workbook: Any, name: str, reading: Reading) -> None:
    if "Notes" in workbook.sheetnames:
        _release(workbook["Notes"], reading.release)
    other = []
    for title in workbook.sheetnames:
        if title in SHEETS:
            sheet = workbook[title]
            sheet.reset_dimensions()
            _read_sheet(title, list(sheet.iter_rows(values_only=True)), name, reading)
        elif title not in ("Notes", "Voluntary TQV", "Data dictionary", "Data inclusivity"):
            other.append(title)
    for title in SHEETS:
        if title not in workbook.sheetnames:
            reading.faults.append(
                Fault(name, f"The workbook has no sheet '{title}'. {CHECK_DOWNLOAD}", title)
            )
    if other:
        reading.notes.append(
            f"Sheets in the workbook that localgrowth does not import ({len(other)}): "
            + ", ".join(other)
        )


def _release(sheet: Any, release: ReleaseInfo) -> None:
    rows = [row[0] for row in sheet.iter_rows(values_only=True, max_row=6, max_col=1)]
    edition = next((str(cell) for cell in rows if str(cell).endswith("release")), "")
    published = next((cell for cell in rows if isinstance(cell, date | datetime)), None)
    if published is None:
        text = next((str(cell) for cell in rows if re.fullmatch(r"\d\d/\d\d/\d{4}", str(cell))), "")
        if text:
            published = datetime.strptime(text, "%d/%m/%Y")
    if edition:
        release.title = f"{TITLE}, {edition.lower()}"
    if isinstance(published, datetime):
        published = published.date()
    release.published = published


def _read_sheet(title: str, rows: list[tuple[Any, ...]], name: str, reading: Reading) -> None:
    spec = SHEETS[title]
    faults = reading.faults
    date_row = next(
        (index for index, row in enumerate(rows[:10]) if row and row[0] == "Date:"), None
    )
    header_at = next((index for index, row in enumerate(rows[:20]) if row and row[0] == AREA), None)
    if date_row is None or header_at is None:
        missing = "'Date:' row" if date_row is None else f"header row starting '{AREA}'"
        faults.append(Fault(name, f"The sheet has no {missing}. {CHECK_DOWNLOAD}", title))
        return
    try:
        period = parse_period(str(rows[date_row][1] or ""), spec.period)
    except ValueError as error:
        faults.append(Fault(name, f"{error} {CHECK_DOWNLOAD}", title, date_row + 1, "B"))
        return
    wanted = [AREA, spec.value_column, *((LOWER, UPPER) if spec.bounds else ())]
    at = header_index(rows[header_at], wanted, name, title, header_at + 1, faults)
    if len(at) < len(wanted):
        return
    for index, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        _row(row, index, at, spec, period, title, name, reading)


def _row(
    row: tuple[Any, ...],
    number_: int,
    at: dict[str, int],
    spec: SheetMap,
    period: Period,
    title: str,
    name: str,
    reading: Reading,
) -> None:
    code = str(row[at[AREA]] or "").strip() if at[AREA] < len(row) else ""
    parsed: dict[str, float | None] = {}
    for column in (spec.value_column, LOWER, UPPER):
        if column not in at:
            continue
        raw = row[at[column]] if at[column] < len(row) else None
        try:
            parsed[column] = number(raw)
        except ValueError as error:
            reading.faults.append(Fault(name, str(error), title, number_, column, str(raw)))
            return
    value = parsed[spec.value_column]
    if not code:
        if value is not None:
            reading.faults.append(
                Fault(name, f"The area code is empty. {CHECK_DOWNLOAD}", title, number_, AREA)
            )
        return
    if value is None:
        reading.not_available += 1
        return
    reading.values.append(
        Value(
            spec.indicator,
            code,
            period,
            value,
            cell_ref(title, number_, at[spec.value_column]),
            title,
            number_,
            AREA,
            lower=parsed.get(LOWER),
            upper=parsed.get(UPPER),
        )
    )
