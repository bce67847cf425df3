"""Why each project is in or out of the chosen portfolio: what each constraint costs, the
next-best projects left out, and what funding down a ranking would have chosen instead.

- The cost of a constraint is the gain in the objective from solving again with that one
  constraint relaxed: a budget raised by 10%, anything else (a must-fund project, an exclusion,
  an exclusive group, a dependency, an area's minimum share, a foundation's minimum count)
  dropped. A constraint binds when that gain is more than 0. Its slack is reported too, and
  whether it is tight (slack about 0): with whole projects the two differ, since a budget can
  bind with money left over that is too little for any project worth adding, and a tight
  constraint need not bind.
- The next best projects left out are the candidates not funded (and not excluded) whose
  inclusion costs the objective least: for each, the choice is solved again with it added to
  the must-fund projects, and the drop in the objective, the projects that would leave and
  those that would join are reported. The linear relaxation of each such choice bounds its
  objective from above, so candidates are solved in order of that bound and the search stops
  once no bound left can beat the ones found: the ranking is exact without solving for every
  candidate.
- The greedy comparison funds the must-fund projects first, then takes the other candidates
  in order of value ÷ total cost (``GREEDY_RULE`` says exactly which constraints it respects)
  and reports its objective, what it picked differently from the optimum, what it lost and
  which constraints its choice breaks.

Each re-solve has the same time limit as the solve; a gain or a drop from a re-solve that did
not finish within it is marked as not proven. The explanation of a large portfolio re-solves
many times: once per constraint, plus once per candidate whose bound could put it among the
next best.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from localgrowth.domain.portfolio.highs import optimise
from localgrowth.domain.portfolio.model import (
    TOLERANCE,
    Candidate,
    ConstraintRef,
    Constraints,
    Objective,
    describe,
    elements,
    in_order,
    relax,
    slacks,
    weights,
)
from localgrowth.domain.portfolio.solve import Solution, Violation, check, spend_by_year
from localgrowth.domain.portfolio.wording import names

GREEDY_RULE = (
    "Greedy funds the must-fund projects in full first, then takes the other candidates in "
    "order of value ÷ total cost, highest first (a candidate costing nothing first of all; ties "
    "in the order given). It skips a candidate that is excluded, adds nothing to the objective, "
    "is an alternative to a project already taken, needs a project not yet taken, or does not "
    "fit in what is left of the total budget and of every year's budget; a candidate that may "
    "be part-funded and does not fit in full is taken at the largest share that fits, if that "
    "is at least its minimum share. It does not look at the areas' minimum shares or the "
    "foundations' minimum counts."
)


@dataclass(frozen=True)
class ConstraintCost:
    """One constraint at the chosen portfolio and what it costs the objective."""

    constraint: ConstraintRef
    description: str
    slack: float
    """In the constraint's own units (see ``model.Slack``)."""
    tight: bool
    relaxation: str
    """``"raised by 10%"`` for a budget, else ``"dropped"``."""
    gain: float | None
    """The objective with the constraint relaxed less the objective; ``None`` when the
    re-solve found no portfolio in time."""
    proven: bool
    """Whether the re-solve was proven optimal."""

    @property
    def binds(self) -> bool:
        return self.gain is not None and self.gain > 0

    @property
    def sentence(self) -> str:
        if self.gain is None:
            return f"{self.description} Its cost could not be worked out in the time allowed."
        if not self.binds:
            return f"{self.description} It does not bind: {self.relaxation}, it would add nothing."
        return (
            f"{self.description} It binds: {self.relaxation}, it would add {self.gain:,.6g} to "
            f"the objective."
        )


@dataclass(frozen=True)
class LeftOut:
    """A candidate left out, and the best portfolio that funds it."""

    id: str
    objective: float
    drop: float
    """The objective of the chosen portfolio less ``objective``."""
    leaves: tuple[str, ...]
    """Projects in the chosen portfolio that would leave to make room."""
    joins: tuple[str, ...]
    """Other projects that would join with it."""
    proven: bool


