"""Statistical nearest neighbours from standardised indicators."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from localgrowth.domain.evidence.neighbours import (
    MissingValues,
    all_nearest_neighbours,
    nearest_neighbours,
    nearest_to_profile,
    standardise,
)

# Four districts and two indicators, worked by hand:
#
#   district   x    y     z(x) = (x − 3) ÷ √5     z(y) = (y − 20) ÷ 10
#   d1         0   10          −3/√5                   −1
#   d2         2   10          −1/√5                   −1
#   d3         4   30           1/√5                    1
#   d4         6   30           3/√5                    1
#
# x: mean 3, population variance (9 + 1 + 1 + 9) ÷ 4 = 5; y: mean 20, standard deviation 10.
# From d1: d2 at √(4/5) = 0.894, d3 at √(16/5 + 4) = √7.2 = 2.683, d4 at √(36/5 + 4) = √11.2.
# A partnership with x = 3 and y = 20 sits at (0, 0): d2 and d3 at √1.2, d1 and d4 at √2.8;
# the ties go by code.
DISTRICTS = {
    "d1": {"x": 0, "y": 10},
    "d2": {"x": 2, "y": 10},
    "d3": {"x": 4, "y": 30},
    "d4": {"x": 6, "y": 30},
}


def test_standardisation_uses_the_population_standard_deviation():
    field = standardise(DISTRICTS)
    assert field.means == {"x": 3, "y": 20}
    assert field.deviations["x"] == pytest.approx(math.sqrt(5))
    assert field.deviations["y"] == 10
    assert field.z_scores({"x": 6, "y": 10}) == pytest.approx({"x": 3 / math.sqrt(5), "y": -1})


def test_nearest_neighbours_of_a_district_match_the_hand_worked_distances():
    result = nearest_neighbours(standardise(DISTRICTS), "d1")
    assert [neighbour.code for neighbour in result.nearest] == ["d2", "d3", "d4"]
    assert [neighbour.distance for neighbour in result.nearest] == pytest.approx(
        [math.sqrt(0.8), math.sqrt(7.2), math.sqrt(11.2)]
    )
    assert result.indicators == ("x", "y")
    assert result.dropped == {}


def test_a_partnership_is_compared_by_its_profile_with_ties_by_code():
    field = standardise(DISTRICTS)
    result = nearest_to_profile(field, {"x": 3, "y": 20}, area="P")
    assert [neighbour.code for neighbour in result.nearest] == ["d2", "d3", "d1", "d4"]
    assert [neighbour.distance for neighbour in result.nearest] == pytest.approx(
        [math.sqrt(1.2)] * 2 + [math.sqrt(2.8)] * 2
    )
    own = nearest_to_profile(field, {"x": 3, "y": 20}, area="P", exclude={"d2", "d3"}, k=1)
    assert [neighbour.code for neighbour in own.nearest] == ["d1"]


def test_weights_change_the_distance():
    field = standardise(DISTRICTS)
    only_x = nearest_neighbours(field, "d3", weights={"y": 0})
    # On x alone, d3 is 2/√5 from both d2 and d4: the tie goes to d2.
    assert [neighbour.code for neighbour in only_x.nearest] == ["d2", "d4", "d1"]
    assert only_x.indicators == ("x",)
    heavy_y = nearest_neighbours(field, "d3", weights={"y": 4})
    assert heavy_y.nearest[0].code == "d4"
    assert heavy_y.nearest[1].distance == pytest.approx(math.sqrt(4 / 5 + 4 * 4))
    with pytest.raises(ValueError, match="not compared: z"):
        nearest_neighbours(field, "d3", weights={"z": 1})
    with pytest.raises(ValueError, match="0 or more"):
        nearest_neighbours(field, "d3", weights={"x": -1})


def test_k_limits_the_neighbours():
    field = standardise(DISTRICTS)
    assert len(nearest_neighbours(field, "d1", k=2).nearest) == 2
    with pytest.raises(ValueError, match="at least one"):
        nearest_neighbours(field, "d1", k=0)
    with pytest.raises(KeyError, match="d9"):
        nearest_neighbours(field, "d9")


WITH_GAP = DISTRICTS | {"d5": {"x": 1, "y": None}}


def test_an_indicator_missing_anywhere_is_dropped_for_everyone():
    field = standardise(WITH_GAP)
    assert field.indicators == ("x",)
    assert field.dropped == {"y": "No value for d5."}
    result = nearest_neighbours(field, "d5")
    assert [neighbour.code for neighbour in result.nearest] == ["d1", "d2", "d3", "d4"]
    assert result.dropped == {"y": "No value for d5."}


def test_or_areas_missing_an_indicator_are_excluded_from_the_field():
    field = standardise(WITH_GAP, missing=MissingValues.DROP_AREAS)
    assert field.indicators == ("x", "y")
    assert field.areas == ("d1", "d2", "d3", "d4")
    assert field.excluded == {"d5": "No value for y."}
    assert field.means["x"] == 3
    d1 = nearest_neighbours(field, "d1")
    assert [neighbour.code for neighbour in d1.nearest] == ["d2", "d3", "d4"]
    assert d1.excluded == {"d5": "No value for y."}
    # d5 is no one's neighbour, but has neighbours of its own on x: z = −2/√5, nearest d1 and
    # d2 (both 1/√5 away), then d3 (3/√5).
    d5 = nearest_neighbours(field, "d5")
    assert [neighbour.code for neighbour in d5.nearest] == ["d1", "d2", "d3", "d4"]
    assert d5.dropped == {"y": "No value for d5."}


def test_constant_and_sparse_indicators_are_dropped_with_reasons():
    values = {code: profile | {"same": 7} for code, profile in DISTRICTS.items()}
    values["d1"] = values["d1"] | {"rare": 1}
    field = standardise(values, missing=MissingValues.DROP_AREAS)
    assert field.indicators == ("x", "y")
    assert "same value" in field.dropped["same"]
    assert field.dropped["rare"] == "Values for fewer than two areas."
    with pytest.raises(ValueError, match="No indicator is left"):
        standardise({"a": {"x": 1}, "b": {"x": 1}})
    with pytest.raises(ValueError, match="at least two areas"):
        standardise({"a": {"x": 1}})


def test_a_profile_without_values_cannot_be_compared():
    with pytest.raises(ValueError, match="No indicator"):
        nearest_to_profile(standardise(DISTRICTS), {"x": None}, area="P")


def test_every_district_gets_its_neighbours():
    everyone = all_nearest_neighbours(standardise(DISTRICTS), k=1)
    assert {code: result.nearest[0].code for code, result in everyone.items()} == {
        "d1": "d2",
        "d2": "d1",
        "d3": "d4",
        "d4": "d3",
    }


profiles = st.dictionaries(
    st.sampled_from([f"E0{index:07}" for index in range(30)]),
    st.tuples(st.integers(-1000, 1000), st.integers(-1000, 1000), st.integers(0, 50)),
    min_size=3,
)


def _field_values(profiles, scale=1.0, shift=0.0):
    return {
        code: {"a": a * scale + shift, "b": float(b), "c": float(c)}
        for code, (a, b, c) in profiles.items()
    }


def _constant_everywhere(profiles):
    return all(len({profile[index] for profile in profiles.values()}) == 1 for index in range(3))


@given(profiles)
def test_neighbours_are_sorted_symmetric_and_exclude_the_area(profiles):
    try:
        field = standardise(_field_values(profiles))
    except ValueError:
        assert _constant_everywhere(profiles)
        return
    everyone = all_nearest_neighbours(field, k=len(profiles))
    for code, result in everyone.items():
        keys = [(neighbour.distance, neighbour.code) for neighbour in result.nearest]
        assert keys == sorted(keys)
        assert code not in [neighbour.code for neighbour in result.nearest]
        assert len(result.nearest) == len(profiles) - 1
        for neighbour in result.nearest:
            back = {n.code: n.distance for n in everyone[neighbour.code].nearest}
            assert back[code] == pytest.approx(neighbour.distance)


@given(profiles, st.floats(0.01, 1000), st.floats(-1e4, 1e4))
def test_a_change_of_unit_or_origin_changes_no_distance(profiles, scale, shift):
    if _constant_everywhere(profiles):
        return
    plain = standardise(_field_values(profiles))
    rescaled = standardise(_field_values(profiles, scale, shift))
    assert plain.indicators == rescaled.indicators
    for code in profiles:
        one = nearest_neighbours(plain, code, k=3)
        other = nearest_neighbours(rescaled, code, k=3)
        assert [n.distance for n in one.nearest] == pytest.approx(
            [n.distance for n in other.nearest], abs=1e-6
        )


@given(profiles)
def test_a_district_twin_is_at_distance_zero(profiles):
    if _constant_everywhere(profiles):
        return
    values = _field_values(profiles)
    original = min(values)
    values["twin"] = dict(values[original])
    result = nearest_neighbours(standardise(values), "twin", k=len(values))
    distances = {neighbour.code: neighbour.distance for neighbour in result.nearest}
    assert distances[original] == 0
    assert result.nearest[0].distance == 0
    assert all(
        distance > 0 for code, distance in distances.items() if values[code] != values["twin"]
    )
