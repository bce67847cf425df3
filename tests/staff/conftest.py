"""The staff pages' test data: a project in delivery, its return workbook filled in as a project
officer would, people in each role, and a strict check of every page's HTML.

The helpers are plain functions, so the browser tests use them too."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import html5lib
import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from openpyxl.workbook import Workbook

from localgrowth.domain.returns import Quarter
from localgrowth.projects.models import Fund, OutputLine, OutputType, Project, SpendLine
from localgrowth.returns.importers import import_returns
from localgrowth.returns.models import (
    BaselineChange,
    Return,
    ReturnMilestone,
    ReturnOutput,
    ReturnRisk,
    ReturnSpend,
    ReturnStatus,
)
from localgrowth.returns.workbook import write_quarter_workbook

QUARTER = Quarter(2019, 3)
REFERENCE = "STAFF-0001"
OTHER_REFERENCE = "STAFF-0002"
PASSWORD = "correct horse battery staple 7"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# A project and its return ---------------------------------------------------------------------


def make_project(reference: str = REFERENCE, title: str = "Harlow Enterprise Zone access"):
    project = Project.objects.create(
        reference=reference,
        title=title,
        fund=Fund.objects.get(code="lgf-1"),
        status="in_delivery",
        category="transport",
        grant=Decimal("5000000.00"),
    )
    for year, basis, amount in [
        ("2018/19", "actual", "1000000"),
        ("2019/20", "forecast", "2000000"),
        ("2020/21", "forecast", "1500000"),
    ]:
        SpendLine.objects.create(
            project=project, financial_year=year, basis=basis, amount=Decimal(amount)
        )
    for code, value in [("jobs", "250"), ("homes", "100")]:
        OutputLine.objects.create(
            project=project,
            output_type=OutputType.objects.get(code=code),
            basis="forecast",
            value=Decimal(value),
        )
    return project


def append_after_data(sheet, values) -> None:
    """Write a row below the last row that holds a value."""
    last = max(
        (cell.row for row in sheet.iter_rows() for cell in row if cell.value not in (None, "")),
        default=1,
    )
    for index, value in enumerate(values, start=1):
        sheet.cell(row=last + 1, column=index, value=value)


ROWS: dict[str, list[list[object]]] = {
    "Spend": [["2019/20", "actual", 800000]],
    "Outputs": [["jobs", "jobs", "2019/20", "actual", 40]],
    "Milestones": [
        ["Planning consent", datetime(2019, 6, 30), None, datetime(2019, 7, 15), "Complete"],
        ["Construction start", datetime(2019, 10, 1), datetime(2020, 2, 1), None, "On track"],
    ],
    "Risks": [
        [
            "Contractor cost inflation",
            4,
            4,
            "Project board",
            "Fixed-price contract let; contingency of 10% held.",
            "Open",
        ],
        ["Utility diversions take longer", 2, 3, "Highways team", None, "Open"],
    ],
}


def filled_workbook(
    project,
    folder: Path,
    name: str = "return.xlsx",
    change: Callable[[Workbook], None] | None = None,
) -> Path:
    """The project's workbook for 2019/20 Q3 as the officer sends it back: £800,000 actual
    spend in 2019/20, 40 jobs, two milestones, two risks, signed off; then ``change``."""
    blank = folder / f"blank-{name}.xlsx"
    write_quarter_workbook(project, QUARTER, blank)
    workbook = load_workbook(blank)
    for sheet, rows in ROWS.items():
        for values in rows:
            append_after_data(workbook[sheet], values)
    sign_off = workbook["Sign-off"]
    sign_off["B3"] = "Jane Smith"
    sign_off["B4"] = "Section 151 officer"
    sign_off["B5"] = datetime(2020, 1, 20)
    sign_off["B6"] = "Works began on site in October; spend is behind profile by £200,000."
    if change is not None:
        change(workbook)
    path = folder / name
    workbook.save(path)
    return path


def put(sheet: str, cell: str, value: object) -> Callable[[Workbook], None]:
    def change(workbook: Workbook) -> None:
        workbook[sheet][cell] = value

    return change


def submit(project, folder: Path, user, change=None, name: str = "return.xlsx") -> Return:
    """Import the filled workbook as ``user``: the next submitted version."""
    import_returns(filled_workbook(project, folder, name, change), user=user, display_name=name)
    return Return.objects.filter(project=project).latest("pk")


def upload_of(path: Path, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes(), content_type=XLSX)


def quick_return(project, version: int, user=None, **fields: Any) -> Return:
    """A version made directly in the database (faster than a workbook), with a line of each
    kind."""
    stored = Return.objects.create(
        project=project,
        financial_year="2019/20",
        quarter=3,
        period_end=date(2019, 12, 31),
        version=version,
        status=fields.pop("status", ReturnStatus.SUBMITTED),
        submitted_at=fields.pop(
            "submitted_at", datetime(2020, 1, 20 + version, 10, 0).astimezone()
        ),
        submitted_by=user,
        sign_off_name="Jane Smith",
        sign_off_role="Section 151 officer",
        sign_off_date=date(2020, 1, 20),
        narrative=f"Narrative of version {version}.",
        source_file=f"v{version}.xlsx",
        source_sha256="0" * 64,
        **fields,
    )
    ReturnSpend.objects.create(
        quarterly_return=stored,
        financial_year="2019/20",
        basis="actual",
        amount=Decimal(800000 + 1000 * version),
    )
    ReturnOutput.objects.create(
        quarterly_return=stored,
        output_type=OutputType.objects.get(code="jobs"),
        period="2019/20",
        basis="actual",
        value=Decimal(40),
    )
    ReturnMilestone.objects.create(
        quarterly_return=stored,
        position=1,
        name="Planning consent",
        baseline_date=date(2019, 6, 30),
        actual_date=date(2019, 7, 15),
        status="complete",
    )
    ReturnRisk.objects.create(
        quarterly_return=stored,
        position=1,
        description="Contractor cost inflation",
        likelihood=4,
        impact=4,
        owner="Project board",
        mitigation="Fixed-price contract.",
        status="open",
    )
    return stored


# People -----------------------------------------------------------------------------------------


def make_user(
    username: str, role: str | None = None, *, staff: bool = True, password: str | None = None
) -> User:
    """A person in ``role``; with no password (hashing one is slow) unless they sign in through
    the sign-in page."""
    user = User.objects.create_user(username, password=password, is_staff=staff)
    if role is not None:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def project(db):
    return make_project()


@pytest.fixture
def editor(db):
    return make_user("editor", "editor")


@pytest.fixture
def approver(db):
    return make_user("approver", "approver")


@pytest.fixture
def viewer(db):
    return make_user("viewer", "viewer")


@pytest.fixture
def signed_in(client):
    """``signed_in(user)``: the test client, signed in as ``user``."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


