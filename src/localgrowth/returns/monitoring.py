"""A programme's position at a date, from the register and the approved monitoring returns.

``programme_position(programme, as_at)`` gathers what the programme dashboard and its report
show: each project's spend against its profile, outputs against forecast, milestones, risks,
late returns and red/amber/green rating; the programme's totals by financial year and by
quarter, gross and net outputs, and the trajectory to each headline target. The rules it uses
are set out in docs/monitoring.md; in short:

- The projects are the programme's, except those in the pipeline or withdrawn.
- A return counts when it is approved and its quarter ended on or before the date: the
  position is the one now known for that date. A project's *latest return* is its approved
  return for the latest such quarter.
- The baseline is the project's forecast spend and output lines as they stand (the current
  baseline); the original baseline is the same with every approved change undone
  (``baselines.original_baselines``).
- The spend profile to a date is the baseline for every financial year ended by then, plus a
  quarter of the current year's baseline for each of its quarters ended by then.
- Actual spend and outputs come from the latest return; a project without one has the actual
  lines of the register, for financial years begun by the date.
- A return is due ``return_due_days`` after its quarter ends; it is in once a version of it is
  submitted or approved (on the day it was submitted, where that is recorded).

Money is Decimal (pounds, pence exact); output figures are Decimal; the trajectory, a
projection, is worked in floats by ``localgrowth.domain.trajectory``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from localgrowth.domain import latest_figure, rag
from localgrowth.domain.additionality import Additionality as AdditionalityAssumptions
from localgrowth.domain.returns import Quarter, year_start
from localgrowth.domain.trajectory import Forecast, Point, Trajectory, trajectory
from localgrowth.projects.models import (
    Basis,
    DatePrecision,
    HeadlineTarget,
    Measure,
    OutputLine,
    OutputType,
    Programme,
    ProgressSnapshot,
    Project,
    ProjectStatus,
    SpendLine,
)

from .baselines import original_baselines
from .models import Additionality, MonitoringRules, Return, ReturnStatus, RiskStatus

ZERO = Decimal(0)
EXCLUDED_STATUSES = (ProjectStatus.PIPELINE, ProjectStatus.WITHDRAWN)
"""Projects in these states are not monitored: not yet funded, or no longer."""
RETURNING_STATUSES = (ProjectStatus.APPROVED, ProjectStatus.IN_DELIVERY)
"""Projects in these states owe a return every quarter once they have started."""
RETURN_IN = (ReturnStatus.SUBMITTED, ReturnStatus.APPROVED)
TRAJECTORY_MEASURES = (Measure.JOBS, Measure.HOMES)
"""The headline targets with a trajectory; each measure's code is also an output type's."""
TOP_RISKS = 10


# Quarters and financial years ----------------------------------------------------------------


def quarter_of(day: date) -> Quarter:
    """The quarter of the financial year that ``day`` falls in."""
    start_year = day.year if day.month >= 4 else day.year - 1
    return Quarter(start_year, (day.month - 4) % 12 // 3 + 1)


def next_quarter(quarter: Quarter) -> Quarter:
    if quarter.number == 4:
        return Quarter(quarter.start_year + 1, 1)
    return Quarter(quarter.start_year, quarter.number + 1)


def last_quarter_ended(day: date) -> Quarter:
    """The latest quarter that has ended on or before ``day``."""
    quarter = quarter_of(day)
    if quarter.end == day:
        return quarter
    if quarter.number == 1:
        return Quarter(quarter.start_year - 1, 4)
    return Quarter(quarter.start_year, quarter.number - 1)


def quarters_between(first: Quarter, last: Quarter) -> list[Quarter]:
    found = []
    quarter = first
    while quarter <= last:
        found.append(quarter)
        quarter = next_quarter(quarter)
    return found


def year_end(financial_year: str) -> date:
    return date(int(financial_year[:4]) + 1, 3, 31)


def profile_to(profile: Mapping[str, Decimal], when: date) -> Decimal:
    """The spend profile up to ``when``: every financial year ended by then in full, and a
    quarter of the current year's amount for each of its quarters ended by then (the pro-rata
    share: 31 December is three quarters of the year)."""
    total = ZERO
    for year, amount in profile.items():
        if year_end(year) <= when:
            total += amount
        elif year_start(year) <= when:
            start = int(year[:4])
            ended = sum(1 for n in range(1, 5) if Quarter(start, n).end <= when)
            total += amount * ended / 4
    return total


# What the position holds ----------------------------------------------------------------------


@dataclass(frozen=True)
class ReturnRef:
    """An approved return the position draws on."""

    pk: int
    label: str
    version: int
    period_end: date
    illustrative: bool


@dataclass(frozen=True)
class OutputPosition:
    """One output of one project; None where nothing is recorded."""

    code: str
    name: str
    unit: str
    baseline: Decimal | None
    original: Decimal | None
    actual: Decimal | None
    forecast: Decimal | None
    """The latest forecast for the whole life: the latest return's, else the baseline."""


