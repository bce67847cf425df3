"""Read CSV and XLSX files into typed rows, reporting every fault with its place.

Pure Python (no Django). An importer describes the sheets and columns it expects with
``SheetSpec`` and ``Column``; ``read_tabular`` reads the file, parses every cell with the column's
parser and returns the parsed rows together with every fault found, each naming the file, sheet,
row, column, the value and what to do. Nothing here touches a database.

Rows are streamed: a CSV file is decoded as it is read, a workbook is read with openpyxl's
read-only mode, and only the parsed ``Row`` objects and the faults are kept.
"""

from __future__ import annotations

import csv
import difflib
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from .cells import cell_text

Parser = Callable[[str], Any]
"""A parser takes the cell's text (already stripped, never empty) and returns a value, or raises
``ValueError`` whose message says what is wrong and what to do."""

VALUE_LIMIT = 100
"""Fault.value holds at most this many characters of the cell's text."""

_RESAVE = (
    "Open it and save it as .xlsx or CSV UTF-8 (in Excel: File > Save As, then 'Excel Workbook' "
    "or 'CSV UTF-8 (Comma delimited)')."
)
_OTHER_FORMATS = {
    ".xls": "an older Excel workbook (.xls)",
    ".xlsm": "a macro-enabled Excel workbook (.xlsm)",
    ".xlsb": "a binary Excel workbook (.xlsb)",
    ".ods": "an OpenDocument spreadsheet (.ods)",
    ".numbers": "a Numbers spreadsheet",
    ".tsv": "a tab-separated file",
    ".txt": "a text file",
}
_FILL = "Put the column headings in row 1 and a row for each item below."
_SEPARATORS = re.compile(r"[\s_\-]+")
_ZIP_SIGNATURE = b"PK\x03\x04"
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_CP1252_BOM = "ï»¿"  # a UTF-8 byte order mark read as Windows-1252


@dataclass(frozen=True)
class Fault:
    file: str
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        place = [self.file]
        if self.sheet is not None:
            place.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            place.append(f"row {self.row}")
        if self.column is not None:
            place.append(f"column '{self.column}'")
        return f"{', '.join(place)}: {self.message}"


@dataclass(frozen=True)
class Column:
    name: str
    parse: Parser
    required: bool = False
    """A required column must be present in the header, and its cells must not be empty."""
    description: str = ""
    example: str = ""


@dataclass(frozen=True)
class SheetSpec:
    name: str
    columns: Sequence[Column]
    required: bool = True
    description: str = ""


@dataclass
class Row:
    sheet: str
    number: int
    """The row number as a spreadsheet program shows it (the header is row 1)."""
    values: dict[str, Any]
    """Parsed values by column name; empty cells are None; absent optional columns are absent,
    and so are cells that did not parse."""
    complete: bool = True
    """False when a cell of the row has a fault: its other values can still be checked."""


@dataclass
class TabularResult:
    """The rows of each sheet (keyed by ``SheetSpec.name``; every spec has a key, with an empty
    list for an absent sheet) and every fault found.

    A row with a fault is included with ``complete`` False and without the cells that failed, so
    an importer can go on to check what does not depend on them (duplicate keys, references)
    and report every fault at once. Importers store ``rows`` only when ``faults`` is empty.
    ``present`` names the sheets the file holds."""

    rows: dict[str, list[Row]] = field(default_factory=dict)
    faults: list[Fault] = field(default_factory=list)
    present: set[str] = field(default_factory=set)


