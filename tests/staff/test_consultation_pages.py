"""The staff pages of a strategy consultation: who may open them, the moderation queue with
its counts per priority, publishing and not publishing a comment (303, history kept), the
refusals (400, 409, 403) that change nothing, and the CSV export with its warning."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.cache import cache
from django.test import Client

from localgrowth.strategy.models import Comment, CommentStatus, Version
from strategy.test_consultation import comments_on, make_consultation, priorities

from .conftest import make_user, page_of

pytestmark = pytest.mark.django_db

BASE = "/staff/consultation/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def version() -> Version:
    return make_consultation()


@pytest.fixture
def made(version) -> dict[str, Comment]:
    return comments_on(version)


def queue_url(version: Version) -> str:
    return f"{BASE}{version.strategy.slug}/{version.number}/"


def comment_url(comment: Comment) -> str:
    return f"{queue_url(comment.version)}comments/{comment.pk}/"


def state() -> list[tuple]:
    return [
        *Comment.objects.order_by("pk").values_list(
            "pk", "status", "moderated_by", "moderation_note"
        ),
        ("history", Comment.history.count()),
    ]


# Who may open the pages --------------------------------------------------------------------------


def test_someone_not_signed_in_is_sent_to_sign_in(client, made, version):
    pending = made["whole-pending"]
    before = state()
    for url in (
        BASE,
        queue_url(version),
        comment_url(pending),
        f"{queue_url(version)}comments.csv",
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/?next=")
    response = client.post(f"{comment_url(pending)}publish/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert state() == before


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_only_approvers_moderate(client, made, version, role):
    client.force_login(make_user(role, role))
    pending = made["whole-pending"]
    before = state()
    for url in (
        BASE,
        queue_url(version),
        comment_url(pending),
        f"{queue_url(version)}comments.csv",
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(f"{comment_url(pending)}publish/").status_code == 403
    assert client.post(f"{comment_url(pending)}reject/", {}).status_code == 403
    assert state() == before


# The pages ---------------------------------------------------------------------------------------


def test_the_list_shows_versions_with_their_counts(client, made, version):
    client.force_login(make_user("approver", "approver"))
    page = page_of(client.get(BASE))
    rows = page.table_rows("versions-table")
    assert len(rows) == 1
    assert rows[0][0].startswith("Local Industrial Strategy: draft for consultation")
    assert rows[0][1].startswith("The consultation closes at the end of")
    assert rows[0][2:] == ["2", "2", "1"]


def test_the_list_says_when_there_is_nothing(client):
    client.force_login(make_user("approver", "approver"))
    page = page_of(client.get(BASE))
    assert page.by_id("no-versions") is not None


def test_the_queue_lists_pending_comments_and_counts_per_priority(client, made, version):
    client.force_login(make_user("approver", "approver"))
    page = page_of(client.get(queue_url(version)))
    assert page.table_rows("counts-table") == [
        ["The whole strategy", "1", "1", "0", "2"],
        ["Raise productivity", "0", "0", "0", "0"],
        ["Skills for the future", "1", "1", "1", "3"],
        ["Total", "2", "2", "1", "5"],
    ]
    for key in ("whole-pending", "skills-pending"):
        section = page.by_id(f"comment-{made[key].pk}")
        assert section is not None
        assert f"{key}@example.com" in "".join(section.itertext())
    assert page.by_id(f"comment-{made['whole-published'].pk}") is None
    moderated = page.table_rows("moderated-table")
    assert [row[2] for row in moderated] == ["Published", "Published", "Not published"]
    text = page.text()
    assert "The export includes the email addresses people gave" in text
    assert "Awaiting moderation (2)" in text


def test_the_queue_of_a_missing_version_is_404(client):
    client.force_login(make_user("approver", "approver"))
    assert client.get(f"{BASE}nothing/9/").status_code == 404


# Decisions ---------------------------------------------------------------------------------------


def test_an_approver_publishes_a_comment(client, made, version):
    approver = make_user("approver", "approver")
    client.force_login(approver)
    pending = made["skills-pending"]
    response = client.post(f"{comment_url(pending)}publish/")
    assert response.status_code == 303
    assert response["Location"] == queue_url(version)
    pending.refresh_from_db()
    assert (pending.status, pending.moderated_by) == (CommentStatus.APPROVED, approver)
    page = page_of(client.get(response["Location"]))
    assert f"Comment {pending.pk} by Person skills-pending is published" in page.banner()
    assert page.table_rows("counts-table")[2] == ["Skills for the future", "0", "2", "1", "3"]


def test_the_decision_forms_carry_the_csrf_token(made, version):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("approver", "approver"))
    pending = made["whole-pending"]
    before = state()
    assert client.post(f"{comment_url(pending)}publish/").status_code == 403
    assert state() == before
    for url in (queue_url(version), comment_url(pending)):
        page = page_of(client.get(url))
        forms = [f for f in page.all(".//form") if f.get("method") == "post"]
        assert forms
        for form in forms:
            assert form.find(".//input[@name='csrfmiddlewaretoken']") is not None, url
    token = page.find(".//input[@name='csrfmiddlewaretoken']").get("value")
    response = client.post(f"{comment_url(pending)}publish/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 303


def test_an_approver_does_not_publish_a_comment_with_a_note(client, made, version):
    approver = make_user("approver", "approver")
    client.force_login(approver)
    pending = made["whole-pending"]
    data = {f"reject-{pending.pk}-note": "It names a private individual."}
    response = client.post(f"{comment_url(pending)}reject/", data)
    assert response.status_code == 303
    pending.refresh_from_db()
    assert pending.status == CommentStatus.REJECTED
    assert pending.moderation_note == "It names a private individual."
    page = page_of(client.get(comment_url(pending)))
    history = page.table_rows("history-table")
    assert [row[1] for row in history] == ["Not published", "Sent"]
    assert history[0][2] == "approver"
    assert history[0][3] == "It names a private individual."


def test_a_rejection_without_a_note_is_refused_with_400(client, made, version):
    client.force_login(make_user("approver", "approver"))
    pending = made["whole-pending"]
    before = state()
    response = client.post(f"{comment_url(pending)}reject/", {f"reject-{pending.pk}-note": " "})
    page = page_of(response, 400)
    field = f"reject-{pending.pk}-note"
    assert page.error_summary() == [("Enter why the comment is not published", f"#{field}")]
    assert page.error_messages() == {field: "Enter why the comment is not published"}
    too_long = {field: "x" * 301}
    page = page_of(client.post(f"{comment_url(pending)}reject/", too_long), 400)
    assert page.error_summary() == [("The note must be 300 characters or fewer", f"#{field}")]
    assert state() == before


def test_a_decided_comment_is_not_decided_again(client, made, version):
    client.force_login(make_user("approver", "approver"))
    rejected = made["skills-rejected"]
    before = state()
    page = page_of(client.post(f"{comment_url(rejected)}publish/"), 409)
    assert "already been moderated" in page.error_summary()[0][0]
    response = client.post(
        f"{comment_url(rejected)}reject/", {f"reject-{rejected.pk}-note": "Again"}
    )
    page_of(response, 409)
    assert state() == before


def test_a_published_comment_is_taken_down_from_its_page(client, made, version):
    client.force_login(make_user("approver", "approver"))
    published = made["whole-published"]
    page = page_of(client.get(comment_url(published)))
    assert "Take down" in page.text()
    data = {f"reject-{published.pk}-note": "Withdrawn at the person's request", "from": "comment"}
    response = client.post(f"{comment_url(published)}reject/", data)
    assert response.status_code == 303
    assert response["Location"] == comment_url(published)
    published.refresh_from_db()
    assert published.status == CommentStatus.REJECTED


def test_decisions_only_take_posts_and_the_right_version(client, made, version):
    client.force_login(make_user("approver", "approver"))
    pending = made["whole-pending"]
    before = state()
    assert client.get(f"{comment_url(pending)}publish/").status_code == 405
    other = f"{BASE}{version.strategy.slug}/1/comments/{pending.pk}/publish/"
    assert client.post(other).status_code == 404
    assert state() == before


# The export --------------------------------------------------------------------------------------


def test_the_export_is_a_csv_of_every_comment_with_emails(client, made, version):
    client.force_login(make_user("approver", "approver"))
    pending = made["whole-pending"]
    pending.text = "=1+1"
    pending.save()
    response = client.get(f"{queue_url(version)}comments.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="selep-lis-v2-comments.csv"'
    assert response["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 6
    emails = {row[6] for row in rows[1:]}
    assert "whole-pending@example.com" in emails
    assert [row[7] for row in rows[1:] if row[0] == str(pending.pk)] == ["'=1+1"]
    assert {row[3] for row in rows[1:]} == {"", priorities(version)[1].code}
