"""Progress towards a headline target, such as 78,000 jobs and 29,000 homes by 31 March 2021,
and where the forecasts still to be delivered would take it.

What has been delivered is a series of cumulative figures (``Point``), from published
snapshots or approved returns. What remains is the forecast increments still to come, each
dated at the end of its period. Forecasts are seldom delivered exactly: the history of past
forecasts against what was then delivered (``Forecast``) gives slippage ratios, actual ÷
forecast, one for each period whose actual is known.

The projection starts from the latest delivered figure and adds each remaining increment
scaled by the median slippage ratio (the central line) and by a low and a high quantile of the
ratios (the band, by default the 10th and 90th percentiles, ``numpy.quantile`` with linear
interpolation). With no history of slippage there is no band: every ratio is taken as 1, so
the projection is the forecasts as made. The band is an empirical range of how forecasts have
turned out before, not a statistical confidence interval.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby

import numpy as np


@dataclass(frozen=True)
class Point:
    """A cumulative delivered figure at a date."""

    as_at: date
    value: float


@dataclass(frozen=True)
class Forecast:
    """A forecast made in a return on ``made_on`` of the output to be delivered in the period
    ending ``period_end``, and the ``actual`` later reported for that period (``None`` until
    it is known)."""

    made_on: date
    period_end: date
    forecast: float
    actual: float | None


@dataclass(frozen=True)
class BandPoint:
    """A projected cumulative figure: ``central`` at the median slippage, between ``low`` and
    ``high``."""

    as_at: date
    central: float
    low: float
    high: float


@dataclass(frozen=True)
class Trajectory:
    """Progress towards ``target`` by ``deadline`` and the projection of what remains."""

    target: float
    deadline: date
    delivered: list[Point]
    """The delivered figures, oldest first."""
    delivered_to_date: float
    """The latest delivered figure; 0 when none is known."""
    forecast_at_completion: float
    """What has been delivered plus every remaining forecast increment, as forecast."""
    projection: list[BandPoint]
    """From the latest delivered figure (a band of no width) through each remaining date."""
    at_deadline: BandPoint | None
    """The projection at the deadline: its last point on or before the deadline, carried
    forward to it (a delivered figure when the projection starts after the deadline).
    ``None`` when nothing is known on or before the deadline."""
    ratios_used: int
    """How many past forecasts with a known actual the band is drawn from."""
    share_of_target: float
    """``delivered_to_date ÷ target``."""


def slippage_ratios(forecasts: Iterable[Forecast]) -> list[float]:
    """Actual ÷ forecast for every forecast whose actual is known and whose forecast is more
    than 0 (a forecast of nothing has no ratio), in the order given."""
    return [
        item.actual / item.forecast
        for item in forecasts
        if item.actual is not None and item.forecast > 0
    ]


def band_quantiles(
    ratios: Sequence[float], low: float = 0.1, high: float = 0.9
) -> tuple[float, float, float]:
    """The ``low`` quantile, the median and the ``high`` quantile of the ratios (linear
    interpolation between order statistics); the band always contains the median. With no
    ratios, ``(1.0, 1.0, 1.0)``: without evidence of slippage the forecasts are taken as made,
    with no band."""
    if not 0 <= low <= 0.5 <= high <= 1:
        raise ValueError(
            f"The band's quantiles must satisfy 0 ≤ low ≤ 0.5 ≤ high ≤ 1; they are {low} "
            f"and {high}."
        )
    if not ratios:
        return 1.0, 1.0, 1.0
    lower, median, upper = np.quantile(np.asarray(ratios, dtype=float), [low, 0.5, high])
    return min(float(lower), float(median)), float(median), max(float(upper), float(median))


def project(
    delivered: Point, remaining: Sequence[tuple[date, float]], ratios: Sequence[float]
) -> list[BandPoint]:
    """The cumulative projection from ``delivered``: a first point of no width there, then one
    point for each date with remaining increments (increments on one date added together),
    oldest first. Each increment is scaled by the median ratio for ``central`` and by the
    10th and 90th percentile ratios for ``low`` and ``high`` (``band_quantiles``).

    An increment dated on or before the delivered figure is still to come: it is added in a
    point at the delivered figure's date, after the first."""
    low_ratio, median, high_ratio = band_quantiles(ratios)
    start = delivered.value
    points = [BandPoint(delivered.as_at, start, start, start)]
    central = low = high = start
    dated = sorted((max(when, delivered.as_at), amount) for when, amount in remaining)
    for when, group in groupby(dated, key=lambda item: item[0]):
        amounts = [amount for _, amount in group]
        central += sum(amount * median for amount in amounts)
        low += sum(amount * low_ratio for amount in amounts)
        high += sum(amount * high_ratio for amount in amounts)
        points.append(BandPoint(when, central, low, high))
    return points


def trajectory(
    target: float,
    deadline: date,
    delivered: Sequence[Point],
    remaining: Sequence[tuple[date, float]],
    forecasts: Sequence[Forecast],
) -> Trajectory:
    """Progress towards ``target`` by ``deadline``: what has been delivered, what the remaining
    forecasts add up to, and the projection with its band of past slippage. With nothing
    delivered the projection starts from 0 at the first remaining date; with nothing delivered
    or remaining there is no projection."""
    if not target > 0:
        raise ValueError(f"The target must be more than 0; it is {target}.")
    history = sorted(delivered, key=lambda point: point.as_at)
    to_date = history[-1].value if history else 0.0
    ratios = slippage_ratios(forecasts)
    if history:
        start: Point | None = history[-1]
    elif remaining:
        start = Point(min(when for when, _ in remaining), 0.0)
    else:
        start = None
    projection = project(start, remaining, ratios) if start is not None else []
    known = [BandPoint(point.as_at, point.value, point.value, point.value) for point in history]
    series = known[:-1] + projection if projection else known
    before = [point for point in series if point.as_at <= deadline]
    at_deadline = None
    if before:
        last = before[-1]
        at_deadline = BandPoint(deadline, last.central, last.low, last.high)
    return Trajectory(
        target=target,
        deadline=deadline,
        delivered=history,
        delivered_to_date=to_date,
        forecast_at_completion=to_date + sum(amount for _, amount in remaining),
        projection=projection,
        at_deadline=at_deadline,
        ratios_used=len(ratios),
        share_of_target=to_date / target,
    )
