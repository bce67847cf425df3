"""The Projects Map and list, project pages and area pages, through the test client: strict
HTML, the one filter implementation, downloads carrying the filters, and area totals."""

import csv
import io
from collections import Counter
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from localgrowth.places.models import Area
from localgrowth.projects import area_shares, queries
from localgrowth.projects.models import MatchFunding, Project, SpendLine
from localgrowth.projects.queries import ProjectFilters
from localgrowth.web.formatting import money, money_total, number

from .html import assert_html_response, text_of

pytestmark = pytest.mark.django_db

AREAS = ["E07000114", "E10000016", "SELEP-KM", "E37000056"]
THANET_CODE = "E07000114"


def count_text(page) -> str:
    element = page.tree.find(".//*[@id='project-count']")
    assert element is not None
    return text_of(element)


def table_references(page) -> list[str]:
    return [
        row.get("data-reference")
        for row in page.all(".//table[@id='projects-table']/tbody/tr[@data-reference]")
    ]


def expected(**filters: str) -> list[str]:
    parsed, errors = ProjectFilters.from_query(filters)
    assert not errors
    return list(queries.filter_projects(parsed).values_list("reference", flat=True))


@pytest.mark.parametrize(
    "path",
    [
        "/projects/",
        "/projects/?area=SELEP-ES&foundation=foundation-people",
        "/projects/SELEP-001/",
        *(f"/areas/{code}/" for code in AREAS),
    ],
)
def test_pages_render_as_strict_html(client, demo, path):
    page = assert_html_response(client.get(path))
    assert not [element for element in page.tree.iter() if element.get("style") is not None]
    assert "cdn" not in page.text().lower()


def test_the_list_shows_every_project_with_count_and_grant(client, demo):
    page = assert_html_response(client.get("/projects/"))
    assert page.h1 == "Projects"
    total = queries.totals(Project.objects.all())
    assert count_text(page) == f"{total.count} projects"
    assert total.count == 138
    assert money_total(total.grant) in page.text()
    assert table_references(page) == expected()
    assert "/projects/SELEP-001/" in page.links()
    assert page.tree.find(".//*[@id='projects-map']") is not None
    assert page.tree.find(".//table/caption") is not None


@pytest.mark.parametrize(
    "filters",
    [
        {"area": "SELEP-ES"},
        {"area": "E07000114"},
        {"area": "E10000016", "status": "completed"},
        {"foundation": "foundation-people"},
        {"area": "SELEP-ES", "foundation": "foundation-infrastructure"},
        {"fund": "lgf-3", "category": "transport"},
        {"programme": "selep-growth-deal", "status": "completed"},
        {"min_amount": "1000000", "max_amount": "5000000"},
        {"q": "college"},
    ],
)
def test_filters_change_the_table_and_count_alike(client, demo, filters):
    response = client.get("/projects/", filters)
    page = assert_html_response(response)
    references = expected(**filters)
    assert 0 < len(references) < 138
    assert table_references(page) == references
    noun = "project" if len(references) == 1 else "projects"
    assert count_text(page) == f"{number(len(references))} {noun}"
    # The form keeps the filters: the address can be shared or reloaded.
    for name, value in filters.items():
        field = page.tree.find(f".//*[@id='{name}']")
        if field.tag == "select":
            chosen = [o.get("value") for o in field.iter("option") if o.get("selected") is not None]
            assert chosen == [value]
        else:
            assert field.get("value") == value


def test_download_links_carry_the_filters(client, demo):
    filters = {"area": "SELEP-ES", "foundation": "foundation-people"}
    page = assert_html_response(client.get("/projects/", filters))
    downloads = [link for link in page.links() if link.startswith("/api/v1/projects?")]
    formats = set()
    for link in downloads:
        query = {name: values[0] for name, values in parse_qs(urlsplit(link).query).items()}
        formats.add(query.pop("format"))
        query.pop("page_size", None)
        assert query == filters
    assert formats == {"csv", "xlsx", "json", "geojson"}
    count = len(expected(**filters))
    assert f"Download these {count} projects" in page.text()
    geojson = next(link for link in downloads if "format=geojson" in link)
    response = client.get(geojson)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.count(b'"type": "Feature"') == count
    map_element = page.tree.find(".//*[@id='projects-map']")
    assert map_element.get("data-geojson-url") == geojson


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("area=E99999999", "area"),
        ("status=nope", "status"),
        ("min_amount=lots", "min_amount"),
        ("min_amount=500&max_amount=100", "max_amount"),
        ("q=" + "x" * 300, "q"),
        ("foundation=%00", "foundation"),
        ("q=a%00b%1b", "q"),
    ],
)
def test_bad_parameters_get_an_error_summary_not_a_server_error(client, demo, query, field):
    page = assert_html_response(client.get(f"/projects/?{query}"), status=400)
    summary = page.tree.find(".//*[@class='govuk-error-summary']")
    assert summary is not None
    assert f"#{field}" in [a.get("href") for a in summary.iter("a")]
    assert page.tree.find(f".//*[@id='{field}-error']") is not None
    assert page.title.startswith("Projects: there is a problem")
    assert page.tree.find(".//*[@id='projects-map']") is None


