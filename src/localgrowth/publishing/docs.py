"""The API's documentation page, written on the server from the OpenAPI document.

django-ninja's Swagger UI needs scripts and inline styles that the site's Content Security
Policy refuses (and ``ninja`` in INSTALLED_APPS to serve them), so this page lists each
endpoint, its parameters and its responses as plain HTML instead: no script, no inline style,
nothing from another site."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Parameter:
    name: str
    where: str
    required: bool
    values: str
    description: str


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    summary: str
    description: str
    parameters: list[Parameter]
    responses: list[tuple[str, str, str]]


def describe_values(schema: dict[str, Any]) -> str:
    """A parameter's allowed values in words, from its JSON schema."""
    if "enum" in schema:
        return "one of: " + ", ".join(str(value) for value in schema["enum"])
    words = [str(schema.get("type", "text")).replace("string", "text")]
    if "minimum" in schema and "maximum" in schema:
        words.append(f"from {schema['minimum']:,} to {schema['maximum']:,}")
    if "maxLength" in schema:
        words.append(f"up to {schema['maxLength']} characters")
    if "default" in schema:
        words.append(f"(default {schema['default']})")
    return " ".join(words)


def endpoints(schema: dict[str, Any]) -> list[Endpoint]:
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
                )
                for item in operation.get("parameters", [])
            ]
            responses = [
                (str(status), details.get("description", ""), ", ".join(details.get("content", {})))
                for status, details in operation.get("responses", {}).items()
            ]
            found.append(
                Endpoint(
                    method.upper(),
                    path,
                    operation.get("summary", ""),
                    operation.get("description", ""),
                    parameters,
                    responses,
                )
            )
    return found


class ServerDocs(DocsBase):
    template = "publishing/api_docs.html"

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        schema = api.get_openapi_schema(path_params=kwargs)
        context = {
            "info": schema["info"],
            "openapi_url": self.get_openapi_url(api, kwargs),
            "endpoints": endpoints(schema),
        }
        return render(request, self.template, context)
