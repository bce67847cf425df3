"""The staff programme dashboard and its exports: the programme's position at a date (spend
against profile, outputs against forecast, ratings, late returns, risks, the trajectory to the
headline targets, gross and net outputs), as a page, as CSV for each chart, and as a report in
XLSX and PDF.

The programme and the date come from the query string (``programme``; ``as_at`` as
2021-03-31, or the date input's ``as_at-day``, ``as_at-month`` and ``as_at-year``). A date
that is not a real date, or is in the future, redraws the page with a GOV.UK error message and
status 400.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, F
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from localgrowth.domain import latest_figure, rag
from localgrowth.projects.models import Programme
from localgrowth.returns.monitoring import (
    MeasureTrajectory,
    ProgrammePosition,
    ProjectPosition,
    programme_position,
)
from localgrowth.returns.report import XLSX_TYPE, programme_workbook
from localgrowth.web import vega
from localgrowth.web.formatting import long_date, money_short, number, percent
from localgrowth.web.headlines import outcome_text

from . import dashboard_charts
from .access import staff_view
from .pages import render

VIEW = "returns.view_return"
EARLIEST = date(2000, 1, 1)
DATE_FIELDS = ("day", "month", "year")
RAG_ORDER = {"red": 0, "amber": 1, "green": 2}


# Reading the choice --------------------------------------------------------------------------


@dataclass(frozen=True)
class DateChoice:
    value: date | None
    fields: dict[str, str]
    """What the date input shows: day, month and year as typed, or as the date."""
    error: str = ""
    error_fields: tuple[str, ...] = ()


def _shown(day: date) -> dict[str, str]:
    return {"day": str(day.day), "month": str(day.month), "year": str(day.year)}


def read_date(query: Mapping[str, Any], today: date) -> DateChoice:
    """The "as at" date: the date input's three fields, else ``as_at`` as 2021-03-31, else
    today. Messages follow the GOV.UK Design System's date input."""
    typed = {name: (query.get(f"as_at-{name}") or "").strip() for name in DATE_FIELDS}
    iso = (query.get("as_at") or "").strip()
    if not any(typed.values()):
        if not iso:
            return DateChoice(today, _shown(today))
        try:
            chosen = date.fromisoformat(iso)
        except ValueError:
            return DateChoice(
                None,
                {"day": "", "month": "", "year": ""},
                "The date as at must be a real date, such as 31 3 2021",
                DATE_FIELDS,
            )
        return _in_range(chosen, _shown(chosen), today)
    missing = [name for name in DATE_FIELDS if not typed[name]]
    if missing:
        names = " and ".join(missing)
        return DateChoice(None, typed, f"The date as at must include a {names}", tuple(missing))
    if not all(typed[name].isdigit() for name in DATE_FIELDS):
        wrong = tuple(name for name in DATE_FIELDS if not typed[name].isdigit())
        return DateChoice(None, typed, "The date as at must be a real date", wrong)
    if len(typed["year"]) != 4:
        return DateChoice(None, typed, "Year must include 4 numbers", ("year",))
    try:
        chosen = date(int(typed["year"]), int(typed["month"]), int(typed["day"]))
    except ValueError:
        return DateChoice(None, typed, "The date as at must be a real date", DATE_FIELDS)
    return _in_range(chosen, typed, today)


def _in_range(chosen: date, shown: dict[str, str], today: date) -> DateChoice:
    if chosen > today:
        return DateChoice(None, shown, "The date as at must be today or in the past", DATE_FIELDS)
    if chosen < EARLIEST:
        return DateChoice(
            None, shown, f"The date as at must be {long_date(EARLIEST)} or later", DATE_FIELDS
        )
    return DateChoice(chosen, shown)


def programmes() -> list[Programme]:
    """Every programme, the one with the most progress figures and targets first (as on the
    public home page)."""
    return list(
        Programme.objects.annotate(
            n_snapshots=Count("snapshots", distinct=True),
            n_targets=Count("targets", distinct=True),
        ).order_by("-n_snapshots", "-n_targets", F("start_date").asc(nulls_last=True), "name")
    )


# What the page shows ---------------------------------------------------------------------------


@dataclass(frozen=True)
class HeadlineFigure:
    key: str
    label: str
    value: str
    detail: str
    illustrative: bool = False


@dataclass(frozen=True)
class LateProject:
    """A project's overdue returns, for the page's table (every quarter is in the report)."""

    pk: int
    reference: str
    title: str
    quarters: int
    oldest: str
    oldest_days: int
    latest: str
    latest_days: int


