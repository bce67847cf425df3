"""Green Book discounting, optimism bias, benefit-cost ratios, value for money categories and
cost per output."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from localgrowth.domain.additionality import NO_ADJUSTMENT, Additionality
from localgrowth.domain.appraisal import (
    DISCOUNT_SCHEDULE,
    STPR,
    UPPER_BOUND_UPLIFTS,
    adjust_for_optimism_bias,
    appraise,
    bcr,
    discount_factor,
    present_value,
    vfm_category,
)

JOBS = Additionality(deadweight=0.2, displacement=0.25, leakage=0.1)
"""0.9 × 0.75 × 0.8 = 0.54 of gross jobs are net additional."""


def test_the_stpr_is_three_and_a_half_per_cent():
    assert STPR == 0.035
    assert DISCOUNT_SCHEDULE[0].rate == STPR


def test_the_schedule_declines_in_bands_that_follow_on():
    assert [(band.first_year, band.last_year, band.rate) for band in DISCOUNT_SCHEDULE] == [
        (0, 30, 0.035),
        (31, 75, 0.030),
        (76, 125, 0.025),
        (126, 200, 0.020),
        (201, 300, 0.015),
        (301, None, 0.010),
    ]


def test_the_appraisal_year_is_not_discounted():
    assert discount_factor(0) == 1


def test_one_year_on_is_discounted_at_the_stpr():
    assert discount_factor(1) == pytest.approx(1 / 1.035)
    assert present_value({1: 100}) == pytest.approx(96.61835748792271)


def test_flows_in_several_years_add_up():
    # 100 + 100 / 1.035 + 100 / 1.035² = 100 + 96.6184 + 93.3511
    assert present_value({0: 100, 1: 100, 2: 100}) == pytest.approx(289.96942752456302)


def test_year_30_is_the_last_at_three_and_a_half_per_cent():
    # 1000 / 1.035³⁰ = 356.2784
    assert present_value({30: 1000}) == pytest.approx(356.27841060230236)


def test_year_31_compounds_three_per_cent_on_thirty_years_at_three_and_a_half():
    # 1000 / (1.035³⁰ × 1.03) = 345.9014: not 1000 / 1.03³¹ (399.99) nor 1000 / 1.035³¹ (344.23)
    assert present_value({31: 1000}) == pytest.approx(345.9013695167984)
    assert discount_factor(31) == pytest.approx(discount_factor(30) / 1.03)


def test_later_bands_compound_on_the_earlier_ones():
    # 1.035⁻³⁰ × 1.03⁻⁴⁵, then a further 1.025⁻¹
    assert discount_factor(75) == pytest.approx(0.09421377257669152)
    assert discount_factor(76) == pytest.approx(0.0919158756845771)
    assert discount_factor(126) == pytest.approx(discount_factor(125) / 1.02)
    assert discount_factor(201) == pytest.approx(discount_factor(200) / 1.015)
    assert discount_factor(302) == pytest.approx(discount_factor(300) / 1.01**2)


def test_no_flows_have_no_value():
    assert present_value({}) == 0


@pytest.mark.parametrize("year", [-1, 1.5, True])
def test_a_year_must_be_a_whole_number_from_zero(year):
    with pytest.raises(ValueError, match="whole number of years after the appraisal year"):
        discount_factor(year)


def test_a_flow_must_be_a_number():
    with pytest.raises(ValueError, match="amount of costs in year 2 must be a number; it is nan"):
        present_value({2: math.nan}, what="costs")


def test_a_flow_before_the_appraisal_year_is_refused():
    with pytest.raises(ValueError, match=r"A year of benefits must be .* one is -2"):
        present_value({-2: 10.0}, what="benefits")


@given(st.integers(min_value=0, max_value=600))
def test_discount_factors_fall_year_on_year_and_stay_positive(year):
    assert 0 < discount_factor(year + 1) < discount_factor(year) <= 1


@given(
    st.dictionaries(
        st.integers(min_value=0, max_value=150),
        st.floats(min_value=-1e9, max_value=1e9),
        max_size=10,
    ),
    st.floats(min_value=0, max_value=10),
)
def test_present_value_scales_with_the_flows(flows, scale):
    scaled = {year: amount * scale for year, amount in flows.items()}
    assert present_value(scaled) == pytest.approx(present_value(flows) * scale, abs=1e-3)


def test_optimism_bias_uplifts_a_cost():
    assert adjust_for_optimism_bias(1_000_000, 0.24) == pytest.approx(1_240_000)
    assert adjust_for_optimism_bias(500, 0) == 500
    assert adjust_for_optimism_bias(100, 2.0) == pytest.approx(300)


@pytest.mark.parametrize("uplift", [-0.1, math.nan, math.inf])
def test_optimism_bias_cannot_reduce_a_cost(uplift):
    with pytest.raises(ValueError, match="optimism bias uplift must be a share of 0 or more"):
        adjust_for_optimism_bias(100, uplift)


def test_optimism_bias_applies_to_a_cost_of_zero_or_more():
    with pytest.raises(ValueError, match="must be 0 or more; it is -5"):
        adjust_for_optimism_bias(-5, 0.1)


def test_upper_bound_uplifts_are_the_supplementary_guidance_table():
    assert dict(UPPER_BOUND_UPLIFTS) == {
        "standard buildings": 0.24,
        "non-standard buildings": 0.51,
        "standard civil engineering": 0.44,
        "non-standard civil engineering": 0.66,
        "equipment/development": 2.00,
        "outsourcing": 0.41,
    }
    with pytest.raises(TypeError):
        UPPER_BOUND_UPLIFTS["standard buildings"] = 0.1  # type: ignore[index]


def test_bcr_is_benefits_over_costs():
    assert bcr(250, 100) == 2.5
    assert bcr(-50, 100) == -0.5


@pytest.mark.parametrize("pv_costs", [0, -100, math.nan])
def test_bcr_needs_costs_above_zero(pv_costs):
    with pytest.raises(ValueError, match="present value of costs must be more than 0"):
        bcr(100, pv_costs)


def test_bcr_needs_benefits_that_are_a_number():
    with pytest.raises(ValueError, match="present value of benefits must be a number"):
        bcr(math.inf, 100)


@pytest.mark.parametrize(
    ("ratio", "category"),
    [
        (-0.5, "poor"),
        (0, "poor"),
        (0.999, "poor"),
        (1, "low"),
        (1.499, "low"),
        (1.5, "medium"),
        (1.999, "medium"),
        (2, "high"),
        (3.5, "high"),
        (4, "high"),
        (4.001, "very high"),
        (12, "very high"),
    ],
)
def test_value_for_money_category_at_and_around_each_boundary(ratio, category):
    assert vfm_category(ratio) == category


def test_value_for_money_category_needs_a_number():
    with pytest.raises(ValueError, match="benefit-cost ratio must be a number; it is nan"):
        vfm_category(math.nan)


_ORDER = ["poor", "low", "medium", "high", "very high"]


@given(st.floats(min_value=-10, max_value=10), st.floats(min_value=0, max_value=10))
def test_a_higher_ratio_is_never_a_worse_category(ratio, more):
    assert _ORDER.index(vfm_category(ratio + more)) >= _ORDER.index(vfm_category(ratio))


def _appraisal(**changes):
    arguments = {
        "costs_by_year": {0: 1_000_000, 1: 500_000},
        "benefits_by_year": {1: 1_500_000, 2: 2_000_000},
        "optimism_bias": 0.24,
        "gross_jobs": 100,
        "gross_homes": 40,
        "additionality_jobs": JOBS,
        "additionality_homes": NO_ADJUSTMENT,
        "public_cost": 1_080_000,
    }
    arguments.update(changes)
    return appraise(**arguments)


def test_appraisal_discounts_adjusts_and_divides():
    appraisal = _appraisal()
    # Costs: 1,000,000 + 500,000 / 1.035 = 1,483,091.79; × 1.24 = 1,839,033.82
    assert appraisal.pv_costs_unadjusted.value == pytest.approx(1_483_091.7874396136)
    assert appraisal.pv_costs.value == pytest.approx(1_839_033.816425121)
    # Benefits: 1,500,000 / 1.035 + 2,000,000 / 1.035² = 3,316,296.76
    assert appraisal.pv_benefits.value == pytest.approx(3_316_296.7630516468)
    assert appraisal.bcr_unadjusted.value == pytest.approx(2.2360698044029017)
    assert appraisal.bcr.value == pytest.approx(1.8032821003249206)


def test_the_category_comes_from_the_ratio_after_optimism_bias():
    appraisal = _appraisal()
    assert vfm_category(appraisal.bcr_unadjusted.value) == "high"
    assert appraisal.vfm_category.value == "medium"
    assert "1.80 after optimism bias is medium value for money" in appraisal.vfm_category.basis


def test_cost_per_job_gross_and_net():
    appraisal = _appraisal()
    # 1,080,000 / 100 gross; 1,080,000 / (100 × 0.54 = 54) net
    assert appraisal.cost_per_job_gross.value == pytest.approx(10_800)
    assert appraisal.cost_per_job_net.value == pytest.approx(20_000)
    assert appraisal.cost_per_job_gross.basis == "Public cost of £1,080,000 ÷ 100 gross jobs."
    assert appraisal.cost_per_job_net.basis == (
        "Public cost of £1,080,000 ÷ 54 net additional jobs "
        "(100 gross × an additionality factor of 0.54)."
    )


def test_cost_per_home_with_gross_counted_as_net():
    appraisal = _appraisal()
    assert appraisal.cost_per_home_gross.value == pytest.approx(27_000)
    assert appraisal.cost_per_home_net.value == pytest.approx(27_000)


def test_no_outputs_means_no_cost_per_output():
    appraisal = _appraisal(gross_jobs=0, gross_homes=0)
    for figure in (
        appraisal.cost_per_job_gross,
        appraisal.cost_per_job_net,
        appraisal.cost_per_home_gross,
        appraisal.cost_per_home_net,
    ):
        assert figure.value is None
    assert appraisal.cost_per_job_net.basis == "No jobs are forecast, so there is no cost per job."


def test_every_figure_says_how_it_was_worked_out():
    appraisal = _appraisal()
    assert appraisal.pv_costs_unadjusted.basis == (
        "Costs in years 0 to 1 as estimated, discounted at the Green Book rate "
        "(3.5% a year for years 0 to 30, less after)."
    )
    assert "optimism bias uplift of 24%" in appraisal.pv_costs.basis
    assert appraisal.pv_benefits.basis.startswith("Benefits in years 1 to 2, discounted")
    assert appraisal.bcr.basis == (
        "Present value of benefits £3,316,297 ÷ present value of costs after optimism bias "
        "£1,839,034."
    )
    assert "before optimism bias £1,483,092" in appraisal.bcr_unadjusted.basis


def test_a_ratio_just_under_a_boundary_is_not_shown_rounded_up_to_it():
    appraisal = _appraisal(
        costs_by_year={0: 1_000_000}, benefits_by_year={0: 1_499_999.9}, optimism_bias=0
    )
    assert appraisal.vfm_category.value == "low"
    assert appraisal.pv_costs.basis.startswith("Costs in year 0 increased")
    assert "ratio of 1.4999999 after" in appraisal.vfm_category.basis


def test_without_optimism_bias_both_ratios_agree():
    appraisal = _appraisal(optimism_bias=0)
    assert appraisal.bcr.value == appraisal.bcr_unadjusted.value


def test_appraisal_needs_some_cost():
    with pytest.raises(ValueError, match="costs_by_year must hold some cost"):
        _appraisal(costs_by_year={})
    with pytest.raises(ValueError, match="costs_by_year must hold some cost"):
        _appraisal(costs_by_year={0: 0, 3: 0})


def test_appraisal_refuses_a_negative_cost():
    with pytest.raises(ValueError, match="costs_by_year must be 0 or more in every year; year 2"):
        _appraisal(costs_by_year={0: 100, 2: -5})


def test_appraisal_names_the_flows_with_a_bad_year():
    with pytest.raises(ValueError, match="A year of benefits_by_year"):
        _appraisal(benefits_by_year={-1: 100})


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("gross_jobs", -1, "gross_jobs must be 0 or more; it is -1"),
        ("gross_homes", math.nan, "gross_homes must be 0 or more; it is nan"),
        ("public_cost", -10, "public_cost must be 0 or more; it is -10"),
        ("optimism_bias", -0.2, "optimism bias uplift must be a share of 0 or more"),
    ],
)
def test_appraisal_refuses_bad_inputs_by_name(field, value, message):
    with pytest.raises(ValueError, match=message):
        _appraisal(**{field: value})
