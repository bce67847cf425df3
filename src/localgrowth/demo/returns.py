"""Illustrative monitoring for the SELEP Growth Deal demo.

SELEP published its programme's progress (jobs, homes, spend) as dated totals; those are loaded
as the programme's progress snapshots (``programme.py``). It never published the quarterly
returns of its projects, nor their spend profiles or actual spend. So that the monitoring pages
have something to show, this module *generates* them, and labels every generated record as
illustrative: each return has ``illustrative=True``, narrative "Illustrative return generated
for the localgrowth demo; not reported by the project." and sign-off "Illustrative"; each
spend profile line says "Illustrative profile generated for the demo; not published by SELEP";
each baseline change has ``illustrative=True`` and says so in its reason; the actual lines that
approval puts on the projects carry the note of ``approval.source_note`` ("illustrative:
generated for the demo, not reported by the project"). Only the projects' grants, dates,
statuses and jobs and homes forecasts are real (the register's); everything else is made up.

Which projects
    The Growth Deal's Local Growth Fund projects (fund kind LGF) with a grant, not withdrawn or
    in the pipeline, whose spend window (below) overlaps 2018/19 to 2020/21: the first
    ``SUBSET_SIZE`` (40) of them in reference order.

Spend window and profile
    The financial years from the project's start to its end: the financial year each recorded
    date falls in (a year-only date is recorded as 1 January, so "2021" is 2020/21), never
    before 2015/16, when the Local Growth Fund began. Where a date is missing the window is four
    years: ending at the known end, or starting at the known start (and then ending no later
    than 2020/21), or 2017/18 to 2020/21 when neither is known. The grant is spread over the
    window with random weights (the later years weighted up, as capital projects spend), to the
    pound, adding up to the grant; the profile is stored as forecast spend lines only where the
    project has none.

Returns
    One a quarter, from 2018/19 Q1 (or the window's first quarter, if later) to 2020/21 Q4 (or
    the window's last quarter, if earlier). A project the monitoring pages expect returns from
    (approved or in delivery, with a start date) reports every quarter from its start (or the
    programme's, 2015/16 Q1) to 2020/21 Q4, so that no quarter the pages count as due is
    missing by accident. Each project is given a delay (none for nearly half, up to six
    quarters) and a final share of the grant spent; actual spend follows the profile that much
    later, quarter by quarter with noise, never falling and never above the grant. Each return
    forecasts the rest of the grant over the quarters to come along the profile shifted by the
    delay as the project then sees it, which starts small and grows to the true delay: early
    forecasts are too optimistic, so there is a real history of forecasts against actuals.
    Jobs and homes are reported only where the register publishes a forecast of them: the
    actual figure by financial year rises, some quarters behind the spend, toward a share of
    that real forecast; the forecasts by year follow the same idea, and a project delivering
    well short of its forecast lowers it part way through. Three or four milestones, with
    baseline dates in the window, slip with the project; their forecast dates converge on the
    date they are reached, and their status follows the quarter. One to three risks, scored
    1 to 5, each with an owner and a mitigation; some are closed along the way.

Decisions
    Most returns are approved (decided one to three weeks after they were submitted). For three
    projects the 2020/21 Q4 return is still submitted, awaiting a decision; for one it was
    returned for correction with a reason; one project had a return returned and then approved
    as version 2; three projects that the pages expect returns from have no 2020/21 Q4 return,
    so they show as late. Each project's actual lines are its latest approved return's, put
    there by ``approval.apply_actuals``.

Baseline changes
    One approved change (a project running a year late re-profiles its spend, applied to its
    profile lines with the before and after figures) and one proposed change awaiting a decision
    (moving the grant unspent at the end of the Growth Deal into 2021/22).

The programme's monitoring rules are the defaults. No additionality assumptions are loaded:
no published basis for them could be confirmed, so net outputs show as not available.

Everything is generated from ``random.Random(2021)``, so every load gives the same figures.
Loading again adds nothing: a project with returns is left as it is, except that its latest
approved return's actuals are applied again (which changes nothing unless something else, such
as a project import, has replaced its actual lines).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from localgrowth.domain.returns import Quarter
from localgrowth.projects.models import (
    Basis,
    FundKind,
    OutputLine,
    OutputType,
    Programme,
    Project,
    ProjectStatus,
    SpendLine,
)
from localgrowth.returns import approval
from localgrowth.returns.models import (
    BaselineChange,
    BaselineSpend,
    ChangeStatus,
    MilestoneStatus,
    MonitoringRules,
    Return,
    ReturnMilestone,
    ReturnOutput,
    ReturnRisk,
    ReturnSpend,
    ReturnStatus,
    RiskStatus,
)
from localgrowth.returns.monitoring import RETURNING_STATUSES, quarter_of

Say = Callable[[str], None]

SEED = 2021
SUBSET_SIZE = 40
PROGRAMME = "selep-growth-deal"
FIRST_QUARTER = Quarter(2018, 1)
LAST_QUARTER = Quarter(2020, 4)
EARLIEST_YEAR = 2015
"""2015/16: the Local Growth Fund's first year, and the timeline's origin."""
LATEST_DEFAULT_END = 2020
"""2020/21: the Growth Deal's last year."""
DEFAULT_WINDOW = (2017, 2020)
WINDOW_YEARS = 4
OUTPUT_CODES = ("jobs", "homes")

