"""The programme report: the XLSX holds the position's figures sheet by sheet, each sheet
stamped with the date and marked where a figure is illustrative; the PDF's text (selectable,
read here with pypdf) carries the dashboard's headline figures, its numbered sections and the
"data as at" stamp."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from localgrowth.returns.models import ReturnRisk
from localgrowth.returns.monitoring import programme_position
from localgrowth.returns.report import SHEETS

from .conftest import page_of
from .test_dashboard import QUERY, SLUG, build_programme, headlines

pytestmark = pytest.mark.django_db

AS_AT = date(2019, 12, 31)
XLSX_PATH = f"/staff/programme/{SLUG}/report.xlsx?as_at=2019-12-31"
PDF_PATH = f"/staff/programme/{SLUG}/report.pdf?as_at=2019-12-31"


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


def rows(sheet, first: int = 6) -> list[list]:
    return [list(row) for row in sheet.iter_rows(min_row=first, values_only=True)]


def test_the_xlsx_report_holds_the_positions_figures(viewer_client):
    programme = build_programme(illustrative=True)
    # Text that looks like a formula stays text.
    ReturnRisk.objects.filter(description="Contractor cost inflation").update(
        description='=HYPERLINK("https://example.org") cost inflation'
    )
    response = viewer_client.get(XLSX_PATH)
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="{SLUG}-position-2019-12-31.xlsx"'
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert tuple(workbook.sheetnames) == SHEETS
    position = programme_position(programme, AS_AT)
    for sheet in workbook.worksheets:
        assert sheet["A1"].value, sheet.title
        assert "Dashboard test programme: position as at 31 December 2019" in sheet["A2"].value
        assert sheet["A3"].value
    assert workbook["Summary"]["A3"].value.startswith("Illustrative:")
    assert workbook["Late returns"]["A3"].value == "No figure on this sheet is illustrative."

    summary = {label: value for label, value in rows(workbook["Summary"]) if label}
    assert summary["Position as at"].date() == AS_AT
    assert summary["Projects monitored"] == len(position.projects) == 2
    assert summary["Grant to the projects monitored (£)"] == position.grant == 1_500_000
    assert summary["Spend profile to date, current baseline (£)"] == position.profile_to_date
    assert summary["Spend profile to date, original baseline (£)"] == (
        position.original_profile_to_date
    )
    assert summary["Actual spend to date (£)"] == position.actual_to_date == 480_000
    assert summary["Projects rated red"] == position.ratings["red"] == 1
    assert summary["Returns overdue"] == len(position.late_returns) == 6
    jobs = position.trajectories[0].result
    assert summary["Jobs: delivered to date"] == jobs.delivered_to_date == 12
    assert summary["Jobs: delivered to date comes from"] == "Published figure of 30 June 2019"
    assert summary["Jobs: projected by the target date"] == pytest.approx(jobs.at_deadline.central)
    assert summary["Jobs: forecast at completion"] == pytest.approx(jobs.forecast_at_completion)

    by_year = rows(workbook["Spend by year"])
    assert by_year == [
        [row.financial_year, row.baseline, row.original, row.actual, row.latest_forecast]
        for row in position.spend_by_year
    ]
    by_quarter = rows(workbook["Spend by quarter"])
    assert [row[0] for row in by_quarter] == [row.label for row in position.spend_by_quarter]
    assert [row[4] for row in by_quarter] == [row.actual for row in position.spend_by_quarter]
    assert "Illustrative" in [row[6] for row in by_quarter]

    outputs = rows(workbook["Outputs"])
    assert outputs[0][:10] == ["jobs", "Jobs created", "jobs", 1, 100, 100, 15, 85, None, None]
    assert outputs[0][16] == "No assumptions set: net outputs are not available"

    projects = {row[0]: row for row in rows(workbook["Projects (RAG)"])}
    assert set(projects) == {"DASH-001", "DASH-002"}
    assert projects["DASH-001"][3] == "Amber"
    assert projects["DASH-001"][-1] == "Illustrative"
    assert projects["DASH-002"][3] == "Red"
    assert projects["DASH-002"][-1] is None  # an empty cell

    late = rows(workbook["Late returns"])
    assert [(row[0], row[2], row[5]) for row in late] == [
        (item.reference, item.quarter_label, item.days_overdue) for item in position.late_returns
    ]
    risks = rows(workbook["Risks"])
    assert [(row[0], row[5]) for row in risks] == [
        (16, '=HYPERLINK("https://example.org") cost inflation')
    ]
    assert workbook["Risks"]["F6"].data_type == "s"

    trajectory = rows(workbook["Trajectory"])
    published = [row for row in trajectory if row[1] == "Published figure"]
    assert [(row[2] and row[2].date(), row[3], row[4]) for row in published] == [
        (date(2019, 6, 30), None, 12),
        (None, "Web page (date not recorded)", 99),
    ]
    sources = [row[2] for row in rows(workbook["Sources"])]
    assert "https://example.org/progress" in sources


def test_the_pdf_report_carries_the_dashboards_headline_figures(viewer_client):
    build_programme()
    page = page_of(viewer_client.get("/staff/programme/" + QUERY))
    figures = headlines(page)
    response = viewer_client.get(PDF_PATH)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{SLUG}-position-2019-12-31.pdf"'
    )
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = re.sub(r"\s+", " ", text)
    assert len(reader.pages) >= 2
    assert reader.metadata.title == (
        "Dashboard test programme: programme report, position as at 31 December 2019"
    )
    assert "Data as at 31 December 2019" in flat
    for label, value in [
        ("grant", "£1.5m"),
        ("spend", "£480,000"),
        ("jobs-delivered", "12"),
        ("ratings", "1 red, 1 amber, 0 green"),
        ("late", "6"),
        ("risks", "1"),
    ]:
        assert figures[label] == value
    for key, value in figures.items():
        assert re.search(rf"(?m)^{re.escape(value)}\s*$", text), (key, value)
    for number, section in enumerate(
        [
            "Headline figures",
            "Trajectory to the headline targets",
            "Spend against profile",
            "Outputs against forecast",
            "Project ratings",
            "Late returns",
            "Top risks",
            "Gross and net outputs",
            "Sources and licence",
        ],
        start=1,
    ):
        assert f"{number}. {section}" in flat
    # Each chart is followed by its table, and the undated figure is in the table.
    assert "Jobs: published figures, returns, projection and target" in flat
    assert "Web page (date not recorded)" in flat
    assert "Open Government Licence v3.0" in flat
    # The page stamp of every page.
    assert flat.count("data as at 31 December 2019") >= len(reader.pages)