@dataclass
class DashboardPage:
    today: date
    programmes: list[Programme]
    programme: Programme | None
    date_choice: DateChoice
    errors: list[dict[str, str]] = field(default_factory=list)
    position: ProgrammePosition | None = None
    headlines: list[HeadlineFigure] = field(default_factory=list)
    charts: dict[str, vega.Chart] = field(default_factory=dict)
    rule_sentences: list[str] = field(default_factory=list)

    @property
    def as_at(self) -> date | None:
        return self.date_choice.value

    @property
    def query(self) -> str:
        pairs = []
        if self.programme is not None:
            pairs.append(("programme", self.programme.slug))
        if self.as_at is not None:
            pairs.append(("as_at", self.as_at.isoformat()))
        return urlencode(pairs)

    def export_url(self, name: str) -> str:
        if self.programme is None or self.as_at is None:
            return ""
        path = reverse(name, args=[self.programme.slug])
        return f"{path}?{urlencode([('as_at', self.as_at.isoformat())])}"

    @property
    def xlsx_url(self) -> str:
        return self.export_url("staff:dashboard-xlsx")

    @property
    def pdf_url(self) -> str:
        return self.export_url("staff:dashboard-pdf")

    def csv_url(self, chart: str) -> str:
        assert self.programme is not None
        assert self.as_at is not None
        path = reverse("staff:dashboard-csv", args=[self.programme.slug, chart])
        return f"{path}?{urlencode([('as_at', self.as_at.isoformat())])}"

    @property
    def ratings(self) -> list[ProjectPosition]:
        if self.position is None:
            return []
        return sorted(
            self.position.projects, key=lambda p: (RAG_ORDER[p.rating.colour], p.reference)
        )

    @property
    def late_projects(self) -> list[LateProject]:
        if self.position is None:
            return []
        found = []
        for project in self.position.projects:
            late = project.late_returns
            if not late:
                continue
            found.append(
                LateProject(
                    project.pk,
                    project.reference,
                    project.title,
                    len(late),
                    late[0].quarter_label,
                    late[0].days_overdue,
                    late[-1].quarter_label,
                    late[-1].days_overdue,
                )
            )
        return sorted(found, key=lambda item: (-item.oldest_days, item.reference))

    @property
    def stamp(self) -> str:
        """Where the figures come from and when, on the page and in each export."""
        if self.programme is None or self.as_at is None:
            return ""
        return (
            f"{self.programme.name}: position as at {long_date(self.as_at)}, from the "
            f"register and the approved monitoring returns; produced on {long_date(self.today)}."
        )


def headline_figures(position: ProgrammePosition) -> list[HeadlineFigure]:
    """The figures at the top of the dashboard and of the PDF report."""
    projects = len(position.projects)
    figures = [
        HeadlineFigure(
            "grant",
            "Grant to the projects monitored",
            money_short(position.grant),
            f"{number(projects)} project{'' if projects == 1 else 's'} monitored"
            + (
                f"; {number(position.not_monitored)} in the pipeline or withdrawn are not"
                if position.not_monitored
                else ""
            ),
        ),
        HeadlineFigure(
            "spend",
            "Actual spend to date",
            money_short(position.actual_to_date),
            f"Profile to date {money_short(position.profile_to_date)} on the current "
            f"baseline; {money_short(position.original_profile_to_date)} on the original "
            "baseline",
            any(p.illustrative for p in position.projects if p.actual_to_date),
        ),
    ]
    published = [s for s in position.published_spend if s.as_at is not None]
    if published:
        latest = published[-1]
        figures.append(
            HeadlineFigure(
                "published-spend",
                "Spend to date, as published",
                money_short(latest.value),
                f"As at {long_date(latest.as_at)}: the latest dated figure the programme "
                f"published ({dashboard_charts.host(latest.source_url)})",
            )
        )
    for item in position.trajectories:
        figures += _trajectory_figures(item, position.as_at)
    counts = position.ratings
    figures.append(
        HeadlineFigure(
            "ratings",
            "Project ratings",
            f"{counts['red']} red, {counts['amber']} amber, {counts['green']} green",
            "From the rules under ‘How ratings are worked out’",
            position.illustrative,
        )
    )
    late = len(position.late_returns)
    figures.append(
        HeadlineFigure(
            "late",
            "Returns overdue",
            number(late),
            f"From {number(position.projects_late)} project"
            f"{'' if position.projects_late == 1 else 's'}",
        )
    )
    figures.append(
        HeadlineFigure(
            "risks",
            "Open risks",
            number(position.open_risks),
            "In the projects' latest approved returns",
            any(r.illustrative for r in position.top_risks),
        )
    )
    return figures


