"""Apportioning a project's values among areas, and which areas lie within an area."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from localgrowth.domain.apportion import (
    apportion,
    apportion_exact,
    areas_within,
    complete_shares,
    descendants,
    equal_shares,
    leaf_areas,
    part_inside,
    spread_shares,
)

# A toy geography: a partnership P with federated areas F1 (districts d1, d2) and F2 (d3, d4);
# county C is made of d1 and d2 but its only parent is region R, which also holds d5.
CHILDREN = {
    "P": ["F1", "F2", "d1", "d2", "d3", "d4"],
    "F1": ["d1", "d2"],
    "F2": ["d3", "d4"],
    "C": ["d1", "d2"],
    "R": ["C", "d1", "d2", "d5"],
}
DISTRICTS = {"d1", "d2", "d3", "d4", "d5"}


def test_equal_shares_add_up_to_one_with_the_remainder_first():
    assert equal_shares(3) == [Decimal("0.333334"), Decimal("0.333333"), Decimal("0.333333")]
    with pytest.raises(ValueError, match="at least one"):
        equal_shares(0)


def test_complete_shares_needs_all_or_none():
    assert complete_shares([None, None]) == [Decimal("0.5"), Decimal("0.5")]
    with pytest.raises(ValueError, match="every area"):
        complete_shares([Decimal("0.5"), None])
    with pytest.raises(ValueError, match="add up to"):
        complete_shares([Decimal("0.5"), Decimal("0.4")])


def test_apportion_keeps_the_total():
    parts = apportion(Decimal("100"), equal_shares(3))
    assert sum(parts) == Decimal("100")


def test_apportion_exact_gives_pence_that_add_up():
    parts = apportion_exact(Decimal("100.00"), equal_shares(3))
    assert parts == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]


def test_apportion_exact_gives_left_over_pence_to_the_largest_remainders():
    # 0.05 split 0.3 / 0.3 / 0.4 is 1.5p, 1.5p, 2p: the tie goes to the earlier share.
    weights = [Decimal("0.3"), Decimal("0.3"), Decimal("0.4")]
    assert apportion_exact(Decimal("0.05"), weights) == [
        Decimal("0.02"),
        Decimal("0.01"),
        Decimal("0.02"),
    ]


def test_apportion_exact_uses_weights_in_proportion_to_their_sum():
    parts = apportion_exact(Decimal("10.00"), [Decimal("0.499999"), Decimal("0.499999")])
    assert parts == [Decimal("5.00"), Decimal("5.00")]


def test_apportion_exact_in_whole_units():
    assert apportion_exact(Decimal("7"), equal_shares(2), unit=Decimal("1")) == [4, 3]


def test_apportion_exact_refuses_bad_input():
    assert apportion_exact(Decimal("5.00"), []) == []
    with pytest.raises(ValueError, match="whole number"):
        apportion_exact(Decimal("0.005"), [Decimal(1)])
    with pytest.raises(ValueError, match="negative"):
        apportion_exact(Decimal("1.00"), [Decimal("-1"), Decimal("2")])
    with pytest.raises(ValueError, match="more than 0"):
        apportion_exact(Decimal("1.00"), [Decimal(0)])


@given(
    pence=st.integers(min_value=-(10**14), max_value=10**14),
    weights=st.lists(
        st.decimals(min_value=0, max_value=1, places=6).filter(lambda weight: weight > 0),
        min_size=1,
        max_size=8,
    ),
)
def test_apportion_exact_always_adds_up_and_rounds_each_part_by_less_than_a_penny(pence, weights):
    value = Decimal(pence) / 100
    parts = apportion_exact(value, weights)
    assert sum(parts) == value
    total = sum(weights)
    for part, weight in zip(parts, weights, strict=True):
        assert part == part.quantize(Decimal("0.01"))
        assert abs(part - value * weight / total) < Decimal("0.01")


def test_descendants_follow_child_links_and_survive_cycles():
    assert descendants(["F1"], CHILDREN) == {"d1", "d2"}
    assert descendants(["R"], CHILDREN) == {"C", "d1", "d2", "d5"}
    assert descendants(["a"], {"a": ["b"], "b": ["a"]}) == {"a", "b"}


def test_areas_within_include_the_root_and_its_descendants():
    assert areas_within(["F1"], CHILDREN, DISTRICTS) == {"F1", "d1", "d2"}
    assert areas_within(["d3"], CHILDREN, DISTRICTS) == {"d3"}


def test_a_county_made_of_a_federated_areas_districts_lies_within_it():
    assert "C" in areas_within(["F1"], CHILDREN, DISTRICTS, candidates=["C"])
    assert "C" in areas_within(["P"], CHILDREN, DISTRICTS, candidates=["C"])


def test_a_larger_area_does_not_lie_within_one_of_its_parts():
    assert areas_within(["d1"], CHILDREN, DISTRICTS, candidates=["C", "F1", "R"]) == {"d1"}
    assert "R" not in areas_within(["P"], CHILDREN, DISTRICTS, candidates=["R"])
    assert "F2" not in areas_within(["C"], CHILDREN, DISTRICTS, candidates=["F2"])


def test_an_area_with_no_districts_lies_only_within_itself():
    assert areas_within(["P"], CHILDREN, DISTRICTS, candidates=["empty"]) == set(
        areas_within(["P"], CHILDREN, DISTRICTS)
    )


def test_leaf_areas_of_a_district_is_itself():
    assert leaf_areas("d1", CHILDREN, DISTRICTS) == {"d1"}
    assert leaf_areas("R", CHILDREN, DISTRICTS) == {"d1", "d2", "d5"}
    assert leaf_areas("empty", CHILDREN, DISTRICTS) == set()


def test_spread_shares_divides_a_share_equally_among_districts_and_adds_overlaps():
    leaves = {"C": {"d1", "d2"}, "d1": {"d1"}}
    spread = spread_shares([("d1", Decimal("0.5")), ("C", Decimal("0.5"))], leaves)
    assert spread == [("d1", Fraction(3, 4)), ("d2", Fraction(1, 4))]
    assert spread_shares([("old", Decimal(1))], {}) == [("old", Fraction(1))]


def test_parts_inside_areas_that_partition_the_whole_add_up_exactly():
    # A project serving county C (d1, d2) and district d3 equally; d1 and d2 lie in F1, d3 in F2.
    leaves = {"C": {"d1", "d2"}, "d3": {"d3"}}
    weights = spread_shares([("C", Decimal("0.5")), ("d3", Decimal("0.5"))], leaves)
    value = Decimal("1000.01")
    in_f1 = part_inside(value, weights, {"d1", "d2"})
    in_f2 = part_inside(value, weights, {"d3", "d4"})
    assert in_f1 + in_f2 == value
    assert (in_f1, in_f2) == (Decimal("500.00"), Decimal("500.01"))  # the odd penny: d3
    assert part_inside(value, weights, {"d1"}) == Decimal("250.00")
    assert part_inside(value, weights, set()) == Decimal("0.00")
