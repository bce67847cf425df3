"""Blank import templates and their documentation, both made from the importers' sheet specs so
neither can drift from what the importers accept."""

from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font

from .importing import Importer

DOCS_INTRO = """\
# Data formats

localgrowth imports CSV and XLSX files with `localgrowth import KIND FILE` (KIND is one of
{kinds}). `localgrowth template KIND FILE.xlsx` writes a blank template.

Rules for every import:

- **All or nothing.** Every problem in the file is reported at once, each with the file, sheet,
  row, column, the value and what to do. Nothing is stored unless the whole file is valid, and
  then it is stored in one transaction. `--dry-run` checks and reports without storing.
- **Re-importing changes nothing.** Rows are matched by their key (a project's `reference`, an
  area's `code`); the report says how many were created, updated and unchanged. A changed row
  updates exactly that record, and the change is kept in its history with who made it.
- **Files.** XLSX workbooks hold the sheets below, named exactly (extra sheets are refused, in
  case one is a misspelt name). A CSV file holds one sheet: the first one, or the one named with
  `--sheet "Match funding"`. CSV may be UTF-8 (with or without a byte-order mark) or Windows
  cp1252. Files larger than `LOCALGROWTH_MAX_UPLOAD_MB` (50 MB unless set) are refused.
- **Headers** are on row 1; their case, spaces, hyphens and underscores do not matter.
- **Cells.** Amounts are pounds, exact to the penny: `1250000`, `1,250,000` or `£1,250,000.50`.
  Text in a number cell is refused. Dates are ISO (`2021-03-31`) or `dd/mm/yyyy`; a month
  (`2021-03`) or a year (`2021`) is kept with that precision. Financial years are written
  `2019/20`. Formula cells are refused: paste values only.
"""


def write_template(importer: Importer, path: Path) -> Path:
    """A workbook with each sheet's header row; each header carries its description."""
    workbook = Workbook()
    for default in list(workbook.worksheets):
        workbook.remove(default)
    for spec in importer.sheets:
        sheet = workbook.create_sheet(spec.name)
        for index, column in enumerate(spec.columns, start=1):
            cell = sheet.cell(row=1, column=index, value=column.name)
            cell.font = Font(bold=column.required)
            note = column.description or column.name
            if column.example:
                note += f" Example: {column.example}"
            cell.comment = Comment(("Required. " if column.required else "") + note, "localgrowth")
    workbook.save(path)
    return path


def data_formats_markdown(importers: Iterable[Importer]) -> str:
    importers = sorted(importers, key=lambda importer: importer.kind)
    kinds = ", ".join(f"`{importer.kind}`" for importer in importers)
    parts = [DOCS_INTRO.format(kinds=kinds)]
    for importer in importers:
        parts.append(f"## {importer.kind}\n\n{importer.description}\n")
        for spec in importer.sheets:
            presence = "required" if spec.required else "optional"
            parts.append(f"### Sheet `{spec.name}` ({presence})\n")
            if spec.description:
                parts.append(f"{spec.description}\n")
            parts.append("| column | required | what it holds | example |\n|---|---|---|---|")
            for column in spec.columns:
                required = "yes" if column.required else ""
                text = column.description.replace("|", "\\|")
                example = f"`{column.example}`" if column.example else ""
                parts.append(f"| `{column.name}` | {required} | {text} | {example} |")
            parts.append("")
    return "\n".join(parts).rstrip() + "\n"
