"""The project importer: every fault reported with its place, all or nothing, idempotent."""

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from localgrowth.core.importing import ImportFailed
from localgrowth.projects.importers import import_projects
from localgrowth.projects.models import OutputLine, Project, ProjectArea

pytestmark = pytest.mark.django_db

HEADER = [
    "reference",
    "title",
    "fund",
    "programme",
    "status",
    "category",
    "start",
    "end",
    "areas",
    "grant",
    "total_cost",
    "sources",
]
GOOD_ROWS = [
    [
        "T-001",
        "Thanet Parkway",
        "lgf-3b",
        "selep-growth-deal",
        "completed",
        "transport",
        "2019",
        "31/03/2023",
        "E07000114",
        "£14,000,000",
        "34,500,000.00",
        "https://www.southeastlep.com/project/thanet-parkway/",
    ],
    [
        "T-002",
        "Hastings and Bexhill movement",
        "lgf",
        "selep-growth-deal",
        "in_delivery",
        "transport",
        "2015-04-01",
        "2021-03",
        "E07000062=0.5; E07000064=0.5",
        "9000000",
        "",
        "",
    ],
    [
        "T-003",
        "Harlow College T-level buildings",
        "gbf",
        "selep-getting-building-fund",
        "Completed",
        "skills",
        "",
        "",
        "E07000073",
        "1250000.50",
        "",
        "",
    ],
]


