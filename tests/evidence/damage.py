"""Damaged copies of the real files, made in a test's tmp_path: a column renamed or gone, text in
a number cell, an unknown area code, the file cut short, the wrong encoding.

Workbooks are patched in their XML (an .xlsx is a zip of XML parts) and the legacy .xls in its
bytes, record for record, so everything else in the file stays as the publisher wrote it."""

from __future__ import annotations

import csv
import io
import re
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import xlrd


def copy(source: Path, target: Path, change: Callable[[bytes], bytes] = lambda data: data) -> Path:
    target.write_bytes(change(source.read_bytes()))
    return target


def cut_in_row(data: bytes, marker: bytes, into: int = 4) -> bytes:
    """The file cut short a few bytes into the first line holding ``marker``."""
    start = data.index(marker)
    line_start = data.rfind(b"\n", 0, start) + 1
    return data[: line_start + into]


# CSV --------------------------------------------------------------------------------------------


def csv_edit(
    source: Path,
    target: Path,
    edit: Callable[[list[list[str]]], None],
    encoding: str = "utf-8",
) -> Path:
    """Rewrite a CSV after ``edit`` changes its rows in place (same encoding and BOM)."""
    data = source.read_bytes()
    bom = data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig" if bom else encoding), newline="")))
    edit(rows)
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n" if b"\r\n" in data[:2000] else "\n").writerows(rows)
    text = out.getvalue()
    target.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))
    return target


def set_cell(row_test: Callable[[list[str]], bool], column: int, value: str):
    def edit(rows: list[list[str]]) -> None:
        row = next(row for row in rows if row and row_test(row))
        row[column] = value

    return edit


# XLSX -------------------------------------------------------------------------------------------


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    workbook = archive.read("xl/workbook.xml").decode()
    rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    targets = dict(re.findall(r'Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
    targets.update(
        {rid: target for target, rid in re.findall(r'Target="([^"]+)"[^>]*Id="([^"]+)"', rels)}
    )
    sheets = re.findall(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', workbook)
    return {name: "xl/" + targets[rid].removeprefix("/xl/") for name, rid in sheets}


def xlsx_edit(source: Path, target: Path, parts: dict[str, Callable[[bytes], bytes]]) -> Path:
    """Copy a workbook, changing named parts; a key "sheet:NAME" names a worksheet."""
    with zipfile.ZipFile(source) as archive:
        names = _sheet_parts(archive)
        wanted = {
            names.get(key.removeprefix("sheet:"), key): change for key, change in parts.items()
        }
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            for item in archive.infolist():
                data = archive.read(item.filename)
                if item.filename in wanted:
                    data = wanted[item.filename](data)
                out.writestr(item, data)
    return target


def replace_everywhere(old: bytes, new: bytes, source: Path, target: Path) -> Path:
    """Replace text in every XML part of a workbook (shared strings and inline strings)."""
    with (
        zipfile.ZipFile(source) as archive,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for item in archive.infolist():
            out.writestr(item, archive.read(item.filename).replace(old, new))
    return target


def text_in_cell(reference: str, text: str = "abc") -> Callable[[bytes], bytes]:
    """A worksheet change: the cell at ``reference`` (e.g. "C140") holds text instead."""

    def change(data: bytes) -> bytes:
        pattern = re.compile(rb'<c r="' + reference.encode() + rb'"(?:[^>]*/>|[^>]*>.*?</c>)')
        replacement = f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()
        changed, count = pattern.subn(replacement, data, count=1)
        assert count == 1, f"no cell {reference}"
        return changed

    return change


# XLS --------------------------------------------------------------------------------------------


def xls_text_in_number(data: bytes, sheet: str, row: int, path: Path) -> tuple[bytes, int]:
    """Turn one number cell of a row (0-based) into text: its NUMBER record becomes a LABELSST
    record pointing at an existing shared string, padded with an empty record to the same
    length. Returns the new bytes and the cell's column (0-based)."""
    book = xlrd.open_workbook(str(path), on_demand=True)
    values = book.sheet_by_name(sheet).row_values(row)
    index = book._sharedstrings.index("Thanet")
    book.release_resources()
    for column, value in enumerate(values):
        if not isinstance(value, float):
            continue
        record = struct.pack("<HHHH", 0x0203, 14, row, column)
        for match in re.finditer(re.escape(record), data):
            start = match.start()
            if struct.unpack("<d", data[start + 10 : start + 18])[0] != value:
                continue
            xf = data[start + 8 : start + 10]
            label = struct.pack("<HHHH", 0x00FD, 10, row, column) + xf + struct.pack("<I", index)
            padding = struct.pack("<HH", 0x0000, 0)
            changed = data[:start] + label + padding + data[start + 18 :]
            if (
                xlrd.open_workbook(file_contents=changed)
                .sheet_by_name(sheet)
                .cell_value(row, column)
                == "Thanet"
            ):
                return changed, column
    raise AssertionError("no NUMBER record in that row")
