"""read_tabular on real CSV and XLSX files: rows, row numbers and every fault with its place."""

import csv
import os
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference

from localgrowth.domain import cells
from localgrowth.domain.tabular import Column, Fault, Row, SheetSpec, TabularResult, read_tabular

PROJECTS = SheetSpec(
    "Projects",
    [
        Column("reference", cells.parse_text(20), required=True, example="SELEP-0001"),
        Column("title", cells.parse_text(100), required=True),
        Column("grant", cells.parse_amount),
        Column("start_date", cells.parse_date),
        Column("jobs", cells.parse_int),
        Column("share", cells.parse_share),
        Column("status", cells.parse_choice({"Open": "open", "Closed": "closed"})),
    ],
)
OUTPUTS = SheetSpec(
    "Outputs",
    [
        Column("reference", cells.parse_text(20), required=True),
        Column("count", cells.parse_int, required=True),
    ],
    required=False,
)
HEADER = ["reference", "title", "grant", "start_date", "jobs", "share", "status"]
MB = 1024 * 1024


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as file:
        csv.writer(file).writerows(rows)
    return path


def write_xlsx(
    path: Path, sheets: dict[str, list[list[Any]]], hidden: tuple[str, ...] = ()
) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        worksheet = workbook.create_sheet(title)
        for number, row in enumerate(rows, start=1):
            for column, value in enumerate(row, start=1):
                if value is not None:
                    worksheet.cell(row=number, column=column, value=value)
        if title in hidden:
            worksheet.sheet_state = "hidden"
    workbook.save(path)
    return path


def read(path: Path, sheets: list[SheetSpec] | None = None, **options: Any) -> TabularResult:
    options.setdefault("max_bytes", 50 * MB)
    return read_tabular(path, sheets or [PROJECTS], **options)


def places(result: TabularResult) -> set[tuple[str | None, int | None, str | None]]:
    return {(fault.sheet, fault.row, fault.column) for fault in result.faults}


def only_fault(result: TabularResult) -> Fault:
    assert len(result.faults) == 1, result.faults
    return result.faults[0]


# Fault ----------------------------------------------------------------------------------------


def test_fault_reads_as_a_sentence_with_its_place() -> None:
    fault = Fault(
        "projects.xlsx",
        "'£12,x00' is not an amount of money. Write pounds as a number, such as 1250000 or "
        "£1,250,000.50.",
        sheet="Projects",
        row=7,
        column="grant",
        value="£12,x00",
    )
    assert str(fault) == (
        "projects.xlsx, sheet 'Projects', row 7, column 'grant': '£12,x00' is not an amount of "
        "money. Write pounds as a number, such as 1250000 or £1,250,000.50."
    )


def test_fault_omits_missing_parts() -> None:
    assert str(Fault("a.csv", "The file is empty.")) == "a.csv: The file is empty."
    assert str(Fault("a.csv", "Bad.", row=3)) == "a.csv, row 3: Bad."


# CSV: reading ---------------------------------------------------------------------------------


def test_csv_rows_are_parsed_and_numbered_as_a_spreadsheet_shows(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "projects.csv",
        [
            HEADER,
            ["P1", "Harbour", "£1,250,000.50", "31/03/2021", "78,000", "25%", "open"],
            ["P2", "Station", "", "2021-04", "", "", "CLOSED"],
        ],
    )
    result = read(path)
    assert result.faults == []
    assert result.rows["Projects"] == [
        Row(
            "Projects",
            2,
            {
                "reference": "P1",
                "title": "Harbour",
                "grant": Decimal("1250000.50"),
                "start_date": (date(2021, 3, 31), "day"),
                "jobs": 78000,
                "share": Decimal("0.25"),
                "status": "open",
            },
        ),
        Row(
            "Projects",
            3,
            {
                "reference": "P2",
                "title": "Station",
                "grant": None,
                "start_date": (date(2021, 4, 1), "month"),
                "jobs": None,
                "share": None,
                "status": "closed",
            },
        ),
    ]
    assert type(result.rows["Projects"][0].values) is dict


def test_csv_blank_rows_are_skipped_but_counted(tmp_path: Path) -> None:
    path = tmp_path / "projects.csv"
    path.write_text(
        "reference,title\nP1,A\n\n,\n  ,  \nP2,B\n\nP3,C\n\n\n", encoding="utf-8", newline=""
    )
    result = read(path)
    assert result.faults == []
    assert [row.number for row in result.rows["Projects"]] == [2, 6, 8]


