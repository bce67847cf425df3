"""The evidence endpoints of the API: indicators, observations, CSVW metadata, and an area's
scorecard, sector strengths and similar places, over the demo (which loads the shipped
evidence)."""

import csv
import io

import pytest

from localgrowth.evidence.models import Observation

pytestmark = pytest.mark.usefixtures("demo")

THANET = "E07000114"
SELEP = "E37000056"


def _error_names(response) -> list[str]:
    return [item["parameter"] for item in response.json()["errors"]]


def test_indicators_list_their_metadata(client):
    response = client.get("/api/v1/indicators")
    assert response.status_code == 200
    found = {item["code"]: item for item in response.json()}
    gva = found["gva-per-hour-worked"]
    assert gva["unit"] == "£"
    assert gva["polarity"] == "higher_better"
    assert gva["aggregation"] == "ratio"
    assert gva["licence"] == "Open Government Licence v3.0"
    assert gva["theme"] == "aim-productivity"
    assert gva["latest_period"] == "2022"
    assert gva["observations"].endswith("/api/v1/indicators/gva-per-hour-worked/observations")
    assert client.get("/api/v1/indicators/gva-per-hour-worked").json() == gva


def test_observations_are_paged_with_their_release(client):
    response = client.get(
        "/api/v1/indicators/gva-per-hour-worked/observations",
        {"area": THANET, "period": "2018"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    row = body["results"][0]
    stored = (
        Observation.objects.filter(
            indicator__code="gva-per-hour-worked", area__code=THANET, period="2018"
        )
        .latest_release()
        .get()
    )
    assert row["value"] == stored.value
    assert row["release"]["file_name"] == stored.release.file_name
    paged = client.get(
        "/api/v1/indicators/gva-per-hour-worked/observations", {"page_size": "5", "page": "2"}
    ).json()
    assert len(paged["results"]) == 5
    assert paged["next"]
    assert paged["previous"]


def test_observations_download_as_csv_described_by_csvw(client):
    response = client.get(
        "/api/v1/indicators/gva-per-hour-worked/observations", {"area": THANET, "format": "csv"}
    )
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["area_code"] for row in rows} == {THANET}
    metadata = client.get("/api/v1/indicators/gva-per-hour-worked/csvw").json()
    columns = [column["name"] for column in metadata["tableSchema"]["columns"]]
    assert columns == list(rows[0])
    assert metadata["url"].endswith("/observations?format=csv")


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"area": "E99999999"}, "area"),
        ({"period": "1066"}, "period"),
        ({"page": "0"}, "page"),
        ({"page_size": "x"}, "page_size"),
        ({"format": "xlsx"}, "format"),
    ],
)
def test_bad_observation_parameters_are_400_naming_them(client, query, parameter):
    response = client.get("/api/v1/indicators/gva-per-hour-worked/observations", query)
    assert response.status_code == 400
    assert _error_names(response) == [parameter]
    assert parameter in response.json()["message"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/indicators/no-such-indicator",
        "/api/v1/indicators/no-such-indicator/observations",
        "/api/v1/indicators/no-such-indicator/csvw",
        "/api/v1/areas/E99999999/scorecard",
        "/api/v1/areas/E99999999/strengths",
        "/api/v1/areas/E99999999/neighbours",
    ],
)
def test_unknown_codes_are_404_json(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["message"].startswith("There is no")


def test_a_districts_scorecard(client):
    response = client.get(f"/api/v1/areas/{THANET}/scorecard")
    assert response.status_code == 200
    body = response.json()
    assert body["area"]["code"] == THANET
    assert body["region"]["code"] == "E12000008"
    kinds = {theme["kind"] for theme in body["themes"]}
    assert {"foundation", "grand_challenge"} <= kinds
    lines = {line["indicator"]: line for theme in body["themes"] for line in theme["indicators"]}
    gva = lines["gva-per-hour-worked"]
    values = dict(
        Observation.objects.filter(
            indicator__code="gva-per-hour-worked",
            period="2022",
            area__area_type="district",
            area__valid_to__isnull=True,
        )
        .latest_release()
        .values_list("area__code", "value")
    )
    assert gva["value"] == values[THANET]
    assert gva["rank"]["position"] == 1 + sum(v > values[THANET] for v in values.values())
    assert gva["rank"]["of"] == len(values)
    assert gva["rag"] == "red"
    assert len(body["similar_places"]) == 10


def test_the_partnerships_scorecard_aggregates_and_refuses(client):
    body = client.get(f"/api/v1/areas/{SELEP}/scorecard").json()
    lines = {line["indicator"]: line for theme in body["themes"] for line in theme["indicators"]}
    assert lines["gva-per-hour-worked"]["published"] is False
    assert lines["imd-average-score"]["value"] is None
    assert "cannot be aggregated" in lines["imd-average-score"]["note"]


def test_strengths(client):
    response = client.get(f"/api/v1/areas/{SELEP}/strengths", {"base_year": "2018"})
    assert response.status_code == 200
    body = response.json()
    assert body["classification"] == "rgva"
    assert body["base_year"] == 2018
    assert body["end_year"] == 2023
    assert body["distinctive"]
    for code in body["distinctive"]:
        row = next(item for item in body["strengths"] if item["industry"] == code)
        assert row["lq"] >= body["lq_threshold"]
        assert row["local_effect"] > 0
    bres = client.get(f"/api/v1/areas/{SELEP}/strengths", {"classification": "sic_section"})
    assert bres.status_code == 200


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"classification": "nace"}, "classification"),
        ({"end_year": "2099"}, "end_year"),
        ({"base_year": "2023", "end_year": "2023"}, "base_year"),
        ({"base_year": "last"}, "base_year"),
    ],
)
def test_bad_strengths_parameters_are_400(client, query, parameter):
    response = client.get(f"/api/v1/areas/{THANET}/strengths", query)
    assert response.status_code == 400
    assert _error_names(response) == [parameter]


def test_neighbours(client):
    response = client.get(f"/api/v1/areas/{THANET}/neighbours")
    assert response.status_code == 200
    body = response.json()
    codes = [item["code"] for item in body["nearest"]]
    assert len(codes) == 10 == len(set(codes))
    assert THANET not in codes
    assert body["method"]
    assert len(client.get(f"/api/v1/areas/{THANET}/neighbours", {"k": "3"}).json()["nearest"]) == 3
    bad = client.get(f"/api/v1/areas/{THANET}/neighbours", {"k": "0"})
    assert bad.status_code == 400
    assert _error_names(bad) == ["k"]
