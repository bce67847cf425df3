"""The portfolio programme against brute force: 200 random small instances where enumerating
every subset and the programme agree on the optimum and on feasibility, conflicts that are
irreducible by enumeration, and part-funded instances where every subset's shares are settled
by a separately written linear programme."""

import itertools
import math
from dataclasses import replace

import numpy as np
import pytest
from scipy.optimize import linprog

from localgrowth.domain.portfolio import Candidate, Constraints, Objective, solve
from localgrowth.domain.portfolio.model import restrict

YEARS = ["2020/21", "2021/22", "2022/23"]
AREAS = ["North", "South", "East"]
FOUNDATIONS = ["foundation-ideas", "foundation-people", "foundation-places"]


def random_instance(
    seed: int, partial: bool = False, largest: int = 10
) -> tuple[list[Candidate], Constraints, Objective]:
    """Small whole-number costs, so that a subset exactly at a budget or an area's share is
    feasible for brute force and the programme alike. With ``partial``, about half the
    candidates may be part-funded and the total budget is 30% to 80% of what all would cost."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, largest + 1))
    years = YEARS[: int(rng.integers(1, 4))]
    candidates = [
        Candidate(
            f"P{k}",
            float(np.round(rng.uniform(-2, 20), 2)),
            {year: float(rng.integers(0, 10)) for year in years},
            area=AREAS[int(rng.integers(len(AREAS)))] if rng.random() < 0.9 else None,
            foundations=frozenset(f for f in FOUNDATIONS if rng.random() < 0.35),
            min_share=(
                float(rng.choice([0.25, 0.5, 0.75])) if partial and rng.random() < 0.5 else None
            ),
        )
        for k in range(n)
    ]
    ids = [candidate.id for candidate in candidates]
    spend = sum(candidate.total_cost for candidate in candidates)

    def some(count: int) -> frozenset[str]:
        return frozenset(rng.choice(ids, size=min(count, n), replace=False).tolist())

    present = sorted({candidate.area for candidate in candidates if candidate.area})
    areas = [area for area in present if rng.random() < 0.4]
    constraints = Constraints(
        budget_total=float(rng.integers(0, spend + 2)) if rng.random() < 0.7 else None,
        budget_by_year={
            year: float(rng.integers(0, 4 * n + 2)) for year in years if rng.random() < 0.5
        },
        must_fund=some(int(rng.integers(0, 3))) if rng.random() < 0.3 else frozenset(),
        excluded=some(int(rng.integers(0, 3))) if rng.random() < 0.3 else frozenset(),
        exclusive_groups=[some(int(rng.integers(2, 4))) for _ in range(int(rng.integers(0, 3)))],
        dependencies=[
            tuple(rng.choice(ids, size=2, replace=False).tolist())
            for _ in range(int(rng.integers(0, 3)) if n > 1 else 0)
        ],
        area_min_share={area: float(rng.choice([0.05, 0.1, 0.2, 0.3])) for area in areas},
        foundation_min_count={
            foundation: int(rng.integers(0, 3)) for foundation in FOUNDATIONS if rng.random() < 0.3
        },
    )
    if partial:
        constraints = replace(
            constraints, budget_total=float(np.floor(spend * rng.uniform(0.3, 0.8)))
        )
    objective: Objective = "net" if rng.random() < 0.25 else "value"
    return candidates, constraints, objective


def weights(candidates: list[Candidate], objective: Objective) -> np.ndarray:
    return np.array(
        [c.value - (c.total_cost if objective == "net" else 0.0) for c in candidates], dtype=float
    )


def feasible_subsets(candidates: list[Candidate], constraints: Constraints) -> np.ndarray:
    """For every subset (row k has candidate i when bit i of k is set), whether funding it in
    full meets every constraint."""
    n = len(candidates)
    chosen = ((np.arange(2**n)[:, None] >> np.arange(n)) & 1).astype(bool)
    index = {candidate.id: i for i, candidate in enumerate(candidates)}
    ok = np.ones(2**n, dtype=bool)
    total = chosen @ np.array([c.total_cost for c in candidates], dtype=float)
    if constraints.budget_total is not None:
        ok &= total <= constraints.budget_total
    for year, budget in constraints.budget_by_year.items():
        ok &= chosen @ np.array([c.costs.get(year, 0.0) for c in candidates]) <= budget
    for id in constraints.must_fund:
        ok &= chosen[:, index[id]]
    for id in constraints.excluded:
        ok &= ~chosen[:, index[id]]
    for group in constraints.exclusive_groups:
        ok &= chosen[:, [index[id] for id in group]].sum(axis=1) <= 1
    for project, required in constraints.dependencies:
        ok &= ~chosen[:, index[project]] | chosen[:, index[required]]
    for area, share in constraints.area_min_share.items():
        inside = np.array([c.total_cost if c.area == area else 0.0 for c in candidates])
        ok &= chosen @ inside >= share * total - 1e-9
    for foundation, count in constraints.foundation_min_count.items():
        serving = np.array([foundation in c.foundations for c in candidates], dtype=float)
        ok &= chosen @ serving >= count
    return ok


def brute_force(
    candidates: list[Candidate], constraints: Constraints, objective: Objective
) -> float | None:
    """The best objective over every subset funded in full; ``None`` when none is feasible."""
    n = len(candidates)
    chosen = ((np.arange(2**n)[:, None] >> np.arange(n)) & 1).astype(float)
    ok = feasible_subsets(candidates, constraints)
    if not ok.any():
        return None
    return float((chosen @ weights(candidates, objective))[ok].max())


@pytest.mark.parametrize("seed", range(200))
def test_the_programme_agrees_with_brute_force(seed):
    candidates, constraints, objective = random_instance(seed)
    best = brute_force(candidates, constraints, objective)
    solution = solve(candidates, constraints, objective=objective, seed=seed)
    if best is None:
        assert solution.status == "infeasible"
        assert solution.conflicts
        # The conflict reported is one: its constraints cannot all be met, and without any
        # one of them the rest can.
        conflicting = list(solution.conflicting)
        assert not feasible_subsets(candidates, restrict(constraints, conflicting)).any()
        for ref in conflicting:
            rest = [other for other in conflicting if other != ref]
            assert feasible_subsets(candidates, restrict(constraints, rest)).any()
    else:
        assert solution.status == "optimal"
        assert solution.objective == pytest.approx(best, abs=1e-6)
        assert all(share == 1.0 for share in solution.funded.values())


def test_the_random_instances_cover_every_kind_of_constraint_and_both_answers():
    instances = [random_instance(seed) for seed in range(200)]
    answers = [brute_force(*instance) is None for instance in instances]
    assert 10 <= sum(answers) <= 100
    for name in (
        "budget_total",
        "budget_by_year",
        "must_fund",
        "excluded",
        "exclusive_groups",
        "dependencies",
        "area_min_share",
        "foundation_min_count",
    ):
        assert sum(bool(getattr(constraints, name)) for _, constraints, _ in instances) >= 20


def best_shares(
    candidates: list[Candidate],
    constraints: Constraints,
    objective: Objective,
    selected: tuple[int, ...],
) -> float | None:
    """The best objective when exactly ``selected`` are funded, each at a share between its
    minimum and 1: a linear programme written out directly, with the area shares as
    ``Σ_area c f − s Σ c f ≥ 0``. ``None`` when no shares meet the money constraints."""
    if not selected:
        return 0.0
    picked = [candidates[i] for i in selected]
    cost = np.array([c.total_cost for c in picked])
    rows, limits = [], []
    if constraints.budget_total is not None:
        rows.append(cost)
        limits.append(constraints.budget_total)
    for year, budget in constraints.budget_by_year.items():
        rows.append(np.array([c.costs.get(year, 0.0) for c in picked]))
        limits.append(budget)
    for area, share in constraints.area_min_share.items():
        inside = np.array([c.total_cost if c.area == area else 0.0 for c in picked])
        rows.append(share * cost - inside)
        limits.append(0.0)
    result = linprog(
        -weights(picked, objective),
        A_ub=np.array(rows) if rows else None,
        b_ub=np.array(limits) if rows else None,
        bounds=[(c.lowest_share, 1.0) for c in picked],
        method="highs",
    )
    return None if result.status == 2 else -float(result.fun)


def combinatorial_ok(
    candidates: list[Candidate], constraints: Constraints, selected: tuple[int, ...]
) -> bool:
    ids = {candidates[i].id for i in selected}
    return (
        constraints.must_fund <= ids
        and not constraints.excluded & ids
        and all(len(group & ids) <= 1 for group in constraints.exclusive_groups)
        and all(p not in ids or r in ids for p, r in constraints.dependencies)
        and all(
            sum(1 for i in selected if f in candidates[i].foundations) >= count
            for f, count in constraints.foundation_min_count.items()
        )
    )


@pytest.mark.parametrize("seed", range(40))
def test_part_funded_instances_agree_with_enumeration_and_linear_programmes(seed):
    candidates, constraints, objective = random_instance(10_000 + seed, partial=True, largest=6)
    best: float | None = None
    n = len(candidates)
    for size in range(n + 1):
        for selected in itertools.combinations(range(n), size):
            if not combinatorial_ok(candidates, constraints, selected):
                continue
            value = best_shares(candidates, constraints, objective, selected)
            if value is not None and (best is None or value > best):
                best = value
    solution = solve(candidates, constraints, objective=objective)
    if best is None:
        assert solution.status == "infeasible"
    else:
        assert solution.status == "optimal"
        assert solution.objective == pytest.approx(best, abs=1e-6 * max(1.0, abs(best)))
        by_id = {c.id: c for c in candidates}
        for id, share in solution.funded.items():
            assert by_id[id].lowest_share - 1e-9 <= share <= 1.0
            if by_id[id].min_share is None:
                assert share == 1.0


def test_some_part_funded_instances_use_a_share_between_the_minimum_and_full():
    shares = []
    for seed in range(40):
        candidates, constraints, objective = random_instance(10_000 + seed, True, 6)
        solution = solve(candidates, constraints, objective=objective)
        shares += [share for share in solution.funded.values() if not math.isclose(share, 1.0)]
    assert len(shares) >= 3
