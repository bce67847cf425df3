"""How a value has changed since a base year.

- ``change``: the latest value minus the base value, in the indicator's unit.
- ``percent_change``: ``100 × change ÷ |base|``. It is positive for a rise even from a
  negative base (−10 to −5 is +50%), and has no value from a base of zero.
- ``cagr_percent``: the compound annual growth rate, ``100 × ((latest ÷ base)^(1 ÷ years)
  − 1)``, the constant yearly growth that leads from the base value to the latest. It needs a
  positive base and a latest value of zero or more (a fall to zero is −100%): growth cannot
  be compounded from zero, or across a change of sign, and a ratio of two negative values
  would call a fall a rise. When it has no value, ``note`` says why.

Periods are years (a financial year by the year it starts).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import SupportsFloat

from .errors import IncompleteDataError
from .values import Value, as_number


@dataclass(frozen=True)
class Trend:
    """The change from ``base_value`` in ``base_year`` to ``latest_value`` in
    ``latest_year``; ``note`` says why ``percent_change`` or ``cagr_percent`` has no value,
    and is empty when both have one."""

    base_year: int
    base_value: float
    latest_year: int
    latest_value: float
    change: float
    percent_change: float | None
    cagr_percent: float | None
    note: str = ""

    @property
    def years(self) -> int:
        """The number of years from the base year to the latest."""
        return self.latest_year - self.base_year


def trend(
    base_year: int, base_value: SupportsFloat, latest_year: int, latest_value: SupportsFloat
) -> Trend:
    """The change, percentage change and compound annual growth rate from the base year to
    the latest (see the module's description); the latest year must be after the base year."""
    years = latest_year - base_year
    if years <= 0:
        raise ValueError(f"The latest year ({latest_year}) must be after the base year.")
    base, latest = float(base_value), float(latest_value)
    change = latest - base
    percent = None if base == 0 else 100 * change / abs(base)
    cagr = None
    note = ""
    if base == 0:
        note = "There is no percentage change or compound growth from a base of zero."
    elif base < 0 or latest < 0:
        note = "Compound growth needs a positive base value and a latest value of zero or more."
    else:
        cagr = 100 * ((latest / base) ** (1 / years) - 1)
    return Trend(
        base_year=base_year,
        base_value=base,
        latest_year=latest_year,
        latest_value=latest,
        change=change,
        percent_change=percent,
        cagr_percent=cagr,
        note=note,
    )


def trend_since(
    series: Mapping[int, Value], base_year: int, latest_year: int | None = None
) -> Trend:
    """The trend of a series of values by year from ``base_year`` to ``latest_year``, or to
    the latest year with a value when it is not given; refused when either year lacks a
    value."""
    if latest_year is None:
        later = [year for year, value in series.items() if as_number(value) is not None]
        latest_year = max(later, default=base_year)
    base, latest = as_number(series.get(base_year)), as_number(series.get(latest_year))
    if base is None or latest is None:
        pairs = ((base_year, base), (latest_year, latest))
        raise IncompleteDataError("A trend", {str(year) for year, value in pairs if value is None})
    return trend(base_year, base, latest_year, latest)
