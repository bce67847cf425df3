"""The decision paper of a saved scenario and its workbook: the PDF renders (its text read with
pypdf) and its figures equal the scenario's as saved, on every page the saved stamp; the page is
for staff who may view scenarios; the workbook's Candidates sheet is the scenario's lines; a
scenario with no portfolio gives the conflicting constraints instead."""

from __future__ import annotations

import importlib
import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from localgrowth.prioritisation.models import Call, Candidate, Scenario
from localgrowth.prioritisation.scenarios import save_scenario, totals
from localgrowth.prioritisation.workbook import CANDIDATE_COLUMNS, SHEETS, candidate_values
from localgrowth.staff.decision_paper import (
    decision_paper,
    objective_figure,
    pounds,
    saved_text,
)

from .conftest import make_user, page_of, text_of

pytestmark = pytest.mark.django_db

SECTIONS = [
    "The decision in summary",
    "Funded grant by financial year",
    "Value against grant",
    "Where the money goes",
    "Every candidate",
    "Why in, why out",
    "What the constraints cost",
    "Compared with funding down the ranking",
    "Sources, method and licence",
]


def path(scenario: Scenario, what: str = "paper/") -> str:
    return f"/staff/calls/{scenario.call.slug}/scenarios/{scenario.pk}/{what}"


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def pdf_of(response) -> tuple[PdfReader, list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return reader, [flat(page.extract_text()) for page in reader.pages]


def no_solving(monkeypatch) -> None:
    """Any attempt to choose the portfolio again fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("the paper chose the portfolio again")

    monkeypatch.setattr(
        importlib.import_module("localgrowth.domain.portfolio.solve"), "optimise", refuse
    )
    monkeypatch.setattr("localgrowth.prioritisation.scenarios.choose_portfolio", refuse)
    monkeypatch.setattr("localgrowth.prioritisation.scenarios.appraise_call", refuse)


# The PDF ----------------------------------------------------------------------------------------


def test_the_pdf_renders_and_its_figures_equal_the_scenarios(viewer_client, scenario, monkeypatch):
    no_solving(monkeypatch)
    # Edits after saving change nothing in the paper: it is the scenario as saved.
    Candidate.objects.filter(reference="B").update(title="Renamed", excluded=True)
    response = viewer_client.get(path(scenario, "paper.pdf"))
    reader, pages = pdf_of(response)
    assert response["Content-Disposition"] == (
        f'attachment; filename="small-call-scenario-{scenario.pk}-decision-paper.pdf"'
    )
    assert len(reader.pages) > 1
    saved = saved_text(scenario)
    assert reader.metadata.title == f"Small call: decision paper, Board choice, saved {saved}"
    text = " ".join(pages)

    # The stamp, and the illustrative marking, on every page.
    for number, page in enumerate(pages, start=1):
        assert f"Board choice: figures as saved on {saved}" in page, number
        assert "ILLUSTRATIVE" in page, number
        assert f"Page {number} of {len(pages)}" in page

    # The objective, the grant funded and each year's funded grant, as the scenario stores them.
    assert objective_figure(scenario) == "£1,350,000"
    assert f"Objective: total net present social value {objective_figure(scenario)}" in text
    figures = totals(scenario)
    assert pounds(figures.grant_funded) == "£1,000,000"
    assert f"Grant funded {pounds(figures.grant_funded)} Of a total budget of £1,000,000" in text
    assert f"Budget unspent {pounds(figures.unspent)}" in text
    assert scenario.cost_by_year
    for year, amount in scenario.cost_by_year.items():
        budget = scenario.budget_by_year[year]
        assert f"{year} {pounds(budget)} {pounds(amount)} {pounds(budget - amount)}" in text
    assert "Gross jobs funded 50" in text
    assert "Gross homes funded 20" in text

    # Every funded candidate, by reference, with the grant funded and its reason.
    lines = list(scenario.lines.all())
    funded = [line for line in lines if line.funded]
    assert [line.reference for line in funded] == ["B", "C"]
    for line in funded:
        assert (
            f"{line.reference} {line.title} None given Yes {pounds(line.grant)} 100% "
            f"{pounds(line.grant_funded)}"
        ) in text
    for line in lines:
        assert flat(line.reason) in text, line.reference
    assert "Renamed" not in text

    # Numbered sections, the greedy comparison and the constraints' costs as saved.
    for number, section in enumerate(SECTIONS, start=1):
        assert f"{number}. {section}" in text
    assert flat(scenario.greedy["sentence"]) in text
    for cost in scenario.constraint_costs:
        assert flat(cost["sentence"]) in text
    # The charts are followed by their tables, and the map's table is there.
    assert "Funded grant and budget by financial year (£)" in text
    assert "Eligible candidates' value and grant, highest value first" in text
    assert "East Sussex £0 No projects" in text
    assert "Not in one of the federated areas £1,000,000 B, C" in text
    assert "Contains OS data © Crown copyright and database right 2023" in text
    assert "Open Government Licence v3.0" in text


def test_the_paper_of_an_infeasible_scenario_lists_the_conflicts(viewer_client, small_call):
    infeasible = save_scenario(
        small_call, name="Everything", also_must_fund=["A", "B", "C"], time_limit=5
    )
    assert infeasible.conflicts
    page = page_of(viewer_client.get(path(infeasible)))
    conflicts = page.by_id("paper-conflicts")
    assert [text_of(item) for item in conflicts.iter("li")] == infeasible.conflicts
    body = page.text()
    assert "2. Why no portfolio meets the constraints" in body
    assert "No portfolio meets every constraint" in body
    for absent in ("Funded grant by financial year", "Where the money goes", "Projects funded"):
        assert absent not in body
    assert page.by_id("paper-chart-map") is None
    assert len(page.table_rows("paper-candidates")) == 4

    _reader, pages = pdf_of(viewer_client.get(path(infeasible, "paper.pdf")))
    text = " ".join(pages)
    for conflict in infeasible.conflicts:
        assert flat(conflict) in text
    assert "Why no portfolio meets the constraints" in text

    workbook = load_workbook(
        io.BytesIO(viewer_client.get(path(infeasible, "workbook.xlsx")).content)
    )
    rows = [row[0] for row in workbook["Constraints"].iter_rows(min_row=6, values_only=True)]
    assert rows == infeasible.conflicts


# The page ----------------------------------------------------------------------------------------


def test_the_page_shows_the_paper_to_a_viewer(viewer_client, scenario, monkeypatch):
    no_solving(monkeypatch)
    page = page_of(viewer_client.get(path(scenario)))
    assert text_of(page.find(".//h1")) == "Decision paper: Board choice"
    summary = {
        row.get("data-figure"): text_of(row.find(".//span[@data-value]"))
        for row in page.by_id("paper-summary").iter("div")
        if row.get("data-figure")
    }
    assert summary["objective"] == objective_figure(scenario) == "£1,350,000"
    assert summary["grant"] == pounds(totals(scenario).grant_funded)
    assert summary["funded"] == "2"
    assert summary["unspent"] == "£0"
    assert page.table_rows("paper-chart-by-year-table") == [
        ["2019/20", "£1,000,000", "£1,000,000", "£0"]
    ]
    candidates = {row[0]: row for row in page.table_rows("paper-candidates")}
    assert candidates["B"] == [
        "B",
        "Scheme B",
        "None given",
        "Yes",
        "£500,000",
        "100%",
        "£500,000",
        "2.4",
        "High",
        "2",
        "2",
        "100%",
    ]
    assert candidates["D"][3] == "No"
    assert candidates["D"][9] == "Not ranked"
    reasons = page.table_rows("paper-reasons")
    assert [row[0][0] for row in reasons] == ["B", "C", "A", "D"]
    assert reasons[-1][2].startswith("Not eligible:")
    for chart in ("paper-chart-by-year", "paper-chart-value", "paper-chart-map"):
        figure = page.by_id(chart)
        assert figure is not None, chart
        svg = next(e for e in figure.iter() if e.get("role") == "img")
        assert svg.get("aria-labelledby") == f"{chart}-title {chart}-desc"
        assert page.by_id(f"{chart}-table") is not None
    assert page.table_rows("paper-chart-map-table")[0] == ["East Sussex", "£0", "No projects"]
    assert "Illustrative" in text_of(page.by_id("paper-illustrative"))
    hrefs = {text_of(a): a.get("href") for a in page.all(".//a")}
    assert hrefs["Download the paper (PDF)"] == "../paper.pdf"
    assert hrefs["Download the scenario’s figures (XLSX)"] == "../workbook.xlsx"
    assert hrefs["Back to the scenario Board choice"] == "../"


def test_only_staff_who_may_view_scenarios_see_the_paper(client, scenario):
    for what in ("paper/", "paper.pdf", "workbook.xlsx"):
        response = client.get(path(scenario, what))
        assert response.status_code == 302, what
        assert response["Location"].startswith("/admin/login/")
    client.force_login(make_user("no-role"))
    for what in ("paper/", "paper.pdf", "workbook.xlsx"):
        assert client.get(path(scenario, what)).status_code == 403, what
    client.force_login(make_user("not-staff", "viewer", staff=False))
    assert client.get(path(scenario)).status_code == 403


def test_an_unknown_call_or_scenario_is_not_found(viewer_client, scenario):
    other = Call.objects.create(slug="other-call", name="Other call")
    theirs = Scenario.objects.create(call=other, name="Theirs", status="optimal")
    for url in (
        f"/staff/calls/no-such-call/scenarios/{scenario.pk}/paper/",
        f"/staff/calls/small-call/scenarios/{scenario.pk + 1000}/paper/",
        f"/staff/calls/small-call/scenarios/{theirs.pk}/paper/",
        f"/staff/calls/small-call/scenarios/{theirs.pk}/paper.pdf",
        f"/staff/calls/small-call/scenarios/{theirs.pk}/workbook.xlsx",
        f"/staff/calls/other-call/scenarios/{scenario.pk}/workbook.xlsx",
    ):
        assert viewer_client.get(url).status_code == 404, url
    assert viewer_client.post(path(scenario)).status_code == 405


# The workbook -----------------------------------------------------------------------------------


def test_the_workbook_holds_the_scenarios_figures(viewer_client, scenario, monkeypatch):
    no_solving(monkeypatch)
    # Text that a spreadsheet would read as a formula stays text.
    tricky = {
        "A": '=HYPERLINK("https://example.org")',
        "B": "+1+2",
        "C": "-SUM(A1)",
        "D": "@cmd",
    }
    for reference, title in tricky.items():
        scenario.lines.filter(reference=reference).update(title=title)
    response = viewer_client.get(path(scenario, "workbook.xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="small-call-scenario-{scenario.pk}.xlsx"'
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert tuple(workbook.sheetnames) == SHEETS
    saved = saved_text(scenario)
    for sheet in workbook.worksheets:
        assert sheet["A1"].value, sheet.title
        assert f"Small call: scenario “Board choice”, saved on {saved}" in sheet["A2"].value
        assert sheet["A3"].value
    assert workbook["Candidates"]["A3"].value.startswith("Illustrative:")

    candidates = workbook["Candidates"]
    headings = [cell.value for cell in candidates[5]]
    assert headings == [heading for heading, _format, _width in CANDIDATE_COLUMNS]
    rows = [list(row) for row in candidates.iter_rows(min_row=6, values_only=True)]
    lines = list(scenario.lines.order_by("reference"))
    # Equal to the lines, to the 15 significant digits a spreadsheet keeps.
    assert len(rows) == len(lines)
    for row, line in zip(rows, lines, strict=True):
        expected = [
            pytest.approx(value, rel=1e-14)
            if isinstance(value, float)
            else (value if value != "" else None)
            for value in candidate_values(line)
        ]
        assert row == expected, line.reference
    by_reference = {row[0]: dict(zip(headings, row, strict=True)) for row in rows}
    assert by_reference["B"]["Share funded"] == 1.0
    assert by_reference["B"]["Grant funded (£)"] == 500_000
    assert by_reference["A"]["Grant funded (£)"] == 0
    assert by_reference["D"]["Eligible"] == "No"
    assert by_reference["D"]["Weighted-sum rank"] is None
    assert by_reference["A"]["Why in or out"] == lines[0].reason
    for row, (reference, title) in enumerate(sorted(tricky.items()), start=6):
        cell = candidates.cell(row=row, column=2)
        assert (cell.value, cell.data_type) == (title, "s"), reference
        assert cell.quotePrefix, reference

    summary = {row[0]: row[1] for row in workbook["Summary"].iter_rows(min_row=6, values_only=True)}
    assert summary["Objective"] == scenario.objective_value == 1_350_000
    assert summary["Grant funded (£)"] == 1_000_000
    assert summary["Budget unspent (£)"] == 0
    assert summary["Projects funded"] == 2
    saved_at = timezone.localtime(scenario.created_at)
    assert f"{summary['Saved at']:%Y-%m-%d %H:%M}" == f"{saved_at:%Y-%m-%d %H:%M}"
    by_year = list(workbook["Budget by year"].iter_rows(min_row=6, max_row=6, values_only=True))
    assert by_year == [("2019/20", 1_000_000, 1_000_000, 0, None)]
    costs = list(workbook["Constraints"].iter_rows(min_row=6, values_only=True))
    assert [row[0] for row in costs] == [one["constraint"] for one in scenario.constraint_costs]
    greedy = {row[0]: row[1] for row in workbook["Greedy"].iter_rows(min_row=6, values_only=True)}
    assert greedy["In words"] == scenario.greedy["sentence"]
    assert greedy["Objective, funding down the ranking"] == 900_000
    assert greedy["Chosen less funding down the ranking"] == 450_000


def test_the_paper_is_built_from_the_saved_scenario_only(scenario, monkeypatch):
    no_solving(monkeypatch)
    paper = decision_paper(scenario)
    assert [section.heading for section in paper.sections] == [
        f"{number}. {title}" for number, title in enumerate(SECTIONS, start=1)
    ]
    assert [(row.name, row.grant, row.projects) for row in paper.map_areas][-1] == (
        "Not in one of the federated areas",
        1_000_000,
        ("B", "C"),
    )
    assert paper.partnership is not None
    assert paper.map_kind == "federated areas"


def test_without_federated_areas_the_map_shows_the_districts_served(scenario, monkeypatch):
    from localgrowth.places.models import Area
    from localgrowth.staff import decision_paper as module

    monkeypatch.setattr(module, "find_partnership", lambda paper: None)
    served = list(Area.objects.filter(area_type="district", name__in=["Ashford", "Maidstone"]))
    Candidate.objects.get(call=scenario.call, reference="B").places.set(served)
    Candidate.objects.get(call=scenario.call, reference="A").places.set(served[:1])
    paper = decision_paper(scenario)
    assert paper.map_kind == "districts"
    assert [(row.name, row.grant, row.projects) for row in paper.map_areas] == [
        ("Ashford", 500_000, ("B",)),
        ("Maidstone", 500_000, ("B",)),
    ]
    chart = paper.charts["map"]
    assert chart.title == "Grant funded by district"
    assert chart.table.rows == [["Ashford", "£500,000", "B"], ["Maidstone", "£500,000", "B"]]
    assert "<svg" in chart.svg


def test_a_score_objective_reads_as_a_number():
    scenario = Scenario(objective="score", objective_value=2.1666666, status="optimal")
    assert objective_figure(scenario) == "2.167"
    assert objective_figure(Scenario(objective="score", status="infeasible")) == (
        "None: no portfolio was found"
    )
