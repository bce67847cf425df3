"""The funding call pages in a real browser: an editor saves a scenario by keyboard alone, a
faulty form shows the error summary, two scenarios are compared; axe-core finds nothing wrong
on any of the pages; no console or Content Security Policy errors."""

from __future__ import annotations

import pytest

from call_fixtures import make_small_call
from localgrowth.prioritisation.models import Scenario
from localgrowth.prioritisation.scenarios import save_scenario
from staff.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(server, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call = make_small_call()
    save_scenario(call, name="Fund A", also_must_fund=["A"], time_limit=5)
    make_user("officer", "editor", password=PASSWORD)
    return server.url, call


def sign_in(page, base_url: str, path: str) -> None:
    page.goto(f"{base_url}/admin/login/?next={path}")
    page.fill("#id_username", "officer")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert page.url == f"{base_url}{path}"


def test_an_editor_saves_and_compares_scenarios_by_keyboard(page, site, axe):
    base, call = site
    sign_in(page, base, "/staff/calls/")
    assert axe(page) == []
    page.goto(f"{base}/staff/calls/{call.slug}/")
    page.wait_for_load_state("networkidle")
    assert axe(page) == []
    assert page.locator("#candidates-table tbody tr").count() == 4

    page.goto(f"{base}/staff/calls/{call.slug}/scenarios/new/")
    page.wait_for_load_state("networkidle")
    assert axe(page) == []
    # Sent empty: the error summary takes the focus and names the field.
    page.focus("#name")
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.locator("button", has_text="Choose and save").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    summary = page.locator(".govuk-error-summary")
    assert "Enter a name for the scenario" in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert axe(page) == []

    page.focus("#name")
    page.keyboard.type("Officers' recommendation")
    page.focus("#also_excluded-3")  # C
    page.keyboard.press("Space")
    page.locator("button", has_text="Choose and save").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert "Officers' recommendation" in page.locator("h1").inner_text()
    assert axe(page) == []
    saved = Scenario.objects.get(name="Officers' recommendation")
    assert list(saved.also_excluded.values_list("reference", flat=True)) == ["C"]

    page.goto(f"{base}/staff/calls/{call.slug}/")
    page.wait_for_load_state("networkidle")
    first = Scenario.objects.get(name="Fund A")
    page.select_option("#first", str(first.pk))
    page.select_option("#second", str(saved.pk))
    page.locator("button", has_text="Compare").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert page.locator("#differences-table tbody tr").count() == 4
    assert axe(page) == []
    assert [
        error for error in page.console_errors if "400" not in error and "Bad Request" not in error
    ] == []
