"""The consultation on a strategy version: who may comment and until when, the public comment
form and every way it refuses a comment (nothing stored), the rate limit, moderation, the
counts per priority, what is published and the staff export."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import html5lib
import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from localgrowth.places.models import Area, Partnership
from localgrowth.strategy import consultation, versions
from localgrowth.strategy.models import (
    Comment,
    CommentStatus,
    Priority,
    Strategy,
    Version,
    VersionStatus,
)
from staff.conftest import make_user
from web.html import assert_page, text_of

ADDRESS = "203.0.113.7"

pytestmark = pytest.mark.django_db


# Test data ---------------------------------------------------------------------------------------


def make_consultation(*, closes: date | None = None) -> Version:
    """SELEP's strategy: version 1 published, version 2 published for consultation (closing in
    a month unless told; a closing date in the past is as if the days had gone by), each with
    priorities of its own."""
    partnership = Partnership.objects.filter(slug="selep").first()
    area = partnership.area if partnership else Area.objects.first()
    strategy = Strategy.objects.create(
        slug="selep-lis", name="South East LEP Local Industrial Strategy", area=area
    )
    first = Version.objects.create(
        strategy=strategy, number=1, title="Local Industrial Strategy 2019"
    )
    Priority.objects.create(version=first, code="productivity", position=1, title="Old priority")
    versions.publish(first, None)
    version = Version.objects.create(
        strategy=strategy, number=2, title="Local Industrial Strategy: draft for consultation"
    )
    Priority.objects.create(
        version=version, code="productivity", position=1, title="Raise productivity"
    )
    Priority.objects.create(
        version=version, code="skills", position=2, title="Skills for the future"
    )
    today = timezone.localdate()
    closes = closes or today + timedelta(days=30)
    versions.publish(version, None, for_consultation=True, closes=max(closes, today))
    if closes < today:
        Version.objects.filter(pk=version.pk).update(consultation_closes=closes)
    version.refresh_from_db()
    return version


def draft_of(version: Version) -> Version:
    return versions.new_draft(version, None)


def priorities(version: Version) -> list[Priority]:
    return list(version.priorities.order_by("position"))


def comment_url(version: Version) -> str:
    return f"/strategy/{version.strategy.slug}/{version.number}/comment/"


def good_post(version: Version, **changes: str) -> dict[str, str]:
    chosen = priorities(version)[-1]
    data = {
        "about": str(chosen.pk),
        "name": "Ada Lovelace",
        "organisation": "Analytical Engines Ltd",
        "email": "ada@example.com",
        "comment": "Skills bootcamps should reach coastal towns.",
        "understood": "yes",
        "leave_empty": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def snapshot() -> list[tuple]:
    """Everything sending a comment could change."""
    return [
        *Comment.objects.order_by("pk").values_list("pk", "status", "text"),
        ("history", Comment.history.count()),
    ]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def version(db) -> Version:
    return make_consultation()


@pytest.fixture
def client_at():
    """``client_at(address)``: a client whose requests come from ``address``."""

    def make(address: str = ADDRESS, **options) -> Client:
        return Client(REMOTE_ADDR=address, **options)

    return make


def public_page(response, status: int = 200):
    """The page checked as every public page is (strict HTML5, one <h1>, its <title>)."""
    assert response.status_code == status, (response.status_code, response.content[:2000])
    html5lib.HTMLParser(strict=True).parse(response.content)
    tree = html5lib.parse(response.content, treebuilder="etree", namespaceHTMLElements=False)
    title = text_of(tree.find("head/title"))
    if status >= 400 and status != 429:
        assert title.startswith("Error: "), title
        page = assert_page(response.content.replace(b"<title>Error: ", b"<title>"))
    else:
        page = assert_page(response.content)
    ids = [e.get("id") for e in tree.iter() if e.get("id")]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for label in tree.iter("label"):
        assert label.get("for") in ids, label.get("for")
    return page, tree


def error_summary(tree) -> list[tuple[str, str]]:
    summary = tree.find(".//div[@data-module='govuk-error-summary']")
    if summary is None:
        return []
    return [(text_of(a), a.get("href", "")) for a in summary.iter("a")]


def field_errors(tree) -> dict[str, str]:
    return {
        (e.get("id") or "").removesuffix("-error"): text_of(e).removeprefix("Error: ")
        for e in tree.iter("p")
        if "govuk-error-message" in (e.get("class") or "")
    }


# Who may comment, and until when -----------------------------------------------------------------


def test_the_consultation_is_open_until_the_end_of_its_closing_day(version):
    closes = version.consultation_closes
    assert consultation.is_open(version, closes)
    assert not consultation.is_open(version, closes + timedelta(days=1))
    assert "closes at the end of" in consultation.window(version, closes).message
    closed = consultation.window(version, closes + timedelta(days=1))
    assert closed.message == f"The consultation closed at the end of {closes.day} {closes:%B %Y}."


def test_only_a_version_in_consultation_takes_comments(version):
    today = timezone.localdate()
    for status in (VersionStatus.DRAFT, VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED):
        version.status = status
        assert not consultation.is_open(version, today)
    version.status = VersionStatus.CONSULTATION
    version.consultation_closes = None
    assert consultation.window(version, today).open
    assert consultation.window(version, today).message == "The consultation is open."


def test_submitting_stores_a_comment_awaiting_moderation(version):
    skills = priorities(version)[1]
    comment = consultation.submit_comment(
        version, priority=skills, name=" Ada ", text=" A comment. ", address=ADDRESS
    )
    assert (comment.status, comment.name, comment.text) == (
        CommentStatus.PENDING,
        "Ada",
        "A comment.",
    )
    assert comment.priority == skills


def test_submitting_refuses_a_closed_consultation_another_versions_priority_and_empty_text(
    version,
):
    old_priority = Priority.objects.get(version__number=1)
    before = snapshot()
    with pytest.raises(consultation.NotInVersion):
        consultation.submit_comment(version, priority=old_priority, name="A", text="B")
    with pytest.raises(consultation.InvalidComment):
        consultation.submit_comment(version, priority=None, name="A", text="   ")
    with pytest.raises(consultation.InvalidComment):
        consultation.submit_comment(version, priority=None, name="A", text="x" * 5001)
    later = timezone.now() + timedelta(days=31)
    with pytest.raises(consultation.ConsultationClosed, match="closed at the end of"):
        consultation.submit_comment(version, priority=None, name="A", text="B", now=later)
    assert snapshot() == before


# The rate limit ----------------------------------------------------------------------------------


def test_the_rate_limit_counts_comments_per_address_in_a_sliding_hour(version):
    start = timezone.now()
    for minute in range(consultation.RATE_LIMIT):
        consultation.submit_comment(
            version,
            priority=None,
            name="A",
            text=f"Comment {minute}",
            address=ADDRESS,
            now=start + timedelta(minutes=minute),
        )
    with pytest.raises(consultation.TooManyComments) as refused:
        consultation.check_rate(ADDRESS, start + timedelta(minutes=30))
    assert refused.value.retry_at == start + timedelta(hours=1)
    consultation.check_rate("198.51.100.1", start + timedelta(minutes=30))  # another address
    consultation.check_rate(ADDRESS, start + timedelta(hours=1, seconds=1))  # the first expired


def test_the_rate_limit_keeps_a_salted_hash_never_the_address(version):
    consultation.submit_comment(version, priority=None, name="A", text="B", address=ADDRESS)
    stored = repr(dict(cache._cache))  # type: ignore[attr-defined]
    assert consultation.client_key(ADDRESS) in stored
    assert ADDRESS not in stored
    assert consultation.client_key(ADDRESS) != consultation.client_key("203.0.113.8")


# What is published, and the counts ---------------------------------------------------------------


def comments_on(version: Version) -> dict[str, Comment]:
    """Five comments: two on the whole strategy, three on skills; published, pending, rejected."""
    skills = priorities(version)[1]
    made = {}
    for key, priority, status in [
        ("whole-published", None, CommentStatus.APPROVED),
        ("whole-pending", None, CommentStatus.PENDING),
        ("skills-published", skills, CommentStatus.APPROVED),
        ("skills-rejected", skills, CommentStatus.REJECTED),
        ("skills-pending", skills, CommentStatus.PENDING),
    ]:
        made[key] = Comment.objects.create(
            version=version,
            priority=priority,
            name=f"Person {key}",
            email=f"{key}@example.com",
            text=f"Text {key}",
            status=status,
        )
    return made


def test_published_comments_are_the_approved_ones_by_priority(version):
    made = comments_on(version)
    productivity, skills = priorities(version)
    published = consultation.published_comments(version)
    assert list(published) == [None, productivity.pk, skills.pk]
    assert published[None] == [made["whole-published"]]
    assert published[productivity.pk] == []
    assert published[skills.pk] == [made["skills-published"]]
    assert "email" in published[None][0].get_deferred_fields()


def test_counts_per_priority(version):
    comments_on(version)
    productivity, skills = priorities(version)
    counts = consultation.comment_counts(version)
    assert counts[None] == consultation.Counts(pending=1, published=1, not_published=0)
    assert counts[productivity.pk] == consultation.Counts()
    assert counts[skills.pk] == consultation.Counts(pending=1, published=1, not_published=1)
    assert counts[skills.pk].total == 3
    assert consultation.total_counts(counts.values()) == consultation.Counts(2, 2, 1)


# Moderation --------------------------------------------------------------------------------------


def test_an_approver_publishes_and_takes_down_with_history(version):
    approver = make_user("approver", "approver")
    comment = comments_on(version)["skills-pending"]
    consultation.approve_comment(comment.pk, approver)
    comment.refresh_from_db()
    assert (comment.status, comment.moderated_by) == (CommentStatus.APPROVED, approver)
    consultation.reject_comment(comment.pk, approver, "  Names a private   individual ")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.REJECTED
    assert comment.moderation_note == "Names a private individual"
    history = consultation.moderation_history(comment)
    assert [h.status for h in history] == ["rejected", "approved", "pending"]
    assert history[0].history_user == approver


def test_moderation_refuses_other_roles_decided_comments_and_a_missing_note(version):
    made = comments_on(version)
    viewer, approver = make_user("viewer", "viewer"), make_user("approver", "approver")
    editor = make_user("editor", "editor")
    before = snapshot()
    for person in (viewer, editor, None):
        with pytest.raises(PermissionDenied):
            consultation.approve_comment(made["whole-pending"].pk, person)
    with pytest.raises(consultation.Refused, match="already been moderated"):
        consultation.approve_comment(made["skills-rejected"].pk, approver)
    with pytest.raises(consultation.Refused, match="already been moderated"):
        consultation.reject_comment(made["skills-rejected"].pk, approver, "Again")
    with pytest.raises(consultation.Refused, match="Enter why"):
        consultation.reject_comment(made["whole-pending"].pk, approver, "  ")
    with pytest.raises(consultation.Refused, match="no such comment"):
        consultation.approve_comment(999_999, approver)
    assert snapshot() == before


# The export --------------------------------------------------------------------------------------


def test_the_export_has_every_comment_with_emails_and_formulas_kept_as_text(version):
    made = comments_on(version)
    made["whole-pending"].text = '=HYPERLINK("http://evil.example","click")'
    made["whole-pending"].name = "@SUM(A1)"
    made["whole-pending"].organisation = "-2+3"
    made["whole-pending"].save()
    text = consultation.comments_csv(version)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == list(consultation.CSV_HEADERS)
    assert len(rows) == 6
    by_id = {row[0]: row for row in rows[1:]}
    pending = by_id[str(made["whole-pending"].pk)]
    assert pending[2] == "The whole strategy"
    assert pending[4:8] == [
        "'@SUM(A1)",
        "'-2+3",
        "whole-pending@example.com",
        '\'=HYPERLINK("http://evil.example","click")',
    ]
    skills = by_id[str(made["skills-rejected"].pk)]
    assert skills[2:4] == ["Skills for the future", "skills"]
    assert skills[8] == "Not published"
    for row in rows[1:]:
        assert not row[7].startswith(consultation.FORMULA_STARTS) or row[7].startswith("'")


def test_safe_cell_leaves_ordinary_text_alone():
    assert consultation.safe_cell("Plain") == "Plain"
    assert consultation.safe_cell(12) == "12"
    assert consultation.safe_cell(None) == ""
    assert consultation.safe_cell("\tTab") == "'\tTab"


# The public form ---------------------------------------------------------------------------------


def test_the_form_offers_the_whole_strategy_and_each_priority(version, client_at):
    response = client_at().get(comment_url(version))
    page, tree = public_page(response)
    assert page.h1 == "Comment on Local Industrial Strategy: draft for consultation"
    radios = [i for i in tree.iter("input") if i.get("name") == "about"]
    assert [r.get("value") for r in radios] == ["whole", *[str(p.pk) for p in priorities(version)]]
    assert not any(r.get("checked") is not None for r in radios)
    assert tree.find(".//input[@name='csrfmiddlewaretoken']") is not None
    text = page.text()
    assert "The consultation closes at the end of" in text
    assert "Your email address is never published" in text
    assert "You can enter up to 5000 characters" in text


def test_a_link_from_a_priority_chooses_it(version, client_at):
    skills = priorities(version)[1]
    _, tree = public_page(client_at().get(comment_url(version), {"priority": skills.pk}))
    checked = [
        i.get("value")
        for i in tree.iter("input")
        if i.get("name") == "about" and i.get("checked") is not None
    ]
    assert checked == [str(skills.pk)]
    _, tree = public_page(client_at().get(comment_url(version), {"priority": "nonsense"}))
    assert not [i for i in tree.iter("input") if i.get("checked") is not None]


def test_a_comment_is_sent_and_thanked(version, client_at):
    client = client_at()
    response = client.post(comment_url(version), good_post(version))
    assert response.status_code == 303
    assert response["Location"] == comment_url(version) + "sent/"
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING
    assert comment.priority == priorities(version)[1]
    assert (comment.name, comment.organisation, comment.email) == (
        "Ada Lovelace",
        "Analytical Engines Ltd",
        "ada@example.com",
    )
    page, _ = public_page(client.get(response["Location"]))
    assert page.h1 == "Comment sent"
    assert "ada@example.com" not in page.text()


def test_a_comment_on_the_whole_strategy_with_only_what_is_required(version, client_at):
    data = good_post(version, about="whole", organisation="", email="")
    assert client_at().post(comment_url(version), data).status_code == 303
    comment = Comment.objects.get()
    assert (comment.priority, comment.organisation, comment.email) == (None, "", "")


def test_an_empty_form_says_what_to_do_for_each_field_and_stores_nothing(version, client_at):
    before = snapshot()
    response = client_at().post(comment_url(version), {})
    page, tree = public_page(response, 400)
    assert error_summary(tree) == [
        ("Select whether your comment is about the whole strategy or one priority", "#about"),
        ("Enter your name", "#name"),
        ("Enter your comment", "#comment"),
        (
            "Confirm that you understand your comment is published after moderation, without "
            "your email address",
            "#understood",
        ),
    ]
    assert set(field_errors(tree)) == {"about", "name", "comment", "understood"}
    for target in ("about", "name", "comment", "understood"):
        assert any(e.get("id") == target for e in tree.iter())
    assert page.title.startswith("Comment on")
    assert snapshot() == before


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"comment": "   "}, "comment", "Enter your comment"),
        ({"comment": "x" * 5001}, "comment", "Your comment must be 5,000 characters or fewer"),
        ({"name": ""}, "name", "Enter your name"),
        ({"name": "n" * 201}, "name", "Your name must be 200 characters or fewer"),
        (
            {"organisation": "o" * 201},
            "organisation",
            "The organisation must be 200 characters or fewer",
        ),
        (
            {"email": "ada.example.com"},
            "email",
            "Enter an email address in the correct format, like name@example.com",
        ),
        (
            {"email": "a" * 250 + "@example.com"},
            "email",
            "Your email address must be 254 characters or fewer",
        ),
        (
            {"understood": None},
            "understood",
            "Confirm that you understand your comment is published after moderation, without "
            "your email address",
        ),
        (
            {"about": "999999"},
            "about",
            "Select the whole strategy or one of the priorities listed",
        ),
        ({"comment": "\x00\x01 \ufffe"}, "comment", "Enter your comment"),
        ({"name": "\x00", "email": "\x07"}, "name", "Enter your name"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_stored(
    version, client_at, changes, field, message
):
    before = snapshot()
    response = client_at().post(comment_url(version), good_post(version, **changes))
    _, tree = public_page(response, 400)
    assert error_summary(tree) == [(message, f"#{field}")]
    assert field_errors(tree) == {field: message}
    assert snapshot() == before


def test_control_characters_are_dropped_from_what_is_stored_and_shown(version, client_at):
    data = good_post(version, name="Ada\x00 Lovelace", comment="Line one\x0b\r\nLine two\x00")
    _, tree = public_page(client_at().post(comment_url(version), {**data, "email": "x"}), 400)
    assert tree.find(".//input[@id='name']").get("value") == "Ada Lovelace"
    assert client_at().post(comment_url(version), data).status_code == 303
    comment = Comment.objects.get()
    assert (comment.name, comment.text) == ("Ada Lovelace", "Line one\nLine two")


def test_what_was_typed_is_kept_when_the_form_is_drawn_again(version, client_at):
    data = good_post(version, email="not an email")
    _, tree = public_page(client_at().post(comment_url(version), data), 400)
    assert tree.find(".//input[@id='name']").get("value") == "Ada Lovelace"
    assert tree.find(".//input[@id='email']").get("value") == "not an email"
    assert text_of(tree.find(".//textarea[@id='comment']")) == data["comment"]
    skills = priorities(version)[1]
    checked = [i.get("value") for i in tree.iter("input") if i.get("checked") is not None]
    assert checked == [str(skills.pk), "yes"]


def test_a_priority_of_another_version_is_refused(version, client_at):
    before = snapshot()
    old = Priority.objects.get(version__number=1)
    response = client_at().post(comment_url(version), good_post(version, about=str(old.pk)))
    _, tree = public_page(response, 400)
    assert error_summary(tree) == [
        ("Select the whole strategy or one of the priorities listed", "#about")
    ]
    assert snapshot() == before


def test_a_comment_of_exactly_5000_characters_with_windows_line_ends_is_taken(version, client_at):
    text = ("a" * 99 + "\r\n") * 49 + "a" * 100  # 4,999 + 1 with each line end as one
    assert len(text.replace("\r\n", "\n")) == 5000
    response = client_at().post(comment_url(version), good_post(version, comment=text))
    assert response.status_code == 303
    assert Comment.objects.get().text == text.replace("\r\n", "\n")


def test_huge_input_is_refused_not_an_error(version, client_at):
    before = snapshot()
    response = client_at().post(comment_url(version), good_post(version, comment="x" * 3_000_000))
    assert response.status_code == 400
    many = {f"field{i}": "x" for i in range(1500)}
    response = client_at().post(comment_url(version), {**good_post(version), **many})
    assert response.status_code == 400
    assert snapshot() == before


def test_a_post_without_the_csrf_token_is_refused(version):
    before = snapshot()
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR=ADDRESS)
    response = client.post(comment_url(version), good_post(version))
    assert response.status_code == 403
    assert snapshot() == before
    # With the token from the form, the same post is taken.
    client.get(comment_url(version))
    token = client.cookies["csrftoken"].value
    data = {**good_post(version), "csrfmiddlewaretoken": token}
    assert client.post(comment_url(version), data).status_code == 303


def test_the_honeypot_thanks_a_bot_and_stores_nothing(version, client_at):
    before = snapshot()
    response = client_at().post(comment_url(version), good_post(version, leave_empty="http://x"))
    assert response.status_code == 303
    assert snapshot() == before


def test_a_closed_consultation_says_so_and_refuses_comments(db, client_at):
    version = make_consultation(closes=timezone.localdate() - timedelta(days=1))
    page, tree = public_page(client_at().get(comment_url(version)))
    assert "The consultation closed at the end of" in page.text()
    assert "You can no longer comment" in page.text()
    assert tree.find(".//form[@novalidate]") is None
    before = snapshot()
    response = client_at().post(comment_url(version), good_post(version))
    page, tree = public_page(response, 409)
    assert error_summary(tree)[0][0].startswith(
        "Your comment was not sent. The consultation closed"
    )
    assert snapshot() == before


def test_a_published_version_is_closed_and_a_draft_is_not_public(version, client_at):
    published = Version.objects.get(number=1)
    page, _ = public_page(client_at().get(comment_url(published)))
    assert "has closed" in page.text()
    before = snapshot()
    response = client_at().post(comment_url(published), good_post(published, about="whole"))
    public_page(response, 409)
    draft = draft_of(version)
    assert client_at().get(comment_url(draft)).status_code == 404
    assert client_at().post(comment_url(draft), good_post(draft)).status_code == 404
    assert client_at().get("/strategy/no-such/1/comment/").status_code == 404
    assert snapshot() == before


def test_the_rate_limit_answers_429_with_when_to_try_again(version, client_at):
    client = client_at()
    for number in range(consultation.RATE_LIMIT):
        data = good_post(version, comment=f"Comment {number}")
        assert client.post(comment_url(version), data).status_code == 303
    before = snapshot()
    response = client.post(comment_url(version), good_post(version, comment="One more"))
    page, tree = public_page(response, 429)
    assert page.h1 == "You have sent too many comments"
    assert 3500 <= int(response["Retry-After"]) <= 3600
    retry = text_of(tree.find(".//p[@id='retry']"))
    assert retry.startswith("Try again after ")
    assert snapshot() == before
    # Bad input from the same address is answered 429 too: nothing is checked or stored.
    assert client.post(comment_url(version), {}).status_code == 429
    # Another address may still comment.
    other = client_at("198.51.100.1")
    assert other.post(comment_url(version), good_post(version)).status_code == 303


def test_the_time_to_try_again_is_in_uk_time(version, client_at):
    start = datetime(2020, 7, 1, 13, 4, tzinfo=UTC)  # 2:04pm in London (BST)
    for number in range(consultation.RATE_LIMIT):
        consultation.submit_comment(
            version, priority=None, name="A", text=f"{number}", address=ADDRESS, now=start
        )
    cache_key = next(iter(cache._cache))  # type: ignore[attr-defined]
    assert ADDRESS not in cache_key
    with pytest.raises(consultation.TooManyComments) as refused:
        consultation.check_rate(ADDRESS, start + timedelta(minutes=1))
    assert timezone.localtime(refused.value.retry_at).strftime("%H:%M") == "15:04"