PROFILE_NOTE = "Illustrative profile generated for the demo; not published by SELEP"
NARRATIVE = "Illustrative return generated for the localgrowth demo; not reported by the project."
SIGN_OFF_NAME = "Illustrative"
SIGN_OFF_ROLE = "Illustrative: no officer signed this return"
RETURNED_REASON = (
    "Illustrative, generated for the localgrowth demo: actual spend for {year} includes "
    "£{amount:,} of costs met from match funding. Report grant spend only and resubmit."
)
NARRATIVE_REASON = (
    "Illustrative, generated for the localgrowth demo: the narrative does not explain the "
    "spend against the profile. Add the explanation and resubmit."
)
RESUBMITTED_NARRATIVE = (
    NARRATIVE + " Version 2 corrects the actual spend queried when version 1 was returned."
)
REBASELINE_REASON = (
    "Illustrative baseline change generated for the localgrowth demo; not proposed by the "
    "project. The start on site slipped by a year, so {share} of each year's spend from {year} "
    "moves to the year after."
)
REBASELINE_DECISION = "Illustrative decision generated for the localgrowth demo."
PROPOSED_REASON = (
    "Illustrative baseline change generated for the localgrowth demo; not proposed by the "
    "project. £{amount:,} of the grant was not spent by 31 March 2021: move it from 2020/21 to "
    "2021/22."
)
SHIFT_SHARE = Decimal("0.4")

MILESTONES = [
    # name, where its baseline falls in the window (share of the window's length)
    ("Full business case approved", 0.0),
    ("Contract awarded", 0.2),
    ("Start on site", 0.3),
    ("Practical completion", 0.95),
]
FINAL_MILESTONE = ("Final grant claim submitted", 1.05)
RISKS = [
    (
        "Construction costs rise above the budget",
        "Contingency held; value engineering reviewed by the project board each month.",
    ),
    (
        "Utility diversions take longer than planned",
        "Early engagement with the utility companies; diversions programmed first.",
    ),
    (
        "Planning conditions delay the start on site",
        "Conditions discharged in parallel with the detailed design.",
    ),
    (
        "Match funding from a partner is withdrawn or delayed",
        "Funding agreement signed; alternative sources identified with the accountable body.",
    ),
    (
        "Ground conditions worse than surveyed",
        "Further site investigation before the contract; risk allowance in the cost plan.",
    ),
    (
        "Demand for the new space lower than forecast",
        "Marketing started early; flexible lease terms agreed with the operator.",
    ),
    (
        "Statutory approvals from the highway authority delayed",
        "Fortnightly meetings with the highway authority; approvals tracked in the programme.",
    ),
]
OWNERS = ["Project board", "Programme manager", "Highways team", "Finance lead", "Contractor"]
DELAYS = [0, 0, 0, 0, 0, 1, 1, 2, 2, 3, 4, 6]
"""Quarters a project's spend runs behind its profile, drawn at random: nearly half on time."""


# Quarters on one timeline ---------------------------------------------------------------------


def index(quarter: Quarter) -> int:
    """Quarters since 2015/16 Q1."""
    return (quarter.start_year - EARLIEST_YEAR) * 4 + quarter.number - 1


def quarter_at(position: int) -> Quarter:
    return Quarter(EARLIEST_YEAR + position // 4, position % 4 + 1)


def financial_year(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def _year_of(position: int) -> int:
    return EARLIEST_YEAR + position // 4


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10, 0))


# Which projects, and when ---------------------------------------------------------------------


def spend_window(project: Project) -> tuple[int, int]:
    """The first and last financial year (by the year they start in) of the spend profile."""
    start = quarter_of(project.start_date).start_year if project.start_date else None
    end = quarter_of(project.end_date).start_year if project.end_date else None
    if start is not None:
        start = max(start, EARLIEST_YEAR)
    if end is not None:
        end = max(end, EARLIEST_YEAR)
    if start is None and end is None:
        return DEFAULT_WINDOW
    if start is None:
        assert end is not None
        return max(EARLIEST_YEAR, end - WINDOW_YEARS + 1), end
    if end is None:
        return start, max(start, min(start + WINDOW_YEARS - 1, LATEST_DEFAULT_END))
    return start, max(start, end)


def expects_returns(project: Project) -> bool:
    """Whether the monitoring pages count a return as due from this project every quarter."""
    return project.status in RETURNING_STATUSES and project.start_date is not None


def return_quarters(project: Project, window: tuple[int, int]) -> list[Quarter]:
    if expects_returns(project):
        assert project.start_date is not None
        programme = project.programme
        start = project.start_date
        if programme is not None and programme.start_date and programme.start_date > start:
            start = programme.start_date
        first, last = index(quarter_of(start)), index(LAST_QUARTER)
    else:
        first = max(index(FIRST_QUARTER), index(Quarter(window[0], 1)))
        last = min(index(LAST_QUARTER), index(Quarter(window[1], 4)))
    return [quarter_at(position) for position in range(first, last + 1)]


