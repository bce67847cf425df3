"""The monitoring returns and change control staff pages in a real browser: an editor uploads a
faulty return (the error summary is shown and takes the focus), then a valid one, twice; an
approver approves by keyboard alone; axe-core finds nothing wrong on any of the pages, with or
without errors; no console or Content Security Policy errors."""

from __future__ import annotations

from decimal import Decimal

import pytest

from localgrowth.returns import baselines
from localgrowth.returns.models import Return, ReturnStatus
from staff.conftest import (
    PASSWORD,
    REFERENCE,
    filled_workbook,
    make_project,
    make_user,
    put,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(server, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    project = make_project()
    make_user("officer", "editor", password=PASSWORD)
    make_user("checker", "approver", password=PASSWORD)
    return server.url, project


def sign_in(page, base_url: str, username: str, path: str) -> None:
    page.goto(f"{base_url}/admin/login/?next={path}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert page.url == f"{base_url}{path}"


def open_page(page, url: str):
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    return response


def upload(page, base_url: str, path) -> None:
    open_page(page, f"{base_url}/staff/returns/upload/")
    page.set_input_files("#file", str(path))
    with page.expect_navigation():
        page.get_by_role("button", name="Upload and check").click()
    page.wait_for_load_state("networkidle")


def expected_errors(page, url: str, status: int) -> list[str]:
    """The console errors other than the one the status of ``url`` causes by design."""
    allowed = {
        f"{status} {url}",
        f"Failed to load resource: the server responded with a status of {status} (Bad Request)",
    }
    return [error for error in page.console_errors if error not in allowed]


def test_an_editor_uploads_and_an_approver_approves_by_keyboard(page, browser, site, axe, tmp_path):
    base, project = site
    sign_in(page, base, "officer", "/staff/returns/")
    assert page.console_errors == []
    assert axe(page) == []

    # A faulty return: every fault in the error summary, which takes the focus.
    def two_faults(workbook):
        workbook["Spend"]["C5"] = "lots"
        workbook["Risks"]["B2"] = 9

    faulty = filled_workbook(project, tmp_path, "faulty.xlsx", two_faults)
    upload(page, base, faulty)
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    items = summary.locator(".govuk-error-summary__list li").all_inner_texts()
    assert any(
        item.startswith("Sheet Spend, cell C5: ") and item.endswith("[T02]") for item in items
    )
    assert any(
        item.startswith("Sheet Risks, cell B2: ") and item.endswith("[T07]") for item in items
    )
    assert page.title().startswith("Error: Upload a return")
    assert not Return.objects.exists()
    assert expected_errors(page, f"{base}/staff/returns/upload/", 400) == []
    page.console_errors.clear()
    assert axe(page) == []

    # A valid return, twice: versions 1 and 2.
    upload(page, base, filled_workbook(project, tmp_path, "v1.xlsx"))
    banner = page.locator(".govuk-notification-banner")
    assert "Version 1 of STAFF-0001's return for 2019/20 Q3 was submitted" in banner.inner_text()
    upload(
        page,
        base,
        filled_workbook(project, tmp_path, "v2.xlsx", put("Spend", "C5", 850000)),
    )
    assert "Version 2 of" in page.locator(".govuk-notification-banner").inner_text()
    assert page.console_errors == []
    assert axe(page) == []  # the return page, as its submitter sees it
    newer = Return.objects.get(version=2)

    # The approver, in a browser of their own, approves by keyboard alone.
    context = browser.new_context(locale="en-GB")
    checker = context.new_page()
    try:
        sign_in(checker, base, "checker", f"/staff/returns/{newer.pk}/")
        assert axe(checker) == []  # with the decision forms
        for _ in range(120):
            checker.keyboard.press("Tab")
            if checker.evaluate("document.activeElement.id") == "approve":
                break
        else:
            pytest.fail("The Approve button was not reached by the Tab key")
        with checker.expect_navigation():
            checker.keyboard.press("Enter")
        checker.wait_for_load_state("networkidle")
        assert "was approved" in checker.locator(".govuk-notification-banner").inner_text()
        newer.refresh_from_db()
        assert newer.status == ReturnStatus.APPROVED
        assert axe(checker) == []

        older = Return.objects.get(version=1)
        open_page(checker, f"{base}/staff/returns/{newer.pk}/compare/{older.pk}/")
        assert "Changed" in checker.locator("#spend-table").inner_text()
        assert axe(checker) == []
        open_page(checker, f"{base}/staff/returns/?status=approved")
        assert checker.locator("#returns-table tbody tr").count() == 1
        assert axe(checker) == []
    finally:
        context.close()


def test_the_change_control_pages_are_accessible(page, browser, site, axe):
    base, project = site
    sign_in(page, base, "officer", "/staff/baselines/")
    assert axe(page) == []  # the empty list, with the form to propose

    # The proposal with a mistake, then corrected.
    open_page(page, f"{base}/staff/baselines/propose/{REFERENCE}/")
    assert axe(page) == []
    page.fill("#spend-2019-20", "lots")
    with page.expect_navigation():
        page.get_by_role("button", name="Propose the change").click()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert (
        "The forecast for 2019/20 must be an amount in pounds"
        in page.locator(".govuk-error-summary").inner_text()
    )
    page.console_errors.clear()
    assert axe(page) == []
    page.fill("#spend-2019-20", "1800000")
    page.fill("#reason", "Re-profiled after the tender.")
    with page.expect_navigation():
        page.get_by_role("button", name="Propose the change").click()
    page.wait_for_load_state("networkidle")
    assert "was proposed" in page.locator(".govuk-notification-banner").inner_text()
    assert page.console_errors == []
    assert axe(page) == []
    change = project.baseline_changes.get()
    assert baselines.current_spend(project)["2019/20"] == Decimal("2000000.00")

    context = browser.new_context(locale="en-GB")
    checker = context.new_page()
    try:
        sign_in(checker, base, "checker", f"/staff/baselines/{change.pk}/")
        assert checker.locator("#reject-note").is_visible()
        assert axe(checker) == []
        open_page(checker, f"{base}/staff/baselines/")
        assert checker.locator("#changes-table tbody tr").count() == 1
        assert axe(checker) == []
    finally:
        context.close()
