"""The open data API, mounted at /api/v1/: projects (filtered, paged, or downloaded whole as
CSV, XLSX or GeoJSON), a project's full record, an area's totals, a programme's progress, the
strategy framework, the evidence base, and published funding calls with the board's published
scenarios. Its OpenAPI document is /api/v1/openapi.json; /api/v1/docs describes it as a
plain page (no scripts, so it works under the site's strict Content Security Policy).

Views only parse, call ``localgrowth.projects.queries`` and shape the answer. The project
filters are parsed by ``ProjectFilters.from_query``, exactly as the HTML pages parse them, so a
page's "download" links are this API's addresses with the same query string. A bad parameter
is a 400 whose JSON names it and says how to put it right; an unknown path is a 404 with a
message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import register_converter, reverse
from django.urls.converters import StringConverter
from django.utils.http import urlencode
from ninja import NinjaAPI, Path, Status
from ninja.errors import ValidationError

from localgrowth.domain.evidence.errors import EvidenceError
from localgrowth.evidence import analysis
from localgrowth.evidence.csvw import csvw_metadata
from localgrowth.evidence.models import Indicator, IndustryClassification, Observation
from localgrowth.projects import area_shares, queries
from localgrowth.projects.queries import ProjectFilters

from . import (
    call_payloads,
    call_schemas,
    evidence_payloads,
    exports,
    maps,
    payloads,
    records,
    schemas,
)
from .docs import ServerDocs
from .parameters import (
    FACET_PARAMETERS,
    FORMATS,
    KEY_LIMIT,
    MAP_PARAMETERS,
    NEIGHBOURS_MAX,
    NEIGHBOURS_PARAMETERS,
    OBSERVATION_FORMATS,
    OBSERVATION_PARAMETERS,
    PAGE_LIMIT,
    PAGE_SIZE_DEFAULT,
    PAGE_SIZE_MAX,
    PROJECT_PARAMETERS,
    STRENGTHS_PARAMETERS,
    YEAR_RANGE,
)

api = NinjaAPI(
    title="localgrowth open data API",
    version="1.0.0",
    urls_namespace="api-v1",
    description=(
        "Open data on a local growth programme: its projects, areas, progress against its "
        "targets, the strategy framework its projects are tagged to, the evidence base, and "
        "its funding calls with the portfolios the board chose. Money is given in "
        "pounds as decimal strings, exact to the penny. No key is needed."
    ),
    docs=ServerDocs(),
    docs_url="/docs",
)


class AnyTextConverter(StringConverter):
    """A path segment (or several) of any characters, newlines too, so that every lookup of
    an unknown key reaches the view and gets the API's JSON 404, not the site's HTML page."""

    regex = r"[\s\S]+"


register_converter(AnyTextConverter, "anytext")

NOT_FOUND = {404: schemas.Error}
CALL_EXAMPLE = "selep-lgf3b"
"""The call the documentation's examples ask for."""


def _error(errors: Mapping[str, str], status: int = 400) -> Status[dict[str, Any]]:
    listed = [{"parameter": name, "message": text} for name, text in errors.items()]
    summary = " ".join(f"{item['parameter']}: {item['message']}" for item in listed)
    return Status(status, {"message": summary, "errors": listed})


def _not_found(message: str) -> Status[dict[str, Any]]:
    return Status(404, {"message": message, "errors": []})


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    errors = {
        str(detail.get("loc", ["?"])[-1]): str(detail.get("msg", "This value is not valid."))
        for detail in error.errors
    }
    return api.create_response(request, _error(errors).value, status=400)


def _clean_key(value: str) -> str | None:
    """A path parameter fit to look up, or None (so: not found)."""
    if not value or len(value) > KEY_LIMIT or any(ord(char) < 32 for char in value):
        return None
    return value


@dataclass(frozen=True)
class Paging:
    page: int = 1
    page_size: int = PAGE_SIZE_DEFAULT
    format: str = "json"

    @classmethod
    def from_query(cls, query: Mapping[str, Any]) -> tuple[Paging, dict[str, str]]:
        errors: dict[str, str] = {}
        values: dict[str, Any] = {}
        limits = {"page": PAGE_LIMIT, "page_size": PAGE_SIZE_MAX}
        for name, limit in limits.items():
            text = str(query.get(name) or "").strip()
            if not text:
                continue
            if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= limit:
                errors[name] = f"Enter a whole number from 1 to {limit:,}."
            else:
                values[name] = int(text)
        chosen = str(query.get("format") or "json").strip().lower()
        if chosen not in FORMATS:
            errors["format"] = (
                f"There is no format '{chosen[:20]}'. Use one of: {', '.join(FORMATS)}."
            )
        else:
            values["format"] = chosen
        return cls(**values), errors


