"""Read CSV and XLSX files into typed rows, reporting every fault with its place.

Pure Python (no Django). An importer describes the sheets and columns it expects with
``SheetSpec`` and ``Column``; ``read_tabular`` reads the file, parses every cell with the column's
parser and returns the parsed rows together with every fault found, each naming the file, sheet,
row, column, the value and what to do. Nothing here touches a database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Parser = Callable[[str], Any]
"""A parser takes the cell's text (already stripped, never empty) and returns a value, or raises
``ValueError`` whose message says what is wrong and what to do."""


@dataclass(frozen=True)
class Fault:
    file: str
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        ...


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
    """Parsed values by column name; empty cells are None; absent optional columns are absent."""


@dataclass
class TabularResult:
    rows: dict[str, list[Row]] = field(default_factory=dict)
    faults: list[Fault] = field(default_factory=list)


def read_tabular(
    path: Path, sheets: Sequence[SheetSpec], *, max_bytes: int, display_name: str | None = None
) -> TabularResult:
    ...
