"""Candidates imported from a filled-in template, faulty files refused whole, and
`localgrowth prioritise CALL` on a call small enough to solve by hand."""

from datetime import date
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from localgrowth.framework.models import Theme
from localgrowth.prioritisation.models import Call, Candidate, CandidateCost

pytestmark = pytest.mark.django_db

CANDIDATE_COLUMNS = {
    "call": "test-call",
    "title": "A scheme",
    "deliverability": 4,
    "risk": 2,
    "optimism_bias": "0",
}


@pytest.fixture
def call():
    made = Call.objects.create(
        slug="test-call",
        name="Test call",
        opens=date(2019, 6, 1),
        budget_total=D("1000000"),
        spend_deadline=date(2021, 3, 31),
        min_grant=D("250000"),
        max_grant=D("8000000"),
        min_match_share=D("0"),
        objective="net_benefit",
        illustrative=True,
    )
    made.budgets.create(financial_year="2019/20", amount=D("1000000"))
    made.criteria.create(code="bcr", name="Value for money", weight=D("2"))
    made.criteria.create(code="deliverability", name="Deliverability", weight=D("1"))
    return made


def fill(path, sheets):
    """Fill a blank template's sheets with rows given as dicts by column name."""
    workbook = load_workbook(path)
    for name, rows in sheets.items():
        sheet = workbook[name]
        header = [cell.value for cell in sheet[1]]
        for row in rows:
            sheet.append([row.get(column) for column in header])
    workbook.save(path)


def candidates_workbook(tmp_path, rows, costs, benefits, themes=()):
    path = tmp_path / "candidates.xlsx"
    call_command("template", "candidates", str(path), stdout=StringIO())
    key = {"call": "test-call"}
    fill(
        path,
        {
            "Candidates": [{**CANDIDATE_COLUMNS, **row} for row in rows],
            "Costs": [
                {**key, "reference": ref, "financial_year": year, "amount": amount}
                for ref, year, amount in costs
            ],
            "Benefits": [
                {**key, "reference": ref, "financial_year": year, "amount": amount}
                for ref, year, amount in benefits
            ],
            "Themes": [{**key, "reference": ref, "theme": code} for ref, code in themes],
        },
    )
    return path


def import_file(path, *extra):
    out, err = StringIO(), StringIO()
    call_command("import_data", "candidates", str(path), *extra, stdout=out, stderr=err)
    return out.getvalue()


def hand_solvable(tmp_path):
    """A (600k, net 900k), B (500k, net 700k), C (500k, net 650k) for a budget of £1m; D spends
    after the deadline. Greedy by ratio takes A alone (900k); the best is B + C (1,350k)."""
    return candidates_workbook(
        tmp_path,
        [
            {"reference": "A", "grant": 600000},
            {"reference": "B", "grant": 500000, "min_share": None},
            {"reference": "C", "grant": 500000},
            {"reference": "D", "grant": 300000},
        ],
        [
            ("A", "2019/20", 600000),
            ("B", "2019/20", 500000),
            ("C", "2019/20", 500000),
            ("D", "2021/22", 300000),
        ],
        [
            ("A", "2019/20", 1500000),
            ("B", "2019/20", 1200000),
            ("C", "2019/20", 1150000),
            ("D", "2021/22", 900000),
        ],
        themes=[("A", Theme.objects.order_by("code").first().code)],
    )


def test_template_round_trip_stores_everything_and_reimport_is_unchanged(call, tmp_path):
    path = hand_solvable(tmp_path)
    assert "Dry run, nothing stored: 4 created" in import_file(path, "--dry-run")
    assert Candidate.objects.count() == 0
    assert "4 created, 0 updated, 0 unchanged" in import_file(path)
    a = Candidate.objects.get(call=call, reference="A")
    assert a.grant == D("600000.00")
    assert a.deliverability == 4
    assert list(a.costs.values_list("financial_year", "amount")) == [("2019/20", D("600000.00"))]
    assert a.themes.count() == 1
    assert a.history.exists()
    # A cost after the deadline is stored: it makes D ineligible, it is not an import fault.
    assert CandidateCost.objects.get(candidate__reference="D").financial_year == "2021/22"
    assert "0 created, 0 updated, 4 unchanged" in import_file(path)


def faults_of(path):
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_data", "candidates", str(path), stdout=StringIO(), stderr=err)
    return err.getvalue()


