"""Numbers as the evidence base reads them.

Values arrive as anything ``float()`` accepts (``int``, ``float``, ``Decimal``, ``Fraction``,
numpy scalars) or as ``None``. ``None`` and NaN mean "no value": not published, suppressed or
not applicable. Infinite values are refused, since no official statistic is infinite.
Computations are in binary floating point.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import SupportsFloat, TypeAlias

Value: TypeAlias = SupportsFloat | None
"""A published value, or ``None`` when there is none."""


def as_number(value: Value) -> float | None:
    """The value as a float, or ``None`` when it is ``None`` or NaN; infinity is refused."""
    if value is None:
        return None
    number = float(value)
    if math.isnan(number):
        return None
    if math.isinf(number):
        raise ValueError(f"{value} is not a finite number.")
    return number


def present(values: Mapping[str, Value], keys: Iterable[str]) -> dict[str, float]:
    """The keys that have a value in ``values``, with the value as a float."""
    found: dict[str, float] = {}
    for key in keys:
        number = as_number(values.get(key))
        if number is not None:
            found[key] = number
    return found


def lacking(keys: Iterable[str], *series: Mapping[str, Value]) -> list[str]:
    """The keys, sorted, that lack a value in any of ``series``."""
    return sorted(
        key for key in set(keys) if any(as_number(values.get(key)) is None for values in series)
    )
