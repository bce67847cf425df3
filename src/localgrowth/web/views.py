"""The public pages. Thin: read the request, ask ``services`` and render a Jinja2 template."""

import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render as django_render
from django.views.decorators.http import require_safe

from . import area_pages, project_list, project_page, services, sources, vega
from .evidence import common, explorer, explorer_charts, index, profile, strengths

logger = logging.getLogger(__name__)
ENGINE = "jinja2"


def render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return django_render(request, template, context, status=status, using=ENGINE)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    try:
        page = services.home_page(request.GET.get("programme") or None)
    except services.ProgrammeNotFound as error:
        raise Http404("There is no programme with that name.") from error
    return render(request, "home.html", {"page": page})


@require_safe
def strategy(request: HttpRequest) -> HttpResponse:
    return render(request, "strategy.html", {"page": services.strategy_page()})


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "accessibility.html", {})


@require_safe
def about_data(request: HttpRequest) -> HttpResponse:
    context = {"sources": sources.SOURCES, "releases": sources.evidence_releases()}
    return render(request, "about_data.html", context)


@require_safe
def provenance(request: HttpRequest, name: str) -> HttpResponse:
    """A PROVENANCE file as it ships with the code, in full."""
    path = sources.PROVENANCE_FILES.get(name)
    if path is None:
        raise Http404("There is no provenance file with that name.")
    return HttpResponse(path.read_text(encoding="utf-8"), content_type="text/plain; charset=utf-8")


@require_safe
def projects(request: HttpRequest) -> HttpResponse:
    """The Projects Map and list: one filter form (GET), so the address carries the filters."""
    page = project_list.projects_page(request.GET)
    return render(request, "projects.html", {"page": page}, status=400 if page.errors else 200)


@require_safe
def project(request: HttpRequest, reference: str) -> HttpResponse:
    try:
        page = project_page.project_page(reference)
    except project_page.ProjectNotFound as error:
        raise Http404("There is no project with that reference.") from error
    return render(request, "project.html", {"page": page})


@require_safe
def area(request: HttpRequest, code: str) -> HttpResponse:
    try:
        page = area_pages.area_page(code, project_list.page_number(request.GET))
    except area_pages.AreaNotFound as error:
        raise Http404("There is no area with that code.") from error
    return render(request, "area.html", {"page": page})


@require_safe
def area_shares_csv(request: HttpRequest, code: str) -> HttpResponse:
    """Every project serving the area, or a wider area overlapping it, with its share here."""
    try:
        page = area_pages.area_page(code)
    except area_pages.AreaNotFound as error:
        raise Http404("There is no area with that code.") from error
    text = vega.csv_text(area_pages.SHARES_CSV_HEADERS, area_pages.shares_csv_rows(page))
    return _csv_response(text, f"{page.code}-project-shares.csv")


@require_safe
def boundaries(request: HttpRequest) -> HttpResponse:
    """The partnership's district boundaries and outline, as GeoJSON, for the maps."""
    try:
        payload = area_pages.boundaries(request.GET.get("partnership") or "")
    except area_pages.AreaNotFound:
        return JsonResponse({"message": "There is no partnership with that name."}, status=404)
    response = JsonResponse(payload, content_type="application/geo+json")
    response["Cache-Control"] = "public, max-age=3600"
    return response


# Error pages (handler400, handler403, handler404, handler500 in localgrowth.urls)

ERRORS = {
    400: (
        "Sorry, there is a problem with your request",
        "The address or the request was not "
        "in a form this service understands. Check it and try again.",
    ),
    403: (
        "You do not have permission to see this page",
        "If you work on the programme, sign in "
        "with an account that has access, or ask an administrator for it.",
    ),
    404: (
        "Page not found",
        "If you typed the web address, check it is correct. If you pasted "
        "the web address, check you copied the entire address.",
    ),
    500: (
        "Sorry, there is a problem with the service",
        "Try again later. Nothing you did caused this, and no data was changed.",
    ),
}