def test_faulty_workbook_reports_every_fault_with_its_place_and_stores_nothing(call, tmp_path):
    path = candidates_workbook(
        tmp_path,
        [
            {"reference": "A", "grant": "lots"},
            {"reference": "B", "grant": 500000, "call": "no-such-call"},
            {"reference": "C", "grant": 500000, "depends_on": "Z"},
        ],
        [("A", "2019/20", 600000), ("Q", "2019/20", 5)],
        [("A", "2019/20", "£1.2m")],
    )
    errors = faults_of(path)
    assert "sheet 'Candidates', row 2, column 'grant'" in errors
    assert "sheet 'Candidates', row 3, column 'call': There is no call 'no-such-call'" in errors
    assert "sheet 'Candidates', row 4, column 'depends_on'" in errors
    assert "sheet 'Costs', row 3, column 'reference': There is no candidate 'Q'" in errors
    assert "sheet 'Benefits', row 2, column 'amount'" in errors
    assert Candidate.objects.count() == 0


def test_csv_missing_a_required_column_is_refused(call, tmp_path):
    path = tmp_path / "candidates.csv"
    path.write_text("call,reference,title,deliverability,risk\ntest-call,A,One,3,3\n")
    errors = faults_of(path)
    assert "grant" in errors
    assert Candidate.objects.count() == 0


def run(*args):
    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command("prioritise", *args, stdout=out, stderr=err)
    except SystemExit as exit:
        code = exit.code
    return code, out.getvalue(), err.getvalue()


def test_prioritise_chooses_the_hand_solved_portfolio(call, tmp_path):
    import_file(hand_solvable(tmp_path))
    code, out, err = run("test-call", "--time-limit", "5")
    assert code == 0, err
    assert "D A scheme: not eligible" in out
    assert "£300,000 in 2021/22" in out
    assert "Status: optimal" in out
    assert "Objective: 1,350,000.0000" in out
    assert "    B at 100%\n    C at 100%\n" in out
    assert "    A at" not in out
    assert "2019/20: £1,000,000 of £1,000,000" in out
    assert "Rankings of eligible candidates" in out
    assert "Binding constraints:" in out
    assert "- A: funding it would lower the objective by 450,000.0000" in out
    assert "Greedy: Funding down the ranking by value ÷ cost would have chosen 1 project" in out
    assert "450,000 less than the chosen portfolio" in out


def test_prioritise_an_infeasible_call_prints_the_conflicts_and_exits_2(call, tmp_path):
    import_file(hand_solvable(tmp_path))
    Candidate.objects.filter(reference__in=["A", "B"]).update(must_fund=True)
    code, out, err = run("test-call")
    assert code == 2
    assert "Status: infeasible" in out
    assert "Conflicting constraints:" in out
    assert "must fund A" in out or "A" in out.split("Conflicting constraints:")[1]
    assert "No portfolio for 'test-call' meets every constraint" in err
    assert "Traceback" not in err


def test_prioritise_an_unknown_call_exits_2(call):
    code, _out, err = run("no-such-call")
    assert code == 2
    assert "There is no call 'no-such-call'. Stored calls: test-call." in err


def test_prioritise_gives_stability_net_costs_reasons_and_saves_a_scenario(call, tmp_path):
    from localgrowth.prioritisation.models import Scenario

    import_file(hand_solvable(tmp_path))
    Candidate.objects.filter(reference="B").update(gross_jobs=D("50"))
    call.additionality.create(
        output="jobs",
        deadweight=0.5,
        displacement=0.0,
        leakage=0.0,
        substitution=0.0,
        multiplier=1.0,
        basis="A test assumption",
    )
    code, out, err = run("test-call", "--time-limit", "5", "--save", "Officers' choice")
    assert code == 0, err
    assert "Rank stability, weights redrawn 1,000 times within ±20%" in out
    assert "held" in out.split("Rank stability")[1].splitlines()[1]
    # B: £500,000 of grant for 50 gross jobs, 25 net after 50% deadweight.
    b_line = next(
        line for line in out.splitlines() if line.strip().startswith("B ") and "£" in line
    )
    assert "£10,000" in b_line
    assert "£20,000" in b_line
    assert "Net cost per home is not shown: the call has no additionality assumptions" in out
    assert "Net cost per job is not shown" not in out
    assert "A: Not funded: funding it would lower the objective by 450,000" in out
    assert "B: Funded" in out
    saved = Scenario.objects.get(name="Officers' choice")
    assert f"Saved as scenario {saved.pk}" in out
    assert sorted(line.reference for line in saved.lines.all() if line.funded) == ["B", "C"]
    assert saved.lines.get(reference="B").cost_per_job_net == pytest.approx(20_000)
