"""Rendering a staff page: the staff sections a person's role opens, as the staff layout's
navigation and as the staff home page."""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from localgrowth.web.views import render as render_page

from .access import staff_view

HOME = "staff:home"


@dataclass(frozen=True)
class Section:
    title: str
    url_name: str
    permission: str
    summary: str


SECTIONS = (
    Section(
        "Programme dashboard",
        "staff:dashboard",
        "returns.view_return",
        "Spend and outputs against the headline targets at any date, forecast beside actual, "
        "with the programme report to download.",
    ),
    Section(
        "Monitoring returns",
        "staff:returns",
        "returns.view_return",
        "Projects' quarterly returns: send the workbook, upload what comes back, check and "
        "approve.",
    ),
    Section(
        "Baseline changes",
        "staff:baseline-changes",
        "returns.view_baselinechange",
        "Proposed changes to a project's agreed spend profile and output forecasts, each "
        "approved by another person.",
    ),
    Section(
        "Funding calls",
        "staff:calls",
        "prioritisation.view_scenario",
        "Candidates for a call appraised and ranked, and the portfolio that fits the budgets.",
    ),
    Section(
        "Strategy",
        "staff:strategy",
        "strategy.view_version",
        "The strategy's versions: drafts, consultation and publication.",
    ),
    Section(
        "Consultation comments",
        "staff:consultation",
        "strategy.moderate_comment",
        "Comments sent on a version open for consultation, to publish or decline.",
    ),
)


def open_sections(request: HttpRequest) -> list[dict[str, Any]]:
    """The sections this person's role opens, marked current as GOV.UK's service navigation
    expects."""
    items = []
    for section in SECTIONS:
        if not request.user.has_perm(section.permission):
            continue
        href = reverse(section.url_name)
        items.append(
            {
                "text": section.title,
                "href": href,
                "summary": section.summary,
                "current": request.path == href,
                "active": request.path != href and request.path.startswith(href),
            }
        )
    return items


def render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render_page(
        request, template, {"staff_navigation": open_sections(request), **context}, status
    )


@staff_view(None)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "staff/home.html", {})
