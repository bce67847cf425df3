"""Downloads carry every filtered project: CSV, XLSX and GeoJSON agree with the JSON count."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.http import StreamingHttpResponse
from openpyxl import load_workbook

from localgrowth.projects.models import Project
from localgrowth.publishing.exports import HEADINGS

pytestmark = pytest.mark.usefixtures("demo")

API = "/api/v1/projects"
FILTERS = [
    {},
    {"area": "SELEP-KM"},
    {"area": "E10000016", "category": "transport"},
    {"area": "E07000114"},
    {"foundation": "foundation-people"},
    {"challenge": "challenge-clean-growth"},
    {"min_amount": "1000000", "max_amount": "5000000"},
    {"q": "college"},
    {"status": "completed", "fund": "lgf-3"},
    {"area": "E37000056", "q": "no project says this"},
]


def json_count(client, params) -> int:
    response = client.get(API, params)
    assert response.status_code == 200
    return response.json()["count"]


def streamed(response) -> str:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(client, params) -> tuple[list[dict[str, str]], object]:
    response = client.get(API, {**params, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = streamed(response)
    assert text.startswith("\ufeffreference,")  # a byte-order mark, so Excel reads UTF-8
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    assert reader.fieldnames == HEADINGS
    return list(reader), response


@pytest.mark.parametrize("params", FILTERS, ids=lambda params: "&".join(params) or "all")
def test_csv_and_geojson_carry_every_project_the_json_counts(client, params):
    count = json_count(client, params)
    assert (count == 0) == (params.get("q") == "no project says this")
    rows, response = csv_rows(client, params)
    assert len(rows) == count
    assert response["X-Result-Count"] == str(count)
    assert [row["reference"] for row in rows] == sorted(row["reference"] for row in rows)

    response = client.get(API, {**params, "format": "geojson"})
    assert response["Content-Type"] == "application/geo+json"
    assert response["X-Result-Count"] == str(count)
    collection = json.loads(streamed(response))
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == count


def test_csv_has_codes_labels_and_exact_money(client):
    rows, response = csv_rows(client, {"area": "SELEP-ES"})
    assert 'attachment; filename="localgrowth-projects-' in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith('.csv"')
    by_reference = {row["reference"]: row for row in rows}
    for project in Project.objects.filter(reference__in=by_reference):
        row = by_reference[project.reference]
        assert row["status"] == project.status
        assert row["status_label"] == project.get_status_display()
        assert row["fund"] == project.fund.code
        assert row["fund_name"] == project.fund.name
        assert row["grant"] == ("" if project.grant is None else f"{project.grant:.2f}")
        assert row["url"] == f"http://testserver/projects/{project.reference}/"
    assert sum(Decimal(row["grant"]) for row in rows if row["grant"]) == sum(
        (p.grant for p in Project.objects.filter(federated_area__code="SELEP-ES") if p.grant),
        Decimal(0),
    )


def test_geojson_features_are_the_json_records_with_points(client):
    records = client.get(API, {"area": "SELEP-OSE", "page_size": 500}).json()["results"]
    response = client.get(API, {"area": "SELEP-OSE", "format": "geojson"})
    features = json.loads(streamed(response))["features"]
    assert [feature["properties"] for feature in features] == records
    for feature, record in zip(features, records, strict=True):
        assert feature["id"] == record["reference"]
        assert feature["geometry"]["type"] == "Point"
        assert feature["geometry"]["coordinates"] == [
            record["location"]["lon"],
            record["location"]["lat"],
        ]


def test_a_project_without_a_location_has_a_null_geometry(client):
    Project.objects.filter(reference="SELEP-001").update(
        latitude=None, longitude=None, location_precision="none"
    )
    features = json.loads(streamed(client.get(API, {"q": "SELEP-001", "format": "geojson"})))
    assert features["features"][0]["geometry"] is None
    assert features["features"][0]["properties"]["location"] is None


def test_xlsx_has_every_filtered_row_with_numbers_and_dates(client):
    params = {"area": "SELEP-KM", "category": "transport"}
    count = json_count(client, params)
    response = client.get(API, {**params, "format": "xlsx"})
    assert response.status_code == 200
    assert response["X-Result-Count"] == str(count)
    assert response["Content-Disposition"].endswith('.xlsx"')
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook["Projects"].iter_rows(values_only=True))
    assert list(rows[0]) == HEADINGS
    assert len(rows) - 1 == count
    grant = HEADINGS.index("grant")
    references = [row[0] for row in rows[1:]]
    assert references == sorted(references)
    stored = dict(
        Project.objects.filter(reference__in=references).values_list("reference", "grant")
    )
    for row in rows[1:]:
        if stored[row[0]] is None:
            assert row[grant] is None
        else:
            assert Decimal(str(row[grant])) == stored[row[0]]
    about = [row[0] for row in workbook["About"].iter_rows(values_only=True)]
    assert "Filters: area=SELEP-KM, category=transport" in about


def test_text_that_looks_like_a_formula_never_becomes_one(client):
    Project.objects.filter(reference="SELEP-001").update(
        title='=HYPERLINK("http://example.com","click")', summary="-1+1\x07"
    )
    rows, _ = csv_rows(client, {"q": "SELEP-001"})
    assert rows[0]["title"] == '\'=HYPERLINK("http://example.com","click")'
    assert rows[0]["summary"].startswith("'-1+1")
    response = client.get(API, {"q": "SELEP-001", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)))["Projects"]
    title = sheet.cell(row=2, column=HEADINGS.index("title") + 1)
    assert title.data_type == "s"
    assert title.value == '=HYPERLINK("http://example.com","click")'
    assert sheet.cell(row=2, column=HEADINGS.index("summary") + 1).value == "-1+1"
