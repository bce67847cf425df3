"""A red, amber or green rating of a project in delivery, from documented rules.

A programme board reads a project's rating before its detail, so the rating has to be
explainable: it comes from five rules, each comparing one measure of the project's position
with an amber and a red threshold that the programme can set (``RagRules``). A measure at or
past the amber threshold is amber, at or past the red one red. The project's colour is the
worst of the five, and every rule that is not green gives one sentence saying why, with the
threshold it crossed. ``describe`` gives the rules themselves as sentences, for the page that
says how ratings are worked out.

A rule with nothing to go on is green and says nothing: a project with no spend profiled yet,
no baseline forecast of outputs, no milestones, no open risks or no return due is not at fault
for it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Literal

Colour = Literal["red", "amber", "green"]
_ORDER: tuple[Colour, ...] = ("green", "amber", "red")
_THRESHOLDS = {"spend": "", "output": "", "milestone": "_days", "risk": "_score", "late": "_days"}
"""Each rule's name and the suffix of its ``_amber`` and ``_red`` fields."""


@dataclass(frozen=True)
class RagRules:
    """The thresholds of the five rules. Shares are fractions (0.10 is 10%).

    - Spend: actual spend to date short of the baseline spend profile to date, as a share of
      that profile, is amber at ``spend_amber`` and red at ``spend_red``.
    - Outputs: the latest forecast of an output short of its baseline forecast, as a share of
      the baseline, is amber at ``output_amber`` and red at ``output_red``; the worst counts.
    - Milestones: a milestone's forecast date (its actual date once complete) past its
      baseline date is amber at ``milestone_amber_days`` and red at ``milestone_red_days``;
      the worst counts.
    - Risks: an open risk whose likelihood × impact is ``risk_amber_score`` or more is amber,
      ``risk_red_score`` or more red; the highest counts.
    - Returns: a return is due ``return_due_days`` after its quarter ends; one not in by then is
      amber once ``late_amber_days`` late and red once ``late_red_days`` late.
    """

    spend_amber: float = 0.10
    spend_red: float = 0.25
    output_amber: float = 0.10
    output_red: float = 0.25
    milestone_amber_days: int = 30
    milestone_red_days: int = 90
    risk_amber_score: int = 12
    risk_red_score: int = 20
    late_amber_days: int = 0
    late_red_days: int = 60
    return_due_days: int = 30

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if not (math.isfinite(value) and value >= 0):
                raise ValueError(f"{field.name} must be 0 or more; it is {value}.")
        for rule, suffix in _THRESHOLDS.items():
            amber, red = f"{rule}_amber{suffix}", f"{rule}_red{suffix}"
            if getattr(self, amber) > getattr(self, red):
                raise ValueError(
                    f"{amber} ({getattr(self, amber)}) must not be more than {red} "
                    f"({getattr(self, red)}): a project turns amber before it turns red."
                )


@dataclass(frozen=True)
class ProjectPosition:
    """What the rules look at in a project's latest position."""

    profile_to_date: float
    """Cumulative baseline spend profile up to the latest quarter reported."""
    actual_to_date: float
    """Cumulative actual spend up to the same quarter."""
    output_baseline: Mapping[str, float]
    """Each output's baseline whole-life forecast, by output code."""
    output_forecast: Mapping[str, float]
    """Each output's latest whole-life forecast, by output code."""
    milestone_slips_days: Sequence[int]
    """For each milestone, the days its forecast date (or actual date, once complete) is past
    its baseline date; negative when early."""
    open_risk_scores: Sequence[int]
    """Likelihood × impact of each open risk."""
    days_overdue: int | None
    """Days the latest return due is past its deadline and not in; ``None`` when it is in."""


@dataclass(frozen=True)
class Rating:
    colour: Colour
    reasons: tuple[str, ...]
    """One sentence for each rule that is not green, in the order of the rules."""


def rate(position: ProjectPosition, rules: RagRules) -> Rating:
    """The project's colour, the worst of the five rules', and the reasons for it."""
    results = [
        _spend(position, rules),
        _outputs(position, rules),
        _milestones(position, rules),
        _risks(position, rules),
        _late(position, rules),
    ]
    colour = _ORDER[max(_ORDER.index(colour) for colour, _ in results)]
    return Rating(colour, tuple(reason for colour, reason in results if colour != "green"))


