"""Choosing a portfolio: hand-solvable cases with known optima, the greedy ranking beaten,
conflicting constraints named in plain English, the independent check, determinism, and the
explanation of what each constraint costs and what comes next."""

import importlib
import json
import os
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest

from localgrowth.domain.portfolio import (
    Candidate,
    ConstraintRef,
    Constraints,
    PortfolioError,
    Solution,
    check,
    explain,
    formulate,
    greedy,
    solve,
)
from localgrowth.domain.portfolio.wording import money_pair, names

YEAR = "2020/21"


def one_year(id: str, value: float, cost: float, **fields) -> Candidate:
    return Candidate(id, value, {YEAR: cost}, **fields)


KNAPSACK = [
    one_year("A", 10, 5),
    one_year("B", 7, 4),
    one_year("C", 6, 3),
    one_year("D", 3, 2),
]


# Known optima --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("budget", "chosen", "objective"),
    [(9, ("A", "B"), 17), (10, ("A", "C", "D"), 19), (11, ("A", "B", "D"), 20), (1, (), 0)],
)
def test_a_knapsack_of_four_projects(budget, chosen, objective):
    solution = solve(KNAPSACK, Constraints(budget_total=budget))
    assert solution.status == "optimal"
    assert solution.chosen == chosen
    assert solution.objective == pytest.approx(objective)
    assert solution.dual_bound == pytest.approx(objective)
    assert solution.gap == pytest.approx(0, abs=1e-9)
    assert solution.total_cost <= budget


def test_a_yearly_budget_limits_each_year_separately():
    candidates = [
        Candidate("A", 8, {"2020/21": 6, "2021/22": 2}),
        Candidate("B", 7, {"2020/21": 5, "2021/22": 3}),
        Candidate("C", 6, {"2020/21": 2, "2021/22": 7}),
        Candidate("D", 5, {"2020/21": 3, "2021/22": 5}),
    ]
    yearly = Constraints(budget_by_year={"2020/21": 10, "2021/22": 10})
    solution = solve(candidates, yearly)
    assert solution.chosen == ("A", "C")
    assert solution.objective == pytest.approx(14)
    assert solution.cost_by_year == {"2020/21": 8, "2021/22": 9}
    # The same money as one total budget allows more than 10 in the first year.
    total = solve(candidates, Constraints(budget_total=20))
    assert total.chosen == ("A", "B")
    assert total.objective == pytest.approx(15)
    assert total.cost_by_year == {"2020/21": 11, "2021/22": 5}


def test_alternative_scopes_of_one_project_exclude_each_other():
    candidates = [
        one_year("Full scope", 10, 8),
        one_year("Reduced scope", 6, 4),
        one_year("B", 5, 4),
    ]
    assert solve(candidates, Constraints(budget_total=12)).chosen == ("Full scope", "Reduced scope")
    constraints = Constraints(
        budget_total=12, exclusive_groups=[frozenset({"Full scope", "Reduced scope"})]
    )
    solution = solve(candidates, constraints)
    assert solution.chosen == ("Full scope", "B")
    assert solution.objective == pytest.approx(15)


def test_a_project_is_funded_only_with_the_project_it_needs():
    candidates = [one_year("A", 10, 5), one_year("B", 1, 4), one_year("C", 6, 4)]
    assert solve(candidates, Constraints(budget_total=9)).chosen == ("A", "C")
    solution = solve(candidates, Constraints(budget_total=9, dependencies=[("A", "B")]))
    assert solution.chosen == ("A", "B")
    assert solution.objective == pytest.approx(11)


def test_an_area_gets_its_minimum_share_of_the_funded_cost():
    candidates = [
        one_year("N1", 10, 6, area="North"),
        one_year("N2", 9, 5, area="North"),
        one_year("S1", 3, 4, area="South"),
    ]
    assert solve(candidates, Constraints(budget_total=11)).chosen == ("N1", "N2")
    solution = solve(candidates, Constraints(budget_total=11, area_min_share={"South": 0.3}))
    assert solution.chosen == ("N1", "S1")
    assert solution.objective == pytest.approx(13)


