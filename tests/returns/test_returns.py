"""Quarterly return workbooks: generated, filled, read back, checked rule by rule, stored."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from openpyxl.workbook import Workbook

from localgrowth.core.importing import IMPORTERS, ImportFailed
from localgrowth.domain.returns import Quarter, Rule, parse_quarter
from localgrowth.projects.models import Fund, OutputLine, OutputType, Project, SpendLine
from localgrowth.returns.importers import import_returns
from localgrowth.returns.models import (
    Return,
    ReturnMilestone,
    ReturnOutput,
    ReturnRisk,
    ReturnSpend,
    ReturnStatus,
)
from localgrowth.returns.workbook import write_quarter_workbook

pytestmark = pytest.mark.django_db

QUARTER = Quarter(2019, 3)
REFERENCE = "RET-0001"


@pytest.fixture
def project():
    project = Project.objects.create(
        reference=REFERENCE,
        title="Harlow Enterprise Zone access",
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


def append_after_data(sheet, values):
    """Write a row below the last row that holds a value (append() would go below the open
    input rows)."""
    last = max(
        (cell.row for row in sheet.iter_rows() for cell in row if cell.value not in (None, "")),
        default=1,
    )
    for index, value in enumerate(values, start=1):
        sheet.cell(row=last + 1, column=index, value=value)


def filled_workbook(project, tmp_path: Path) -> Path:
    path = tmp_path / "blank.xlsx"
    write_quarter_workbook(project, QUARTER, path)
    workbook = load_workbook(path)
    for sheet, rows in rows_to_add().items():
        for values in rows:
            append_after_data(workbook[sheet], values)
    sign_off = workbook["Sign-off"]
    sign_off["B3"] = "Jane Smith"
    sign_off["B4"] = "Section 151 officer"
    sign_off["B5"] = datetime(2020, 1, 20)
    sign_off["B6"] = "Works began on site in October; spend is behind profile by £200,000."
    filled = tmp_path / "return.xlsx"
    workbook.save(filled)
    return filled


def rows_to_add() -> dict[str, list[list[object]]]:
    return {
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


def counts(project) -> dict[str, int]:
    return {
        "returns": Return.objects.count(),
        "spend": ReturnSpend.objects.count(),
        "outputs": ReturnOutput.objects.count(),
        "milestones": ReturnMilestone.objects.count(),
        "risks": ReturnRisk.objects.count(),
        "history": Return.history.count(),
        "spend lines": SpendLine.objects.filter(project=project).count(),
        "output lines": OutputLine.objects.filter(project=project).count(),
    }


# Generation -----------------------------------------------------------------------------------


def test_workbook_is_prefilled_locked_and_has_dropdowns(project, tmp_path):
    path = write_quarter_workbook(project, QUARTER, tmp_path / "r.xlsx")
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["About", "Spend", "Outputs", "Milestones", "Risks", "Sign-off"]
    about = workbook["About"]
    assert about["B3"].value == REFERENCE
    assert about["B5"].value == 5000000
    assert about["B6"].value == "2019/20 Q3"
    assert about["B7"].value == datetime(2019, 12, 31)
    for sheet in workbook.worksheets:
        assert sheet.protection.sheet, sheet.title
    assert about["B3"].protection.locked
    assert workbook["Spend"]["A1"].protection.locked
    assert not workbook["Spend"]["C2"].protection.locked
    assert not workbook["Sign-off"]["B3"].protection.locked
    assert workbook["Sign-off"]["A3"].protection.locked
    assert workbook["Spend"]["C2"].number_format == "£#,##0.00"
    spend = [[c.value for c in row] for row in workbook["Spend"].iter_rows(min_row=2, max_row=4)]
    assert spend == [
        ["2018/19", "actual", 1000000],
        ["2019/20", "forecast", 2000000],
        ["2020/21", "forecast", 1500000],
    ]

    def lists(sheet: str) -> dict[str, str]:
        found = {}
        for validation in workbook[sheet].data_validations.dataValidation:
            for cell_range in validation.sqref.ranges:
                found[cell_range.coord] = validation.formula1 or validation.type
        return found

    assert lists("Spend")["B2:B201"] == '"forecast,actual"'
    assert lists("Outputs")["A2:A201"] == '"homes,jobs"'
    assert lists("Risks")["B2:B201"] == '"1,2,3,4,5"'
    assert lists("Risks")["C2:C201"] == '"1,2,3,4,5"'
    assert lists("Risks")["F2:F201"] == '"Open,Closed"'
    assert "At risk" in lists("Milestones")["E2:E201"]
    assert lists("Milestones")["C2:C201"] == "32874"


def test_command_writes_the_workbook(project, tmp_path):
    path = tmp_path / "cmd.xlsx"
    call_command("return-workbook", REFERENCE, "2019/20 Q3", str(path))
    assert load_workbook(path)["About"]["B3"].value == REFERENCE


def test_quarter_ends():
    assert [parse_quarter(f"2019/20 Q{n}").end for n in range(1, 5)] == [
        date(2019, 6, 30),
        date(2019, 9, 30),
        date(2019, 12, 31),
        date(2020, 3, 31),
    ]
    with pytest.raises(ValueError, match="2019/20 Q3"):
        parse_quarter("2019/21 Q3")


# Round trip -----------------------------------------------------------------------------------


def test_filled_workbook_round_trips(project, tmp_path):
    path = filled_workbook(project, tmp_path)
    report = import_returns(path)
    assert report.created == [f"{REFERENCE} 2019/20 Q3 v1"]
    stored = Return.objects.get()
    assert (stored.financial_year, stored.quarter, stored.version) == ("2019/20", 3, 1)
    assert stored.status == ReturnStatus.SUBMITTED
    assert stored.period_end == date(2019, 12, 31)
    assert (stored.sign_off_name, stored.sign_off_role, stored.sign_off_date) == (
        "Jane Smith",
        "Section 151 officer",
        date(2020, 1, 20),
    )
    assert stored.narrative.startswith("Works began")
    spend = {(s.financial_year, s.basis): s.amount for s in stored.spend.all()}
    assert spend == {
        ("2018/19", "actual"): Decimal("1000000.00"),
        ("2019/20", "forecast"): Decimal("2000000.00"),
        ("2020/21", "forecast"): Decimal("1500000.00"),
        ("2019/20", "actual"): Decimal("800000.00"),
    }
    outputs = {(o.output_type.code, o.period, o.basis): o.value for o in stored.outputs.all()}
    assert outputs == {
        ("homes", "", "forecast"): Decimal("100"),
        ("jobs", "", "forecast"): Decimal("250"),
        ("jobs", "2019/20", "actual"): Decimal("40"),
    }
    milestones = [
        (m.name, m.baseline_date, m.forecast_date, m.actual_date, m.status)
        for m in stored.milestones.all()
    ]
    assert milestones == [
        ("Planning consent", date(2019, 6, 30), None, date(2019, 7, 15), "complete"),
        ("Construction start", date(2019, 10, 1), date(2020, 2, 1), None, "on_track"),
    ]
    risks = [
        (r.description, r.likelihood, r.impact, r.owner, r.mitigation, r.status)
        for r in stored.risks.all()
    ]
    assert risks == [
        (
            "Contractor cost inflation",
            4,
            4,
            "Project board",
            "Fixed-price contract let; contingency of 10% held.",
            "open",
        ),
        ("Utility diversions take longer", 2, 3, "Highways team", "", "open"),
    ]
    assert stored.history.count() == 1
    # Submitting again keeps the first version and adds the next.
    import_returns(path)
    assert list(Return.objects.values_list("version", flat=True)) == [1, 2]


def test_import_command_and_registry(project, tmp_path):
    assert "returns" in IMPORTERS
    path = filled_workbook(project, tmp_path)
    call_command("import_data", "returns", str(path))
    assert Return.objects.filter(project=project, status="submitted").count() == 1


def test_dry_run_stores_nothing(project, tmp_path):
    import_returns(filled_workbook(project, tmp_path), dry_run=True)
    assert not Return.objects.exists()


def test_not_a_workbook(project, tmp_path):
    path = tmp_path / "return.xlsx"
    path.write_bytes(b"not a zip file")
    with pytest.raises(ImportFailed) as failure:
        import_returns(path)
    assert [getattr(fault, "rule", "") for fault in failure.value.faults] == [Rule.UNREADABLE]


# One faulty workbook per rule -----------------------------------------------------------------


def approve_same_quarter(project, tmp_path):
    import_returns(filled_workbook(project, tmp_path))
    Return.objects.update(status=ReturnStatus.APPROVED)


def approve_earlier_quarter(project, tmp_path):
    earlier = Return.objects.create(
        project=project,
        financial_year="2019/20",
        quarter=2,
        period_end=date(2019, 9, 30),
        version=1,
        status=ReturnStatus.APPROVED,
    )
    ReturnSpend.objects.create(
        quarterly_return=earlier, financial_year="2019/20", basis="actual", amount=900000
    )


def put(sheet: str, cell: str, value: object) -> Callable[[Workbook], None]:
    def change(workbook: Workbook) -> None:
        workbook[sheet][cell] = value

    return change


def add(sheet: str, values: list[object]) -> Callable[[Workbook], None]:
    def change(workbook: Workbook) -> None:
        append_after_data(workbook[sheet], values)

    return change


def remove_sheet(workbook: Workbook) -> None:
    del workbook["Risks"]


def extra_sheet(workbook: Workbook) -> None:
    workbook.create_sheet("Notes")["A1"] = "working"


@dataclass
class Case:
    rule: str
    change: Callable[[Workbook], None]
    sheet: str | None
    row: int | None
    column: str | None
    words: str
    before: Callable[..., None] | None = None


CASES = [
    Case(Rule.SHEET_MISSING, remove_sheet, "Risks", None, None, "no sheet named 'Risks'"),
    Case(Rule.SHEET_UNEXPECTED, extra_sheet, "Notes", None, None, "not part of the return"),
    Case(Rule.HEADING, put("Spend", "A1", "Year"), "Spend", 1, "A", "heading 'Financial year'"),
    Case(Rule.LABEL, put("About", "A3", "Ref"), "About", 3, "A", "should read 'Project reference'"),
    Case(Rule.FORMULA, put("Spend", "C5", "=1+1"), "Spend", 5, "C", "holds a formula"),
    Case(Rule.REQUIRED, put("Spend", "C5", None), "Spend", 5, "C", "is empty"),
    Case(Rule.MONEY, put("Spend", "C5", "lots"), "Spend", 5, "C", "not an amount of money"),
    Case(Rule.FINANCIAL_YEAR, put("Spend", "A5", "2019"), "Spend", 5, "A", "2019/20"),
    Case(Rule.BASIS, put("Spend", "B5", "planned"), "Spend", 5, "B", "not one of the allowed"),
    Case(Rule.NUMBER, put("Outputs", "E4", "forty"), "Outputs", 4, "E", "forty"),
    Case(Rule.DATE, put("Milestones", "C3", "soon"), "Milestones", 3, "C", "is not a date"),
    Case(Rule.SCORE, put("Risks", "B2", 6), "Risks", 2, "B", "score from 1 to 5"),
    Case(
        Rule.MILESTONE_STATUS,
        put("Milestones", "E3", "Nearly"),
        "Milestones",
        3,
        "E",
        "not one of the allowed",
    ),
    Case(Rule.RISK_STATUS, put("Risks", "F2", "Maybe"), "Risks", 2, "F", "not one of the allowed"),
    Case(Rule.TEXT, put("Outputs", "A4", "x" * 50), "Outputs", 4, "A", "Shorten it"),
    Case(Rule.QUARTER, put("About", "B6", "Q3 2019"), "About", 6, "B", "not a quarter"),
    Case(Rule.PROJECT, put("About", "B3", "NOPE-1"), "About", 3, "B", "no project with"),
    Case(
        Rule.QUARTER_END,
        put("About", "B7", datetime(2019, 12, 30)),
        "About",
        7,
        "B",
        "ends on 31/12/2019",
    ),
    Case(Rule.OUTPUT_TYPE, put("Outputs", "A4", "widgets"), "Outputs", 4, "A", "not an output"),
    Case(
        Rule.APPROVED,
        lambda workbook: None,
        "About",
        6,
        "B",
        "was approved",
        approve_same_quarter,
    ),
    Case(Rule.TITLE, put("About", "B4", "Other scheme"), "About", 4, "B", "not the title"),
    Case(
        Rule.SPEND_DUPLICATE,
        add("Spend", ["2019/20", "actual", 100]),
        "Spend",
        6,
        "A",
        "repeats 2019/20 actual",
    ),
    Case(
        Rule.SPEND_OVER_GRANT,
        put("Spend", "C5", 4500000),
        "Spend",
        5,
        "C",
        "more than the grant",
    ),
    Case(
        Rule.ACTUAL_FELL,
        lambda workbook: None,
        "Spend",
        5,
        "C",
        "less than the £900,000.00",
        approve_earlier_quarter,
    ),
    Case(
        Rule.ACTUAL_IN_FUTURE,
        add("Spend", ["2020/21", "actual", 10]),
        "Spend",
        6,
        "B",
        "starts after the quarter ends",
    ),
    Case(
        Rule.PROFILE_OVER_GRANT,
        put("Spend", "C4", 4000000),
        "Spend",
        4,
        "C",
        "Reduce the forecast",
    ),
    Case(
        Rule.OUTPUT_DUPLICATE,
        add("Outputs", ["jobs", "jobs", "2019/20", "actual", 41]),
        "Outputs",
        5,
        "A",
        "repeats the actual jobs",
    ),
    Case(Rule.OUTPUT_NOT_PROJECT, put("Outputs", "A4", "learners"), "Outputs", 4, "A", "not one"),
    Case(Rule.OUTPUT_UNIT, put("Outputs", "B4", "people"), "Outputs", 4, "B", "counted in jobs"),
    Case(
        Rule.FORECAST_PAST,
        put("Milestones", "C3", datetime(2019, 11, 1)),
        "Milestones",
        3,
        "C",
        "before the quarter ends",
    ),
    Case(
        Rule.COMPLETE_NO_ACTUAL,
        put("Milestones", "D2", None),
        "Milestones",
        2,
        "D",
        "has no actual date",
    ),
    Case(
        Rule.ACTUAL_DATE_FUTURE,
        put("Milestones", "D2", datetime(2020, 1, 5)),
        "Milestones",
        2,
        "D",
        "after the quarter ends",
    ),
    Case(
        Rule.MILESTONE_DUPLICATE,
        put("Milestones", "A3", "planning consent"),
        "Milestones",
        3,
        "A",
        "already on row 2",
    ),
    Case(Rule.MITIGATION, put("Risks", "E2", None), "Risks", 2, "E", "no mitigation"),
    Case(Rule.OWNER, put("Risks", "D3", None), "Risks", 3, "D", "has no owner"),
    Case(Rule.SIGN_OFF_MISSING, put("Sign-off", "B4", None), "Sign-off", 4, "B", "signed off"),
    Case(
        Rule.SIGN_OFF_EARLY,
        put("Sign-off", "B5", datetime(2019, 12, 1)),
        "Sign-off",
        5,
        "B",
        "before the quarter ends",
    ),
    Case(
        Rule.FORECAST_BEFORE_BASELINE,
        put("Milestones", "B3", datetime(2020, 3, 1)),
        "Milestones",
        3,
        "C",
        "before the baseline date",
    ),
]


def test_every_rule_has_a_case_and_a_distinct_code():
    codes = [value for name, value in vars(Rule).items() if name.isupper()]
    assert len(codes) == len(set(codes)) >= 25
    assert {case.rule for case in CASES} | {Rule.UNREADABLE} == set(codes)


@pytest.mark.parametrize("case", CASES, ids=[f"{case.rule}" for case in CASES])
def test_faulty_workbook(case, project, tmp_path):
    good = filled_workbook(project, tmp_path)
    if case.before is not None:
        case.before(project, tmp_path)
    workbook = load_workbook(good)
    case.change(workbook)
    bad = tmp_path / "faulty.xlsx"
    workbook.save(bad)
    before = counts(project)
    with pytest.raises(ImportFailed) as failure:
        import_returns(bad)
    assert counts(project) == before
    faults = failure.value.faults
    matching = [fault for fault in faults if getattr(fault, "rule", None) == case.rule]
    assert matching, [str(fault) for fault in faults]
    places = [(fault.sheet, fault.row, fault.column) for fault in matching]
    assert (case.sheet, case.row, case.column) in places, [str(f) for f in faults]
    fault = matching[places.index((case.sheet, case.row, case.column))]
    assert case.words in fault.message
    assert fault.file == "faulty.xlsx"
    assert str(fault).endswith(f"[{case.rule}]")


def test_all_faults_are_reported_at_once(project, tmp_path):
    workbook = load_workbook(filled_workbook(project, tmp_path))
    workbook["Spend"]["C5"] = "lots"
    workbook["Risks"]["B2"] = 9
    workbook["Sign-off"]["B3"] = None
    workbook["Milestones"]["C3"] = datetime(2019, 11, 1)
    bad = tmp_path / "many.xlsx"
    workbook.save(bad)
    with pytest.raises(ImportFailed) as failure:
        import_returns(bad)
    rules = [fault.rule for fault in failure.value.faults]  # type: ignore[attr-defined]
    assert rules == [Rule.MONEY, Rule.FORECAST_PAST, Rule.SCORE, Rule.SIGN_OFF_MISSING]
    assert not Return.objects.exists()


def test_every_rule_code_is_documented():
    docs = (Path(__file__).resolve().parents[2] / "docs" / "returns.md").read_text()
    codes = [value for name, value in vars(Rule).items() if name.isupper()]
    missing = [code for code in codes if f"| {code} |" not in docs]
    assert not missing
