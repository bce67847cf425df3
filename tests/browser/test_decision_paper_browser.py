"""The decision paper of a saved scenario in a real browser: no console or Content Security
Policy errors, no axe-core violations, every chart one named image followed by its table, the
contents reached by keyboard, and the PDF and workbook links working from the page."""

from __future__ import annotations

import pytest

from staff.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(server, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    make_user("board-officer", "viewer", password=PASSWORD)
    return server.url


def sign_in(page, base_url: str, path: str) -> None:
    page.goto(f"{base_url}/admin/login/?next={path}")
    page.fill("#id_username", "board-officer")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert page.url == f"{base_url}{path}"


def test_the_decision_paper_has_no_errors_or_accessibility_violations(page, site, scenario, axe):
    path = f"/staff/calls/{scenario.call.slug}/scenarios/{scenario.pk}/paper/"
    sign_in(page, site, path)
    assert page.locator("h1").inner_text() == "Decision paper: Board choice"
    assert page.console_errors == []  # before axe, which sets inline styles as it measures

    ids = page.locator("figure.lg-vega").evaluate_all("(nodes) => nodes.map((node) => node.id)")
    assert ids == ["paper-chart-by-year", "paper-chart-value", "paper-chart-map"]
    for chart in ids:
        image = page.locator(f"#{chart} [role='img']")
        assert image.count() == 1
        assert image.get_attribute("aria-labelledby") == f"{chart}-title {chart}-desc"
        follows = page.evaluate(
            """(id) => {
                const figure = document.getElementById(id);
                const table = document.getElementById(id + '-table');
                return Boolean(table && figure.compareDocumentPosition(table)
                               & Node.DOCUMENT_POSITION_FOLLOWING);
            }""",
            chart,
        )
        assert follows, chart
        assert page.locator(f"#{chart}-table tbody tr").count() > 0
    assert "£1,350,000" in page.locator("#paper-summary").inner_text()
    assert page.locator("#paper-candidates tbody tr").count() == 4

    # The contents take the keyboard to a section.
    page.get_by_role("link", name="Why in, why out").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#reasons"

    # The downloads work from the page's relative links.
    for name, kind in [
        ("Download the paper (PDF)", "application/pdf"),
        ("Download the scenario’s figures (XLSX)", "application/vnd.openxmlformats"),
    ]:
        href = page.get_by_role("link", name=name).get_attribute("href")
        response = page.request.get(page.evaluate("(href) => new URL(href, location).href", href))
        assert response.status == 200, name
        assert response.headers["content-type"].startswith(kind), name

    assert page.console_errors == []
    assert axe(page) == []
