"""The open data API on the SELEP demo: JSON shapes, paging, errors, single records and the
documentation page."""

import re

import pytest

from localgrowth.projects.models import Project, ProjectTheme

pytestmark = pytest.mark.usefixtures("demo")

API = "/api/v1"


def get_json(client, path: str, status: int = 200, **params):
    response = client.get(f"{API}{path}", params)
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_projects_json_gives_a_page_of_full_records(client):
    response = client.get(f"{API}/projects", {"page_size": 2})
    body = response.json()
    assert response["X-Result-Count"] == "138"
    assert (body["count"], body["page"], body["page_size"]) == (138, 1, 2)
    assert body["previous"] is None
    assert body["next"] == "http://testserver/api/v1/projects?page_size=2&page=2"
    first = body["results"][0]
    project = Project.objects.get(reference="SELEP-001")
    assert first["reference"] == "SELEP-001"
    assert first["status"] == project.status
    assert first["status_label"] == project.get_status_display()
    assert first["category_label"] == project.get_category_display()
    assert first["fund"] == project.fund.code
    assert first["fund_name"] == project.fund.name
    assert first["programme"] == project.programme.slug
    assert first["federated_area"] == project.federated_area.code
    assert first["url"] == "/projects/SELEP-001/"
    assert first["sources"]
    assert {"code", "name", "share"} <= set(first["areas"][0])
    assert {"code", "title", "kind"} <= set(first["themes"][0])
    assert first["location"]["precision"] in {"district_centroid", "area_centroid"}


def test_money_is_a_string_with_two_decimals_exactly_as_stored(client):
    body = get_json(client, "/projects", page_size=500)
    for record in body["results"]:
        project = Project.objects.get(reference=record["reference"])
        for name in ("grant", "total_cost"):
            stored = getattr(project, name)
            if stored is None:
                assert record[name] is None
            else:
                assert re.fullmatch(r"\d+\.\d\d", record[name])
                assert record[name] == f"{stored:.2f}"


def test_pages_are_deterministic_and_cover_every_project_once(client):
    seen = []
    page = 1
    while True:
        body = get_json(client, "/projects", page=page, page_size=7, area="E37000056")
        seen += [record["reference"] for record in body["results"]]
        if body["next"] is None:
            break
        page += 1
    assert page == 20
    assert seen == sorted(seen) == sorted(set(seen))
    assert len(seen) == 138
    again = get_json(client, "/projects", page=3, page_size=7, area="E37000056")
    assert [record["reference"] for record in again["results"]] == seen[14:21]


def test_a_page_past_the_end_is_empty(client):
    body = get_json(client, "/projects", page=999999, page_size=500)
    assert body["count"] == 138
    assert body["results"] == []
    assert body["next"] is None


@pytest.mark.parametrize(
    ("params", "parameters"),
    [
        ({"area": "NOWHERE"}, ["area"]),
        ({"min_amount": "a million"}, ["min_amount"]),
        ({"page": "0"}, ["page"]),
        ({"page": "two"}, ["page"]),
        ({"page_size": "10000"}, ["page_size"]),
        ({"format": "pdf"}, ["format"]),
        ({"fund": "x", "page_size": "0"}, ["fund", "page_size"]),
    ],
)
def test_bad_parameters_get_a_400_naming_them(client, params, parameters):
    body = get_json(client, "/projects", status=400, **params)
    assert [error["parameter"] for error in body["errors"]] == parameters
    for name in parameters:
        assert name in body["message"]


def test_format_error_lists_the_formats(client):
    body = get_json(client, "/projects", status=400, format="pdf")
    assert "json, csv, xlsx, geojson" in body["message"]


@pytest.mark.parametrize(
    "path",
    ["/projects/NOPE-1", "/areas/E99999999", "/programmes/nope/progress", "/projects/a/b"],
)
def test_unknown_records_are_a_404_with_a_message(client, path):
    body = get_json(client, path, status=404)
    assert body["message"].startswith("There is no")


def test_a_project_in_full(client):
    reference = (
        Project.objects.filter(match_funding__isnull=False, outputs__isnull=False)
        .order_by("reference")
        .values_list("reference", flat=True)
        .first()
    )
    body = get_json(client, f"/projects/{reference}")
    project = Project.objects.get(reference=reference)
    assert body["reference"] == reference
    assert len(body["match_funding"]) == project.match_funding.count()
    assert {"source", "type", "type_label", "amount"} <= set(body["match_funding"][0])
    assert len(body["outputs"]) == project.outputs.count()
    assert body["outputs"][0]["basis"] in {"forecast", "actual"}
    assert len(body["spend"]) == project.spend.count()
    assert body["history"][-1]["type"] == "created"


def test_an_area_with_its_hierarchy_and_totals(client):
    body = get_json(client, "/areas/e10000016")
    assert (body["code"], body["type"]) == ("E10000016", "county")
    assert [parent["code"] for parent in body["parents"]] == ["E12000008"]
    assert len(body["children"]) == 12
    assert all(child["type"] == "district" for child in body["children"])
    assert body["totals"]["project_count"] == 40
    assert re.fullmatch(r"\d+\.\d\d", body["totals"]["grant"])
    assert body["projects"] == "http://testserver/api/v1/projects?area=E10000016"


def test_a_programmes_progress_keeps_superseded_targets_and_sources(client):
    body = get_json(client, "/programmes/selep-growth-deal/progress")
    assert body["name"]
    assert any(target["is_current"] for target in body["targets"])
    assert any(not target["is_current"] for target in body["targets"])
    assert body["snapshots"]
    assert all(snapshot["source_url"].startswith("http") for snapshot in body["snapshots"])


def test_framework_counts_tagged_projects(client):
    body = get_json(client, "/framework")
    assert body["documents"]
    counts = {theme["code"]: theme["project_count"] for theme in body["themes"]}
    assert (
        counts["foundation-infrastructure"]
        == ProjectTheme.objects.filter(theme__code="foundation-infrastructure").count()
    )
    assert counts["foundation-ideas"] == 0


def test_openapi_document_lists_every_endpoint(client):
    schema = get_json(client, "/openapi.json")
    assert schema["info"]["title"] == "localgrowth open data API"
    assert set(schema["paths"]) == {
        "/api/v1/projects",
        "/api/v1/projects/facets",
        "/api/v1/projects/map",
        "/api/v1/projects/{reference}",
        "/api/v1/areas/{code}",
        "/api/v1/programmes/{slug}/progress",
        "/api/v1/framework",
        "/api/v1/indicators",
        "/api/v1/indicators/{code}",
        "/api/v1/indicators/{code}/csvw",
        "/api/v1/indicators/{code}/observations",
        "/api/v1/areas/{gss_code}/scorecard",
        "/api/v1/areas/{gss_code}/strengths",
        "/api/v1/areas/{gss_code}/neighbours",
        "/api/v1/calls",
        "/api/v1/calls/{slug}",
        "/api/v1/calls/{slug}/scenarios",
    }
    listed = [item["name"] for item in schema["paths"]["/api/v1/projects"]["get"]["parameters"]]
    assert listed[:10] == [
        "area",
        "fund",
        "programme",
        "status",
        "category",
        "foundation",
        "challenge",
        "q",
        "min_amount",
        "max_amount",
    ]
    assert listed[10:] == ["page", "page_size", "format"]