def read_tabular(
    path: Path, sheets: Sequence[SheetSpec], *, max_bytes: int, display_name: str | None = None
) -> TabularResult:
    """Read a .csv or .xlsx file described by ``sheets``.

    ``display_name`` (default: the file's name) names the file in every fault. The format is
    chosen by the extension of ``display_name`` (or of ``path`` when that has none). A CSV
    file holds one sheet: the first of ``sheets``. Faults name a sheet as its ``SheetSpec`` does
    (matching is case-insensitive); an unexpected sheet as the workbook does. File sizes in
    messages count 1 MB as 1024 KB, as Windows does."""
    name = display_name if display_name is not None else path.name
    suffix = (Path(name).suffix or path.suffix).lower()
    refusal = _refusal(path, name, suffix, max_bytes)
    if refusal is not None:
        return TabularResult({spec.name: [] for spec in sheets}, [Fault(name, refusal)])
    if suffix == ".csv":
        result = _read_csv(path, name, sheets[0])
    else:
        result = _read_xlsx(path, name, sheets)
    for spec in sheets:
        result.rows.setdefault(spec.name, [])
    return result


def _refusal(path: Path, name: str, suffix: str, max_bytes: int) -> str | None:
    """Why the file cannot be read at all, judged before reading it; or None."""
    if suffix not in (".csv", ".xlsx"):
        kind = _OTHER_FORMATS.get(suffix)
        if kind is not None:
            return f"The file is {kind}, which cannot be read. {_RESAVE}"
        return f"Only Excel workbooks (.xlsx) and CSV files can be read. {_RESAVE}"
    size = path.stat().st_size
    if size > max_bytes:
        return (
            f"The file is {_size(size)}; the largest accepted is {_size(max_bytes)}. Split it "
            "into smaller files, or remove sheets, columns and formatting that are not needed."
        )
    if size == 0:
        return f"The file is empty. {_FILL}"
    with path.open("rb") as file:
        start = file.read(4)
    if suffix == ".csv" and start.startswith(_ZIP_SIGNATURE):
        return f"The file is an Excel workbook with a .csv name. {_RESAVE}"
    if suffix == ".csv" and start.startswith(_UTF16_BOMS):
        return "The file is saved as Unicode Text (UTF-16). Save it as CSV UTF-8 (Comma delimited)."
    if suffix == ".xlsx" and start.startswith(_OLE_SIGNATURE):
        return (
            "The file could not be opened as an Excel workbook: it is password-protected or an "
            f"older .xls workbook. Remove any password. {_RESAVE}"
        )
    return None


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    amount, unit = (size / 1024, "KB") if size < 1024 * 1024 else (size / 1024 / 1024, "MB")
    return f"{amount:.1f}".removesuffix(".0") + f" {unit}"


def _key(name: str) -> str:
    """A heading or sheet name for matching: case, and spaces, '_' and '-', do not matter."""
    return _SEPARATORS.sub(" ", name.strip()).casefold()


def _truncate(text: str) -> str:
    return text if len(text) <= VALUE_LIMIT else text[: VALUE_LIMIT - 1] + "…"


# The text of a cell ---------------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    """The stripped text of a cell value; a formula keeps its leading '='."""
    if isinstance(value, ArrayFormula):
        return str(value.text or "=")
    if isinstance(value, DataTableFormula):
        return "=TABLE()"
    return cell_text(value)


# One sheet ------------------------------------------------------------------------------------


