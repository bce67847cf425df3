"""/api/v1/docs in a real browser: no console or CSP errors and no axe-core violations
(WCAG 2.2 AA), and its contents links lead to each endpoint."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

DOCS = "/api/v1/docs"


def open_docs(page, server):
    response = page.goto(server.url + DOCS)
    page.wait_for_load_state("networkidle")
    return response


def test_the_docs_page_has_no_errors_or_accessibility_violations(page, server, axe):
    response = open_docs(page, server)
    assert response.status == 200
    assert page.console_errors == []  # before axe, which sets inline styles as it measures
    assert "govuk-frontend-supported" in page.evaluate("document.body.className")
    assert page.locator("h1").inner_text() == "Open data API"
    assert page.title() == "Open data API – localgrowth"
    assert axe(page) == []


def test_the_contents_links_lead_to_each_endpoint(page, server):
    open_docs(page, server)
    contents = page.locator("nav[aria-labelledby='contents-heading']")
    contents.get_by_role("link", name="GET /api/v1/projects", exact=True).click()
    assert page.url.endswith("#get-projects")
    assert page.locator("#get-projects").is_visible()
    assert page.console_errors == []
