"""Benchmarks: gaps, ranks and quintiles among districts, and red/amber/green status, each
aware of which direction of the indicator is better."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from localgrowth.domain.evidence.benchmarks import (
    Rag,
    RagRule,
    Rank,
    benchmark,
    gap,
    quintile,
    rag,
    rank_among,
    ranks,
    similar_places_value,
)
from localgrowth.domain.evidence.polarity import Polarity
from localgrowth.domain.evidence.significance import Interval, Significance


def test_gap_is_absolute_and_a_percentage_of_the_comparator():
    assert gap(28.75, 25) == gap(28.75, 25.0)
    assert (gap(28.75, 25).absolute, gap(28.75, 25).percent) == (3.75, 15.0)
    assert gap(90, 100).percent == -10.0


def test_gap_from_a_negative_comparator_keeps_the_sign_of_the_difference():
    # −5 is 5 above −10: +50% of the comparator's size, not −50%.
    assert gap(-5, -10).percent == 50.0
    assert gap(-15, -10).percent == -50.0


def test_gap_to_zero_has_no_percentage():
    result = gap(3, 0)
    assert result.absolute == 3
    assert result.percent is None


def test_similar_places_are_compared_with_their_median():
    assert similar_places_value([30, 10, 20, None, 1000]) == 25
    assert similar_places_value([None, float("nan")]) is None


# Four districts: b and c tie at the top when higher is better.
#   higher is better: b 1, c 1, a 3, d 4
#   lower is better:  d 1, a 2, b 3, c 3
VALUES = {"a": 3, "b": 5, "c": 5, "d": 1, "e": None}


def test_ranks_when_higher_is_better_share_tied_positions():
    ranked = ranks(VALUES, Polarity.HIGHER)
    assert {code: rank.position for code, rank in ranked.items()} == {
        "a": 3,
        "b": 1,
        "c": 1,
        "d": 4,
    }
    assert {rank.of for rank in ranked.values()} == {4}
    assert all(rank.has_direction for rank in ranked.values())


def test_ranks_when_lower_is_better_put_the_lowest_first():
    ranked = ranks(VALUES, Polarity.LOWER)
    assert {code: rank.position for code, rank in ranked.items()} == {
        "a": 2,
        "b": 3,
        "c": 3,
        "d": 1,
    }


def test_ranks_with_no_better_direction_go_highest_first_and_say_so():
    ranked = ranks(VALUES, Polarity.NEITHER)
    assert ranked["b"] == Rank(position=1, of=4, has_direction=False)
    assert ranked["d"].position == 4


def test_a_larger_area_is_ranked_where_it_would_stand_among_districts():
    assert rank_among(4, VALUES.values(), Polarity.HIGHER) == Rank(3, 5, True)
    assert rank_among(4, VALUES.values(), Polarity.LOWER) == Rank(3, 5, True)
    assert rank_among(0, VALUES.values(), Polarity.LOWER).position == 1
    # A tie is not ahead: level with b and c, it shares their position.
    assert rank_among(5, VALUES.values(), Polarity.HIGHER).position == 1


def test_quintiles_cut_the_field_into_fifths_from_the_best():
    # Of 10: positions 1–2 are quintile 1, 3–4 quintile 2, … 9–10 quintile 5.
    assert [quintile(position, 10) for position in range(1, 11)] == [
        1,
        1,
        2,
        2,
        3,
        3,
        4,
        4,
        5,
        5,
    ]
    assert quintile(1, 1) == 1
    assert Rank(60, 296, True).quintile == 1
    assert Rank(61, 296, True).quintile == 2
    with pytest.raises(ValueError, match="within a field"):
        quintile(11, 10)


@given(st.dictionaries(st.text(min_size=1, max_size=4), st.integers(-50, 50), min_size=1))
def test_ranks_order_values_by_polarity(values):
    for polarity in Polarity:
        ranked = ranks(values, polarity)
        assert set(ranked) == set(values)
        for one in values:
            for other in values:
                if values[one] == values[other]:
                    assert ranked[one].position == ranked[other].position
                elif (values[one] < values[other]) == (polarity is Polarity.LOWER):
                    assert ranked[one].position < ranked[other].position
        best = max(values.values()) if polarity is not Polarity.LOWER else min(values.values())
        assert all(ranked[code].position == 1 for code in values if values[code] == best)
        assert all(1 <= rank.quintile <= 5 for rank in ranked.values())
        positions = sorted(ranked.values(), key=lambda rank: rank.position)
        quintiles = [rank.quintile for rank in positions]
        assert quintiles == sorted(quintiles)


@given(st.lists(st.integers(-50, 50), min_size=1, max_size=40), st.integers(-60, 60))
def test_rank_among_matches_ranking_the_value_with_the_others(others, value):
    field = {f"o{index}": other for index, other in enumerate(others)} | {"x": value}
    for polarity in Polarity:
        assert rank_among(value, others, polarity) == ranks(field, polarity)["x"]


def test_rag_by_threshold_is_polarity_aware():
    # Threshold 5%: better by more than 5% of England is green, worse by more is red.
    assert rag(106, 100, Polarity.HIGHER) is Rag.GREEN
    assert rag(105, 100, Polarity.HIGHER) is Rag.AMBER
    assert rag(96, 100, Polarity.HIGHER) is Rag.AMBER
    assert rag(94, 100, Polarity.HIGHER) is Rag.RED
    assert rag(94, 100, Polarity.LOWER) is Rag.GREEN
    assert rag(106, 100, Polarity.LOWER) is Rag.RED
    assert rag(106, 100, Polarity.NEITHER) is Rag.NO_DIRECTION
    assert rag(-94, -100, Polarity.HIGHER) is Rag.GREEN


def test_rag_threshold_is_a_parameter():
    strict = RagRule(threshold_percent=0)
    loose = RagRule(threshold_percent=10)
    assert rag(101, 100, Polarity.HIGHER, strict) is Rag.GREEN
    assert rag(100, 100, Polarity.HIGHER, strict) is Rag.AMBER
    assert rag(108, 100, Polarity.HIGHER, loose) is Rag.AMBER
    with pytest.raises(ValueError, match="threshold"):
        RagRule(threshold_percent=-1)


def test_rag_against_zero_goes_by_the_sign_of_the_difference():
    assert rag(0.1, 0, Polarity.HIGHER) is Rag.GREEN
    assert rag(0.1, 0, Polarity.LOWER) is Rag.RED
    assert rag(0, 0, Polarity.LOWER) is Rag.AMBER


def test_rag_uses_significance_when_the_value_has_an_interval():
    # 1% above England but with a narrow interval: significantly better, so green.
    assert rag(101, 100, Polarity.HIGHER, interval=Interval(100.5, 101.5)) is Rag.GREEN
    assert rag(101, 100, Polarity.LOWER, interval=Interval(100.5, 101.5)) is Rag.RED
    # 20% above England but with a wide interval: not significant, so amber.
    assert rag(120, 100, Polarity.HIGHER, interval=Interval(90, 150)) is Rag.AMBER
    # England's own interval overlaps the value's.
    england = Interval(100.8, 101.2)
    assert rag(101, 100, Polarity.HIGHER, interval=Interval(100.5, 101.5)) is Rag.GREEN
    assert (
        rag(101, 101, Polarity.HIGHER, interval=Interval(100.5, 101.5), comparator_interval=england)
        is Rag.AMBER
    )
    # The rule can ignore intervals and go by the threshold alone.
    by_threshold = RagRule(use_significance=False)
    assert rag(101, 100, Polarity.HIGHER, by_threshold, Interval(100.5, 101.5)) is Rag.AMBER


def test_benchmark_gathers_every_comparison():
    result = benchmark(
        28.75,
        Polarity.HIGHER,
        england=25,
        region=30,
        similar=[20, 26, 40],
        rank=Rank(12, 296, True),
        interval=Interval(27, 30.5),
    )
    assert result.england.percent == 15.0
    assert result.region == gap(28.75, 30)
    assert result.similar == gap(28.75, 26)
    assert result.rank == Rank(12, 296, True)
    assert result.significance is Significance.HIGHER
    assert result.rag is Rag.GREEN
    bare = benchmark(24, Polarity.LOWER, england=25)
    assert (bare.region, bare.similar, bare.rank, bare.significance) == (None, None, None, None)
    assert bare.rag is Rag.AMBER