def _json(request: HttpRequest, payload: Any, headers: Mapping[str, str]) -> HttpResponse:
    body = api.renderer.render(request, payload, response_status=200)
    return HttpResponse(body, content_type=api.renderer.media_type, headers=headers)


def _page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def _about(request: HttpRequest, filters: ProjectFilters) -> list[str]:
    shown = ", ".join(f"{name}={value}" for name, value in filters.to_query().items())
    return [
        "Projects from localgrowth, as filtered at the address below.",
        request.build_absolute_uri(),
        f"Filters: {shown or 'none (every project)'}",
        f"API documentation: {request.build_absolute_uri(reverse('api-v1:openapi-view'))}",
    ]


@api.get(
    "/projects",
    response={200: schemas.ProjectPage, 400: schemas.Error},
    url_name="projects",
    summary="Projects, filtered",
    description=(
        "Projects matching every filter given, in reference order. JSON is paged (a page past "
        "the last is empty); CSV, XLSX and GeoJSON give every matching project. The "
        "X-Result-Count header says how many match."
    ),
    openapi_extra={
        "parameters": PROJECT_PARAMETERS,
        "responses": {
            200: {
                "headers": {
                    exports.RESULT_COUNT_HEADER: {
                        "description": "How many projects match the filters.",
                        "schema": {"type": "integer"},
                    }
                },
                "content": {
                    exports.CSV_TYPE.split(";")[0]: {"schema": {"type": "string"}},
                    exports.XLSX_TYPE: {"schema": {"type": "string", "format": "binary"}},
                    exports.GEOJSON_TYPE: {"schema": {"type": "object"}},
                },
            }
        },
    },
)
def list_projects(request: HttpRequest) -> Any:
    filters, errors = ProjectFilters.from_query(request.GET)
    paging, paging_errors = Paging.from_query(request.GET)
    if errors or paging_errors:
        return _error({**errors, **paging_errors})
    filtered = queries.filter_projects(filters)
    projects = queries.with_details(filtered)
    site = request.build_absolute_uri("/").rstrip("/")
    if paging.format == "csv":
        return exports.csv_response(projects, site)
    if paging.format == "xlsx":
        return exports.xlsx_response(projects, site, about=_about(request, filters))
    if paging.format == "geojson":
        return exports.geojson_response(projects)
    count = filtered.count()
    start = (paging.page - 1) * paging.page_size
    page = filtered[start : start + paging.page_size]
    # Every value of a record is JSON as it stands (see exports.project_record), so the page
    # is rendered directly, not validated again against its schema.
    return _json(
        request,
        {
            "count": count,
            "page": paging.page,
            "page_size": paging.page_size,
            "next": _page_url(request, paging.page + 1)
            if start + paging.page_size < count
            else None,
            "previous": _page_url(request, paging.page - 1) if paging.page > 1 else None,
            "results": records.project_records(page) if start < count else [],
        },
        {exports.RESULT_COUNT_HEADER: str(count)},
    )


# Registered before "/projects/{reference}", which would otherwise take these paths.
@api.get(
    "/projects/facets",
    response={200: schemas.Facets, 400: schemas.Error},
    url_name="project-facets",
    summary="How many filtered projects have each status, category, fund, area and foundation",
    description=(
        "Counts of the projects matching every filter given, by facet and option: every facet, "
        "or those named by facet parameters (facet=status&facet=fund)."
    ),
    openapi_extra={"parameters": FACET_PARAMETERS},
)
def project_facets(request: HttpRequest) -> Any:
    filters, errors = ProjectFilters.from_query(request.GET)
    chosen = [name.strip() for name in request.GET.getlist("facet") if name.strip()]
    unknown = sorted(set(chosen) - set(queries.FACETS))
    if unknown:
        errors["facet"] = (
            f"There is no facet '{unknown[0][:40]}'. Use one or more of: "
            f"{', '.join(queries.FACETS)}."
        )
    if errors:
        return _error(errors)
    facets = queries.facet_counts(
        filters, [f for f in queries.FACETS if f in chosen] or queries.FACETS
    )
    return {
        "count": queries.filter_projects(filters).count(),
        "facets": {name: [vars(item) for item in items] for name, items in facets.items()},
    }