@dataclass(frozen=True)
class GreedyComparison:
    """What funding down the ranking by value ÷ cost would have chosen."""

    rule: str
    funded: Mapping[str, float]
    objective: float
    only_greedy: tuple[str, ...]
    """Funded by greedy and not in the chosen portfolio."""
    only_optimal: tuple[str, ...]
    """In the chosen portfolio and not funded by greedy."""
    lost: float
    """The chosen portfolio's objective less greedy's."""
    violations: tuple[Violation, ...]
    """The constraints greedy's choice breaks."""

    @property
    def sentence(self) -> str:
        if not self.only_greedy and not self.only_optimal and abs(self.lost) <= TOLERANCE:
            text = "Funding down the ranking by value ÷ cost would have chosen the same portfolio."
        else:
            text = (
                f"Funding down the ranking by value ÷ cost would have chosen "
                f"{len(self.funded)} project{'' if len(self.funded) == 1 else 's'} worth "
                f"{self.objective:,.6g}, "
                f"{abs(self.lost):,.6g} {'less' if self.lost >= 0 else 'more'} than the chosen "
                f"portfolio"
            )
            if self.only_greedy or self.only_optimal:
                taken = names(self.only_greedy) if self.only_greedy else "nothing else"
                dropped = names(self.only_optimal) if self.only_optimal else "nothing"
                text += f": it takes {taken} and leaves out {dropped}"
            text += "."
        if self.violations:
            text += " It breaks these constraints: " + " ".join(
                violation.message for violation in self.violations
            )
        return text


@dataclass(frozen=True)
class Explanation:
    constraints: tuple[ConstraintCost, ...]
    """Every element of the constraints, in the fixed order of ``model.elements``."""
    next_best: tuple[LeftOut, ...]
    """The candidates left out whose inclusion costs least, least first."""
    greedy: GreedyComparison

    @property
    def binding(self) -> tuple[ConstraintCost, ...]:
        """The constraints that bind, the costliest first."""
        costs = [cost for cost in self.constraints if cost.binds]
        return tuple(sorted(costs, key=lambda cost: -(cost.gain or 0.0)))


def explain(
    solution: Solution,
    candidates: Sequence[Candidate],
    constraints: Constraints,
    *,
    time_limit: float = 10.0,
    seed: int = 0,
    next_best: int = 5,
) -> Explanation:
    """The cost of every constraint, the ``next_best`` candidates left out and the greedy
    comparison, for a solution from ``solve`` with the same candidates and constraints."""
    if solution.objective is None:
        raise ValueError("There is no portfolio to explain: the solution funds nothing.")
    objective = solution.objective
    kind = solution.objective_kind
    slack = slacks(solution.funded, candidates, constraints)
    costs: list[ConstraintCost] = []
    for ref in elements(candidates, constraints):
        outcome = optimise(candidates, relax(candidates, constraints, ref), kind, time_limit, seed)
        gain = None if outcome.objective is None else outcome.objective - objective
        if gain is not None and abs(gain) <= TOLERANCE * max(1.0, abs(objective)):
            gain = 0.0
        costs.append(
            ConstraintCost(
                constraint=ref,
                description=describe(ref, candidates, constraints),
                slack=slack[ref].slack,
                tight=slack[ref].tight,
                relaxation=(
                    "raised by 10%" if ref.kind in ("budget_year", "budget_total") else "dropped"
                ),
                gain=gain,
                proven=outcome.status == "optimal",
            )
        )
    return Explanation(
        constraints=tuple(costs),
        next_best=left_out(solution, candidates, constraints, time_limit, seed, next_best),
        greedy=compare_greedy(solution, candidates, constraints),
    )


def left_out(
    solution: Solution,
    candidates: Sequence[Candidate],
    constraints: Constraints,
    time_limit: float,
    seed: int,
    count: int,
) -> tuple[LeftOut, ...]:
    """The ``count`` candidates left out whose inclusion costs the objective least."""
    objective = solution.objective or 0.0
    kind = solution.objective_kind
    position = {candidate.id: i for i, candidate in enumerate(candidates)}
    bounded: list[tuple[float, int, str]] = []
    for candidate in candidates:
        if candidate.id in solution.funded or candidate.id in constraints.excluded:
            continue
        forced = forcing(constraints, candidate.id)
        outcome = optimise(candidates, forced, kind, time_limit, seed, relaxed=True)
        if outcome.status == "infeasible":
            continue
        bound = outcome.objective if outcome.status == "optimal" else None
        bounded.append((math.inf if bound is None else bound, position[candidate.id], candidate.id))
    bounded.sort(key=lambda item: (-item[0], item[1]))
    found: list[LeftOut] = []
    slack = TOLERANCE * max(1.0, abs(objective))
    for bound, _, id in bounded:
        if len(found) >= count and bound < found[count - 1].objective - slack:
            break
        outcome = optimise(candidates, forcing(constraints, id), kind, time_limit, seed)
        if outcome.objective is None:
            continue
        chosen = outcome.funded
        found.append(
            LeftOut(
                id=id,
                objective=outcome.objective,
                drop=objective - outcome.objective,
                leaves=tuple(in_order(set(solution.funded) - set(chosen), candidates)),
                joins=tuple(in_order(set(chosen) - set(solution.funded) - {id}, candidates)),
                proven=outcome.status == "optimal",
            )
        )
        found.sort(key=lambda item: (-round(item.objective, 6), position[item.id]))
    return tuple(found[:count])