def test_each_foundation_is_served_by_its_minimum_number_of_projects():
    ideas = frozenset({"foundation-ideas"})
    candidates = [
        one_year("A", 10, 5),
        one_year("B", 8, 4, foundations=ideas),
        one_year("C", 3, 3, foundations=ideas),
        one_year("D", 2, 2, foundations=ideas),
    ]
    assert solve(candidates, Constraints(budget_total=9)).chosen == ("A", "B")
    constraints = Constraints(budget_total=9, foundation_min_count={"foundation-ideas": 2})
    solution = solve(candidates, constraints)
    assert solution.chosen == ("B", "C", "D")
    assert solution.objective == pytest.approx(13)


@pytest.mark.parametrize(
    ("min_share", "funded", "objective"),
    [(None, {"A": 1.0}, 10), (0.5, {"A": 0.6, "B": 1.0}, 12), (0.7, {"A": 1.0}, 10)],
)
def test_partial_funding_down_to_a_minimum_viable_share(min_share, funded, objective):
    candidates = [one_year("A", 10, 10, min_share=min_share), one_year("B", 6, 4)]
    solution = solve(candidates, Constraints(budget_total=10))
    assert solution.funded.keys() == funded.keys()
    for id, share in funded.items():
        assert solution.funded[id] == pytest.approx(share)
    assert solution.objective == pytest.approx(objective)


def test_a_must_fund_project_part_funded_is_funded_at_least_at_its_minimum_share():
    candidates = [one_year("A", 1, 10, min_share=0.25), one_year("B", 6, 8)]
    solution = solve(candidates, Constraints(budget_total=10.5, must_fund=frozenset({"A"})))
    assert solution.funded == {"A": pytest.approx(0.25), "B": 1.0}
    assert solution.objective == pytest.approx(6.25)
    alone = solve(candidates, Constraints(budget_total=10, must_fund=frozenset({"A"})))
    assert alone.funded == {"A": 1.0}


def test_must_fund_and_excluded_projects():
    constraints = Constraints(
        budget_total=10, must_fund=frozenset({"B"}), excluded=frozenset({"C"})
    )
    solution = solve(KNAPSACK, constraints)
    assert solution.chosen == ("A", "B")
    assert solution.objective == pytest.approx(17)


def test_net_benefit_takes_off_the_cost():
    candidates = [one_year("A", 15, 10), one_year("B", 6, 2), one_year("C", 3, 4)]
    assert solve(candidates, Constraints()).chosen == ("A", "B", "C")
    net = solve(candidates, Constraints(), objective="net")
    assert net.chosen == ("A", "B")
    assert net.objective == pytest.approx(9)


def test_nothing_to_choose_from():
    solution = solve([], Constraints(budget_total=10))
    assert solution.status == "optimal"
    assert solution.objective == 0
    assert solution.funded == {}


# Greedy ----------------------------------------------------------------------------------------


def test_greedy_by_ratio_fails_where_the_programme_finds_the_optimum():
    candidates = [one_year("A", 11, 6), one_year("B", 9, 5), one_year("C", 9, 5)]
    constraints = Constraints(budget_total=10)
    assert greedy(candidates, constraints) == {"A": 1.0}
    solution = solve(candidates, constraints)
    assert solution.chosen == ("B", "C")
    assert solution.objective == pytest.approx(18)
    comparison = explain(solution, candidates, constraints).greedy
    assert comparison.objective == pytest.approx(11)
    assert comparison.lost == pytest.approx(7)
    assert comparison.only_greedy == ("A",)
    assert comparison.only_optimal == ("B", "C")
    assert comparison.violations == ()
    assert comparison.sentence == (
        "Funding down the ranking by value ÷ cost would have chosen 1 project worth 11, 7 less "
        "than the chosen portfolio: it takes A and leaves out B and C."
    )