def growth_deal_subset() -> list[Project]:
    """The projects given illustrative monitoring (see the module's description)."""
    candidates = (
        Project.objects.filter(
            programme__slug=PROGRAMME, fund__kind=FundKind.LOCAL_GROWTH_FUND, grant__gt=0
        )
        .exclude(status__in=[ProjectStatus.WITHDRAWN, ProjectStatus.PIPELINE])
        .select_related("programme")
        .order_by("reference")
    )
    chosen = []
    for project in candidates:
        start, end = spend_window(project)
        if start <= LAST_QUARTER.start_year and end >= FIRST_QUARTER.start_year:
            chosen.append(project)
        if len(chosen) == SUBSET_SIZE:
            break
    return chosen


# The plan of one project ----------------------------------------------------------------------


@dataclass
class PlannedReturn:
    quarter: Quarter
    version: int
    status: str
    submitted: datetime
    decided: datetime | None
    sign_off_date: date
    narrative: str = NARRATIVE
    returned_reason: str = ""
    spend: list[tuple[str, str, Decimal]] = field(default_factory=list)
    """(financial year, basis, amount)"""
    outputs: list[tuple[str, str, str, Decimal]] = field(default_factory=list)
    """(output type code, period, basis, value)"""
    milestones: list[tuple[str, date, date | None, date | None, str]] = field(default_factory=list)
    risks: list[tuple[str, int, int, str, str, str]] = field(default_factory=list)


@dataclass
class PlannedChange:
    status: str
    reason: str
    proposed: datetime
    decided: datetime | None
    spend: dict[str, tuple[Decimal | None, Decimal]]
    """financial year -> (before, after)"""


@dataclass
class ProjectPlan:
    project: Project
    profile: dict[str, Decimal]
    new_profile: bool
    returns: list[PlannedReturn]
    changes: list[PlannedChange]


@dataclass(frozen=True)
class Roles:
    """The projects given a special part, by reference."""

    missing_last: frozenset[str] = frozenset()
    awaiting: frozenset[str] = frozenset()
    returned: str = ""
    resubmitted: str = ""
    rebaselined: str = ""
    proposed: str = ""


def illustrative_profile(
    grant: Decimal, window: tuple[int, int], rng: random.Random
) -> dict[str, Decimal]:
    """The grant spread over the window's years, to the pound, adding up to the grant."""
    years = list(range(window[0], window[1] + 1))
    weights = [rng.uniform(0.6, 1.4) * (1 + 0.3 * offset) for offset in range(len(years))]
    whole = int(grant)
    amounts = [math.floor(whole * weight / sum(weights)) for weight in weights]
    amounts[-1] += whole - sum(amounts)
    profile = {
        financial_year(year): Decimal(amount) for year, amount in zip(years, amounts, strict=True)
    }
    last = financial_year(years[-1])
    profile[last] += grant - whole
    return profile


def _cumulative(per_quarter: Sequence[float]) -> list[float]:
    total, found = 0.0, []
    for amount in per_quarter:
        total += amount
        found.append(total)
    return found


class _Curve:
    """A cumulative figure by quarter on the timeline; 0 before it, flat after it."""

    def __init__(self, values: Sequence[float]) -> None:
        self.values = list(values)

    def __call__(self, position: int) -> float:
        if position < 0 or not self.values:
            return 0.0
        return self.values[min(position, len(self.values) - 1)]


def _by_year(
    remaining: int, after: int, shape: Callable[[int], float], horizon: int
) -> dict[int, int]:
    """``remaining`` spread over the quarters after ``after`` in proportion to the increments
    of ``shape`` (over the next two quarters where it has none left), added up by financial
    year: whole numbers adding up to ``remaining``."""
    if remaining <= 0:
        return {}
    weights = {
        position: max(0.0, shape(position) - shape(position - 1))
        for position in range(after + 1, horizon + 1)
    }
    if sum(weights.values()) <= 0:
        weights = {after + 1: 1.0, after + 2: 1.0}
    total = sum(weights.values())
    shares: dict[int, float] = {}
    for position, weight in weights.items():
        if weight > 0:
            year = _year_of(position)
            shares[year] = shares.get(year, 0.0) + weight / total
    amounts = {year: math.floor(remaining * share) for year, share in shares.items()}
    last = max(amounts)
    amounts[last] += remaining - sum(amounts.values())
    return {year: amount for year, amount in amounts.items() if amount > 0}


