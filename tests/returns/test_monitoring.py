"""The programme's position at a date, worked out by hand for a small programme: the spend
profile to date (pro rata within a year), actual spend, the current and the original baseline,
ratings, late returns, risks, gross and net outputs, and the trajectory with its slippage.

The programme, as at 31 December 2019 (2019/20 Q3 has ended; its return is not yet due):

- MON-001, in delivery from April 2018, grant £1,000,000. Baseline spend £400,000 in 2018/19,
  £400,000 in 2019/20 (£300,000 before an approved change), £200,000 in 2020/21; baseline
  forecast of 100 jobs (120 before the change) and 50 homes. Approved returns for 2018/19 Q2
  and 2019/20 Q2 (version 2; version 1 was returned).
- MON-002, in delivery from April 2019, grant £500,000, baseline £200,000 in 2019/20 and
  £300,000 in 2020/21; no return at all.
- MON-003, completed, grant £100,000, £100,000 profiled and spent in 2016/17, 30 homes
  forecast and delivered (the register's actual lines).
- MON-004 in the pipeline and MON-005 withdrawn: not monitored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from localgrowth.domain.rag import RagRules
from localgrowth.domain.returns import Quarter
from localgrowth.domain.trajectory import Forecast, Point
from localgrowth.places.models import Partnership
from localgrowth.projects.models import (
    Fund,
    HeadlineTarget,
    OutputLine,
    OutputType,
    Programme,
    ProgressSnapshot,
    Project,
    SpendLine,
)
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
from localgrowth.returns.monitoring import (
    ProgrammePosition,
    last_quarter_ended,
    profile_to,
    programme_position,
    quarter_of,
)

pytestmark = pytest.mark.django_db

AS_AT = date(2019, 12, 31)
K = Decimal(1000)


@dataclass
class Scenario:
    programme: Programme
    first: Project
    second: Project
    completed: Project
    early: Return
    latest: Return


def money(thousands: int | str) -> Decimal:
    return Decimal(thousands) * K


def make_project(programme: Programme, reference: str, status: str, **fields) -> Project:
    return Project.objects.create(
        reference=reference,
        title=f"Project {reference}",
        programme=programme,
        fund=Fund.objects.get(code="lgf-1"),
        status=status,
        category="transport",
        **fields,
    )


def spend(project: Project, year: str, basis: str, thousands: int) -> None:
    SpendLine.objects.create(
        project=project, financial_year=year, basis=basis, amount=money(thousands)
    )


def output(project: Project, code: str, basis: str, value: int, period: str = "") -> None:
    OutputLine.objects.create(
        project=project,
        output_type=OutputType.objects.get(code=code),
        period=period,
        basis=basis,
        value=Decimal(value),
    )


def make_return(project, year, quarter, end, version=1, status="approved", **fields) -> Return:
    return Return.objects.create(
        project=project,
        financial_year=year,
        quarter=quarter,
        period_end=end,
        version=version,
        status=status,
        submitted_at=timezone.make_aware(datetime.combine(end, datetime.min.time()))
        + timedelta(days=20),
        **fields,
    )


def return_spend(found: Return, year: str, basis: str, thousands: int) -> None:
    ReturnSpend.objects.create(
        quarterly_return=found, financial_year=year, basis=basis, amount=money(thousands)
    )


def return_output(found: Return, code: str, period: str, basis: str, value: int) -> None:
    ReturnOutput.objects.create(
        quarterly_return=found,
        output_type=OutputType.objects.get(code=code),
        period=period,
        basis=basis,
        value=Decimal(value),
    )


def risk(found: Return, position: int, likelihood: int, impact: int, status="open") -> None:
    ReturnRisk.objects.create(
        quarterly_return=found,
        position=position,
        description=f"Risk {position} ({likelihood} × {impact})",
        likelihood=likelihood,
        impact=impact,
        owner="Project board",
        mitigation="Watched monthly.",
        status=status,
    )


def build() -> Scenario:
    programme = Programme.objects.create(
        slug="monitoring-test",
        name="Monitoring test programme",
        partnership=Partnership.objects.get(slug="selep"),
        start_date=date(2018, 4, 1),
        end_date=date(2021, 3, 31),
    )
    first = make_project(
        programme,
        "MON-001",
        "in_delivery",
        grant=money(1000),
        start_date=date(2018, 4, 1),
        end_date=date(2021, 3, 31),
    )
    spend(first, "2018/19", "forecast", 400)
    spend(first, "2019/20", "forecast", 400)
    spend(first, "2020/21", "forecast", 200)
    output(first, "jobs", "forecast", 100)
    output(first, "homes", "forecast", 50)
    change = BaselineChange.objects.create(
        project=first,
        reason="Works re-phased after a later start on site.",
        status="approved",
        proposed_at=timezone.make_aware(datetime(2019, 5, 1)),
        decided_at=timezone.make_aware(datetime(2019, 5, 20)),
    )
    BaselineSpend.objects.create(
        change=change, financial_year="2019/20", before=money(300), after=money(400)
    )
    BaselineOutput.objects.create(
        change=change,
        output_type=OutputType.objects.get(code="jobs"),
        period="",
        before=Decimal(120),
        after=Decimal(100),
    )

    second = make_project(
        programme, "MON-002", "in_delivery", grant=money(500), start_date=date(2019, 4, 1)
    )
    spend(second, "2019/20", "forecast", 200)
    spend(second, "2020/21", "forecast", 300)

    completed = make_project(
        programme, "MON-003", "completed", grant=money(100), start_date=date(2016, 4, 1)
    )
    spend(completed, "2016/17", "forecast", 100)
    spend(completed, "2016/17", "actual", 100)
    output(completed, "homes", "forecast", 30)
    output(completed, "homes", "actual", 30)

    make_project(programme, "MON-004", "pipeline", grant=money(900))
    make_project(programme, "MON-005", "withdrawn", grant=money(900))

    early = make_return(first, "2018/19", 2, date(2018, 9, 30))
    return_spend(early, "2018/19", "actual", 100)
    return_spend(early, "2018/19", "forecast", 400)
    return_spend(early, "2019/20", "forecast", 400)
    return_spend(early, "2020/21", "forecast", 200)
    return_output(early, "jobs", "2018/19", "forecast", 20)
    return_output(early, "jobs", "2019/20", "forecast", 40)
    return_output(early, "jobs", "2020/21", "forecast", 40)
    risk(early, 1, 5, 5)  # open, but superseded by the latest return

    make_return(first, "2019/20", 2, date(2019, 9, 30), version=1, status="returned")
    latest = make_return(first, "2019/20", 2, date(2019, 9, 30), version=2)
    return_spend(latest, "2018/19", "actual", 300)
    return_spend(latest, "2019/20", "actual", 180)
    return_spend(latest, "2019/20", "forecast", 350)
    return_spend(latest, "2020/21", "forecast", 250)
    return_output(latest, "jobs", "2018/19", "actual", 10)
    return_output(latest, "jobs", "2019/20", "actual", 5)
    return_output(latest, "jobs", "2019/20", "forecast", 30)
    return_output(latest, "jobs", "2020/21", "forecast", 45)
    ReturnMilestone.objects.create(
        quarterly_return=latest,
        position=1,
        name="Start on site",
        baseline_date=date(2019, 6, 1),
        forecast_date=None,
        actual_date=date(2019, 7, 11),
        status="complete",
    )
    ReturnMilestone.objects.create(
        quarterly_return=latest,
        position=2,
        name="Structure complete",
        baseline_date=date(2020, 6, 1),
        forecast_date=date(2020, 6, 21),
        status="on_track",
    )
    risk(latest, 1, 4, 4)
    risk(latest, 2, 5, 2)
    risk(latest, 3, 2, 5)
    risk(latest, 4, 5, 5, status="closed")

    # A submitted return that is not yet approved counts as in, but not in the figures.
    pending = make_return(first, "2019/20", 3, date(2019, 12, 31), status="submitted")
    return_spend(pending, "2019/20", "actual", 390)

    HeadlineTarget.objects.create(
        programme=programme,
        measure="jobs",
        value=Decimal(200),
        deadline=date(2021, 3, 31),
        source_url="https://example.org/targets",
        wording="200 jobs by March 2021",
    )
    HeadlineTarget.objects.create(
        programme=programme,
        measure="homes",
        value=Decimal(100),
        deadline=date(2021, 3, 31),
        source_url="https://example.org/targets",
        wording="100 homes by March 2021",
    )
    for as_at, label, value in [
        (date(2019, 6, 30), "30 Jun 2019", 12),
        (date(2020, 6, 30), "30 Jun 2020", 50),  # after the date: not yet known
        (None, "Web page (date not recorded)", 99),
    ]:
        ProgressSnapshot.objects.create(
            programme=programme,
            as_at=as_at,
            as_at_label=label,
            measure="jobs",
            value=Decimal(value),
            source_url="https://example.org/progress",
        )
    return Scenario(programme, first, second, completed, early, latest)


@pytest.fixture
def scenario() -> Scenario:
    return build()


def by_reference(position: ProgrammePosition) -> dict:
    return {project.reference: project for project in position.projects}


# Quarters and the profile ---------------------------------------------------------------------


def test_quarters_and_the_pro_rata_profile():
    assert quarter_of(date(2019, 12, 31)) == Quarter(2019, 3)
    assert quarter_of(date(2020, 1, 1)) == Quarter(2019, 4)
    assert quarter_of(date(2019, 4, 1)) == Quarter(2019, 1)
    assert last_quarter_ended(date(2019, 12, 31)) == Quarter(2019, 3)
    assert last_quarter_ended(date(2019, 12, 30)) == Quarter(2019, 2)
    assert last_quarter_ended(date(2019, 5, 1)) == Quarter(2018, 4)
    profile = {"2018/19": Decimal(400), "2019/20": Decimal(400)}
    assert profile_to(profile, date(2018, 3, 31)) == 0
    assert profile_to(profile, date(2018, 6, 29)) == 0
    assert profile_to(profile, date(2018, 6, 30)) == 100
    assert profile_to(profile, date(2019, 3, 31)) == 400
    assert profile_to(profile, date(2019, 11, 15)) == 600  # two quarters of 2019/20 ended
    assert profile_to(profile, date(2019, 12, 31)) == 700
    assert profile_to(profile, date(2025, 1, 1)) == 800


# Spend -------------------------------------------------------------------------------------------


def test_projects_monitored_and_their_spend(scenario):
    position = programme_position(scenario.programme, AS_AT)
    projects = by_reference(position)
    assert list(projects) == ["MON-001", "MON-002", "MON-003"]
    assert position.not_monitored == 2
    first, second, completed = projects.values()
    # £400,000 for 2018/19 and three quarters of 2019/20's £400,000.
    assert first.profile_to_date == money(700)
    # The original baseline had £300,000 in 2019/20: 400 + 300 × 3/4.
    assert first.original_profile_to_date == money(625)
    assert (first.baseline_total, first.original_total) == (money(1000), money(900))
    # Actual spend is the latest approved return's: the submitted 2019/20 Q3 does not count.
    assert first.actual_to_date == money(480)
    assert first.spend_reported_to == date(2019, 9, 30)
    assert first.profile_reported == money(600)  # 400 + 400 × 2/4
    assert first.actual_reported == money(480)
    # The latest forecast: the return's actual for 2018/19, its forecasts for the years after.
    assert first.latest_forecast_total == money(300 + 350 + 250)
    assert first.latest_return is not None
    assert (first.latest_return.pk, first.returns_used) == (scenario.latest.pk, 2)

    assert second.profile_to_date == money(150)
    assert second.actual_to_date == 0
    assert second.spend_reported_to == date(2019, 3, 31)  # no return: years ended
    assert second.profile_reported == 0

    assert completed.profile_to_date == money(100)
    assert completed.actual_to_date == money(100)  # the register's actual line

    assert position.grant == money(1600)
    assert position.profile_to_date == money(950)
    assert position.original_profile_to_date == money(875)
    assert position.actual_to_date == money(580)
    assert position.latest_forecast_total == money(1500)
    assert position.returns_used == 2


def test_spend_by_financial_year_with_the_original_baseline_beside_the_current(scenario):
    position = programme_position(scenario.programme, AS_AT)
    rows = {
        row.financial_year: (row.baseline, row.original, row.actual, row.latest_forecast)
        for row in position.spend_by_year
    }
    assert rows == {
        "2016/17": (money(100), money(100), money(100), money(100)),
        "2018/19": (money(400), money(400), money(300), money(300)),
        "2019/20": (money(600), money(500), money(180), money(550)),
        "2020/21": (money(500), money(500), None, money(550)),
    }


def test_spend_by_quarter_is_cumulative_and_stops_with_the_returns(scenario):
    position = programme_position(scenario.programme, AS_AT)
    rows = {row.label: row for row in position.spend_by_quarter}
    assert next(iter(rows)) == "2016/17 Q1"  # MON-003's profile starts then
    assert list(rows)[-1] == "2019/20 Q3"
    before = rows["2018/19 Q1"]
    assert (before.profile, before.actual, before.reporting) == (money(200), None, 0)
    q2 = rows["2018/19 Q2"]
    # MON-003's £100,000 and half of MON-001's 2018/19; MON-001's first return's actual.
    assert (q2.profile, q2.original, q2.actual, q2.reporting) == (
        money(300),
        money(300),
        money(100),
        1,
    )
    q6 = rows["2019/20 Q2"]
    assert (q6.profile, q6.original, q6.actual, q6.reporting) == (
        money(100 + 400 + 200 + 100),
        money(100 + 400 + 150 + 100),
        money(480),
        1,
    )
    # No approved return covers 2019/20 Q3: nothing is carried forward as if it did.
    q7 = rows["2019/20 Q3"]
    assert (q7.profile, q7.actual, q7.reporting) == (money(100 + 400 + 300 + 150), None, 0)


# Outputs -----------------------------------------------------------------------------------------


def test_outputs_against_forecast_and_the_original_baseline(scenario):
    position = programme_position(scenario.programme, AS_AT)
    first = by_reference(position)["MON-001"]
    jobs = next(o for o in first.outputs if o.code == "jobs")
    # Actual: 10 + 5 by year. Forecast: 10 actual for 2018/19, then 30 and 45 forecast.
    assert (jobs.baseline, jobs.original, jobs.actual, jobs.forecast) == (100, 120, 15, 85)
    homes = next(o for o in first.outputs if o.code == "homes")
    assert (homes.baseline, homes.actual, homes.forecast) == (50, None, 50)
    totals = {o.code: o for o in position.outputs}
    assert (totals["jobs"].baseline, totals["jobs"].original) == (100, 120)
    assert (totals["jobs"].actual, totals["jobs"].forecast) == (15, 85)
    assert (totals["homes"].baseline, totals["homes"].actual, totals["homes"].forecast) == (
        80,
        30,
        80,
    )
    assert totals["homes"].projects == 2


def test_net_outputs_come_from_the_programmes_assumptions_and_never_equal_gross_silently(
    scenario,
):
    Additionality.objects.create(
        programme=scenario.programme,
        output_type=OutputType.objects.get(code="jobs"),
        deadweight=0.2,
        displacement=0.25,
        leakage=0.1,
        substitution=0,
        multiplier=1.2,
        basis="Additionality Guide, fourth edition (2014), ready reckoner for the sub-region.",
    )
    totals = {o.code: o for o in programme_position(scenario.programme, AS_AT).outputs}
    jobs = totals["jobs"]
    assert jobs.additionality is not None
    # 0.9 × 0.75 × 1 × 0.8 × 1.2 = 0.648
    assert jobs.additionality.assumptions.factor == pytest.approx(0.648)
    assert jobs.net_actual == pytest.approx(15 * 0.648)
    assert jobs.net_forecast == pytest.approx(85 * 0.648)
    assert jobs.additionality.basis.startswith("Additionality Guide")
    homes = totals["homes"]
    assert homes.additionality is None
    assert (homes.net_actual, homes.net_forecast) == (None, None)


# Ratings, late returns and risks -----------------------------------------------------------------


def test_ratings_from_the_default_rules(scenario):
    position = programme_position(scenario.programme, AS_AT)
    assert (position.rules, position.rules_stored, position.rules_problem) == (
        RagRules(),
        False,
        "",
    )
    first, second, completed = by_reference(position).values()
    # Spend 20% behind (480 of 600), jobs 15% below baseline (85 of 100), a milestone 40 days
    # late, an open risk of 16: all amber. The latest return due (2019/20 Q2) is in.
    assert first.milestone_slips_days == (40, 20)
    assert first.open_risk_scores == (16, 10, 10)
    assert first.days_overdue is None
    assert first.rating.colour == "amber"
    assert first.rating.reasons == (
        "Spend is 20% behind the profile to date (amber at 10% or more).",
        "The latest forecast of jobs is 15% below its baseline (amber at 10% or more).",
        "A milestone has slipped 40 days past its baseline date (amber at 30 days or more).",
        "An open risk scores 16 for likelihood × impact (amber at 12 or more).",
    )
    # No return for 2019/20 Q2, due 30 October 2019: 62 days late on 31 December.
    assert second.days_overdue == 62
    assert second.rating.colour == "red"
    assert second.rating.reasons == (
        "The latest return is not in and is 62 days past its deadline (red at 60 days or more).",
    )
    assert completed.rating.colour == "green"
    assert completed.rating.reasons == ()
    assert position.ratings == {"red": 1, "amber": 1, "green": 1}


def test_late_returns_from_each_projects_start(scenario):
    position = programme_position(scenario.programme, AS_AT)
    late = [(r.reference, r.quarter_label, r.due, r.days_overdue) for r in position.late_returns]
    assert late == [
        ("MON-001", "2018/19 Q1", date(2018, 7, 30), 519),
        ("MON-001", "2018/19 Q3", date(2019, 1, 30), 335),
        ("MON-001", "2018/19 Q4", date(2019, 4, 30), 245),
        ("MON-001", "2019/20 Q1", date(2019, 7, 30), 154),
        ("MON-002", "2019/20 Q1", date(2019, 7, 30), 154),
        ("MON-002", "2019/20 Q2", date(2019, 10, 30), 62),
    ]
    assert position.projects_late == 2
    # A completed project owes no return; 2019/20 Q3 is not yet due (30 January 2020).
    later = programme_position(scenario.programme, date(2020, 1, 31))
    quarters = [(r.reference, r.quarter_label) for r in later.late_returns]
    assert ("MON-001", "2019/20 Q3") not in quarters  # submitted, awaiting a decision
    assert ("MON-002", "2019/20 Q3") in quarters


def test_a_return_submitted_after_the_date_was_late_at_the_date(scenario):
    found = Return.objects.get(project=scenario.first, financial_year="2018/19", quarter=2)
    found.submitted_at = timezone.make_aware(datetime(2020, 2, 1))
    found.save()
    position = programme_position(scenario.programme, AS_AT)
    quarters = [(r.reference, r.quarter_label, r.days_overdue) for r in position.late_returns]
    assert ("MON-001", "2018/19 Q2", 427) in quarters  # due 30 October 2018


def test_late_returns_stop_at_the_end_of_the_programme(scenario):
    position = programme_position(scenario.programme, date(2023, 6, 30))
    second = by_reference(position)["MON-002"]
    assert second.late_returns[-1].quarter_label == "2020/21 Q4"
    assert len(second.late_returns) == 8


def test_top_risks_are_the_open_risks_of_the_latest_returns_by_score_then_impact(scenario):
    position = programme_position(scenario.programme, AS_AT)
    assert position.open_risks == 3
    assert [(r.reference, r.likelihood, r.impact) for r in position.top_risks] == [
        ("MON-001", 4, 4),
        ("MON-001", 2, 5),
        ("MON-001", 5, 2),
    ]
    assert {r.quarterly_return.pk for r in position.top_risks} == {scenario.latest.pk}


def test_the_programmes_own_rules_are_used(scenario):
    MonitoringRules.objects.create(programme=scenario.programme, late_red_days=100)
    position = programme_position(scenario.programme, AS_AT)
    assert position.rules_stored
    assert position.rules.late_red_days == 100
    assert by_reference(position)["MON-002"].rating.colour == "amber"


def test_stored_rules_that_contradict_themselves_give_way_to_the_defaults(scenario):
    MonitoringRules.objects.create(programme=scenario.programme, spend_amber=0.5, spend_red=0.2)
    position = programme_position(scenario.programme, AS_AT)
    assert position.rules == RagRules()
    assert not position.rules_stored
    assert "spend_amber (0.5) must not be more than spend_red (0.2)" in position.rules_problem


def test_illustrative_returns_mark_the_projects_figures(scenario):
    assert not programme_position(scenario.programme, AS_AT).illustrative
    scenario.early.illustrative = True
    scenario.early.save()
    position = programme_position(scenario.programme, AS_AT)
    assert position.illustrative
    assert [p.reference for p in position.projects if p.illustrative] == ["MON-001"]


# The trajectory ---------------------------------------------------------------------------------


def test_the_jobs_trajectory_starts_from_the_published_figure_and_slips_as_before(scenario):
    position = programme_position(scenario.programme, AS_AT)
    jobs = position.trajectory("jobs")
    assert jobs is not None
    assert [(s.as_at, s.value) for s in jobs.snapshots] == [
        (date(2019, 6, 30), 12),
        (None, 99),  # undated: listed, not placed on the axis
    ]
    assert [s.on_axis for s in jobs.snapshots] == [True, False]
    assert jobs.delivered_basis == "snapshots"
    assert jobs.result.delivered == [Point(date(2019, 6, 30), 12.0)]
    # The returns' own line: 15 jobs (10 + 5) in the 2019/20 Q2 return.
    assert jobs.returns_delivered == (Point(date(2019, 9, 30), 15.0),)
    # 2018/19: 20 forecast in the 2018/19 Q2 return, 10 delivered: a ratio of 0.5.
    assert jobs.forecasts == (
        Forecast(date(2018, 9, 30), date(2019, 3, 31), 20.0, 10.0),
        Forecast(date(2018, 9, 30), date(2020, 3, 31), 40.0, None),
        Forecast(date(2018, 9, 30), date(2021, 3, 31), 40.0, None),
    )
    assert jobs.result.ratios_used == 1
    # Forecast at completion 85; 12 delivered, so 73 remain, dated as the latest return
    # phases them (25 in 2019/20 and 45 in 2020/21), scaled to 73.
    assert jobs.projects_forecast == 85
    assert [when for when, _ in jobs.remaining] == [date(2020, 3, 31), date(2021, 3, 31)]
    assert [amount for _, amount in jobs.remaining] == pytest.approx([25 * 73 / 70, 45 * 73 / 70])
    assert jobs.result.forecast_at_completion == pytest.approx(85)
    # Each remaining job counts at the median ratio, 0.5: 12 + 73 × 0.5 by the deadline.
    at_deadline = jobs.result.at_deadline
    assert at_deadline is not None
    assert at_deadline.central == pytest.approx(48.5)
    assert (at_deadline.low, at_deadline.high) == pytest.approx((48.5, 48.5))
    assert jobs.result.share_of_target == pytest.approx(12 / 200)


def test_without_dated_figures_the_homes_trajectory_uses_what_the_projects_report(scenario):
    homes = programme_position(scenario.programme, AS_AT).trajectory("homes")
    assert homes is not None
    assert homes.snapshots == ()
    assert homes.delivered_basis == "none"
    assert homes.result.delivered_to_date == 0
    assert homes.result.forecast_at_completion == pytest.approx(80)


def test_a_programme_with_nothing_recorded_has_an_empty_position():
    programme = Programme.objects.create(
        slug="empty", name="Empty", partnership=Partnership.objects.get(slug="selep")
    )
    position = programme_position(programme, AS_AT)
    assert position.projects == ()
    assert position.spend_by_year == ()
    assert position.spend_by_quarter == ()
    assert position.trajectories == ()
    assert position.late_returns == ()
    assert position.grant == 0


# Setting the rules and assumptions in the admin -------------------------------------------------


def test_the_admin_refuses_rules_that_turn_red_before_amber(scenario):
    from localgrowth.returns.admin import AdditionalityForm, MonitoringRulesForm

    fields = {
        "programme": scenario.programme.pk,
        "return_due_days": 30,
        "spend_amber": 0.3,
        "spend_red": 0.2,
        "output_amber": 0.1,
        "output_red": 0.25,
        "milestone_amber_days": 30,
        "milestone_red_days": 90,
        "risk_amber_score": 12,
        "risk_red_score": 20,
        "late_amber_days": 0,
        "late_red_days": 60,
    }
    form = MonitoringRulesForm(data=fields)
    assert not form.is_valid()
    assert "spend_amber (0.3) must not be more than spend_red (0.2)" in str(form.errors)
    assert MonitoringRulesForm(data={**fields, "spend_red": 0.4}).is_valid()
    assumptions = {
        "programme": scenario.programme.pk,
        "output_type": OutputType.objects.get(code="jobs").pk,
        "deadweight": 0.2,
        "displacement": 0.25,
        "leakage": 0.1,
        "substitution": 0,
        "multiplier": 1.2,
        "basis": "Additionality Guide (2014).",
    }
    assert AdditionalityForm(data=assumptions).is_valid()
    assert not AdditionalityForm(data={**assumptions, "multiplier": 0.5}).is_valid()


def test_editors_set_the_rules_and_assumptions_in_the_admin_with_their_history(client, scenario):
    from django.contrib.auth.models import Group, User

    editor = User.objects.create_user("rules-editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="editor"))
    client.force_login(editor)
    for model in ("monitoringrules", "additionality"):
        assert client.get(f"/admin/returns/{model}/").status_code == 200
        assert client.get(f"/admin/returns/{model}/add/").status_code == 200
    response = client.post(
        "/admin/returns/monitoringrules/add/",
        {
            "programme": scenario.programme.pk,
            "return_due_days": 45,
            "spend_amber": 0.1,
            "spend_red": 0.25,
            "output_amber": 0.1,
            "output_red": 0.25,
            "milestone_amber_days": 30,
            "milestone_red_days": 90,
            "risk_amber_score": 12,
            "risk_red_score": 20,
            "late_amber_days": 0,
            "late_red_days": 60,
        },
    )
    assert response.status_code == 302
    rules = MonitoringRules.objects.get(programme=scenario.programme)
    assert rules.history.get().history_user == editor
    assert programme_position(scenario.programme, AS_AT).rules.return_due_days == 45
