"""A programme's headline figures: for each measure the latest figure, by the one rule of
``domain.latest_figure``, against the current target, with what it says of the deadline.

Every figure keeps its source and its "as at" label; nothing here invents a date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from urllib.parse import urlsplit

from django.db.models import F
from django.utils.timezone import localdate

from localgrowth.domain import latest_figure
from localgrowth.domain.latest_figure import Outcome, TargetOutcome
from localgrowth.projects.models import HeadlineTarget, Measure, Programme, ProgressSnapshot

from .charts import BarChart, BarSeries, bar_chart
from .formatting import long_date, money_short, number

HUNDRED = Decimal(100)


def outcome_text(found: TargetOutcome, is_money: bool = False) -> str:
    """What the dated figures say about the target, in a sentence."""

    def amount(value: Decimal | float) -> str:
        return money_short(value) if is_money else number(value)

    target = f"{amount(found.target)} by {long_date(found.deadline)}"
    figure = found.figure
    at = f"{amount(figure.value)} on {long_date(figure.as_at)}" if figure else ""
    match found.outcome:
        case Outcome.MET:
            return f"Target met: {at}, against a target of {target}."
        case Outcome.OPEN:
            return f"The target is {target}, a date not yet passed."
        case Outcome.REACHED_LATE:
            return f"Target reached after its deadline: {at}, against a target of {target}."
        case Outcome.NOT_MET:
            return f"Target not met: {at}, after the deadline, against a target of {target}."
    latest = f" The latest dated figure is {at}." if figure else ""
    return (
        f"The deadline for the target of {target} has passed, and no figure is dated on or "
        f"after it, so whether the target was met is not recorded.{latest}"
    )


@dataclass(frozen=True)
class Source:
    url: str
    wording: str

    @property
    def host(self) -> str:
        host = urlsplit(self.url).netloc.lower()
        return host.removeprefix("www.") or self.url


@dataclass(frozen=True)
class Measured:
    """A value of one of the programme's measures (jobs, homes, investment in pounds…)."""

    measure: str
    value: Decimal

    @property
    def measure_name(self) -> str:
        return Measure(self.measure).label.removesuffix(" (£)")

    @property
    def is_money(self) -> bool:
        return self.measure.endswith("_gbp")


@dataclass(frozen=True)
class Figure(Measured):
    """A progress figure as the body reported it."""

    as_at: date | None
    as_at_label: str
    source: Source

    @property
    def as_at_text(self) -> str:
        """The date as the source gives it; an undated figure always says so."""
        return latest_figure.as_at_text(self.as_at, self.as_at_label)


@dataclass(frozen=True)
class Target(Measured):
    """A headline target as set, current or superseded."""

    deadline: date
    set_on: date | None
    is_current: bool
    source: Source


@dataclass(frozen=True)
class Headline:
    """One headline: the latest figure for a measure, against the current target if any."""

    key: str
    title: str
    is_money: bool
    figure: Figure | None
    """The latest figure (``domain.latest_figure``): the last dated one."""
    target: Target | None
    undated: tuple[Figure, ...] = ()
    """Figures whose source gives no date, shown beside the latest, never as it."""
    outcome: TargetOutcome | None = None

    @property
    def outcome_text(self) -> str:
        return outcome_text(self.outcome, self.is_money) if self.outcome else ""

    @property
    def short_title(self) -> str:
        """ "Jobs" for "Jobs delivered": the name of the measure in a chart or table."""
        return self.title.removesuffix(" delivered")

    @property
    def percent(self) -> Decimal | None:
        """The figure as a percentage of the target, when both exist."""
        if self.figure is None or self.target is None or not self.target.value:
            return None
        return self.figure.value * HUNDRED / self.target.value

    @property
    def bar_value(self) -> int | None:
        """The width of a progress bar out of 100: capped, as a bar cannot overflow."""
        percent = self.percent
        if percent is None:
            return None
        return int(min(max(percent, Decimal(0)), HUNDRED).to_integral_value())


@dataclass(frozen=True)
class HeadlineSpec:
    key: str
    title: str
    measure: str
    target_measure: str | None
    is_money: bool = False


