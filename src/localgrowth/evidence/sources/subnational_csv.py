"""ONS Subnational indicators explorer data download, August 2022 update (``machine_readable.csv``).

A Windows-1252 CSV with two preamble lines, then one row per area, indicator and period:
``AREACD, AREANM, Geography, Indicator, Category, Period, Measure, Unit, Value, MAD``. Areas of
every level are mixed in one file (districts, counties, regions, ITL areas…). The indicators that
localgrowth's catalogue has are imported; the others are listed in the report.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from localgrowth.domain.tabular import Fault

from ..reading import (
    CHECK_DOWNLOAD,
    Period,
    Reading,
    ReleaseInfo,
    Unreadable,
    Value,
    header_index,
    letter,
    number,
    read_csv_rows,
    short_row_fault,
    twelve_months,
    year,
)

COLUMNS = ("AREACD", "AREANM", "Indicator", "Period", "Unit", "Value")
TITLE = "ONS Subnational indicators explorer data download, August 2022 update"


def _year(text: str) -> Period:
    if not re.fullmatch(r"\d{4}", text):
        raise ValueError(f"'{text}' is not a year such as 2020.")
    return year(int(text))


def _twelve_months_to_march(text: str) -> Period:
    """ "2022": the 12 months April 2021 to March 2022."""
    if not re.fullmatch(r"\d{4}", text):
        raise ValueError(f"'{text}' is not a year such as 2022.")
    return twelve_months(int(text) - 1, 4)


def _year_from_april(text: str) -> Period:
    """ "202021": April 2020 to March 2021."""
    match = re.fullmatch(r"(\d{4})(\d{2})", text)
    if match is None or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise ValueError(f"'{text}' is not a pair of years such as 202021.")
    return twelve_months(int(match.group(1)), 4)


ParsePeriod = Callable[[str], Period]
INDICATORS: dict[str, tuple[str, str, ParsePeriod]] = {
    # the file's Indicator → (indicator code, unit the file must give, period parser)
    "Gross Value Added (GVA) per hour worked": ("gva-per-hour-worked", "£", _year),
    "Median Weekly Pay": ("median-weekly-pay", "£", _year),
    "Employment rate (16–64-year olds)": ("employment-rate-16-64", "%", _twelve_months_to_march),
    "Gross Disposable Household Income (GDHI), per head": ("gdhi-per-head", "£", _year),
    "Proportion of the population aged 16 - 64 with level 3+ qualifications": (
        "level-3-qualifications-16-64",
        "%",
        _year,
    ),
    "Percentage of premises with gigabit-capable broadband": ("gigabit-broadband", "%", _year),
    "Percentage of 4G (and 5G) coverage by at least one mobile network operator": (
        "mobile-4g-coverage",
        "%",
        _year,
    ),
    "Average travel time in minutes to reach nearest large employment centre (500 + "
    "employees), by public transport": (
        "travel-time-employment-centre-public-transport",
        "mins",
        _year,
    ),
    "Average travel time in minutes to reach nearest large employment centre (500 + "
    "employees), by car": ("travel-time-employment-centre-car", "mins", _year),
    "Average travel time in minutes to reach nearest large employment centre (500 + "
    "employees), by cycle": ("travel-time-employment-centre-cycle", "mins", _year),
    "Average life satisfaction ratings": ("life-satisfaction", "Score out of 10", _year_from_april),
}
CODES = tuple(sorted({code for code, _, _ in INDICATORS.values()}))


def read(path: Path, name: str) -> Reading:
    reading = Reading(ReleaseInfo(TITLE, "Office for National Statistics", None, ""))
    try:
        rows, _ = read_csv_rows(path)
    except Unreadable as error:
        reading.faults.append(Fault(name, str(error)))
        return reading
    header_at = next(
        (index for index, row in enumerate(rows[:10]) if row and row[0].strip() == "AREACD"),
        None,
    )
    if header_at is None:
        reading.faults.append(
            Fault(
                name,
                "There is no header row starting 'AREACD' in the first 10 lines. Restore the "
                f"header row as the publisher's file has it. {CHECK_DOWNLOAD}",
            )
        )
        return reading
    header = rows[header_at]
    at = header_index(header, COLUMNS, name, None, header_at + 1, reading.faults)
    if len(at) < len(COLUMNS):
        return reading
    other: Counter[str] = Counter()
    for number_, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            reading.faults.append(short_row_fault(name, number_, len(row), len(header)))
            continue
        _row(row, number_, at, name, reading, other)
    if other:
        reading.notes.append(
            f"Indicators in the file that localgrowth does not import ({len(other)}): "
            + "; ".join(f"{title} ({rows:,} rows)" for title, rows in sorted(other.items()))
        )
    return reading


def _row(
    row: list[str],
    number_: int,
    at: dict[str, int],
    name: str,
    reading: Reading,
    other: Counter[str],
) -> None:
    title = row[at["Indicator"]].strip()
    mapping = INDICATORS.get(title)
    if mapping is None:
        other[title] += 1
        return
    code, unit, parse_period = mapping
    faults = reading.faults
    if row[at["Unit"]].strip() != unit:
        faults.append(
            Fault(
                name,
                f"'{title}' should be in '{unit}', not '{row[at['Unit']]}'. {CHECK_DOWNLOAD}",
                None,
                number_,
                "Unit",
                row[at["Unit"]],
            )
        )
        return
    try:
        period = parse_period(row[at["Period"]].strip())
    except ValueError as error:
        faults.append(Fault(name, f"{error} {CHECK_DOWNLOAD}", None, number_, "Period"))
        return
    try:
        value = number(row[at["Value"]])
    except ValueError as error:
        faults.append(Fault(name, str(error), None, number_, "Value", row[at["Value"]]))
        return
    area = row[at["AREACD"]].strip()
    if value is None:
        reading.not_available += 1
        return
    if not area:
        faults.append(
            Fault(name, f"The area code is empty. {CHECK_DOWNLOAD}", None, number_, "AREACD")
        )
        return
    cell = f"{letter(at['Value'])}{number_}"
    reading.values.append(Value(code, area, period, value, cell, None, number_, "AREACD"))