class _Generator:
    """Everything generated for one project, from its own random sequence."""

    def __init__(
        self,
        project: Project,
        profile: dict[str, Decimal],
        window: tuple[int, int],
        forecasts: dict[str, int],
        rng: random.Random,
        *,
        delay: int | None = None,
    ) -> None:
        self.project = project
        self.rng = rng
        self.window = window
        self.grant = int(project.grant or 0)
        self.delay = rng.choice(DELAYS) if delay is None else delay
        final_share = 1.0 if rng.random() < 0.75 else rng.uniform(0.85, 0.99)
        self.final = math.floor(min(self.grant, int(sum(profile.values()))) * final_share)
        last_year = max(int(year[:4]) for year in profile)
        self.horizon = index(Quarter(max(last_year, LAST_QUARTER.start_year) + 4, 4))
        per_quarter = [0.0] * (self.horizon + 1)
        for year, amount in profile.items():
            start = index(Quarter(int(year[:4]), 1))
            for offset in range(4):
                if 0 <= start + offset <= self.horizon:
                    per_quarter[start + offset] += float(amount) / 4
        self.baseline = _Curve(_cumulative(per_quarter))
        increments = [
            max(0.0, self.baseline(t - self.delay) - self.baseline(t - self.delay - 1))
            * rng.uniform(0.6, 1.4)
            for t in range(self.horizon + 1)
        ]
        raw = _cumulative(increments)
        top = raw[-1] if raw and raw[-1] > 0 else 1.0
        self.actual = [math.floor(self.final * value / top) for value in raw]
        self.outputs: dict[str, tuple[int, float, int]] = {}
        """code -> (published forecast, share of it delivered, quarters behind the spend)"""
        for code, forecast in sorted(forecasts.items()):
            achieved = rng.uniform(0.9, 1.0) if rng.random() < 0.6 else rng.uniform(0.55, 0.85)
            self.outputs[code] = (forecast, achieved, rng.randint(2, 6))
        self.milestone_plan = self._milestone_plan()
        self.risk_plan = self._risk_plan()

    # Spend ----------------------------------------------------------------------------------

    def actual_at(self, position: int) -> int:
        if position < 0:
            return 0
        return self.actual[min(position, self.horizon)]

    def seen_delay(self, position: int, first: int, last: int) -> int:
        """The delay as the project sees it at a quarter: a quarter of it at first, all of it
        by the last return."""
        progress = 0.25 + 0.75 * (position - first) / max(1, last - first)
        return round(self.delay * min(1.0, progress))

    def spend(self, position: int, seen: int) -> list[tuple[str, str, Decimal]]:
        """Actual spend for each year begun (a year outside the profile only if there was
        some), and the forecast for this year and each year to come."""
        current = _year_of(position)
        lines: list[tuple[str, str, Decimal]] = []
        for year in range(self.window[0], current + 1):
            start = index(Quarter(year, 1))
            amount = self.actual_at(min(position, start + 3)) - self.actual_at(start - 1)
            if amount > 0 or year <= self.window[1]:
                lines.append((financial_year(year), Basis.ACTUAL, Decimal(amount)))
        remaining = self.grant - self.actual_at(position)
        ahead = _by_year(remaining, position, self._shifted(seen), self.horizon)
        year_to_date = self.actual_at(position) - self.actual_at(index(Quarter(current, 1)) - 1)
        this_year = year_to_date + ahead.pop(current, 0)
        if current >= self.window[0] and (this_year > 0 or current <= self.window[1]):
            lines.append((financial_year(current), Basis.FORECAST, Decimal(this_year)))
        for year, amount in sorted(ahead.items()):
            lines.append((financial_year(year), Basis.FORECAST, Decimal(amount)))
        return lines

    def _shifted(self, quarters: int) -> Callable[[int], float]:
        """The baseline profile, ``quarters`` later."""

        def shifted(position: int) -> float:
            return self.baseline(position - quarters)

        return shifted

    # Outputs --------------------------------------------------------------------------------

    def delivered(self, code: str, position: int) -> int:
        forecast, achieved, lag = self.outputs[code]
        if self.final <= 0:
            return 0
        return math.floor(forecast * achieved * self.actual_at(position - lag) / self.final)

    def whole_life_forecast(self, code: str, position: int, first: int, last: int) -> int:
        """The published forecast; a project delivering well short of it lowers it once its
        returns are two-thirds done."""
        forecast, achieved, _ = self.outputs[code]
        if achieved < 0.9 and position >= first + (last - first) * 2 // 3:
            return max(self.delivered(code, position), round(forecast * (achieved + 0.1)))
        return forecast

    def output_lines(
        self, position: int, seen: int, first: int, last: int
    ) -> list[tuple[str, str, str, Decimal]]:
        current = _year_of(position)
        lines: list[tuple[str, str, str, Decimal]] = []
        for code in self.outputs:
            _, _, lag = self.outputs[code]
            for year in range(EARLIEST_YEAR, current + 1):
                start = index(Quarter(year, 1))
                value = self.delivered(code, min(position, start + 3)) - self.delivered(
                    code, start - 1
                )
                if value > 0 or (year == current and self.delivered(code, position) > 0):
                    lines.append((code, financial_year(year), Basis.ACTUAL, Decimal(value)))
            remaining = self.whole_life_forecast(code, position, first, last) - self.delivered(
                code, position
            )
            behind = seen + max(1, lag - 2)
            ahead = _by_year(remaining, position, self._shifted(behind), self.horizon)
            year_to_date = self.delivered(code, position) - self.delivered(
                code, index(Quarter(current, 1)) - 1
            )
            this_year = year_to_date + ahead.pop(current, 0)
            if this_year > 0:
                lines.append((code, financial_year(current), Basis.FORECAST, Decimal(this_year)))
            for year, value in sorted(ahead.items()):
                lines.append((code, financial_year(year), Basis.FORECAST, Decimal(value)))
        return lines

    # Milestones and risks -------------------------------------------------------------------

    def _milestone_plan(self) -> list[tuple[str, date, int]]:
        """(name, baseline date, days it is reached after the baseline)"""
        opens = date(self.window[0], 4, 1)
        closes = date(self.window[1] + 1, 3, 31)
        length = (closes - opens).days
        chosen = list(MILESTONES)
        if self.rng.random() < 0.5:
            chosen.append(FINAL_MILESTONE)
        plan = []
        for number, (name, share) in enumerate(chosen):
            baseline = opens + timedelta(days=round(length * share))
            weight = (0.2, 0.6, 0.8, 1.0, 1.1)[number]
            slip = round(self.delay * 91 * weight * self.rng.uniform(0.7, 1.2))
            plan.append((name, baseline, slip + self.rng.randint(0, 20)))
        return plan

    def milestones(
        self, quarter: Quarter, progress: float
    ) -> list[tuple[str, date, date | None, date | None, str]]:
        end = quarter.end
        lines: list[tuple[str, date, date | None, date | None, str]] = []
        for name, baseline, slip in self.milestone_plan:
            reached = baseline + timedelta(days=slip)
            if reached <= end:
                lines.append((name, baseline, reached, reached, MilestoneStatus.COMPLETE))
                continue
            seen = baseline + timedelta(days=round(slip * progress))
            forecast = max(seen, end + timedelta(days=14))
            late = (forecast - baseline).days
            if late >= 90:
                status = MilestoneStatus.DELAYED
            elif late >= 30:
                status = MilestoneStatus.AT_RISK
            elif (baseline - end).days > 270:
                status = MilestoneStatus.NOT_STARTED
            else:
                status = MilestoneStatus.ON_TRACK
            lines.append((name, baseline, forecast, None, status))
        return lines

    def _risk_plan(self) -> list[tuple[str, int, int, str, str, float | None]]:
        """(risk, likelihood, impact, owner, mitigation, share of the returns when closed)"""
        plan = []
        for number, (description, mitigation) in enumerate(
            self.rng.sample(RISKS, self.rng.randint(1, 3))
        ):
            if number == 0 and self.delay >= 3:
                likelihood, impact = self.rng.randint(4, 5), 4
            else:
                likelihood, impact = self.rng.randint(1, 4), self.rng.randint(2, 4)
            closes = self.rng.uniform(0.3, 0.9) if self.rng.random() < 0.35 else None
            owner = self.rng.choice(OWNERS)
            plan.append((description, likelihood, impact, owner, mitigation, closes))
        return plan

    def risks(self, progress: float) -> list[tuple[str, int, int, str, str, str]]:
        return [
            (
                description,
                likelihood,
                impact,
                owner,
                mitigation,
                RiskStatus.CLOSED if closes is not None and progress >= closes else RiskStatus.OPEN,
            )
            for description, likelihood, impact, owner, mitigation, closes in self.risk_plan
        ]


