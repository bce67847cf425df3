"""Rolling district values up to larger areas: sums for counts, ratios from their parts, never
a mean of ratios, and never over a partial set of districts."""

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from localgrowth.domain.evidence.aggregation import (
    Aggregation,
    AggregationRule,
    aggregate,
    aggregate_ratio,
    aggregate_ratio_by_denominator,
    aggregate_sum,
    district_ratios,
    mean_of_ratios,
    missing_districts,
)
from localgrowth.domain.evidence.errors import (
    IncompleteDataError,
    NotAggregableError,
    ZeroDenominatorError,
)

# A partnership of three districts, worked by hand:
#
#   district   GVA £m   hours worked (m)   GVA per hour £
#   d1            300          10                30
#   d2            100           5                20
#   d3             60           1                60
#   partnership   460          16                28.75   (460 ÷ 16)
#
# The mean of the districts' ratios is (30 + 20 + 60) ÷ 3 = 36.67, which weights d3 (1m hours)
# as much as d1 (10m hours).
GVA = {"d1": 300, "d2": 100, "d3": 60}
HOURS = {"d1": 10, "d2": 5, "d3": 1}
PARTNERSHIP = ["d1", "d2", "d3"]
GVA_PER_HOUR = Aggregation.ratio_of("gva", "hours")


def test_partnership_gva_per_hour_is_total_gva_over_total_hours():
    result = aggregate(GVA_PER_HOUR, PARTNERSHIP, numerators=GVA, denominators=HOURS)
    assert result.value == 28.75
    assert (result.numerator, result.denominator) == (460, 16)
    assert result.districts == ("d1", "d2", "d3")


def test_the_mean_of_the_districts_ratios_is_not_the_partnership_value():
    right = aggregate_ratio(GVA, HOURS, PARTNERSHIP).value
    wrong = mean_of_ratios(GVA, HOURS, PARTNERSHIP)
    assert wrong == pytest.approx(110 / 3)
    assert right != pytest.approx(wrong)
    assert district_ratios(GVA, HOURS, PARTNERSHIP) == {"d1": 30, "d2": 20, "d3": 60}


def test_published_ratios_weighted_by_their_denominators_give_the_same_value():
    # Only GVA per hour (30, 20, 60) and hours (10, 5, 1) published: (300 + 100 + 60) ÷ 16.
    per_hour = {"d1": 30, "d2": 20, "d3": 60}
    result = aggregate_ratio_by_denominator(per_hour, HOURS, PARTNERSHIP)
    assert result.value == 28.75
    assert (result.numerator, result.denominator) == (460, 16)
    with pytest.raises(IncompleteDataError, match="d3"):
        aggregate_ratio_by_denominator(per_hour | {"d3": None}, HOURS, PARTNERSHIP)
    with pytest.raises(ZeroDenominatorError):
        aggregate_ratio_by_denominator(per_hour, dict.fromkeys(PARTNERSHIP, 0), PARTNERSHIP)


def test_employment_rate_is_scaled_from_summed_parts():
    # Employed 75 of 100 and 160 of 200 people aged 16–64: 235 of 300 is 78.33%, not the
    # mean of 75% and 80% (77.5%).
    rate = Aggregation.ratio_of("employed", "population_16_64", scale=100)
    result = aggregate(
        rate, ["a", "b"], numerators={"a": 75, "b": 160}, denominators={"a": 100, "b": 200}
    )
    assert result.value == pytest.approx(235 / 3)
    assert mean_of_ratios({"a": 75, "b": 160}, {"a": 100, "b": 200}, ["a", "b"], 100) == 77.5


def test_counts_are_summed_from_decimals_and_each_district_counts_once():
    jobs = {"d1": Decimal("1500"), "d2": Decimal("2500.5"), "d3": 0}
    result = aggregate(Aggregation.summed(), ["d2", "d1", "d3", "d1"], values=jobs)
    assert result.value == 4000.5
    assert result.districts == ("d1", "d2", "d3")
    assert result.numerator is None


def test_an_indicator_that_cannot_be_aggregated_is_refused_with_its_reason():
    median_pay = Aggregation.not_aggregable("a median of districts is not the area's median")
    with pytest.raises(NotAggregableError, match="median of districts") as refused:
        aggregate(median_pay, PARTNERSHIP, values=GVA, indicator="median_pay")
    assert refused.value.reason == "a median of districts is not the area's median"
    assert refused.value.indicator == "median_pay"
    assert "median_pay cannot be aggregated" in str(refused.value)


