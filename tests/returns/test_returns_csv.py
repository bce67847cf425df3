"""The CSV form of a return: a filled workbook written as CSV imports as the workbook does, and
every fault in a CSV file is placed at its line and column of the file."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from test_returns import REFERENCE, append_after_data, counts, filled_workbook, project

from localgrowth.core.importing import ImportFailed
from localgrowth.domain.returns import Rule
from localgrowth.returns.csv_input import workbook_to_csv
from localgrowth.returns.importers import import_returns
from localgrowth.returns.models import Return, ReturnStatus

pytestmark = pytest.mark.django_db

__all__ = ["project"]  # the fixture, shared with test_returns.py

HEADING_LINE = "Sheet,A,B,C,D,E,F"


def filled_csv(project, tmp_path: Path) -> Path:
    return workbook_to_csv(filled_workbook(project, tmp_path), tmp_path / "return.csv")


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8-sig").splitlines()


def write_lines(path: Path, lines: list[str], encoding: str = "utf-8-sig") -> None:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))


def line_of(lines: list[str], start: str) -> int:
    """The number of the one line that starts with ``start`` (line 1 is the heading line)."""
    found = [number for number, line in enumerate(lines, start=1) if line.startswith(start)]
    assert len(found) == 1, (start, found)
    return found[0]


def stored_content(stored: Return) -> dict[str, object]:
    return {
        "return": (
            stored.project.reference,
            stored.financial_year,
            stored.quarter,
            stored.period_end,
            stored.status,
            stored.sign_off_name,
            stored.sign_off_role,
            stored.sign_off_date,
            stored.narrative,
        ),
        "spend": sorted((s.financial_year, s.basis, s.amount) for s in stored.spend.all()),
        "outputs": sorted(
            (o.output_type.code, o.period, o.basis, o.value) for o in stored.outputs.all()
        ),
        "milestones": [
            (m.position, m.name, m.baseline_date, m.forecast_date, m.actual_date, m.status)
            for m in stored.milestones.order_by("position")
        ],
        "risks": [
            (r.position, r.description, r.likelihood, r.impact, r.owner, r.mitigation, r.status)
            for r in stored.risks.order_by("position")
        ],
    }


# The format -----------------------------------------------------------------------------------


def test_the_csv_form_of_a_workbook(project, tmp_path):
    lines = read_lines(filled_csv(project, tmp_path))
    assert (tmp_path / "return.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert lines[0] == HEADING_LINE
    # Every row of every sheet from its row 1, so row n of a sheet is its n-th line.
    assert lines[1].startswith('About,"Quarterly monitoring return: RET-0001')
    assert lines[2] == "About,,,,,,"
    assert lines[3] == f"About,Project reference,{REFERENCE},,,,"
    assert lines[7] == "About,Quarter ends,2019-12-31,,,,"
    spend = line_of(lines, "Spend,Financial year,")
    assert lines[spend - 1] == "Spend,Financial year,Forecast or actual,Amount (£),,,"
    assert lines[spend] == "Spend,2018/19,actual,1000000,,,"
    assert lines[spend - 2].startswith("About,")
    assert line_of(lines, "Sign-off,Name,") == line_of(lines, "Sign-off,Sign-off") + 2
    assert lines[-1].startswith('Sign-off,Narrative,"Works began')
    assert [line.split(",")[0] for line in lines[1:]] == sorted(
        (line.split(",")[0] for line in lines[1:]),
        key=["About", "Spend", "Outputs", "Milestones", "Risks", "Sign-off"].index,
    )


def test_csv_imports_and_stores_what_the_workbook_does(project, tmp_path):
    workbook = filled_workbook(project, tmp_path)
    csv_path = workbook_to_csv(workbook, tmp_path / "return.csv")
    import_returns(workbook)
    report = import_returns(csv_path)
    assert report.created == [f"{REFERENCE} 2019/20 Q3 v2"]
    from_workbook, from_csv = Return.objects.order_by("version")
    assert stored_content(from_csv) == stored_content(from_workbook)
    assert stored_content(from_csv)["spend"] == [
        ("2018/19", "actual", 1000000),
        ("2019/20", "actual", 800000),
        ("2019/20", "forecast", 2000000),
        ("2020/21", "forecast", 1500000),
    ]
    assert from_csv.status == ReturnStatus.SUBMITTED
    assert from_csv.sign_off_date == date(2020, 1, 20)
    assert from_csv.source_file == "return.csv"
    assert from_csv.source_sha256 != from_workbook.source_sha256


def test_import_command_takes_the_csv(project, tmp_path):
    call_command("import_data", "returns", str(filled_csv(project, tmp_path)))
    assert Return.objects.filter(project=project, status="submitted").count() == 1


def test_a_csv_written_by_hand_imports(project, tmp_path):
    """No byte order mark, sheet names in any case, lines without their empty trailing
    columns, and a sheet's lines after another sheet's: the n-th line tagged with a sheet is
    still row n of that sheet."""
    lines = read_lines(filled_csv(project, tmp_path))
    spend = [line for line in lines if line.startswith("Spend,")]
    others = [line for line in lines if not line.startswith("Spend,")]
    hand = [line.rstrip(",").replace("Outputs,", "OUTPUTS,", 1) for line in others]
    path = tmp_path / "by-hand.csv"
    write_lines(path, [*hand, *spend[:3], "", *spend[3:]], encoding="utf-8")
    import_returns(path)
    stored = Return.objects.get()
    assert len(stored_content(stored)["spend"]) == 4  # type: ignore[arg-type]
    assert stored.outputs.count() == 3


def test_text_that_looks_like_a_formula_is_written_safely(project, tmp_path):
    """CSV injection: text beginning with =, +, -, @ is written after an apostrophe, so a
    spreadsheet program that opens the file does not run it; the apostrophe is removed again
    when the file is read. A value beginning with '=' is a formula and refused (S05)."""
    workbook_path = filled_workbook(project, tmp_path)
    workbook = load_workbook(workbook_path)
    append_after_data(workbook["Risks"], ["+10% on steel", 1, 2, "@commercial", "-", "Open"])
    workbook.save(workbook_path)
    path = workbook_to_csv(workbook_path, tmp_path / "return.csv")
    lines = read_lines(path)
    assert "Risks,'+10% on steel,1,2,'@commercial,'-,Open" in lines
    import_returns(path)
    risk = Return.objects.get().risks.get(description="+10% on steel")
    assert (risk.owner, risk.mitigation) == ("@commercial", "-")


# Faults ---------------------------------------------------------------------------------------

Change = Callable[[Path], None]


def replace_line(start: str, new: str) -> Change:
    def change(path: Path) -> None:
        lines = read_lines(path)
        lines[line_of(lines, start) - 1] = new
        write_lines(path, lines)

    return change


def remove_lines(start: str) -> Change:
    def change(path: Path) -> None:
        write_lines(path, [line for line in read_lines(path) if not line.startswith(start)])

    return change


def append_line(new: str) -> Change:
    def change(path: Path) -> None:
        write_lines(path, [*read_lines(path), new])

    return change


def encode(encoding: str) -> Change:
    def change(path: Path) -> None:
        write_lines(path, read_lines(path), encoding=encoding)

    return change


def last(lines: list[str]) -> int:
    return len(lines)


@dataclass
class CsvCase:
    name: str
    rule: str
    change: Change
    line: str | Callable[[list[str]], int] | None
    """The line the fault is at: the start of its text in the changed file, or a function of
    the changed file's lines; None for a fault without a line."""
    column: str | None
    words: str
    sheet: str | None = None
    """The sheet a fault without a line keeps."""