@api.get(
    "/projects/map",
    response={200: schemas.MapData, 400: schemas.Error},
    url_name="project-map",
    summary="The filtered projects in a map's view: points, or clusters when many",
    description=(
        f"The projects matching every filter given and inside the box, as GeoJSON points when "
        f"there are at most {maps.POINT_LIMIT:,}, else as clusters on a grid for the zoom "
        "level, each with its count and counts by status."
    ),
    openapi_extra={"parameters": MAP_PARAMETERS},
)
def project_map(request: HttpRequest) -> Any:
    filters, errors = ProjectFilters.from_query(request.GET)
    view, view_errors = maps.MapView.from_query(request.GET)
    if errors or view_errors:
        return _error({**errors, **view_errors})
    return maps.map_payload(queries.filter_projects(filters), view)


@api.get(
    "/projects/{anytext:reference}",
    response={200: schemas.ProjectDetail, **NOT_FOUND},
    url_name="project",
    summary="One project in full",
    description="A project with its match funding, spend, outputs and the dates of its changes.",
)
def project(
    request: HttpRequest, reference: str = Path(..., min_length=1, examples=["SELEP-001"])
) -> Any:
    key = _clean_key(reference)
    found = records.project_detail_record(key) if key else None
    if found is None:
        return _not_found(f"There is no project with the reference '{reference[:KEY_LIMIT]}'.")
    return found


# Evidence: indicators, observations, scorecards, sector strengths and similar places ----------
# Registered before "/areas/{code}", which would otherwise take the areas' evidence paths.


def _whole_number(
    query: Mapping[str, Any], name: str, low: int, high: int, errors: dict[str, str]
) -> int | None:
    text = str(query.get(name) or "").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or not low <= int(text) <= high:
        errors[name] = f"Enter a whole number from {low} to {high}."
        return None
    return int(text)


def _indicator(code: str) -> Indicator | None:
    key = _clean_key(code)
    return Indicator.objects.select_related("theme").filter(code=key).first() if key else None


def _evidence_area(code: str) -> Any:
    key = _clean_key(code)
    return analysis.current_area(key) if key else None


@api.get(
    "/indicators",
    response={200: list[schemas.IndicatorInfo]},
    url_name="indicators",
    summary="The indicators of the evidence base",
    description=(
        "Every official indicator held: what it measures, its unit, which direction is "
        "better, its theme, source, licence and how it is aggregated to larger areas."
    ),
)
def indicators(request: HttpRequest) -> Any:
    found = Indicator.objects.select_related("theme")
    return [evidence_payloads.indicator_record(request, indicator) for indicator in found]