@dataclass(frozen=True)
class LateReturn:
    project_pk: int
    reference: str
    title: str
    quarter: Quarter
    due: date
    days_overdue: int

    @property
    def quarter_label(self) -> str:
        return self.quarter.label


@dataclass(frozen=True)
class RiskPosition:
    project_pk: int
    reference: str
    title: str
    quarterly_return: ReturnRef
    description: str
    likelihood: int
    impact: int
    owner: str
    mitigation: str

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def illustrative(self) -> bool:
        return self.quarterly_return.illustrative


@dataclass(frozen=True)
class ProjectPosition:
    """One project's position at the date."""

    pk: int
    reference: str
    title: str
    status: str
    status_label: str
    grant: Decimal | None
    start_date: date | None
    end_date: date | None
    baseline_total: Decimal
    """The current baseline spend profile, every year."""
    original_total: Decimal
    profile_to_date: Decimal
    """The current baseline's profile up to the date (pro-rata in the current year)."""
    original_profile_to_date: Decimal
    spend_reported_to: date
    """The end of the period the spend rule compares over: the latest return's quarter, or
    without a return the last financial year ended by the date."""
    profile_reported: Decimal
    """The current baseline's profile up to ``spend_reported_to``."""
    actual_reported: Decimal
    """Actual spend up to ``spend_reported_to``."""
    actual_to_date: Decimal
    """Actual spend: the latest return's, else the register's for years begun by the date."""
    latest_forecast_total: Decimal
    """Spend forecast for the whole life: the latest return's by year, else the baseline."""
    outputs: tuple[OutputPosition, ...]
    milestone_slips_days: tuple[int, ...]
    open_risk_scores: tuple[int, ...]
    latest_return: ReturnRef | None
    returns_used: int
    late_returns: tuple[LateReturn, ...]
    days_overdue: int | None
    """Days the latest return due is overdue; None when it is in or none is due yet."""
    rating: rag.Rating
    illustrative: bool
    """Some of the figures come from an illustrative return or line."""

    @property
    def rag_position(self) -> rag.ProjectPosition:
        return _rag_position(self)


def _rag_position(project: ProjectPosition) -> rag.ProjectPosition:
    return rag.ProjectPosition(
        profile_to_date=float(project.profile_reported),
        actual_to_date=float(project.actual_reported),
        output_baseline={
            o.code: float(o.baseline) for o in project.outputs if o.baseline is not None
        },
        output_forecast={
            o.code: float(o.forecast) for o in project.outputs if o.forecast is not None
        },
        milestone_slips_days=project.milestone_slips_days,
        open_risk_scores=project.open_risk_scores,
        days_overdue=project.days_overdue,
    )


@dataclass(frozen=True)
class SpendYear:
    """The programme's spend in one financial year; None where no project has a figure."""

    financial_year: str
    baseline: Decimal | None
    original: Decimal | None
    actual: Decimal | None
    latest_forecast: Decimal | None


@dataclass(frozen=True)
class SpendQuarter:
    quarter: Quarter
    profile: Decimal
    """Cumulative current baseline profile at the quarter's end, every project."""
    original: Decimal
    actual: Decimal | None
    """Cumulative actual spend in the approved returns of the projects reporting by then;
    None when no project had reported."""
    reporting: int
    """Projects with an approved return by the quarter's end."""
    illustrative: bool

    @property
    def label(self) -> str:
        return self.quarter.label

    @property
    def end(self) -> date:
        return self.quarter.end


@dataclass(frozen=True)
class AdditionalityPosition:
    assumptions: AdditionalityAssumptions
    basis: str


@dataclass(frozen=True)
class OutputTotal:
    code: str
    name: str
    unit: str
    baseline: Decimal
    original: Decimal
    actual: Decimal
    """Gross outputs delivered to date."""
    forecast: Decimal
    """Gross outputs forecast at completion."""
    projects: int
    additionality: AdditionalityPosition | None
    """None when the programme has set no assumptions for this output: net is then not
    available, never taken to equal gross."""
    illustrative: bool

    @property
    def net_actual(self) -> float | None:
        if self.additionality is None:
            return None
        return self.additionality.assumptions.net(float(self.actual))

    @property
    def net_forecast(self) -> float | None:
        if self.additionality is None:
            return None
        return self.additionality.assumptions.net(float(self.forecast))


@dataclass(frozen=True)
class Snapshot:
    """A published progress figure of the programme."""

    as_at: date | None
    as_at_label: str
    value: Decimal
    wording: str
    source_url: str

    @property
    def on_axis(self) -> bool:
        """Only dated figures are placed on a time axis."""
        return self.as_at is not None

    @property
    def as_at_text(self) -> str:
        return latest_figure.as_at_text(self.as_at, self.as_at_label)