def test_greedy_respects_budgets_and_groups_but_not_area_shares():
    candidates = [
        one_year("A", 10, 4, area="North"),
        one_year("A smaller", 9, 3, area="North"),
        one_year("B", 4, 4, area="South"),
        one_year("C", 2, 2, area="North", min_share=0.5),
    ]
    constraints = Constraints(
        budget_total=9,
        exclusive_groups=[frozenset({"A", "A smaller"})],
        area_min_share={"South": 0.5},
    )
    assert greedy(candidates, constraints) == {"A smaller": 1.0, "B": 1.0, "C": 1.0}
    solution = solve(candidates, constraints)
    assert solution.chosen == ("A", "B")
    comparison = explain(solution, candidates, constraints).greedy
    assert [violation.constraint for violation in comparison.violations] == ["area South"]
    assert comparison.violations[0].message == (
        "South has 44.4% of the funded cost, less than its minimum of 50%."
    )
    assert comparison.lost == pytest.approx(-1)


def test_greedy_part_funds_the_last_project_that_fits_in_part():
    candidates = [one_year("A", 10, 4), one_year("B", 6, 6, min_share=0.5)]
    assert greedy(candidates, Constraints(budget_total=7)) == {"A": 1.0, "B": pytest.approx(0.5)}
    assert greedy(candidates, Constraints(budget_total=6.5)) == {"A": 1.0}


# Conflicting constraints ------------------------------------------------------------------------


def test_must_fund_projects_over_a_years_budget_are_named():
    candidates = [
        one_year("A", 10, 5_000_000),
        one_year("B", 7, 4_000_000),
        one_year("C", 6, 3_000_000, foundations=frozenset({"foundation-ideas"})),
    ]
    constraints = Constraints(
        budget_total=20_000_000,
        budget_by_year={YEAR: 8_300_000},
        must_fund=frozenset({"A", "B"}),
        foundation_min_count={"foundation-ideas": 1},
    )
    solution = solve(candidates, constraints)
    assert solution.status == "infeasible"
    assert solution.objective is None
    assert solution.funded == {}
    assert solution.conflicts == (
        "The must-fund projects A and B cost £9.0m in 2020/21, more than that year's budget "
        "of £8.3m.",
    )
    assert solution.conflicting == (
        ConstraintRef("budget_year", YEAR),
        ConstraintRef("must_fund", "A"),
        ConstraintRef("must_fund", "B"),
    )
    assert solution.message.startswith("No portfolio meets every constraint.")


def test_a_conflict_with_no_familiar_shape_is_listed_constraint_by_constraint():
    candidates = [one_year("A", 10, 5), one_year("B", 1, 4), one_year("C", 6, 4)]
    constraints = Constraints(
        budget_total=20,
        must_fund=frozenset({"A"}),
        excluded=frozenset({"B"}),
        dependencies=[("C", "A"), ("A", "B")],
    )
    solution = solve(candidates, constraints)
    assert solution.status == "infeasible"
    assert solution.conflicts == (
        "A must be funded.",
        "B is excluded.",
        "A can be funded only if B is.",
    )


def test_too_few_candidates_serving_a_foundation():
    candidates = [one_year("A", 10, 5, foundations=frozenset({"foundation-people"}))]
    constraints = Constraints(foundation_min_count={"foundation-people": 2})
    assert solve(candidates, constraints).conflicts == (
        "At least 2 funded projects must serve foundation-people, but only 1 of the candidates "
        "does.",
    )


def test_a_project_both_must_fund_and_excluded():
    constraints = Constraints(must_fund=frozenset({"A"}), excluded=frozenset({"A"}))
    assert solve(KNAPSACK, constraints).conflicts == (
        "A is both a must-fund project and excluded.",
    )


def test_two_must_fund_alternatives():
    constraints = Constraints(
        must_fund=frozenset({"A", "B"}), exclusive_groups=[frozenset({"A", "B", "C"})]
    )
    assert solve(KNAPSACK, constraints).conflicts == (
        "A and B must both be funded, but they are alternatives: at most one of A, B and C can be.",
    )


