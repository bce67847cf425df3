"""Why each candidate is in or out of a chosen portfolio, in a sentence a board member can
read aloud.

The reasons come only from what the choice found: the board's flags, the alternatives and
dependencies, each left-out candidate's cost to the objective from ``explain`` (the best
portfolio that funds it, and what would leave to make room), and the budgets. A candidate not
among the next best that ``explain`` looked at is said to be left out because the funded
projects give more within the budgets, which is what the exact choice proves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from localgrowth.domain.portfolio.explain import Explanation, LeftOut
from localgrowth.domain.portfolio.model import TOLERANCE, Candidate, Constraints
from localgrowth.domain.portfolio.solve import Solution
from localgrowth.domain.portfolio.wording import money, names, percent


def reasons(
    solution: Solution,
    candidates: Sequence[Candidate],
    constraints: Constraints,
    explanation: Explanation | None,
) -> dict[str, str]:
    """A sentence for each candidate, in the order of the candidates."""
    funded = solution.funded
    by_id = {candidate.id: candidate for candidate in candidates}
    next_best = {left.id: left for left in explanation.next_best} if explanation else {}
    needs: dict[str, list[str]] = {}
    for dependent, needed in constraints.dependencies:
        needs.setdefault(dependent, []).append(needed)
    said: dict[str, str] = {}
    for candidate in candidates:
        share = funded.get(candidate.id, 0.0)
        if share > TOLERANCE:
            said[candidate.id] = _why_in(candidate, share, constraints)
            continue
        said[candidate.id] = _why_out(
            candidate, solution, constraints, by_id, needs.get(candidate.id, []), next_best
        )
    return said


def _why_in(candidate: Candidate, share: float, constraints: Constraints) -> str:
    cost = candidate.total_cost * share
    if candidate.id in constraints.must_fund:
        start = "Funded because the board set it as must fund"
    else:
        start = "Funded: with the other funded projects it gives the most within the budgets"
    if share >= 1 - TOLERANCE:
        return f"{start}; in full, {money(cost)}."
    return (
        f"{start}; at {percent(share)} of its costs ({money(cost)}), no less than its least "
        f"share of {percent(candidate.lowest_share)}, as the budgets had no room for all of it."
    )


def _why_out(
    candidate: Candidate,
    solution: Solution,
    constraints: Constraints,
    by_id: Mapping[str, Candidate],
    needed: Sequence[str],
    next_best: Mapping[str, LeftOut],
) -> str:
    funded = solution.funded
    if candidate.id in constraints.excluded:
        return "Not funded: the board excluded it."
    for group in constraints.exclusive_groups:
        if candidate.id in group:
            rivals = sorted(other for other in group if other != candidate.id and other in funded)
            if rivals:
                return (
                    f"Not funded: it is an alternative to {names(rivals)}, which is funded, and "
                    "at most one of them can be."
                )
    missing = [other for other in needed if other not in funded]
    if missing:
        return f"Not funded: it needs {names(missing)}, which is not funded."
    if candidate.value <= 0:
        return "Not funded: it adds nothing to the objective."
    too_big = _over_a_budget(candidate, constraints)
    if too_big:
        return f"Not funded: {too_big}"
    left = next_best.get(candidate.id)
    if left is not None:
        text = f"Not funded: funding it would lower the objective by {left.drop:,.6g}" + (
            "" if left.proven else " (not proven in the time allowed)"
        )
        if left.leaves:
            text += f", as {names(left.leaves)} would have to leave to make room"
        return text + "."
    return (
        "Not funded: the funded projects give more within the budgets, and it is not among "
        "the next best left out."
    )


def _over_a_budget(candidate: Candidate, constraints: Constraints) -> str:
    """Why the candidate cannot fit at its least share whatever else is funded, if it
    cannot."""
    lowest = candidate.lowest_share
    total = constraints.budget_total
    if total is not None and candidate.total_cost * lowest > total + TOLERANCE:
        return (
            f"even at its least share it costs {money(candidate.total_cost * lowest)}, more than "
            f"the total budget of {money(total)}."
        )
    for year, cost in sorted(candidate.costs.items()):
        budget = constraints.budget_by_year.get(year)
        if budget is not None and cost * lowest > budget + TOLERANCE:
            return (
                f"even at its least share it costs {money(cost * lowest)} in {year}, more than "
                f"that year's budget of {money(budget)}."
            )
    return ""
