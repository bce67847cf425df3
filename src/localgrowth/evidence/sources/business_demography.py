"""ONS Business demography, UK: reference tables (``businessdemographyexceltables2024.xlsx``).

Counts of births (tables 1.1a to 1.1d), deaths (2.1), active enterprises (3.1), high-growth
enterprises (7.1) and active enterprises with 10 or more employees (7.3), by district, county and
unitary authority. A table's years are split across sheets a to d; each sheet has three title
rows, a header row of years (numbers or text) over the value columns, then one row per area:
GSS code (sometimes with trailing spaces), name and a count per year.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from localgrowth.domain.tabular import Fault

from ..reading import (
    CHECK_DOWNLOAD,
    Reading,
    ReleaseInfo,
    Value,
    cell_ref,
    number,
    read_workbook,
    year,
)

URL = (
    "https://www.ons.gov.uk/businessindustryandtrade/business/activitysizeandlocation/"
    "datasets/businessdemographyreferencetable"
)
TABLES = {
    "1.1": "business-births",
    "2.1": "business-deaths",
    "3.1": "active-enterprises",
    "7.1": "high-growth-enterprises",
    "7.3": "active-enterprises-10-plus-employees",
}
PARTS = "abcd"
INDICATORS = tuple(TABLES.values())
HEADER_ROW = 4
_PUBLISHED = re.compile(r"Date published:\s*(\d{1,2})(?:st|nd|rd|th)? (\w+) (\d{4})")
_TITLE = re.compile(r"Business Demography \d{4}")


def read(path: Path, name: str) -> Reading:
    reading = Reading(
        ReleaseInfo("ONS Business demography, UK", "Office for National Statistics", None, URL)
    )
    return read_workbook(
        path, name, reading, lambda workbook: _read_workbook(workbook, name, reading)
    )


def _read_workbook(workbook: Any, name: str, reading: Reading) -> None:
    if "Cover" in workbook.sheetnames:
        _release(workbook["Cover"], reading.release)
    for table, indicator in TABLES.items():
        for part in PARTS:
            title = f"Table {table}{part}"
            if title not in workbook.sheetnames:
                reading.faults.append(
                    Fault(
                        name,
                        f"The workbook has no sheet '{title}'. {CHECK_DOWNLOAD}",
                        title,
                    )
                )
                continue
            sheet = workbook[title]
            sheet.reset_dimensions()
            _read_sheet(title, indicator, list(sheet.iter_rows(values_only=True)), name, reading)


def _release(sheet: Any, release: ReleaseInfo) -> None:
    for (cell,) in sheet.iter_rows(values_only=True, max_row=40, max_col=1):
        text = " ".join(str(cell or "").split())
        if _TITLE.fullmatch(text):
            release.title = f"ONS Business demography, UK: {text[-4:]}"
        match = _PUBLISHED.search(text)
        if match:
            day, month_name, year_text = match.groups()
            published = datetime.strptime(f"{day} {month_name} {year_text}", "%d %B %Y")
            release.published = published.date()


def _read_sheet(
    title: str, indicator: str, rows: list[tuple[Any, ...]], name: str, reading: Reading
) -> None:
    if len(rows) < HEADER_ROW:
        reading.faults.append(Fault(name, f"The sheet is cut short. {CHECK_DOWNLOAD}", title))
        return
    header = rows[HEADER_ROW - 1]
    years = []
    for index, cell in enumerate(header[2:], start=2):
        text = str(cell if cell is not None else "").strip()
        if re.fullmatch(r"\d{4}", text):
            years.append((index, int(text)))
    if not years:
        reading.faults.append(
            Fault(
                name,
                f"Row {HEADER_ROW} should head the value columns with years (such as 2019). "
                f"{CHECK_DOWNLOAD}",
                title,
                HEADER_ROW,
            )
        )
        return
    for number_, row in enumerate(rows[HEADER_ROW:], start=HEADER_ROW + 1):
        code = str(row[0] if row and row[0] is not None else "").strip()
        area_name = str(row[1] if len(row) > 1 and row[1] is not None else "").strip()
        if not code:
            if area_name:
                reading.faults.append(
                    Fault(
                        name,
                        f"'{area_name}' has no area code. {CHECK_DOWNLOAD}",
                        title,
                        number_,
                        "A",
                    )
                )
            continue
        for index, period in years:
            raw = row[index] if index < len(row) else None
            heading = str(period)
            try:
                value = number(raw)
            except ValueError as error:
                reading.faults.append(Fault(name, str(error), title, number_, heading, str(raw)))
                continue
            if value is None:
                reading.not_available += 1
                continue
            reading.values.append(
                Value(
                    indicator,
                    code,
                    year(period),
                    value,
                    cell_ref(title, number_, index),
                    title,
                    number_,
                    "A",
                )
            )
