"""The API's documentation page, written on the server from the OpenAPI document.

django-ninja's Swagger UI needs scripts and inline styles that the site's Content Security
Policy refuses (and ``ninja`` in INSTALLED_APPS to serve them), so this page lists each
endpoint, its parameters and its responses as a page of the public site instead: the site's
GOV.UK layout (web's ``base.html``, through web's Jinja2 environment), no inline style, nothing
from another site. Everything about an endpoint comes from ``api.get_openapi_schema()``, so the
page cannot drift from the API; only the example queries are chosen here, and the tests check
that each names real parameters and allowed values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.utils.http import urlencode
from ninja.openapi.docs import DocsBase

from localgrowth.web import sources
from localgrowth.web.views import render

if TYPE_CHECKING:
    from ninja import NinjaAPI

METHODS = ("get", "post", "put", "patch", "delete")
TEMPLATE = "publishing/api_docs.html"
PAGE_TITLE = "Open data API"

EXAMPLE_QUERIES: dict[str, list[dict[str, str]]] = {
    "/api/v1/projects": [
        {"area": "E10000016", "page_size": "10"},
        {"status": "completed", "format": "csv"},
        {"category": "transport", "format": "geojson"},
    ],
}
"""Example queries for an endpoint, by its path in the OpenAPI document. An endpoint not listed
gets one example: its path with each path parameter's example value."""


@dataclass(frozen=True)
class Parameter:
    name: str
    where: str
    required: bool
    values: str
    description: str
    example: str


@dataclass(frozen=True)
class Response:
    status: str
    description: str
    content_types: list[str]


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    slug: str
    summary: str
    description: str
    parameters: list[Parameter]
    responses: list[Response]
    examples: list[str]


def describe_values(schema: dict[str, Any]) -> str:
    """A parameter's type and allowed values in words, from its JSON schema."""
    if "enum" in schema:
        words = ["one of: " + ", ".join(str(value) for value in schema["enum"])]
    else:
        words = [str(schema.get("type", "text")).replace("string", "text")]
        if "minimum" in schema and "maximum" in schema:
            words.append(f"from {schema['minimum']:,} to {schema['maximum']:,}")
        if "maxLength" in schema:
            words.append(f"up to {schema['maxLength']} characters")
    if "default" in schema:
        words.append(f"(default {schema['default']})")
    return " ".join(words)


def _example(item: dict[str, Any]) -> str:
    examples = item.get("examples") or item.get("schema", {}).get("examples") or []
    return str(examples[0]) if examples else ""


def _slug(method: str, path: str) -> str:
    words = [part.strip("{}") for part in path.split("/") if part and part not in ("api", "v1")]
    return "-".join([method, *words])


def example_requests(path: str, parameters: list[Parameter]) -> list[str]:
    """Example addresses for an endpoint: its path with example path parameters, plus any
    example queries chosen for it in ``EXAMPLE_QUERIES``."""
    address = path
    for parameter in parameters:
        if parameter.where == "path":
            address = address.replace(f"{{{parameter.name}}}", quote(parameter.example, safe=""))
    queries = EXAMPLE_QUERIES.get(path)
    if not queries:
        return [address]
    return [f"{address}?{urlencode(query)}" for query in queries]


def endpoints(schema: dict[str, Any]) -> list[Endpoint]:
    """Every operation in the OpenAPI document, in its order."""
    found = []
    for path, operations in schema.get("paths", {}).items():
        for method in METHODS:
            operation = operations.get(method)
            if operation is None:
                continue
            parameters = [
                Parameter(
                    name=item["name"],
                    where=item["in"],
                    required=bool(item.get("required")),
                    values=describe_values(item.get("schema", {})),
                    description=item.get("description", ""),
                    example=_example(item),
                )
                for item in operation.get("parameters", [])
            ]
            responses = [
                Response(
                    str(status), details.get("description", ""), list(details.get("content", {}))
                )
                for status, details in operation.get("responses", {}).items()
            ]
            found.append(
                Endpoint(
                    method=method.upper(),
                    path=path,
                    slug=_slug(method, path),
                    summary=operation.get("summary", ""),
                    description=operation.get("description", ""),
                    parameters=parameters,
                    responses=responses,
                    examples=example_requests(path, parameters),
                )
            )
    return found


class ServerDocs(DocsBase):
    template = TEMPLATE

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        schema = api.get_openapi_schema(path_params=kwargs)
        context = {
            "page_title": PAGE_TITLE,
            "page_description": (
                "The localgrowth open data API: projects, areas, programme progress and the "
                "strategy framework as JSON, CSV, XLSX and GeoJSON, free under the Open "
                "Government Licence."
            ),
            "info": schema["info"],
            "openapi_url": self.get_openapi_url(api, kwargs),
            "endpoints": endpoints(schema),
            "licence": {
                "name": sources.OGL,
                "url": sources.OGL_URL,
                "attribution": [
                    sources.OGL_ATTRIBUTION,
                    f"{sources.OS_ATTRIBUTION}.",
                    "Source: Office for National Statistics licensed under the Open "
                    "Government Licence v3.0.",
                ],
            },
        }
        return render(request, self.template, context)