def test_the_project_page_shows_funding_sources_and_history(client, demo):
    project = Project.objects.filter(grant__isnull=False, sources__isnull=False).first()
    page = assert_html_response(client.get(f"/projects/{project.reference}/"))
    assert page.h1 == project.title
    text = page.text()
    assert money(project.grant) in text
    for source in project.sources.all():
        assert source.url in page.links()
    for tag in project.theme_tags.all():
        assert tag.theme.title in text
    for row in project.area_shares.all():
        assert f"/areas/{row.area.code}/" in page.links()
    assert "Record created" in text
    assert "No spend profile recorded" in text or "Spend by financial year" in text
    assert "the exact site is not recorded" in text
    map_element = page.tree.find(".//*[@id='project-map']")
    assert map_element.get("data-lat") == str(float(project.latitude))


def test_the_project_page_shows_match_funding_and_changes_in_words(client, demo, admin_user):
    project = Project.objects.get(reference="SELEP-001")
    MatchFunding.objects.create(project=project, source_name="Essex County Council", amount=None)
    old_grant = project.grant
    project.grant = 6_000_000
    project.status = "completed"
    project.save()
    page = assert_html_response(client.get("/projects/SELEP-001/"))
    text = page.text()
    assert "Essex County Council" in text
    assert "Amount not known" in text
    assert f"Grant (£): {old_grant:,} → 6,000,000" in text
    assert "Status: In delivery → Completed" in text
    assert admin_user.username not in text


def test_area_totals_are_those_of_area_totals(client, demo):
    for code in AREAS:
        area = queries.get_area(code)
        totals = area_shares.area_totals(area)
        page = assert_html_response(client.get(f"/areas/{code}/"))

        def shown(key: str, page=page) -> str:
            return text_of(page.tree.find(f".//*[@id='total-{key}']"))

        assert shown("projects") == number(totals.project_count)
        assert shown("grant") == money_total(totals.grant)
        assert shown("cost") == money_total(totals.total_cost)
        assert table_references(page) == expected(area=code)
        assert f"/projects/?area={code}" in page.links()
        assert "counts once" in page.text()


def test_area_pages_link_parents_and_children(client, demo):
    page = assert_html_response(client.get("/areas/E07000114/"))
    assert page.h1 == "Thanet"
    assert "/areas/E10000016/" in page.links()
    assert "/areas/SELEP-KM/" in page.links()
    kent = assert_html_response(client.get("/areas/SELEP-KM/"))
    assert "/areas/E07000114/" in kent.links()


@pytest.mark.parametrize("path", ["/projects/NOPE-1/", "/areas/E99999999/", "/areas/x/"])
def test_unknown_projects_and_areas_are_not_found(client, demo, path):
    page = assert_html_response(client.get(path), status=404)
    assert page.h1 == "Page not found"


def test_boundaries_are_the_partnerships_districts_and_outline(client, demo):
    response = client.get("/areas/boundaries.geojson?partnership=selep")
    assert response.status_code == 200
    data = response.json()
    kinds = [feature["properties"]["kind"] for feature in data["features"]]
    assert kinds.count("partnership") == 1
    members = Area.objects.filter(member_of_partnerships__slug="selep", valid_to__isnull=True)
    assert kinds.count("district") == members.count()
    assert client.get("/areas/boundaries.geojson?partnership=nope").status_code == 404


def test_the_navigation_and_strategy_link_to_projects(client, demo):
    page = assert_html_response(client.get("/"))
    assert "/projects/" in page.links()


def test_the_table_lists_a_page_at_a_time_and_the_map_and_counts_all(client, demo, monkeypatch):
    from localgrowth.web import project_list

    monkeypatch.setattr(project_list, "TABLE_PAGE_SIZE", 50)
    every = expected()
    first = assert_html_response(client.get("/projects/"))
    assert table_references(first) == every[:50]
    assert count_text(first) == "138 projects"
    assert "Projects 1 to 50 of the 138 on the map" in text_of(first.tree.find(".//table/caption"))
    legend = first.text()
    for status, n in Counter(Project.objects.values_list("status", flat=True)).items():
        label = dict(project_list.ProjectStatus.choices)[status]
        assert f"{label} ({n})" in legend
    assert "?page=2" in first.links()
    assert "?page=3" in first.links()

    last = assert_html_response(client.get("/projects/?page=3"))
    assert table_references(last) == every[100:]
    assert "?page=2" in last.links()  # previous
    beyond = assert_html_response(client.get("/projects/?page=99"))
    assert table_references(beyond) == every[100:]
    for nonsense in ("0", "-1", "x", "1e3", "٣"):
        page = assert_html_response(client.get(f"/projects/?page={nonsense}"))
        assert table_references(page) == every[:50]