@dataclass(frozen=True)
class MeasureTrajectory:
    """Progress to one headline target (jobs or homes) and the projection of what remains."""

    measure: str
    name: str
    target: Decimal
    deadline: date
    target_wording: str
    target_source: str
    snapshots: tuple[Snapshot, ...]
    """Every published figure of the measure: dated ones up to the date, oldest first, then
    undated ones (listed, never placed on the time axis)."""
    returns_delivered: tuple[Point, ...]
    """Outputs delivered to each quarter's end, the sum of the approved returns' actuals."""
    returns_reporting: tuple[int, ...]
    """Projects reporting at each of those quarters."""
    delivered_basis: str
    """"snapshots", "returns" or "none": what the delivered series of the trajectory is."""
    projects_forecast: Decimal
    """The projects' latest forecasts at completion, added up."""
    remaining: tuple[tuple[date, float], ...]
    forecasts: tuple[Forecast, ...]
    result: Trajectory
    illustrative: bool

    @property
    def dated_snapshots(self) -> tuple[Snapshot, ...]:
        return tuple(s for s in self.snapshots if s.on_axis)

    @property
    def undated_snapshots(self) -> tuple[Snapshot, ...]:
        return tuple(s for s in self.snapshots if not s.on_axis)


@dataclass(frozen=True)
class ProgrammePosition:
    programme: Programme
    as_at: date
    rules: rag.RagRules
    rules_stored: bool
    rules_problem: str
    """Why the stored rules could not be used (the defaults are then), or ""."""
    projects: tuple[ProjectPosition, ...]
    not_monitored: int
    """The programme's projects in the pipeline or withdrawn."""
    spend_by_year: tuple[SpendYear, ...]
    spend_by_quarter: tuple[SpendQuarter, ...]
    published_spend: tuple[Snapshot, ...]
    outputs: tuple[OutputTotal, ...]
    trajectories: tuple[MeasureTrajectory, ...]
    late_returns: tuple[LateReturn, ...]
    top_risks: tuple[RiskPosition, ...]
    open_risks: int
    returns_used: int

    @property
    def illustrative(self) -> bool:
        return any(project.illustrative for project in self.projects)

    @property
    def grant(self) -> Decimal:
        return sum((p.grant or ZERO for p in self.projects), ZERO)

    @property
    def profile_to_date(self) -> Decimal:
        return sum((p.profile_to_date for p in self.projects), ZERO)

    @property
    def original_profile_to_date(self) -> Decimal:
        return sum((p.original_profile_to_date for p in self.projects), ZERO)

    @property
    def actual_to_date(self) -> Decimal:
        return sum((p.actual_to_date for p in self.projects), ZERO)

    @property
    def baseline_total(self) -> Decimal:
        return sum((p.baseline_total for p in self.projects), ZERO)

    @property
    def original_total(self) -> Decimal:
        return sum((p.original_total for p in self.projects), ZERO)

    @property
    def latest_forecast_total(self) -> Decimal:
        return sum((p.latest_forecast_total for p in self.projects), ZERO)

    @property
    def ratings(self) -> dict[str, int]:
        counts = {"red": 0, "amber": 0, "green": 0}
        for project in self.projects:
            counts[project.rating.colour] += 1
        return counts

    @property
    def projects_late(self) -> int:
        return sum(1 for project in self.projects if project.late_returns)

    def trajectory(self, measure: str) -> MeasureTrajectory | None:
        return next((t for t in self.trajectories if t.measure == measure), None)


# Reading the rules -----------------------------------------------------------------------------


RULE_FIELDS = tuple(field.name for field in fields(rag.RagRules))


def programme_rules(programme: Programme) -> tuple[rag.RagRules, bool, str]:
    """The programme's rating rules, whether they are stored, and why stored rules that cannot
    be used were set aside for the defaults."""
    stored = MonitoringRules.objects.filter(programme=programme).first()
    if stored is None:
        return rag.RagRules(), False, ""
    try:
        return rag.RagRules(**{name: getattr(stored, name) for name in RULE_FIELDS}), True, ""
    except ValueError as error:
        return rag.RagRules(), False, str(error)


def additionality_assumptions(programme: Programme) -> dict[str, AdditionalityPosition]:
    found = {}
    for row in Additionality.objects.filter(programme=programme).select_related("output_type"):
        found[row.output_type.code] = AdditionalityPosition(row.as_domain(), row.basis)
    return found


# Lines and returns as plain figures ------------------------------------------------------------


def whole_life(by_period: Mapping[str, Decimal]) -> Decimal | None:
    """An output's whole-life figure: its whole-life line ("" period) where there is one, else
    its figures by financial year added up; None when there are none."""
    if "" in by_period:
        return by_period[""]
    if by_period:
        return sum(by_period.values(), ZERO)
    return None


