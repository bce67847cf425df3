"""Rendering a staff page: the staff layout's navigation added to the page's context."""

from typing import Any

from django.http import HttpRequest, HttpResponse

from localgrowth.web.views import render as render_page

NAVIGATION = (
    ("Programme dashboard", "staff:dashboard"),
    ("Monitoring returns", "staff:returns"),
    ("Baseline changes", "staff:baseline-changes"),
    ("Funding calls", "staff:calls"),
    ("Strategy", "staff:strategy"),
    ("Consultation comments", "staff:consultation"),
)


def render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render_page(request, template, {"staff_navigation": NAVIGATION, **context}, status)