def test_the_pages_keep_the_filters(client, demo, monkeypatch):
    from localgrowth.web import project_list

    monkeypatch.setattr(project_list, "TABLE_PAGE_SIZE", 10)
    within = expected(area="SELEP-ES")
    assert len(within) > 20
    page = assert_html_response(client.get("/projects/?area=SELEP-ES&page=2"))
    assert table_references(page) == within[10:20]
    assert "?area=SELEP-ES&page=3" in page.links()
    assert "?area=SELEP-ES" in page.links()  # the first page


def test_paginate_shows_first_last_and_neighbours_with_gaps():
    from localgrowth.web.project_list import TABLE_PAGE_SIZE, paginate

    pages = paginate(TABLE_PAGE_SIZE * 10, 5, lambda n: f"?page={n}")
    assert [link.number if link else None for link in pages.links] == [1, None, 4, 5, 6, None, 10]
    assert (pages.first, pages.last, pages.pages) == (
        4 * TABLE_PAGE_SIZE + 1,
        5 * TABLE_PAGE_SIZE,
        10,
    )
    assert (pages.previous_url, pages.next_url) == ("?page=4", "?page=6")
    empty = paginate(0, 3, str)
    assert (empty.number, empty.pages, empty.first, empty.last, empty.is_paged) == (
        1,
        1,
        0,
        0,
        False,
    )


def test_the_history_tells_changes_to_funding_spend_and_outputs(client, demo):
    # A project the demo's illustrative monitoring leaves alone: its lines are those it was
    # imported with, and nothing has changed them since.
    project = (
        Project.objects.filter(spend__isnull=True, outputs__isnull=False)
        .distinct()
        .order_by("reference")
        .first()
    )
    url = f"/projects/{project.reference}/"
    before = assert_html_response(client.get(url)).text()
    assert "Funding, spend or outputs changed" not in before  # the lines it was made with

    later = timezone.now() + timedelta(hours=1)
    funding = MatchFunding(project=project, source_name="Essex County Council", amount=250_000)
    funding._history_date = later
    funding.save()
    spend = SpendLine(project=project, financial_year="2030/31", basis="actual", amount=1_000)
    spend._history_date = later
    spend.save()
    spend.amount = 1_500
    spend._history_date = later + timedelta(hours=1)
    spend.save()
    spend._history_date = later + timedelta(hours=2)
    spend.delete()

    page = assert_html_response(client.get(url))
    text = page.text()
    assert "Match funding from Essex County Council added: £250,000" in text
    assert "Spend in 2030/31 (actual) added: £1,000" in text
    assert "Spend in 2030/31 (actual): £1,000 → £1,500" in text
    assert "Spend in 2030/31 (actual) removed (was £1,500)" in text
    history = text[text.index("History of changes") :]
    assert history.index("removed (was £1,500)") < history.index("£1,000 → £1,500")  # newest first


def test_an_areas_page_and_its_download_list_every_share_adding_up_to_its_total(client, demo):
    from decimal import Decimal

    from localgrowth.web.formatting import money_total

    page = assert_html_response(client.get(f"/areas/{THANET_CODE}/"))
    rows = page.tree.findall(".//table[@id='shares-table']/tbody/tr")
    listed = [row.get("data-reference") for row in rows]
    serves = [text_of(row.findall("td")[0]) for row in rows]
    wider = [ref for ref, text in zip(listed, serves, strict=True) if text.startswith("As part of")]
    totals = area_shares.area_totals(queries.get_area(THANET_CODE))
    assert len(wider) == totals.shared_project_count > 0
    assert len(listed) == totals.project_count + totals.shared_project_count
    assert "As part of Kent" in serves

    download = client.get(f"/areas/{THANET_CODE}/shares.csv")
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    records = list(csv.DictReader(io.StringIO(download.content.decode())))
    assert [record["reference"] for record in records] == listed
    grant = sum((Decimal(r["grant_share_gbp"] or "0") for r in records), Decimal(0))
    assert grant == totals.grant
    assert text_of(page.tree.find(".//*[@id='total-grant']")) == money_total(grant)
    assert client.get("/areas/E99999999/shares.csv").status_code == 404
