"""The map's data and the facet counts: points for the demo's 138 projects, clusters under
5 MB for 100,000, the same filters as the list, and errors that name the parameter."""

import random
import time
from decimal import Decimal

import pytest

from localgrowth.projects import queries
from localgrowth.projects.models import Fund, Project
from localgrowth.projects.queries import ProjectFilters
from localgrowth.publishing import maps

pytestmark = pytest.mark.usefixtures("demo")

API = "/api/v1"
MEGABYTES_5 = 5 * 1024 * 1024


def get(client, path: str, expect: int = 200, **params):
    response = client.get(f"{API}{path}", params)
    assert response.status_code == expect, response.content[:500]
    return response


def filtered_count(**filters: str) -> int:
    parsed, errors = ProjectFilters.from_query(filters)
    assert not errors
    return queries.filter_projects(parsed).count()


def test_the_demo_map_is_every_project_as_a_point(client):
    body = get(client, "/projects/map").json()
    assert body["type"] == "FeatureCollection"
    assert body["clustered"] is False
    assert body["count"] == body["total"] == len(body["features"]) == 138
    first = body["features"][0]
    project = Project.objects.get(reference="SELEP-001")
    assert first["id"] == "SELEP-001"
    assert first["geometry"]["coordinates"] == [
        pytest.approx(float(project.longitude)),
        pytest.approx(float(project.latitude)),
    ]
    assert first["properties"]["url"] == "/projects/SELEP-001/"
    assert first["properties"]["status_label"] == project.get_status_display()
    assert first["properties"]["fund_name"] == project.fund.name
    west, south, east, north = body["bounds"]
    assert west < east
    assert south < north


def test_the_map_applies_the_filters_and_the_box(client):
    body = get(client, "/projects/map", status="completed").json()
    assert body["count"] == filtered_count(status="completed")
    assert {f["properties"]["status"] for f in body["features"]} == {"completed"}
    thanet = get(client, "/projects/map", bbox="1.2,51.28,1.46,51.4").json()
    assert 0 < thanet["count"] < 138
    for feature in thanet["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert 1.2 <= lon <= 1.46
        assert 51.28 <= lat <= 51.4
    assert thanet["total"] == 138


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "2,50,1,51"}, "bbox"),
        ({"bbox": "a,b,c,d"}, "bbox"),
        ({"bbox": "nan,50,1,51"}, "bbox"),
        ({"zoom": "23"}, "zoom"),
        ({"zoom": "-1"}, "zoom"),
        ({"status": "lost"}, "status"),
    ],
)
def test_bad_map_parameters_get_a_400_naming_them(client, params, parameter):
    body = get(client, "/projects/map", expect=400, **params).json()
    assert [error["parameter"] for error in body["errors"]] == [parameter]


def test_facets_count_the_filtered_projects(client):
    body = get(client, "/projects/facets", status="completed").json()
    assert body["count"] == filtered_count(status="completed")
    statuses = {item["code"]: item["count"] for item in body["facets"]["status"]}
    assert statuses["completed"] == body["count"]
    assert sum(statuses.values()) == body["count"]
    assert sum(item["count"] for item in body["facets"]["fund"]) == body["count"]
    assert set(body["facets"]) == {"status", "category", "fund", "federated_area", "foundation"}
    assert (
        get(client, "/projects/facets", expect=400, fund="none").json()["errors"][0]["parameter"]
        == "fund"
    )


def add_projects(count: int) -> None:
    """``count`` illustrative projects across the South East, with only the required fields."""
    rng = random.Random(7)
    funds = list(Fund.objects.all())
    statuses = ["completed", "in_delivery", "approved", "pipeline"]
    categories = ["transport", "skills", "business_support", "housing_development"]
    Project.objects.bulk_create(
        (
            Project(
                reference=f"MAP-{number:06d}",
                title=f"Illustrative project {number}",
                fund=funds[number % len(funds)],
                status=statuses[number % 4],
                category=categories[number % 4],
                latitude=Decimal(f"{rng.uniform(50.7, 52.1):.6f}"),
                longitude=Decimal(f"{rng.uniform(-0.5, 1.9):.6f}"),
            )
            for number in range(count)
        ),
        batch_size=5000,
    )


def test_100000_projects_are_clustered_under_5_mb_and_still_filtered(client):
    add_projects(100_000)
    started = time.perf_counter()
    response = get(client, "/projects/map", zoom="8")
    elapsed = time.perf_counter() - started
    body = response.json()
    assert len(response.content) < MEGABYTES_5
    assert body["clustered"] is True
    assert body["count"] == body["total"] == 100_138
    assert sum(feature["properties"]["count"] for feature in body["features"]) == 100_138
    assert elapsed < 10

    completed = get(client, "/projects/map", status="completed", zoom="8").json()
    assert completed["clustered"] is True
    assert completed["count"] == filtered_count(status="completed") > 25_000
    for feature in completed["features"]:
        assert set(feature["properties"]["statuses"]) == {"completed"}

    # Zoomed in to a small box, the few projects inside it come back as points.
    small = get(client, "/projects/map", bbox="0.50,51.50,0.52,51.52", zoom="14").json()
    assert small["clustered"] is False
    assert 0 < small["count"] <= maps.POINT_LIMIT
    assert len(small["features"]) == small["count"]

    one = get(client, "/projects/map", q="Colchester Integrated").json()
    assert (one["clustered"], one["count"]) == (False, 1)


def test_the_list_fast_path_gives_the_same_records_as_the_exports():
    from localgrowth.publishing import exports, records

    projects = queries.filter_projects(ProjectFilters())
    slow = [exports.project_record(project) for project in queries.with_details(projects)]
    assert records.project_records(projects) == slow
    assert len(slow) == 138


def test_the_detail_fast_path_gives_the_same_record_as_the_payload():
    from localgrowth.publishing import payloads, records

    for reference in Project.objects.values_list("reference", flat=True):
        project = queries.project_detail(reference)
        slow = payloads.project_detail_payload(project, queries.project_changes(project))
        assert records.project_detail_record(reference) == slow, reference
    assert records.project_detail_record("NO-SUCH") is None


def test_facets_can_be_chosen(client):
    response = client.get(f"{API}/projects/facets?facet=status&facet=fund")
    body = response.json()
    assert set(body["facets"]) == {"status", "fund"}
    assert sum(item["count"] for item in body["facets"]["status"]) == 138
    wrong = get(client, "/projects/facets", expect=400, facet="colour").json()
    assert wrong["errors"][0]["parameter"] == "facet"
