"""Solving the portfolio programme and re-checking the answer against every constraint.

``solve`` runs HiGHS on the programme (``highs.optimise``) and re-checks the rounded choice in
plain Python with ``check``, which works every constraint out again from the funded shares; a
choice that fails the check is refused rather than reported. When no choice meets every
constraint, the solution says which constraints conflict (``conflicts.conflict``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from localgrowth.domain.portfolio.conflicts import conflict, explain_conflict
from localgrowth.domain.portfolio.highs import PortfolioError, optimise
from localgrowth.domain.portfolio.model import (
    TOLERANCE,
    Candidate,
    ConstraintRef,
    Constraints,
    Objective,
    in_order,
    slacks,
    validate,
    weights,
)
from localgrowth.domain.portfolio.wording import money_pair, names, percent

Status = Literal["optimal", "time_limit", "infeasible"]


@dataclass(frozen=True)
class Violation:
    """A constraint a choice breaks."""

    constraint: str
    """A short name: ``budget 2020/21``, ``must fund A``, ``share of A``."""
    message: str


@dataclass(frozen=True)
class Solution:
    """The chosen portfolio, or why there is none.

    ``status`` is ``"optimal"`` when the choice is proven the best, ``"time_limit"`` when the
    limit was reached first (``funded`` is then the best found, ``None`` objective when none was
    found) and ``"infeasible"`` when no choice meets every constraint (``conflicts`` then says
    which constraints conflict). ``dual_bound`` is the solver's bound on the best possible
    objective and ``gap`` HiGHS' relative gap, ``|objective − bound| ÷ |objective|``.
    ``seconds`` is the solver's wall time and is left out of comparisons between solutions."""

    status: Status
    objective_kind: Objective
    objective: float | None
    dual_bound: float | None
    gap: float | None
    funded: Mapping[str, float]
    """Each funded candidate's id and the share of its costs funded (1.0 in full), in the
    order of the candidates."""
    cost_by_year: Mapping[str, float]
    total_cost: float
    message: str
    conflicts: tuple[str, ...] = ()
    conflicting: tuple[ConstraintRef, ...] = ()
    nodes: int | None = None
    seconds: float = field(default=0.0, compare=False)

    @property
    def chosen(self) -> tuple[str, ...]:
        return tuple(self.funded)


def solve(
    candidates: Sequence[Candidate],
    constraints: Constraints,
    *,
    objective: Objective = "value",
    time_limit: float = 10.0,
    seed: int = 0,
) -> Solution:
    """The best portfolio under the constraints, within ``time_limit`` seconds of solving.

    The same inputs and ``seed`` give the same solution whenever the solver finishes within the
    limit. The programme is built in a fixed order that does not depend on how Python orders
    sets, and HiGHS' search is deterministic for a given ``random_seed``. ``milp`` does not list
    that option, but hands options it does not know to HiGHS unchanged, so ``seed`` is passed
    as ``random_seed`` (another seed may take another path to the optimum, and reach another of
    several equally good portfolios). A run stopped by the time limit depends on the machine's
    speed, so it is not repeatable."""
    if not time_limit > 0:
        raise ValueError(f"The time limit must be more than 0 seconds; it is {time_limit}.")
    validate(candidates, constraints)
    weights(candidates, objective)
    outcome = optimise(candidates, constraints, objective, time_limit, seed)
    if outcome.status == "infeasible":
        conflicting = conflict(candidates, constraints, time_limit, seed)
        message, conflicts = explain_conflict(conflicting, candidates, constraints)
        return Solution(
            status="infeasible",
            objective_kind=objective,
            objective=None,
            dual_bound=None,
            gap=None,
            funded={},
            cost_by_year={},
            total_cost=0.0,
            message=message,
            conflicts=conflicts,
            conflicting=tuple(conflicting),
            nodes=outcome.nodes,
            seconds=outcome.seconds,
        )
    if outcome.status == "no_solution":
        message = (
            f"No portfolio meeting every constraint was found within the time limit of "
            f"{time_limit:g} s: the constraints may conflict, or the choice needs longer."
        )
    elif outcome.status == "time_limit":
        message = f"The time limit of {time_limit:g} s was reached: the portfolio is the best found"
        if outcome.gap is None:
            message += "; how far it is from the best possible is not known."
        else:
            message += f", within {gap_text(outcome.gap)} of the best possible."
    else:
        message = "The portfolio is proven the best possible under the constraints."
    solution = Solution(
        status="optimal" if outcome.status == "optimal" else "time_limit",
        objective_kind=objective,
        objective=outcome.objective,
        dual_bound=outcome.dual_bound,
        gap=outcome.gap,
        funded=outcome.funded,
        cost_by_year=spend_by_year(outcome.funded, candidates),
        total_cost=math.fsum(
            candidate.total_cost * outcome.funded[candidate.id]
            for candidate in candidates
            if candidate.id in outcome.funded
        ),
        message=message,
        nodes=outcome.nodes,
        seconds=outcome.seconds,
    )
    violations = [] if solution.objective is None else check(solution, candidates, constraints)
    if violations:
        raise PortfolioError(
            "The solver's portfolio fails the check, so it is not reported: "
            + " ".join(violation.message for violation in violations)
        )
    return solution


