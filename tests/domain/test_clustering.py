"""Grid clustering: counts are conserved, every point is in exactly one cluster, and the grid
behaves as a Web Mercator map's does."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from localgrowth.domain.clustering import (
    MAX_LATITUDE,
    cluster_points,
    grid_cell,
    world_pixels,
)

STATUSES = ["completed", "in_delivery", "approved", "pipeline"]

points = st.lists(
    st.tuples(
        st.floats(-90, 90, allow_nan=False),
        st.floats(-180, 180, allow_nan=False),
        st.sampled_from(STATUSES),
    ),
    max_size=300,
)


@given(points, st.integers(0, 18), st.integers(1, 200))
def test_counts_are_conserved_and_each_point_is_in_one_cluster(points, zoom, cell_pixels):
    clusters = cluster_points(points, zoom, cell_pixels)
    assert sum(cluster.count for cluster in clusters) == len(points)
    for cluster in clusters:
        assert sum(cluster.statuses.values()) == cluster.count
    cells = [cluster.cell for cluster in clusters]
    assert len(cells) == len(set(cells))
    by_cell = {cluster.cell: cluster for cluster in clusters}
    for lat, lon, _ in points:
        assert grid_cell(lat, lon, zoom, cell_pixels) in by_cell
    totals: dict[str, int] = {}
    for _, _, status in points:
        totals[status] = totals.get(status, 0) + 1
    merged: dict[str, int] = {}
    for cluster in clusters:
        for status, count in cluster.statuses.items():
            merged[status] = merged.get(status, 0) + count
    assert merged == totals


@given(points, st.integers(0, 18))
def test_a_centroid_lies_within_its_points(points, zoom):
    for cluster in cluster_points(points, zoom):
        members = [
            (lat, lon) for lat, lon, _ in points if grid_cell(lat, lon, zoom, 60) == cluster.cell
        ]
        lats, lons = [lat for lat, _ in members], [lon for _, lon in members]
        assert len(members) == cluster.count
        assert min(lats) - 1e-9 <= cluster.lat <= max(lats) + 1e-9
        assert min(lons) - 1e-9 <= cluster.lon <= max(lons) + 1e-9


@given(points, st.integers(0, 17))
def test_zooming_in_splits_clusters_but_never_merges_them(points, zoom):
    coarse = {(lat, lon): grid_cell(lat, lon, zoom, 64) for lat, lon, _ in points}
    for (lat, lon), (column, row) in coarse.items():
        finer = grid_cell(lat, lon, zoom + 1, 64)
        assert (finer[0] // 2, finer[1] // 2) == (column, row)


def test_the_order_of_the_points_does_not_change_the_clusters():
    data = [(51.4 + i / 100, 0.5 + i / 50, STATUSES[i % 4]) for i in range(200)]
    forward, backward = cluster_points(data, 9), cluster_points(list(reversed(data)), 9)
    assert [(c.cell, c.count, c.statuses) for c in forward] == [
        (c.cell, c.count, c.statuses) for c in backward
    ]
    for one, other in zip(forward, backward, strict=True):
        assert (one.lat, one.lon) == pytest.approx((other.lat, other.lon))


def test_web_mercator_pixels_match_leaflet():
    assert world_pixels(0, 0, 0) == pytest.approx((128, 128))
    assert world_pixels(MAX_LATITUDE, -180, 1) == pytest.approx((0, 0), abs=1e-6)
    # The usual slippy-map formula: y = (1 - ln(tan φ + sec φ) / π) / 2 × 256 × 2^z.
    x, y = world_pixels(51.5, 0, 8)
    phi = math.radians(51.5)
    assert x == pytest.approx(32768)
    assert y == pytest.approx((1 - math.log(math.tan(phi) + 1 / math.cos(phi)) / math.pi) * 32768)


def test_near_points_cluster_and_far_points_do_not():
    near = [(51.50, 0.50, "completed"), (51.501, 0.501, "pipeline")]
    far = [(53.0, -2.0, "completed")]
    clusters = cluster_points(near + far, 8)
    assert [cluster.count for cluster in clusters] == [1, 2]
    assert clusters[1].statuses == {"completed": 1, "pipeline": 1}
    assert clusters[1].lat == pytest.approx(51.5005)


def test_bad_zoom_or_cell_is_refused():
    with pytest.raises(ValueError, match="zoom"):
        cluster_points([], 23)
    with pytest.raises(ValueError, match="pixel"):
        cluster_points([], 5, 0)
