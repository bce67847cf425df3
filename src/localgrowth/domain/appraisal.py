"""The economic appraisal of a proposal for local growth funding: its costs and benefits
discounted to present values, its benefit-cost ratio and value for money category, and what it
costs the public purse for each job and home it delivers.

The method is HM Treasury's *The Green Book: Central Government Guidance on Appraisal and
Evaluation* (2022 edition), which central government and the bodies spending its money
follow.

Discounting. A pound of cost or benefit in a later year counts for less than one now. The Green
Book discounts at the social time preference rate (STPR), 3.5% a year in real terms, and, for
effects far in the future, at a declining schedule (Annex A6, "the declining long-term discount
rate"; first set out in the 2003 edition, Annex 6, table 6.1):

====================  =====
Years                 Rate
====================  =====
0 to 30               3.5%
31 to 75              3.0%
76 to 125             2.5%
126 to 200            2.0%
201 to 300            1.5%
301 and after         1.0%
====================  =====

Year 0 is the appraisal year and is not discounted. Each later year is discounted at the rate
of the band it falls in, compounding on the years before it: the factor for year 31 is
``1 / (1.035^30 × 1.030)``, not ``1 / 1.030^31``. Flows are real (in the prices of one base
year): converting nominal figures to real ones is for the caller.

Optimism bias. Appraisers have been shown, again and again, to underestimate costs. The Green
Book requires estimates to be adjusted upwards, and its supplementary guidance, *Optimism Bias*
(HM Treasury, 2003, from Mott MacDonald's *Review of Large Public Procurement in the UK*,
2002), gives upper bounds by type of project (``UPPER_BOUND_UPLIFTS``): a starting point for a
project at an early stage, to be reduced only as its risks are shown to be managed. Here the
uplift applies to costs only.

Value for money. The benefit-cost ratio (BCR) is the present value of benefits divided by the
present value of costs. It falls in one of five value for money categories, as in the
Department for Transport's value for money framework: poor below 1, low from 1 to 1.5, medium
from 1.5 to 2, high from 2 to 4, very high above 4 (``vfm_category``). The category is a
starting point: impacts the BCR leaves out can move a proposal to another.

Cost per output. The public cost of each gross output, and of each net additional one (see
``additionality``), is a common check of a proposal against what like projects have cost.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Generic, Literal, TypeVar

from .additionality import Additionality

STPR = 0.035
"""The Green Book's social time preference rate for years 0 to 30: 3.5% a year, real terms."""


@dataclass(frozen=True)
class DiscountBand:
    """The discount rate for the years ``first_year`` to ``last_year`` (``None``: no end)."""

    first_year: int
    last_year: int | None
    rate: float


DISCOUNT_SCHEDULE: tuple[DiscountBand, ...] = (
    DiscountBand(0, 30, STPR),
    DiscountBand(31, 75, 0.030),
    DiscountBand(76, 125, 0.025),
    DiscountBand(126, 200, 0.020),
    DiscountBand(201, 300, 0.015),
    DiscountBand(301, None, 0.010),
)
"""The Green Book's declining long-term discount rate (2022, Annex A6)."""

UPPER_BOUND_UPLIFTS: Mapping[str, float] = MappingProxyType(
    {
        "standard buildings": 0.24,
        "non-standard buildings": 0.51,
        "standard civil engineering": 0.44,
        "non-standard civil engineering": 0.66,
        "equipment/development": 2.00,
        "outsourcing": 0.41,
    }
)
"""Upper bound optimism bias uplifts to costs by type of project, as shares (0.24 is 24%), from
the Green Book supplementary guidance *Optimism Bias* (HM Treasury, 2003), table 2. Each is the
uplift to capital expenditure, except outsourcing's, which is to operating expenditure.

A project with both standard and non-standard parts takes the average of the two bounds
weighted by each part's share of its capital cost (the guidance's "combined" projects). The
guidance (section 2.1.2) says which projects are standard and which non-standard."""

VfmCategory = Literal["poor", "low", "medium", "high", "very high"]

T = TypeVar("T")


def _check_year(year: int, what: str) -> None:
    if isinstance(year, bool) or not isinstance(year, int) or year < 0:
        raise ValueError(
            f"A year of {what} must be a whole number of years after the appraisal year, "
            f"which is year 0; one is {year!r}."
        )


