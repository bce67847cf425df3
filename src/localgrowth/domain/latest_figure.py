"""The one rule for a programme's "latest figure" of a measure, and what it says about the target.

The latest figure is the last *dated* figure on or before the day asked about (two figures of
one day: the one recorded last). A figure whose source gives no date is never the latest: it is
shown as undated, beside it, as a date cannot be guessed. Every page, download and API answer
uses this rule, so they all give one figure and one date.

Against a target with a deadline, figures are cumulative ("delivered to date"), so:
- met: a dated figure on or before the deadline reaches the target;
- open: the deadline is still to come;
- reached late: the target was first reached by a figure dated after the deadline;
- not met: a figure dated on or after the deadline is still short of it;
- not known: the deadline has passed and no figure is dated on or after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Protocol, TypeVar


class DatedValue(Protocol):
    @property
    def value(self) -> Decimal | float: ...

    @property
    def as_at(self) -> date | None: ...


F = TypeVar("F", bound=DatedValue)


def dated(figures: Sequence[F], on: date | None = None) -> list[F]:
    """The dated figures (on or before ``on``, when given), oldest first, keeping the order
    they were recorded in within a day."""
    kept = [f for f in figures if f.as_at is not None and (on is None or f.as_at <= on)]
    return sorted(kept, key=lambda f: f.as_at)  # type: ignore[arg-type, return-value]


def latest(figures: Sequence[F], on: date | None = None) -> F | None:
    """The latest figure: the last dated one on or before ``on``."""
    found = dated(figures, on)
    return found[-1] if found else None


DATE_NOT_RECORDED = "date not recorded"


def as_at_text(as_at: date | None, label: str) -> str:
    """A figure's date, written out ("7 December 2017"); an undated figure gives its label (the
    version of the source it comes from) and always says that its date is not recorded."""
    if as_at is not None:
        return f"{as_at.day} {as_at:%B %Y}"
    label = label.strip()
    if DATE_NOT_RECORDED not in label.lower():
        return f"{label} ({DATE_NOT_RECORDED})" if label else DATE_NOT_RECORDED.capitalize()
    return label


def undated(figures: Sequence[F]) -> list[F]:
    return [f for f in figures if f.as_at is None]


class Outcome(StrEnum):
    MET = "met"
    OPEN = "open"
    REACHED_LATE = "reached late"
    NOT_MET = "not met"
    NOT_KNOWN = "not known"


@dataclass(frozen=True)
class TargetOutcome:
    outcome: Outcome
    target: Decimal | float
    deadline: date
    figure: DatedValue | None
    """The figure the outcome rests on: the one that reached the target, the first one on or
    after the deadline, or else the latest."""


def target_outcome(
    figures: Sequence[F], target: Decimal | float, deadline: date, today: date
) -> TargetOutcome:
    """What the dated figures known on ``today`` say about reaching ``target`` by ``deadline``."""
    known = dated(figures, today)
    reached = next((f for f in known if f.value >= target), None)
    if reached is not None and reached.as_at <= deadline:  # type: ignore[operator]
        return TargetOutcome(Outcome.MET, target, deadline, reached)
    if today <= deadline:
        return TargetOutcome(Outcome.OPEN, target, deadline, known[-1] if known else None)
    if reached is not None:
        return TargetOutcome(Outcome.REACHED_LATE, target, deadline, reached)
    after = next((f for f in known if f.as_at >= deadline), None)  # type: ignore[operator]
    if after is not None:
        return TargetOutcome(Outcome.NOT_MET, target, deadline, after)
    return TargetOutcome(Outcome.NOT_KNOWN, target, deadline, known[-1] if known else None)
