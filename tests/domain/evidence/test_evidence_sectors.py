"""Location quotients, shift-share and distinctive strengths, against a table worked by hand."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from localgrowth.domain.evidence.errors import IncompleteDataError, ZeroDenominatorError
from localgrowth.domain.evidence.sectors import (
    distinctive_strengths,
    industry_total,
    is_total,
    location_quotients,
    sector_strengths,
    shift_share,
)

# A nation of two places, X and Y, and three industries: agriculture A, manufacturing M and
# services S (jobs). The nation is X + Y.
#
#                  base year (t0)              end year (t1)
#                  A     M     S   total       A     M     S   total
#   X             10    40    50    100        9    54    57    120
#   Y             40    60   200    300       31    66   283    380
#   nation        50   100   250    400       40   120   340    500
#
# National growth G = 500 ÷ 400 − 1 = 25%; by industry g_A = −20%, g_M = +20%, g_S = +36%.
#
# Location quotients of X, LQ = (x_i ÷ x) ÷ (n_i ÷ n):
#   t0: A 0.10 ÷ 0.125 = 0.8      M 0.40 ÷ 0.25 = 1.6      S 0.50 ÷ 0.625 = 0.8
#   t1: A 0.075 ÷ 0.08 = 0.9375   M 0.45 ÷ 0.24 = 1.875    S 0.475 ÷ 0.68 = 0.6985…
#
# Shift-share of X, t0 to t1: national = e0 × G, mix = e0 × (g_i − G), local = Δ − e0 × g_i
#        Δ   national             mix                          local
#   A   −1   10 × .25 = 2.5      10 × (−.20 − .25) = −4.5     −1 − (−2) = 1
#   M   14   40 × .25 = 10       40 × (.20 − .25) = −2        14 − 8 = 6
#   S    7   50 × .25 = 12.5     50 × (.36 − .25) = 5.5        7 − 18 = −11
#   all 20   25                  −1                           −4          (25 − 1 − 4 = 20)
#
# Shift-share of Y: A −9 = 10 − 18 − 1;  M 6 = 15 − 3 − 6;  S 83 = 50 + 22 + 11.
# Each industry's local effects over X and Y add up to zero (1 − 1, 6 − 6, −11 + 11).
#
# Distinctive strengths of X (LQ at t1 ≥ 1.25 and faster local growth than national):
#   M: LQ 1.875, +35% locally against +20% nationally → distinctive.
#   A: grew faster than nationally (−10% against −20%) but LQ 0.9375 → not distinctive.
X0 = {"A": 10, "M": 40, "S": 50}
X1 = {"A": 9, "M": 54, "S": 57}
Y0 = {"A": 40, "M": 60, "S": 200}
Y1 = {"A": 31, "M": 66, "S": 283}
N0 = {"A": 50, "M": 100, "S": 250, "Total": 400}
N1 = {"A": 40, "M": 120, "S": 340, "Total": 500}


def test_location_quotients_match_the_hand_worked_table():
    base = location_quotients(X0, N0)
    end = location_quotients(X1, N1)
    assert [row.lq for row in base.values()] == pytest.approx([0.8, 1.6, 0.8])
    assert [row.lq for row in end.values()] == pytest.approx([0.9375, 1.875, 0.475 / 0.68])
    assert list(end) == ["A", "M", "S"]
    assert end["M"].local_share == pytest.approx(0.45)
    assert end["M"].national_share == pytest.approx(0.24)


def test_shift_share_matches_the_hand_worked_table():
    analysis = shift_share(X0, X1, N0, N1)
    expected = {"A": (-1, 2.5, -4.5, 1), "M": (14, 10, -2, 6), "S": (7, 12.5, 5.5, -11)}
    for industry, (change, national, mix, local) in expected.items():
        row = analysis.industries[industry]
        assert row.change == change
        assert row.national == pytest.approx(national)
        assert row.industry_mix == pytest.approx(mix)
        assert row.local == pytest.approx(local)
    assert analysis.total.change == 20
    assert analysis.total.national == pytest.approx(25)
    assert analysis.total.industry_mix == pytest.approx(-1)
    assert analysis.total.local == pytest.approx(-4)
    assert analysis.national_growth_percent == pytest.approx(25)
    assert analysis.industries["M"].growth_percent == pytest.approx(35)
    assert analysis.industries["M"].national_growth_percent == pytest.approx(20)
    assert analysis.complete


def test_local_effects_over_places_that_make_the_nation_add_up_to_zero():
    x, y = shift_share(X0, X1, N0, N1), shift_share(Y0, Y1, N0, N1)
    assert [y.industries[code].local for code in "AMS"] == pytest.approx([-1, -6, 11])
    for code in "AMS":
        assert x.industries[code].local + y.industries[code].local == pytest.approx(0, abs=1e-9)


def test_distinctive_strengths_follow_the_documented_rule():
    rows = sector_strengths(X0, X1, N0, N1)
    assert [row.industry for row in rows] == ["M", "A", "S"]
    by_code = {row.industry: row for row in rows}
    assert by_code["M"].distinctive
    assert not by_code["A"].distinctive
    assert by_code["A"].local_effect == pytest.approx(1)
    assert not by_code["S"].distinctive
    assert [row.industry for row in distinctive_strengths(X0, X1, N0, N1)] == ["M"]
    # With a threshold above M's LQ of 1.875, nothing is distinctive.
    assert distinctive_strengths(X0, X1, N0, N1, lq_threshold=1.9) == []
    # At 0.9, A is distinctive too: its LQ is 0.9375 and it fell less than in the nation.
    assert [row.industry for row in distinctive_strengths(X0, X1, N0, N1, lq_threshold=0.9)] == [
        "M",
        "A",
    ]
    with pytest.raises(ValueError, match="threshold"):
        sector_strengths(X0, X1, N0, N1, lq_threshold=0)


def test_a_specialised_industry_that_grew_slower_is_not_distinctive():
    # Y's services: LQ at t1 (283 ÷ 380) ÷ 0.68 = 1.095 < 1.25. Raise the bar the other way:
    # with a threshold of 1.0, S grew faster (+41.5% against +36%) and is distinctive, while
    # A (LQ 1.02, −22.5% against −20%) is not, as it grew slower.
    rows = {row.industry: row for row in sector_strengths(Y0, Y1, N0, N1, lq_threshold=1.0)}
    assert rows["S"].distinctive
    assert rows["A"].lq == pytest.approx((31 / 380) / 0.08)
    assert not rows["A"].distinctive


def test_totals_are_not_industries():
    assert is_total("Total")
    assert is_total(" all industries ")
    assert not is_total("C (10-33)")
    quotients = location_quotients({**X1, "Total": 120}, N1)
    assert "Total" not in quotients
    assert "Total" not in {row.industry for row in sector_strengths(X0, X1, N0, N1)}
    assert "Total" not in shift_share(X0, X1, N0, N1).industries


def test_a_published_total_keeps_shares_when_an_industry_is_suppressed():
    # M suppressed locally: A and S keep their shares of X's published total of 120.
    quotients = location_quotients({"A": 9, "M": None, "S": 57, "Total": 120}, N1)
    assert quotients["A"].lq == pytest.approx(0.9375)
    assert quotients["M"].lq is None
    assert quotients["M"].note == "No value for the place."


def test_without_a_total_every_industry_needs_a_value():
    with pytest.raises(IncompleteDataError, match="M") as refused:
        location_quotients({"A": 9, "M": None, "S": 57}, N1)
    assert refused.value.missing == ("M",)


def test_totals_given_twice_must_agree():
    with pytest.raises(ValueError, match="given twice"):
        industry_total({"Total": 10, "All industries": 11}, ["A"])
    assert industry_total({"Total": 10, "All industries": 10}, ["A"]) == 10


def test_zero_totals_and_zero_national_industries():
    with pytest.raises(ZeroDenominatorError):
        location_quotients({"A": 0, "B": 0}, {"A": 1, "B": 1})
    quotients = location_quotients({"A": 1, "B": 1}, {"A": 0, "B": 5})
    assert quotients["A"].lq is None
    assert "No activity in the nation" in quotients["A"].note
    analysis = shift_share({"A": 1, "B": 1}, {"A": 2, "B": 2}, {"A": 0, "B": 5}, {"A": 3, "B": 5})
    assert "base year" in analysis.left_out["A"]
    assert not analysis.complete
    assert analysis.total.change == 1


def test_shift_share_lists_the_industries_it_cannot_decompose():
    analysis = shift_share({**X0, "M": None}, X1, N0, N1)
    assert set(analysis.industries) == {"A", "S"}
    assert analysis.left_out == {"M": "No value for the place in the base year."}
    assert analysis.total.change == 6


def test_growth_from_a_local_base_of_zero():
    analysis = shift_share({"A": 0, "B": 10}, {"A": 5, "B": 10}, N0 | {"B": 1}, N1 | {"B": 1})
    assert analysis.industries["A"].growth_percent is None
    assert analysis.industries["A"].local == 5


@given(st.data(), st.integers(1, 8))
def test_a_place_equal_to_the_nation_has_quotients_of_one(data, count):
    codes = [f"I{index}" for index in range(count)]
    size = st.lists(st.integers(1, 10**6), min_size=count, max_size=count)
    values = dict(zip(codes, data.draw(size), strict=True))
    for row in location_quotients(values, values).values():
        assert row.lq == pytest.approx(1.0)


@given(st.data(), st.integers(1, 8))
def test_quotients_weighted_by_national_shares_average_to_one(data, count):
    codes = [f"I{index}" for index in range(count)]
    size = st.lists(st.integers(1, 10**6), min_size=count, max_size=count)
    local = dict(zip(codes, data.draw(size), strict=True))
    national = dict(zip(codes, data.draw(size), strict=True))
    rows = location_quotients(local, national).values()
    weighted = math.fsum((row.national_share or 0) * (row.lq or 0) for row in rows)
    assert weighted == pytest.approx(1.0)


def _adds_up(parts, total, size):
    """Whether the parts add up to the total, to rounding on the scale of the parts and of the
    values (``size``) they were computed from."""
    scale = math.fsum(abs(part) for part in parts) + abs(total) + size
    return abs(math.fsum(parts) - total) <= 1e-12 * scale


@given(st.data(), st.integers(1, 8), st.integers(2, 4))
def test_shift_share_components_add_up_to_the_change(data, count, places):
    codes = [f"I{index}" for index in range(count)]
    size = st.lists(st.integers(0, 10**6), min_size=count, max_size=count)
    start = [dict(zip(codes, data.draw(size), strict=True)) for _ in range(places)]
    end = [dict(zip(codes, data.draw(size), strict=True)) for _ in range(places)]
    nation_start = {code: sum(place[code] for place in start) + 1 for code in codes}
    nation_end = {code: sum(place[code] for place in end) for code in codes}
    local_effects: dict[str, list[float]] = {code: [] for code in codes}
    for before, after in zip(start, end, strict=True):
        analysis = shift_share(before, after, nation_start, nation_end)
        assert analysis.complete
        for code, row in analysis.industries.items():
            assert row.change == after[code] - before[code]
            parts = [row.national, row.industry_mix, row.local]
            assert _adds_up(parts, row.change, row.base + row.end)
            local_effects[code].append(row.local)
        total = analysis.total
        assert total.change == sum(after.values()) - sum(before.values())
        parts = [total.national, total.industry_mix, total.local]
        assert _adds_up(parts, total.change, total.base + total.end)
    # The nation here is the places plus one unit of each industry in the base year, which
    # was gone by the end year: the places' local effects add up to what that unit would have
    # grown to at the industry's national rate, 1 + g_i.
    for code in codes:
        growth = (nation_end[code] - nation_start[code]) / nation_start[code]
        size = nation_start[code] + nation_end[code]
        assert _adds_up(local_effects[code], 1 + growth, size)