def discount_factor(year: int) -> float:
    """The Green Book discount factor for ``year`` years after the appraisal year (year 0,
    factor 1), at the declining long-term discount rate (``DISCOUNT_SCHEDULE``)."""
    _check_year(year, "discounting")
    factor = 1.0
    for band in DISCOUNT_SCHEDULE:
        first = max(band.first_year, 1)
        last = year if band.last_year is None else min(year, band.last_year)
        if last >= first:
            factor /= (1 + band.rate) ** (last - first + 1)
    return factor


def present_value(flows: Mapping[int, float], *, what: str = "the flows") -> float:
    """The present value of ``flows``, amounts by year after the appraisal year: each amount
    times its year's ``discount_factor``, summed. ``what`` names the flows in messages."""
    total = 0.0
    for year, amount in flows.items():
        _check_year(year, what)
        if not math.isfinite(amount):
            raise ValueError(
                f"The amount of {what} in year {year} must be a number; it is {amount}."
            )
        total += amount * discount_factor(year)
    return total


def adjust_for_optimism_bias(cost: float, uplift: float) -> float:
    """``cost`` adjusted for optimism bias: ``cost × (1 + uplift)``, where ``uplift`` is a
    share, 0 or more (0.24 adds 24%; ``UPPER_BOUND_UPLIFTS`` gives upper bounds)."""
    if not (math.isfinite(uplift) and uplift >= 0):
        raise ValueError(
            f"The optimism bias uplift must be a share of 0 or more, such as 0.24 for 24%; "
            f"it is {uplift}."
        )
    if not (math.isfinite(cost) and cost >= 0):
        raise ValueError(f"A cost to adjust for optimism bias must be 0 or more; it is {cost}.")
    return cost * (1 + uplift)


def bcr(pv_benefits: float, pv_costs: float) -> float:
    """The benefit-cost ratio: the present value of benefits ÷ the present value of costs."""
    if not math.isfinite(pv_benefits):
        raise ValueError(f"The present value of benefits must be a number; it is {pv_benefits}.")
    if not (math.isfinite(pv_costs) and pv_costs > 0):
        raise ValueError(
            f"The present value of costs must be more than 0 for a benefit-cost ratio; it is "
            f"{pv_costs}."
        )
    return pv_benefits / pv_costs


def vfm_category(bcr: float) -> VfmCategory:
    """The value for money category of a benefit-cost ratio: poor below 1, low from 1, medium
    from 1.5, high from 2 up to and including 4, very high above 4. Each band but the last
    includes its lower bound (exactly 1.5 is medium, exactly 2 high); "very high" is worded as
    a BCR greater than 4, so exactly 4 is high."""
    if not math.isfinite(bcr):
        raise ValueError(f"A benefit-cost ratio must be a number; it is {bcr}.")
    if bcr > 4:
        return "very high"
    if bcr >= 2:
        return "high"
    if bcr >= 1.5:
        return "medium"
    if bcr >= 1:
        return "low"
    return "poor"


@dataclass(frozen=True)
class Figure(Generic[T]):
    """A figure of an appraisal and one sentence saying how it was worked out."""

    value: T
    basis: str


@dataclass(frozen=True)
class Appraisal:
    """The appraisal of one proposal. Money is in the real prices the flows were given in."""

    pv_costs_unadjusted: Figure[float]
    """The present value of costs as estimated."""
    pv_costs: Figure[float]
    """The present value of costs adjusted for optimism bias."""
    pv_benefits: Figure[float]
    bcr_unadjusted: Figure[float]
    """Benefits over costs as estimated."""
    bcr: Figure[float]
    """Benefits over costs adjusted for optimism bias: the ratio the category comes from."""
    vfm_category: Figure[VfmCategory]
    cost_per_job_gross: Figure[float | None]
    cost_per_job_net: Figure[float | None]
    cost_per_home_gross: Figure[float | None]
    cost_per_home_net: Figure[float | None]


def _money(amount: float) -> str:
    return f"-£{-amount:,.0f}" if amount < 0 else f"£{amount:,.0f}"


def _ratio(ratio: float) -> str:
    for decimals in range(2, 16):
        shown = f"{ratio:.{decimals}f}"
        if vfm_category(float(shown)) == vfm_category(ratio):
            return shown
    return repr(ratio)


def _years(flows: Mapping[int, float]) -> str:
    if not flows:
        return "no years"
    first, last = min(flows), max(flows)
    return f"year {first}" if first == last else f"years {first} to {last}"


def _count(number: float) -> str:
    return f"{number:,.2f}".rstrip("0").rstrip(".")


