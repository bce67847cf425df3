"""District values rolled up to a larger area: a county, a combined authority, a partnership,
a region or England.

Every indicator has an ``Aggregation`` saying how its district values combine:

- ``SUM``: a count (jobs, enterprises, population); the area's value is the sum of its
  districts' values.
- ``RATIO``: a rate or a value per head or per hour; the area's value is recomputed from its
  parts, ``scale × Σ numerator ÷ Σ denominator`` (GVA per hour worked is total GVA ÷ total
  hours worked; the employment rate is 100 × employed ÷ population aged 16–64). Each district
  so counts in proportion to its denominator. It is never the mean of the districts' ratios,
  which counts a district of 20,000 people as much as one of 300,000
  (``mean_of_ratios`` computes that mean only to show how far it is from the right value).
  When a source publishes each district's ratio and its denominator but not the numerator,
  ``aggregate_ratio_by_denominator`` gives the same value as ``Σ(value × denominator) ÷
  Σ denominator``, since each value is ``scale × numerator ÷ denominator``.
- ``NONE``: the indicator cannot be aggregated (a median, an Index of Multiple Deprivation
  rank or score, a published index); asking raises ``NotAggregableError`` with the reason.

An aggregate needs a value for every district of the area: when any district lacks one,
``aggregate`` raises ``IncompleteDataError`` naming the districts, rather than summing a
partial set that would understate the area. ``missing_districts`` says beforehand which
districts lack data, for a page to report an incomplete aggregate instead of showing one.

Sums are exact sums of the floats, correctly rounded (``math.fsum``), so the result does not
depend on the order of the districts.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from .errors import IncompleteDataError, NotAggregableError, ZeroDenominatorError
from .values import Value, lacking, present


class AggregationRule(StrEnum):
    SUM = "sum"
    RATIO = "ratio"
    NONE = "none"


@dataclass(frozen=True)
class Aggregation:
    """How an indicator's district values combine into a larger area's value.

    For a ratio, ``numerator`` and ``denominator`` are the codes of the indicators whose
    values are its parts, and ``scale`` multiplies the quotient (100 for a percentage, 1,000
    for a rate per thousand, or a change of units such as £ million to £). For ``NONE``,
    ``reason`` says why the indicator cannot be aggregated.
    """

    rule: AggregationRule
    numerator: str = ""
    denominator: str = ""
    scale: float = 1.0
    reason: str = ""

    def __post_init__(self) -> None:
        if self.rule is AggregationRule.RATIO and not (self.numerator and self.denominator):
            raise ValueError("A ratio names the indicators of its numerator and denominator.")
        if self.rule is AggregationRule.NONE and not self.reason.strip():
            raise ValueError("Say why the indicator cannot be aggregated.")
        if not math.isfinite(self.scale) or self.scale == 0:
            raise ValueError("The scale of a ratio must be a finite number other than 0.")

    @classmethod
    def summed(cls) -> Aggregation:
        """A count: the area's value is the sum of its districts' values."""
        return cls(AggregationRule.SUM)

    @classmethod
    def ratio_of(cls, numerator: str, denominator: str, scale: float = 1.0) -> Aggregation:
        """A ratio of two indicators, recomputed as ``scale × Σ numerator ÷ Σ denominator``."""
        return cls(AggregationRule.RATIO, numerator=numerator, denominator=denominator, scale=scale)

    @classmethod
    def not_aggregable(cls, reason: str) -> Aggregation:
        """An indicator that cannot be aggregated, for the ``reason`` given."""
        return cls(AggregationRule.NONE, reason=reason)


@dataclass(frozen=True)
class Aggregate:
    """An area's value made from all of its districts' values.

    ``numerator`` and ``denominator`` are the summed parts of a ratio (``None`` for a sum), so
    aggregates of areas that partition a larger one combine into the larger area's value.
    """

    value: float
    districts: tuple[str, ...]
    numerator: float | None = None
    denominator: float | None = None


def _districts(districts: Iterable[str]) -> tuple[str, ...]:
    """Each district once, sorted; an area must have at least one."""
    unique = tuple(sorted(set(districts)))
    if not unique:
        raise ValueError("An area to aggregate must have at least one district.")
    return unique


def missing_districts(districts: Iterable[str], *series: Mapping[str, Value]) -> tuple[str, ...]:
    """The districts, sorted, lacking a value in any of ``series`` (for a ratio, pass both the
    numerator's and the denominator's values). Empty when an aggregate can be made."""
    return tuple(lacking(districts, *series))


def aggregate_sum(values: Mapping[str, Value], districts: Iterable[str]) -> Aggregate:
    """The sum of the districts' values; refused if any district lacks a value."""
    codes = _districts(districts)
    missing = lacking(codes, values)
    if missing:
        raise IncompleteDataError("An aggregate over a partial set of districts", missing)
    found = present(values, codes)
    return Aggregate(value=math.fsum(found[code] for code in codes), districts=codes)


