"""A strategy in a real browser: a published version's document, its one-page summary, the
strategy's versions and a version for consultation with its comments have no console or
Content Security Policy errors and no axe-core violations; every chart is one named image
followed by its table; the contents are reached by keyboard; the PDF link gives the PDF; and a
draft is not found."""

from __future__ import annotations

import pytest

from localgrowth.strategy.models import Comment, CommentStatus, VersionStatus
from web.test_strategy_document import BASE, build_strategy

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(server, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    build_strategy()
    consulting = build_strategy(number=2, status=VersionStatus.CONSULTATION)
    Comment.objects.create(
        version=consulting,
        priority=consulting.priorities.get(code="global-gateway"),
        name="A. Resident",
        text="More on rail freight, please.",
        status=CommentStatus.APPROVED,
    )
    build_strategy(number=3, status=VersionStatus.DRAFT)
    return server.url


def open_page(page, url: str):
    csp: list[str] = []
    page.on(
        "console",
        lambda message: (
            csp.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    response = page.goto(url, timeout=60_000)
    page.wait_for_load_state("networkidle")
    return response, csp


def test_the_strategy_pages_have_no_errors_or_accessibility_violations(page, site, axe):
    for path in (BASE, f"{BASE}1/", f"{BASE}1/summary/", f"{BASE}2/"):
        page.console_errors.clear()
        response, csp = open_page(page, site + path)
        assert response.status == 200, path
        assert page.console_errors == [], path
        assert csp == [], path
        assert page.locator("h1").count() == 1, path
        assert axe(page) == [], path

    open_page(page, f"{site}{BASE}1/")
    assert page.locator("h1").inner_text() == "Smarter, faster, together"
    # Every chart is one image, named by its title and description, followed by its table.
    charts = page.locator("figure.lg-vega")
    assert charts.count() == 3
    for index in range(charts.count()):
        figure = charts.nth(index)
        chart_id = figure.get_attribute("id")
        svg = figure.locator("svg[role='img']")
        assert svg.count() == 1
        assert svg.get_attribute("aria-labelledby") == f"{chart_id}-title {chart_id}-desc"
        assert page.locator(f"#{chart_id}-table caption").count() == 1
    # The contents are reached by keyboard and take the reader to the section.
    link = page.locator("#strategy-contents a", has_text="3. UK's Global Gateway")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash === '#priority-global-gateway'")
    # The PDF link gives the PDF.
    href = page.locator("a", has_text="Download this version (PDF)").get_attribute("href")
    pdf = page.request.get(site + href)
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    # A version not yet published is not found.
    response, _ = open_page(page, f"{site}{BASE}3/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
