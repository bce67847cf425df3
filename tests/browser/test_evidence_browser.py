"""The evidence pages in a real browser: no console or CSP errors (before axe runs), no axe-core
violations, every chart upgraded by vega-embed under the strict CSP, and the indicator
explorer's form reached and submitted by keyboard."""

import pytest

pytestmark = pytest.mark.django_db

SELEP = "E37000056"
THANET = "E07000114"
PAGES = [
    "/evidence/",
    f"/evidence/indicators/gva-per-hour-worked/?area={THANET}&compare=england&compare=region",
    f"/evidence/areas/{SELEP}/",
    f"/evidence/areas/{THANET}/strengths/",
    "/evidence/indicators/gva-per-hour-worked/?area=NOWHERE",
]


@pytest.fixture
def site(server, demo, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return server.url


def open_page(page, url: str):
    csp = []
    page.on(
        "console",
        lambda message: (
            csp.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    response = page.goto(url, timeout=60_000)
    page.wait_for_load_state("networkidle")
    return response, csp


def wait_for_charts(page) -> list[str]:
    """Wait until every chart has been upgraded (or has stayed as drawn by the server)."""
    page.wait_for_function(
        "Array.from(document.querySelectorAll('[data-lg-chart]'))"
        ".every(figure => figure.dataset.lgChart === 'interactive')",
        timeout=30_000,
    )
    return page.evaluate(
        "Array.from(document.querySelectorAll('[data-lg-chart]')).map(f => f.dataset.lgChart)"
    )


def test_each_evidence_page_has_no_errors_or_accessibility_violations(page, site, axe):
    for path in PAGES:
        page.console_errors.clear()
        response, csp = open_page(page, site + path)
        expected = 400 if "NOWHERE" in path else 200
        assert response.status == expected, path
        if page.locator("[data-lg-chart]").count():
            wait_for_charts(page)
        errors = [e for e in page.console_errors if not (expected == 400 and "400" in e)]
        assert errors == [], path  # before axe, which sets inline styles as it measures
        assert csp == [], path
        assert axe(page) == [], path


def test_the_explorers_charts_are_upgraded_by_vega_embed_without_csp_errors(page, site):
    response, csp = open_page(page, f"{site}/evidence/indicators/gva-per-hour-worked/")
    assert response.status == 200
    assert wait_for_charts(page) == ["interactive"] * 3
    chart = page.locator("#chart-ranking .lg-vega__interactive")
    assert chart.get_attribute("role") == "img"
    assert chart.get_attribute("aria-label").startswith("GVA per hour worked, 2022")
    assert page.locator("#chart-ranking svg.lg-vega__svg").count() == 0  # replaced
    assert page.locator("#chart-ranking .lg-vega__interactive svg").count() == 1
    assert page.locator("style").count() == 0  # nothing injected
    # A tooltip shows the figures when a bar is hovered.
    bar = page.locator(
        "#chart-ranking .lg-vega__interactive path[role], "
        "#chart-ranking .lg-vega__interactive .mark-rect path"
    ).first
    bar.hover()
    page.wait_for_selector("#vg-tooltip-element.visible", timeout=5_000)
    assert "District" in page.locator("#vg-tooltip-element").inner_text()
    assert page.console_errors == []
    assert csp == []


def test_without_javascript_the_server_svg_is_shown(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/evidence/areas/{THANET}/strengths/", timeout=60_000)
    svg = page.locator("#chart-lq svg.lg-vega__svg")
    assert svg.get_attribute("role") == "img"
    assert svg.is_visible()
    context.close()


def test_the_explorer_form_is_reached_and_submitted_by_keyboard(page, site):
    _response, csp = open_page(page, f"{site}/evidence/indicators/gva-per-hour-worked/")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "area":
            break
    else:
        pytest.fail("The area select was not reached by the Tab key")
    page.select_option("#area", THANET)  # as the arrow keys would, in a focused select
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "compare-england"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "compare-region"
    page.keyboard.press("Space")  # untick the region
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Show the figures":
            break
    else:
        pytest.fail("The submit button was not reached by the Tab key")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"area={THANET}" in page.url
    assert "compare=england" in page.url
    assert "compare=region" not in page.url
    assert "Showing Thanet" in page.locator("main").inner_text()
    wait_for_charts(page)
    assert page.console_errors == []
    assert csp == []
