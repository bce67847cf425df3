"""Progress towards a headline target: slippage ratios, the band they give and the projection
of the remaining forecasts."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from localgrowth.domain.trajectory import (
    BandPoint,
    Forecast,
    Point,
    band_quantiles,
    project,
    slippage_ratios,
    trajectory,
)

MARCH_2019, MARCH_2020, MARCH_2021 = date(2019, 3, 31), date(2020, 3, 31), date(2021, 3, 31)
REMAINING = [(MARCH_2021, 500.0), (MARCH_2020, 500.0)]
# Ratios 0.5, 1.0 and 1.5 (the forecast of 0 and the one not yet reported give none).
FORECASTS = [
    Forecast(date(2017, 4, 30), date(2017, 6, 30), forecast=100, actual=50),
    Forecast(date(2017, 7, 30), date(2017, 9, 30), forecast=200, actual=200),
    Forecast(date(2017, 10, 30), date(2017, 12, 31), forecast=0, actual=20),
    Forecast(date(2018, 1, 30), date(2018, 3, 31), forecast=100, actual=150),
    Forecast(date(2019, 4, 30), date(2019, 6, 30), forecast=100, actual=None),
]


def band(point: BandPoint) -> tuple[date, float, float, float]:
    return point.as_at, point.central, point.low, point.high


def test_slippage_ratios_are_actual_over_forecast_where_both_are_known():
    assert slippage_ratios(FORECASTS) == [0.5, 1.0, 1.5]
    assert slippage_ratios([]) == []
    correction = Forecast(date(2018, 4, 30), date(2018, 6, 30), forecast=-10, actual=5)
    assert slippage_ratios([correction]) == []


def test_band_quantiles_interpolate_linearly():
    # Positions 0.1 × 2 = 0.2 and 0.9 × 2 = 1.8 between the sorted ratios 0.5, 1.0, 1.5.
    low, median, high = band_quantiles([1.5, 0.5, 1.0])
    assert (low, median, high) == (pytest.approx(0.6), 1.0, pytest.approx(1.4))
    assert band_quantiles([1, 2, 3, 4, 5], low=0.25, high=0.75) == (2.0, 3.0, 4.0)
    assert band_quantiles([0.8]) == (0.8, 0.8, 0.8)


def test_no_ratios_mean_no_band():
    assert band_quantiles([]) == (1.0, 1.0, 1.0)


@pytest.mark.parametrize(("low", "high"), [(0.6, 0.9), (0.1, 0.4), (-0.1, 0.9), (0.1, 1.1)])
def test_band_quantiles_must_straddle_the_median(low, high):
    with pytest.raises(ValueError, match=r"0 ≤ low ≤ 0\.5 ≤ high ≤ 1"):
        band_quantiles([1.0], low=low, high=high)


def test_project_adds_each_increment_scaled_by_the_band():
    points = project(Point(MARCH_2019, 1000), REMAINING, [0.5, 1.0, 1.5])
    assert [point.as_at for point in points] == [MARCH_2019, MARCH_2020, MARCH_2021]
    assert band(points[0]) == (MARCH_2019, 1000, 1000, 1000)
    # 1,000 + 500 × (1.0, 0.6, 1.4), then another 500 × (1.0, 0.6, 1.4).
    assert (points[1].central, points[1].low, points[1].high) == pytest.approx((1500, 1300, 1700))
    assert (points[2].central, points[2].low, points[2].high) == pytest.approx((2000, 1600, 2400))


def test_project_without_ratios_follows_the_forecasts():
    points = project(Point(MARCH_2019, 10), [(MARCH_2020, 5)], [])
    assert [band(point) for point in points] == [(MARCH_2019, 10, 10, 10), (MARCH_2020, 15, 15, 15)]


def test_project_adds_increments_on_one_date_together():
    points = project(Point(MARCH_2019, 0), [(MARCH_2020, 100), (MARCH_2020, 50)], [])
    assert [band(point) for point in points] == [(MARCH_2019, 0, 0, 0), (MARCH_2020, 150, 150, 150)]


def test_project_counts_an_overdue_increment_at_the_delivered_date():
    points = project(Point(MARCH_2019, 1000), [(MARCH_2020, 200), (date(2018, 12, 31), 100)], [])
    assert [band(point) for point in points] == [
        (MARCH_2019, 1000, 1000, 1000),
        (MARCH_2019, 1100, 1100, 1100),
        (MARCH_2020, 1300, 1300, 1300),
    ]


def test_project_with_nothing_remaining_is_the_delivered_point():
    assert project(Point(MARCH_2019, 7), [], [0.5]) == [BandPoint(MARCH_2019, 7, 7, 7)]


def test_trajectory_of_a_hand_solved_case():
    delivered = [Point(MARCH_2019, 1000), Point(date(2018, 3, 31), 400)]
    result = trajectory(2500, MARCH_2021, delivered, REMAINING, FORECASTS)
    assert result.delivered == [Point(date(2018, 3, 31), 400), Point(MARCH_2019, 1000)]
    assert result.delivered_to_date == 1000
    assert result.forecast_at_completion == 2000
    assert result.share_of_target == 0.4
    assert result.ratios_used == 3
    assert [point.as_at for point in result.projection] == [MARCH_2019, MARCH_2020, MARCH_2021]
    assert result.at_deadline is not None
    assert result.at_deadline.as_at == MARCH_2021
    assert (
        result.at_deadline.central,
        result.at_deadline.low,
        result.at_deadline.high,
    ) == pytest.approx((2000, 1600, 2400))


def test_at_deadline_carries_the_last_point_before_it_forward():
    result = trajectory(2500, date(2020, 6, 30), [Point(MARCH_2019, 1000)], REMAINING, FORECASTS)
    assert result.at_deadline is not None
    assert result.at_deadline.as_at == date(2020, 6, 30)
    assert (
        result.at_deadline.central,
        result.at_deadline.low,
        result.at_deadline.high,
    ) == pytest.approx((1500, 1300, 1700))


def test_at_deadline_before_the_projection_is_the_delivered_figure_then():
    delivered = [Point(date(2018, 3, 31), 400), Point(MARCH_2019, 1000)]
    result = trajectory(2500, date(2018, 12, 31), delivered, REMAINING, FORECASTS)
    assert result.at_deadline == BandPoint(date(2018, 12, 31), 400, 400, 400)
    early = trajectory(2500, date(2017, 12, 31), delivered, REMAINING, FORECASTS)
    assert early.at_deadline is None


def test_trajectory_with_nothing_known():
    result = trajectory(100, MARCH_2021, [], [], [])
    assert result.delivered == []
    assert result.delivered_to_date == 0
    assert result.forecast_at_completion == 0
    assert result.projection == []
    assert result.at_deadline is None
    assert result.ratios_used == 0
    assert result.share_of_target == 0


def test_trajectory_with_nothing_delivered_projects_from_zero():
    result = trajectory(100, MARCH_2021, [], [(MARCH_2020, 10), (MARCH_2019, 5)], [])
    assert result.delivered_to_date == 0
    assert result.forecast_at_completion == 15
    assert [band(point) for point in result.projection] == [
        (MARCH_2019, 0, 0, 0),
        (MARCH_2019, 5, 5, 5),
        (MARCH_2020, 15, 15, 15),
    ]
    assert result.at_deadline == BandPoint(MARCH_2021, 15, 15, 15)


@pytest.mark.parametrize("target", [0, -5])
def test_the_target_must_be_positive(target):
    with pytest.raises(ValueError, match="The target must be more than 0"):
        trajectory(target, MARCH_2021, [], [], [])


increments = st.lists(
    st.tuples(
        st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31)),
        st.floats(min_value=0, max_value=1e7),
    ),
    max_size=20,
)
ratio_lists = st.lists(st.floats(min_value=0, max_value=5), max_size=30)


@given(st.floats(min_value=0, max_value=1e7), increments, ratio_lists)
def test_the_band_contains_the_central_line_at_every_point(start, remaining, ratios):
    points = project(Point(date(2020, 1, 1), start), remaining, ratios)
    assert points[0] == BandPoint(date(2020, 1, 1), start, start, start)
    for point in points:
        assert point.low <= point.central <= point.high
    dates = [point.as_at for point in points]
    assert dates == sorted(dates)
    assert len(points) == 1 + len({max(when, date(2020, 1, 1)) for when, _ in remaining})


@given(increments)
def test_without_ratios_the_projection_ends_at_the_forecast_at_completion(remaining):
    result = trajectory(1, date(2031, 1, 1), [Point(date(2015, 1, 1), 3.0)], remaining, [])
    assert result.at_deadline is not None
    assert result.at_deadline.central == pytest.approx(result.forecast_at_completion)
    assert result.projection[-1].low == result.projection[-1].high


def test_a_point_the_day_after_the_deadline_is_not_counted_at_it():
    result = trajectory(
        10, MARCH_2020, [Point(MARCH_2019, 1)], [(MARCH_2020 + timedelta(days=1), 5)], []
    )
    assert result.at_deadline == BandPoint(MARCH_2020, 1, 1, 1)
