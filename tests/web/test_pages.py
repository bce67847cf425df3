"""The public pages: every page renders with the demo and with nothing loaded, as strict HTML5
with one <h1>, and shows the stored figures exactly."""

import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db.models import Sum
from django.test import RequestFactory

from localgrowth.framework.models import Theme
from localgrowth.projects.models import HeadlineTarget, ProgressSnapshot, Project, ProjectTheme
from localgrowth.web import views
from localgrowth.web.formatting import money, money_short, money_total, number

from .conftest import PAGES
from .html import assert_html_response, assert_page

pytestmark = pytest.mark.django_db

GROWTH_DEAL = "selep-growth-deal"
SVG = "{http://www.w3.org/2000/svg}"


def latest(measure: str) -> ProgressSnapshot:
    """The figure the home page must show: the last dated one (the last recorded of a day)."""
    snapshots = ProgressSnapshot.objects.filter(
        programme__slug=GROWTH_DEAL, measure=measure, as_at__isnull=False
    )
    return snapshots.order_by("as_at", "pk").last()


def current_target(measure: str) -> HeadlineTarget:
    return HeadlineTarget.objects.get(programme__slug=GROWTH_DEAL, measure=measure, is_current=True)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_with_the_demo(client, demo, path):
    page = assert_html_response(client.get(path))
    assert "localgrowth" in page.text()
    assert "SELEP" in page.text()  # the partnership's short name, in the header


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_with_an_empty_database(client, empty_database, path):
    page = assert_html_response(client.get(path))
    if path == "/":
        assert "There is no programme data yet" in page.text()
        assert "The register has no projects yet" in page.text()
    if path == "/strategy/":
        assert "No strategy documents or framework have been added yet" in page.text()


def test_home_headline_figures_equal_the_stored_values(client, demo):
    page = assert_html_response(client.get("/"))
    text = page.text()
    assert page.h1 == "SELEP Growth Deal 2015–2021"
    jobs, homes = current_target("jobs"), current_target("homes")
    assert number(jobs.value) == "78,000"
    assert number(homes.value) == "29,000"
    for measure, target in (("jobs", jobs), ("homes", homes)):
        figure = latest(measure)
        share = (figure.value * 100 / target.value).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        assert f"{share}% of the target of {number(target.value)} by 31 March 2021" in text
        assert number(figure.value) in text
    investment = current_target("investment_gbp")
    assert money_short(investment.value) == "£600m"
    assert f"of the target of {money_short(investment.value)}" in text
    assert (latest("jobs").value, latest("jobs").as_at.isoformat()) == (3571, "2017-12-07")
    jobs_card = "".join(page.tree.find(".//div[@id='figure-jobs']").itertext())
    assert "As at: 7 December 2017" in jobs_card
    assert (
        "The deadline for the target of 78,000 by 31 March 2021 has passed, and no figure is "
        "dated on or after it, so whether the target was met is not recorded. The latest dated "
        "figure is 3,571 on 7 December 2017."
    ) in re.sub(r"\s+", " ", jobs_card)
    for measure in ("investment_gbp", "spend_gbp", "projects_approved", "projects_completed"):
        figure = latest(measure)
        shown = money_short(figure.value) if measure.endswith("_gbp") else number(figure.value)
        card = page.tree.find(f".//div[@id='figure-{_key(measure)}']")
        assert card is not None, measure
        assert shown in "".join(card.itertext()), measure
        assert figure.source_url in [a.get("href") for a in card.iter("a")]
    assert "£472m" in text  # undated, beside the latest dated spend


def _key(measure: str) -> str:
    return {"investment_gbp": "investment", "spend_gbp": "spend"}.get(
        measure, measure.replace("_", "-")
    )


def test_undated_figures_say_so_and_no_date_is_invented(client, demo):
    page = assert_html_response(client.get("/"))
    for key in ("investment", "jobs", "homes"):
        card = re.sub(
            r"\s+", " ", "".join(page.tree.find(f".//div[@id='figure-{key}']").itertext())
        )
        assert "Also reported, with no date, so not taken as the latest" in card
        assert "Latest page version (date not recorded)" in card
        assert "As at: Latest page version" not in card
    snapshot = ProgressSnapshot.objects.get(
        programme__slug=GROWTH_DEAL, measure="jobs", value=24800, as_at__isnull=True
    )
    snapshot.as_at_label = "Board paper"
    snapshot.save()
    text = assert_html_response(client.get("/")).text()
    assert "24,800 (Board paper (date not recorded);" in text


def test_progress_bars_state_their_percentage_in_text(client, demo):
    page = assert_html_response(client.get("/"))
    bars = page.all(".//progress")
    assert len(bars) == 3  # investment, jobs and homes have a target
    for bar in bars:
        assert bar.get("max") == "100"
        heading = page.tree.find(f".//*[@id='{bar.get('aria-labelledby')}']")
        assert heading is not None
        assert re.fullmatch(r"\d+%", "".join(bar.itertext()).strip())


def test_the_chart_is_svg_with_a_table_beneath(client, demo):
    page = assert_html_response(client.get("/"))
    svg = page.tree.find(f".//{SVG}svg[@class='lg-chart']")
    assert svg is not None
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "Delivered against target"
    labels = [text.text for text in svg.iter(f"{SVG}text")]
    for label in ("Target 78,000", "Delivered 3,571", "Target 29,000", "Delivered 4,234"):
        assert label in labels
    caption = page.tree.find(".//table/caption")
    assert "Jobs and homes delivered against target" in caption.text
    rows = [[td.text for td in row.iter("td")] for row in page.all(".//table[1]/tbody/tr")]
    assert [rows[0][i] for i in (0, 1, 2, 4)] == ["3,571", "7 December 2017", "78,000", "5%"]
    assert [rows[1][i] for i in (0, 1, 2, 4)] == ["4,234", "7 December 2017", "29,000", "15%"]


