"""ONS subregional productivity by local authority district (legacy .xls workbook).

Sheets A1, A3, B1 and B3 hold GVA per hour worked and per filled job (index and £), and the
sheets "Productivity Hours" and "Productivity Jobs" the hours and jobs they are divided by. Each
sheet has a title block, then a header row starting ``LAD_Code, LAD_Name`` with one column per
year (``Pounds_2004``…). The ratios are stored with their denominators, so that aggregation can
weight them.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from localgrowth.domain.tabular import Fault

from ..reading import (
    CHECK_DOWNLOAD,
    Reading,
    ReleaseInfo,
    Unreadable,
    Value,
    cell_ref,
    letter,
    number,
    year,
)

URL = (
    "https://www.ons.gov.uk/employmentandlabourmarket/peopleinwork/labourproductivity/datasets/"
    "subregionalproductivitylabourproductivityindicesbylocalauthoritydistrict"
)
SHEETS = {
    # sheet: (indicator, column prefix, denominator sheet)
    "A1": ("gva-per-hour-worked-index", "Index", "Productivity Hours"),
    "A3": ("gva-per-hour-worked", "Pounds", "Productivity Hours"),
    "B1": ("gva-per-filled-job-index", "Index", "Productivity Jobs"),
    "B3": ("gva-per-filled-job", "Pounds", "Productivity Jobs"),
    "Productivity Hours": ("productivity-hours-worked", "Hours", None),
    "Productivity Jobs": ("productivity-filled-jobs", "Jobs", None),
}
INDICATORS = tuple(indicator for indicator, _, _ in SHEETS.values())
_RELEASE = re.compile(r"Subregional Productivity (\w+ \d{4}) release")
_MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ),
        start=1,
    )
}
PUBLISHED = {"June 2024": date(2024, 6, 17)}
"""Release days known for the month the workbook names (the ONS dataset date)."""


def read(path: Path, name: str) -> Reading:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except Exception:  # xlrd raises many kinds of error for a damaged or wrong file
        return _unreadable(name)
    try:
        return _read_book(book, name)
    except Unreadable as error:
        return Reading(ReleaseInfo("", "", None, URL), faults=[Fault(name, str(error))])
    finally:
        book.release_resources()


def _unreadable(name: str) -> Reading:
    message = (
        "The file could not be opened as an Excel 97-2003 workbook (.xls): it is damaged, cut "
        f"short or another kind of file. {CHECK_DOWNLOAD}"
    )
    return Reading(ReleaseInfo("", "", None, URL), faults=[Fault(name, message)])


def _read_book(book: Any, name: str) -> Reading:
    reading = Reading(_release(book))
    names = book.sheet_names()
    missing = [sheet for sheet in SHEETS if sheet not in names]
    for sheet in missing:
        reading.faults.append(
            Fault(
                name,
                f"The workbook has no sheet '{sheet}'. Its sheets are: {', '.join(names)}. "
                f"{CHECK_DOWNLOAD}",
            )
        )
    tables = {
        sheet: _read_sheet(book.sheet_by_name(sheet), name, reading)
        for sheet in SHEETS
        if sheet not in missing
    }
    for sheet, (indicator, _, denominator_sheet) in SHEETS.items():
        denominators = tables.get(denominator_sheet or "", {})
        for (code, period), (value, cell, row, column) in tables.get(sheet, {}).items():
            parts = denominators.get((code, period)) if denominator_sheet else None
            reading.values.append(
                Value(
                    indicator,
                    code,
                    year(period),
                    value,
                    cell,
                    sheet,
                    row,
                    column,
                    denominator=parts[0] if parts else None,
                )
            )
    return reading


def _release(book: Any) -> ReleaseInfo:
    title = "ONS Subregional productivity: labour productivity indices by local authority district"
    published = None
    if "Contents" in book.sheet_names():
        sheet = book.sheet_by_name("Contents")
        text = " ".join(str(sheet.cell_value(row, 0)) for row in range(min(sheet.nrows, 10)))
        match = _RELEASE.search(text)
        if match:
            title = f"{title}, {match.group(1)}"
            published = PUBLISHED.get(match.group(1))
            if published is None:
                month, year_text = match.group(1).split()
                published = date(int(year_text), _MONTHS.get(month, 1), 1)
    return ReleaseInfo(title, "Office for National Statistics", published, URL)


def _read_sheet(
    sheet: Any, name: str, reading: Reading
) -> dict[tuple[str, int], tuple[float, str, int, str]]:
    """(code, year) → (value, cell, row, column) for one sheet; faults go to the reading."""
    prefix = SHEETS[sheet.name][1]
    header_row = next(
        (row for row in range(min(sheet.nrows, 20)) if sheet.cell_value(row, 0) == "LAD_Code"),
        None,
    )
    if header_row is None:
        reading.faults.append(
            Fault(
                name,
                "There is no header row starting 'LAD_Code' in the first 20 rows. Restore the "
                f"header row as the publisher's file has it. {CHECK_DOWNLOAD}",
                sheet.name,
                None,
                "LAD_Code",
            )
        )
        return {}
    years = _year_columns(sheet, header_row, prefix, name, reading)
    values: dict[tuple[str, int], tuple[float, str, int, str]] = {}
    for row in range(header_row + 1, sheet.nrows):
        code = str(sheet.cell_value(row, 0)).strip()
        if not code or code.startswith("Source"):
            continue
        for column, period in years:
            heading = f"{prefix}_{period}"
            try:
                value = number(sheet.cell_value(row, column))
            except ValueError as error:
                reading.faults.append(
                    Fault(
                        name,
                        str(error),
                        sheet.name,
                        row + 1,
                        heading,
                        str(sheet.cell_value(row, column)),
                    )
                )
                continue
            if value is None:
                reading.not_available += 1
                continue
            values[(code, period)] = (
                value,
                cell_ref(sheet.name, row + 1, column),
                row + 1,
                heading,
            )
    return values


def _year_columns(
    sheet: Any, header_row: int, prefix: str, name: str, reading: Reading
) -> list[tuple[int, int]]:
    columns = []
    for column in range(2, sheet.ncols):
        heading = str(sheet.cell_value(header_row, column)).strip()
        if not heading:
            continue
        match = re.fullmatch(rf"{prefix}_(\d{{4}})", heading)
        if match is None:
            reading.faults.append(
                Fault(
                    name,
                    f"Column {letter(column)} is headed '{heading}', not '{prefix}_' and a year "
                    f"as in the publisher's file. {CHECK_DOWNLOAD}",
                    sheet.name,
                    header_row + 1,
                    heading,
                )
            )
            continue
        columns.append((column, int(match.group(1))))
    if not columns:
        reading.faults.append(
            Fault(
                name,
                f"The header row has no year columns ('{prefix}_2004'…). {CHECK_DOWNLOAD}",
                sheet.name,
                header_row + 1,
            )
        )
    return columns
