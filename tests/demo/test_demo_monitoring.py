"""The demo's illustrative monitoring: generated returns for 40 Growth Deal projects, each
labelled illustrative, meeting the workbook's rules, the same on every load, loaded once."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction

from localgrowth.demo import returns as demo_returns
from localgrowth.demo.services import load_demo
from localgrowth.domain.returns import (
    MILESTONE_STATUS,
    MILESTONES,
    OUTPUTS,
    RISK_STATUS,
    RISKS,
    SIGN_OFF,
    SIGN_OFF_LABELS,
    SPEND,
    Faults,
    MilestoneItem,
    OutputItem,
    ProjectFacts,
    ReturnContent,
    RiskItem,
    SpendItem,
    check_rules,
)
from localgrowth.projects.models import OutputLine, Project, SpendLine
from localgrowth.returns import approval
from localgrowth.returns.importers import validate
from localgrowth.returns.models import (
    Additionality,
    BaselineChange,
    BaselineOutput,
    BaselineSpend,
    MonitoringRules,
    Return,
    ReturnMilestone,
    ReturnOutput,
    ReturnRisk,
    ReturnSpend,
)
from localgrowth.returns.workbook import project_output_units, quarter_workbook

pytestmark = pytest.mark.django_db

LAST = "2020/21"


@pytest.fixture
def messages(demo_messages):
    return demo_messages


def latest_approved(project: Project) -> Return | None:
    return (
        Return.objects.filter(project=project, status="approved")
        .order_by("-financial_year", "-quarter", "-version")
        .first()
    )


def test_the_subset_gets_returns_all_of_them_illustrative(messages):
    subset = demo_returns.growth_deal_subset()
    assert len(subset) == demo_returns.SUBSET_SIZE
    for project in subset:
        assert project.programme.slug == "selep-growth-deal"
        assert project.fund.kind == "lgf"
        assert project.grant > 0
        assert project.status not in ("withdrawn", "pipeline")
    references = set(Return.objects.values_list("project__reference", flat=True))
    assert references == {project.reference for project in subset}
    assert not Return.objects.filter(illustrative=False).exists()
    for found in Return.objects.all():
        assert found.narrative.startswith(demo_returns.NARRATIVE)
        assert found.sign_off_name == "Illustrative"
    assert any(m.startswith("Illustrative monitoring (generated for the demo") for m in messages)


def test_the_decisions_include_every_case(messages):
    statuses = list(Return.objects.values_list("status", flat=True))
    assert statuses.count("submitted") == 3
    assert statuses.count("returned") == 2
    assert statuses.count("approved") == len(statuses) - 5
    (second,) = Return.objects.filter(version=2)
    assert second.status == "approved"
    first = Return.objects.get(
        project=second.project,
        financial_year=second.financial_year,
        quarter=second.quarter,
        version=1,
    )
    assert first.status == "returned"
    assert "Illustrative" in first.returned_reason
    assert first.submitted_at < first.decided_at < second.submitted_at < second.decided_at
    latest_returned = Return.objects.get(status="returned", financial_year=LAST, quarter=4)
    assert latest_returned.returned_reason
    awaiting = Return.objects.filter(status="submitted")
    assert {(r.financial_year, r.quarter) for r in awaiting} == {(LAST, 4)}
    assert all(r.decided_at is None for r in awaiting)
    late = [
        project
        for project in demo_returns.growth_deal_subset()
        if demo_returns.expects_returns(project)
        and not Return.objects.filter(project=project, financial_year=LAST, quarter=4).exists()
    ]
    assert len(late) == 3


def test_profiles_changes_and_rules_are_marked_illustrative(messages):
    for project in demo_returns.growth_deal_subset():
        lines = SpendLine.objects.filter(project=project, basis="forecast")
        assert lines.exists()
        assert {line.note for line in lines} == {demo_returns.PROFILE_NOTE}
        assert sum(line.amount for line in lines) == project.grant
    changes = BaselineChange.objects.all()
    assert sorted(change.status for change in changes) == ["approved", "proposed"]
    for change in changes:
        assert change.illustrative
        assert change.reason.startswith("Illustrative")
        assert change.spend.exists()
    approved = changes.get(status="approved")
    current = {
        line.financial_year: line.amount
        for line in SpendLine.objects.filter(project=approved.project, basis="forecast")
    }
    for row in approved.spend.all():
        assert current[row.financial_year] == row.after
    proposed = changes.get(status="proposed")
    current = {
        line.financial_year: line.amount
        for line in SpendLine.objects.filter(project=proposed.project, basis="forecast")
    }
    for row in proposed.spend.all():
        assert current.get(row.financial_year) == row.before
    rules = MonitoringRules.objects.get(programme__slug="selep-growth-deal")
    assert (rules.spend_amber, rules.spend_red, rules.return_due_days) == (0.10, 0.25, 30)
    assert not Additionality.objects.exists()


def test_projects_carry_their_latest_approved_actuals_with_the_illustrative_note(messages):
    outputs_seen = 0
    for project in demo_returns.growth_deal_subset():
        latest = latest_approved(project)
        assert latest is not None
        note = approval.source_note(latest)
        assert "illustrative" in note
        spend = {
            line.financial_year: (line.amount, line.note)
            for line in SpendLine.objects.filter(project=project, basis="actual")
        }
        assert spend == {
            line.financial_year: (line.amount, note) for line in latest.spend.filter(basis="actual")
        }
        outputs = {
            (line.output_type_id, line.period): (line.value, line.note)
            for line in OutputLine.objects.filter(project=project, basis="actual")
        }
        assert outputs == {
            (line.output_type_id, line.period): (line.value, note)
            for line in latest.outputs.filter(basis="actual")
        }
        outputs_seen += len(outputs)
    assert outputs_seen > 0


def test_jobs_and_homes_rise_toward_the_published_forecast(messages):
    reported = 0
    for line in OutputLine.objects.filter(
        project__in=demo_returns.growth_deal_subset(),
        basis="forecast",
        period="",
        output_type__code__in=["jobs", "homes"],
    ):
        totals = []
        for found in Return.objects.filter(project=line.project_id, status="approved").order_by(
            "financial_year", "quarter"
        ):
            actual = found.outputs.filter(output_type=line.output_type_id, basis="actual")
            totals.append(sum((o.value for o in actual), Decimal(0)))
        assert totals == sorted(totals)
        assert totals[-1] <= line.value
        reported += totals[-1] > 0
    assert reported >= 10


def content_of(found: Return) -> ReturnContent:
    quarter = found.quarter_of_year
    content = ReturnContent(
        reference=found.project.reference,
        title=found.project.title,
        quarter=quarter,
        quarter_end=quarter.end,
        sign_off_name=found.sign_off_name,
        sign_off_role=found.sign_off_role,
        sign_off_date=found.sign_off_date,
        narrative=found.narrative,
    )
    rows = enumerate(found.spend.all(), start=2)
    content.spend = [SpendItem(n, s.financial_year, s.basis, s.amount) for n, s in rows]
    content.outputs = [
        OutputItem(n, o.output_type.code, o.output_type.unit, o.period, o.basis, o.value)
        for n, o in enumerate(found.outputs.select_related("output_type"), start=2)
    ]
    content.milestones = [
        MilestoneItem(n, m.name, m.baseline_date, m.forecast_date, m.actual_date, m.status)
        for n, m in enumerate(found.milestones.all(), start=2)
    ]
    content.risks = [
        RiskItem(n, r.description, r.likelihood, r.impact, r.owner, r.mitigation, r.status)
        for n, r in enumerate(found.risks.all(), start=2)
    ]
    return content


def test_every_return_meets_the_workbook_rules(messages):
    faults = []
    for found in Return.objects.select_related("project").order_by(
        "project_id", "financial_year", "quarter", "version"
    ):
        before = (
            Return.objects.filter(
                project=found.project, status="approved", period_end__lt=found.period_end
            )
            .order_by("-period_end", "-version")
            .first()
        )
        approved = (
            {s.financial_year: s.amount for s in before.spend.filter(basis="actual")}
            if before
            else {}
        )
        facts = ProjectFacts(
            found.project.grant, project_output_units(found.project), approved, "before"
        )
        found_faults = Faults(str(found))
        check_rules(content_of(found), found.quarter_of_year, facts, found_faults)
        faults += found_faults.items
    assert faults == []


def excel(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


def write_return(found: Return, path):
    """The return written into the project's return workbook for its quarter, as an officer
    would fill it in."""
    workbook = quarter_workbook(found.project, found.quarter_of_year)
    tables = {
        SPEND: [(s.financial_year, s.basis, s.amount) for s in found.spend.all()],
        OUTPUTS: [
            (o.output_type.code, o.output_type.unit, o.period or None, o.basis, o.value)
            for o in found.outputs.select_related("output_type")
        ],
        MILESTONES: [
            (m.name, m.baseline_date, m.forecast_date, m.actual_date, MILESTONE_STATUS[m.status])
            for m in found.milestones.all()
        ],
        RISKS: [
            (r.description, r.likelihood, r.impact, r.owner, r.mitigation, RISK_STATUS[r.status])
            for r in found.risks.all()
        ],
    }
    for name, rows in tables.items():
        sheet = workbook[name]
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.value = None
        for number, values in enumerate(rows, start=2):
            for column, value in enumerate(values, start=1):
                sheet.cell(row=number, column=column, value=excel(value))
    sign_off = workbook[SIGN_OFF]
    values = {
        "name": found.sign_off_name,
        "role": found.sign_off_role,
        "date": found.sign_off_date,
        "narrative": found.narrative,
    }
    for key, (row, _label) in SIGN_OFF_LABELS.items():
        sign_off.cell(row=row, column=2, value=excel(values[key]))
    workbook.save(path)
    return path


def test_a_sample_of_returns_passes_the_workbook_checks(messages, tmp_path):
    second = Return.objects.get(version=2)
    sample = [
        Return.objects.get(
            project=second.project,
            financial_year=second.financial_year,
            quarter=second.quarter,
            version=1,
        ),
        second,
        Return.objects.get(status="returned", financial_year=LAST, quarter=4),
        Return.objects.filter(status="submitted").first(),
        latest_approved(BaselineChange.objects.get(status="approved").project),
        *[
            Return.objects.filter(project=project).order_by("financial_year", "quarter").first()
            for project in demo_returns.growth_deal_subset()[:3]
        ],
    ]
    for found in sample:
        # Taken as not yet decided, the quarter may be submitted again; the rules then compare
        # it with the project's approved return for the quarter before.
        Return.objects.filter(
            project=found.project, financial_year=found.financial_year, quarter=found.quarter
        ).update(status="submitted")
        name = f"{found.project.reference}-{found.pk}.xlsx"
        content, project, quarter = validate(write_return(found, tmp_path / name), name)
        assert (project, quarter) == (found.project, found.quarter_of_year)
        assert sorted((s.financial_year, s.basis, s.amount) for s in content.spend) == sorted(
            (s.financial_year, s.basis, s.amount) for s in found.spend.all()
        )
        assert len(content.milestones) == found.milestones.count()
        assert len(content.risks) == found.risks.count()


MONITORING_MODELS = [
    Return,
    ReturnSpend,
    ReturnOutput,
    ReturnMilestone,
    ReturnRisk,
    BaselineChange,
    BaselineSpend,
    BaselineOutput,
    MonitoringRules,
    Additionality,
]


def counts(models) -> dict[str, int]:
    found = {}
    for model in models:
        found[model.__name__] = model.objects.count()
        found[f"{model.__name__} history"] = model.history.count()
    return found


def test_loading_the_monitoring_again_adds_or_changes_nothing(messages):
    before = counts([*MONITORING_MODELS, SpendLine, OutputLine])
    said: list[str] = []
    demo_returns.load_illustrative_monitoring(said.append)
    assert counts([*MONITORING_MODELS, SpendLine, OutputLine]) == before
    assert said == [
        "Illustrative monitoring (generated for the demo, not SELEP's figures): already loaded "
        "for 40 Growth Deal projects; nothing added."
    ]


def output_lines() -> set[tuple]:
    return set(
        OutputLine.objects.values_list(
            "project__reference", "output_type__code", "period", "basis", "value", "note"
        )
    )


def test_loading_the_demo_again_changes_no_return_and_no_spend(messages):
    before = counts([*MONITORING_MODELS, SpendLine])
    lines = output_lines()
    load_demo(lambda message: None, evidence=False)
    assert counts([*MONITORING_MODELS, SpendLine]) == before
    assert output_lines() == lines


def test_loading_the_demo_again_adds_no_line_history(messages):
    spend_before = SpendLine.history.count()
    before = OutputLine.history.count()
    load_demo(lambda message: None, evidence=False)
    assert OutputLine.history.count() == before
    assert SpendLine.history.count() == spend_before


def figures() -> dict[str, list[tuple]]:
    subset = demo_returns.growth_deal_subset()
    return {
        "returns": list(
            Return.objects.order_by(
                "project__reference", "financial_year", "quarter", "version"
            ).values_list(
                "project__reference",
                "financial_year",
                "quarter",
                "version",
                "status",
                "submitted_at",
                "decided_at",
                "sign_off_date",
                "returned_reason",
            )
        ),
        "spend": sorted(
            ReturnSpend.objects.values_list(
                "quarterly_return__project__reference",
                "quarterly_return__financial_year",
                "quarterly_return__quarter",
                "quarterly_return__version",
                "financial_year",
                "basis",
                "amount",
            )
        ),
        "outputs": sorted(
            ReturnOutput.objects.values_list(
                "quarterly_return__project__reference",
                "quarterly_return__financial_year",
                "quarterly_return__quarter",
                "quarterly_return__version",
                "output_type__code",
                "period",
                "basis",
                "value",
            )
        ),
        "milestones": sorted(
            ReturnMilestone.objects.values_list(
                "quarterly_return__project__reference",
                "quarterly_return__financial_year",
                "quarterly_return__quarter",
                "quarterly_return__version",
                "name",
                "baseline_date",
                "forecast_date",
                "actual_date",
                "status",
            )
        ),
        "risks": sorted(
            ReturnRisk.objects.values_list(
                "quarterly_return__project__reference",
                "quarterly_return__financial_year",
                "quarterly_return__quarter",
                "quarterly_return__version",
                "description",
                "likelihood",
                "impact",
                "owner",
                "status",
            )
        ),
        "lines": sorted(
            SpendLine.objects.filter(project__in=subset).values_list(
                "project__reference", "financial_year", "basis", "amount", "note"
            )
        ),
        "changes": sorted(
            BaselineSpend.objects.values_list(
                "change__project__reference",
                "change__status",
                "change__proposed_at",
                "financial_year",
                "before",
                "after",
            )
        ),
    }


def test_two_fresh_loads_give_the_same_figures(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    with transaction.atomic():
        load_demo(lambda message: None, evidence=False)
        first = figures()
        transaction.set_rollback(True)
    assert not Return.objects.exists()
    load_demo(lambda message: None, evidence=False)
    assert figures() == first
    assert len(first["returns"]) > 400