def test_a_must_fund_project_over_the_total_budget_when_part_funded():
    candidates = [one_year("A", 10, 6_000_000, min_share=0.5), one_year("B", 7, 4_000_000)]
    constraints = Constraints(budget_total=6_500_000, must_fund=frozenset({"A", "B"}))
    assert solve(candidates, constraints).conflicts == (
        "The must-fund projects A and B cost at least £7.0m in all, more than the total budget "
        "of £6.5m.",
    )


def test_long_lists_of_projects_are_cut_short():
    assert names(["A"]) == "A"
    assert names(["A", "B", "C"]) == "A, B and C"
    assert names([f"P{k}" for k in range(12)]) == "P0, P1, P2, P3, P4 and 7 others"


def test_amounts_that_differ_never_read_as_equal():
    assert money_pair(9_000_000, 8_960_000) == ("£9.00m", "£8.96m")
    assert money_pair(9, 8.3) == ("£9", "£8.30")
    assert money_pair(250_000, 300_000) == ("£250,000", "£300,000")


# Input --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("candidates", "constraints", "message"),
    [
        ([*KNAPSACK, one_year("A", 1, 1)], Constraints(), "Two candidates have the id A."),
        (KNAPSACK, Constraints(must_fund=frozenset({"Z"})), "The must-fund projects name Z"),
        (KNAPSACK, Constraints(dependencies=[("A", "Y")]), "The dependencies name Y"),
        (KNAPSACK, Constraints(area_min_share={"East": 0.1}), "No candidate is in East"),
    ],
)
def test_constraints_naming_unknown_projects_or_areas_are_refused(candidates, constraints, message):
    with pytest.raises(ValueError, match=message):
        solve(candidates, constraints)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: one_year("A", 1, -1), "The cost of A in 2020/21 must be 0 or more"),
        (lambda: one_year("A", 1, 1, min_share=0), "The minimum share of A must be more than 0"),
        (lambda: Constraints(budget_total=-1), "The total budget must be 0 or more"),
        (
            lambda: Constraints(area_min_share={"North": 0.6, "South": 0.5}),
            "add up to 110%, more than 100%",
        ),
        (lambda: Constraints(dependencies=[("A", "A")]), "A cannot depend on itself"),
        (lambda: Constraints(foundation_min_count={"f": 1.5}), "must be a whole number"),
    ],
)
def test_impossible_inputs_are_refused_in_plain_english(build, message):
    with pytest.raises(ValueError, match=message):
        build()


def test_the_time_limit_and_the_objective_are_checked():
    with pytest.raises(ValueError, match="The time limit must be more than 0"):
        solve(KNAPSACK, Constraints(), time_limit=0)
    with pytest.raises(ValueError, match='The objective must be "value" or "net"'):
        solve(KNAPSACK, Constraints(), objective="score")  # type: ignore[arg-type]


# The independent check ----------------------------------------------------------------------


def test_the_check_names_every_broken_constraint():
    candidates = [*KNAPSACK, one_year("E", 1, 1, area="North", min_share=0.5)]
    constraints = Constraints(
        budget_total=8,
        budget_by_year={YEAR: 9},
        must_fund=frozenset({"D"}),
        excluded=frozenset({"C"}),
        exclusive_groups=[frozenset({"A", "B"})],
        dependencies=[("A", "D")],
        area_min_share={"North": 0.5},
        foundation_min_count={"foundation-places": 1},
    )
    bad = Solution(
        status="optimal",
        objective_kind="value",
        objective=30,
        dual_bound=30,
        gap=0,
        funded={"A": 1.0, "B": 1.0, "C": 1.0, "E": 0.2, "Z": 1.0},
        cost_by_year={},
        total_cost=0,
        message="",
    )
    messages = [violation.message for violation in check(bad, candidates, constraints)]
    assert messages == [
        "E is funded at 20%; it can be funded only at 50% to 100%.",
        "Z is funded but not a candidate.",
        "The funded cost is £12.20 in all, more than the total budget of £8.",
        "The funded cost in 2020/21 is £12.20, more than that year's budget of £9.",
        "D must be funded but is not.",
        "C is excluded but funded.",
        "A and B are all funded, but they are alternatives: at most one can be.",
        "A is funded without D, which it needs.",
        "North has 1.6% of the funded cost, less than its minimum of 50%.",
        "0 funded projects serve foundation-places, fewer than the minimum of 1.",
        "The objective is given as 30, but the funded projects add up to 23.2.",
    ]
    met = replace(constraints, foundation_min_count={}, area_min_share={})
    assert check(solve(candidates, met), candidates, met) == []


