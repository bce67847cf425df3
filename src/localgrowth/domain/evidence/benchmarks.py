"""An area's value against its comparators: England, its region, similar places and every
district.

- Gap: the value minus the comparator, and that difference as a percentage of the
  comparator's size (``100 × (value − comparator) ÷ |comparator|``, so the sign of the
  percentage is the sign of the difference even when the comparator is negative; no
  percentage when the comparator is zero).
- Similar places: their comparator is the median of their values, the value of a typical
  similar place (not an aggregate of them, which they do not form).
- Rank among all districts: 1 is the best; tied values share the best position they span
  (competition ranking: 1, 2, 2, 4). When neither direction is better the rank is by value,
  highest first, and says it has no good direction.
- Quintile: the fifth of the ranked field the position falls in, ``1 + ⌊5 × (position − 1) ÷
  of⌋``; 1 is the best fifth (the highest, when neither direction is better).
- Red, amber or green against a comparator (England by default), by ``RagRule``: when the
  value has a confidence interval, green if significantly better (``significance``), red if
  significantly worse, amber otherwise; without one, green when better by more than
  ``threshold_percent`` of the comparator, red when worse by more than that, amber otherwise
  (against a comparator of zero any difference counts as more than the threshold). An
  indicator with no better direction gets ``NO_DIRECTION``, never a colour.
"""

from __future__ import annotations

import bisect
import math
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import SupportsFloat

from .polarity import Polarity
from .significance import Interval, Significance, significance
from .values import Value, as_number


@dataclass(frozen=True)
class Gap:
    """How far a value is from a comparator: ``absolute`` in the indicator's unit and
    ``percent`` of the comparator's size (``None`` when the comparator is zero)."""

    comparator: float
    absolute: float
    percent: float | None


def gap(value: SupportsFloat, comparator: SupportsFloat) -> Gap:
    """The value minus the comparator, and as a percentage of ``|comparator|``."""
    number, base = float(value), float(comparator)
    absolute = number - base
    percent = None if base == 0 else 100 * absolute / abs(base)
    return Gap(comparator=base, absolute=absolute, percent=percent)


def similar_places_value(values: Iterable[Value]) -> float | None:
    """The comparator for a set of similar places: the median of their values, those without
    a value left out; ``None`` when none has a value."""
    numbers = [number for number in map(as_number, values) if number is not None]
    return statistics.median(numbers) if numbers else None


@dataclass(frozen=True)
class Rank:
    """A position among ``of`` ranked values; 1 is the best, or the highest when the
    indicator has no better direction (``has_direction`` is then false)."""

    position: int
    of: int
    has_direction: bool

    @property
    def quintile(self) -> int:
        """The fifth of the field the position falls in; 1 is the best fifth."""
        return quintile(self.position, self.of)


def quintile(position: int, of: int) -> int:
    """The fifth of a field of ``of`` that ``position`` falls in, ``1 + ⌊5 × (position − 1)
    ÷ of⌋``: positions 1 and 2 of 10 are in quintile 1, positions 9 and 10 in quintile 5."""
    if not 1 <= position <= of:
        raise ValueError(f"Position {position} is not within a field of {of}.")
    return 1 + 5 * (position - 1) // of


def _rank_key(value: float, polarity: Polarity) -> float:
    """A key that sorts the best first: lowest first when lower is better, else highest."""
    return value if polarity is Polarity.LOWER else -value


def ranks(values: Mapping[str, Value], polarity: Polarity) -> dict[str, Rank]:
    """The rank of every area that has a value, among those that have one; areas without a
    value are not ranked and not counted."""
    numbers = {
        code: number for code, value in values.items() if (number := as_number(value)) is not None
    }
    keys = sorted(_rank_key(number, polarity) for number in numbers.values())
    return {
        code: Rank(
            position=1 + bisect.bisect_left(keys, _rank_key(number, polarity)),
            of=len(keys),
            has_direction=polarity.has_direction,
        )
        for code, number in sorted(numbers.items())
    }


