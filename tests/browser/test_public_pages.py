"""The public pages in a real browser: no console or CSP errors, no axe-core violations, and
the skip link and navigation work by keyboard."""

import pytest

pytestmark = pytest.mark.django_db

PAGES = ["/", "/strategy/", "/accessibility/", "/about-data/"]


@pytest.fixture
def site(server, demo, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return server.url


def open_page(page, url: str):
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    return response


@pytest.mark.parametrize("path", PAGES)
def test_public_pages_have_no_errors_or_accessibility_violations(page, site, axe, path):
    response = open_page(page, site + path)
    assert response.status == 200
    assert page.console_errors == []  # before axe, which sets inline styles as it measures
    assert "govuk-frontend-supported" in page.evaluate("document.body.className")
    assert axe(page) == []


def test_the_404_page_has_no_other_errors_or_accessibility_violations(page, site, axe):
    url = f"{site}/no-such-page/"
    response = open_page(page, url)
    assert response.status == 404
    expected = {
        f"404 {url}",
        "Failed to load resource: the server responded with a status of 404 (Not Found)",
    }
    assert [error for error in page.console_errors if error not in expected] == []
    assert page.locator("h1").inner_text() == "Page not found"
    assert axe(page) == []


def test_the_skip_link_moves_focus_to_the_main_content(page, site):
    open_page(page, site + "/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Skip to main content"
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    assert page.console_errors == []


def test_the_navigation_works_by_keyboard(page, site):
    open_page(page, site + "/")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Our strategy":
            break
    else:
        pytest.fail("'Our strategy' was not reached by the Tab key")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{site}/strategy/"
    current = page.locator(".govuk-service-navigation__link[aria-current='page']")
    assert current.inner_text() == "Our strategy"
    assert page.title() == "Our strategy – localgrowth"
    assert page.console_errors == []


def test_the_navigation_menu_opens_by_keyboard_on_a_small_screen(page, site):
    page.set_viewport_size({"width": 375, "height": 800})
    open_page(page, site + "/")
    toggle = page.locator(".govuk-service-navigation__toggle")
    assert toggle.is_visible()
    link = page.locator(".govuk-service-navigation__list").get_by_role(
        "link", name="About the data"
    )
    assert not link.is_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert link.is_visible()
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{site}/about-data/"
    assert page.console_errors == []


@pytest.mark.parametrize("path", ["/projects/?page=2", "/areas/E37000056/?page=2"])
def test_a_table_in_pages_has_no_accessibility_violations(page, site, axe, monkeypatch, path):
    from localgrowth.web import project_list

    monkeypatch.setattr(project_list, "TABLE_PAGE_SIZE", 40)
    response = open_page(page, site + path)
    assert response.status == 200
    assert page.console_errors == []
    assert page.locator(".govuk-pagination").count() == 1
    assert page.locator("#projects-table tbody tr").count() == 40
    assert axe(page) == []