def plan_project(
    project: Project,
    profile: dict[str, Decimal] | None,
    forecasts: dict[str, int],
    roles: Roles,
    rng: random.Random,
) -> ProjectPlan:
    """Every figure generated for one project; ``profile`` is its stored forecast spend, or
    None when it has none and one is generated."""
    window = spend_window(project)
    generated = illustrative_profile(project.grant or Decimal(0), window, rng)
    new_profile = profile is None
    if profile is None:
        profile = generated
    reference = project.reference
    delay = {roles.rebaselined: 4, roles.proposed: 3}.get(reference)
    generator = _Generator(project, profile, window, forecasts, rng, delay=delay)
    quarters = return_quarters(project, window)
    if reference in roles.missing_last and quarters[-1] == LAST_QUARTER:
        quarters = quarters[:-1]
    first, last = index(quarters[0]), index(quarters[-1])
    returns: list[PlannedReturn] = []
    for quarter in quarters:
        position = index(quarter)
        progress = min(1.0, 0.25 + 0.75 * (position - first) / max(1, last - first))
        seen = generator.seen_delay(position, first, last)
        submitted_on = quarter.end + timedelta(days=rng.randint(12, 40))
        decided_on = submitted_on + timedelta(days=rng.randint(5, 21))
        planned = PlannedReturn(
            quarter=quarter,
            version=1,
            status=ReturnStatus.APPROVED,
            submitted=_moment(submitted_on),
            decided=_moment(decided_on),
            sign_off_date=max(quarter.end, submitted_on - timedelta(days=rng.randint(0, 3))),
            spend=generator.spend(position, seen),
            outputs=generator.output_lines(position, seen, first, last),
            milestones=generator.milestones(quarter, progress),
            risks=generator.risks(progress),
        )
        returns.append(planned)
    latest = returns[-1]
    if latest.quarter == LAST_QUARTER and reference in roles.awaiting:
        latest.status, latest.decided = ReturnStatus.SUBMITTED, None
    if latest.quarter == LAST_QUARTER and reference == roles.returned:
        latest.status = ReturnStatus.RETURNED
        _overstate(latest)
    if reference == roles.resubmitted:
        _resubmission(returns, rng)
    changes = []
    if reference == roles.rebaselined:
        changes.append(_rebaseline(profile, returns))
    if reference == roles.proposed:
        proposed = _proposal(project, profile, returns)
        if proposed is not None:
            changes.append(proposed)
    return ProjectPlan(project, profile, new_profile, returns, changes)