def rank_among(value: SupportsFloat, others: Iterable[Value], polarity: Polarity) -> Rank:
    """The rank a value not among ``others`` would take if it joined them (the partnership
    among all districts): one more than the number of others that are strictly better, out
    of the others with a value and itself."""
    key = _rank_key(float(value), polarity)
    numbers = [number for number in map(as_number, others) if number is not None]
    ahead = sum(1 for number in numbers if _rank_key(number, polarity) < key)
    return Rank(position=1 + ahead, of=len(numbers) + 1, has_direction=polarity.has_direction)


class Rag(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NO_DIRECTION = "no_direction"

    @property
    def label(self) -> str:
        """The status in words, for a page (never only a colour)."""
        return _RAG_LABELS[self]


_RAG_LABELS = {
    Rag.GREEN: "Better",
    Rag.AMBER: "Similar",
    Rag.RED: "Worse",
    Rag.NO_DIRECTION: "No better direction",
}


@dataclass(frozen=True)
class RagRule:
    """The rule for red, amber or green: better or worse by more than ``threshold_percent``
    of the comparator, or, when ``use_significance`` and the value has a confidence interval,
    significantly better or worse."""

    threshold_percent: float = 5.0
    use_significance: bool = True

    def __post_init__(self) -> None:
        if not (math.isfinite(self.threshold_percent) and self.threshold_percent >= 0):
            raise ValueError("The threshold must be a percentage of 0 or more.")


DEFAULT_RAG_RULE = RagRule()


def _rag_by_significance(outcome: Significance, polarity: Polarity) -> Rag:
    if outcome is Significance.NOT_SIGNIFICANT:
        return Rag.AMBER
    higher = outcome is Significance.HIGHER
    return Rag.GREEN if higher == (polarity is Polarity.HIGHER) else Rag.RED


def rag(
    value: SupportsFloat,
    comparator: SupportsFloat,
    polarity: Polarity,
    rule: RagRule = DEFAULT_RAG_RULE,
    interval: Interval | None = None,
    comparator_interval: Interval | None = None,
) -> Rag:
    """Red, amber or green for ``value`` against ``comparator`` by ``rule`` (see the module's
    description); ``NO_DIRECTION`` when neither direction is better. ``interval`` is the
    value's confidence interval and ``comparator_interval`` the comparator's, if published."""
    if not polarity.has_direction:
        return Rag.NO_DIRECTION
    if rule.use_significance and interval is not None:
        against = comparator_interval or Interval.point(comparator)
        return _rag_by_significance(significance(interval, against), polarity)
    difference = gap(value, comparator)
    if difference.percent is None:
        better = polarity.improvement(difference.absolute)
        return Rag.GREEN if better > 0 else Rag.RED if better < 0 else Rag.AMBER
    better_by = polarity.improvement(difference.percent)
    if better_by > rule.threshold_percent:
        return Rag.GREEN
    if better_by < -rule.threshold_percent:
        return Rag.RED
    return Rag.AMBER


@dataclass(frozen=True)
class Benchmark:
    """An area's value against its comparators. ``rag`` and ``significance`` are against
    England; ``significance`` is ``None`` when the value has no confidence interval."""

    value: float
    polarity: Polarity
    england: Gap
    region: Gap | None
    similar: Gap | None
    rank: Rank | None
    rag: Rag
    significance: Significance | None


def benchmark(
    value: SupportsFloat,
    polarity: Polarity,
    *,
    england: SupportsFloat,
    region: SupportsFloat | None = None,
    similar: Iterable[Value] = (),
    rank: Rank | None = None,
    interval: Interval | None = None,
    england_interval: Interval | None = None,
    rule: RagRule = DEFAULT_RAG_RULE,
) -> Benchmark:
    """The value's gaps to England, the region and the median of the similar places' values,
    its red/amber/green status against England, and the significance of its difference from
    England where ``interval`` is given. ``rank`` comes from ``ranks`` (a district) or
    ``rank_among`` (a larger area), computed once for all areas."""
    number = float(value)
    similar_value = similar_places_value(similar)
    outcome = None
    if interval is not None:
        outcome = significance(interval, england_interval or Interval.point(england))
    return Benchmark(
        value=number,
        polarity=polarity,
        england=gap(number, england),
        region=None if region is None else gap(number, region),
        similar=None if similar_value is None else gap(number, similar_value),
        rank=rank,
        rag=rag(number, england, polarity, rule, interval, england_interval),
        significance=outcome,
    )
