"""The CSV form of a return: the workbook's sheets in one UTF-8 CSV file.

The first line is the heading line ``Sheet,A,B,C,D,E,F``. Every other line belongs to the sheet
named in its first column (``Sheet``), and its further columns are that sheet's columns A, B,
C… in order. The rule that places a line is the simplest faithful one: **the n-th line tagged
with a sheet is row n of that sheet**. So each sheet's rows appear in order from its row 1: a
table sheet's heading line first, and on About and Sign-off the title line and the blank line
above the labels, so that 'Project reference' is the 3rd About line as it is row 3 of the
sheet. A line with nothing in it at all (not even a sheet name) is not a row of any sheet.

``read_csv`` builds each sheet's grid from its lines and hands them to ``read_content``, which
checks them exactly as it checks a workbook. Every fault is then placed in the CSV file: its
row is the line of the file (counted as a spreadsheet program counts rows, so a value with line
breaks in it is still one line), its column the file's column letter (one to the right of the
sheet's, column A being ``Sheet``), and the cells named in its message are rewritten to match.
A fault with no line of its own (a missing sheet, a label row the file does not reach, a year
of spend that is missing) keeps its sheet's name. The reference and cross-sheet layers run later
(``importers.validate``), so ``read_csv`` gives the ``Faults`` a list that places every fault
appended to it, then and later, in the same way.

A value that begins with '=' is a formula to a spreadsheet program that opens the file, and is
refused as one (S05). ``workbook_to_csv`` writes a text value that begins with =, +, -, @, a tab
or a carriage return after an apostrophe, as the register's CSV download does, so that opening
the file cannot run it as a formula; ``read_csv`` removes that one apostrophe again.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.conf import settings
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from localgrowth.domain import cells
from localgrowth.domain.returns import (
    SHEETS,
    Faults,
    Grid,
    ReturnContent,
    Rule,
    RuleFault,
    read_content,
)

SHEET_HEADING = "Sheet"
"""The heading of the CSV file's first column, which names each line's sheet."""
MIN_COLUMNS = 6
"""The file's columns after ``Sheet``: A to F at least (the Risks sheet is the widest)."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""Text beginning with one of these is written after an apostrophe (see the module's notes)."""
TEXT_MARK = "'"

_SAVE_AS = "Save it as CSV UTF-8 (Comma delimited), or export the return workbook again."
_ZIP_SIGNATURE = b"PK\x03\x04"
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_ALLOWED = ", ".join(f"'{sheet}'" for sheet in SHEETS)
_CELL = re.compile(r"^Cell ([A-Z]{1,3})(\d+)\b")
_ROW = re.compile(r"^Row (\d+)\b")
_ALREADY = re.compile(r"\balready on row (\d+)\b")
_LABEL_BACK = re.compile(r"\bback in A(\d+) with its value in B\1\b")


# Reading ----------------------------------------------------------------------------------------


def read_csv(path: Path, name: str, faults: Faults) -> ReturnContent | None:
    """The return's content from its CSV form, with structure and type faults recorded and
    placed in the file; None if the file cannot be read as the CSV form."""
    records = _records(path, faults)
    if records is None:
        return None
    if not _check_heading_line(records[0], faults):
        return None
    lines: dict[str, list[int]] = {sheet: [] for sheet in SHEETS}
    grids: dict[str, Grid] = {}
    present: list[str] = []
    known = {sheet.casefold(): sheet for sheet in SHEETS}
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        tag = record[0].strip()
        sheet = known.get(tag.casefold())
        if sheet is None:
            _unknown_sheet(number, tag, faults)
            continue
        if sheet not in present:
            present.append(sheet)
        lines[sheet].append(number)
        row = len(lines[sheet])
        grid = grids.setdefault(sheet, {})
        for column, text in enumerate(record[1:], start=1):
            value = _unmark(text)
            if value != "":
                grid[(row, column)] = value
    faults.items = _PlacedFaults(faults.items, _Places(lines))
    return read_content(grids, present, faults)


def _records(path: Path, faults: Faults) -> list[list[str]] | None:
    """The file's records, the heading line first; None (with a fault) if it cannot be read."""
    if path.stat().st_size > settings.LOCALGROWTH_MAX_UPLOAD_BYTES:
        faults.add(Rule.UNREADABLE, "The file is larger than uploads allow. Remove extra content.")
        return None
    data = path.read_bytes()
    if data.startswith(_ZIP_SIGNATURE):
        faults.add(
            Rule.UNREADABLE,
            "The file is an Excel workbook with a .csv name. Import it with its .xlsx name, or "
            "save it as CSV UTF-8 (Comma delimited).",
        )
        return None
    if data.startswith(_UTF16_BOMS):
        faults.add(
            Rule.UNREADABLE,
            "The file is saved as Unicode Text (UTF-16), not UTF-8. " + _SAVE_AS,
        )
        return None
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = _line_at(data[: error.start].decode("utf-8"))
        faults.add(
            Rule.UNREADABLE,
            f"The file is not UTF-8 text: line {line} holds a character that is not UTF-8 "
            "(often a '£' or an accented letter saved as 'CSV (Comma delimited)', which is "
            f"Windows-1252). {_SAVE_AS}",
            row=line,
        )
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
    except csv.Error as error:
        cause = 'a quote mark " that is never closed, or a quote inside a value'
        if "field limit" in str(error):
            cause = "a value too long for a return"
        line = len(records) + 1
        faults.add(
            Rule.UNREADABLE,
            f"The file could not be read as CSV at line {line} ({cause}). {_SAVE_AS}",
            row=line,
        )
        return None
    if not records or not any(any(cell.strip() for cell in record) for record in records):
        faults.add(
            Rule.UNREADABLE,
            "The file is empty. A return's CSV form has the heading line Sheet,A,B,C,D,E,F and "
            "then every row of every sheet of the return workbook, each after its sheet's name.",
        )
        return None
    return records


