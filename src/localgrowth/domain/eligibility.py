"""Whether a bid meets a funding call's rules, and a plain-English reason for each rule it fails.

The rules a call may set (each optional):

- grant: the grant asked for is at least the smallest grant and at most the largest;
- spend deadline: no cost falls in a financial year after the one the deadline falls in
  (a deadline of 31 March 2021 allows costs up to 2020/21; 1 April 2021 allows 2021/22);
- match funding: match funding as a share of grant plus match funding is at least the minimum;
- costs: the bid gives its costs by year, and they add up to more than nothing (always checked).

Pure Python: no Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

ZERO = Decimal(0)


@dataclass(frozen=True)
class Rules:
    min_grant: Decimal | None = None
    max_grant: Decimal | None = None
    spend_deadline: date | None = None
    min_match_share: Decimal | None = None


@dataclass(frozen=True)
class Bid:
    grant: Decimal
    match_funding: Decimal
    costs: Mapping[str, Decimal]
    """Total cost by financial year, written "2020/21"."""


@dataclass(frozen=True)
class Failure:
    rule: str
    """``grant``, ``spend_deadline``, ``match_funding`` or ``costs``."""
    reason: str


def financial_year_of(day: date) -> str:
    """The UK financial year (April to March) a day falls in, written "2020/21"."""
    first = day.year if day.month >= 4 else day.year - 1
    return f"{first}/{(first + 1) % 100:02d}"


def _start(financial_year: str) -> int:
    return int(financial_year[:4])


def pounds(amount: Decimal) -> str:
    whole = amount.quantize(Decimal("0.01"))
    text = f"£{whole:,.2f}"
    return text.removesuffix(".00")


def percent(value: Decimal) -> str:
    return f"{(value * 100).normalize():f}%"


def check(bid: Bid, rules: Rules) -> tuple[Failure, ...]:
    """Every rule the bid fails, in the order above; empty when it is eligible."""
    failures: list[Failure] = []
    if rules.min_grant is not None and bid.grant < rules.min_grant:
        failures.append(
            Failure(
                "grant",
                f"The grant asked for, {pounds(bid.grant)}, is less than the smallest grant "
                f"the call offers, {pounds(rules.min_grant)}.",
            )
        )
    if rules.max_grant is not None and bid.grant > rules.max_grant:
        failures.append(
            Failure(
                "grant",
                f"The grant asked for, {pounds(bid.grant)}, is more than the largest grant "
                f"the call offers, {pounds(rules.max_grant)}.",
            )
        )
    if rules.spend_deadline is not None:
        last = financial_year_of(rules.spend_deadline)
        late = sorted(
            year for year, amount in bid.costs.items() if amount > 0 and _start(year) > _start(last)
        )
        if late:
            spent = ", ".join(f"{pounds(bid.costs[year])} in {year}" for year in late)
            failures.append(
                Failure(
                    "spend_deadline",
                    f"Costs fall after the spend deadline of "
                    f"{rules.spend_deadline.strftime('%-d %B %Y')} (financial year {last}): "
                    f"{spent}.",
                )
            )
    if rules.min_match_share is not None:
        total = bid.grant + bid.match_funding
        achieved = bid.match_funding / total if total > 0 else ZERO
        if achieved < rules.min_match_share:
            failures.append(
                Failure(
                    "match_funding",
                    f"Match funding of {pounds(bid.match_funding)} is "
                    f"{percent(achieved.quantize(Decimal('0.0001')))} of grant plus match "
                    f"funding; the call asks for at least {percent(rules.min_match_share)}.",
                )
            )
    if not bid.costs or sum(bid.costs.values(), ZERO) <= 0:
        failures.append(
            Failure(
                "costs",
                "The bid gives no costs by financial year, so it cannot be appraised or "
                "checked against the call's budgets. Add its costs to the Costs sheet.",
            )
        )
    return tuple(failures)
