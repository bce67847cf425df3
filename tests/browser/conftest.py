"""Pages are tested in a real browser: Debian's chromium driven by Playwright, with axe-core
from the npm registry checking accessibility."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from browser.server import LiveSite

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the tests
# themselves (setting up data) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def _live_site(django_db_setup) -> Iterator[LiveSite]:
    site = LiveSite()
    site.start()
    yield site
    site.stop()


@pytest.fixture
def server(_live_site, db) -> LiveSite:
    """The live server, answering from this test's database transaction."""
    return _live_site


@pytest.fixture
def page(browser, server) -> Iterator:
    """A page in a new browser context; closed before the test's transaction is undone."""
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda message: (
            page.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            page.console_errors.append(f"{response.status} {response.url}")
            if response.status >= 400
            else None
        ),
    )
    yield page
    context.close()


@pytest.fixture
def axe():
    """A function that runs axe-core on a page and returns its WCAG 2.2 A/AA violations."""
    return axe_violations


def axe_violations(page) -> list[dict]:
    page.evaluate(AXE.read_text())  # through the DevTools protocol, so the page's CSP holds
    return page.evaluate(
        """async () => {
            const result = await axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                               'wcag22aa']},
            });
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                                nodes: v.nodes.map(n => n.target.join(' '))}));
        }"""
    )