def test_a_portfolio_that_fails_the_check_is_refused(monkeypatch):
    solve_module = importlib.import_module("localgrowth.domain.portfolio.solve")
    real = solve_module.optimise

    def broken(*args, **kwargs):
        outcome = real(*args, **kwargs)
        return replace(outcome, funded={**outcome.funded, "D": 1.0})

    monkeypatch.setattr(solve_module, "optimise", broken)
    with pytest.raises(PortfolioError, match="fails the check"):
        solve(KNAPSACK, Constraints(budget_total=9))


# Determinism ----------------------------------------------------------------------------------


def instance(n: int, seed: int) -> tuple[list[Candidate], Constraints]:
    rng = np.random.default_rng(seed)
    years = ["2020/21", "2021/22", "2022/23"]
    areas = ["North", "South", "East", "West"]
    foundations = ["foundation-ideas", "foundation-people", "foundation-places"]
    candidates = [
        Candidate(
            f"P{k:03d}",
            float(rng.uniform(1, 100)),
            {year: float(rng.integers(0, 50)) for year in years},
            area=areas[int(rng.integers(len(areas)))],
            foundations=frozenset(f for f in foundations if rng.random() < 0.3),
            min_share=0.5 if rng.random() < 0.2 else None,
        )
        for k in range(n)
    ]
    ids = [candidate.id for candidate in candidates]
    constraints = Constraints(
        budget_total=float(n * 20),
        budget_by_year=dict.fromkeys(years, float(n * 8)),
        must_fund=frozenset(ids[:2]),
        excluded=frozenset(ids[2:4]),
        exclusive_groups=[frozenset(ids[k : k + 3]) for k in range(10, n - 3, 15)],
        dependencies=[(ids[k], ids[k + 1]) for k in range(5, n - 1, 12)],
        area_min_share=dict.fromkeys(areas, 0.15),
        foundation_min_count=dict.fromkeys(foundations, 3),
    )
    return candidates, constraints


def test_the_same_inputs_give_the_same_solution():
    candidates, constraints = instance(80, seed=7)
    first = solve(candidates, constraints, seed=3)
    second = solve(candidates, constraints, seed=3)
    assert first.status == "optimal"
    assert first == second
    assert list(first.funded.items()) == list(second.funded.items())
    assert first.seconds > 0


SCRIPT = """
import json, sys
sys.path.insert(0, {tests!r})
from domain.test_portfolio import instance
from localgrowth.domain.portfolio import solve
solution = solve(*instance(80, seed=7), seed=3)
print(json.dumps([solution.status, solution.objective, solution.dual_bound, solution.nodes,
                  list(solution.funded.items())]))
"""


def test_the_solution_does_not_depend_on_the_order_python_hashes_strings():
    tests = os.path.dirname(os.path.dirname(__file__))
    script = SCRIPT.format(tests=tests)
    outputs = [
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for hash_seed in ("1", "2")
    ]
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0])[0] == "optimal"


def test_the_programme_is_built_in_a_fixed_order():
    candidates, constraints = instance(30, seed=1)
    first, second = formulate(candidates, constraints), formulate(candidates, constraints)
    assert first.rows == second.rows
    assert first.variables == second.variables
    assert (first.matrix != second.matrix).nnz == 0


