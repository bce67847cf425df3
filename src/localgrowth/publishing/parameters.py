"""The query parameters of the API's endpoints (projects, facets, the map, an indicator's
observations, an area's strengths and neighbours), as the OpenAPI document describes them.

The API reads them itself (``ProjectFilters.from_query``, ``api.Paging`` and the evidence
endpoints' own checks) so that a bad value gets a message in plain words, the same message the
HTML pages show."""

from typing import Any

from localgrowth.evidence import analysis
from localgrowth.projects.models import ProjectCategory, ProjectStatus
from localgrowth.projects.queries import FACETS, MONEY_LIMIT, TEXT_LIMIT

FORMATS = ("json", "csv", "xlsx", "geojson")
PAGE_SIZE_DEFAULT = 50
PAGE_SIZE_MAX = 500
PAGE_LIMIT = 1_000_000
"""The highest page number accepted."""
KEY_LIMIT = 100
"""The longest code or key accepted in a path or parameter."""


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def _code(example: str) -> dict[str, Any]:
    return {"type": "string", "maxLength": TEXT_LIMIT, "examples": [example]}


def _amount() -> dict[str, Any]:
    return {"type": "number", "minimum": 0, "maximum": float(MONEY_LIMIT), "examples": [1000000]}


PROJECT_PARAMETERS: list[dict[str, Any]] = [
    _query(
        "area",
        "Projects serving this area or an area within it, by ONS GSS code (a district such as "
        "E07000114, a county such as E10000016, a partnership such as E37000056) or a federated "
        "area code such as SELEP-KM. A county's projects are not listed for each of its "
        "districts.",
        _code("E10000016"),
    ),
    _query("fund", "Projects funded by this fund, by code.", _code("lgf-3")),
    _query("programme", "Projects in this programme, by slug.", _code("selep-growth-deal")),
    _query(
        "status",
        "Projects with this status.",
        {"type": "string", "enum": list(ProjectStatus.values)},
    ),
    _query(
        "category",
        "Projects in this category.",
        {"type": "string", "enum": list(ProjectCategory.values)},
    ),
    _query(
        "foundation",
        "Projects tagged to this foundation of productivity, by theme code.",
        _code("foundation-infrastructure"),
    ),
    _query(
        "challenge",
        "Projects tagged to this Grand Challenge, by theme code.",
        _code("challenge-clean-growth"),
    ),
    _query(
        "q",
        "Text to find, ignoring case, in the reference, title, summary, place or promoter.",
        {"type": "string", "maxLength": TEXT_LIMIT, "examples": ["Thanet"]},
    ),
    _query("min_amount", "Projects with a grant of at least this many pounds.", _amount()),
    _query("max_amount", "Projects with a grant of at most this many pounds.", _amount()),
    _query(
        "page",
        "The page of JSON results, from 1.",
        {"type": "integer", "minimum": 1, "maximum": 1_000_000, "default": 1},
    ),
    _query(
        "page_size",
        f"How many projects a page of JSON results holds, at most {PAGE_SIZE_MAX}.",
        {"type": "integer", "minimum": 1, "maximum": PAGE_SIZE_MAX, "default": PAGE_SIZE_DEFAULT},
    ),
    _query(
        "format",
        "json (paged), or csv, xlsx or geojson: a download of every matching project.",
        {"type": "string", "enum": list(FORMATS), "default": "json"},
    ),
]

FILTER_PARAMETERS = [
    parameter
    for parameter in PROJECT_PARAMETERS
    if parameter["name"] not in ("page", "page_size", "format")
]
"""The filters alone, as the facets and the map take them."""

FACET_PARAMETERS: list[dict[str, Any]] = [
    *FILTER_PARAMETERS,
    {
        **_query(
            "facet",
            "A facet to count (repeat for several); without it, every facet.",
            {"type": "array", "items": {"type": "string", "enum": list(FACETS)}},
        ),
        "style": "form",
        "explode": True,
    },
]

MAP_PARAMETERS: list[dict[str, Any]] = [
    *FILTER_PARAMETERS,
    _query(
        "bbox",
        "The map's view: west,south,east,north in degrees (WGS84). Without it, every filtered "
        "project with a location.",
        {"type": "string", "maxLength": 200, "examples": ["-0.5,50.7,1.9,52.1"]},
    ),
    _query(
        "zoom",
        "The map's zoom level (Web Mercator), which sets the size of the clusters.",
        {"type": "integer", "minimum": 0, "maximum": 22, "default": 8},
    ),
]


OBSERVATION_FORMATS = ("json", "csv")
YEAR_RANGE = (1900, 2100)
NEIGHBOURS_MAX = 50


OBSERVATION_PARAMETERS = [
    _query(
        "area",
        "Only this area, by ONS GSS code (a district, county, region or England).",
        {"type": "string", "maxLength": KEY_LIMIT, "examples": ["E07000114"]},
    ),
    _query(
        "period",
        "Only this period, as published (2018, 2021/22, Oct22-Sep23…).",
        {"type": "string", "maxLength": KEY_LIMIT, "examples": ["2018"]},
    ),
    _query(
        "page",
        "The page of JSON results, from 1.",
        {"type": "integer", "minimum": 1, "maximum": PAGE_LIMIT, "default": 1},
    ),
    _query(
        "page_size",
        f"How many observations a page of JSON results holds, at most {PAGE_SIZE_MAX}.",
        {"type": "integer", "minimum": 1, "maximum": PAGE_SIZE_MAX, "default": PAGE_SIZE_DEFAULT},
    ),
    _query(
        "format",
        "json (paged) or csv (every matching observation, described by the csvw metadata).",
        {"type": "string", "enum": list(OBSERVATION_FORMATS), "default": "json"},
    ),
]
STRENGTHS_PARAMETERS = [
    _query(
        "classification",
        "rgva: GVA by industry section (regional GVA); sic_section or broad_group: employees "
        "(BRES).",
        {"type": "string", "enum": list(analysis.STRENGTH_INDICATORS), "default": "rgva"},
    ),
    _query(
        "base_year",
        "The first year of the shift-share; by default five years before the end year.",
        {"type": "integer", "minimum": YEAR_RANGE[0], "maximum": YEAR_RANGE[1]},
    ),
    _query(
        "end_year",
        "The year of the location quotients and the last of the shift-share; by default the "
        "latest held.",
        {"type": "integer", "minimum": YEAR_RANGE[0], "maximum": YEAR_RANGE[1]},
    ),
]
NEIGHBOURS_PARAMETERS = [
    _query(
        "k",
        f"How many similar places, from 1 to {NEIGHBOURS_MAX}.",
        {"type": "integer", "minimum": 1, "maximum": NEIGHBOURS_MAX, "default": 10},
    ),
]
