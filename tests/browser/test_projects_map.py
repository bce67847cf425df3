"""The Projects Map in a real browser: markers, table and count agree, filters live in the
address, the keyboard reaches everything, and axe-core finds nothing on the project pages."""

import re

import pytest

from localgrowth.projects import queries
from localgrowth.projects.queries import ProjectFilters

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(server, demo, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return server.url


def open_page(page, url: str):
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    return response


def map_state(page) -> tuple[int, int, int]:
    """Markers drawn, table rows and the count in words, once the map is ready."""
    page.wait_for_selector("#projects-map[data-state='ready']", timeout=15000)
    markers = int(page.get_attribute("#projects-map", "data-marker-count"))
    rows = page.locator("#projects-table tbody tr").count()
    count = int(re.sub(r"\D", "", page.inner_text("#project-count")))
    return markers, rows, count


def expected_count(**filters: str) -> int:
    parsed, errors = ProjectFilters.from_query(filters)
    assert not errors
    return queries.filter_projects(parsed).count()


def test_the_map_shows_every_demo_project(page, site):
    open_page(page, site + "/projects/")
    assert map_state(page) == (138, 138, 138)
    # Markers cluster; some are drawn as clusters, and boundaries are drawn too.
    assert page.locator("#projects-map .lg-cluster, #projects-map .lg-marker").count() > 0
    assert page.locator("#projects-map path.lg-map__boundary--district").count() >= 1
    assert page.locator("#projects-map path.lg-map__boundary--partnership").count() == 1
    assert page.console_errors == []


def test_filtering_by_area_and_foundation_changes_markers_table_and_count(page, site):
    open_page(page, site + "/projects/")
    page.select_option("#area", "SELEP-ES")
    with page.expect_navigation():
        page.click("button:has-text('Apply filters')")
    page.wait_for_load_state("networkidle")
    by_area = expected_count(area="SELEP-ES")
    assert 0 < by_area < 138
    assert map_state(page) == (by_area, by_area, by_area)
    assert "area=SELEP-ES" in page.url

    page.select_option("#foundation", "foundation-infrastructure")
    with page.expect_navigation():
        page.click("button:has-text('Apply filters')")
    page.wait_for_load_state("networkidle")
    both = expected_count(area="SELEP-ES", foundation="foundation-infrastructure")
    assert 0 < both < by_area
    assert map_state(page) == (both, both, both)
    download = page.locator("a:has-text('GeoJSON')").get_attribute("href")
    assert "area=SELEP-ES" in download
    assert "foundation=foundation-infrastructure" in download

    # Reloading the address restores the filters, the form and the results.
    page.reload()
    page.wait_for_load_state("networkidle")
    assert page.input_value("#area") == "SELEP-ES"
    assert page.input_value("#foundation") == "foundation-infrastructure"
    assert map_state(page) == (both, both, both)
    assert page.console_errors == []


def test_a_marker_popup_links_to_the_project(page, site):
    open_page(page, site + "/projects/?q=Colchester+Integrated")
    assert map_state(page) == (1, 1, 1)
    page.locator("#projects-map .lg-marker").first.click()
    link = page.locator(".leaflet-popup-content a")
    assert link.get_attribute("href") == "/projects/SELEP-001/"
    assert page.console_errors == []


def test_the_keyboard_reaches_every_filter_and_opens_a_project(page, site):
    open_page(page, site + "/projects/")
    wanted = {
        "area",
        "fund",
        "programme",
        "status",
        "category",
        "foundation",
        "challenge",
        "min_amount",
        "max_amount",
        "q",
        "apply",
    }
    reached = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "document.activeElement.id || (document.activeElement.textContent || '').trim()"
        )
        reached.add("apply" if focused == "Apply filters" else focused)
        if wanted <= reached:
            break
    assert wanted <= reached, wanted - reached

    # Move on to the first project link in the table, then open it with Enter.
    first = page.locator("#projects-table tbody a").first
    href = first.get_attribute("href")
    for _ in range(400):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == href:
            break
    else:
        pytest.fail("the first project link was not reached by the Tab key")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == site + href
    assert page.console_errors == []


def test_a_filter_chosen_by_keyboard_applies(page, site):
    open_page(page, site + "/projects/")
    page.focus("#status")
    page.select_option("#status", "completed")
    page.focus("#q")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert "status=completed" in page.url
    count = expected_count(status="completed")
    assert map_state(page) == (count, count, count)


@pytest.mark.parametrize(
    "path",
    [
        "/projects/",
        "/projects/?area=SELEP-ES&foundation=foundation-infrastructure",
        "/projects/?min_amount=lots",
        "/projects/SELEP-001/",
        "/areas/E07000114/",
        "/areas/SELEP-KM/",
        "/areas/E10000016/",
        "/areas/E37000056/",
    ],
)
def test_project_pages_have_no_errors_or_accessibility_violations(page, site, axe, path):
    response = open_page(page, site + path)
    assert response.status == (400 if "lots" in path else 200)
    if response.status == 200 and (path.startswith("/projects/?") or path == "/projects/"):
        page.wait_for_selector("#projects-map[data-state='ready']")
    if path.startswith("/projects/SELEP"):
        page.wait_for_selector("#project-map[data-state='ready']")
    errors = [e for e in page.console_errors if "lots" not in e and "400" not in e]
    assert errors == []  # before axe, which sets inline styles as it measures
    assert axe(page) == []


def test_a_skip_link_passes_the_map_and_the_zoom_buttons_show_focus(page, site):
    open_page(page, site + "/projects/")
    map_state(page)
    skip = page.get_by_role("link", name="Skip the map and go to the list of projects")
    skip.focus()
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "projects-list"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#projects-map')") is None

    zoom = page.locator("#projects-map .leaflet-control-zoom-in")
    zoom.focus()
    style = zoom.evaluate(
        "(el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).boxShadow]"
    )
    assert style[0] == "rgb(255, 221, 0)"
    assert "rgb(11, 12, 12) 0px 4px" in style[1]
    assert page.console_errors == []