def _per_output(
    public_cost: float, gross: float, assumptions: Additionality, output: str
) -> tuple[Figure[float | None], Figure[float | None]]:
    plural = f"{output}s"
    if gross == 0:
        none = f"No {plural} are forecast, so there is no cost per {output}."
        return Figure(None, none), Figure(None, none)
    net = assumptions.net(gross)
    gross_figure: Figure[float | None] = Figure(
        public_cost / gross,
        f"Public cost of {_money(public_cost)} ÷ {_count(gross)} gross {plural}.",
    )
    net_figure: Figure[float | None] = Figure(
        public_cost / net,
        f"Public cost of {_money(public_cost)} ÷ {_count(net)} net additional {plural} "
        f"({_count(gross)} gross × an additionality factor of {assumptions.factor:.4g}).",
    )
    return gross_figure, net_figure


def _check_outputs(gross: float, name: str) -> None:
    if not (math.isfinite(gross) and gross >= 0):
        raise ValueError(f"{name} must be 0 or more; it is {gross}.")


def appraise(
    costs_by_year: Mapping[int, float],
    benefits_by_year: Mapping[int, float],
    *,
    optimism_bias: float,
    gross_jobs: float,
    gross_homes: float,
    additionality_jobs: Additionality,
    additionality_homes: Additionality,
    public_cost: float,
) -> Appraisal:
    """Appraise a proposal from its real costs and monetised benefits by year after the
    appraisal year (year 0), the optimism bias uplift to its costs, its forecast gross jobs and
    homes with the additionality assumptions for each, and the public cost its cost per job
    and per home are worked out on (as given: not discounted, not adjusted).

    Costs must each be 0 or more and have a present value above 0. Benefits may be negative
    (a disbenefit). Cost per output is ``None`` when no outputs of that kind are forecast.
    """
    for year, cost in costs_by_year.items():
        if math.isfinite(cost) and cost < 0:
            raise ValueError(
                f"costs_by_year must be 0 or more in every year; year {year} is {cost}. "
                f"Count income as a benefit."
            )
    raw_costs = present_value(costs_by_year, what="costs_by_year")
    if raw_costs <= 0:
        raise ValueError(
            "costs_by_year must hold some cost: with no costs there is no benefit-cost ratio."
        )
    adjusted = {
        year: adjust_for_optimism_bias(cost, optimism_bias) for year, cost in costs_by_year.items()
    }
    pv_costs = present_value(adjusted, what="costs_by_year")
    pv_benefits = present_value(benefits_by_year, what="benefits_by_year")
    _check_outputs(gross_jobs, "gross_jobs")
    _check_outputs(gross_homes, "gross_homes")
    if not (math.isfinite(public_cost) and public_cost >= 0):
        raise ValueError(f"public_cost must be 0 or more; it is {public_cost}.")

    years = _years(costs_by_year)
    discounting = "discounted at the Green Book rate (3.5% a year for years 0 to 30, less after)"
    ratio_unadjusted = bcr(pv_benefits, raw_costs)
    ratio = bcr(pv_benefits, pv_costs)
    category = vfm_category(ratio)
    per_job_gross, per_job_net = _per_output(public_cost, gross_jobs, additionality_jobs, "job")
    per_home_gross, per_home_net = _per_output(
        public_cost, gross_homes, additionality_homes, "home"
    )
    return Appraisal(
        pv_costs_unadjusted=Figure(raw_costs, f"Costs in {years} as estimated, {discounting}."),
        pv_costs=Figure(
            pv_costs,
            f"Costs in {years} increased by an optimism bias uplift of "
            f"{_count(optimism_bias * 100)}%, {discounting}.",
        ),
        pv_benefits=Figure(pv_benefits, f"Benefits in {_years(benefits_by_year)}, {discounting}."),
        bcr_unadjusted=Figure(
            ratio_unadjusted,
            f"Present value of benefits {_money(pv_benefits)} ÷ present value of costs before "
            f"optimism bias {_money(raw_costs)}.",
        ),
        bcr=Figure(
            ratio,
            f"Present value of benefits {_money(pv_benefits)} ÷ present value of costs after "
            f"optimism bias {_money(pv_costs)}.",
        ),
        vfm_category=Figure(
            category,
            f"A benefit-cost ratio of {_ratio(ratio)} after optimism bias is {category} value for "
            f"money (poor below 1, low from 1, medium from 1.5, high from 2 to 4, very high "
            f"above 4).",
        ),
        cost_per_job_gross=per_job_gross,
        cost_per_job_net=per_job_net,
        cost_per_home_gross=per_home_gross,
        cost_per_home_net=per_home_net,
    )
