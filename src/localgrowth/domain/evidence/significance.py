"""Whether a value differs significantly from its comparator, by confidence intervals.

Some statistics are published with lower and upper confidence bounds (survey estimates such
as the employment rate from the Annual Population Survey, usually at 95%). The test here is
the overlap test: a value is significantly higher than its comparator when its interval lies
wholly above the comparator's interval, significantly lower when it lies wholly below, and
not significantly different when the intervals overlap or touch. A comparator published
without an interval (often England, whose sample is large) is taken as a single point.

The overlap test is conservative: intervals that overlap slightly can still belong to values
that differ significantly, so "not significantly different" means only that this test does
not show a difference.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import SupportsFloat


class Significance(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"
    NOT_SIGNIFICANT = "not_significant"

    @property
    def label(self) -> str:
        """The outcome in words, for a page."""
        return _LABELS[self]


_LABELS = {
    Significance.HIGHER: "Significantly higher",
    Significance.LOWER: "Significantly lower",
    Significance.NOT_SIGNIFICANT: "Not significantly different",
}


@dataclass(frozen=True)
class Interval:
    """A confidence interval, from ``lower`` to ``upper`` inclusive."""

    lower: float
    upper: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.lower) and math.isfinite(self.upper)):
            raise ValueError("Confidence bounds must be finite numbers.")
        if self.lower > self.upper:
            raise ValueError(
                f"The lower confidence bound ({self.lower}) is above the upper ({self.upper})."
            )

    @classmethod
    def of(cls, lower: SupportsFloat, upper: SupportsFloat) -> Interval:
        """An interval from published bounds of any numeric type."""
        return cls(float(lower), float(upper))

    @classmethod
    def point(cls, value: SupportsFloat) -> Interval:
        """A value without an interval, taken as exact."""
        return cls(float(value), float(value))


def significance(interval: Interval, comparator: Interval) -> Significance:
    """Whether the value with ``interval`` is significantly higher or lower than the
    comparator, by the overlap test: higher when its lower bound is above the comparator's
    upper bound, lower when its upper bound is below the comparator's lower bound, otherwise
    not significantly different. Pass ``Interval.point(value)`` for a comparator published
    without bounds."""
    if interval.lower > comparator.upper:
        return Significance.HIGHER
    if interval.upper < comparator.lower:
        return Significance.LOWER
    return Significance.NOT_SIGNIFICANT