CSV_CASES = [
    CsvCase(
        "bad money",
        Rule.MONEY,
        replace_line("Spend,2019/20,actual,", "Spend,2019/20,actual,lots"),
        "Spend,2019/20,actual,",
        "D",
        "not an amount of money",
    ),
    CsvCase(
        "unknown sheet",
        Rule.SHEET_UNEXPECTED,
        append_line("Notes,working"),
        last,
        "A",
        "'Notes', which is not part of the return",
    ),
    CsvCase(
        "no sheet name",
        Rule.SHEET_UNEXPECTED,
        append_line(",2019/20,actual,10"),
        last,
        "A",
        "no sheet name in column A",
    ),
    CsvCase(
        "missing heading line",
        Rule.HEADING,
        remove_lines("Spend,Financial year,"),
        "Spend,2018/19,",
        "B",
        "should hold the heading 'Financial year' but holds '2018/19'",
    ),
    CsvCase(
        "wrong encoding",
        Rule.UNREADABLE,
        encode("cp1252"),
        "About,Grant (",
        None,
        "not UTF-8",
    ),
    CsvCase("UTF-16", Rule.UNREADABLE, encode("utf-16"), None, None, "UTF-16"),
    CsvCase(
        "no heading line",
        Rule.UNREADABLE,
        remove_lines("Sheet,"),
        'About,"Quarterly',
        "A",
        "heading line Sheet,A,B,C,D,E,F",
    ),
    CsvCase(
        "columns renamed",
        Rule.UNREADABLE,
        replace_line("Sheet,", "Sheet,A,C,B,D,E,F"),
        "Sheet,",
        "C",
        "should read 'B'",
    ),
    CsvCase(
        "quote never closed",
        Rule.UNREADABLE,
        replace_line("Risks,Utility", 'Risks,"Utility diversions,2,3,Highways team,,Open'),
        'Risks,"Utility',
        None,
        "never closed",
    ),
    CsvCase(
        "spend over grant",
        Rule.SPEND_OVER_GRANT,
        replace_line("Spend,2019/20,actual,", "Spend,2019/20,actual,4500000,,,"),
        "Spend,2019/20,actual,",
        "D",
        "more than the grant",
    ),
    CsvCase(
        "formula",
        Rule.FORMULA,
        replace_line("Spend,2019/20,actual,", "Spend,2019/20,actual,=SUM(D19:D21)"),
        "Spend,2019/20,actual,",
        "D",
        "holds a formula (=SUM(D19:D21))",
    ),
    CsvCase(
        "formula after the apostrophe",
        Rule.FORMULA,
        replace_line("Risks,Utility", "Risks,'=1+1,2,3,Highways team,,Open"),
        "Risks,'=1+1",
        "B",
        "holds a formula (=1+1)",
    ),
    CsvCase(
        "label moved",
        Rule.LABEL,
        remove_lines('About,"Quarterly monitoring return'),
        "About,Project title,",
        "B",
        "put 'Project reference' back in column B of the 3rd 'About' line (line 4)",
    ),
    CsvCase(
        "label row missing",
        Rule.LABEL,
        remove_lines("Sign-off,Narrative"),
        None,
        "B",
        "The 6th 'Sign-off' line (the file has only 5), column B should read 'Narrative'",
        sheet="Sign-off",
    ),
    CsvCase(
        "sheet missing",
        Rule.SHEET_MISSING,
        remove_lines("Risks,"),
        None,
        None,
        "No line of the file is for sheet 'Risks'",
        sheet="Risks",
    ),
    CsvCase(
        "spend repeated at the end of the file",
        Rule.SPEND_DUPLICATE,
        append_line("Spend,2019/20,actual,10"),
        last,
        "B",
        "repeats 2019/20 actual spend, already on line 22",
    ),
    CsvCase(
        "unknown project",
        Rule.PROJECT,
        replace_line("About,Project reference,", "About,Project reference,NOPE-1"),
        "About,Project reference,",
        "C",
        "no project with the reference 'NOPE-1'",
    ),
    CsvCase(
        "sign-off date",
        Rule.SIGN_OFF_EARLY,
        replace_line("Sign-off,Date signed,", "Sign-off,Date signed,01/12/2019"),
        "Sign-off,Date signed,",
        "C",
        "before the quarter ends",
    ),
    CsvCase(
        "workbook named .csv",
        Rule.UNREADABLE,
        lambda path: path.write_bytes((path.parent / "return.xlsx").read_bytes()),
        None,
        None,
        "Excel workbook with a .csv name",
    ),
    CsvCase("empty", Rule.UNREADABLE, lambda path: path.write_bytes(b""), None, None, "empty"),
]


