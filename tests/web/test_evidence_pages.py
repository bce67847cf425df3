"""The evidence pages through the test client: strict HTML, the figures shown are the stored
observations, unknown codes are 404s and bad choices a GOV.UK error summary (never a 500)."""

import csv
import io
import json
import re

import pytest

from localgrowth.evidence import analysis
from localgrowth.evidence.models import Indicator, Industry, Observation, Release
from localgrowth.evidence.services import load_evidence
from localgrowth.web import vega
from localgrowth.web.evidence import common

from .html import assert_html_response, assert_page, text_of

SELEP = "E37000056"
THANET = "E07000114"
GVA_PER_HOUR = "gva-per-hour-worked"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def evidence(django_db_setup, django_db_blocker):
    """The shipped evidence files, loaded once for these tests (and removed after them, unless
    they were loaded before)."""
    with django_db_blocker.unblock():
        loaded_before = Release.objects.exists()
        load_evidence()
    yield
    if not loaded_before:
        with django_db_blocker.unblock():
            Observation.objects.all().delete()
            Release.objects.all().delete()
            Industry.objects.all().delete()
            Indicator.objects.all().delete()


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("evidence")]


def latest(code: str, area: str, period: str) -> float:
    row = Observation.objects.filter(
        indicator__code=code, area__code=area, area__valid_to__isnull=True, period=period
    ).latest_release()
    return row.get().value


def read_csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def table_rows(page, table_id: str) -> list[list[str]]:
    table = next(t for t in page.tree.iter("table") if t.get("id") == table_id)
    return [
        [text_of(cell) for cell in row if cell.tag in ("th", "td")]
        for row in table.find("tbody").iter("tr")
    ]


# Every page type ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/evidence/",
        f"/evidence/indicators/{GVA_PER_HOUR}/",
        f"/evidence/indicators/{GVA_PER_HOUR}/?area={THANET}&compare=england&compare=region"
        "&among=region",
        "/evidence/indicators/imd-average-score/?area=SELEP-KM&among=area",
        "/evidence/indicators/gva-by-industry/",
        f"/evidence/areas/{SELEP}/",
        f"/evidence/areas/{THANET}/",
        f"/evidence/areas/{THANET}/strengths/",
        f"/evidence/areas/{SELEP}/strengths/?classification=sic_section",
    ],
)
def test_every_evidence_page_is_strict_html_with_the_ogl_attribution(client, path):
    page = assert_html_response(client.get(path))
    assert "Evidence" in [text_of(a) for a in page.all(".//nav//a")] or "Evidence" in page.text()
    assert "licensed under the Open Government Licence v" in page.text()
    if "imd" not in path:
        assert (
            "Source: Office for National Statistics licensed under the Open Government Licence "
            "v.3.0" in page.text()
        )


def test_the_navigation_has_evidence_marked_current_in_its_section(client):
    page = assert_html_response(client.get(f"/evidence/areas/{THANET}/"))
    links = {
        text_of(a): a
        for a in page.tree.iter("a")
        if "govuk-service-navigation__link" in a.get("class", "")
    }
    assert links["Evidence"].get("href") == "/evidence/"


def test_the_evidence_base_lists_each_indicator_under_its_theme_with_its_latest_period(client):
    page = assert_html_response(client.get("/evidence/"))
    table = next(t for t in page.tree.iter("table") if t.get("id") == "aim-productivity")
    row = next(r for r in table.iter("tr") if r.get("data-indicator") == GVA_PER_HOUR)
    cells = [text_of(cell) for cell in row]
    assert cells[0] == "GVA per hour worked"
    assert cells[2] == analysis.latest_period(Indicator.objects.get(code=GVA_PER_HOUR))
    assert f"/evidence/indicators/{GVA_PER_HOUR}/" in page.links()
    for theme in ("foundation-people", "foundation-places", "challenge-ageing-society"):
        assert page.tree.find(f".//table[@id='{theme}']") is not None


# The indicator explorer --------------------------------------------------------------------------


