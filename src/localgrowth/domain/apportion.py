"""Shares of a project among the areas it serves, so outputs are apportioned without double
counting: a project's shares always add up to exactly 1."""

from collections.abc import Sequence
from decimal import ROUND_DOWN, Decimal

SHARE_PLACES = Decimal("0.000001")


def equal_shares(count: int) -> list[Decimal]:
    """Split 1 into ``count`` shares of six decimal places that add up to exactly 1.

    The remainder of the rounding goes to the first share, so three areas get
    0.333334, 0.333333 and 0.333333.
    """
    if count < 1:
        raise ValueError("A project must serve at least one area.")
    base = (Decimal(1) / count).quantize(SHARE_PLACES, rounding=ROUND_DOWN)
    first = Decimal(1) - base * (count - 1)
    return [first] + [base] * (count - 1)


def complete_shares(shares: Sequence[Decimal | None]) -> list[Decimal]:
    """Return the shares as given when all are given, or equal shares when none are."""
    if all(share is None for share in shares):
        return equal_shares(len(shares))
    if any(share is None for share in shares):
        raise ValueError("Give a share for every area, or for none of them.")
    given = [Decimal(share) for share in shares if share is not None]
    if sum(given) != 1:
        raise ValueError(f"Shares add up to {sum(given)}; they must add up to 1.")
    return given


def apportion(value: Decimal, shares: Sequence[Decimal]) -> list[Decimal]:
    """Apportion ``value`` by ``shares``; the parts add up to ``value`` exactly."""
    parts = [value * share for share in shares]
    if parts:
        parts[0] += value - sum(parts)
    return parts
