"""When no choice of projects meets every constraint: which constraints conflict, in plain
English.

A deletion filter finds a small set of constraints that cannot all be met together: first over
blocks (each budget, all must-fund projects, all exclusions, all exclusive groups, all
dependencies, each area, each foundation), then over the members of the blocks that remain. An
element is dropped for good if the rest still conflict, so every element left is needed:
without any one of them the others can be met. Each test is a feasibility problem (no
objective) under the solve's time limit; an element whose test does not finish is kept, so the
set still conflicts but may not be the smallest. There may be other conflicts besides the one
reported.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from localgrowth.domain.portfolio.highs import optimise
from localgrowth.domain.portfolio.model import (
    Candidate,
    ConstraintRef,
    Constraints,
    describe,
    elements,
    in_order,
    restrict,
)
from localgrowth.domain.portfolio.wording import money_pair, names

BLOCKS: tuple[tuple[str, ...], ...] = (
    ("foundation",),
    ("area",),
    ("dependency",),
    ("exclusive",),
    ("excluded",),
    ("must_fund",),
    ("budget_year", "budget_total"),
)
"""The order of the deletion filter: the elements tested first are the first to be dropped, so
the conflict reported leans on the budgets and the must-fund projects where it can."""


def conflict(
    candidates: Sequence[Candidate], constraints: Constraints, time_limit: float, seed: int
) -> list[ConstraintRef]:
    """A set of constraint elements that cannot all be met, each of them needed for the
    conflict, by a deletion filter over blocks and then over their members."""
    every = elements(candidates, constraints)

    def feasible(keep: Sequence[ConstraintRef]) -> bool:
        outcome = optimise(
            candidates, restrict(constraints, keep), "value", time_limit, seed, feasibility=True
        )
        return outcome.status != "infeasible"

    blocks: list[list[ConstraintRef]] = []
    for kinds in BLOCKS:
        members = [ref for ref in every if ref.kind in kinds]
        if kinds[0] in ("must_fund", "excluded", "exclusive", "dependency"):
            if members:
                blocks.append(members)
        else:
            blocks.extend([ref] for ref in members)
    kept = list(blocks)
    for block in blocks:
        others = [item for item in kept if item is not block]
        if not feasible([ref for members in others for ref in members]):
            kept = others
    current = [ref for members in kept for ref in members]
    for members in kept:
        if len(members) == 1:
            continue
        for ref in members:
            trial = [item for item in current if item != ref]
            if not feasible(trial):
                current = trial
    order = {ref: k for k, ref in enumerate(every)}
    return sorted(current, key=order.__getitem__)


def explain_conflict(
    conflicting: Sequence[ConstraintRef],
    candidates: Sequence[Candidate],
    constraints: Constraints,
) -> tuple[str, tuple[str, ...]]:
    """A message for an infeasible choice and the conflict in sentences: one sentence when the
    conflict is a familiar one, else each conflicting constraint in turn."""
    message = (
        "No portfolio meets every constraint. The constraints below cannot all be met together; "
        "without any one of them the rest can be."
    )
    kinds = [ref.kind for ref in conflicting]
    by_id = {candidate.id: candidate for candidate in candidates}
    must = [ref.key for ref in conflicting if ref.kind == "must_fund"]
    budgets = [ref for ref in conflicting if ref.kind in ("budget_year", "budget_total")]
    if must and len(budgets) == 1 and len(must) + 1 == len(conflicting):
        budget = budgets[0]
        if budget.kind == "budget_year":
            limit = constraints.budget_by_year[budget.key]
            needed = math.fsum(
                by_id[id].costs.get(budget.key, 0.0) * by_id[id].lowest_share for id in must
            )
            where, what = f"in {budget.key}", "that year's budget"
        else:
            limit = constraints.budget_total or 0.0
            needed = math.fsum(by_id[id].total_cost * by_id[id].lowest_share for id in must)
            where, what = "in all", "the total budget"
        if needed > limit:
            cost, budget_text = money_pair(needed, limit)
            partial = any(by_id[id].min_share is not None for id in must)
            plural = len(must) > 1
            subject = f"The must-fund project{'s' if plural else ''} {names(must)}"
            verb = ("cost" if plural else "costs") + (" at least" if partial else "")
            return message, (
                f"{subject} {verb} {cost} {where}, more than {what} of {budget_text}.",
            )
    if sorted(kinds) == ["excluded", "must_fund"] and len({ref.key for ref in conflicting}) == 1:
        return message, (f"{conflicting[0].key} is both a must-fund project and excluded.",)
    if kinds == ["must_fund", "must_fund", "exclusive"]:
        return message, (
            f"{names(must)} must both be funded, but they are alternatives: at most one of "
            f"{names(in_order(constraints.exclusive_groups[int(conflicting[2].key)], candidates))}"
            f" can be.",
        )
    if kinds == ["foundation"]:
        foundation = conflicting[0].key
        count = constraints.foundation_min_count[foundation]
        serving = sum(1 for candidate in candidates if foundation in candidate.foundations)
        projects = "project" if count == 1 else "projects"
        return message, (
            f"At least {count} funded {projects} must serve {foundation}, but only {serving} of "
            f"the candidates {'does' if serving == 1 else 'do'}.",
        )
    return message, tuple(describe(ref, candidates, constraints) for ref in conflicting)