def test_the_explorer_shows_the_stored_values_in_its_tables_and_csv(client):
    query = f"area={THANET}&compare=england&among=partnership"
    response = client.get(f"/evidence/indicators/{GVA_PER_HOUR}/?{query}")
    page = assert_html_response(response)
    value = latest(GVA_PER_HOUR, THANET, "2022")
    ranking = {row[2]: row for row in table_rows(page, "chart-ranking-table")}
    assert ranking[THANET][3] == f"£{value:.2f} (chosen area)"
    assert len(ranking) == 32  # the partnership's districts
    series = {row[0]: row for row in table_rows(page, "chart-series-table")}
    assert series["2018"][1] == f"£{latest(GVA_PER_HOUR, THANET, '2018'):.2f}"
    # The CSV gives each value in full, exactly as stored.
    rows = read_csv(client.get(f"/evidence/indicators/{GVA_PER_HOUR}/series.csv?{query}"))
    by_period = {row["Period"]: row for row in rows}
    for period in ("2004", "2018", "2022"):
        assert float(by_period[period]["Thanet"]) == latest(GVA_PER_HOUR, THANET, period)
    england = analysis.area_value(
        Indicator.objects.get(code=GVA_PER_HOUR), analysis.current_area("E92000001"), "2022"
    )
    assert float(by_period["2022"]["England"]) == england.value
    ranked = read_csv(client.get(f"/evidence/indicators/{GVA_PER_HOUR}/ranking.csv?{query}"))
    assert {row["Code"]: float(row["Value (£)"]) for row in ranked}[THANET] == value
    mapped = read_csv(client.get(f"/evidence/indicators/{GVA_PER_HOUR}/map.csv?{query}"))
    assert len(mapped) == 32


def test_the_partnerships_value_is_aggregated_not_a_mean_of_the_districts(client):
    rows = read_csv(
        client.get(f"/evidence/indicators/{GVA_PER_HOUR}/series.csv?area={SELEP}&among=area")
    )
    indicator = Indicator.objects.get(code=GVA_PER_HOUR)
    found = analysis.area_value(indicator, analysis.current_area(SELEP), "2022")
    assert float(rows[-1]["South East Local Enterprise Partnership"]) == found.value


def test_each_chart_is_an_inline_svg_image_with_its_spec_table_and_csv_link(client):
    response = client.get(f"/evidence/indicators/{GVA_PER_HOUR}/?area={THANET}")
    page = assert_html_response(response)
    figures = [f for f in page.tree.iter("figure") if f.get("data-lg-chart") == "static"]
    assert [f.get("id") for f in figures] == ["chart-series", "chart-ranking", "chart-map"]
    for figure in figures:
        svg = figure.find(f".//{SVG}svg")
        assert svg.get("role") == "img"
        chart = figure.get("id")
        assert svg.get("aria-labelledby") == f"{chart}-title {chart}-desc"
        assert svg.find(f"{SVG}title").text.startswith("GVA per hour worked")
        assert figure.find(f".//{SVG}g") is not None  # drawn on the server
        spec = json.loads(figure.find("script").text)
        assert spec["$schema"] == vega.SCHEMA
        assert page.tree.find(f".//table[@id='{chart}-table']") is not None
        assert f"/evidence/indicators/{GVA_PER_HOUR}/{chart.removeprefix('chart-')}.csv?" in (
            " ".join(page.links())
        )
    assert b' style="' not in response.content  # the CSP allows no inline style
    assert b"web/build/charts.js" in response.content


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("area=NOWHERE", "area", "Choose an area from the list"),
        ("area=", "area", "Choose an area"),
        ("area=E07000114&compare=mars", "compare", "Choose comparators from the list"),
        ("area=E07000114&among=galaxy", "among", "Choose which districts to rank and map"),
    ],
)
def test_bad_choices_give_an_error_summary_not_a_500(client, query, field, message):
    response = client.get(f"/evidence/indicators/{GVA_PER_HOUR}/?{query}")
    page = assert_html_response(response, status=400)
    assert page.title.startswith("GVA per hour worked: there is a problem")
    summary = page.tree.find(".//div[@class='govuk-error-summary']")
    assert summary is not None
    assert message in text_of(summary)
    assert f"#{field}" in [a.get("href") for a in summary.iter("a")]
    assert page.tree.find(".//figure") is None
    csv_response = client.get(f"/evidence/indicators/{GVA_PER_HOUR}/series.csv?{query}")
    assert csv_response.status_code == 400


