"""The programme dashboard in a real browser, on the SELEP demo: no console or CSP errors, no
axe-core violations, every chart followed by its table, and the date chosen by keyboard."""

import pytest
from django.contrib.auth.models import Group, User

from localgrowth.core.roles import VIEWER

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple 7"
DASHBOARD = "/staff/programme/"


@pytest.fixture
def demo_site(server, demo, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    user = User.objects.create_user("board-officer", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=VIEWER))
    return server.url


def sign_in(page, base_url: str, path: str) -> None:
    page.goto(f"{base_url}/admin/login/?next={path}")
    page.fill("#id_username", "board-officer")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")


def test_the_dashboard_has_no_errors_or_accessibility_violations(page, demo_site, axe):
    sign_in(page, demo_site, DASHBOARD + "?as_at=2021-03-31")
    assert page.url.endswith(DASHBOARD + "?as_at=2021-03-31")
    assert page.locator("h1").inner_text() == "Programme dashboard"
    assert page.console_errors == []  # before axe, which sets inline styles as it measures
    figures = page.locator("figure.lg-vega")
    ids = figures.evaluate_all("(nodes) => nodes.map((node) => node.id)")
    assert set(ids) == {
        "chart-trajectory-jobs",
        "chart-trajectory-homes",
        "chart-spend-by-year",
        "chart-spend-by-quarter",
    }
    for chart in ids:
        # The chart is one image with a name, and its table follows it.
        assert page.locator(f"#{chart} [role='img']").count() == 1
        name = page.locator(f"#{chart} [role='img']").first
        assert (name.get_attribute("aria-label") or name.get_attribute("aria-labelledby")) != ""
        table = page.locator(f"#{chart}-table")
        assert table.count() == 1
        assert table.locator("tbody tr").count() > 0
        follows = page.evaluate(
            """(id) => {
                const figure = document.getElementById(id);
                const table = document.getElementById(id + '-table');
                return Boolean(figure.compareDocumentPosition(table)
                               & Node.DOCUMENT_POSITION_FOLLOWING);
            }""",
            chart,
        )
        assert follows, chart
    # The charts are upgraded in the browser (vega-embed draws them again, asynchronously).
    page.wait_for_function(
        "(n) => document.querySelectorAll(\"figure[data-lg-chart='interactive']\").length === n",
        arg=len(ids),
        timeout=15000,
    )
    assert "Illustrative" in page.locator("#headlines").inner_text()
    assert page.console_errors == []
    assert axe(page) == []


def test_the_date_is_chosen_by_keyboard_and_a_wrong_one_is_explained(page, demo_site, axe):
    sign_in(page, demo_site, DASHBOARD)
    page.locator("#as_at-day").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("31")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("2")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("2020")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert page.title().startswith("Error: Programme dashboard")
    summary = page.locator(".govuk-error-summary")
    assert "The date as at must be a real date" in summary.inner_text()
    assert page.evaluate("document.activeElement.closest('.govuk-error-summary') !== null")
    expected = {
        f"400 {page.url}",
        "Failed to load resource: the server responded with a status of 400 (Bad Request)",
    }
    assert [error for error in page.console_errors if error not in expected] == []
    assert axe(page) == []
    # The summary's link takes the keyboard to the day.
    page.locator(".govuk-error-summary a").first.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "as_at-day"
    page.keyboard.press("Control+A")
    page.keyboard.type("29")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert "position as at 29 February 2020" in page.locator("main").inner_text()
    assert page.locator("h1").inner_text() == "Programme dashboard"
