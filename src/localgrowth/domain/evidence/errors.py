"""The exceptions of the evidence base. Each is a ``ValueError`` whose message says what is
wrong in words fit for a page, and carries the facts a caller needs to say more."""

from __future__ import annotations

from collections.abc import Iterable


class EvidenceError(ValueError):
    """A computation of the evidence base was refused."""


class NotAggregableError(EvidenceError):
    """The indicator cannot be rolled up to a larger area; ``reason`` says why (a median, a
    rank or a published index is not made of parts that add up)."""

    def __init__(self, indicator: str, reason: str) -> None:
        self.indicator = indicator
        self.reason = reason
        name = f"{indicator} " if indicator else "This indicator "
        super().__init__(f"{name}cannot be aggregated to a larger area: {reason}")


MISSING_SHOWN = 5
"""How many missing items a message names (``missing`` holds them all)."""


class IncompleteDataError(EvidenceError):
    """Some of the items a result needs have no value; ``missing`` names them, sorted."""

    def __init__(self, what: str, missing: Iterable[str]) -> None:
        self.missing = tuple(sorted(missing))
        shown = self.missing[:MISSING_SHOWN]
        more = len(self.missing) - len(shown)
        listed = ", ".join(shown) + (f" and {more} more" if more else "")
        super().__init__(f"{what} is refused: no value for {listed}.")


class ZeroDenominatorError(EvidenceError):
    """A ratio, share or growth rate would divide by zero."""