def _current_actual(planned: PlannedReturn) -> tuple[str, Decimal]:
    year = planned.quarter.financial_year
    amount = next(
        (a for y, basis, a in planned.spend if y == year and basis == Basis.ACTUAL), Decimal(0)
    )
    return year, amount


def _error(planned: PlannedReturn) -> Decimal:
    """An overstatement of the year's actual spend that still meets every rule: within the
    spend the return forecasts for the rest of the year."""
    year, actual = _current_actual(planned)
    forecast = next(
        (a for y, basis, a in planned.spend if y == year and basis == Basis.FORECAST), actual
    )
    return min((actual / 10).quantize(Decimal(1)), forecast - actual)


def _overstate(planned: PlannedReturn) -> None:
    """The return as first sent in: the year's actual spend overstated, and returned with the
    reason (or, where nothing could be overstated, returned for its narrative)."""
    error = _error(planned)
    year, _ = _current_actual(planned)
    if error <= 0:
        planned.returned_reason = NARRATIVE_REASON
        return
    planned.returned_reason = RETURNED_REASON.format(year=year, amount=int(error))
    planned.spend = [
        (y, basis, amount + error if (y, basis) == (year, Basis.ACTUAL) else amount)
        for y, basis, amount in planned.spend
    ]


def _resubmission(returns: list[PlannedReturn], rng: random.Random) -> None:
    """A middle return is first sent in overstating the year's spend, returned, and approved
    as version 2."""
    middle = len(returns) // 2
    for candidate in [*returns[middle:-1], *returns[:middle]]:
        if _error(candidate) > 0:
            break
    else:
        return
    first = PlannedReturn(
        quarter=candidate.quarter,
        version=1,
        status=ReturnStatus.RETURNED,
        submitted=candidate.submitted,
        decided=candidate.decided,
        sign_off_date=candidate.sign_off_date,
        spend=list(candidate.spend),
        outputs=list(candidate.outputs),
        milestones=list(candidate.milestones),
        risks=list(candidate.risks),
    )
    _overstate(first)
    assert candidate.decided is not None
    resubmitted = candidate.decided + timedelta(days=rng.randint(5, 12))
    candidate.version = 2
    candidate.submitted = resubmitted
    candidate.decided = resubmitted + timedelta(days=rng.randint(3, 10))
    candidate.sign_off_date = resubmitted.date()
    candidate.narrative = RESUBMITTED_NARRATIVE
    returns.insert(returns.index(candidate), first)


