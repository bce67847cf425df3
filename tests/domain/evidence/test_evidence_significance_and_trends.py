"""Significance by confidence intervals, and trends since a base year."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from localgrowth.domain.evidence.errors import IncompleteDataError
from localgrowth.domain.evidence.polarity import Polarity
from localgrowth.domain.evidence.significance import Interval, Significance, significance
from localgrowth.domain.evidence.trends import trend, trend_since


def test_non_overlapping_intervals_are_significant():
    assert significance(Interval(3, 4), Interval(1, 2)) is Significance.HIGHER
    assert significance(Interval(1, 2), Interval(3, 4)) is Significance.LOWER
    assert significance(Interval(1, 3), Interval(2, 4)) is Significance.NOT_SIGNIFICANT


def test_touching_intervals_are_not_significant():
    assert significance(Interval(1, 3), Interval(3, 4)) is Significance.NOT_SIGNIFICANT
    assert significance(Interval(3, 4), Interval.point(3)) is Significance.NOT_SIGNIFICANT
    assert significance(Interval(3, 4), Interval.point(2.99)) is Significance.HIGHER


def test_an_interval_must_run_upwards():
    with pytest.raises(ValueError, match="above the upper"):
        Interval(2, 1)
    with pytest.raises(ValueError, match="finite"):
        Interval(float("nan"), 1)
    assert Interval.of(1, 2) == Interval(1.0, 2.0)


interval = st.tuples(st.floats(-1e6, 1e6), st.floats(0, 1e6)).map(
    lambda pair: Interval(pair[0], pair[0] + pair[1])
)


@given(interval, interval)
def test_significance_is_antisymmetric(one, other):
    forward, backward = significance(one, other), significance(other, one)
    mirror = {
        Significance.HIGHER: Significance.LOWER,
        Significance.LOWER: Significance.HIGHER,
        Significance.NOT_SIGNIFICANT: Significance.NOT_SIGNIFICANT,
    }
    assert backward is mirror[forward]
    overlap = one.lower <= other.upper and other.lower <= one.upper
    assert (forward is Significance.NOT_SIGNIFICANT) == overlap


def test_polarity_labels_and_direction():
    assert Polarity.LOWER.label == "Lower is better"
    assert not Polarity.NEITHER.has_direction
    assert Polarity.LOWER.improvement(-2) == 2
    assert Polarity.HIGHER.improvement(-2) == -2


def test_compound_growth_over_five_years():
    # 100 growing 10% a year for five years is 100 × 1.1⁵ = 161.051.
    result = trend(2015, 100, 2020, 161.051)
    assert result.years == 5
    assert result.change == pytest.approx(61.051)
    assert result.percent_change == pytest.approx(61.051)
    assert result.cagr_percent == pytest.approx(10.0)
    assert result.note == ""


def test_a_fall_to_zero_is_minus_one_hundred_percent():
    result = trend(2010, 50, 2012, 0)
    assert result.cagr_percent == -100.0
    assert result.percent_change == -100.0


def test_a_base_of_zero_has_no_percentage_or_compound_growth():
    result = trend(2015, 0, 2020, 40)
    assert result.change == 40
    assert result.percent_change is None
    assert result.cagr_percent is None
    assert "base of zero" in result.note


def test_a_negative_base_has_a_percentage_change_but_no_compound_growth():
    # −10 to −5 is a rise of 5, 50% of the base's size; compounding across signs is undefined.
    rise = trend(2015, -10, 2020, -5)
    assert rise.percent_change == 50.0
    assert rise.cagr_percent is None
    assert "positive base" in rise.note
    across = trend(2015, 10, 2020, -5)
    assert across.percent_change == -150.0
    assert across.cagr_percent is None


def test_the_latest_year_must_follow_the_base_year():
    with pytest.raises(ValueError, match="after the base year"):
        trend(2020, 1, 2020, 2)


def test_trend_since_uses_the_latest_year_with_a_value():
    series = {2015: 100, 2016: 110, 2017: 121, 2018: None}
    result = trend_since(series, 2015)
    assert result.latest_year == 2017
    assert result.cagr_percent == pytest.approx(10.0)
    assert trend_since(series, 2015, 2016).latest_value == 110
    with pytest.raises(IncompleteDataError, match="2018") as refused:
        trend_since(series, 2015, 2018)
    assert refused.value.missing == ("2018",)
    with pytest.raises(IncompleteDataError, match="2014"):
        trend_since(series, 2014)


@given(
    st.floats(0.01, 1e6),
    st.floats(-99, 500),
    st.integers(1, 40),
)
def test_compounding_the_growth_rate_returns_the_latest_value(base, rate, years):
    latest = base * (1 + rate / 100) ** years
    result = trend(2000, base, 2000 + years, latest)
    assert result.cagr_percent is not None
    assert base * (1 + result.cagr_percent / 100) ** years == pytest.approx(latest, rel=1e-9)