def _trajectory_figures(item: MeasureTrajectory, as_at: date) -> list[HeadlineFigure]:
    result = item.result
    name = item.name
    delivered: Sequence[latest_figure.DatedValue] = result.delivered
    if item.delivered_basis == "snapshots":
        delivered = item.dated_snapshots
        latest = latest_figure.latest(delivered, as_at)
        assert latest is not None
        assert latest.as_at is not None
        basis = f"the latest dated published figure, {long_date(latest.as_at)}"
    elif item.delivered_basis == "returns":
        basis = f"the approved returns to {long_date(result.delivered[-1].as_at)}"
    else:
        basis = "nothing delivered is recorded yet"
    share = percent(result.share_of_target * 100)
    outcome = latest_figure.target_outcome(delivered, item.target, item.deadline, as_at)
    figures = [
        HeadlineFigure(
            f"{item.measure}-delivered",
            f"{name} delivered",
            number(result.delivered_to_date),
            f"{share} of the target of {number(item.target)} by {long_date(item.deadline)}; "
            f"{basis}. {outcome_text(outcome)}",
            item.delivered_basis == "returns" and item.illustrative,
        )
    ]
    at_deadline = result.at_deadline
    if at_deadline is not None and len(result.projection) > 1:
        if at_deadline.low != at_deadline.high:
            spread = (
                f"range {number(at_deadline.low)} to {number(at_deadline.high)}, "
                f"from the slippage of {result.ratios_used} past forecasts"
            )
        else:
            spread = "no history of slippage yet, so the forecasts are taken as made"
        figures.append(
            HeadlineFigure(
                f"{item.measure}-projected",
                f"{name} projected by {long_date(item.deadline)}",
                number(at_deadline.central),
                f"{spread}; forecast at completion {number(result.forecast_at_completion)}",
                item.illustrative,
            )
        )
    return figures


def dashboard_page(query: Mapping[str, Any], today: date | None = None) -> DashboardPage:
    today = today or timezone.localdate()
    choices = programmes()
    slug = (query.get("programme") or "").strip()
    errors: list[dict[str, str]] = []
    chosen: Programme | None = choices[0] if choices else None
    if slug:
        chosen = next((p for p in choices if p.slug == slug), None)
        if chosen is None:
            errors.append({"text": "Choose a programme from the list", "href": "#programme"})
    date_choice = read_date(query, today)
    if date_choice.error:
        first = date_choice.error_fields[0] if date_choice.error_fields else "day"
        errors.append({"text": date_choice.error, "href": f"#as_at-{first}"})
    page = DashboardPage(today, choices, chosen, date_choice, errors)
    if errors or chosen is None or date_choice.value is None:
        return page
    return fill(page, chosen, date_choice.value)


def fill(page: DashboardPage, programme: Programme, as_at: date) -> DashboardPage:
    position = programme_position(programme, as_at)
    page.position = position
    page.headlines = headline_figures(position)
    page.charts = dashboard_charts.dashboard_charts(position, page.csv_url)
    page.rule_sentences = rag.describe(position.rules)
    return page


def export_page(request: HttpRequest, slug: str) -> DashboardPage:
    """The page for an export of one programme; 404 when there is no such programme."""
    programme = Programme.objects.filter(slug=slug[:50]).first()
    if programme is None:
        raise Http404("There is no programme with that name.")
    today = timezone.localdate()
    date_choice = read_date(request.GET, today)
    page = DashboardPage(today, programmes(), programme, date_choice)
    if date_choice.error:
        first = date_choice.error_fields[0] if date_choice.error_fields else "day"
        page.errors.append({"text": date_choice.error, "href": f"#as_at-{first}"})
        return page
    assert date_choice.value is not None
    return fill(page, programme, date_choice.value)


# Views --------------------------------------------------------------------------------------

TEMPLATE = "staff/dashboard/dashboard.html"


def _page_response(request: HttpRequest, page: DashboardPage) -> HttpResponse:
    return render(request, TEMPLATE, {"page": page}, status=400 if page.errors else 200)


@require_safe
@staff_view(VIEW)
def dashboard(request: HttpRequest) -> HttpResponse:
    return _page_response(request, dashboard_page(request.GET))


def _download(content: bytes | str, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _file_name(page: DashboardPage, suffix: str) -> str:
    assert page.programme is not None
    assert page.as_at is not None
    return f"{page.programme.slug}-position-{page.as_at.isoformat()}{suffix}"


@require_safe
@staff_view(VIEW)
def chart_csv(request: HttpRequest, slug: str, chart: str) -> HttpResponse:
    if chart not in dashboard_charts.CHART_NAMES:
        raise Http404("There is no such chart.")
    page = export_page(request, slug)
    if page.errors:
        return _page_response(request, page)
    found = page.charts.get(chart)
    if found is None:
        raise Http404("This programme has no such chart.")
    text = vega.csv_text(found.table.headers, found.table.csv_rows)
    return _download(text, "text/csv; charset=utf-8", _file_name(page, f"-{chart}.csv"))


@require_safe
@staff_view(VIEW)
def report_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    page = export_page(request, slug)
    if page.errors or page.position is None:
        return _page_response(request, page)
    content = programme_workbook(page.position, produced_on=page.today)
    return _download(content, XLSX_TYPE, _file_name(page, ".xlsx"))


@require_safe
@staff_view(VIEW)
def report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    from .report_pdf import programme_pdf

    page = export_page(request, slug)
    if page.errors or page.position is None:
        return _page_response(request, page)
    content = programme_pdf(page)
    return _download(content, "application/pdf", _file_name(page, ".pdf"))
