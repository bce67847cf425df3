"""What a source importer reads from an official file, and the helpers every reader shares.

A reader turns one file into a ``Reading``: the release it is, the values it holds (each with the
cell it came from) and every fault found, each naming the file, sheet, row and column and what to
do. Readers touch no database; ``importers.import_indicators`` resolves the areas and stores the
values, all or nothing.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from localgrowth.domain.tabular import Fault

CHECK_DOWNLOAD = "Download the file again from the publisher, or restore the original."
NOT_A_WORKBOOK = (
    "The file could not be opened as an Excel workbook (.xlsx): it is damaged, cut short or "
    f"another kind of file. {CHECK_DOWNLOAD}"
)
NOT_AVAILABLE = frozenset(
    {"", "na", "n/a", ":", "..", "x", "[x]", "[c]", "[z]", "[low]", "[u]", "-", "!", "*", "~", "#"}
)
"""Markers publishers put where a value is suppressed, unreliable or missing: no observation."""

_NUMBER = re.compile(r"[-−]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][-+]?\d+)?")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Period:
    label: str
    start: date


def year(value: int) -> Period:
    return Period(str(value), date(value, 1, 1))


def financial_year(first: int) -> Period:
    return Period(f"{first}/{(first + 1) % 100:02d}", date(first, 4, 1))


def academic_year(first: int) -> Period:
    return Period(f"{first}/{(first + 1) % 100:02d}", date(first, 9, 1))


def twelve_months(first_year: int, first_month: int) -> Period:
    """The 12 months from a month: "Oct22-Sep23"."""
    last_month = (first_month + 10) % 12 + 1
    last_year = first_year + (1 if first_month > 1 else 0)
    label = (
        f"{_MONTHS[first_month - 1]}{first_year % 100:02d}-"
        f"{_MONTHS[last_month - 1]}{last_year % 100:02d}"
    )
    return Period(label, date(first_year, first_month, 1))


def years_pooled(first: int, last: int) -> Period:
    return Period(f"{first}-{last}", date(first, 1, 1))


def month(value: int, month_number: int) -> Period:
    """A point in time known to the month: "Sep 2023"."""
    return Period(f"{_MONTHS[month_number - 1]} {value}", date(value, month_number, 1))


def mid_year(value: int) -> Period:
    """Population estimates: 30 June."""
    return Period(f"mid-{value}", date(value, 6, 30))


@dataclass(slots=True)
class Value:
    """One value read from a file: an observation once its area is resolved."""

    indicator: str
    area: str
    """A GSS code, or for sources that give names only, the name."""
    period: Period
    value: float
    cell: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    lower: float | None = None
    upper: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    industry: str | None = None
    area_type: str | None = None
    """For a name: the type of area it names (district, partnership, country)."""


@dataclass(frozen=True)
class IndustrySpec:
    classification: str
    code: str
    name: str
    level: str
    position: int


@dataclass
class ReleaseInfo:
    title: str
    publisher: str
    published: date | None
    url: str
    edition: str = ""


@dataclass
class Reading:
    release: ReleaseInfo
    values: list[Value] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    industries: list[IndustrySpec] = field(default_factory=list)
    not_available: int = 0
    """Cells holding a publisher's marker for a suppressed or missing value."""
    named_rows: Counter[tuple[str, str]] = field(default_factory=Counter)
    """For sources that name areas: rows by (name, area type), values or not, so that every
    name that matches no area is reported."""


class Unreadable(Exception):
    """The file cannot be read at all; the message says why and what to do."""


# Numbers ---------------------------------------------------------------------------------------


