"""Weighted sum and TOPSIS scores, ranking and its tie-breaking, stability of the ranking to
the weights, and agreement between rankings."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from localgrowth.domain.scoring import (
    Criterion,
    Matrix,
    rank_agreement,
    rank_stability,
    topsis,
    weighted_sum,
)

JOBS = Criterion("jobs", "Net additional jobs", 3)
COST_PER_JOB = Criterion("cpj", "Cost per job (£k)", 1, "cost")
SMALL = Matrix(("P1", "P2", "P3"), ("jobs", "cpj"), [[100, 10], [200, 30], [300, 20]])

AIRCRAFT = Matrix(
    ("A1", "A2", "A3", "A4"),
    ("speed", "range", "payload", "cost", "reliability", "manoeuvrability"),
    [
        [2.0, 1500, 20000, 5.5, 5, 9],
        [2.5, 2700, 18000, 6.5, 3, 5],
        [1.8, 2000, 21000, 4.5, 7, 7],
        [2.2, 1800, 20000, 5.0, 5, 5],
    ],
)
AIRCRAFT_CRITERIA = [
    Criterion("speed", "Maximum speed (Mach)", 0.2),
    Criterion("range", "Ferry range (nautical miles)", 0.1),
    Criterion("payload", "Maximum payload (pounds)", 0.1),
    Criterion("cost", "Acquisition cost ($ million)", 0.1, "cost"),
    Criterion("reliability", "Reliability", 0.2),
    Criterion("manoeuvrability", "Manoeuvrability", 0.3),
]
"""The fighter aircraft problem of Hwang, C.-L. and Yoon, K. (1981), *Multiple Attribute
Decision Making: Methods and Applications*, Springer, pp. 133–134 (doi:10.1007/978-3-642-48318-9),
the worked example TOPSIS was introduced with."""


def test_weighted_sum_by_hand():
    # Weights 3 : 1 → 0.75, 0.25. Jobs scaled (x − 100) / 200: 0, 0.5, 1.
    # Cost per job scaled (30 − x) / 20: 1, 0, 0.5.
    # P1 = 0.75 × 0 + 0.25 × 1 = 0.25; P2 = 0.375; P3 = 0.75 + 0.125 = 0.875.
    scores = weighted_sum(SMALL, [JOBS, COST_PER_JOB])
    assert scores.method == "weighted sum"
    assert scores.scores == pytest.approx((0.25, 0.375, 0.875))
    assert scores.ranks == (3, 2, 1)
    assert scores.ranking() == ("P3", "P2", "P1")
    assert scores.score("P2") == pytest.approx(0.375)
    assert scores.rank("P3") == 1


def test_criteria_may_be_given_in_any_order():
    assert weighted_sum(SMALL, [COST_PER_JOB, JOBS]) == weighted_sum(SMALL, [JOBS, COST_PER_JOB])


def test_a_cost_criterion_prefers_less():
    cheap_first = weighted_sum(SMALL, [Criterion("jobs", "Jobs", 0), COST_PER_JOB])
    assert cheap_first.ranking() == ("P1", "P3", "P2")
    as_benefit = Criterion("cpj", "Cost per job", 1, "benefit")
    assert weighted_sum(SMALL, [Criterion("jobs", "Jobs", 0), as_benefit]).ranking() == (
        "P2",
        "P3",
        "P1",
    )


def test_topsis_reproduces_hwang_and_yoon():
    # Relative closeness as published (to three decimal places): 0.643, 0.268, 0.613, 0.312.
    scores = topsis(AIRCRAFT, AIRCRAFT_CRITERIA)
    assert scores.method == "TOPSIS"
    assert scores.scores == pytest.approx((0.643, 0.268, 0.613, 0.312), abs=1e-3)
    assert scores.ranks == (1, 4, 2, 3)


def test_topsis_by_hand_for_two_mirror_candidates():
    # Columns (3, 4) and (4, 3) each have length 5: normalised A = (0.6, 0.8), B = (0.8, 0.6);
    # weighted by 0.5: A = (0.3, 0.4), B = (0.4, 0.3); ideal (0.4, 0.4), anti-ideal (0.3, 0.3).
    # Each is 0.1 from both, so each scores 0.1 / 0.2 = 0.5, tied and ranked by id.
    matrix = Matrix(("B", "A"), ("x", "y"), [[4, 3], [3, 4]])
    scores = topsis(matrix, [Criterion("x", "x", 1), Criterion("y", "y", 1)])
    assert scores.scores == pytest.approx((0.5, 0.5))
    assert scores.ranking() == ("A", "B")


def test_topsis_cost_direction_reverses_the_ideal():
    matrix = Matrix(("cheap", "dear"), ("cost",), [[1], [3]])
    scores = topsis(matrix, [Criterion("cost", "Cost", 1, "cost")])
    assert scores.scores == pytest.approx((1.0, 0.0))
    assert scores.ranking() == ("cheap", "dear")


@pytest.mark.parametrize("method", [weighted_sum, topsis])
def test_ties_are_broken_by_candidate_id(method):
    matrix = Matrix(("C", "A", "B"), ("jobs",), [[5], [5], [5]])
    scores = method(matrix, [Criterion("jobs", "Jobs", 1)])
    assert scores.ranking() == ("A", "B", "C")
    assert scores.scores == pytest.approx((1.0, 1.0, 1.0))


@pytest.mark.parametrize("method", [weighted_sum, topsis])
def test_scores_equal_but_for_rounding_are_tied(method):
    matrix = Matrix(("b", "a", "z"), ("x", "y"), [[0.1 + 0.2, 0.3], [0.3, 0.1 + 0.2], [0, 0]])
    scores = method(matrix, [Criterion("x", "x", 1), Criterion("y", "y", 1)])
    assert scores.ranking() == ("a", "b", "z")


def test_a_constant_column_scores_one_in_the_weighted_sum():
    with_constant = Matrix(("P1", "P2", "P3"), ("jobs", "cpj", "ready"), [[100, 10, 7]] * 3)
    scores = weighted_sum(with_constant, [JOBS, COST_PER_JOB, Criterion("ready", "Ready", 1)])
    assert scores.scores == pytest.approx((1.0, 1.0, 1.0))


def test_a_constant_column_shifts_weighted_sums_equally():
    matrix = Matrix(
        ("P1", "P2", "P3"), ("jobs", "cpj", "flat"), [[100, 10, 4], [200, 30, 4], [300, 20, 4]]
    )
    # Weights 3 : 1 : 4 → 0.375, 0.125, 0.5; the flat column adds 0.5 to each, the others
    # score half what they did alone (0.25, 0.375, 0.875).
    scores = weighted_sum(matrix, [JOBS, COST_PER_JOB, Criterion("flat", "Flat", 4)])
    assert scores.scores == pytest.approx((0.625, 0.6875, 0.9375))
    assert scores.ranking() == ("P3", "P2", "P1")


@pytest.mark.parametrize("flat_value", [0.0, 4.0, -2.0])
def test_a_constant_column_leaves_topsis_unchanged(flat_value):
    plain = topsis(SMALL, [JOBS, COST_PER_JOB])
    matrix = Matrix(
        ("P1", "P2", "P3"),
        ("jobs", "cpj", "flat"),
        [[100, 10, flat_value], [200, 30, flat_value], [300, 20, flat_value]],
    )
    flat = topsis(matrix, [JOBS, COST_PER_JOB, Criterion("flat", "Flat", 5, "cost")])
    assert flat.scores == pytest.approx(plain.scores)
    assert flat.ranks == plain.ranks


def test_a_single_candidate_is_first_by_either_method():
    matrix = Matrix(("only",), ("jobs",), [[0]])
    for method in (weighted_sum, topsis):
        scores = method(matrix, [Criterion("jobs", "Jobs", 1)])
        assert scores.scores == (1.0,)
        assert scores.ranks == (1,)


def test_a_zero_weight_criterion_counts_for_nothing():
    ignored = Criterion("cpj", "Cost per job", 0, "cost")
    assert weighted_sum(SMALL, [JOBS, ignored]).scores == pytest.approx((0.0, 0.5, 1.0))


def test_every_weight_zero_is_refused():
    with pytest.raises(ValueError, match="At least one criterion must have a weight above 0"):
        topsis(SMALL, [Criterion("jobs", "Jobs", 0), Criterion("cpj", "Cost", 0, "cost")])


@pytest.mark.parametrize("weight", [-1, math.nan, math.inf])
def test_a_weight_must_be_zero_or_more(weight):
    with pytest.raises(ValueError, match="weight of criterion jobs must be 0 or more"):
        Criterion("jobs", "Jobs", weight)


def test_a_direction_must_be_benefit_or_cost():
    with pytest.raises(ValueError, match='direction of criterion jobs must be "benefit"'):
        Criterion("jobs", "Jobs", 1, "more")  # type: ignore[arg-type]


def test_a_criterion_needs_a_code():
    with pytest.raises(ValueError, match="criterion 'Jobs' has none"):
        Criterion(" ", "Jobs", 1)


def test_criteria_must_match_the_columns():
    with pytest.raises(ValueError, match="no criterion for cpj"):
        weighted_sum(SMALL, [JOBS])
    with pytest.raises(ValueError, match="the matrix has no column for homes"):
        weighted_sum(SMALL, [JOBS, COST_PER_JOB, Criterion("homes", "Homes", 1)])
    with pytest.raises(ValueError, match="Criterion jobs is given more than once"):
        weighted_sum(SMALL, [JOBS, JOBS, COST_PER_JOB])


def test_matrix_values_are_copied_and_read_only():
    values = np.array([[1.0], [2.0]])
    matrix = Matrix(("a", "b"), ("x",), values)
    values[0, 0] = 99
    assert matrix.values[0, 0] == 1
    with pytest.raises(ValueError, match="read-only"):
        matrix.values[0, 0] = 5


def test_matrix_refusals():
    with pytest.raises(ValueError, match=r"3 × 2; they are 2 × 2"):
        Matrix(("a", "b", "c"), ("x", "y"), [[1, 2], [3, 4]])
    with pytest.raises(ValueError, match="Candidate b has no usable value for criterion y"):
        Matrix(("a", "b"), ("x", "y"), [[1, 2], [3, math.nan]])
    with pytest.raises(ValueError, match="Each candidate must appear once; repeated: a"):
        Matrix(("a", "a"), ("x",), [[1], [2]])
    with pytest.raises(ValueError, match="at least one candidate"):
        Matrix((), ("x",), np.empty((0, 1)))
    with pytest.raises(ValueError, match="at least one criterion"):
        Matrix(("a",), (), np.empty((1, 0)))


def test_matrix_from_rows():
    matrix = Matrix.from_rows({"P1": {"jobs": 100, "cpj": 10}, "P2": {"cpj": 30, "jobs": 200}})
    assert matrix.candidates == ("P1", "P2")
    assert matrix.criteria == ("jobs", "cpj")
    assert matrix.values.tolist() == [[100, 10], [200, 30]]
    with pytest.raises(ValueError, match=r"Candidate P2 .* it has none for cpj"):
        Matrix.from_rows({"P1": {"jobs": 1, "cpj": 2}, "P2": {"jobs": 3}})


def test_a_dominant_candidate_is_first_in_every_draw():
    matrix = Matrix(
        ("best", "mid", "low"), ("jobs", "cpj", "homes"), [[9, 1, 9], [5, 5, 5], [1, 9, 2]]
    )
    criteria = [JOBS, COST_PER_JOB, Criterion("homes", "Homes", 2)]
    for method in (weighted_sum, topsis):
        stability = rank_stability(matrix, criteria, method, top_k=1, draws=200, spread=0.5)
        best = stability[0]
        assert (best.candidate, best.rank, best.unchanged, best.in_top) == ("best", 1, 1.0, 1.0)
        assert (best.best_rank, best.worst_rank) == (1, 1)


def test_stability_is_in_order_of_rank_and_counts_shares():
    stability = rank_stability(AIRCRAFT, AIRCRAFT_CRITERIA, topsis, top_k=2, draws=500)
    assert [s.candidate for s in stability] == ["A1", "A3", "A4", "A2"]
    assert [s.rank for s in stability] == [1, 2, 3, 4]
    for s in stability:
        assert 0 <= s.unchanged <= 1
        assert s.best_rank <= s.rank <= s.worst_rank
        assert s.top_k == 2
    # A1 and A3 are close (0.643 and 0.613), so the weights sometimes swap them;
    # A4 and A2 never reach the top two.
    assert stability[0].unchanged < 1
    assert stability[0].unchanged == stability[1].unchanged
    assert [s.in_top for s in stability] == [1.0, 1.0, 0.0, 0.0]


def test_stability_is_the_same_for_the_same_seed():
    first = rank_stability(AIRCRAFT, AIRCRAFT_CRITERIA, topsis, top_k=2, draws=300, seed=7)
    again = rank_stability(AIRCRAFT, AIRCRAFT_CRITERIA, topsis, top_k=2, draws=300, seed=7)
    other = rank_stability(AIRCRAFT, AIRCRAFT_CRITERIA, topsis, top_k=2, draws=300, seed=8)
    assert first == again
    assert first != other


def test_no_spread_leaves_every_rank_unchanged():
    stability = rank_stability(AIRCRAFT, AIRCRAFT_CRITERIA, weighted_sum, top_k=1, spread=0)
    assert all(s.unchanged == 1.0 for s in stability)
    assert [s.in_top for s in stability] == [1.0, 0.0, 0.0, 0.0]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"top_k": 0}, "top_k must be a whole number from 1 to the number of candidates, 4"),
        ({"top_k": 5}, "top_k must be a whole number from 1"),
        ({"top_k": 1, "spread": 1.0}, "spread must be a share from 0 up to but not including 1"),
        ({"top_k": 1, "spread": -0.1}, "spread must be a share"),
        ({"top_k": 1, "draws": 0}, "draws must be a whole number, 1 or more"),
    ],
)
def test_stability_refusals(options, message):
    with pytest.raises(ValueError, match=message):
        rank_stability(AIRCRAFT, AIRCRAFT_CRITERIA, topsis, **options)


def test_identical_rankings_agree_completely():
    scores = topsis(AIRCRAFT, AIRCRAFT_CRITERIA)
    agreement = rank_agreement(scores, scores)
    assert agreement.spearman_rho == pytest.approx(1)
    assert agreement.kendall_tau == pytest.approx(1)
    assert agreement.candidates == 4


def test_reversed_rankings_disagree_completely():
    matrix = Matrix(("a", "b", "c"), ("x",), [[1], [2], [3]])
    more = weighted_sum(matrix, [Criterion("x", "x", 1)])
    less = weighted_sum(matrix, [Criterion("x", "x", 1, "cost")])
    agreement = rank_agreement(more, less)
    assert agreement.spearman_rho == pytest.approx(-1)
    assert agreement.kendall_tau == pytest.approx(-1)


def test_agreement_by_hand():
    # TOPSIS ranks A1..A4 1, 4, 2, 3; the weighted sum 2, 4, 1, 3 (scaled values by hand:
    # A1 0.574, A2 0.300, A3 0.592, A4 0.381). Squared rank differences sum to 2, so
    # rho = 1 − 6 × 2 / (4 × 15) = 0.8; of 6 pairs one is discordant, so tau = (5 − 1) / 6.
    by_topsis = topsis(AIRCRAFT, AIRCRAFT_CRITERIA)
    by_sum = weighted_sum(AIRCRAFT, AIRCRAFT_CRITERIA)
    assert by_sum.scores == pytest.approx((0.574, 0.300, 0.592, 0.381), abs=1e-3)
    assert by_sum.ranks == (2, 4, 1, 3)
    agreement = rank_agreement(by_topsis, by_sum)
    assert agreement.spearman_rho == pytest.approx(0.8)
    assert agreement.kendall_tau == pytest.approx(4 / 6)


def test_agreement_needs_the_same_candidates_and_at_least_two():
    scores = weighted_sum(SMALL, [JOBS, COST_PER_JOB])
    other = weighted_sum(Matrix(("P1", "P2", "P9"), ("jobs",), [[1], [2], [3]]), [JOBS])
    with pytest.raises(ValueError, match="same candidates; only one has P3, P9"):
        rank_agreement(scores, other)
    single = weighted_sum(Matrix(("P1",), ("jobs",), [[1]]), [JOBS])
    with pytest.raises(ValueError, match="at least two candidates"):
        rank_agreement(single, single)


def test_an_unknown_candidate_is_named():
    with pytest.raises(ValueError, match="P7 is not one of the candidates scored"):
        weighted_sum(SMALL, [JOBS, COST_PER_JOB]).rank("P7")


values = st.floats(min_value=-1e6, max_value=1e6, allow_subnormal=False)


@st.composite
def problems(draw):
    rows = draw(st.integers(min_value=1, max_value=6))
    columns = draw(st.integers(min_value=1, max_value=4))
    table = draw(
        st.lists(st.lists(values, min_size=columns, max_size=columns), min_size=rows, max_size=rows)
    )
    weights = draw(
        st.lists(st.floats(min_value=0, max_value=10), min_size=columns, max_size=columns).filter(
            lambda ws: sum(ws) > 0
        )
    )
    directions = draw(
        st.lists(st.sampled_from(["benefit", "cost"]), min_size=columns, max_size=columns)
    )
    codes = tuple(f"c{j}" for j in range(columns))
    matrix = Matrix(tuple(f"p{i}" for i in range(rows)), codes, table)
    criteria = [
        Criterion(code, code, weight, direction)
        for code, weight, direction in zip(codes, weights, directions, strict=True)
    ]
    return matrix, criteria


@given(problems(), st.sampled_from([weighted_sum, topsis]))
def test_scores_lie_between_zero_and_one_and_ranks_are_a_permutation(problem, method):
    matrix, criteria = problem
    scores = method(matrix, criteria)
    assert all(-1e-12 <= score <= 1 + 1e-12 for score in scores.scores)
    assert sorted(scores.ranks) == list(range(1, len(matrix.candidates) + 1))


@given(problems(), st.sampled_from([weighted_sum, topsis]), st.floats(0.01, 100))
def test_only_the_proportions_of_the_weights_matter(problem, method, scale):
    matrix, criteria = problem
    scaled = [Criterion(c.code, c.name, c.weight * scale, c.direction) for c in criteria]
    assert method(matrix, scaled).scores == pytest.approx(method(matrix, criteria).scores)


@given(problems(), st.sampled_from([weighted_sum, topsis]), st.randoms())
def test_the_order_of_the_rows_does_not_change_anyone_s_rank(problem, method, random):
    matrix, criteria = problem
    order = list(range(len(matrix.candidates)))
    random.shuffle(order)
    shuffled = Matrix(
        tuple(matrix.candidates[i] for i in order), matrix.criteria, matrix.values[order]
    )
    original = method(matrix, criteria)
    again = method(shuffled, criteria)
    for candidate in matrix.candidates:
        assert again.rank(candidate) == original.rank(candidate)