def _rebaseline(profile: dict[str, Decimal], returns: list[PlannedReturn]) -> PlannedChange:
    """Approved after a return part way through: SHIFT_SHARE of each year's profile from that
    year on moves to the year after (adding a year at the end)."""
    approved = [r for r in returns if r.status == ReturnStatus.APPROVED]
    after_return = approved[len(approved) // 2]
    assert after_return.decided is not None
    year = after_return.quarter.start_year
    before = dict(profile)
    after = dict(profile)
    moved = Decimal(0)
    last = max(int(y[:4]) for y in profile)
    for start in range(year, last + 2):
        label = financial_year(start)
        current = before.get(label, Decimal(0))
        shifted = (current * SHIFT_SHARE).quantize(Decimal(1)) if start <= last else Decimal(0)
        after[label] = current - shifted + moved
        moved = shifted
    proposed = after_return.decided + timedelta(days=10)
    return PlannedChange(
        status=ChangeStatus.APPROVED,
        reason=REBASELINE_REASON.format(share=f"{SHIFT_SHARE:.0%}", year=financial_year(year)),
        proposed=proposed,
        decided=proposed + timedelta(days=14),
        spend={
            label: (before.get(label), value)
            for label, value in sorted(after.items())
            if before.get(label) != value
        },
    )


def _proposal(
    project: Project, profile: dict[str, Decimal], returns: list[PlannedReturn]
) -> PlannedChange | None:
    """Proposed after the last return: the grant unspent by its end moves from 2020/21 into
    2021/22."""
    latest = returns[-1]
    spent = sum((a for _, basis, a in latest.spend if basis == Basis.ACTUAL), Decimal(0))
    unspent = (project.grant or Decimal(0)) - spent
    this_year, next_year = financial_year(2020), financial_year(2021)
    before = profile.get(this_year, Decimal(0))
    moved = min(unspent, before).quantize(Decimal(1))
    if moved <= 0 or next_year in profile:
        return None
    proposed = latest.submitted + timedelta(days=20)
    return PlannedChange(
        status=ChangeStatus.PROPOSED,
        reason=PROPOSED_REASON.format(amount=int(moved)),
        proposed=proposed,
        decided=None,
        spend={this_year: (before, before - moved), next_year: (None, moved)},
    )


# Choosing the special parts -------------------------------------------------------------------


def choose_roles(subset: Sequence[Project], rng: random.Random) -> Roles:
    windows = {project.reference: spend_window(project) for project in subset}
    quarters = {
        project.reference: return_quarters(project, windows[project.reference])
        for project in subset
    }
    to_the_end = [p.reference for p in subset if quarters[p.reference][-1] == LAST_QUARTER]
    expected = [p.reference for p in subset if expects_returns(p)]
    expected_to_the_end = [r for r in to_the_end if r in expected]
    missing = rng.sample(expected_to_the_end, k=min(3, len(expected_to_the_end)))
    rest = [r for r in to_the_end if r not in missing and len(quarters[r]) >= 2]
    awaiting = rng.sample(rest, k=3)
    rest = [r for r in rest if r not in awaiting]
    returned = rng.choice(rest)
    rest.remove(returned)
    long_running = [r for r in rest if len(quarters[r]) >= 6]
    resubmitted = rng.choice(long_running)
    rest.remove(resubmitted)
    rebaselined = rng.choice(
        [r for r in rest if windows[r][1] >= LAST_QUARTER.start_year and len(quarters[r]) >= 8]
    )
    rest.remove(rebaselined)
    proposed = rng.choice(
        [r for r in rest if windows[r][1] == LAST_QUARTER.start_year and len(quarters[r]) >= 4]
    )
    return Roles(
        missing_last=frozenset(missing),
        awaiting=frozenset(awaiting),
        returned=returned,
        resubmitted=resubmitted,
        rebaselined=rebaselined,
        proposed=proposed,
    )


def _plans(
    subset: Sequence[Project], stored_profiles: dict[int, dict[str, Decimal]]
) -> list[ProjectPlan]:
    rng = random.Random(SEED)
    roles = choose_roles(subset, rng)
    seeds = [rng.getrandbits(64) for _ in subset]
    forecasts: dict[int, dict[str, int]] = {}
    for line in OutputLine.objects.filter(
        project__in=subset,
        basis=Basis.FORECAST,
        period="",
        output_type__code__in=OUTPUT_CODES,
    ).select_related("output_type"):
        forecasts.setdefault(line.project_id, {})[line.output_type.code] = int(line.value)
    return [
        plan_project(
            project,
            stored_profiles.get(project.pk),
            forecasts.get(project.pk, {}),
            roles,
            random.Random(seed),
        )
        for project, seed in zip(subset, seeds, strict=True)
    ]


# Storing --------------------------------------------------------------------------------------


@transaction.atomic
def load_illustrative_monitoring(say: Say = print) -> None:
    """Generate and store the illustrative monitoring of the Growth Deal demo (see the module's
    description); loading again adds nothing."""
    programme = Programme.objects.get(slug=PROGRAMME)
    MonitoringRules.objects.get_or_create(programme=programme)
    subset = growth_deal_subset()
    with_returns = set(
        Return.objects.filter(project__in=subset).values_list("project_id", flat=True)
    )
    stored: dict[int, dict[str, Decimal]] = {}
    for line in SpendLine.objects.filter(project__in=subset, basis=Basis.FORECAST):
        stored.setdefault(line.project_id, {})[line.financial_year] = line.amount
    plans = [p for p in _plans(subset, stored) if p.project.pk not in with_returns]
    _store(plans)
    repaired = _apply_latest_actuals(subset)
    say(_summary(subset, plans, repaired))


def _store(plans: Sequence[ProjectPlan]) -> None:
    types = {t.code: t for t in OutputType.objects.filter(code__in=OUTPUT_CODES)}
    profile_lines = [
        SpendLine(
            project=plan.project,
            financial_year=year,
            basis=Basis.FORECAST,
            amount=amount,
            note=PROFILE_NOTE,
        )
        for plan in plans
        if plan.new_profile
        for year, amount in sorted(plan.profile.items())
    ]
    reason = "Illustrative monitoring generated for the demo"
    bulk_create_with_history(profile_lines, SpendLine, default_change_reason=reason)
    records: list[tuple[Return, PlannedReturn]] = []
    for plan in plans:
        for planned in plan.returns:
            quarter = planned.quarter
            record = Return(
                project=plan.project,
                financial_year=quarter.financial_year,
                quarter=quarter.number,
                period_end=quarter.end,
                version=planned.version,
                status=planned.status,
                returned_reason=planned.returned_reason,
                submitted_at=planned.submitted,
                decided_at=planned.decided,
                sign_off_name=SIGN_OFF_NAME,
                sign_off_role=SIGN_OFF_ROLE,
                sign_off_date=planned.sign_off_date,
                narrative=planned.narrative,
                illustrative=True,
            )
            records.append((record, planned))
    stored = bulk_create_with_history(
        [record for record, _ in records], Return, default_change_reason=reason
    )
    children: dict[type, list[Any]] = {
        ReturnSpend: [],
        ReturnOutput: [],
        ReturnMilestone: [],
        ReturnRisk: [],
    }
    for record, (_, planned) in zip(stored, records, strict=True):
        children[ReturnSpend] += [
            ReturnSpend(quarterly_return=record, financial_year=y, basis=b, amount=a)
            for y, b, a in planned.spend
        ]
        children[ReturnOutput] += [
            ReturnOutput(quarterly_return=record, output_type=types[c], period=p, basis=b, value=v)
            for c, p, b, v in planned.outputs
        ]
        children[ReturnMilestone] += [
            ReturnMilestone(
                quarterly_return=record,
                position=position,
                name=name,
                baseline_date=baseline,
                forecast_date=forecast,
                actual_date=actual,
                status=status,
            )
            for position, (name, baseline, forecast, actual, status) in enumerate(
                planned.milestones, start=1
            )
        ]
        children[ReturnRisk] += [
            ReturnRisk(
                quarterly_return=record,
                position=position,
                description=description,
                likelihood=likelihood,
                impact=impact,
                owner=owner,
                mitigation=mitigation,
                status=status,
            )
            for position, (description, likelihood, impact, owner, mitigation, status) in (
                enumerate(planned.risks, start=1)
            )
        ]
    for model, rows in children.items():
        bulk_create_with_history(rows, model, batch_size=2000, default_change_reason=reason)
    for plan in plans:
        for change in plan.changes:
            _store_change(plan.project, change, reason)


def _store_change(project: Project, planned: PlannedChange, reason: str) -> None:
    (change,) = bulk_create_with_history(
        [
            BaselineChange(
                project=project,
                reason=planned.reason,
                status=planned.status,
                proposed_at=planned.proposed,
                decided_at=planned.decided,
                decision_note=REBASELINE_DECISION if planned.decided else "",
                illustrative=True,
            )
        ],
        BaselineChange,
        default_change_reason=reason,
    )
    bulk_create_with_history(
        [
            BaselineSpend(change=change, financial_year=year, before=before, after=after)
            for year, (before, after) in sorted(planned.spend.items())
        ],
        BaselineSpend,
        default_change_reason=reason,
    )
    if planned.status != ChangeStatus.APPROVED:
        return
    lines = {
        line.financial_year: line
        for line in SpendLine.objects.filter(project=project, basis=Basis.FORECAST)
    }
    for year, (_, after) in sorted(planned.spend.items()):
        line = lines.get(year) or SpendLine(
            project=project, financial_year=year, basis=Basis.FORECAST, note=PROFILE_NOTE
        )
        line.amount = after
        _save(line, f"Baseline change {change.pk} approved")


def _save(instance: Any, reason: str) -> None:
    instance._change_reason = reason
    instance.save()


def _apply_latest_actuals(subset: Sequence[Project]) -> int:
    """Apply each project's latest approved return; how many projects it changed."""
    latest: dict[int, Return] = {}
    approved = (
        Return.objects.filter(project__in=subset, status=ReturnStatus.APPROVED)
        .select_related("project")
        .order_by("project_id", "financial_year", "quarter", "version")
    )
    for found in approved:
        latest[found.project_id] = found
    changed = 0
    for found in latest.values():
        if not _actuals_applied(found):
            approval.apply_actuals(found, None)
            changed += 1
    return changed


def _actuals_applied(found: Return) -> bool:
    note = approval.source_note(found)
    spend = {
        (line.financial_year, line.amount, line.note)
        for line in found.project.spend.filter(basis=Basis.ACTUAL)
    }
    outputs = {
        (line.output_type_id, line.period, line.value, line.note)
        for line in found.project.outputs.filter(basis=Basis.ACTUAL)
    }
    wanted_spend = {
        (line.financial_year, line.amount, note) for line in found.spend.filter(basis=Basis.ACTUAL)
    }
    wanted_outputs = {
        (line.output_type_id, line.period, line.value, note)
        for line in found.outputs.filter(basis=Basis.ACTUAL)
    }
    return wanted_spend <= spend and wanted_outputs <= outputs


def _summary(subset: Sequence[Project], plans: Sequence[ProjectPlan], repaired: int) -> str:
    prefix = "Illustrative monitoring (generated for the demo, not SELEP's figures): "
    if not plans:
        text = f"already loaded for {len(subset)} Growth Deal projects; nothing added"
        if repaired:
            text += f"; the latest approved actuals of {repaired} projects applied again"
        return prefix + text + "."
    statuses = {
        row["status"]: row["n"]
        for row in Return.objects.filter(project__in=[p.project for p in plans])
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
    }
    returns = sum(statuses.values())
    missing = sum(
        1
        for plan in plans
        if expects_returns(plan.project) and plan.returns[-1].quarter != LAST_QUARTER
    )
    changes = [change for plan in plans for change in plan.changes]
    return prefix + (
        f"{len(plans)} Growth Deal projects, {sum(p.new_profile for p in plans)} spend "
        f"profiles, {returns:,} quarterly returns ({statuses.get(ReturnStatus.APPROVED, 0):,} "
        f"approved, {statuses.get(ReturnStatus.SUBMITTED, 0)} awaiting a decision, "
        f"{statuses.get(ReturnStatus.RETURNED, 0)} returned for correction; {missing} projects' "
        f"2020/21 Q4 return missing), {len(changes)} baseline changes "
        f"({sum(c.status == ChangeStatus.APPROVED for c in changes)} approved, "
        f"{sum(c.status == ChangeStatus.PROPOSED for c in changes)} proposed); actuals of "
        f"{repaired} projects applied from their latest approved return."
    )