def describe(rules: RagRules) -> list[str]:
    """The rules as sentences, with these thresholds."""
    if rules.late_amber_days == 0:
        late_amber = "amber as soon as it is late"
    else:
        late_amber = f"amber once it is {_days(rules.late_amber_days)} late"
    return [
        f"Spend: amber when actual spend to date is {_percent(rules.spend_amber)} or more "
        f"behind the baseline profile to date, red at {_percent(rules.spend_red)} or more.",
        f"Outputs: amber when the latest forecast of any output is "
        f"{_percent(rules.output_amber)} or more below its baseline forecast, red at "
        f"{_percent(rules.output_red)} or more; the worst output counts.",
        f"Milestones: amber when any milestone's forecast date, or its actual date once it is "
        f"complete, is {_days(rules.milestone_amber_days)} or more past its baseline date, "
        f"red at {_days(rules.milestone_red_days)} or more.",
        f"Risks: amber when any open risk scores {rules.risk_amber_score} or more for "
        f"likelihood × impact, red at {rules.risk_red_score} or more.",
        f"Returns: a return is due {_days(rules.return_due_days)} after the end of its "
        f"quarter; one not in by then is {late_amber}, red once it is "
        f"{_days(rules.late_red_days)} or more late.",
        "The project's rating is the worst of these. A rule with nothing to go on, such as no "
        "spend profiled yet or no baseline forecast, counts as green.",
    ]


def days_overdue(quarter_end: date, today: date, submitted: bool, rules: RagRules) -> int | None:
    """How many days the return for the quarter ending ``quarter_end`` is past its deadline
    (``return_due_days`` after the quarter end) on ``today``; ``None`` when it is in or the
    deadline has not passed. On the deadline itself the return is not yet late."""
    deadline = quarter_end + timedelta(days=rules.return_due_days)
    if submitted or today <= deadline:
        return None
    return (today - deadline).days


_Result = tuple[Colour, str]


def _colour(measure: float, amber: float, red: float) -> Colour:
    if measure >= red:
        return "red"
    if measure >= amber:
        return "amber"
    return "green"


def _spend(position: ProjectPosition, rules: RagRules) -> _Result:
    profile = position.profile_to_date
    if profile <= 0:
        return "green", ""
    shortfall = (profile - position.actual_to_date) / profile
    if shortfall <= 0:
        return "green", ""
    colour = _colour(shortfall, rules.spend_amber, rules.spend_red)
    threshold = rules.spend_red if colour == "red" else rules.spend_amber
    return colour, (
        f"Spend is {_percent(shortfall)} behind the profile to date "
        f"({colour} at {_percent(threshold)} or more)."
    )


def _outputs(position: ProjectPosition, rules: RagRules) -> _Result:
    worst: tuple[float, str] | None = None
    for code in sorted(position.output_baseline):
        baseline = position.output_baseline[code]
        forecast = position.output_forecast.get(code)
        if baseline <= 0 or forecast is None:
            continue
        shortfall = (baseline - forecast) / baseline
        if shortfall > 0 and (worst is None or shortfall > worst[0]):
            worst = (shortfall, code)
    if worst is None:
        return "green", ""
    shortfall, code = worst
    colour = _colour(shortfall, rules.output_amber, rules.output_red)
    threshold = rules.output_red if colour == "red" else rules.output_amber
    return colour, (
        f"The latest forecast of {code} is {_percent(shortfall)} below its baseline "
        f"({colour} at {_percent(threshold)} or more)."
    )


def _milestones(position: ProjectPosition, rules: RagRules) -> _Result:
    slip = max(position.milestone_slips_days, default=0)
    if slip <= 0:
        return "green", ""
    colour = _colour(slip, rules.milestone_amber_days, rules.milestone_red_days)
    threshold = rules.milestone_red_days if colour == "red" else rules.milestone_amber_days
    return colour, (
        f"A milestone has slipped {_days(slip)} past its baseline date "
        f"({colour} at {_days(threshold)} or more)."
    )


def _risks(position: ProjectPosition, rules: RagRules) -> _Result:
    if not position.open_risk_scores:
        return "green", ""
    score = max(position.open_risk_scores)
    colour = _colour(score, rules.risk_amber_score, rules.risk_red_score)
    threshold = rules.risk_red_score if colour == "red" else rules.risk_amber_score
    return colour, (
        f"An open risk scores {score} for likelihood × impact ({colour} at {threshold} or more)."
    )


def _late(position: ProjectPosition, rules: RagRules) -> _Result:
    late = position.days_overdue
    if late is None:
        return "green", ""
    colour = _colour(late, rules.late_amber_days, rules.late_red_days)
    if colour == "red":
        threshold = f"red at {_days(rules.late_red_days)} or more"
    elif rules.late_amber_days == 0:
        threshold = "amber as soon as it is late"
    else:
        threshold = f"amber at {_days(rules.late_amber_days)} or more"
    return colour, (
        f"The latest return is not in and is {_days(late)} past its deadline ({threshold})."
    )


def _percent(share: float) -> str:
    """A share as a percentage to one decimal place, rounded down so that a share short of a
    threshold never reads as the threshold (24.96% is "24.9%"); "30%" rather than "30.0%"."""
    tenths = math.floor(round(share * 1000, 6))
    whole, tenth = divmod(tenths, 10)
    return f"{whole}%" if tenth == 0 else f"{whole}.{tenth}%"


def _days(days: int) -> str:
    return "1 day" if days == 1 else f"{days} days"
