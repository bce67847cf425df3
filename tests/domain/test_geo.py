"""Point-in-area lookup and boundary helpers, against the shipped ONS district boundaries.

The expected districts were checked against the December 2023 BUC file itself: Hastings Pier and
Chatham Dockyard both fall just outside every (generalised) polygon, about 90 m and 100 m from
Hastings and Medway respectively, so they must be found by the nearest-polygon fallback.
"""

import json
from pathlib import Path

import pytest
from shapely.geometry import Point, shape

from localgrowth.domain.geo import (
    Location,
    PointLocator,
    representative_point,
    simplify_geometry,
    union_geometries,
)

LAD_FILE = (
    Path(__file__).resolve().parents[2] / "src/localgrowth/places/data/LAD_Dec2023_BUC_500m.geojson"
)


@pytest.fixture(scope="module")
def english_districts() -> list[tuple[str, dict]]:
    features = json.loads(LAD_FILE.read_text(encoding="utf-8"))["features"]
    return [
        (feature["properties"]["LAD23CD"], feature["geometry"])
        for feature in features
        if feature["properties"]["LAD23CD"].startswith(("E06", "E07", "E08", "E09"))
    ]


@pytest.fixture(scope="module")
def locator(english_districts: list[tuple[str, dict]]) -> PointLocator:
    return PointLocator(english_districts)


def test_hastings_pier_is_found_in_hastings_by_nearest_polygon(locator: PointLocator) -> None:
    found = locator.locate(50.8530, 0.5731)

    assert found.code == "E07000062"
    assert found.method == "nearest"
    assert found.distance_m is not None
    assert 0 < found.distance_m < 200


def test_chatham_dockyard_is_found_in_medway_by_nearest_polygon(locator: PointLocator) -> None:
    found = locator.locate(51.3952, 0.5270)

    assert found == Location("E06000035", "nearest", found.distance_m)
    assert found.distance_m is not None
    assert 0 < found.distance_m < 200


def test_central_maidstone_is_within_maidstone(locator: PointLocator) -> None:
    assert locator.locate(51.2725, 0.5226) == Location("E07000110", "within", 0)


def test_far_out_in_the_north_sea_is_nowhere(locator: PointLocator) -> None:
    assert locator.locate(54.5, 3.0) == Location(None, "none", None)


def test_tolerance_is_respected(english_districts: list[tuple[str, dict]]) -> None:
    offshore = (50.82, 0.58)  # about 3.8 km off Hastings
    assert PointLocator(english_districts).locate(*offshore).method == "none"

    wide = PointLocator(english_districts, tolerance_m=10_000).locate(*offshore)
    assert wide.code == "E07000062"
    assert wide.method == "nearest"
    assert wide.distance_m is not None
    assert 2_000 < wide.distance_m < 10_000

    narrow = PointLocator(english_districts, tolerance_m=50)
    assert narrow.locate(50.8530, 0.5731) == Location(None, "none", None)

    strict = PointLocator(english_districts, tolerance_m=0)
    assert strict.locate(50.8530, 0.5731) == Location(None, "none", None)
    assert strict.locate(51.2725, 0.5226) == Location("E07000110", "within", 0)


def test_a_point_on_a_shared_corner_goes_to_the_lowest_code() -> None:
    west = {"type": "Polygon", "coordinates": [[[0, 51], [1, 51], [1, 52], [0, 52], [0, 51]]]}
    east = {"type": "Polygon", "coordinates": [[[1, 51], [2, 51], [2, 52], [1, 52], [1, 51]]]}

    # A shared vertex: projected exactly, unlike a point along a shared edge, which can land a
    # hair inside one side once the straight edge is projected to the grid.
    found = PointLocator([("E2", east), ("E1", west)]).locate(52.0, 1.0)

    assert found == Location("E1", "within", 0)


def test_an_empty_locator_finds_nothing() -> None:
    assert PointLocator([]).locate(51.5, 0.5) == Location(None, "none", None)