def forcing(constraints: Constraints, id: str) -> Constraints:
    return Constraints(
        budget_total=constraints.budget_total,
        budget_by_year=constraints.budget_by_year,
        must_fund=constraints.must_fund | {id},
        excluded=constraints.excluded,
        exclusive_groups=constraints.exclusive_groups,
        dependencies=constraints.dependencies,
        area_min_share=constraints.area_min_share,
        foundation_min_count=constraints.foundation_min_count,
    )


def greedy(
    candidates: Sequence[Candidate], constraints: Constraints, objective: Objective = "value"
) -> dict[str, float]:
    """The choice made by ``GREEDY_RULE``: each funded id and its share, in the order of the
    candidates."""
    w = weights(candidates, objective)
    years = dict(constraints.budget_by_year)
    total = constraints.budget_total
    taken: dict[str, float] = {}

    def take(candidate: Candidate, share: float) -> None:
        nonlocal total
        taken[candidate.id] = share
        for year in years:
            years[year] -= candidate.costs.get(year, 0.0) * share
        if total is not None:
            total -= candidate.total_cost * share

    for candidate in candidates:
        if candidate.id in constraints.must_fund:
            take(candidate, 1.0)

    def ratio(i: int) -> float:
        cost = candidates[i].total_cost
        return math.inf if cost == 0 else float(w[i]) / cost

    order = sorted(range(len(candidates)), key=lambda i: (-ratio(i), i))
    rivals: dict[str, list[frozenset[str]]] = {}
    for group in constraints.exclusive_groups:
        for id in group:
            rivals.setdefault(id, []).append(group)
    needs: dict[str, list[str]] = {}
    for project, required in constraints.dependencies:
        needs.setdefault(project, []).append(required)
    for i in order:
        candidate = candidates[i]
        if candidate.id in taken or candidate.id in constraints.excluded or w[i] <= 0:
            continue
        if any(other in taken for group in rivals.get(candidate.id, []) for other in group):
            continue
        if any(required not in taken for required in needs.get(candidate.id, [])):
            continue
        share = 1.0
        for year, left in years.items():
            cost = candidate.costs.get(year, 0.0)
            if cost > 0:
                share = min(share, max(left, 0.0) / cost)
        if total is not None and candidate.total_cost > 0:
            share = min(share, max(total, 0.0) / candidate.total_cost)
        if share >= 1.0 - 1e-12:
            take(candidate, 1.0)
        elif candidate.min_share is not None and share >= candidate.min_share:
            take(candidate, share)
    return {candidate.id: taken[candidate.id] for candidate in candidates if candidate.id in taken}


def compare_greedy(
    solution: Solution, candidates: Sequence[Candidate], constraints: Constraints
) -> GreedyComparison:
    kind = solution.objective_kind
    funded = greedy(candidates, constraints, kind)
    w = dict(
        zip([candidate.id for candidate in candidates], weights(candidates, kind), strict=True)
    )
    value = math.fsum(float(w[id]) * share for id, share in funded.items())
    as_solution = Solution(
        status="time_limit",
        objective_kind=kind,
        objective=value,
        dual_bound=None,
        gap=None,
        funded=funded,
        cost_by_year=spend_by_year(funded, candidates),
        total_cost=0.0,
        message="",
    )
    return GreedyComparison(
        rule=GREEDY_RULE,
        funded=funded,
        objective=value,
        only_greedy=tuple(in_order(set(funded) - set(solution.funded), candidates)),
        only_optimal=tuple(in_order(set(solution.funded) - set(funded), candidates)),
        lost=(solution.objective or 0.0) - value,
        violations=tuple(check(as_solution, candidates, constraints)),
    )