def check(
    solution: Solution, candidates: Sequence[Candidate], constraints: Constraints
) -> list[Violation]:
    """Every constraint the solution's portfolio breaks, worked out again in plain Python from
    its funded shares, each within ``TOLERANCE``; also any share out of range and an objective
    that does not add up. An empty list when it meets them all."""
    by_id = {candidate.id: candidate for candidate in candidates}
    found: list[Violation] = []
    for id, share in solution.funded.items():
        if id not in by_id:
            found.append(Violation(f"share of {id}", f"{id} is funded but not a candidate."))
            continue
        lowest = by_id[id].lowest_share
        if not lowest - TOLERANCE <= share <= 1 + TOLERANCE:
            allowed = "in full" if by_id[id].min_share is None else f"at {percent(lowest)} to 100%"
            found.append(
                Violation(
                    f"share of {id}",
                    f"{id} is funded at {percent(share)}; it can be funded only {allowed}.",
                )
            )
    funded = {id: share for id, share in solution.funded.items() if id in by_id}
    for ref, slack in slacks(funded, candidates, constraints).items():
        if not slack.met:
            found.append(
                Violation(
                    short_name(ref, constraints),
                    broken(ref, slack.slack, funded, candidates, constraints),
                )
            )
    if solution.objective is not None:
        w = dict(
            zip(
                [c.id for c in candidates],
                weights(candidates, solution.objective_kind),
                strict=True,
            )
        )
        terms = [w[id] * share for id, share in funded.items()]
        total = math.fsum(terms)
        size = max([1.0, *(abs(term) for term in terms)])
        if abs(total - solution.objective) > TOLERANCE * size:
            found.append(
                Violation(
                    "objective",
                    f"The objective is given as {solution.objective:g}, but the funded "
                    f"projects add up to {total:g}.",
                )
            )
    return found


def gap_text(gap: float) -> str:
    """A relative gap as a percentage: ``1.2%``, or to two significant figures when below
    0.1%, so that a small gap does not read as none."""
    if gap >= 0.001:
        return percent(gap)
    return f"{gap * 100:.2g}%"


def short_name(ref: ConstraintRef, constraints: Constraints) -> str:
    if ref.kind == "budget_total":
        return "total budget"
    if ref.kind == "budget_year":
        return f"budget {ref.key}"
    if ref.kind == "must_fund":
        return f"must fund {ref.key}"
    if ref.kind == "excluded":
        return f"excluded {ref.key}"
    if ref.kind == "exclusive":
        return f"exclusive group {names(sorted(constraints.exclusive_groups[int(ref.key)]))}"
    if ref.kind == "dependency":
        project, required = constraints.dependencies[int(ref.key)]
        return f"{project} needs {required}"
    return f"{ref.kind} {ref.key}"


def broken(
    ref: ConstraintRef,
    slack: float,
    funded: Mapping[str, float],
    candidates: Sequence[Candidate],
    constraints: Constraints,
) -> str:
    """A sentence saying how a choice breaks one element of the constraints."""
    if ref.kind == "budget_total":
        budget = constraints.budget_total or 0.0
        spent, limit = money_pair(budget - slack, budget)
        return f"The funded cost is {spent} in all, more than the total budget of {limit}."
    if ref.kind == "budget_year":
        budget = constraints.budget_by_year[ref.key]
        spent, limit = money_pair(budget - slack, budget)
        return f"The funded cost in {ref.key} is {spent}, more than that year's budget of {limit}."
    if ref.kind == "must_fund":
        return f"{ref.key} must be funded but is not."
    if ref.kind == "excluded":
        return f"{ref.key} is excluded but funded."
    if ref.kind == "exclusive":
        group = constraints.exclusive_groups[int(ref.key)]
        taken = in_order([id for id in group if id in funded], candidates)
        return f"{names(taken)} are all funded, but they are alternatives: at most one can be."
    if ref.kind == "dependency":
        project, required = constraints.dependencies[int(ref.key)]
        return f"{project} is funded without {required}, which it needs."
    if ref.kind == "area":
        spend = math.fsum(
            candidate.total_cost * funded[candidate.id]
            for candidate in candidates
            if candidate.id in funded
        )
        inside = math.fsum(
            candidate.total_cost * funded[candidate.id]
            for candidate in candidates
            if candidate.id in funded and candidate.area == ref.key
        )
        share = constraints.area_min_share[ref.key]
        return (
            f"{ref.key} has {percent(inside / spend if spend else 0.0)} of the funded cost, "
            f"less than its minimum of {percent(share)}."
        )
    needed = constraints.foundation_min_count[ref.key]
    serving = needed + round(slack)
    return f"{serving} funded projects serve {ref.key}, fewer than the minimum of {needed}."


def spend_by_year(funded: Mapping[str, float], candidates: Sequence[Candidate]) -> dict[str, float]:
    years = sorted({year for candidate in candidates for year in candidate.costs})
    return {
        year: math.fsum(
            candidate.costs.get(year, 0.0) * funded[candidate.id]
            for candidate in candidates
            if candidate.id in funded
        )
        for year in years
    }
