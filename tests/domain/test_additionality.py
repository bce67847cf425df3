"""Gross outputs to net additional outputs, and the assumptions' validation."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from localgrowth.domain.additionality import NO_ADJUSTMENT, Additionality

shares = st.floats(min_value=0, max_value=1, exclude_max=True)
multipliers = st.floats(min_value=1, max_value=5)
grosses = st.floats(min_value=0, max_value=1e9)


def test_net_applies_every_share_and_the_multiplier():
    # 0.9 × 0.75 × 0.95 × 0.8 × 1.5 = 0.7695
    assumptions = Additionality(
        deadweight=0.2, displacement=0.25, leakage=0.1, substitution=0.05, multiplier=1.5
    )
    assert assumptions.factor == pytest.approx(0.7695)
    assert assumptions.net(1000) == pytest.approx(769.5)


def test_halves_compound():
    assert Additionality(deadweight=0.5, displacement=0.5, leakage=0.5).net(800) == 100


def test_substitution_and_multiplier_default_to_none():
    assumptions = Additionality(deadweight=0.25, displacement=0, leakage=0)
    assert assumptions.substitution == 0
    assert assumptions.multiplier == 1
    assert assumptions.net(400) == 300


def test_no_adjustment_counts_gross_as_net():
    assert NO_ADJUSTMENT.factor == 1
    assert NO_ADJUSTMENT.net(1234.5) == 1234.5


def test_shares_up_to_but_not_including_one_and_a_multiplier_of_one_are_allowed():
    assumptions = Additionality(
        deadweight=0.99, displacement=0.99, leakage=0.99, substitution=0.99, multiplier=1
    )
    assert assumptions.factor == pytest.approx(0.01**4)


@pytest.mark.parametrize("name", ["deadweight", "displacement", "leakage", "substitution"])
@pytest.mark.parametrize("value", [1.0, 1.5, -0.1, math.nan])
def test_a_share_outside_zero_to_one_is_refused_by_name(name, value):
    values = {"deadweight": 0.1, "displacement": 0.1, "leakage": 0.1, "substitution": 0.1}
    values[name] = value
    with pytest.raises(ValueError, match=r"up to but not including 1") as caught:
        Additionality(**values)
    assert str(caught.value).startswith(name.capitalize())


@pytest.mark.parametrize("value", [0.99, 0.0, -1.0, math.inf, math.nan])
def test_a_multiplier_below_one_or_not_finite_is_refused(value):
    with pytest.raises(ValueError, match=r"^The multiplier must be 1 or more"):
        Additionality(deadweight=0, displacement=0, leakage=0, multiplier=value)


@given(shares, shares, shares, shares, multipliers, grosses)
def test_net_is_never_more_than_gross_times_the_multiplier(
    deadweight, displacement, leakage, substitution, multiplier, gross
):
    assumptions = Additionality(deadweight, displacement, leakage, substitution, multiplier)
    assert 0 <= assumptions.net(gross) <= gross * multiplier


@given(
    st.sampled_from(["deadweight", "displacement", "leakage", "substitution"]),
    shares,
    shares,
    shares,
    multipliers,
)
def test_a_larger_share_never_gives_a_larger_net(name, base, first, second, multiplier):
    smaller, larger = sorted([first, second])
    values = dict.fromkeys(["deadweight", "displacement", "leakage", "substitution"], base)
    less = Additionality(**{**values, name: larger}, multiplier=multiplier)
    more = Additionality(**{**values, name: smaller}, multiplier=multiplier)
    assert less.factor <= more.factor
    assert less.net(1000) <= more.net(1000)