def test_csv_quoted_newlines_stay_in_one_row(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "projects.csv",
        [["reference", "title"], ["P1", "first line\nsecond line"], ["P2", "x"], ["P3", "=y"]],
    )
    result = read(path)
    rows = result.rows["Projects"]
    assert [(row.number, row.values["title"]) for row in rows] == [
        (2, "first line\nsecond line"),
        (3, "x"),
        (4, "=y"),  # a CSV file has no formulas: text starting '=' is text
    ]


def test_csv_cells_are_stripped_and_headings_matched_loosely(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "projects.csv",
        [[" Reference ", "TITLE", "Start Date"], ["  P1 ", " A  B ", " 2021 "]],
    )
    result = read(path)
    assert result.faults == []
    assert result.rows["Projects"][0].values == {
        "reference": "P1",
        "title": "A  B",
        "start_date": (date(2021, 1, 1), "year"),
    }


def test_csv_utf8_with_byte_order_mark(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", [["reference", "title"], ["P1", "Café £5"]], "utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    result = read(path)
    assert result.faults == []
    assert result.rows["Projects"][0].values == {"reference": "P1", "title": "Café £5"}


def test_csv_windows_1252(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", [HEADER[:3], ["P1", "Café", "£1,000"]], "cp1252")
    assert b"\xa3" in path.read_bytes()
    result = read(path)
    assert result.faults == []
    assert result.rows["Projects"][0].values == {
        "reference": "P1",
        "title": "Café",
        "grant": Decimal("1000.00"),
    }


def test_csv_windows_1252_late_in_a_long_file(tmp_path: Path) -> None:
    rows = [["reference", "title", "grant"]] + [[f"P{n}", "T", "1"] for n in range(5000)]
    rows.append(["PX", "T", "£7"])
    result = read(write_csv(tmp_path / "p.csv", rows, "cp1252"))
    assert result.faults == []
    assert len(result.rows["Projects"]) == 5001
    assert result.rows["Projects"][-1].values["grant"] == Decimal("7.00")


def test_csv_neither_utf8_nor_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(b"reference,title\nP1,ok\nP2,\x81bad\n")
    result = read(path)
    fault = only_fault(result)
    assert "offset 25 (line 3)" in fault.message  # counting from 0
    assert "CSV UTF-8" in fault.message
    assert result.rows["Projects"] == []


def test_csv_semicolon_separated(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("reference;title;grant\nP1;A;1250000\n", encoding="utf-8")
    result = read(path)
    assert result.faults == []
    assert result.rows["Projects"][0].values["grant"] == Decimal("1250000.00")


def test_csv_quote_never_closed(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text('reference,title\nP1,"oops\n' + "P2,x\n" * 30000, encoding="utf-8")
    result = read(path)
    fault = only_fault(result)
    assert (fault.sheet, fault.row) == ("Projects", None)
    assert 'quote mark (") that is never closed' in fault.message


def test_csv_display_name_names_the_file(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "upload-1234.csv", [["reference", "title"], ["", "A"]])
    fault = only_fault(read(path, display_name="My projects.csv"))
    assert fault.file == "My projects.csv"


# CSV: faults ----------------------------------------------------------------------------------


def test_empty_required_cell(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", [["reference", "title"], ["  ", "A"]])
    fault = only_fault(read(path))
    assert (fault.sheet, fault.row, fault.column) == ("Projects", 2, "reference")
    assert fault.message == "Cell is empty. Every row needs a value in 'reference'."


def test_cell_fault_carries_value_and_parser_message(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "projects.csv", [["reference", "title", "grant"], ["P1", "A", "£12,x00"]]
    )
    result = read(path)
    fault = only_fault(result)
    assert str(fault) == (
        "projects.csv, sheet 'Projects', row 2, column 'grant': '£12,x00' is not an amount of "
        "money. Write pounds as a number, such as 1250000 or £1,250,000.50."
    )
    assert fault.value == "£12,x00"
    (row,) = result.rows["Projects"]  # a row with a fault is kept, without the faulty cell
    assert not row.complete
    assert "grant" not in row.values


def test_fault_value_is_truncated(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", [["reference", "title"], ["P1", "x" * 500]])
    fault = only_fault(read(path))
    assert fault.value is not None
    assert len(fault.value) == 100
    assert fault.value.startswith("xxx")


def test_missing_required_column_still_reports_cell_faults(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "p.csv", [["reference", "grant"], ["P1", "lots"], ["P2", "5"], ["", "6"]]
    )
    result = read(path)
    assert places(result) == {
        ("Projects", 1, "title"),
        ("Projects", 2, "grant"),
        ("Projects", 4, "reference"),
    }
    title = next(fault for fault in result.faults if fault.column == "title")
    assert "Add a column headed 'title'" in title.message


def test_unknown_column_suggests_the_closest_name(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", [["reference", "title", "grnat"], ["P1", "A", "5"]])
    fault = only_fault(read(path))
    assert (fault.row, fault.column) == (1, "grnat")
    assert fault.message.startswith("Column 'grnat' is not in the template. Did you mean 'grant'?")
    assert "rename it to one of: grant, start_date, jobs, share, status." in fault.message


def test_duplicate_column(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", [["reference", "title", "Title"], ["P1", "A", "B"]])
    result = read(path)
    fault = only_fault(result)
    assert (fault.row, fault.column) == (1, "title")
    assert "columns B and C" in fault.message


def test_value_in_a_column_without_heading_is_reported_once(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "p.csv",
        [["reference", "", "title"], ["P1", "", "A"], ["P2", "note", "B"], ["P3", "more", "C"]],
    )
    result = read(path)
    fault = only_fault(result)
    assert (fault.row, fault.column, fault.value) == (3, None, "note")
    assert "Column B has no heading" in fault.message


def test_every_fault_in_a_file_is_reported_at_once(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "projects.csv",
        [
            ["reference", "grant", "start_date", "jobs", "stauts", "share"],
            ["P1", "£1,000", "2021-02-30", "12", "open", "0.5"],
            ["", "(500)", "2021", "many", "", "2"],
            [],
            ["P3", "10", "31/12/2021", "3", "", "50%"],
            ["P4", "1.234", "", "", "", "0"],
        ],
    )
    result = read(path)
    assert places(result) == {
        ("Projects", 1, "title"),  # required column missing
        ("Projects", 1, "stauts"),  # unknown column
        ("Projects", 2, "start_date"),
        ("Projects", 3, "reference"),
        ("Projects", 3, "grant"),
        ("Projects", 3, "jobs"),
        ("Projects", 3, "share"),
        ("Projects", 6, "grant"),
        ("Projects", 6, "share"),
    }
    assert [row.number for row in result.rows["Projects"] if row.complete] == [5]


# Refused files --------------------------------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(b"")
    result = read(path)
    assert only_fault(result).message.startswith("The file is empty.")
    assert result.rows == {"Projects": []}


def test_file_of_blank_lines_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(b"\r\n ,, \r\n\r\n")
    assert "The file is empty" in only_fault(read(path)).message


def test_header_without_data(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", [["reference", "title"], [], ["", ""]])
    assert "no rows of data" in only_fault(read(path)).message


def test_data_below_an_empty_first_row(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", [[], ["reference", "title"], ["P1", "A"]])
    fault = only_fault(read(path))
    assert (fault.row, fault.message) == (1, "Row 1 is empty. Put the column headings in row 1.")


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    path.write_bytes(b"not a workbook at all " * 3000)  # 66,000 bytes
    result = read(path, max_bytes=50 * 1024)
    fault = only_fault(result)
    assert fault.message.startswith("The file is 64.5 KB; the largest accepted is 50 KB. Split it")
    assert result.rows == {"Projects": []}


def test_size_message_in_megabytes(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("wb") as file:
        file.truncate(int(62.3 * MB))
    fault = only_fault(read(path, max_bytes=50 * MB))
    assert fault.message.startswith("The file is 62.3 MB; the largest accepted is 50 MB.")


@pytest.mark.parametrize(("suffix", "kind"), [(".xls", ".xls"), (".ods", ".ods"), (".XLS", ".xls")])
def test_other_spreadsheet_formats_are_refused(tmp_path: Path, suffix: str, kind: str) -> None:
    path = tmp_path / f"projects{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0 old excel")
    fault = only_fault(read(path))
    assert kind in fault.message
    assert "save it as .xlsx or CSV UTF-8" in fault.message


@pytest.mark.parametrize("name", ["projects.pdf", "projects"])
def test_unknown_extensions_are_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"reference,title\nP1,A\n")
    assert "save it as .xlsx or CSV UTF-8" in only_fault(read(path)).message


def test_extension_from_display_name_when_path_has_none(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "upload", [["reference", "title"], ["P1", "A"]])
    result = read(path, display_name="projects.csv")
    assert result.faults == []
    assert len(result.rows["Projects"]) == 1


def test_extension_from_display_name_first(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "upload.tmp", [["reference", "title"], ["P1", "A"]])
    assert len(read(path, display_name="projects.csv").rows["Projects"]) == 1
    path = write_csv(tmp_path / "upload.csv", [["reference", "title"], ["P1", "A"]])
    assert ".xls" in only_fault(read(path, display_name="projects.xls")).message


def test_workbook_named_csv(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "p.xlsx", {"Projects": [["reference"]]})
    path = path.rename(tmp_path / "p.csv")
    assert "Excel workbook with a .csv name" in only_fault(read(path)).message


@pytest.mark.parametrize(
    "content", [b"PK\x03\x04 truncated zip", b"just some text", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]
)
def test_corrupt_workbook(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "p.xlsx"
    path.write_bytes(content)
    result = read(path)
    assert "could not be opened as an Excel workbook" in only_fault(result).message
    assert result.rows == {"Projects": []}


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "p.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hello")
    assert "could not be opened as an Excel workbook" in only_fault(read(path)).message


# XLSX -----------------------------------------------------------------------------------------


def test_xlsx_native_numbers_and_dates_reach_the_parsers(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "p.xlsx",
        {
            "Projects": [
                HEADER,
                ["P1", "A", 1250000.5, datetime(2020, 3, 31), 78000, 0.25, "Open"],
                ["P2", 2021, 5000000.0, date(2021, 1, 1), 12.0, 0.1 + 0.2, None],
                [7, "C", 1234.56, 2021, None, 1, None],
            ]
        },
    )
    result = read(path)
    assert result.faults == []
    values = [row.values for row in result.rows["Projects"]]
    assert values[0]["grant"] == Decimal("1250000.50")
    assert values[0]["start_date"] == (date(2020, 3, 31), "day")
    assert values[0]["jobs"] == 78000
    assert values[0]["share"] == Decimal("0.25")
    assert values[1]["title"] == "2021"
    assert values[1]["grant"] == Decimal("5000000.00")
    assert values[1]["start_date"] == (date(2021, 1, 1), "day")
    assert values[1]["jobs"] == 12
    assert values[1]["share"] == Decimal("0.3")
    assert values[2]["reference"] == "7"
    assert values[2]["grant"] == Decimal("1234.56")
    assert values[2]["start_date"] == (date(2021, 1, 1), "year")


def test_xlsx_datetime_with_a_time_is_not_a_date(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "p.xlsx",
        {"Projects": [HEADER[:4], ["P1", "A", 1, datetime(2020, 3, 31, 14, 30)]]},
    )
    fault = only_fault(read(path))
    assert fault.value == "2020-03-31 14:30:00"
    assert "is not a date" in fault.message


def test_xlsx_formula_cell(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "projects.xlsx",
        {"Projects": [HEADER[:3], ["P1", "A", 5], ["P2", "B", "=C2*2"]]},
    )
    result = read(path)
    fault = only_fault(result)
    assert (fault.sheet, fault.row, fault.column, fault.value) == ("Projects", 3, "grant", "=C2*2")
    assert fault.message == (
        "Cell holds a formula (=C2*2). Paste values only: copy the column and use "
        "Paste Special > Values."
    )
    assert [row.number for row in result.rows["Projects"] if row.complete] == [2]


def test_xlsx_row_numbers_with_blank_rows(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "p.xlsx",
        {
            "Projects": [
                ["reference", "title"],
                ["P1", "A"],
                [],
                [None, None],
                ["P2", "B"],
                [],
                ["", "C"],
            ]
        },
    )
    result = read(path)
    assert [row.number for row in result.rows["Projects"] if row.complete] == [2, 5]
    assert places(result) == {("Projects", 7, "reference")}


def test_xlsx_sheet_name_matched_case_insensitively(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "p.xlsx", {"projects": [["reference", "title"], ["P1", ""]]})
    result = read(path)
    assert places(result) == {("Projects", 2, "title")}  # faults name sheets as the spec does


def test_xlsx_wrong_sheet_name(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "p.xlsx", {"Projcts": [["reference", "title"], ["P1", "A"]]})
    result = read(path, [PROJECTS, OUTPUTS])
    assert places(result) == {(None, None, None), ("Projcts", None, None)}
    missing = next(fault for fault in result.faults if fault.sheet is None)
    assert missing.message.startswith("The workbook must have a sheet named 'Projects'.")
    assert "Its sheets are: 'Projcts'." in missing.message
    unexpected = next(fault for fault in result.faults if fault.sheet == "Projcts")
    assert unexpected.message.startswith(
        "Sheet 'Projcts' is not expected. Did you mean 'Projects'? The workbook must have a "
        "sheet named 'Projects' and may have a sheet named 'Outputs'."
    )
    assert result.rows == {"Projects": [], "Outputs": []}


def test_xlsx_optional_sheet_absent(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "p.xlsx", {"Projects": [["reference", "title"], ["P1", "A"]]})
    result = read(path, [PROJECTS, OUTPUTS])
    assert result.faults == []
    assert len(result.rows["Projects"]) == 1
    assert result.rows["Outputs"] == []
    assert result.present == {"Projects"}


def test_xlsx_optional_sheet_present(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "p.xlsx",
        {
            "Projects": [["reference", "title"], ["P1", "A"]],
            "Outputs": [["reference", "count"], ["P1", 3], ["P1", "x"]],
        },
    )
    result = read(path, [PROJECTS, OUTPUTS])
    assert places(result) == {("Outputs", 3, "count")}
    complete = [row.values for row in result.rows["Outputs"] if row.complete]
    assert complete == [{"reference": "P1", "count": 3}]
    assert result.rows["Outputs"][0].sheet == "Outputs"


def test_xlsx_hidden_extra_sheet_is_ignored_but_visible_one_is_not(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "p.xlsx",
        {"Projects": [["reference", "title"], ["P1", "A"]], "Lists": [["x"]], "Notes": [["y"]]},
        hidden=("Lists",),
    )
    result = read(path)
    assert places(result) == {("Notes", None, None)}


def test_xlsx_chart_sheet_is_ignored(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "p.xlsx", {"Projects": [["reference", "title"], ["P1", "A"]]})
    workbook = openpyxl.load_workbook(path)
    chart = BarChart()
    chart.add_data(Reference(workbook["Projects"], min_col=1, min_row=1, max_row=2))
    workbook.create_chartsheet("Chart").add_chart(chart)
    workbook.save(path)
    result = read(path)
    assert result.faults == []
    assert len(result.rows["Projects"]) == 1


def test_xlsx_header_only_in_every_sheet(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "p.xlsx",
        {"Projects": [["reference", "title"]], "Outputs": [["reference", "count"]]},
    )
    fault = only_fault(read(path, [PROJECTS, OUTPUTS]))
    assert "no rows of data" in fault.message


def test_xlsx_empty_required_sheet(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "p.xlsx", {"Projects": []})
    fault = only_fault(read(path))
    assert (fault.sheet, fault.message.split(".")[0]) == ("Projects", "Sheet 'Projects' is empty")


def test_xlsx_all_faults_at_once(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "p.xlsx",
        {
            "Projects": [
                ["reference", "grant", "jobs", "extra", "jobs"],
                ["P1", "=1+1", 5, "x", 6],
                [None, -3, 2.5, None, None],
                ["P3", "£5", 7],
            ],
            "Outputs": [["reference"], ["P1"]],
            "Sheet1": [],
        },
    )
    result = read(path, [PROJECTS, OUTPUTS])
    assert places(result) == {
        ("Sheet1", None, None),
        ("Projects", 1, "title"),
        ("Projects", 1, "extra"),
        ("Projects", 1, "jobs"),
        ("Projects", 2, "grant"),
        ("Projects", 3, "reference"),
        ("Projects", 3, "grant"),
        ("Projects", 3, "jobs"),
        ("Outputs", 1, "count"),
    }
    assert [row.number for row in result.rows["Projects"] if row.complete] == [4]


def test_xlsx_file_is_closed_after_reading(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "p.xlsx", {"Projects": [["reference", "title"], ["P1", "A"]]})
    read(path)
    fd_dir = Path("/proc/self/fd")
    if not fd_dir.exists():
        pytest.skip("needs /proc")
    open_paths = {os.path.realpath(fd_dir / fd) for fd in os.listdir(fd_dir)}
    assert os.path.realpath(path) not in open_paths