# Explanation --------------------------------------------------------------------------------


def test_what_each_constraint_costs():
    constraints = Constraints(budget_total=10, must_fund=frozenset({"B"}))
    solution = solve(KNAPSACK, constraints)
    assert solution.chosen == ("A", "B")
    explanation = explain(solution, KNAPSACK, constraints)
    costs = {cost.constraint: cost for cost in explanation.constraints}
    budget = costs[ConstraintRef("budget_total")]
    assert budget.slack == pytest.approx(1)
    assert not budget.tight
    assert budget.gain == pytest.approx(3)  # 11: A, B and D
    assert budget.binds
    must = costs[ConstraintRef("must_fund", "B")]
    assert must.tight
    assert must.gain == pytest.approx(2)  # A, C and D
    assert [cost.constraint for cost in explanation.binding] == [
        ConstraintRef("budget_total"),
        ConstraintRef("must_fund", "B"),
    ]
    assert budget.sentence == (
        "The total budget is £10. It binds: raised by 10%, it would add 3 to the objective."
    )


def test_a_constraint_that_does_not_bind():
    constraints = Constraints(budget_total=9, excluded=frozenset({"D"}))
    solution = solve(KNAPSACK, constraints)
    explanation = explain(solution, KNAPSACK, constraints)
    (excluded,) = (cost for cost in explanation.constraints if cost.constraint.kind == "excluded")
    assert excluded.gain == 0
    assert not excluded.binds
    assert excluded.sentence == ("D is excluded. It does not bind: dropped, it would add nothing.")


def test_the_next_best_projects_left_out():
    candidates = [*KNAPSACK, one_year("E", 1, 1), one_year("F", 0.5, 6)]
    constraints = Constraints(budget_total=10, excluded=frozenset({"F"}))
    solution = solve(candidates, constraints)
    assert solution.chosen == ("A", "C", "D")
    explanation = explain(solution, candidates, constraints, next_best=2)
    assert [(item.id, item.objective) for item in explanation.next_best] == [("B", 18), ("E", 18)]
    b, e = explanation.next_best
    assert b.drop == pytest.approx(1)
    assert (b.leaves, b.joins) == (("C", "D"), ("E",))
    assert (e.leaves, e.joins) == (("C", "D"), ("B",))
    assert all(item.proven for item in explanation.next_best)


def test_there_is_nothing_to_explain_without_a_portfolio():
    solution = solve(KNAPSACK, Constraints(must_fund=frozenset({"A"}), excluded=frozenset({"A"})))
    with pytest.raises(ValueError, match="There is no portfolio to explain"):
        explain(solution, KNAPSACK, Constraints())


def test_an_area_share_costs_what_dropping_it_would_add():
    candidates = [
        one_year("N1", 10, 6, area="North"),
        one_year("N2", 9, 5, area="North"),
        one_year("S1", 3, 4, area="South"),
    ]
    constraints = Constraints(budget_total=11, area_min_share={"South": 0.3})
    explanation = explain(solve(candidates, constraints), candidates, constraints)
    (area,) = (cost for cost in explanation.constraints if cost.constraint.kind == "area")
    assert area.slack == pytest.approx(4 - 0.3 * 10)
    assert area.gain == pytest.approx(6)
    assert area.sentence == (
        "At least 30% of the funded cost must go to South. It binds: dropped, it would add 6 to "
        "the objective."
    )


# The time limit ---------------------------------------------------------------------------------


def test_a_choice_stopped_by_the_time_limit_says_so():
    candidates, constraints = instance(600, seed=11)
    solution = solve(candidates, constraints, time_limit=1e-3)
    assert solution.status == "time_limit"
    assert solution.message.startswith("The time limit of 0.001 s was reached") or (
        solution.message.startswith("No portfolio meeting every constraint was found")
    )
    if solution.objective is not None:
        assert check(solution, candidates, constraints) == []
        assert solution.dual_bound is not None
        assert solution.dual_bound >= solution.objective
