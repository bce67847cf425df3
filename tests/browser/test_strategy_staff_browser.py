"""The strategy's staff pages and its line of sight in a real browser: an approver opens the
strategies, a published version with its evidence panel, compares it with a new draft (and
sends the comparison wrong once), and the public line of sight of the published version; axe
finds no violations on any of them, with or without errors; no console or Content Security
Policy errors."""

from __future__ import annotations

import pytest

from localgrowth.strategy.versions import new_draft, publish
from staff.conftest import PASSWORD, make_user
from strategy import make_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(server, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    approver = make_user("checker", "approver", password=PASSWORD)
    version = publish(make_draft(), approver)
    new_draft(version, approver)
    return server.url, version


def sign_in(page, base_url: str, path: str) -> None:
    page.goto(f"{base_url}/admin/login/?next={path}")
    page.fill("#id_username", "checker")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert page.url == f"{base_url}{path}"


def test_staff_strategy_pages_and_the_line_of_sight_pass_axe(page, site, axe):
    base, version = site
    slug = version.strategy.slug
    sign_in(page, base, "/staff/strategy/")
    assert axe(page) == []
    for path in (
        f"/staff/strategy/{slug}/versions/1/",
        f"/staff/strategy/{slug}/versions/2/",
        f"/staff/strategy/{slug}/compare/?first=1&second=2",
        f"/strategy/{slug}/1/line-of-sight/",
    ):
        response = page.goto(base + path)
        page.wait_for_load_state("networkidle")
        assert response.status == 200, path
        assert axe(page) == [], path
    assert page.locator("table").count() >= 1

    # The same version twice: the error summary, which axe also checks.
    page.goto(f"{base}/staff/strategy/{slug}/compare/?first=1&second=1")
    page.wait_for_load_state("networkidle")
    assert "Select" in page.locator(".govuk-error-summary").inner_text()
    assert axe(page) == []
    errors = [
        error for error in page.console_errors if "400" not in error and "Bad Request" not in error
    ]
    assert errors == []