def test_a_region_comparator_is_explained_when_an_area_spans_regions(client):
    page = assert_html_response(
        client.get(f"/evidence/indicators/{GVA_PER_HOUR}/?area={SELEP}&compare=region")
    )
    assert "spans more than one region" in page.text()


def test_the_explorer_states_the_metadata(client):
    page = assert_html_response(client.get(f"/evidence/indicators/{GVA_PER_HOUR}/"))
    metadata = text_of(page.tree.find(".//dl[@id='indicator-metadata']"))
    for words in ("Higher is better", "Open Government Licence v3.0", "Ratio of the summed"):
        assert words in metadata


# The area profile and scorecard ------------------------------------------------------------------


def test_the_scorecard_shows_the_stored_value_against_england_with_a_status_in_words(client):
    page = assert_html_response(client.get(f"/evidence/areas/{THANET}/"))
    assert page.h1 == "Thanet: evidence and scorecard"
    table = page.tree.find(".//table[@id='aim-productivity']")
    row = next(r for r in table.iter("tr") if r.get("data-indicator") == GVA_PER_HOUR)
    cells = [text_of(cell) for cell in row]
    assert cells[1] == "2022"
    assert cells[2] == f"£{latest(GVA_PER_HOUR, THANET, '2022'):.2f}"
    line = analysis.scorecard_line(
        Indicator.objects.get(code=GVA_PER_HOUR),
        analysis.current_area(THANET),
        analysis.Places(),
        None,
        analysis.current_area("E92000001"),
    )
    assert cells[3] == f"£{line.england.value:.2f}"
    assert cells[5] == f"{line.rank.position} of {line.rank.of} ({line.rank.quintile})"
    tag = row.find(".//strong")
    assert "govuk-tag" in tag.get("class")
    assert text_of(tag) == line.rag.label  # the status in words, never colour alone
    assert len(page.tree.find(".//table[@id='neighbours']/tbody").findall("tr")) == 10


def test_a_total_in_the_scorecard_is_not_compared_with_england(client):
    page = assert_html_response(client.get(f"/evidence/areas/{THANET}/"))
    rows = {row.get("data-indicator"): row for row in page.tree.iter("tr")}
    for code in ("population", "productivity-hours-worked", "gva-current-prices"):
        cells = [text_of(cell) for cell in rows[code]]
        assert cells[3:5] == ["", ""], code  # no England value, no gap
        assert cells[6] == common.NOT_COMPARED, code
        assert "grows with the size of the area" in cells[0]
    gva = [text_of(cell) for cell in rows[GVA_PER_HOUR]]
    assert gva[6] != common.NOT_COMPARED


def test_the_partnerships_scorecard_has_a_section_for_each_foundation_and_challenge(client):
    page = assert_html_response(client.get(f"/evidence/areas/{SELEP}/"))
    ids = {table.get("id") for table in page.tree.iter("table")}
    assert {"aim-productivity", "foundation-people", "foundation-places"} <= ids
    assert {"challenge-ageing-society", "challenge-future-of-mobility"} <= ids
    rows = read_csv(client.get(f"/evidence/areas/{SELEP}/scorecard.csv"))
    gva = next(row for row in rows if row["indicator"] == GVA_PER_HOUR)
    found = analysis.area_value(
        Indicator.objects.get(code=GVA_PER_HOUR), analysis.current_area(SELEP), "2022"
    )
    assert float(gva["value"]) == found.value
    assert gva["published"] == "False"


@pytest.mark.parametrize(
    "path",
    [
        "/evidence/areas/E99999999/",
        "/evidence/areas/E99999999/strengths/",
        "/evidence/areas/E99999999/scorecard.csv",
        "/evidence/indicators/no-such-indicator/",
        "/evidence/indicators/no-such-indicator/series.csv",
        f"/evidence/indicators/{GVA_PER_HOUR}/pie.csv",
        f"/evidence/areas/{THANET}/strengths/pie.csv",
        "/evidence/areas/" + "E" * 30 + "/",
    ],
)
def test_unknown_codes_are_not_found(client, path):
    page = assert_html_response(client.get(path), status=404)
    assert page.h1 == "Page not found"


# Sector strengths --------------------------------------------------------------------------------