@pytest.mark.parametrize(("lat", "lon"), [(91.0, 0.0), (51.0, 181.0), (float("nan"), 0.0)])
def test_coordinates_that_are_not_degrees_are_refused(
    locator: PointLocator, lat: float, lon: float
) -> None:
    with pytest.raises(ValueError, match="latitude"):
        locator.locate(lat, lon)


def test_a_negative_tolerance_is_refused() -> None:
    with pytest.raises(ValueError, match="tolerance"):
        PointLocator([], tolerance_m=-1)


def _coordinates(geojson: dict) -> list[float]:
    def walk(value: object) -> list[float]:
        if isinstance(value, list):
            return [number for item in value for number in walk(item)]
        assert isinstance(value, float | int)
        return [value]

    return walk(geojson["coordinates"])


def test_simplify_keeps_a_valid_shape_with_rounded_coordinates(
    english_districts: list[tuple[str, dict]],
) -> None:
    thanet = dict(english_districts)["E07000114"]

    simplified = simplify_geometry(thanet, 200)

    assert simplified["type"] in {"Polygon", "MultiPolygon"}
    assert shape(simplified).is_valid
    assert all(round(value, 5) == value for value in _coordinates(simplified))
    assert len(_coordinates(simplified)) <= len(_coordinates(thanet))
    assert shape(simplified).symmetric_difference(shape(thanet)).area < 0.05 * shape(thanet).area
    json.dumps(simplified)  # plain lists and floats: storable in a JSONField


def test_simplify_drops_a_vertex_closer_than_the_tolerance() -> None:
    # A 1 km-ish square near Maidstone with a bump of about 10 m in its southern edge.
    ring = [[0.50, 51.27], [0.505, 51.27009], [0.51, 51.27], [0.51, 51.28], [0.50, 51.28]]
    square = {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}

    assert len(_coordinates(simplify_geometry(square, 50))) == 10
    assert len(_coordinates(simplify_geometry(square, 1))) == 12


def test_union_dissolves_the_shared_edge() -> None:
    west = {"type": "Polygon", "coordinates": [[[0, 51], [1, 51], [1, 52], [0, 52], [0, 51]]]}
    east = {"type": "Polygon", "coordinates": [[[1, 51], [2, 51], [2, 52], [1, 52], [1, 51]]]}

    union = union_geometries([west, east])

    assert union["type"] == "Polygon"
    assert shape(union).area == pytest.approx(2.0)


def test_union_of_nothing_is_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        union_geometries([])


def test_representative_point_lies_inside_a_crescent() -> None:
    crescent = {
        "type": "Polygon",
        "coordinates": [[[0, 0], [3, 0], [3, 3], [0, 3], [0, 2], [2, 2], [2, 1], [0, 1], [0, 0]]],
    }

    lat, lon = representative_point(crescent)

    assert shape(crescent).contains(Point(lon, lat))


def test_rings_are_wound_as_d3_draws_them_and_rounded_on_request():
    from localgrowth.domain.geo import wound_for_d3

    # GeoJSON (RFC 7946): exterior anticlockwise, hole clockwise.
    exterior = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]
    hole = [[1, 1], [1, 2], [2, 2], [2, 1], [1, 1]]
    wound = wound_for_d3({"type": "Polygon", "coordinates": [exterior, hole]})
    assert wound["coordinates"][0] == list(reversed(exterior))
    assert wound["coordinates"][1] == list(reversed(hole))
    again = wound_for_d3(wound)
    assert again == wound
    multi = wound_for_d3(
        {"type": "MultiPolygon", "coordinates": [[[[0.12345, 0], [1, 0], [1, 1], [0, 0]]]]},
        decimals=2,
    )
    assert multi["coordinates"][0][0][0] == [0.0, 0.0]
    assert multi["coordinates"][0][0][-1] == [0.12, 0.0]
    assert wound_for_d3({"type": "Point", "coordinates": [1, 2]}) == {
        "type": "Point",
        "coordinates": [1, 2],
    }