@dataclass
class _ReturnFigures:
    ref: ReturnRef
    spend: dict[str, dict[str, Decimal]]
    """basis -> financial year -> amount"""
    outputs: dict[str, dict[str, dict[str, Decimal]]]
    """basis -> output code -> period -> value"""
    milestone_slips: list[int]
    open_risks: list[Any]

    def actual_spend(self) -> Decimal:
        return sum(self.spend.get(Basis.ACTUAL, {}).values(), ZERO)

    def actual_output(self, code: str) -> Decimal | None:
        return whole_life(self.outputs.get(Basis.ACTUAL, {}).get(code, {}))

    def forecast_output(self, code: str) -> Decimal | None:
        """The whole-life forecast: the whole-life forecast row, else each financial year's
        forecast (its actual where it gives no forecast) added up."""
        forecast = self.outputs.get(Basis.FORECAST, {}).get(code, {})
        if "" in forecast:
            return forecast[""]
        actual = self.outputs.get(Basis.ACTUAL, {}).get(code, {})
        years = {p for p in [*forecast, *actual] if p}
        if not years:
            return None
        return sum((forecast.get(y, actual.get(y, ZERO)) for y in years), ZERO)

    def spend_forecast_by_year(self) -> dict[str, Decimal]:
        """Each year's spend as the return last forecast it: its forecast, else its actual."""
        actual = self.spend.get(Basis.ACTUAL, {})
        forecast = self.spend.get(Basis.FORECAST, {})
        return {year: forecast.get(year, actual.get(year, ZERO)) for year in {*actual, *forecast}}