# Pages --------------------------------------------------------------------------------------------


def text_of(element) -> str:
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


class Page:
    """A page's parsed HTML."""

    def __init__(self, content: bytes) -> None:
        self.tree = html5lib.parse(content, treebuilder="etree", namespaceHTMLElements=False)

    def text(self) -> str:
        return text_of(self.tree.find("body"))

    def find(self, path: str):
        return self.tree.find(path)

    def all(self, path: str) -> list:
        return self.tree.findall(path)

    def by_id(self, id_: str):
        return next((e for e in self.tree.iter() if e.get("id") == id_), None)

    def error_summary(self) -> list[tuple[str, str]]:
        """The error summary's items: (text, link)."""
        summary = self.tree.find(".//div[@data-module='govuk-error-summary']")
        if summary is None:
            return []
        return [(text_of(a), a.get("href", "")) for a in summary.iter("a")]

    def error_messages(self) -> dict[str, str]:
        """Each field's error message by the field's id."""
        return {
            (e.get("id") or "").removesuffix("-error"): text_of(e).removeprefix("Error: ")
            for e in self.tree.iter("p")
            if "govuk-error-message" in (e.get("class") or "")
        }

    def banner(self) -> str:
        found = self.tree.find(".//div[@data-module='govuk-notification-banner']")
        return text_of(found) if found is not None else ""

    def table_rows(self, table_id: str) -> list[list[str]]:
        table = self.by_id(table_id)
        assert table is not None, f"no table #{table_id}"
        return [[text_of(cell) for cell in row] for row in table.find("tbody").iter("tr")]


def page_of(response, status: int = 200) -> Page:
    """The page, checked: the status, strict HTML5, one <h1>, a <title> naming it, a breadcrumb
    or back link, and every table with a caption and scoped headers."""
    assert response.status_code == status, (response.status_code, response.content[:3000])
    assert response["Content-Type"].startswith("text/html")
    html5lib.HTMLParser(strict=True).parse(response.content)
    page = Page(response.content)
    headings = page.all(".//h1")
    assert len(headings) == 1, f"{len(headings)} <h1>"
    title = text_of(page.find("head/title"))
    assert text_of(headings[0]) in title
    assert title.endswith(" – staff – localgrowth"), title
    if status >= 400:
        assert title.startswith("Error: "), title
    assert page.find(".//nav[@class='govuk-breadcrumbs']") is not None or page.find(
        ".//a[@class='govuk-back-link']"
    )
    for table in page.all(".//table"):
        assert table.find("caption") is not None
        for header in table.iter("th"):
            assert header.get("scope") in ("col", "row"), text_of(header)
    ids = [element.get("id") for element in page.tree.iter() if element.get("id")]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for label in page.tree.iter("label"):
        assert page.by_id(label.get("for")) is not None, label.get("for")
    return page


# The database, before and after -------------------------------------------------------------------


def snapshot() -> dict[str, Any]:
    """Everything a staff action could change."""
    return {
        "returns": sorted(Return.objects.values_list("pk", "status", "version", "returned_reason")),
        "changes": sorted(BaselineChange.objects.values_list("pk", "status", "decision_note")),
        "spend": sorted(
            SpendLine.objects.values_list("project_id", "financial_year", "basis", "amount")
        ),
        "outputs": sorted(
            OutputLine.objects.values_list(
                "project_id", "output_type_id", "period", "basis", "value"
            )
        ),
        "return history": Return.history.count(),
    }