@pytest.mark.parametrize("case", CSV_CASES, ids=[case.name for case in CSV_CASES])
def test_faulty_csv(case, project, tmp_path):
    path = filled_csv(project, tmp_path)
    case.change(path)
    lines = path.read_bytes().decode("utf-8-sig", errors="replace").splitlines()
    if isinstance(case.line, str):
        expected_line: int | None = line_of(lines, case.line)
    elif case.line is not None:
        expected_line = case.line(lines)
    else:
        expected_line = None
    before = counts(project)
    with pytest.raises(ImportFailed) as failure:
        import_returns(path)
    assert counts(project) == before
    faults = failure.value.faults
    matching = [fault for fault in faults if getattr(fault, "rule", None) == case.rule]
    places = [(fault.sheet, fault.row, fault.column) for fault in matching]
    assert (case.sheet, expected_line, case.column) in places, [str(f) for f in faults]
    fault = matching[places.index((case.sheet, expected_line, case.column))]
    assert case.words in fault.message, fault.message
    assert fault.file == "return.csv"
    assert str(fault).endswith(f"[{case.rule}]")
    for each in faults:  # every fault in the file's terms: no sheet's cell is named
        assert not each.message.startswith(("Cell ", "Row ")), str(each)


def test_the_fault_messages_name_lines_and_columns(project, tmp_path):
    path = filled_csv(project, tmp_path)
    replace_line("Spend,2019/20,actual,", "Spend,2019/20,actual,lots")(path)
    replace_line("Risks,Contractor", "Risks,Contractor cost inflation,9,4,Board,Fixed,Open")(path)
    replace_line("Milestones,Construction", "Milestones,Construction start,,,,On track")(path)
    with pytest.raises(ImportFailed) as failure:
        import_returns(path)
    shown = [str(fault) for fault in failure.value.faults]
    assert shown == [
        "return.csv, row 22, column 'D': Line 22, column D ('Amount (£)'): 'lots' is not an "
        "amount of money. Write pounds as a number, such as 1250000 or £1,250,000.50. [T02]",
        "return.csv, row 29, column 'C': Line 29, column C ('Baseline date') is empty. Fill it "
        "in, or clear the whole row if it is not needed. [T01]",
        "return.csv, row 31, column 'C': Line 31, column C ('Likelihood (1–5)'): '9' is not a "
        "score from 1 to 5. Choose 1 (lowest) to 5 (highest) from the list. [T07]",
    ]


def test_another_suffix_is_refused_naming_the_csv_form(project, tmp_path):
    path = filled_csv(project, tmp_path)
    text = path.rename(tmp_path / "return.txt")
    with pytest.raises(ImportFailed) as failure:
        import_returns(text)
    [fault] = failure.value.faults
    assert "an Excel workbook (.xlsx) or its CSV form" in fault.message
    assert not Return.objects.exists()


def test_the_csv_form_is_documented():
    docs = (Path(__file__).resolve().parents[2] / "docs" / "returns.md").read_text()
    assert "## The CSV form" in docs
    assert docs.index("## The workbook") < docs.index("## The CSV form") < docs.index("## Rules")
    assert HEADING_LINE in docs