def test_an_aggregation_states_its_parts_or_its_reason():
    with pytest.raises(ValueError, match="numerator and denominator"):
        Aggregation(AggregationRule.RATIO, numerator="gva")
    with pytest.raises(ValueError, match="Say why"):
        Aggregation.not_aggregable("  ")
    with pytest.raises(ValueError, match="scale"):
        Aggregation.ratio_of("gva", "hours", scale=0)


def test_missing_districts_refuse_the_aggregate_and_are_named():
    jobs = {"d1": 10, "d2": None, "d3": float("nan")}
    assert missing_districts(["d1", "d2", "d3", "d4"], jobs) == ("d2", "d3", "d4")
    with pytest.raises(IncompleteDataError, match="d2, d3, d4") as refused:
        aggregate_sum(jobs, ["d1", "d2", "d3", "d4"])
    assert refused.value.missing == ("d2", "d3", "d4")


def test_a_ratio_needs_both_parts_for_every_district():
    hours = {"d1": 10, "d2": 5}
    assert missing_districts(PARTNERSHIP, GVA, hours) == ("d3",)
    with pytest.raises(IncompleteDataError) as refused:
        aggregate_ratio(GVA, hours, PARTNERSHIP)
    assert refused.value.missing == ("d3",)


def test_zero_denominators_are_refused():
    with pytest.raises(ZeroDenominatorError):
        aggregate_ratio({"a": 1, "b": 2}, {"a": 0, "b": 0}, ["a", "b"])
    # One district's zero denominator is fine for the aggregate but not for its own ratio.
    assert aggregate_ratio({"a": 1, "b": 2}, {"a": 0, "b": 4}, ["a", "b"]).value == 0.75
    with pytest.raises(ZeroDenominatorError, match="zero for a"):
        mean_of_ratios({"a": 1, "b": 2}, {"a": 0, "b": 4}, ["a", "b"])


def test_the_right_values_are_asked_for():
    with pytest.raises(ValueError, match="needs the districts' values"):
        aggregate(Aggregation.summed(), PARTNERSHIP)
    with pytest.raises(ValueError, match="gva"):
        aggregate(GVA_PER_HOUR, PARTNERSHIP, numerators=GVA)
    with pytest.raises(ValueError, match="at least one district"):
        aggregate_sum(GVA, [])


def test_infinite_values_are_refused():
    with pytest.raises(ValueError, match="finite"):
        aggregate_sum({"a": float("inf")}, ["a"])


districts = st.dictionaries(
    st.text("abcdefghij", min_size=1, max_size=3),
    st.tuples(st.integers(-(10**9), 10**9), st.integers(1, 10**9)),
    min_size=2,
)


@given(districts, st.data())
def test_aggregates_of_a_partition_add_up_to_the_whole(values, data):
    codes = sorted(values)
    first = data.draw(st.sets(st.sampled_from(codes), min_size=1, max_size=len(codes) - 1))
    second = set(codes) - first
    counts = {code: pair[0] for code, pair in values.items()}
    whole = aggregate_sum(counts, codes).value
    assert aggregate_sum(counts, first).value + aggregate_sum(counts, second).value == whole
    tops = {code: pair[0] for code, pair in values.items()}
    bottoms = {code: pair[1] for code, pair in values.items()}
    one, two = aggregate_ratio(tops, bottoms, first), aggregate_ratio(tops, bottoms, second)
    numerators = [one.numerator or 0.0, two.numerator or 0.0]
    denominators = [one.denominator or 0.0, two.denominator or 0.0]
    combined = sum(numerators) / sum(denominators)
    assert aggregate_ratio(tops, bottoms, codes).value == combined


@given(districts)
def test_a_ratio_aggregate_lies_between_its_districts_ratios(values):
    tops = {code: pair[0] for code, pair in values.items()}
    bottoms = {code: pair[1] for code, pair in values.items()}
    ratios = district_ratios(tops, bottoms, values).values()
    result = aggregate_ratio(tops, bottoms, values).value
    assert min(ratios) - 1e-9 * abs(min(ratios)) <= result
    assert result <= max(ratios) + 1e-9 * abs(max(ratios))


@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=30))
def test_a_sum_does_not_depend_on_the_order_of_districts(numbers):
    values = {f"d{index:02}": number for index, number in enumerate(numbers)}
    forward = aggregate_sum(values, list(values)).value
    backward = aggregate_sum(dict(reversed(values.items())), list(reversed(values))).value
    assert forward == backward == math.fsum(numbers)
