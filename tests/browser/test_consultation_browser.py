"""The consultation in a real browser: someone sends a comment by keyboard alone after the form
refuses it empty; an approver publishes it from the moderation queue. axe-core finds nothing
wrong on the form with and without errors, the thank-you page, a closed consultation or the
queue; no console or Content Security Policy errors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from localgrowth.strategy.models import Comment, CommentStatus, Version
from staff.conftest import PASSWORD, make_user
from strategy.test_consultation import make_consultation, priorities

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(server, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    version = make_consultation()
    make_user("moderator", "approver", password=PASSWORD)
    return server.url, version


def form_path(version: Version) -> str:
    return f"/strategy/{version.strategy.slug}/{version.number}/comment/"


def not_bad_requests(errors: list[str]) -> list[str]:
    return [error for error in errors if "400" not in error and "Bad Request" not in error]


def test_a_comment_is_sent_by_keyboard_and_published(page, site, axe):
    base, version = site
    page.goto(f"{base}{form_path(version)}")
    page.wait_for_load_state("networkidle")
    assert axe(page) == []

    # Sent empty: the error summary takes the focus and says what to do for each field.
    page.locator("button", has_text="Send comment").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    summary = page.locator(".govuk-error-summary")
    for message in ("Enter your name", "Enter your comment", "Select whether your comment"):
        assert message in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert page.title().startswith("Error: ")
    assert axe(page) == []
    assert Comment.objects.count() == 0

    # A link in the summary goes to its field.
    page.locator(".govuk-error-summary a", has_text="Enter your name").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "name"

    skills = priorities(version)[1]
    page.focus(f"input[name='about'][value='{skills.pk}']")
    page.keyboard.press("Space")
    page.focus("#name")
    page.keyboard.type("Ada Lovelace")
    page.focus("#email")
    page.keyboard.type("not an email")
    page.focus("#comment")
    page.keyboard.type("Skills bootcamps should reach coastal towns.")
    page.focus("#understood")
    page.keyboard.press("Space")
    page.locator("button", has_text="Send comment").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter an email address in the correct format, like name@example.com" in summary
    assert page.input_value("#name") == "Ada Lovelace"
    assert page.is_checked(f"input[name='about'][value='{skills.pk}']")
    assert axe(page) == []

    page.fill("#email", "ada@example.com")
    page.locator("button", has_text="Send comment").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Comment sent"
    assert axe(page) == []
    comment = Comment.objects.get()
    assert (comment.priority_id, comment.email) == (skills.pk, "ada@example.com")

    # The approver publishes it from the queue.
    queue = f"/staff/consultation/{version.strategy.slug}/{version.number}/"
    page.goto(f"{base}/admin/login/?next={queue}")
    page.fill("#id_username", "moderator")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert page.url == f"{base}{queue}"
    assert axe(page) == []
    page.locator("button", has_text="Publish").first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert "is published" in page.locator(".govuk-notification-banner").inner_text()
    assert axe(page) == []
    comment.refresh_from_db()
    assert comment.status == CommentStatus.APPROVED
    assert not_bad_requests(page.console_errors) == []


def test_a_closed_consultation_passes_axe(page, site, axe):
    base, version = site
    Version.objects.filter(pk=version.pk).update(
        consultation_closes=timezone.localdate() - timedelta(days=1)
    )
    page.goto(f"{base}{form_path(version)}")
    page.wait_for_load_state("networkidle")
    assert "You can no longer comment" in page.locator("main").inner_text()
    assert axe(page) == []
    assert page.console_errors == []