@api.get(
    "/indicators/{anytext:code}/observations",
    response={200: schemas.ObservationPage, 400: schemas.Error, **NOT_FOUND},
    url_name="indicator-observations",
    summary="An indicator's values, from the newest release of each",
    description=(
        "The values of one indicator by area, period (and industry), each from the newest "
        "release that gives it, with that release. JSON is paged; CSV gives every match."
    ),
    openapi_extra={
        "parameters": OBSERVATION_PARAMETERS,
        "responses": {200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
    },
)
def indicator_observations(
    request: HttpRequest, code: str = Path(..., min_length=1, examples=["gva-per-hour-worked"])
) -> Any:
    indicator = _indicator(code)
    if indicator is None:
        return _not_found(f"There is no indicator with the code '{code[:KEY_LIMIT]}'.")
    paging, errors = Paging.from_query(
        {name: request.GET.get(name) for name in ("page", "page_size")}
    )
    chosen = str(request.GET.get("format") or "json").strip().lower()
    if chosen not in OBSERVATION_FORMATS:
        errors["format"] = (
            f"There is no format '{chosen[:20]}'. Use one of: {', '.join(OBSERVATION_FORMATS)}."
        )
    rows = Observation.objects.filter(indicator=indicator)
    area_code = str(request.GET.get("area") or "").strip()
    if area_code:
        found_area = _evidence_area(area_code)
        if found_area is None:
            errors["area"] = f"There is no area with the code '{area_code[:KEY_LIMIT]}'."
        else:
            rows = rows.filter(area=found_area)
    period = str(request.GET.get("period") or "").strip()
    if period:
        held = analysis.periods(indicator)
        if period not in held:
            errors["period"] = (
                f"{indicator.code} has no period '{period[:KEY_LIMIT]}'. Use one of: "
                f"{', '.join(held)}."
            )
        rows = rows.filter(period=period)
    if errors:
        return _error(errors)
    ids = rows.latest_release().values("pk")
    latest = (
        Observation.objects.filter(pk__in=ids)
        .select_related("area", "industry", "release")
        .defer("area__boundary")
        .order_by("area__code", "industry__position", "industry__code", "period_start", "pk")
    )
    if chosen == "csv":
        return evidence_payloads.observations_csv(latest, indicator)
    count = latest.count()
    start = (paging.page - 1) * paging.page_size
    page = latest[start : start + paging.page_size] if start < count else []
    return {
        "count": count,
        "page": paging.page,
        "page_size": paging.page_size,
        "next": _page_url(request, paging.page + 1) if start + paging.page_size < count else None,
        "previous": _page_url(request, paging.page - 1) if paging.page > 1 else None,
        "results": [
            {
                "area_code": row.area.code,
                "area_name": row.area.name,
                "industry_code": row.industry.code if row.industry else None,
                "period": row.period,
                "period_start": row.period_start,
                "value": row.value,
                "lower": row.lower,
                "upper": row.upper,
                "numerator": row.numerator,
                "denominator": row.denominator,
                "cell": row.cell,
                "release": {
                    "id": row.release.pk,
                    "title": row.release.title,
                    "publisher": row.release.publisher,
                    "published": row.release.published,
                    "file_name": row.release.file_name,
                },
            }
            for row in page
        ],
    }


@api.get(
    "/indicators/{anytext:code}/csvw",
    response={200: dict[str, Any], **NOT_FOUND},
    url_name="indicator-csvw",
    summary="CSV on the Web metadata for an indicator's observations",
    description=(
        "W3C CSVW metadata (JSON-LD) describing the CSV of the indicator's observations: "
        "its columns, units, source and licence."
    ),
)
def indicator_csvw(
    request: HttpRequest, code: str = Path(..., min_length=1, examples=["gva-per-hour-worked"])
) -> Any:
    indicator = _indicator(code)
    if indicator is None:
        return _not_found(f"There is no indicator with the code '{code[:KEY_LIMIT]}'.")
    address = reverse("api-v1:indicator-observations", kwargs={"code": indicator.code})
    return csvw_metadata(indicator, request.build_absolute_uri(f"{address}?format=csv"))


@api.get(
    "/indicators/{anytext:code}",
    response={200: schemas.IndicatorInfo, **NOT_FOUND},
    url_name="indicator",
    summary="One indicator",
    description="An indicator's metadata: unit, polarity, theme, source, licence, aggregation.",
)
def indicator(
    request: HttpRequest, code: str = Path(..., min_length=1, examples=["gva-per-hour-worked"])
) -> Any:
    found = _indicator(code)
    if found is None:
        return _not_found(f"There is no indicator with the code '{code[:KEY_LIMIT]}'.")
    return evidence_payloads.indicator_record(request, found)


@api.get(
    "/areas/{anytext:gss_code}/scorecard",
    response={200: schemas.ScorecardOut, **NOT_FOUND},
    url_name="area-scorecard",
    summary="An area's scorecard: its indicators by theme, benchmarked",
    description=(
        "For the aim, each foundation and each Grand Challenge: each indicator's latest value "
        "for the area (published, or aggregated from its districts), against England, its "
        "region and the median of its similar places, with its rank and quintile among all "
        "districts, red/amber/green status against England, significance where confidence "
        "intervals are published, and the trend since the earliest comparable period."
    ),
)
def area_scorecard(
    request: HttpRequest, gss_code: str = Path(..., min_length=1, examples=["E07000114"])
) -> Any:
    found = _evidence_area(gss_code)
    if found is None:
        return _not_found(f"There is no area with the code '{gss_code[:KEY_LIMIT]}'.")
    card = analysis.scorecard(found)
    return {
        "area": evidence_payloads.area_ref(card.area),
        "region": evidence_payloads.area_ref(card.region),
        "similar_places": card.similar_places,
        "themes": [
            {
                "code": part.theme.code,
                "kind": part.theme.kind,
                "title": part.theme.title,
                "indicators": [evidence_payloads.scorecard_line(line) for line in part.lines],
            }
            for part in card.themes
        ],
    }


@api.get(
    "/areas/{anytext:gss_code}/strengths",
    response={200: schemas.StrengthsOut, 400: schemas.Error, **NOT_FOUND},
    url_name="area-strengths",
    summary="An area's sector strengths: location quotients, shift-share, distinctive strengths",
    description=(
        "Location quotients of the area's industries against England in the end year, the "
        "shift-share decomposition of their change since the base year into national, "
        "industry-mix and local effects, and the distinctive strengths: a location quotient "
        "of at least 1.25 and faster growth than in England."
    ),
    openapi_extra={"parameters": STRENGTHS_PARAMETERS},
)
def area_strengths(
    request: HttpRequest, gss_code: str = Path(..., min_length=1, examples=["E37000056"])
) -> Any:
    found = _evidence_area(gss_code)
    if found is None:
        return _not_found(f"There is no area with the code '{gss_code[:KEY_LIMIT]}'.")
    errors: dict[str, str] = {}
    classification = str(request.GET.get("classification") or "rgva").strip()
    if classification not in analysis.STRENGTH_INDICATORS:
        errors["classification"] = (
            f"There is no classification '{classification[:40]}'. Use one of: "
            f"{', '.join(analysis.STRENGTH_INDICATORS)}."
        )
    base_year = _whole_number(request.GET, "base_year", *YEAR_RANGE, errors)
    end_year = _whole_number(request.GET, "end_year", *YEAR_RANGE, errors)
    if errors:
        return _error(errors)
    try:
        result = analysis.strengths(
            found, IndustryClassification(classification), base_year, end_year
        )
    except analysis.StrengthsRefused as refused:
        return _error({refused.parameter or "gss_code": str(refused)})
    except EvidenceError as error:
        return _error({"gss_code": str(error)})
    names = result.industry_names

    def shift(part: Any) -> dict[str, Any]:
        return {**vars(part), "name": names.get(part.industry, "All industries compared")}

    return {
        "area": evidence_payloads.area_ref(found),
        "classification": result.classification,
        "indicator": result.indicator.code,
        "unit": result.indicator.unit,
        "level": result.level,
        "base_year": result.base_year,
        "end_year": result.end_year,
        "lq_threshold": result.lq_threshold,
        "location_quotients": [
            {**vars(item), "name": names.get(item.industry, item.industry)}
            for item in result.location_quotients.values()
        ],
        "shift_share": [shift(part) for part in result.shift_share.industries.values()],
        "shift_share_total": shift(result.shift_share.total),
        "shift_share_left_out": result.shift_share.left_out,
        "strengths": [
            {**vars(item), "name": names.get(item.industry, item.industry)}
            for item in result.assessed
        ],
        "distinctive": [item.industry for item in result.assessed if item.distinctive],
        "notes": result.notes,
    }


@api.get(
    "/areas/{anytext:gss_code}/neighbours",
    response={200: schemas.NeighboursOut, 400: schemas.Error, **NOT_FOUND},
    url_name="area-neighbours",
    summary="An area's similar places: its statistical nearest neighbours among districts",
    description=(
        "The districts nearest to the area on standardised indicators of size, age, "
        "productivity, income, employment and deprivation; the method is in the answer."
    ),
    openapi_extra={"parameters": NEIGHBOURS_PARAMETERS},
)
def area_neighbours(
    request: HttpRequest, gss_code: str = Path(..., min_length=1, examples=["E07000114"])
) -> Any:
    found = _evidence_area(gss_code)
    if found is None:
        return _not_found(f"There is no area with the code '{gss_code[:KEY_LIMIT]}'.")
    errors: dict[str, str] = {}
    k = _whole_number(request.GET, "k", 1, NEIGHBOURS_MAX, errors)
    if errors:
        return _error(errors)
    try:
        similar = analysis.neighbours(found, k=k or 10)
    except (EvidenceError, ValueError, KeyError) as error:
        return _error({"gss_code": str(error).strip("'\"")})
    return {
        "area": evidence_payloads.area_ref(found),
        "method": similar.method,
        "indicators": similar.indicators,
        "dropped": similar.dropped,
        "nearest": [vars(item) for item in similar.nearest],
    }


@api.get(
    "/areas/{anytext:code}",
    response={200: schemas.Area, **NOT_FOUND},
    url_name="area",
    summary="An area and what its projects come to",
    description=(
        "An area by its code (ONS GSS code, or a federated area code such as SELEP-KM): its "
        "parents and children, and the projects serving it with their grant, cost, jobs and "
        "homes apportioned to it by share."
    ),
)
def area(request: HttpRequest, code: str = Path(..., min_length=1, examples=["E10000016"])) -> Any:
    key = _clean_key(code)
    found = queries.get_area(key) if key else None
    if found is None:
        return _not_found(f"There is no area with the code '{code[:KEY_LIMIT]}'.")
    projects_url = request.build_absolute_uri(
        reverse("api-v1:projects") + "?" + urlencode(ProjectFilters(area=found.code).to_query())
    )
    return payloads.area_payload(found, area_shares.area_totals(found), projects_url)


@api.get(
    "/programmes/{anytext:slug}/progress",
    response={200: schemas.Progress, **NOT_FOUND},
    url_name="programme-progress",
    summary="A programme's targets and progress",
    description="Headline targets, current and superseded, and dated progress with sources.",
)
def programme_progress(
    request: HttpRequest, slug: str = Path(..., min_length=1, examples=["selep-growth-deal"])
) -> Any:
    key = _clean_key(slug)
    found = queries.programme_progress(key) if key else None
    if found is None:
        return _not_found(f"There is no programme called '{slug[:KEY_LIMIT]}'.")
    return payloads.progress_payload(found)


@api.get(
    "/framework",
    response={200: schemas.Framework},
    url_name="framework",
    summary="The strategy framework",
    description="Strategy documents and their themes, with how many projects each is tagged to.",
)
def framework(request: HttpRequest) -> Any:
    documents, themes = queries.framework_overview()
    return payloads.framework_payload(list(documents), list(themes))


# Funding calls and the board's published scenarios ---------------------------------------------


def _published_call(slug: str) -> Any:
    key = _clean_key(slug)
    return call_payloads.published_call(key) if key else None


def _no_call(slug: str) -> Status[dict[str, Any]]:
    return _not_found(f"There is no published call '{slug[:KEY_LIMIT]}'.")


@api.get(
    "/calls",
    response={200: list[call_schemas.CallOut]},
    url_name="calls",
    summary="The published funding calls",
    description=(
        "Every published call for projects to bid for funding, in slug order: its budget in "
        "total and by financial year, spend deadline, eligibility rules, the criteria "
        "candidates are scored on with their weights, the least shares for areas and counts "
        "for foundations, and how many candidates bid."
    ),
)
def calls(request: HttpRequest) -> Any:
    return [call_payloads.call_record(request, call) for call in call_payloads.published_calls()]


# Registered before "/calls/{slug}", which would otherwise take this path.
@api.get(
    "/calls/{anytext:slug}/scenarios",
    response={200: call_schemas.CallScenarios, **NOT_FOUND},
    url_name="call-scenarios",
    summary="A call's published scenarios: the portfolios the board chose",
    description=(
        "The scenarios of a published call that the board has published, newest first, as "
        "they were saved: the objective, the solver's status, objective and gap, budget and "
        "grant funded by year, totals, and every candidate with its grant, share funded, "
        "benefit-cost ratio, ranks and why it is in or out."
    ),
)
def call_scenarios(
    request: HttpRequest, slug: str = Path(..., min_length=1, examples=[CALL_EXAMPLE])
) -> Any:
    found = _published_call(slug)
    if found is None:
        return _no_call(slug)
    return call_payloads.call_scenarios(request, found)


@api.get(
    "/calls/{anytext:slug}",
    response={200: call_schemas.CallOut, **NOT_FOUND},
    url_name="call",
    summary="One published funding call",
    description="A published call's money, rules and criteria, as in the list.",
)
def call(request: HttpRequest, slug: str = Path(..., min_length=1, examples=[CALL_EXAMPLE])) -> Any:
    found = _published_call(slug)
    if found is None:
        return _no_call(slug)
    return call_payloads.call_record(request, found)