class _Sheet:
    """Checks one sheet's header row, then parses its data rows into ``Row`` objects."""

    def __init__(self, file: str, spec: SheetSpec, faults: list[Fault]) -> None:
        self.file = file
        self.spec = spec
        self.faults = faults
        self.rows: list[Row] = []
        self.data_rows = 0
        self.formulas = False
        self._plan: list[tuple[int, str, Parser, bool]] = []
        self._width = 0
        self._unheaded: set[int] = set()
        self._reported: set[int] = set()

    def fault(
        self, message: str, row: int, column: str | None = None, value: str | None = None
    ) -> Fault:
        return Fault(self.file, message, self.spec.name, row, column, value)

    def read(self, records: Iterable[Sequence[Any]]) -> bool:
        """Read the header and data rows; False if the sheet has no header row."""
        records = iter(records)
        header = next(records, None)
        if header is None or not any(_cell_text(cell) for cell in header):
            if self._has_content(records):
                self.faults.append(
                    self.fault("Row 1 is empty. Put the column headings in row 1.", row=1)
                )
            return False
        self._read_header(header)
        append = self.rows.append
        for number, raw in enumerate(records, start=2):
            row = self._row(number, raw)
            if row is not None:
                append(row)
        return True

    @staticmethod
    def _has_content(records: Iterator[Sequence[Any]]) -> bool:
        return any(any(_cell_text(cell) for cell in raw) for raw in records)

    def _read_header(self, header: Sequence[Any]) -> None:
        columns = {_key(column.name): column for column in self.spec.columns}
        found: dict[str, list[int]] = {}
        unknown: list[tuple[int, str]] = []
        for index, cell in enumerate(header):
            text = _cell_text(cell)
            column = columns.get(_key(text)) if text else None
            if column is not None:
                found.setdefault(column.name, []).append(index)
            elif text:
                unknown.append((index, _truncate(text)))
            else:
                self._unheaded.add(index)
        self._width = len(header)
        missing = [column for column in self.spec.columns if column.name not in found]
        self._header_faults(found, unknown, missing)
        self._plan = [
            (found[column.name][0], column.name, column.parse, column.required)
            for column in self.spec.columns
            if column.name in found
        ]

    def _header_faults(
        self, found: dict[str, list[int]], unknown: list[tuple[int, str]], missing: list[Column]
    ) -> None:
        faults: list[tuple[str, str]] = []  # (column, message)
        for column in (column for column in missing if column.required):
            about = f" ({column.description})" if column.description else ""
            such = f", such as {column.example}" if column.example else ""
            add = f"Add a column headed '{column.name}'{about}, with a value in every row{such}."
            faults.append((column.name, f"The required column '{column.name}' is missing. {add}"))
        choices = {_key(c.name): c.name for c in (missing or self.spec.columns)}
        for _, text in unknown:
            close = difflib.get_close_matches(_key(text), list(choices), n=1)
            guess = f" Did you mean '{choices[close[0]]}'?" if close else ""
            fix = f"Remove it or rename it to one of: {', '.join(choices.values())}."
            faults.append((text, f"Column '{text}' is not in the template.{guess} {fix}"))
        for name, indexes in found.items():
            if len(indexes) > 1:
                letters = " and ".join(get_column_letter(index + 1) for index in indexes)
                fix = "Keep one and remove the others."
                faults.append((name, f"Column '{name}' appears in columns {letters}. {fix}"))
        self.faults.extend(self.fault(message, 1, column) for column, message in faults)

    def _row(self, number: int, raw: Sequence[Any]) -> Row | None:
        """Parse one data row; None if it is empty or has faults (the faults are recorded)."""
        size = len(raw)
        values: dict[str, Any] = {}
        faults: list[Fault] = []
        filled = False
        formulas = self.formulas
        for index, name, parse, required in self._plan:
            cell = raw[index] if index < size else None
            if cell.__class__ is str:
                text = cell.strip()
            else:
                text = "" if cell is None else _cell_text(cell)
            if not text:
                values[name] = None
                if required:
                    faults.append(self._empty(number, name))
                continue
            filled = True
            if formulas and text[0] == "=":
                faults.append(self._formula(number, name, text))
                continue
            try:
                values[name] = parse(text)
            except ValueError as error:
                faults.append(self.fault(str(error), number, name, _truncate(text)))
        if size > self._width or self._unheaded:
            filled = self._check_unheaded(number, raw) or filled
        if not filled and not self._has_content(iter((raw,))):
            return None
        self.data_rows += 1
        if faults:
            self.faults.extend(faults)
            for fault in faults:
                values.pop(fault.column or "", None)
            return Row(self.spec.name, number, values, complete=False)
        return Row(self.spec.name, number, values)

    def _empty(self, number: int, name: str) -> Fault:
        return self.fault(f"Cell is empty. Every row needs a value in '{name}'.", number, name)

    def _formula(self, number: int, name: str, text: str) -> Fault:
        shown = text if len(text) <= 60 else text[:59] + "…"
        return self.fault(
            f"Cell holds a formula ({shown}). Paste values only: copy the column and use "
            "Paste Special > Values.",
            number,
            name,
            _truncate(text),
        )

    def _check_unheaded(self, number: int, raw: Sequence[Any]) -> bool:
        """Report, once per column, a value in a column without a heading; True if any."""
        filled = False
        size = len(raw)
        for index in itertools.chain(self._unheaded, range(self._width, size)):
            text = _cell_text(raw[index]) if index < size else ""
            if not text:
                continue
            filled = True
            if index not in self._reported:
                self._reported.add(index)
                letter = get_column_letter(index + 1)
                message = (
                    f"Column {letter} has no heading but holds a value. Add a heading from the "
                    "template, or clear the column."
                )
                self.faults.append(self.fault(message, number, value=_truncate(text)))
        return filled


