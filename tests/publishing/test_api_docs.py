"""/api/v1/docs: the API described in the site's GOV.UK layout from its OpenAPI document, so
every path and parameter the API has is on the page, and every example request works."""

from urllib.parse import parse_qsl, urlsplit

import pytest

from localgrowth.publishing.api import api
from localgrowth.publishing.docs import EXAMPLE_QUERIES, endpoints
from web.html import assert_html_response, text_of

pytestmark = pytest.mark.usefixtures("demo")

DOCS = "/api/v1/docs"


@pytest.fixture
def schema():
    return api.get_openapi_schema()


@pytest.fixture
def docs(client):
    return assert_html_response(client.get(DOCS))


def test_the_page_is_strict_html_in_the_site_layout(client, docs):
    assert docs.h1 == "Open data API"
    assert docs.title == "Open data API – localgrowth"
    response = client.get(DOCS)
    assert "script-src" in response["Content-Security-Policy"]
    page = response.content.decode()
    assert "style=" not in page
    assert "govuk-header" in page
    assert "govuk-footer" in page
    current = [
        a for a in docs.all(".//a[@aria-current='page']") if "service-navigation" in a.get("class")
    ]
    assert [text_of(a) for a in current] == ["Open data and API"]


def test_the_introduction_covers_licence_keys_formats_pages_and_errors(docs):
    text = docs.text()
    assert "Open Government Licence v3.0" in text
    assert "Contains public sector information licensed under the Open Government Licence" in text
    assert "Contains OS data © Crown copyright and database right" in text
    assert "do not need a key" in text
    for name in ("json", "csv", "xlsx", "geojson", "page_size", "400 Bad Request", "message"):
        assert name in text, name
    assert "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/" in (
        docs.links()
    )
    assert "/api/v1/openapi.json" in docs.links()


def test_every_path_in_the_openapi_document_is_listed_and_in_the_contents(docs, schema):
    text = docs.text()
    contents = {a.get("href") for a in docs.all(".//nav[@aria-labelledby='contents-heading']//a")}
    found = endpoints(schema)
    assert {endpoint.path for endpoint in found} == set(schema["paths"])
    for endpoint in found:
        assert f"{endpoint.method} {endpoint.path}" in text
        assert f"#{endpoint.slug}" in contents
        assert docs.tree.find(f".//*[@id='{endpoint.slug}']") is not None
        assert endpoint.summary in text


def test_every_parameter_of_the_project_list_is_in_its_table(docs, schema):
    operation = schema["paths"]["/api/v1/projects"]["get"]
    tables = [
        table
        for table in docs.all(".//table")
        if text_of(table.find("caption")) == "Parameters of GET /api/v1/projects"
    ]
    assert len(tables) == 1
    rows = tables[0].findall("tbody/tr")
    names = [text_of(row.find("th")) for row in rows]
    assert names == [item["name"] for item in operation["parameters"]]
    assert "min_amount" in names
    assert "format" in names
    status = rows[names.index("status")]
    assert "completed" in text_of(status)
    assert [text_of(cell) for cell in status.findall("td")[:2]] == ["query", "No"]


def test_the_example_queries_use_real_parameters_and_values(schema):
    for path, queries in EXAMPLE_QUERIES.items():
        parameters = {item["name"]: item for item in schema["paths"][path]["get"]["parameters"]}
        for query in queries:
            for name, value in query.items():
                assert name in parameters, name
                assert value in parameters[name]["schema"].get("enum", [value]), (name, value)


def test_every_example_request_is_linked_and_answers(client, docs, schema):
    links = set(docs.links())
    examples = [example for endpoint in endpoints(schema) for example in endpoint.examples]
    assert "/api/v1/projects?status=completed&format=csv" in examples
    assert "/api/v1/projects/SELEP-001" in examples
    for example in examples:
        assert example in links
        address = urlsplit(example)
        response = client.get(address.path, dict(parse_qsl(address.query)))
        assert response.status_code == 200, example