def write_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def write_csv(path: Path, rows: list[list], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def places(failure: ImportFailed) -> set[tuple]:
    return {(fault.sheet, fault.row, fault.column) for fault in failure.faults}


def test_a_workbook_with_many_faults_reports_every_one_and_stores_nothing(tmp_path):
    header = [column for column in HEADER if column != "category"]  # missing required column
    rows = [
        header,
        ["F-001", "Bad amount", "lgf", "", "completed", "", "", "E07000114", "£12,x00", "", ""],
        ["F-002", "Unknown area", "lgf", "", "completed", "", "", "E07999999", "", "", ""],
        ["F-001", "Duplicate reference", "lgf", "", "completed", "", "", "E07000114", "", "", ""],
        [
            "F-004",
            "Impossible date",
            "lgf",
            "",
            "completed",
            "31/02/2020",
            "",
            "E07000114",
            "",
            "",
            "",
        ],
        ["F-005", "Formula", "lgf", "", "completed", "", "", "E07000114", "=1000*2", "", ""],
        [
            "F-006",
            "Text in a number cell",
            "lgf",
            "",
            "completed",
            "",
            "",
            "E07000114",
            "",
            "twelve million",
            "",
        ],
        ["F-007", "Unknown fund", "no-such-fund", "", "completed", "", "", "E07000114", "", "", ""],
    ]
    path = write_xlsx(tmp_path / "faulty.xlsx", {"Projects": rows, "Spnd": [["reference"]]})

    with pytest.raises(ImportFailed) as caught:
        import_projects(path)

    found = places(caught.value)
    assert ("Projects", 1, "category") in found  # missing required column
    assert ("Projects", 2, "grant") in found  # bad amount
    assert ("Projects", 3, "areas") in found  # unknown GSS code
    assert ("Projects", 4, "reference") in found  # duplicate reference
    assert ("Projects", 5, "start") in found  # impossible date
    assert ("Projects", 6, "grant") in found  # formula cell
    assert ("Projects", 7, "total_cost") in found  # text in a number cell
    assert ("Projects", 8, "fund") in found  # unknown fund
    assert any(fault.sheet == "Spnd" or "Spnd" in fault.message for fault in caught.value.faults)
    for fault in caught.value.faults:
        assert fault.file == "faulty.xlsx"
        assert str(fault).startswith("faulty.xlsx")
    messages = " ".join(str(fault) for fault in caught.value.faults)
    assert "E07999999" in messages
    assert "£12,x00" in messages
    assert "31/02/2020" in messages
    assert Project.objects.count() == 0
    assert Project.history.count() == 0


def test_cp1252_file_faults_show_the_text_as_written(tmp_path):
    rows = [HEADER, [*GOOD_ROWS[0][:9], "£1,2x0", "", ""]]
    path = write_csv(tmp_path / "excel.csv", rows, encoding="cp1252")
    assert "£".encode("cp1252") in path.read_bytes()

    with pytest.raises(ImportFailed) as caught:
        import_projects(path)

    (fault,) = caught.value.faults
    assert (fault.sheet, fault.row, fault.column, fault.value) == ("Projects", 2, "grant", "£1,2x0")
    assert Project.objects.count() == 0


def test_cp1252_file_imports_pound_amounts(tmp_path):
    path = write_csv(tmp_path / "excel.csv", [HEADER, GOOD_ROWS[0]], encoding="cp1252")
    report = import_projects(path)
    assert report.summary() == "1 created, 0 updated, 0 unchanged"
    assert Project.objects.get(reference="T-001").grant == Decimal("14000000.00")


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(ImportFailed) as caught:
        import_projects(path)
    assert caught.value.faults[0].file == "empty.csv"
    assert "empty" in caught.value.faults[0].message.lower()


def test_oversized_file_is_refused_before_reading(tmp_path, settings):
    settings.LOCALGROWTH_MAX_UPLOAD_BYTES = 100
    path = write_csv(tmp_path / "big.csv", [HEADER, *GOOD_ROWS])
    with pytest.raises(ImportFailed) as caught:
        import_projects(path)
    (fault,) = caught.value.faults
    assert fault.file == "big.csv"
    assert fault.row is None
    assert Project.objects.count() == 0


def test_corrected_file_imports_then_reimport_changes_nothing(tmp_path):
    path = write_xlsx(tmp_path / "projects.xlsx", {"Projects": [HEADER, *GOOD_ROWS]})

    first = import_projects(path)
    second = import_projects(path)

    assert first.summary() == "3 created, 0 updated, 0 unchanged"
    assert second.summary() == "0 created, 0 updated, 3 unchanged"
    assert Project.history.count() == 3
    parkway = Project.objects.get(reference="T-001")
    assert parkway.grant == Decimal("14000000.00")
    assert parkway.total_cost == Decimal("34500000.00")
    assert (parkway.start_date.isoformat(), parkway.start_precision) == ("2019-01-01", "year")
    assert (parkway.end_date.isoformat(), parkway.end_precision) == ("2023-03-31", "day")
    assert parkway.location_precision == "district_centroid"
    assert parkway.location_district.code == "E07000114"
    shares = ProjectArea.objects.filter(project__reference="T-002").values_list("share", flat=True)
    assert sorted(shares) == [Decimal("0.5"), Decimal("0.5")]
    assert Project.objects.get(reference="T-003").grant == Decimal("1250000.50")


def test_a_changed_row_updates_exactly_that_project_and_its_history(tmp_path):
    path = write_xlsx(tmp_path / "projects.xlsx", {"Projects": [HEADER, *GOOD_ROWS]})
    import_projects(path)
    changed = [row[:] for row in GOOD_ROWS]
    changed[1][1] = "Hastings and Bexhill Movement and Access Package"
    path = write_xlsx(tmp_path / "projects-v2.xlsx", {"Projects": [HEADER, *changed]})

    report = import_projects(path)

    assert report.updated == ["T-002"]
    assert report.summary() == "0 created, 1 updated, 2 unchanged"
    project = Project.objects.get(reference="T-002")
    assert project.title == "Hastings and Bexhill Movement and Access Package"
    titles = [record.title for record in project.history.order_by("history_date")]
    assert titles == ["Hastings and Bexhill movement", project.title]
    assert Project.objects.get(reference="T-001").history.count() == 1


def test_dry_run_stores_nothing(tmp_path):
    path = write_xlsx(tmp_path / "projects.xlsx", {"Projects": [HEADER, *GOOD_ROWS]})
    report = import_projects(path, dry_run=True)
    assert report.summary() == "Dry run, nothing stored: 3 created, 0 updated, 0 unchanged"
    assert Project.objects.count() == 0


def test_child_sheets_replace_lines_and_refuse_unknown_projects(tmp_path):
    outputs = [
        ["reference", "output_type", "period", "basis", "value"],
        ["T-001", "jobs", "", "forecast", "1,300"],
        ["T-001", "homes", "2020/21", "actual", "25"],
    ]
    path = write_xlsx(tmp_path / "p.xlsx", {"Projects": [HEADER, *GOOD_ROWS], "Outputs": outputs})
    import_projects(path)
    assert OutputLine.objects.filter(project__reference="T-001").count() == 2

    bad = [
        *outputs,
        ["T-999", "jobs", "", "forecast", "1"],
        ["T-001", "widgets", "", "actual", "1"],
    ]
    path = write_xlsx(tmp_path / "bad.xlsx", {"Projects": [HEADER, *GOOD_ROWS], "Outputs": bad})
    with pytest.raises(ImportFailed) as caught:
        import_projects(path)
    assert places(caught.value) == {("Outputs", 4, "reference"), ("Outputs", 5, "output_type")}


def test_an_exact_point_outside_every_district_records_the_nearest(tmp_path):
    header = [*HEADER, "latitude", "longitude"]
    row = [*GOOD_ROWS[0], "50.8530", "0.5731"]  # Hastings Pier
    row[8] = "E07000062"
    path = write_csv(tmp_path / "pier.csv", [header, row])
    import_projects(path)
    project = Project.objects.get(reference="T-001")
    assert project.location_precision == "exact"
    assert project.location_match == "nearest"
    assert project.location_district.code == "E07000062"
    assert project.location_distance_m is not None
    assert project.location_distance_m > 0
