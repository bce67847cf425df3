"""Choosing the portfolio of projects to fund: the best set that fits the budgets and the
board's promises to every community, with the reasons each project is in or out.

A ranking is not a selection. Funding down a ranked list until the money runs out can leave
money unspent that a slightly lower-ranked project would have used well, can break a promise
that each area gets a share, and cannot weigh alternative scopes of one project against each
other. The choice is therefore made as an exact mixed-integer linear programme, solved by HiGHS
through ``scipy.optimize.milp``.

The formulation, for candidates ``i`` with value ``v_i``, cost ``c_iy`` in year ``y`` and
total cost ``c_i = Σ_y c_iy``:

- ``x_i ∈ {0, 1}``: whether ``i`` is funded. For a candidate that may be part-funded, down to
  its minimum share ``m_i``, a second variable ``f_i ∈ [0, 1]`` is the share funded, with
  ``m_i · x_i ≤ f_i ≤ x_i``; for any other, ``f_i`` is ``x_i`` itself. Value and cost scale
  with the share: a project funded at 60% is taken to deliver 60% of its value for 60% of its
  cost in every year.
- ``T = Σ_i c_i f_i``: the total funded cost, a continuous variable.
- Objective: maximise ``Σ_i w_i f_i``, where ``w_i`` is ``v_i`` (``objective="value"``: a score
  or a net benefit) or ``v_i − c_i`` (``objective="net"``: value as a gross benefit in pounds).
- Budgets: ``Σ_i c_iy f_i ≤ B_y`` for each year with a budget, and ``T ≤ B``.
- Must-fund and excluded projects: ``x_i = 1`` and ``x_i = 0``. A must-fund project that may
  be part-funded is funded at no less than its minimum share.
- Exclusive groups (alternative scopes of one project): ``Σ_{i ∈ G} x_i ≤ 1``.
- Dependencies, ``a`` needs ``b``: ``x_a ≤ x_b``.
- Each area's minimum share ``s_a`` of the total funded cost:
  ``Σ_{i in a} c_i f_i ≥ s_a · T``, which is linear in ``f`` and ``T`` (with nothing funded it
  holds trivially).
- Each foundation's minimum count: ``Σ_{i serving φ} x_i ≥ n_φ``.

``solve`` returns the optimum (or the best found at the time limit, with the bound and the gap)
after re-checking it against every constraint in plain Python (``check``); when no choice meets
every constraint it says which constraints conflict. ``explain`` says what each constraint
costs, which projects left out come next, and what funding down the ranking by value ÷ cost
would have chosen and lost. ``formulate`` gives the programme as arrays, for other solvers.

The modules: ``model`` (candidates, constraints, the formulation, slacks), ``highs`` (one run of
the solver), ``solve`` (the solution and its check), ``conflicts`` (which constraints conflict),
``explain`` (costs, next best, greedy), ``reasons`` (why each is in or out, in words) and
``wording`` (figures in sentences).
"""

from localgrowth.domain.portfolio.explain import (
    GREEDY_RULE,
    ConstraintCost,
    Explanation,
    GreedyComparison,
    LeftOut,
    explain,
    greedy,
)
from localgrowth.domain.portfolio.model import (
    Candidate,
    ConstraintRef,
    Constraints,
    Formulation,
    Objective,
    elements,
    formulate,
)
from localgrowth.domain.portfolio.reasons import reasons
from localgrowth.domain.portfolio.solve import (
    PortfolioError,
    Solution,
    Status,
    Violation,
    check,
    solve,
)

__all__ = [
    "GREEDY_RULE",
    "Candidate",
    "ConstraintCost",
    "ConstraintRef",
    "Constraints",
    "Explanation",
    "Formulation",
    "GreedyComparison",
    "LeftOut",
    "Objective",
    "PortfolioError",
    "Solution",
    "Status",
    "Violation",
    "check",
    "elements",
    "explain",
    "formulate",
    "greedy",
    "reasons",
    "solve",
]