def _no_data(result: TabularResult, file: str, sheets: Sequence[_Sheet]) -> None:
    """Add a fault when sheets have headings but none has a row of data."""
    if sheets and not any(sheet.data_rows for sheet in sheets):
        message = "The file has column headings but no rows of data. Add a row for each item."
        result.faults.append(Fault(file, message))


# CSV ------------------------------------------------------------------------------------------


def _read_csv(path: Path, name: str, spec: SheetSpec) -> TabularResult:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return _read_csv_as(path, name, spec, encoding)
        except UnicodeDecodeError:
            continue
    return TabularResult(faults=[Fault(name, _undecodable(path))])


def _read_csv_as(path: Path, name: str, spec: SheetSpec, encoding: str) -> TabularResult:
    """Read the file as ``encoding``; UnicodeDecodeError if it is not in that encoding."""
    result = TabularResult()
    sheet = _Sheet(name, spec, result.faults)
    with path.open(encoding=encoding, newline="") as file:
        first = file.readline().removeprefix(_CP1252_BOM)
        reader = csv.reader(itertools.chain([first], file), delimiter=_delimiter(first))
        try:
            has_header = sheet.read(reader)
        except csv.Error as error:
            cause = 'a cell is too long: often a quote mark (") that is never closed'
            if "field limit" not in str(error):
                cause = str(error)
            message = (
                f"The file could not be read as CSV at line {reader.line_num} ({cause}). "
                "Save it as CSV UTF-8 (Comma delimited)."
            )
            result.faults.append(Fault(name, message, spec.name))
            return result
    result.rows[spec.name] = sheet.rows
    result.present.add(spec.name)
    if not has_header and not result.faults:
        result.faults.append(Fault(name, f"The file is empty: it has no column headings. {_FILL}"))
    _no_data(result, name, [sheet] if has_header else [])
    return result


def _delimiter(line: str) -> str:
    """',' unless the header row has none but has ';' or tabs (as some Excel locales write)."""
    if "," not in line:
        for candidate in (";", "\t"):
            if candidate in line:
                return candidate
    return ","


def _undecodable(path: Path) -> str:
    data = path.read_bytes()
    try:
        data.decode("cp1252")
        offset = 0
    except UnicodeDecodeError as error:
        offset = error.start
    line = data.count(b"\n", 0, offset) + 1
    return (
        f"The file could not be read as text: the byte at offset {offset} (line {line}) is not "
        "a character in UTF-8 or Windows-1252. Save it as CSV UTF-8 (Comma delimited)."
    )


# XLSX -----------------------------------------------------------------------------------------

_NOT_A_WORKBOOK = (
    "The file could not be opened as an Excel workbook: it may be damaged, password-protected "
    f"or not really an .xlsx file. Remove any password. {_RESAVE}"
)


class _Unreadable(Exception):
    """openpyxl failed while reading a sheet's rows."""