def _return_figures(found: Return) -> _ReturnFigures:
    ref = ReturnRef(
        found.pk, found.quarter_label, found.version, found.period_end, found.illustrative
    )
    spend: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for line in found.spend.all():
        spend[line.basis][line.financial_year] = line.amount
    outputs: dict[str, dict[str, dict[str, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    for output in found.outputs.all():
        outputs[output.basis][output.output_type.code][output.period] = output.value
    slips = []
    for milestone in found.milestones.all():
        when = milestone.actual_date if milestone.status == "complete" else None
        when = when or milestone.forecast_date or milestone.actual_date
        if when is not None:
            slips.append((when - milestone.baseline_date).days)
    risks = [risk for risk in found.risks.all() if risk.status == RiskStatus.OPEN]
    return _ReturnFigures(ref, dict(spend), outputs, slips, risks)


# The position ---------------------------------------------------------------------------------


@dataclass
class _Project:
    """What is read for one project before its position is worked out."""

    record: Project
    baseline_spend: dict[str, Decimal]
    original_spend: dict[str, Decimal]
    actual_spend_lines: dict[str, Decimal]
    spend_notes_illustrative: bool
    baseline_outputs: dict[str, dict[str, Decimal]]
    original_outputs: dict[str, dict[str, Decimal]]
    actual_output_lines: dict[str, dict[str, Decimal]]
    outputs_illustrative: bool
    returns: list[_ReturnFigures]
    """Approved returns for quarters ended by the date, oldest quarter first."""
    quarters_in: dict[Quarter, bool]

    @property
    def latest(self) -> _ReturnFigures | None:
        return self.returns[-1] if self.returns else None

    def latest_by(self, when: date) -> _ReturnFigures | None:
        found = None
        for figures in self.returns:
            if figures.ref.period_end <= when:
                found = figures
        return found


def _illustrative_note(note: str) -> bool:
    return "illustrative" in note.lower()


def _read_projects(programme: Programme, as_at: date) -> tuple[list[_Project], int]:
    everything = Project.objects.filter(programme=programme)
    not_monitored = everything.filter(status__in=EXCLUDED_STATUSES).count()
    projects = list(everything.exclude(status__in=EXCLUDED_STATUSES).order_by("reference"))
    ids = [p.pk for p in projects]
    original_spend, original_outputs = original_baselines(ids)
    baseline_spend: dict[int, dict[str, Decimal]] = defaultdict(dict)
    actual_spend: dict[int, dict[str, Decimal]] = defaultdict(dict)
    spend_illustrative: set[int] = set()
    for line in SpendLine.objects.filter(project_id__in=ids):
        if line.basis == Basis.FORECAST:
            baseline_spend[line.project_id][line.financial_year] = line.amount
        elif year_start(line.financial_year) <= as_at:
            actual_spend[line.project_id][line.financial_year] = line.amount
            if _illustrative_note(line.note):
                spend_illustrative.add(line.project_id)
    baseline_outputs: dict[int, dict[str, dict[str, Decimal]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    actual_outputs: dict[int, dict[str, dict[str, Decimal]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    outputs_illustrative: set[int] = set()
    for output in OutputLine.objects.filter(project_id__in=ids).select_related("output_type"):
        code = output.output_type.code
        if output.basis == Basis.FORECAST:
            baseline_outputs[output.project_id][code][output.period] = output.value
        elif not output.period or year_start(output.period) <= as_at:
            actual_outputs[output.project_id][code][output.period] = output.value
            if _illustrative_note(output.note):
                outputs_illustrative.add(output.project_id)
    approved: dict[int, list[_ReturnFigures]] = defaultdict(list)
    approved_returns = (
        Return.objects.filter(
            project_id__in=ids, status=ReturnStatus.APPROVED, period_end__lte=as_at
        )
        .order_by("project_id", "period_end", "version")
        .prefetch_related("spend", "outputs__output_type", "milestones", "risks")
    )
    for found in approved_returns:
        approved[found.project_id].append(_return_figures(found))
    quarters_in: dict[int, dict[Quarter, bool]] = defaultdict(dict)
    versions = Return.objects.filter(project_id__in=ids, period_end__lte=as_at).values_list(
        "project_id", "financial_year", "quarter", "status", "submitted_at"
    )
    for project_id, year, number, status, submitted_at in versions:
        quarter = Quarter(int(year[:4]), number)
        is_in = status in RETURN_IN and (submitted_at is None or submitted_at.date() <= as_at)
        quarters_in[project_id][quarter] = quarters_in[project_id].get(quarter, False) or is_in
    read = []
    for project in projects:
        original: dict[str, dict[str, Decimal]] = defaultdict(dict)
        for (code, period), value in original_outputs.get(project.pk, {}).items():
            original[code][period] = value
        read.append(
            _Project(
                record=project,
                baseline_spend=dict(baseline_spend.get(project.pk, {})),
                original_spend=dict(original_spend.get(project.pk, {})),
                actual_spend_lines=dict(actual_spend.get(project.pk, {})),
                spend_notes_illustrative=project.pk in spend_illustrative,
                baseline_outputs={k: dict(v) for k, v in baseline_outputs[project.pk].items()},
                original_outputs=dict(original),
                actual_output_lines={k: dict(v) for k, v in actual_outputs[project.pk].items()},
                outputs_illustrative=project.pk in outputs_illustrative,
                returns=approved.get(project.pk, []),
                quarters_in=quarters_in.get(project.pk, {}),
            )
        )
    return read, not_monitored


def _late_returns(
    project: _Project, programme: Programme, as_at: date, rules: rag.RagRules
) -> tuple[list[LateReturn], int | None]:
    """The quarters whose return is overdue at the date, and how late the latest return due
    is (None when it is in, or when none is due yet)."""
    record = project.record
    if record.status not in RETURNING_STATUSES or record.start_date is None:
        return [], None
    if record.start_date > as_at:
        return [], None
    start = record.start_date
    if programme.start_date is not None and programme.start_date > start:
        start = programme.start_date
    first = quarter_of(start)
    last = last_quarter_ended(as_at)
    if programme.end_date is not None:
        last = min(last, last_quarter_ended(programme.end_date))
    late: list[LateReturn] = []
    latest_due: int | None = None
    for quarter in quarters_between(first, last):
        submitted = project.quarters_in.get(quarter, False)
        overdue = rag.days_overdue(quarter.end, as_at, submitted, rules)
        due = quarter.end + timedelta(days=rules.return_due_days)
        if as_at <= due:
            continue
        latest_due = overdue
        if overdue is not None:
            late.append(
                LateReturn(record.pk, record.reference, record.title, quarter, due, overdue)
            )
    return late, latest_due


def _output_names(codes: Iterable[str]) -> dict[str, OutputType]:
    return {t.code: t for t in OutputType.objects.filter(code__in=set(codes))}


def _project_outputs(project: _Project, types: Mapping[str, OutputType]) -> list[OutputPosition]:
    latest = project.latest
    codes = {*project.baseline_outputs, *project.original_outputs, *project.actual_output_lines}
    if latest is not None:
        for by_code in latest.outputs.values():
            codes |= set(by_code)
    found = []
    for code in sorted(codes):
        baseline = whole_life(project.baseline_outputs.get(code, {}))
        original = whole_life(project.original_outputs.get(code, {}))
        if latest is not None:
            actual = latest.actual_output(code)
            forecast = latest.forecast_output(code)
        else:
            actual = whole_life(project.actual_output_lines.get(code, {}))
            forecast = None
        if forecast is None:
            forecast = baseline
        output_type = types.get(code)
        found.append(
            OutputPosition(
                code=code,
                name=output_type.name if output_type else code,
                unit=output_type.unit if output_type else "",
                baseline=baseline,
                original=original,
                actual=actual,
                forecast=forecast,
            )
        )
    return found


def _last_year_ended(as_at: date) -> date:
    """The end of the last financial year ended on or before ``as_at``."""
    end = date(as_at.year, 3, 31)
    return end if end <= as_at else date(as_at.year - 1, 3, 31)


def _project_position(
    project: _Project,
    programme: Programme,
    as_at: date,
    rules: rag.RagRules,
    types: Mapping[str, OutputType],
) -> ProjectPosition:
    record = project.record
    latest = project.latest
    if latest is not None:
        reported_to = latest.ref.period_end
        actual_by_year = dict(latest.spend.get(Basis.ACTUAL, {}))
        actual_reported = latest.actual_spend()
        forecast_by_year = {**project.baseline_spend, **latest.spend_forecast_by_year()}
    else:
        reported_to = _last_year_ended(as_at)
        actual_by_year = project.actual_spend_lines
        actual_reported = sum(
            (amount for year, amount in actual_by_year.items() if year_end(year) <= reported_to),
            ZERO,
        )
        forecast_by_year = dict(project.baseline_spend)
    profile_reported = profile_to(project.baseline_spend, reported_to)
    outputs = _project_outputs(project, types)
    late, days_overdue = _late_returns(project, programme, as_at, rules)
    risks = latest.open_risks if latest is not None else []
    slips = tuple(latest.milestone_slips) if latest is not None else ()
    illustrative = any(figures.ref.illustrative for figures in project.returns) or (
        latest is None and (project.spend_notes_illustrative or project.outputs_illustrative)
    )
    partial = ProjectPosition(
        pk=record.pk,
        reference=record.reference,
        title=record.title,
        status=record.status,
        status_label=record.get_status_display(),
        grant=record.grant,
        start_date=record.start_date,
        end_date=record.end_date,
        baseline_total=sum(project.baseline_spend.values(), ZERO),
        original_total=sum(project.original_spend.values(), ZERO),
        profile_to_date=profile_to(project.baseline_spend, as_at),
        original_profile_to_date=profile_to(project.original_spend, as_at),
        spend_reported_to=reported_to,
        profile_reported=profile_reported,
        actual_reported=actual_reported,
        actual_to_date=sum(actual_by_year.values(), ZERO),
        latest_forecast_total=sum(forecast_by_year.values(), ZERO),
        outputs=tuple(outputs),
        milestone_slips_days=slips,
        open_risk_scores=tuple(risk.likelihood * risk.impact for risk in risks),
        latest_return=latest.ref if latest is not None else None,
        returns_used=len(project.returns),
        late_returns=tuple(late),
        days_overdue=days_overdue,
        rating=rag.Rating("green", ()),
        illustrative=illustrative,
    )
    return replace(partial, rating=rag.rate(_rag_position(partial), rules))


def _spend_by_year(projects: Sequence[_Project]) -> list[SpendYear]:
    baseline: dict[str, Decimal] = defaultdict(Decimal)
    original: dict[str, Decimal] = defaultdict(Decimal)
    actual: dict[str, Decimal] = defaultdict(Decimal)
    forecast: dict[str, Decimal] = defaultdict(Decimal)
    for project in projects:
        for year, amount in project.baseline_spend.items():
            baseline[year] += amount
        for year, amount in project.original_spend.items():
            original[year] += amount
        latest = project.latest
        if latest is not None:
            actuals = latest.spend.get(Basis.ACTUAL, {})
            forecasts = {**project.baseline_spend, **latest.spend_forecast_by_year()}
        else:
            actuals = project.actual_spend_lines
            forecasts = project.baseline_spend
        for year, amount in actuals.items():
            actual[year] += amount
        for year, amount in forecasts.items():
            forecast[year] += amount
    years = sorted({*baseline, *original, *actual, *forecast}, key=year_start)
    return [
        SpendYear(
            year, baseline.get(year), original.get(year), actual.get(year), forecast.get(year)
        )
        for year in years
    ]


def _quarter_range(
    projects: Sequence[_Project], programme: Programme, as_at: date
) -> list[Quarter]:
    starts: list[date] = []
    ends: list[date] = []
    if programme.start_date is not None:
        starts.append(programme.start_date)
    if programme.end_date is not None:
        ends.append(programme.end_date)
    for project in projects:
        for year in [*project.baseline_spend, *project.original_spend]:
            starts.append(year_start(year))
            ends.append(year_end(year))
        for figures in project.returns:
            starts.append(figures.ref.period_end)
            ends.append(figures.ref.period_end)
    if not any(p.baseline_spend or p.original_spend or p.returns for p in projects):
        return []
    last = last_quarter_ended(min(as_at, max(ends))) if ends else last_quarter_ended(as_at)
    first = quarter_of(min(starts))
    return quarters_between(first, last)


def last_return_end(projects: Sequence[_Project]) -> date | None:
    """The end of the latest quarter any approved return covers: the returns' series stop
    there, as nothing later is known."""
    return max((p.returns[-1].ref.period_end for p in projects if p.returns), default=None)


def _spend_by_quarter(
    projects: Sequence[_Project], quarters: Sequence[Quarter]
) -> list[SpendQuarter]:
    last_return = last_return_end(projects)
    rows = []
    for quarter in quarters:
        end = quarter.end
        profile = sum((profile_to(p.baseline_spend, end) for p in projects), ZERO)
        original = sum((profile_to(p.original_spend, end) for p in projects), ZERO)
        reported = [figures for p in projects if (figures := p.latest_by(end)) is not None]
        if last_return is None or quarter.end > last_return:
            reported = []
        actual = sum((figures.actual_spend() for figures in reported), ZERO) if reported else None
        illustrative = any(figures.ref.illustrative for figures in reported)
        rows.append(SpendQuarter(quarter, profile, original, actual, len(reported), illustrative))
    return rows


def _output_totals(
    positions: Sequence[ProjectPosition],
    additionality: Mapping[str, AdditionalityPosition],
) -> list[OutputTotal]:
    by_code: dict[str, list[tuple[ProjectPosition, OutputPosition]]] = defaultdict(list)
    for project in positions:
        for output in project.outputs:
            by_code[output.code].append((project, output))
    totals = []
    for code in sorted(by_code):
        items = by_code[code]
        first = items[0][1]
        totals.append(
            OutputTotal(
                code=code,
                name=first.name,
                unit=first.unit,
                baseline=sum((o.baseline or ZERO for _, o in items), ZERO),
                original=sum((o.original or ZERO for _, o in items), ZERO),
                actual=sum((o.actual or ZERO for _, o in items), ZERO),
                forecast=sum((o.forecast or ZERO for _, o in items), ZERO),
                projects=len(items),
                additionality=additionality.get(code),
                illustrative=any(p.illustrative for p, _ in items),
            )
        )
    return totals


def _snapshots(programme: Programme, measure: str, as_at: date) -> list[Snapshot]:
    found = ProgressSnapshot.objects.filter(programme=programme, measure=measure).order_by(
        "as_at", "pk"
    )
    dated = [s for s in found if s.as_at is not None and s.as_at <= as_at]
    undated = [s for s in found if s.as_at is None]
    return [
        Snapshot(s.as_at, s.as_at_label, s.value, s.wording, s.source_url)
        for s in [*dated, *undated]
    ]


def _returns_delivered(
    projects: Sequence[_Project], code: str, quarters: Sequence[Quarter]
) -> tuple[list[Point], list[int], bool]:
    points: list[Point] = []
    reporting: list[int] = []
    illustrative = False
    for quarter in quarters:
        total = ZERO
        count = 0
        for project in projects:
            figures = project.latest_by(quarter.end)
            if figures is None:
                continue
            actual = figures.actual_output(code)
            if actual is None:
                continue
            total += actual
            count += 1
            illustrative = illustrative or figures.ref.illustrative
        if count:
            points.append(Point(quarter.end, float(total)))
            reporting.append(count)
    return points, reporting, illustrative


def _forecast_pairs(projects: Sequence[_Project], code: str) -> list[Forecast]:
    """For each project and financial year, the first forecast of the year's output made in
    an approved return before the year ended, against the actual for the year in the latest
    approved return made once it had ended (None while there is none)."""
    pairs = []
    for project in projects:
        years = {
            period
            for figures in project.returns
            for period in figures.outputs.get(Basis.FORECAST, {}).get(code, {})
            if period
        }
        for year in sorted(years):
            end = year_end(year)
            made = next(
                (
                    figures
                    for figures in project.returns
                    if figures.ref.period_end < end
                    and year in figures.outputs.get(Basis.FORECAST, {}).get(code, {})
                ),
                None,
            )
            if made is None:
                continue
            forecast = made.outputs[Basis.FORECAST][code][year]
            actual = None
            for figures in project.returns:
                value = figures.outputs.get(Basis.ACTUAL, {}).get(code, {}).get(year)
                if figures.ref.period_end >= end and value is not None:
                    actual = float(value)
            pairs.append(Forecast(made.ref.period_end, end, float(forecast), actual))
    return pairs


def _undelivered(project: _Project, code: str, deadline: date) -> list[tuple[date, float]]:
    """What a project has still to deliver of an output, dated: by financial year where its
    latest forecast (its latest return's, else its baseline) is phased by year, the year's
    forecast less its actual; otherwise its whole-life forecast less its actual to date, at
    the project's end date (the target's deadline when that is not recorded)."""
    latest = project.latest
    if latest is not None:
        forecast = latest.outputs.get(Basis.FORECAST, {}).get(code, {})
        actual = latest.outputs.get(Basis.ACTUAL, {}).get(code, {})
        total_forecast = latest.forecast_output(code)
        total_actual = latest.actual_output(code)
    else:
        forecast = {}
        actual = project.actual_output_lines.get(code, {})
        total_forecast = None
        total_actual = whole_life(actual)
    baseline = project.baseline_outputs.get(code, {})
    if not forecast:
        forecast = baseline
    if total_forecast is None:
        total_forecast = whole_life(baseline)
    phased = {year: value for year, value in forecast.items() if year}
    if phased and "" not in forecast:
        return [
            (year_end(year), float(max(ZERO, value - actual.get(year, ZERO))))
            for year, value in sorted(phased.items())
            if value > actual.get(year, ZERO)
        ]
    left = (total_forecast or ZERO) - (total_actual or ZERO)
    if left <= 0:
        return []
    return [(end_of(project.record) or deadline, float(left))]


def end_of(project: Project) -> date | None:
    """The project's end date at its precision: a date known to the month is the month's last
    day; a year-only date (recorded as 1 January, as the register gives "2021") is the end of
    the financial year it falls in, 31 March 2021."""
    end = project.end_date
    if end is None:
        return None
    if project.end_precision == DatePrecision.YEAR:
        return year_end(quarter_of(end).financial_year)
    if project.end_precision == DatePrecision.MONTH:
        following = date(end.year + end.month // 12, end.month % 12 + 1, 1)
        return following - timedelta(days=1)
    return end


def _trajectory(
    programme: Programme,
    target: HeadlineTarget,
    projects: Sequence[_Project],
    positions: Sequence[ProjectPosition],
    quarters: Sequence[Quarter],
    as_at: date,
) -> MeasureTrajectory:
    code = target.measure
    snapshots = _snapshots(programme, code, as_at)
    last_return = last_return_end(projects)
    returns_points, reporting, returns_illustrative = _returns_delivered(
        projects, code, [q for q in quarters if last_return is not None and q.end <= last_return]
    )
    dated = [Point(s.as_at, float(s.value)) for s in snapshots if s.as_at is not None]
    if dated:
        delivered, basis = dated, "snapshots"
    elif returns_points:
        delivered, basis = returns_points, "returns"
    else:
        delivered, basis = [], "none"
    projects_forecast = ZERO
    for position in positions:
        for output in position.outputs:
            if output.code == code and output.forecast is not None:
                projects_forecast += output.forecast
    delivered_to_date = max(delivered, key=lambda p: p.as_at).value if delivered else 0.0
    left = max(0.0, float(projects_forecast) - delivered_to_date)
    increments = [item for p in projects for item in _undelivered(p, code, target.deadline)]
    weight = sum(amount for _, amount in increments)
    if weight > 0:
        remaining = [(when, amount * left / weight) for when, amount in increments if left > 0]
    elif left > 0:
        remaining = [(target.deadline, left)]
    else:
        remaining = []
    forecasts = _forecast_pairs(projects, code)
    result = trajectory(float(target.value), target.deadline, delivered, remaining, forecasts)
    illustrative = returns_illustrative or any(
        position.illustrative and any(o.code == code for o in position.outputs)
        for position in positions
    )
    return MeasureTrajectory(
        measure=code,
        name=Measure(code).label,
        target=target.value,
        deadline=target.deadline,
        target_wording=target.wording,
        target_source=target.source_url,
        snapshots=tuple(snapshots),
        returns_delivered=tuple(returns_points),
        returns_reporting=tuple(reporting),
        delivered_basis=basis,
        projects_forecast=projects_forecast,
        remaining=tuple(sorted(remaining)),
        forecasts=tuple(forecasts),
        result=result,
        illustrative=illustrative,
    )


def current_targets(programme: Programme) -> dict[str, HeadlineTarget]:
    """The current target of each measure with a trajectory (the latest set, if several)."""
    found: dict[str, HeadlineTarget] = {}
    targets = HeadlineTarget.objects.filter(
        programme=programme, is_current=True, measure__in=TRAJECTORY_MEASURES, value__gt=0
    ).order_by("measure", "-set_on", "-pk")
    for target in targets:
        found.setdefault(target.measure, target)
    return found


def programme_position(programme: Programme, as_at: date) -> ProgrammePosition:
    """The programme's position at ``as_at``: see the module's description for the rules."""
    rules, stored, problem = programme_rules(programme)
    projects, not_monitored = _read_projects(programme, as_at)
    codes: set[str] = set()
    for project in projects:
        codes |= {*project.baseline_outputs, *project.original_outputs}
        codes |= set(project.actual_output_lines)
        for figures in project.returns:
            for by_code in figures.outputs.values():
                codes |= set(by_code)
    types = _output_names(codes)
    positions = [_project_position(p, programme, as_at, rules, types) for p in projects]
    quarters = _quarter_range(projects, programme, as_at)
    targets = current_targets(programme)
    trajectories = [
        _trajectory(programme, targets[measure], projects, positions, quarters, as_at)
        for measure in TRAJECTORY_MEASURES
        if measure in targets
    ]
    risks = [
        RiskPosition(
            project.record.pk,
            project.record.reference,
            project.record.title,
            latest.ref,
            risk.description,
            risk.likelihood,
            risk.impact,
            risk.owner,
            risk.mitigation,
        )
        for project in projects
        if (latest := project.latest) is not None
        for risk in latest.open_risks
    ]
    risks.sort(key=lambda r: (-r.score, -r.impact, r.reference, r.description))
    late = sorted(
        (item for position in positions for item in position.late_returns),
        key=lambda item: (-item.days_overdue, item.reference),
    )
    return ProgrammePosition(
        programme=programme,
        as_at=as_at,
        rules=rules,
        rules_stored=stored,
        rules_problem=problem,
        projects=tuple(positions),
        not_monitored=not_monitored,
        spend_by_year=tuple(_spend_by_year(projects)),
        spend_by_quarter=tuple(_spend_by_quarter(projects, quarters)),
        published_spend=tuple(_snapshots(programme, Measure.SPEND, as_at)),
        outputs=tuple(_output_totals(positions, additionality_assumptions(programme))),
        trajectories=tuple(trajectories),
        late_returns=tuple(late),
        top_risks=tuple(risks[:TOP_RISKS]),
        open_risks=len(risks),
        returns_used=sum(len(p.returns) for p in projects),
    )