def aggregate_ratio(
    numerators: Mapping[str, Value],
    denominators: Mapping[str, Value],
    districts: Iterable[str],
    scale: float = 1.0,
) -> Aggregate:
    """``scale × Σ numerator ÷ Σ denominator`` over the districts: the ratio recomputed from
    its parts, each district weighted by its denominator. Refused if any district lacks either
    part, or if the denominators add up to zero."""
    codes = _districts(districts)
    missing = lacking(codes, numerators, denominators)
    if missing:
        raise IncompleteDataError("An aggregate over a partial set of districts", missing)
    numerator = math.fsum(present(numerators, codes).values())
    denominator = math.fsum(present(denominators, codes).values())
    if denominator == 0:
        raise ZeroDenominatorError(
            "The denominators of the districts add up to zero, so their ratio has no value."
        )
    return Aggregate(
        value=scale * numerator / denominator,
        districts=codes,
        numerator=numerator,
        denominator=denominator,
    )


def aggregate_ratio_by_denominator(
    values: Mapping[str, Value], denominators: Mapping[str, Value], districts: Iterable[str]
) -> Aggregate:
    """A ratio recomputed from each district's published ratio and its denominator,
    ``Σ(value × denominator) ÷ Σ denominator``: the same as ``aggregate_ratio`` from the
    numerators, as each value is ``scale × numerator ÷ denominator``. The aggregate's
    ``numerator`` is ``Σ(value × denominator)``, the numerator times the scale. Refused if any
    district lacks a value or a denominator, or if the denominators add up to zero."""
    codes = _districts(districts)
    missing = lacking(codes, values, denominators)
    if missing:
        raise IncompleteDataError("An aggregate over a partial set of districts", missing)
    ratios, bottoms = present(values, codes), present(denominators, codes)
    scaled = {code: ratios[code] * bottoms[code] for code in codes}
    return aggregate_ratio(scaled, bottoms, codes)


def aggregate(
    aggregation: Aggregation,
    districts: Iterable[str],
    *,
    values: Mapping[str, Value] | None = None,
    numerators: Mapping[str, Value] | None = None,
    denominators: Mapping[str, Value] | None = None,
    indicator: str = "",
) -> Aggregate:
    """The area's value by the indicator's ``aggregation``: ``values`` for a sum, or
    ``numerators`` and ``denominators`` (the values of the indicators the ratio names) for a
    ratio. Raises ``NotAggregableError`` with the reason for an indicator that cannot be
    aggregated (``indicator`` names it in the message), and ``IncompleteDataError`` naming the
    districts that lack a value."""
    if aggregation.rule is AggregationRule.NONE:
        raise NotAggregableError(indicator, aggregation.reason)
    if aggregation.rule is AggregationRule.SUM:
        if values is None:
            raise ValueError("A sum needs the districts' values.")
        return aggregate_sum(values, districts)
    if numerators is None or denominators is None:
        raise ValueError(
            f"A ratio needs the districts' values of {aggregation.numerator} (numerator) "
            f"and {aggregation.denominator} (denominator)."
        )
    return aggregate_ratio(numerators, denominators, districts, aggregation.scale)


def district_ratios(
    numerators: Mapping[str, Value],
    denominators: Mapping[str, Value],
    districts: Iterable[str],
    scale: float = 1.0,
) -> dict[str, float]:
    """Each district's own ratio, ``scale × numerator ÷ denominator``; refused if any district
    lacks a part or has a denominator of zero."""
    codes = _districts(districts)
    missing = lacking(codes, numerators, denominators)
    if missing:
        raise IncompleteDataError("Ratios over a partial set of districts", missing)
    tops, bottoms = present(numerators, codes), present(denominators, codes)
    zero = [code for code in codes if bottoms[code] == 0]
    if zero:
        raise ZeroDenominatorError(f"The denominator is zero for {', '.join(zero)}.")
    return {code: scale * tops[code] / bottoms[code] for code in codes}


def mean_of_ratios(
    numerators: Mapping[str, Value],
    denominators: Mapping[str, Value],
    districts: Iterable[str],
    scale: float = 1.0,
) -> float:
    """The unweighted mean of the districts' own ratios. This is not an area's value: it
    counts every district alike whatever its size. It is provided only to show how far it is
    from ``aggregate_ratio``, the area's value."""
    ratios = district_ratios(numerators, denominators, districts, scale)
    return math.fsum(ratios.values()) / len(ratios)
