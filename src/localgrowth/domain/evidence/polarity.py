"""Which direction of an indicator is better.

A higher employment rate is better, a lower claimant rate is better, and neither a higher nor a
lower population density is better in itself. Ranks, quintiles and red/amber/green status
depend on it; an indicator whose polarity is ``NEITHER`` is ranked by value, highest first,
and given no status.
"""

from __future__ import annotations

from enum import StrEnum


class Polarity(StrEnum):
    HIGHER = "higher_better"
    LOWER = "lower_better"
    NEITHER = "neither"

    @property
    def label(self) -> str:
        """The polarity in words, for a page."""
        return _LABELS[self]

    @property
    def has_direction(self) -> bool:
        """Whether one direction of the indicator is better than the other."""
        return self is not Polarity.NEITHER

    def improvement(self, difference: float) -> float:
        """``difference`` (a value minus its comparator) signed so that a positive result is
        better: itself when higher is better, its negation when lower is better. For
        ``NEITHER`` it is the difference itself (higher ranks first), which says nothing of
        better or worse."""
        return -difference if self is Polarity.LOWER else difference


_LABELS = {
    Polarity.HIGHER: "Higher is better",
    Polarity.LOWER: "Lower is better",
    Polarity.NEITHER: "Neither higher nor lower is better",
}
