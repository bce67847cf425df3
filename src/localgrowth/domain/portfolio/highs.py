"""One run of HiGHS, through ``scipy.optimize.milp``, on a variant of the portfolio programme:
as formulated, as its linear relaxation, or with no objective to test feasibility.

The solver is always given a time limit and asked for a relative gap of 0, so that it stops
only at a proven optimum (within HiGHS' absolute gap of 1e-6) or at the limit, reporting the
best choice found and the bound on the best possible. Its answer is rounded (selections to 0
or 1, shares into their range) and the objective is worked out again from the rounded choice.
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from localgrowth.domain.portfolio.model import (
    TOLERANCE,
    Candidate,
    Constraints,
    Objective,
    formulate,
    weights,
)


class PortfolioError(RuntimeError):
    """The solver gave no answer, or its answer failed the independent check."""


@dataclass(frozen=True)
class Outcome:
    """One run of the solver on a variant of the programme."""

    status: Literal["optimal", "time_limit", "infeasible", "no_solution"]
    funded: dict[str, float]
    objective: float | None
    dual_bound: float | None
    gap: float | None
    nodes: int | None
    seconds: float


def optimise(
    candidates: Sequence[Candidate],
    constraints: Constraints,
    objective: Objective,
    time_limit: float,
    seed: int,
    *,
    relaxed: bool = False,
    feasibility: bool = False,
) -> Outcome:
    """One run of HiGHS on the programme: as formulated, as its linear relaxation
    (``relaxed``), or with no objective (``feasibility``). Selections come back rounded to 0
    or 1 and shares clipped into their range; the objective is worked out again from them."""
    if constraints.must_fund & constraints.excluded:
        return Outcome("infeasible", {}, None, None, None, 0, 0.0)
    model = formulate(candidates, constraints, objective)
    c = np.zeros_like(model.c) if feasibility else model.c
    integrality = np.zeros_like(model.integrality) if relaxed else model.integrality
    options = {
        "time_limit": float(time_limit),
        "disp": False,
        "mip_rel_gap": 0.0,
        "random_seed": int(seed),
    }
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Unrecognized options", RuntimeWarning)
        result = milp(
            c,
            integrality=integrality,
            bounds=Bounds(model.lower, model.upper),
            constraints=LinearConstraint(model.matrix, model.row_lower, model.row_upper),
            options=options,
        )
    seconds = time.perf_counter() - started
    nodes = None if result.get("mip_node_count") is None else int(result.mip_node_count)
    if result.status == 2:
        return Outcome("infeasible", {}, None, None, None, nodes, seconds)
    if result.x is None:
        if result.status == 1:
            return Outcome("no_solution", {}, None, None, None, nodes, seconds)
        raise PortfolioError(f"The solver stopped without an answer: {result.message}")
    x = np.asarray(result.x, dtype=float)
    funded: dict[str, float] = {}
    for i, candidate in enumerate(candidates):
        if relaxed:
            share = float(min(1.0, max(0.0, x[i])))
            if share > TOLERANCE:
                funded[candidate.id] = share
            continue
        if round(x[model.select[i]]) != 1:
            continue
        share = 1.0
        if candidate.min_share is not None:
            share = float(min(1.0, max(candidate.min_share, x[i])))
            if 1.0 - share < 1e-9:
                share = 1.0
            elif share - candidate.min_share < 1e-9:
                share = candidate.min_share
        funded[candidate.id] = share
    w = weights(candidates, objective)
    value = math.fsum(w[i] * funded[c.id] for i, c in enumerate(candidates) if c.id in funded)
    if relaxed:
        value = -float(result.fun)
    bound = None if feasibility else result.get("mip_dual_bound")
    reported = None if feasibility else result.get("mip_gap")
    dual_bound = None if bound is None else -float(bound)
    gap = None if reported is None else float(reported)
    if result.status == 0:
        status: Literal["optimal", "time_limit"] = "optimal"
        dual_bound = value if dual_bound is None else dual_bound
        gap = 0.0 if gap is None else gap
    else:
        status = "time_limit"
    return Outcome(status, funded, value, dual_bound, gap, nodes, seconds)