HEADLINES = (
    HeadlineSpec("investment", "Investment", Measure.INVESTMENT, Measure.INVESTMENT, True),
    HeadlineSpec("spend", "Spend to date", Measure.SPEND, None, True),
    HeadlineSpec("projects-approved", "Projects approved", Measure.PROJECTS_APPROVED, None),
    HeadlineSpec("projects-completed", "Projects completed", Measure.PROJECTS_COMPLETED, None),
    HeadlineSpec("jobs", "Jobs delivered", Measure.JOBS, Measure.JOBS),
    HeadlineSpec("homes", "Homes delivered", Measure.HOMES, Measure.HOMES),
)
CHARTED = ("jobs", "homes")


@dataclass(frozen=True)
class ProgrammeSummary:
    programme: Programme
    headlines: list[Headline]
    other_targets: list[Target]
    earlier_targets: list[Target]
    figures: list[Figure]
    chart: BarChart | None

    @property
    def charted(self) -> list[Headline]:
        return [headline for headline in self.headlines if headline.key in CHARTED]


def _figure(snapshot: ProgressSnapshot) -> Figure:
    return Figure(
        measure=snapshot.measure,
        value=snapshot.value,
        as_at=snapshot.as_at,
        as_at_label=snapshot.as_at_label,
        source=Source(snapshot.source_url, snapshot.wording),
    )


def _target(target: HeadlineTarget) -> Target:
    return Target(
        measure=target.measure,
        value=target.value,
        deadline=target.deadline,
        set_on=target.set_on,
        is_current=target.is_current,
        source=Source(target.source_url, target.wording),
    )


def programme_figures(programme: Programme) -> list[Figure]:
    """Every progress figure, oldest first. Dated figures come first, by date; figures whose
    source gives no date follow, in the order they were recorded."""
    snapshots = ProgressSnapshot.objects.filter(programme=programme).order_by(
        F("as_at").asc(nulls_last=True), "pk"
    )
    return [_figure(snapshot) for snapshot in snapshots]


def programme_summary(programme: Programme, today: date | None = None) -> ProgrammeSummary:
    """The programme's headlines as known on ``today`` (by default, today)."""
    today = today or localdate()
    figures = programme_figures(programme)
    by_measure: dict[str, list[Figure]] = {}
    for figure in figures:
        by_measure.setdefault(figure.measure, []).append(figure)
    targets = [
        _target(target)
        for target in HeadlineTarget.objects.filter(programme=programme).order_by(
            "measure", "-is_current", F("set_on").desc(nulls_last=True), "pk"
        )
    ]
    current: dict[str, Target] = {}
    for target in targets:
        if target.is_current:
            current.setdefault(target.measure, target)
    headlines = []
    for spec in HEADLINES:
        own = by_measure.get(spec.measure, [])
        aim = current.get(spec.target_measure) if spec.target_measure else None
        headlines.append(
            Headline(
                key=spec.key,
                title=spec.title,
                is_money=spec.is_money,
                figure=latest_figure.latest(own, today),
                target=aim,
                undated=tuple(latest_figure.undated(own)),
                outcome=None
                if aim is None
                else latest_figure.target_outcome(own, aim.value, aim.deadline, today),
            )
        )
    used = {spec.target_measure for spec in HEADLINES}
    return ProgrammeSummary(
        programme=programme,
        headlines=headlines,
        other_targets=[t for t in current.values() if t.measure not in used],
        earlier_targets=[t for t in targets if not t.is_current],
        figures=figures,
        chart=_delivery_chart(headlines),
    )


def _delivery_chart(headlines: list[Headline]) -> BarChart | None:
    charted = [
        h for h in headlines if h.key in CHARTED and h.figure is not None and h.target is not None
    ]
    if not charted:
        return None
    return bar_chart(
        title="Delivered against target",
        description=". ".join(
            f"{h.title}: {h.figure.value:,.0f} against a target of {h.target.value:,.0f}"  # type: ignore[union-attr]
            for h in charted
        ),
        groups=[
            (
                h.short_title,
                [
                    BarSeries("target", "Target", h.target.value),  # type: ignore[union-attr]
                    BarSeries("delivered", "Delivered", h.figure.value),  # type: ignore[union-attr]
                ],
            )
            for h in charted
        ],
    )
