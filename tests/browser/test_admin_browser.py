"""The staff pages in a real browser: sign in, see the whole register, no CSP errors."""

import pytest
from django.contrib.auth.models import Group, User

from localgrowth.core.roles import EDITOR

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple 7"


@pytest.fixture
def demo_site(server, demo, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    user = User.objects.create_user("officer", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR))
    return server.url


def sign_in(page, base_url: str) -> None:
    page.goto(f"{base_url}/admin/projects/project/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/admin/projects/project/")


def test_staff_sign_in_and_see_all_138_projects(page, demo_site):
    sign_in(page, demo_site)
    assert "138 projects" in page.locator(".paginator").inner_text()
    page.get_by_role("link", name="Show all").click()
    page.wait_for_url("**/?all=")
    assert page.locator("#result_list tbody tr").count() == 138
    assert page.console_errors == []


def test_a_project_opens_from_the_list_by_keyboard(page, demo_site):
    sign_in(page, demo_site)
    link = page.locator("#result_list tbody tr th a").first
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/change/")
    assert page.locator("#id_title").input_value() != ""
    assert page.console_errors == []


def test_sign_in_page_has_no_accessibility_violations(page, demo_site, axe):
    page.goto(f"{demo_site}/admin/login/")
    assert axe(page) == []


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/projects/project/",
        "/admin/projects/project/?status__exact=completed",
        "/admin/projects/project/{pk}/change/",
        "/admin/projects/project/{pk}/history/",
        "/admin/places/area/",
        "/admin/framework/theme/",
        "/staff/",
    ],
)
def test_staff_pages_have_no_accessibility_violations(page, demo_site, axe, path):
    from localgrowth.projects.models import Project

    sign_in(page, demo_site)
    pk = Project.objects.get(reference="SELEP-001").pk
    page.goto(demo_site + path.format(pk=pk))
    assert page.console_errors == []  # before axe, which sets inline styles as it measures
    assert axe(page) == []


def test_the_staff_home_is_reached_from_the_footer_and_its_sections_by_keyboard(page, demo_site):
    page.goto(f"{demo_site}/")
    page.get_by_role("link", name="Staff sign in").click()
    page.fill("#id_username", "officer")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert page.url == f"{demo_site}/staff/"
    staff = page.get_by_role("navigation", name="Staff")
    staff.get_by_role("link", name="Monitoring returns").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{demo_site}/staff/returns/"
    assert page.console_errors == []
