"""The staff programme dashboard: the trajectory chart reproduces the programme's published
dated figures (and only those), every section shows the position's figures, the date is checked
as GOV.UK asks, and only staff with the permission may see the page and its exports."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from localgrowth.demo import programme as facts
from localgrowth.demo.services import load_programmes
from localgrowth.domain import rag
from localgrowth.places.models import Partnership
from localgrowth.projects.models import (
    Fund,
    HeadlineTarget,
    OutputLine,
    OutputType,
    Programme,
    ProgressSnapshot,
    Project,
    SpendLine,
)
from localgrowth.returns.models import Return, ReturnOutput, ReturnRisk, ReturnSpend
from localgrowth.returns.monitoring import programme_position
from localgrowth.web.formatting import number

from .conftest import Page, make_user, page_of, text_of

pytestmark = pytest.mark.django_db

DASHBOARD = "/staff/programme/"
SLUG = "dashboard-test"
AS_AT = date(2019, 12, 31)
QUERY = f"?programme={SLUG}&as_at=2019-12-31"


# A small programme --------------------------------------------------------------------------------


def _return(project: Project, year: str, quarter: int, end: date, **fields: Any) -> Return:
    submitted = timezone.make_aware(datetime.combine(end, datetime.min.time()))
    return Return.objects.create(
        project=project,
        financial_year=year,
        quarter=quarter,
        period_end=end,
        version=1,
        status="approved",
        submitted_at=submitted + timedelta(days=20),
        **fields,
    )


def build_programme(illustrative: bool = False) -> Programme:
    """DASH-001 in delivery with two approved returns; DASH-002 in delivery with none; a jobs
    target with one dated published figure, one after the date and one undated."""
    programme = Programme.objects.create(
        slug=SLUG,
        name="Dashboard test programme",
        partnership=Partnership.objects.get(slug="selep"),
        start_date=date(2018, 4, 1),
        end_date=date(2021, 3, 31),
    )
    jobs = OutputType.objects.get(code="jobs")
    first = Project.objects.create(
        reference="DASH-001",
        title="Station quarter access",
        programme=programme,
        fund=Fund.objects.get(code="lgf-1"),
        status="in_delivery",
        category="transport",
        grant=Decimal(1_000_000),
        start_date=date(2018, 4, 1),
        end_date=date(2021, 3, 31),
    )
    for year, amount in [("2018/19", 400_000), ("2019/20", 400_000), ("2020/21", 200_000)]:
        SpendLine.objects.create(
            project=first, financial_year=year, basis="forecast", amount=Decimal(amount)
        )
    OutputLine.objects.create(project=first, output_type=jobs, basis="forecast", value=100)
    early = _return(first, "2018/19", 2, date(2018, 9, 30), illustrative=illustrative)
    ReturnSpend.objects.create(
        quarterly_return=early, financial_year="2018/19", basis="actual", amount=100_000
    )
    for year, value in [("2018/19", 20), ("2019/20", 40), ("2020/21", 40)]:
        ReturnOutput.objects.create(
            quarterly_return=early, output_type=jobs, period=year, basis="forecast", value=value
        )
    latest = _return(first, "2019/20", 2, date(2019, 9, 30))
    for year, basis, amount in [
        ("2018/19", "actual", 300_000),
        ("2019/20", "actual", 180_000),
        ("2019/20", "forecast", 350_000),
        ("2020/21", "forecast", 250_000),
    ]:
        ReturnSpend.objects.create(
            quarterly_return=latest, financial_year=year, basis=basis, amount=amount
        )
    for year, basis, value in [
        ("2018/19", "actual", 10),
        ("2019/20", "actual", 5),
        ("2019/20", "forecast", 30),
        ("2020/21", "forecast", 45),
    ]:
        ReturnOutput.objects.create(
            quarterly_return=latest, output_type=jobs, period=year, basis=basis, value=value
        )
    ReturnRisk.objects.create(
        quarterly_return=latest,
        position=1,
        description="Contractor cost inflation",
        likelihood=4,
        impact=4,
        owner="Project board",
        mitigation="Fixed-price contract let.",
        status="open",
    )
    second = Project.objects.create(
        reference="DASH-002",
        title="Enterprise hub",
        programme=programme,
        fund=Fund.objects.get(code="lgf-1"),
        status="in_delivery",
        category="business_support",
        grant=Decimal(500_000),
        start_date=date(2019, 4, 1),
    )
    SpendLine.objects.create(
        project=second, financial_year="2019/20", basis="forecast", amount=200_000
    )
    HeadlineTarget.objects.create(
        programme=programme,
        measure="jobs",
        value=200,
        deadline=date(2021, 3, 31),
        wording="200 jobs by March 2021",
        source_url="https://example.org/targets",
    )
    for as_at, label, value in [
        (date(2019, 6, 30), "30 Jun 2019", 12),
        (date(2020, 6, 30), "30 Jun 2020", 50),
        (None, "Web page (date not recorded)", 99),
    ]:
        ProgressSnapshot.objects.create(
            programme=programme,
            as_at=as_at,
            as_at_label=label,
            measure="jobs",
            value=value,
            wording=f"{value} jobs delivered",
            source_url="https://example.org/progress",
        )
    return programme


@pytest.fixture
def programme() -> Programme:
    return build_programme()


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


def chart_spec(page: Page, chart_id: str) -> dict[str, Any]:
    figure = page.by_id(chart_id)
    assert figure is not None, f"no chart #{chart_id}"
    script = next(e for e in figure.iter("script") if "lg-vega__spec" in (e.get("class") or ""))
    return json.loads(script.text)


def mark(layer: dict[str, Any]) -> str:
    return layer["mark"] if isinstance(layer["mark"], str) else layer["mark"]["type"]


def plotted(spec: dict[str, Any], series: str | None = None) -> list[dict[str, Any]]:
    """Every row of data the chart plots as a mark (of one series, if given); the text layers
    that label the marks with their values are left out."""
    layers = [layer for layer in spec.get("layer", [spec]) if mark(layer) != "text"]
    rows = [row for layer in layers for row in layer.get("data", {}).get("values", [])]
    return [row for row in rows if series is None or row.get("series") == series]


def headlines(page: Page) -> dict[str, str]:
    found = {}
    for row in page.tree.iter("div"):
        key = row.get("data-headline")
        if key:
            value = next(e for e in row.iter("span") if e.get("data-value") is not None)
            found[key] = text_of(value)
    return found


# The trajectory reproduces the published dated snapshots ---------------------------------------


def published(measure: str) -> tuple[list[tuple[str, float]], list[facts.SnapshotFact]]:
    dated = sorted(
        (s.as_at.isoformat(), float(s.value))
        for s in facts.GROWTH_DEAL_SNAPSHOTS
        if s.measure == measure and s.as_at is not None
    )
    undated = [s for s in facts.GROWTH_DEAL_SNAPSHOTS if s.measure == measure and s.as_at is None]
    return dated, undated


def test_the_trajectory_charts_reproduce_the_published_dated_snapshots(viewer_client):
    load_programmes()  # the SELEP programmes, targets and dated progress (no projects)
    page = page_of(viewer_client.get(DASHBOARD))
    assert "SELEP Growth Deal 2015–2021" in text_of(page.find(".//h1/.."))
    for measure, expected in [
        ("jobs", [("2017-12-07", 3571.0)]),
        ("homes", [("2017-12-07", 4234.0)]),
    ]:
        dated, undated = published(measure)
        assert dated == expected  # the facts the demo loads: 7 Dec 2017, 3,571 jobs, 4,234 homes
        spec = chart_spec(page, f"chart-trajectory-{measure}")
        points = sorted((row["date"], row["value"]) for row in plotted(spec, "Published figure"))
        assert points == dated
        # Undated figures (24,800 jobs, 25,200 homes) are never placed on the time axis...
        on_chart = {row.get("value") for row in plotted(spec)}
        assert undated
        for snapshot in undated:
            assert float(snapshot.value) not in on_chart
        for layer in spec["layer"]:
            x = layer["encoding"].get("x")
            if x is not None:
                assert (x["field"], x["type"]) == ("date", "temporal")
        assert all(row.get("date") for row in plotted(spec))
        # ... but are in the chart's table, saying their date is not recorded.
        rows = page.table_rows(f"chart-trajectory-{measure}-table")
        for snapshot in undated:
            row = next(r for r in rows if r[2] == f"{snapshot.value:,.0f}")
            assert "date not recorded" in row[0] + row[1]
        dated_rows = [r for r in rows if r[1] == "Published figure"]
        assert [(r[0], r[2]) for r in dated_rows] == [
            ("7 December 2017", f"{value:,.0f}") for _, value in dated
        ]
    figures = headlines(page)
    assert figures["jobs-delivered"] == "3,571"
    assert figures["homes-delivered"] == "4,234"


def test_published_figures_dated_after_the_date_are_not_yet_known(viewer_client):
    load_programmes()
    page = page_of(viewer_client.get(DASHBOARD + "?as_at=2017-12-06"))
    spec = chart_spec(page, "chart-trajectory-jobs")
    assert plotted(spec, "Published figure") == []
    assert headlines(page)["jobs-delivered"] == "0"


# The sections ------------------------------------------------------------------------------------


def test_the_dashboard_shows_the_programmes_position(viewer_client, programme):
    page = page_of(viewer_client.get(DASHBOARD + QUERY))
    text = page.text()
    position = programme_position(programme, AS_AT)
    assert "Dashboard test programme: position as at 31 December 2019" in text
    figures = headlines(page)
    assert figures["grant"] == "£1.5m"
    assert figures["spend"] == "£480,000"
    assert figures["jobs-delivered"] == "12"
    assert (
        figures["jobs-projected"]
        == number(position.trajectories[0].result.at_deadline.central)
        == "49"  # 48.5, rounded half up
    )
    assert figures["ratings"] == "1 red, 1 amber, 0 green"
    assert figures["late"] == "6"
    assert figures["risks"] == "1"

    jobs = chart_spec(page, "chart-trajectory-jobs")
    assert [(r["date"], r["value"]) for r in plotted(jobs, "Published figure")] == [
        ("2019-06-30", 12.0)
    ]
    assert [(r["date"], r["value"]) for r in plotted(jobs, "Delivered, from approved returns")] == [
        ("2019-09-30", 15.0)
    ]
    projection = plotted(jobs, "Projection (median slippage)")
    assert projection[0]["date"] == "2019-06-30"
    assert projection[-1]["value"] == pytest.approx(48.5)
    assert {r["value"] for r in plotted(jobs, "Target")} == {200.0}  # a rule and a point
    rows = page.table_rows("chart-trajectory-jobs-table")
    assert rows[-1][:2] == [
        "Web page (date not recorded)",
        "Published figure (not on the chart: date not recorded)",
    ]
    assert not any("30 June 2020" in row[0] for row in rows)  # after the date

    by_year = page.table_rows("chart-spend-by-year-table")
    assert by_year == [
        ["2018/19", "£400,000", "£400,000", "£300,000", "£300,000"],
        ["2019/20", "£600,000", "£600,000", "£180,000", "£550,000"],
        ["2020/21", "£200,000", "£200,000", "Not reported", "£250,000"],
    ]
    quarters = page.table_rows("chart-spend-by-quarter-table")
    q2 = next(row for row in quarters if row[0] == "2019/20 Q2")
    assert q2[1:6] == ["30 September 2019", "£700,000", "£700,000", "£480,000", "1"]
    spend = chart_spec(page, "chart-spend-by-quarter")
    assert {row["series"] for row in plotted(spend)} == {
        "Current baseline",
        "Original baseline",
        "Actual",
    }

    outputs = page.table_rows("outputs-table")
    assert outputs == [["Jobs created (jobs)", "1", "100", "100", "15", "85", "18%"]]
    ratings = page.table_rows("ratings-table")
    assert [row[0].split()[0] for row in ratings] == ["DASH-002", "DASH-001"]
    assert ratings[0][1] == "Red"
    assert "62 days past its deadline" in ratings[0][2]
    assert ratings[1][1] == "Amber"
    link = page.find(".//table[@id='ratings-table']//a")
    latest = Return.objects.get(project__reference="DASH-001", quarter=2, financial_year="2019/20")
    assert link.get("href") == reverse("staff:return", args=[latest.pk])
    assert page.by_id("rating-rules") is not None
    for sentence in rag.describe(rag.RagRules()):
        assert sentence in text
    assert "No rules are set for this programme" in text

    late = page.table_rows("late-returns-table")
    assert late[0][:4] == ["DASH-001 Station quarter access", "4", "2018/19 Q1", "519"]
    assert late[1][:4] == ["DASH-002 Enterprise hub", "2", "2019/20 Q1", "154"]
    risks = page.table_rows("risks-table")
    assert risks[0][:2] == ["16", "Contractor cost inflation"]
    net = page.table_rows("net-outputs-table")
    assert net[0][:5] == ["Jobs created (jobs)", "15", "Not available", "85", "Not available"]
    assert "No assumptions set" in net[0][5]
    assert "Illustrative" not in text

    for chart in ("chart-trajectory-jobs", "chart-spend-by-year", "chart-spend-by-quarter"):
        figure = page.by_id(chart)
        svg = next(e for e in figure.iter() if str(e.tag).endswith("svg"))
        assert svg.get("role") == "img"
        assert page.by_id(f"{chart}-table") is not None


def test_illustrative_figures_are_tagged(viewer_client):
    build_programme(illustrative=True)
    page = page_of(viewer_client.get(DASHBOARD + QUERY))
    text = page.text()
    assert "Some figures come from illustrative returns" in text
    ratings = page.table_rows("ratings-table")
    assert "Illustrative" in ratings[1][0]
    assert "Illustrative" not in ratings[0][0]


def test_the_date_input_chooses_the_date(viewer_client, programme):
    query = f"?programme={SLUG}&as_at-day=31&as_at-month=12&as_at-year=2019"
    page = page_of(viewer_client.get(DASHBOARD + query))
    assert "position as at 31 December 2019" in page.text()
    assert page.by_id("as_at-day").get("value") == "31"
    assert page.by_id("as_at-year").get("value") == "2019"
    assert page.find(".//a[@download]").get("href").endswith("?as_at=2019-12-31")


def test_a_chart_downloads_as_csv(viewer_client, programme):
    response = viewer_client.get(f"/staff/programme/{SLUG}/spend-by-year.csv?as_at=2019-12-31")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "Financial year,Current baseline,Original baseline,Actual,Latest forecast"
    assert lines[1] == "2018/19,400000.0,400000.0,300000.0,300000.0"
    assert viewer_client.get(f"/staff/programme/{SLUG}/nothing.csv").status_code == 404


# Checking the date -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message", "field"),
    [
        ("as_at=2019-02-30", "The date as at must be a real date, such as 31 3 2021", "as_at-day"),
        ("as_at=yesterday", "The date as at must be a real date, such as 31 3 2021", "as_at-day"),
        (
            "as_at-day=30&as_at-month=2&as_at-year=2019",
            "The date as at must be a real date",
            "as_at-day",
        ),
        ("as_at-day=1&as_at-year=2019", "The date as at must include a month", "as_at-month"),
        (
            "as_at-day=1&as_at-month=x&as_at-year=2019",
            "The date as at must be a real date",
            "as_at-month",
        ),
        ("as_at-day=1&as_at-month=1&as_at-year=19", "Year must include 4 numbers", "as_at-year"),
        ("as_at=2999-01-01", "The date as at must be today or in the past", "as_at-day"),
        ("as_at=1999-12-31", "The date as at must be 1 January 2000 or later", "as_at-day"),
        ("programme=no-such-programme", "Choose a programme from the list", "programme"),
    ],
)
def test_a_bad_choice_is_explained_with_status_400(viewer_client, programme, query, message, field):
    page = page_of(viewer_client.get(f"{DASHBOARD}?{query}"), 400)
    assert page.error_summary() == [(message, f"#{field}")]
    messages = page.error_messages()
    assert message in messages.values()
    assert page.by_id("headlines") is None


def test_a_bad_date_in_an_export_is_400(viewer_client, programme):
    for export in ("report.xlsx", "report.pdf", "spend-by-year.csv"):
        response = viewer_client.get(f"/staff/programme/{SLUG}/{export}?as_at=2019-13-01")
        page = page_of(response, 400)
        assert page.error_summary()[0][0].startswith("The date as at must be a real date")
    assert viewer_client.get("/staff/programme/no-such-programme/report.xlsx").status_code == 404


# Who may see it ----------------------------------------------------------------------------------

PATHS = [
    DASHBOARD,
    f"/staff/programme/{SLUG}/report.xlsx",
    f"/staff/programme/{SLUG}/report.pdf",
    f"/staff/programme/{SLUG}/trajectory-jobs.csv",
]


@pytest.mark.parametrize("path", PATHS)
def test_anonymous_visitors_are_sent_to_sign_in(client, programme, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize(
    ("role", "staff", "status"),
    [("viewer", True, 200), ("approver", True, 200), ("viewer", False, 403), (None, True, 403)],
)
def test_only_staff_with_the_permission_see_the_dashboard(
    client, programme, path, role, staff, status
):
    client.force_login(make_user("someone", role, staff=staff))
    response = client.get(path + ("?as_at=2019-12-31" if "." in path else QUERY))
    assert response.status_code == status


def test_the_dashboard_url_is_named():
    assert reverse("staff:dashboard") == DASHBOARD