def number(raw: Any) -> float | None:
    """A cell as a number: a float, None for a not-available marker, or ValueError.

    Numbers stored as numbers are taken as they are; text is accepted when it is a plain number
    (thousands separators allowed, as in "1,335")."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError(f"'{raw}' is not a number. {_FIX_NUMBER}")
    if isinstance(raw, int | float):
        if raw != raw:  # NaN
            return None
        return float(raw)
    text = str(raw).strip()
    if text.casefold() in NOT_AVAILABLE:
        return None
    if _NUMBER.fullmatch(text) and any(character.isdigit() for character in text):
        return float(text.replace(",", "").replace("−", "-"))
    shown = text if len(text) <= 40 else text[:39] + "…"
    raise ValueError(f"'{shown}' is not a number. {_FIX_NUMBER}")


_FIX_NUMBER = (
    "The cell must hold a number (or the publisher's marker for a missing value, such as "
    f"'x' or ':'). Correct the cell, or {CHECK_DOWNLOAD[0].lower()}{CHECK_DOWNLOAD[1:]}"
)


def read_workbook(path: Path, name: str, reading: Reading, read: Callable[[Any], None]) -> Reading:
    """Open the .xlsx file read-only and hand the workbook to ``read``. A workbook that cannot
    be opened, or whose sheets fail while they are read (openpyxl raises many kinds of error
    for a damaged file), is one fault naming the file."""
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            # Some publishers' workbooks have no default style; openpyxl warns and applies its own.
            warnings.simplefilter("ignore", UserWarning)
            workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception:
        reading.faults.append(Fault(name, NOT_A_WORKBOOK))
        return reading
    try:
        read(workbook)
    except Exception:
        reading.faults.append(Fault(name, NOT_A_WORKBOOK))
    finally:
        workbook.close()
    return reading


def cell_ref(sheet: str | None, row: int, column_index: int) -> str:
    """An Excel-style reference: "A3!K254" (column_index counts from 0)."""
    ref = f"{get_column_letter(column_index + 1)}{row}"
    return f"{sheet}!{ref}" if sheet else ref


def letter(column_index: int) -> str:
    return get_column_letter(column_index + 1)


# Text files -------------------------------------------------------------------------------------

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def read_csv_rows(path: Path) -> tuple[list[list[str]], str]:
    """Every row of a CSV file, decoded as UTF-8 (with or without a byte-order mark) or else
    Windows-1252; the encoding used is returned too. Raises ``Unreadable``."""
    data = path.read_bytes()
    if not data:
        raise Unreadable(f"The file is empty. {CHECK_DOWNLOAD}")
    if data.startswith(_UTF16_BOMS):
        raise Unreadable(
            "The file is saved as Unicode text (UTF-16), not as the publisher's CSV. Save it as "
            f"CSV UTF-8, or {CHECK_DOWNLOAD[0].lower()}{CHECK_DOWNLOAD[1:]}"
        )
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise Unreadable(f"The file is a spreadsheet workbook, not a CSV file. {CHECK_DOWNLOAD}")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            if encoding == "cp1252":
                line = data.count(b"\n", 0, error.start) + 1
                raise Unreadable(
                    f"The file could not be read as text: the byte at offset {error.start} "
                    f"(line {line}) is not a character in UTF-8 or Windows-1252. "
                    f"{CHECK_DOWNLOAD}"
                ) from None
            continue
        if "\x00" in text:
            raise Unreadable(
                f"The file holds NUL bytes, so it is not a text (CSV) file. {CHECK_DOWNLOAD}"
            )
        try:
            return list(csv.reader(io.StringIO(text, newline=""))), encoding
        except csv.Error as error:
            message = f"The file could not be read as CSV ({error}). {CHECK_DOWNLOAD}"
            raise Unreadable(message) from None
    raise AssertionError("unreachable")


def header_index(
    header: Sequence[Any],
    wanted: Sequence[str],
    file: str,
    sheet: str | None,
    row: int,
    faults: list[Fault],
) -> dict[str, int]:
    """Where each wanted heading is in a header row (case and spacing do not matter). A missing
    heading is a fault naming the row and the heading to restore."""
    found: dict[str, int] = {}
    keys = [_heading_key(cell) for cell in header]
    for name in wanted:
        key = _heading_key(name)
        if key in keys:
            found[name] = keys.index(key)
            continue
        faults.append(
            Fault(
                file,
                f"The column '{name}' is missing from the header row. Restore the column as the "
                f"publisher's file has it. {CHECK_DOWNLOAD}",
                sheet,
                row,
                name,
            )
        )
    return found


def _heading_key(cell: Any) -> str:
    return " ".join(str(cell or "").split()).casefold()


def short_row_fault(file: str, number_: int, cells: int, expected: int) -> Fault:
    return Fault(
        file,
        f"Row {number_} has {cells} cells but the header has {expected}: the file looks cut "
        f"short or damaged. {CHECK_DOWNLOAD}",
        None,
        number_,
    )