def error_page(request: HttpRequest, status: int) -> HttpResponse:
    heading, advice = ERRORS[status]
    context = {"status": status, "heading": heading, "advice": advice}
    try:
        return render(request, "error.html", context, status=status)
    except Exception:  # an error page must never fail: fall back to plain HTML
        logger.exception("Could not render the %s error page", status)
        return HttpResponse(
            f'<!DOCTYPE html><html lang="en"><head><title>{heading} – localgrowth</title>'
            f"</head><body><h1>{heading}</h1><p>{advice}</p></body></html>",
            status=status,
        )


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error_page(request, 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error_page(request, 403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error_page(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return error_page(request, 500)


# The evidence pages ------------------------------------------------------------------------------


def _csv_response(text: str, name: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
def evidence(request: HttpRequest) -> HttpResponse:
    return render(request, "evidence/index.html", {"page": index.evidence_index()})


@require_safe
def evidence_indicator(request: HttpRequest, code: str) -> HttpResponse:
    try:
        page = explorer.explorer(code, request.GET)
    except common.EvidenceNotFound as error:
        raise Http404("There is no indicator with that code.") from error
    status = 400 if page.errors else 200
    return render(request, "evidence/indicator.html", {"page": page}, status=status)


@require_safe
def evidence_indicator_csv(request: HttpRequest, code: str, chart: str) -> HttpResponse:
    if chart not in explorer_charts.CHART_NAMES:
        raise Http404("There is no such chart.")
    try:
        page = explorer.explorer(code, request.GET)
    except common.EvidenceNotFound as error:
        raise Http404("There is no indicator with that code.") from error
    if page.errors or chart not in page.charts:
        return render(request, "evidence/indicator.html", {"page": page}, status=400)
    table = page.charts[chart].table
    text = vega.csv_text(table.headers, table.csv_rows)
    return _csv_response(text, f"{page.indicator.code}-{page.choice.area}-{chart}.csv")


@require_safe
def evidence_area(request: HttpRequest, code: str) -> HttpResponse:
    try:
        page = profile.profile(code)
    except common.EvidenceNotFound as error:
        raise Http404("There is no area with that code.") from error
    return render(request, "evidence/area.html", {"page": page})


@require_safe
def evidence_scorecard_csv(request: HttpRequest, code: str) -> HttpResponse:
    try:
        page = profile.profile(code)
    except common.EvidenceNotFound as error:
        raise Http404("There is no area with that code.") from error
    rows = profile.scorecard_csv_rows(page)
    text = vega.csv_text(profile.SCORECARD_CSV_HEADERS, rows)
    return _csv_response(text, f"scorecard-{page.area.code}.csv")


@require_safe
def evidence_strengths(request: HttpRequest, code: str) -> HttpResponse:
    try:
        page = strengths.strengths_page(code, request.GET)
    except common.EvidenceNotFound as error:
        raise Http404("There is no area with that code.") from error
    status = 400 if page.errors else 200
    return render(request, "evidence/strengths.html", {"page": page}, status=status)


@require_safe
def evidence_strengths_csv(request: HttpRequest, code: str, table: str) -> HttpResponse:
    try:
        page = strengths.strengths_page(code, request.GET)
    except common.EvidenceNotFound as error:
        raise Http404("There is no area with that code.") from error
    if page.errors or page.chart is None or page.shift_share is None:
        return render(request, "evidence/strengths.html", {"page": page}, status=400)
    if table == "location-quotients":
        text = vega.csv_text(strengths.LQ_CSV_HEADERS, page.chart.table.csv_rows)
    elif table == "shift-share":
        text = vega.csv_text(strengths.SHIFT_SHARE_CSV_HEADERS, page.shift_share.csv_rows)
    else:
        raise Http404("There is no such table.")
    return _csv_response(text, f"{table}-{page.area.code}.csv")
