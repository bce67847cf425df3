"""How the portfolio's figures and lists read in sentences: amounts in pounds, percentages and
lists of projects."""

from __future__ import annotations

from collections.abc import Sequence


def names(items: Sequence[str], limit: int = 6) -> str:
    """``A``, ``A and B``, ``A, B and C``; past ``limit`` items, the first ``limit − 1`` and how
    many others (``A, B, C, D, E and 7 others``)."""
    items = list(items)
    if len(items) > limit:
        shown = items[: limit - 1]
        return f"{', '.join(shown)} and {len(items) - len(shown)} others"
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def money(amount: float, places: int | None = None, millions: bool | None = None) -> str:
    """An amount in pounds: ``£9.0m`` from a million up (or whenever ``millions``), else
    ``£250,000``; ``places`` sets the decimal places of the millions or of the pounds."""
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    if millions is None:
        millions = amount >= 1e6
    if millions:
        return f"{sign}£{amount / 1e6:.{1 if places is None else places}f}m"
    if places is None:
        places = 0 if amount == round(amount) or amount >= 1000 else 2
    return f"{sign}£{amount:,.{places}f}"


def money_pair(first: float, second: float) -> tuple[str, str]:
    """Two amounts in the same units, with enough decimal places that they do not read as
    equal when they differ."""
    millions = max(abs(first), abs(second)) >= 1e6
    texts = money(first, millions=millions), money(second, millions=millions)
    places = 1 if millions else 0
    while texts[0] == texts[1] and first != second and places < 6:
        places += 1
        texts = money(first, places, millions), money(second, places, millions)
    return texts


def percent(share: float) -> str:
    """A share as a percentage to one decimal place, ``20%`` rather than ``20.0%``."""
    text = f"{share * 100:.1f}"
    return f"{text.removesuffix('.0')}%"