def test_strengths_show_location_quotients_and_state_the_rule(client):
    response = client.get(f"/evidence/areas/{THANET}/strengths/")
    page = assert_html_response(response)
    result = analysis.strengths(analysis.current_area(THANET))
    rule = text_of(page.tree.find(".//div[@id='strength-rule']"))
    assert "at least 1.25" in rule
    assert "grew faster" in rule
    distinctive = [
        result.industry_names[item.industry] for item in result.assessed if item.distinctive
    ]
    listed = [text_of(li) for li in page.tree.find(".//ul[@id='strength-list']")]
    assert sorted(listed) == sorted(distinctive)
    rows = read_csv(client.get(f"/evidence/areas/{THANET}/strengths/location-quotients.csv"))
    by_code = {row["industry"]: row for row in rows}
    for code, quotient in result.location_quotients.items():
        if quotient.lq is not None:
            assert float(by_code[code]["location_quotient"]) == quotient.lq
    shift = read_csv(client.get(f"/evidence/areas/{THANET}/strengths/shift-share.csv"))
    manufacturing = next(row for row in shift if row["industry"] == "C (10-33)")
    expected = result.shift_share.industries["C (10-33)"]
    assert float(manufacturing["local_effect"]) == expected.local
    assert page.tree.find(".//table[@id='shift-share-table']") is not None


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("base_year=abc", "base_year"),
        ("end_year=1900", "end_year"),
        ("base_year=2023&end_year=2018", "base_year"),
        ("classification=astrology", "classification"),
    ],
)
def test_bad_strengths_choices_give_an_error_summary(client, query, field):
    page = assert_html_response(
        client.get(f"/evidence/areas/{THANET}/strengths/?{query}"), status=400
    )
    summary = page.tree.find(".//div[@class='govuk-error-summary']")
    assert f"#{field}" in [a.get("href") for a in summary.iter("a")]


# Links from the other pages ----------------------------------------------------------------------


def test_the_strategy_page_links_each_theme_to_the_partnerships_scorecard(client):
    page = assert_html_response(client.get("/strategy/"))
    links = page.links()
    assert f"/evidence/areas/{SELEP}/#foundation-people" in links
    assert f"/evidence/areas/{SELEP}/#aim-productivity" in links
    assert common.scorecard_links()["foundation-people"] in links


def test_area_pages_link_to_their_evidence(client):
    page = assert_html_response(client.get(f"/areas/{THANET}/"))
    assert f"/evidence/areas/{THANET}/" in page.links()


# Charts ------------------------------------------------------------------------------------------


def test_a_chart_is_rendered_once_per_spec_and_inlined_as_one_named_image():
    chart_spec = vega.spec(
        {
            "data": {"values": [{"a": "x", "b": 1}]},
            "mark": "bar",
            "encoding": {"x": {"field": "a"}, "y": {"field": "b", "type": "quantitative"}},
        },
        "A test",
    )
    assert vega.render_svg(chart_spec) is vega.render_svg(dict(chart_spec))
    svg = vega.inline_svg(chart_spec, "c1", "Title <b>", "Desc")
    assert_page(
        f"<!DOCTYPE html><html lang=en><head><title>T – localgrowth</title></head>"
        f"<body><h1>T</h1>{svg}</body></html>"
    )
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" class="lg-vega__svg" role="img"')
    assert '<title id="c1-title">Title &lt;b&gt;</title>' in svg
    assert not re.search(r'\s(style|aria-roledescription)="', svg)
    assert vega.csv_text(["a", "b"], [["x", 0.1 + 0.2], ["y", None]]) == (
        "a,b\r\nx,0.30000000000000004\r\ny,\r\n"
    )


def test_a_project_page_links_each_theme_it_addresses_to_the_scorecard(client, demo):
    from localgrowth.projects.models import Project

    project = (
        Project.objects.filter(theme_tags__theme__indicators__isnull=False)
        .distinct()
        .order_by("reference")
        .first()
    )
    assert project is not None
    page = assert_html_response(client.get(f"/projects/{project.reference}/"))
    links = common.scorecard_links()
    themes = {tag.theme.code for tag in project.theme_tags.all()} & set(links)
    assert themes
    for theme in themes:
        assert links[theme] in page.links()
        assert links[theme].startswith(f"/evidence/areas/{SELEP}/#")