def _line_at(before: str) -> int:
    """The line (record) of the file that holds the character following ``before``."""
    return len(list(csv.reader(io.StringIO(before + "x", newline=""))))


def _check_heading_line(record: list[str], faults: Faults) -> bool:
    expected = ",".join([SHEET_HEADING, *(_letter(n) for n in range(1, MIN_COLUMNS + 1))])
    found = ",".join(record)
    how = (
        f"The first line of a return's CSV form is the heading line {expected}: the sheet's "
        "name, then the sheet's columns A, B, C… in order."
    )
    if not record or record[0].strip().casefold() != SHEET_HEADING.casefold():
        separator = ""
        if ";" in found or "\t" in found:
            separator = " Separate the values with commas, not semicolons or tabs."
        faults.add(
            Rule.UNREADABLE,
            f"Line 1 reads {cells.quote(found)}. {how} Add the heading line, or export the "
            f"return workbook again.{separator}",
            row=1,
            column="A",
            value=found,
        )
        return False
    for index, text in enumerate(record[1:], start=1):
        heading = text.strip()
        if heading and heading.upper() != _letter(index):
            letter = _letter(index + 1)
            faults.add(
                Rule.UNREADABLE,
                f"Line 1, column {letter} reads {cells.quote(heading)} but should read "
                f"'{_letter(index)}'. {how} Columns have been moved or renamed: put them back "
                "in order.",
                row=1,
                column=letter,
                value=heading,
            )
            return False
    return True


def _unknown_sheet(number: int, tag: str, faults: Faults) -> None:
    if tag:
        message = (
            f"Line {number} is for sheet {cells.quote(tag)}, which is not part of the return. "
            f"Column A ('Sheet') names the sheet each line belongs to: one of {_ALLOWED}. "
            "Correct the name, or remove the line."
        )
    else:
        message = (
            f"Line {number} has no sheet name in column A ('Sheet') but holds values. Put the "
            f"name of its sheet there (one of {_ALLOWED}), or remove the line."
        )
    faults.add(Rule.SHEET_UNEXPECTED, message, row=number, column="A", value=tag or None)


def _unmark(text: str) -> str:
    """The value without the apostrophe that keeps a spreadsheet from taking it for a formula."""
    if text.startswith(TEXT_MARK) and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _letter(index: int) -> str:
    return get_column_letter(index)


def _file_column(sheet_column: str) -> str:
    """The file's column letter for a sheet's column: one to the right, past ``Sheet``."""
    index = 0
    for char in sheet_column:
        index = index * 26 + ord(char) - ord("A") + 1
    return _letter(index + 1)


def _ordinal(number: int) -> str:
    suffix = "th"
    if not 11 <= number % 100 <= 13:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


# Placing faults in the file ---------------------------------------------------------------------


