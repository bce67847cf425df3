"""Shares of a project among the areas it serves, so outputs are apportioned without double
counting: a project's shares always add up to exactly 1.

An area's apportioned total adds up, over the projects serving any part of it, each project's
value apportioned exactly to the pence (``apportion_exact``) over the districts of the areas it
serves (``spread_shares``) and kept for the districts inside the area (``part_inside``). Because
districts are the unit, areas that partition a larger one (SELEP's four federated areas) add up
to its total exactly, even when a project serves an area that straddles two of them (Essex
county lies partly in Essex and partly in Opportunity South Essex). ``areas_within`` says which
areas lie wholly within an area.
"""

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction
from typing import TypeVar

K = TypeVar("K")
AreaKey = TypeVar("AreaKey", int, str)
"""An area's id or code: spreading sorts by it, so the result never depends on input order."""

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


PENNY = Decimal("0.01")


def apportion_exact(
    value: Decimal, weights: Sequence[Decimal | Fraction], unit: Decimal = PENNY
) -> list[Decimal]:
    """Apportion ``value`` in proportion to ``weights`` into parts that are whole multiples of
    ``unit`` (pence by default) and add up to ``value`` exactly.

    Each part is first rounded down; the units left over go, one each, to the parts that lost
    the most in rounding, the earlier part first on a tie (the largest remainder method). The
    weights need not add up to exactly 1: they are used in proportion to their sum, so a
    project whose stored shares add up to 0.999999 still apportions all of its value. The
    arithmetic is exact (fractions), so the same inputs always give the same parts.
    """
    if not weights:
        return []
    if any(weight < 0 for weight in weights) or sum(weights) <= 0:
        raise ValueError("Weights must not be negative and must add up to more than 0.")
    units = Fraction(value) / Fraction(unit)
    if units.denominator != 1:
        raise ValueError(f"{value} is not a whole number of {unit}.")
    total_weight = Fraction(sum(weights))
    exact = [units * Fraction(weight) / total_weight for weight in weights]
    parts = [math.floor(share) for share in exact]
    left_over = int(units) - sum(parts)
    by_loss = sorted(range(len(exact)), key=lambda index: (parts[index] - exact[index], index))
    for index in by_loss[:left_over]:
        parts[index] += 1
    return [part * unit for part in parts]


def descendants(roots: Iterable[K], children: Mapping[K, Iterable[K]]) -> set[K]:
    """Every area below ``roots`` by the child links, not counting the roots themselves unless
    a link leads back to them. Safe on cycles."""
    found: set[K] = set()
    pending = list(roots)
    while pending:
        for child in children.get(pending.pop(), ()):
            if child not in found:
                found.add(child)
                pending.append(child)
    return found


def leaf_areas(area: K, children: Mapping[K, Iterable[K]], leaves: AbstractSet[K]) -> set[K]:
    """The leaf areas (districts) an area is made of: itself if it is one, else those below it.
    Empty for an area with no leaf areas recorded below it."""
    return {area} if area in leaves else descendants([area], children) & leaves


def areas_within(
    roots: Collection[K],
    children: Mapping[K, Iterable[K]],
    leaves: AbstractSet[K],
    candidates: Iterable[K] = (),
) -> set[K]:
    """The areas that lie within ``roots``: the roots, every area below them by the child
    links, and each candidate made only of leaf areas (districts) that lie within the roots.

    The last rule catches an area whose parent links do not name the root: a county's parent is
    its region, yet a county whose districts all belong to a federated area lies within it. A
    candidate with no leaf areas at all is within only if it is a root or below one.
    """
    within = set(roots) | descendants(roots, children)
    root_leaves = within & leaves
    for candidate in candidates:
        if candidate in within:
            continue
        own = leaf_areas(candidate, children, leaves)
        if own and own <= root_leaves:
            within.add(candidate)
    return within


def spread_shares(
    shares: Iterable[tuple[AreaKey, Decimal]], leaves_of: Mapping[AreaKey, Collection[AreaKey]]
) -> list[tuple[AreaKey, Fraction]]:
    """A project's shares spread equally over the leaf areas (districts) of each area it
    serves, so that a share in Essex county becomes a twelfth of it in each of Essex's twelve
    districts. An area with no leaf areas keeps its share. Shares landing on one leaf area add
    up; the result is sorted by area, so it never depends on the order of ``shares``."""
    spread: dict[AreaKey, Fraction] = {}
    for area, share in shares:
        own = sorted(leaves_of.get(area) or [area])
        for leaf in own:
            spread[leaf] = spread.get(leaf, Fraction(0)) + Fraction(share) / len(own)
    return sorted(spread.items())


def part_inside(
    value: Decimal,
    weights: Sequence[tuple[K, Fraction]],
    inside: AbstractSet[K],
    unit: Decimal = PENNY,
) -> Decimal:
    """The part of ``value`` that falls in the areas ``inside``, when ``value`` is apportioned
    exactly (``apportion_exact``) by ``weights`` over the areas they name. Because each area's
    part never depends on ``inside``, the parts of areas that partition the whole add up to
    ``value`` exactly."""
    parts = apportion_exact(value, [weight for _, weight in weights], unit)
    inside_parts = (part for (area, _), part in zip(weights, parts, strict=True) if area in inside)
    return sum(inside_parts, Decimal(0) * unit)