def _read_xlsx(path: Path, name: str, specs: Sequence[SheetSpec]) -> TabularResult:
    with path.open("rb") as stream:
        try:
            workbook = load_workbook(stream, read_only=True, data_only=False, keep_links=False)
        except Exception:  # openpyxl raises many kinds of error for a damaged file
            return TabularResult(faults=[Fault(name, _NOT_A_WORKBOOK)])
        try:
            return _read_workbook(workbook, name, specs)
        except _Unreadable as error:
            return TabularResult(faults=[Fault(name, _NOT_A_WORKBOOK, str(error))])
        finally:
            workbook.close()


def _read_workbook(workbook: Any, name: str, specs: Sequence[SheetSpec]) -> TabularResult:
    result = TabularResult()
    matched = _match_sheets(workbook, name, specs, result.faults)
    with_header: list[_Sheet] = []
    for spec, worksheet in matched:
        title = worksheet.title
        sheet = _Sheet(name, spec, result.faults)
        sheet.formulas = True
        worksheet.reset_dimensions()  # the stored size may be wrong; read every row written
        faults_before = len(result.faults)
        if sheet.read(_guarded(worksheet.iter_rows(values_only=True), spec.name)):
            with_header.append(sheet)
        elif spec.required and len(result.faults) == faults_before:
            result.faults.append(Fault(name, f"Sheet '{title}' is empty. {_FILL}", spec.name))
        result.rows[spec.name] = sheet.rows
        result.present.add(spec.name)
    _no_data(result, name, with_header)
    return result


def _match_sheets(
    workbook: Any, name: str, specs: Sequence[SheetSpec], faults: list[Fault]
) -> list[tuple[SheetSpec, Any]]:
    """Pair each expected sheet with the workbook's worksheet of that name, recording a fault
    for each missing required sheet and each unexpected visible worksheet (charts are skipped)."""
    by_key = {_key(worksheet.title): worksheet for worksheet in workbook.worksheets}
    found = "Its sheets are: " + ", ".join(f"'{title}'" for title in workbook.sheetnames) + "."
    matched: list[tuple[SheetSpec, Any]] = []
    unmatched: dict[str, str] = {}
    for spec in specs:
        worksheet = by_key.get(_key(spec.name))
        if worksheet is not None:
            matched.append((spec, worksheet))
            continue
        unmatched[_key(spec.name)] = spec.name
        if spec.required:
            message = f"The workbook must have a sheet named '{spec.name}'. {found}"
            faults.append(Fault(name, f"{message} Rename the right sheet to '{spec.name}'."))
    used = {id(worksheet) for _, worksheet in matched}
    expected = _expected_sheets(specs)
    for worksheet in workbook.worksheets:
        if id(worksheet) in used or worksheet.sheet_state != "visible":
            continue
        title = worksheet.title
        close = difflib.get_close_matches(_key(title), list(unmatched), n=1)
        guess = f" Did you mean '{unmatched[close[0]]}'?" if close else ""
        message = f"Sheet '{title}' is not expected.{guess} {expected} {found}"
        faults.append(Fault(name, f"{message} Rename or remove it.", title))
    return matched


def _expected_sheets(specs: Sequence[SheetSpec]) -> str:
    parts = []
    for verb, required in (("must", True), ("may", False)):
        names = [f"'{spec.name}'" for spec in specs if spec.required is required]
        if names:
            listed = f"{', '.join(names[:-1])} and {names[-1]}" if len(names) > 1 else names[0]
            parts.append(f"{verb} have {'sheets' if len(names) > 1 else 'a sheet'} named {listed}")
    return f"The workbook {' and '.join(parts)}." if parts else "The workbook needs no sheets."


def _guarded(rows: Iterator[tuple[Any, ...]], title: str) -> Iterator[tuple[Any, ...]]:
    """The rows, with any error openpyxl raises while reading them turned into _Unreadable."""
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as error:  # a damaged sheet can fail in many ways
            raise _Unreadable(title) from error
        yield row