class _Places:
    """Where each row of each sheet is in the CSV file, and faults placed accordingly."""

    def __init__(self, lines: dict[str, list[int]]) -> None:
        self.lines = lines
        """The file's line of each row of each sheet: row n is ``lines[sheet][n - 1]``."""

    def line(self, sheet: str, row: int | None) -> int | None:
        rows = self.lines[sheet]
        if row is None or not 1 <= row <= len(rows):
            return None
        return rows[row - 1]

    def where(self, sheet: str, row: int) -> str:
        """A row of a sheet in the words of the file, such as 'line 22'."""
        line = self.line(sheet, row)
        if line is not None:
            return f"line {line}"
        count = len(self.lines[sheet])
        return f"the {_ordinal(row)} '{sheet}' line (the file has only {count})"

    def place(self, fault: RuleFault) -> RuleFault:
        sheet = fault.sheet
        if sheet not in self.lines:  # placed already, or about the whole file
            return fault
        line = self.line(sheet, fault.row)
        return replace(
            fault,
            message=self.message(fault, sheet),
            sheet=sheet if line is None else None,
            row=line,
            column=None if fault.column is None else _file_column(fault.column),
        )

    def message(self, fault: RuleFault, sheet: str) -> str:
        if fault.rule == Rule.SHEET_MISSING:
            return (
                f"No line of the file is for sheet '{sheet}'. Column A ('Sheet') names the sheet "
                f"of each line, and every sheet of the return has its lines: {_ALLOWED}. Add "
                f"the '{sheet}' lines, or export the return workbook to CSV again."
            )
        text = fault.message

        def cell(match: re.Match[str]) -> str:
            where = self.where(sheet, int(match[2]))
            return f"{where[0].upper()}{where[1:]}, column {_file_column(match[1])}"

        def row(match: re.Match[str]) -> str:
            where = self.where(sheet, int(match[1]))
            return where[0].upper() + where[1:]

        text = _CELL.sub(cell, text, count=1)
        text = _ROW.sub(row, text, count=1)
        already = list(_ALREADY.finditer(text))
        if already:  # the last: a name quoted before it cannot move it
            found = already[-1]
            where = self.where(sheet, int(found[1]))
            text = f"{text[: found.start()]}already on {where}{text[found.end() :]}"
        back = _LABEL_BACK.search(text)
        if back:
            row_number = int(back[1])
            line = self.line(sheet, row_number)
            at = "" if line is None else f" (line {line})"
            text = (
                f"{text[: back.start()]}back in column B of the {_ordinal(row_number)} "
                f"'{sheet}' line{at}, with its value in column C{text[back.end() :]}"
            )
        if fault.rule == Rule.HEADING:
            text += (
                f" The first '{sheet}' line of the file is the sheet's heading line: '{sheet}', "
                "then the headings."
            )
        return text


class _PlacedFaults(list[RuleFault]):
    """A fault list that places each fault in the CSV file as it is added."""

    def __init__(self, faults: Iterable[RuleFault], places: _Places) -> None:
        self.places = places
        super().__init__(places.place(fault) for fault in faults)

    def append(self, fault: RuleFault) -> None:
        super().append(self.places.place(fault))

    def extend(self, faults: Iterable[RuleFault]) -> None:
        super().extend(self.places.place(fault) for fault in faults)


# Writing ----------------------------------------------------------------------------------------


def workbook_to_csv(xlsx_path: Path, csv_path: Path) -> Path:
    """Write the CSV form of the return workbook at ``xlsx_path`` to ``csv_path``: every row of
    every visible sheet, from row 1 to its last row with a value, each after the sheet's name.
    UTF-8 with a byte order mark, so that spreadsheet programs read it as UTF-8."""
    workbook = load_workbook(xlsx_path, data_only=False, keep_links=False)
    sheets: list[tuple[str, dict[tuple[int, int], Any]]] = []
    width = MIN_COLUMNS
    for worksheet in workbook.worksheets:
        if worksheet.sheet_state != "visible":
            continue
        values = {
            (cell.row, cell.column): cell.value
            for row in worksheet.iter_rows()
            for cell in row
            if cell.value is not None and cell.value != ""
        }
        width = max([width, *(column for _, column in values)])
        sheets.append((worksheet.title, values))
    workbook.close()
    with csv_path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file, lineterminator="\r\n")
        writer.writerow([SHEET_HEADING, *(_letter(n) for n in range(1, width + 1))])
        for title, values in sheets:
            last = max([1, *(row for row, _ in values)])  # an empty sheet still has its row 1
            for row in range(1, last + 1):
                cells_ = [_csv_value(values.get((row, column))) for column in range(1, width + 1)]
                writer.writerow([title, *cells_])
    return csv_path


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, ArrayFormula):
        value = value.text or "="
    elif isinstance(value, DataTableFormula):
        value = "=TABLE()"
    if isinstance(value, str):
        return TEXT_MARK + value if value.startswith(FORMULA_STARTS) else value
    return cells.cell_text(value)