def test_register_totals_say_they_are_not_the_programme_total(client, demo):
    text = assert_html_response(client.get("/")).text()
    grant = Project.objects.aggregate(total=Sum("grant"))["total"]
    assert "These totals come from the 138 projects of the compiled register" in text
    assert "They are not the programme total" in text
    assert money_total(grant) in text


def test_another_programme_and_an_unknown_one(client, demo):
    page = assert_html_response(client.get("/?programme=selep-getting-building-fund"))
    assert page.h1 == "SELEP Getting Building Fund"
    assert "No dated figure has been reported yet." in page.text()
    assert "The target is 9,167 by 31 March 2022." in page.text()
    assert_html_response(client.get("/?programme=no-such-programme"), status=404)


def test_strategy_counts_tagged_projects_and_links_to_the_list(client, demo):
    page = assert_html_response(client.get("/strategy/"))
    tagged = ProjectTheme.objects.filter(theme__code="foundation-infrastructure")
    grant = Project.objects.filter(theme_tags__in=tagged).aggregate(total=Sum("grant"))["total"]
    link = next(
        a for a in page.tree.iter("a") if a.get("href") == _filter("foundation", "infrastructure")
    )
    row = next(tr for tr in page.tree.iter("tr") if link in list(tr.iter("a")))
    assert "".join(link.itertext()).startswith(f"{tagged.count()} projects")
    assert money(grant) in "".join(row.itertext())
    assert _filter("challenge", "clean-growth") in page.links()
    for theme in Theme.objects.filter(kind__in=["aim", "foundation", "grand_challenge"]):
        assert theme.title in page.text()
    assert "No projects are tagged to this aim yet." in page.text()
    # Priorities have no filter on the project list: their counts are shown, not linked.
    transport = ProjectTheme.objects.filter(theme__code="sep-2014-transport").count()
    row = next(
        tr
        for tr in page.tree.iter("tr")
        if "Enhancing transport connectivity" in "".join(tr.itertext())
    )
    assert f"{transport} projects" in "".join(row.itertext())
    assert not [link for link in page.links() if "priority=" in link or "aim=" in link]
    for title in ("Strategic Economic Plan", "Smarter, Faster, Together", "Industrial Strategy"):
        assert title in page.text()


def _filter(parameter: str, name: str) -> str:
    prefix = "foundation" if parameter == "foundation" else parameter
    return f"/projects/?{parameter}={prefix}-{name}"


def test_about_data_gives_sources_licences_and_attribution(client, demo):
    page = assert_html_response(client.get("/about-data/"))
    text = page.text()
    assert (
        "Contains public sector information licensed under the Open Government Licence v3.0" in text
    )
    assert "Contains OS data © Crown copyright and database right" in text
    assert "/about-data/provenance/places.md" in page.links()
    response = client.get("/about-data/provenance/places.md")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert b"# Provenance of the places data" in response.content
    assert client.get("/about-data/provenance/other.md").status_code == 404


def test_content_security_policy_nonce_matches_every_script(client, demo):
    for path in PAGES:
        response = client.get(path)
        policy = response["Content-Security-Policy"]
        nonce = re.search(r"script-src [^;]*'nonce-([^']+)'", policy).group(1)
        page = assert_page(response.content)
        scripts = page.all(".//script")
        # GOV.UK's js-enabled class, initAll, and the scrolling tables' script
        assert len(scripts) == 3
        assert [s.get("src") for s in scripts if s.get("src")] == [
            "/static/web/scrolling-tables.js"
        ]
        assert {script.get("nonce") for script in scripts} == {nonce}
        assert not [e for e in page.tree.iter() if e.get("style") is not None]
        assert "cdn" not in response.content.decode().lower()


def test_unknown_address_gets_the_404_page_in_the_layout(client, demo):
    page = assert_html_response(client.get("/no-such-page/"), status=404)
    assert page.h1 == "Page not found"
    assert page.tree.find(".//a[@class='govuk-skip-link']") is not None
    assert page.tree.find(".//footer") is not None
    assert "Error code: 404" in page.text()


@pytest.mark.parametrize(
    ("handler", "status", "heading"),
    [
        (views.bad_request, 400, "Sorry, there is a problem with your request"),
        (views.permission_denied, 403, "You do not have permission to see this page"),
        (views.page_not_found, 404, "Page not found"),
    ],
)
def test_error_pages(handler, status, heading):
    response = handler(RequestFactory().get("/"), Exception())
    assert response.status_code == status
    assert assert_page(response.content).h1 == heading


def test_server_error_page():
    response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert assert_page(response.content).h1 == "Sorry, there is a problem with the service"


def test_the_admin_still_uses_django_templates(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert b"localgrowth administration" in response.content


def test_about_data_lists_the_evidence_releases_held(client, demo):
    from localgrowth.evidence.models import Release

    page = assert_html_response(client.get("/about-data/"))
    text = page.text()
    releases = list(Release.objects.all())
    assert len(releases) >= 17
    for release in releases:
        assert release.title in text
        assert release.file_name in text
    assert "/about-data/provenance/evidence.md" in page.links()
    response = client.get("/about-data/provenance/evidence.md")
    assert response.status_code == 200
    assert b"Open Government Licence" in response.content
