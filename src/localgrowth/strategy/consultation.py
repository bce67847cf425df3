"""The public consultation on a strategy version published for consultation.

Who may comment and until when: anyone, while the version's status is "published for
consultation", up to the end of its closing day (UK time). A version with no closing date stays
open until its status changes. A draft is not public; a published or superseded version is
closed to comments.

A comment is on the whole strategy or on one of the version's priorities. It waits for an
approver to moderate it: approved comments are published with the person's name and
organisation, never their email address; rejected ones are kept, with the reason, and not
published. A published comment can later be taken down (rejected) with a note. Every change is
in the comment's history.

Each client address may send at most ``RATE_LIMIT`` comments in ``RATE_WINDOW``. The count is
kept in Django's cache under a salted hash of the address: the address itself is never stored.

The staff export of a version's comments is a CSV that includes email addresses; text a
spreadsheet would read as a formula is written with a leading apostrophe, so it stays text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import Comment, CommentStatus, Priority, Version, VersionStatus

MODERATE = "strategy.moderate_comment"
COMMENT_LENGTH = 5_000
NAME_LENGTH = 200
NOTE_LENGTH = 300
RATE_LIMIT = 5
RATE_WINDOW = timedelta(hours=1)
_RATE_KEY = "strategy:consultation:comments:"
_RATE_SALT = "localgrowth.strategy.consultation.client"
CSV_BOM = "\ufeff"
"""Begins the CSV: without it Excel reads UTF-8 as Windows-1252."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may read as the start of a formula (OWASP's list for CSV injection)."""
WHOLE_STRATEGY = "The whole strategy"


class ConsultationClosed(Exception):
    """The version is not open for comments; the message says why."""


class NotInVersion(Exception):
    """The priority chosen is not one of the version's."""


class InvalidComment(ValueError):
    """A comment without a name or text, or longer than allowed."""


class TooManyComments(Exception):
    """This client address has sent the most comments allowed in the window."""

    def __init__(self, retry_at: datetime) -> None:
        super().__init__(f"Too many comments from this address: try again after {retry_at}.")
        self.retry_at = retry_at


class Refused(Exception):
    """A moderation decision the comment's state does not allow; the message says why."""


# Who may comment, and until when ----------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """Whether a version takes comments today, and the sentence that says so."""

    open: bool
    closes: date | None
    message: str


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def window(version: Version, today: date | None = None) -> Window:
    today = today or timezone.localdate()
    closes = version.consultation_closes
    if version.status == VersionStatus.CONSULTATION:
        if closes is None:
            return Window(True, None, "The consultation is open.")
        if today <= closes:
            return Window(True, closes, f"The consultation closes at the end of {_long(closes)}.")
        return Window(False, closes, f"The consultation closed at the end of {_long(closes)}.")
    if version.status == VersionStatus.DRAFT:
        return Window(False, closes, "This version has not been published for consultation.")
    if closes is not None and closes < today:
        return Window(False, closes, f"The consultation closed at the end of {_long(closes)}.")
    return Window(False, closes, "The consultation on this version has closed.")


def is_open(version: Version, today: date | None = None) -> bool:
    return window(version, today).open


# The rate limit ---------------------------------------------------------------------------------


def client_key(address: str) -> str:
    """The salted hash of a client address that the rate limit counts under."""
    return salted_hmac(_RATE_SALT, address or "unknown", algorithm="sha256").hexdigest()


def _recent(key: str, now: datetime) -> list[float]:
    sent = cache.get(_RATE_KEY + key) or []
    start = (now - RATE_WINDOW).timestamp()
    return sorted(moment for moment in sent if isinstance(moment, float) and moment > start)


def check_rate(address: str, now: datetime | None = None) -> None:
    """Refuse with TooManyComments when the address has sent ``RATE_LIMIT`` comments in the
    last ``RATE_WINDOW``; ``retry_at`` is when the oldest of them stops counting."""
    now = now or timezone.now()
    recent = _recent(client_key(address), now)
    if len(recent) >= RATE_LIMIT:
        oldest = recent[-RATE_LIMIT]
        retry_at = datetime.fromtimestamp(oldest, tz=now.tzinfo) + RATE_WINDOW
        raise TooManyComments(retry_at)


def _count_sent(address: str, now: datetime) -> None:
    key = client_key(address)
    recent = [*_recent(key, now), now.timestamp()][-RATE_LIMIT:]
    cache.set(_RATE_KEY + key, recent, timeout=int(RATE_WINDOW.total_seconds()) + 60)


# Sending a comment ------------------------------------------------------------------------------


def submit_comment(
    version: Version,
    *,
    priority: Priority | None,
    name: str,
    text: str,
    organisation: str = "",
    email: str = "",
    address: str = "",
    now: datetime | None = None,
) -> Comment:
    """Store a comment awaiting moderation, after checking the consultation is open, the
    priority is the version's and the address is within the rate limit."""
    now = now or timezone.now()
    if not is_open(version, timezone.localdate(now)):
        raise ConsultationClosed(window(version, timezone.localdate(now)).message)
    if priority is not None and priority.version_id != version.pk:
        raise NotInVersion("The priority chosen is not one of this version's.")
    name, organisation, email, text = (v.strip() for v in (name, organisation, email, text))
    if not name or not text:
        raise InvalidComment("A comment needs a name and its text.")
    if len(text) > COMMENT_LENGTH or max(len(name), len(organisation)) > NAME_LENGTH:
        raise InvalidComment("The comment, the name or the organisation is too long.")
    check_rate(address, now)
    with transaction.atomic():
        comment = Comment.objects.create(
            version=version,
            priority=priority,
            name=name,
            organisation=organisation,
            email=email,
            text=text,
        )
    _count_sent(address, now)
    return comment


# What is published ------------------------------------------------------------------------------


@dataclass
class Counts:
    """How many comments on a priority (or on the whole strategy) are in each state."""

    pending: int = 0
    published: int = 0
    not_published: int = 0

    @property
    def total(self) -> int:
        return self.pending + self.published + self.not_published


def _keys(version: Version) -> list[int | None]:
    return [None, *version.priorities.order_by("position", "code").values_list("pk", flat=True)]


def published_comments(version: Version) -> dict[int | None, list[Comment]]:
    """The version's approved comments by priority id (None: the whole strategy), oldest first.

    Every priority of the version has a key, with an empty list if it has no published comment.
    The email address is deferred: it is never for public pages."""
    found: dict[int | None, list[Comment]] = {key: [] for key in _keys(version)}
    approved = (
        Comment.objects.filter(version=version, status=CommentStatus.APPROVED)
        .defer("email")
        .order_by("created_at", "pk")
    )
    for comment in approved:
        found.setdefault(comment.priority_id, []).append(comment)
    return found


def comment_counts(version: Version) -> dict[int | None, Counts]:
    """How many comments are pending, published and not published, by priority id (None: the
    whole strategy); every priority of the version has a key."""
    counts: dict[int | None, Counts] = {key: Counts() for key in _keys(version)}
    rows = Comment.objects.filter(version=version).values_list("priority_id", "status")
    for priority_id, status in rows:
        line = counts.setdefault(priority_id, Counts())
        if status == CommentStatus.APPROVED:
            line.published += 1
        elif status == CommentStatus.REJECTED:
            line.not_published += 1
        else:
            line.pending += 1
    return counts


def total_counts(counts: Iterable[Counts]) -> Counts:
    total = Counts()
    for line in counts:
        total.pending += line.pending
        total.published += line.published
        total.not_published += line.not_published
    return total


# Moderation -------------------------------------------------------------------------------------


def _require(user: Any) -> None:
    if user is None or not user.has_perm(MODERATE):
        raise PermissionDenied(f"Your role does not allow this ({MODERATE}).")


def _decide(
    comment_id: int, user: Any, status: str, note: str, allowed: set[CommentStatus]
) -> Comment:
    with transaction.atomic():
        comment = Comment.objects.select_for_update().filter(pk=comment_id).first()
        if comment is None:
            raise Refused("There is no such comment: it may have been deleted.")
        if comment.status not in allowed:
            raise Refused(
                f"This comment has already been moderated ({comment.get_status_display()}), "
                "so it was not changed. Reload the page to see where it stands."
            )
        comment.status = status
        comment.moderated_by = user
        comment.moderation_note = note
        comment._history_user = user  # type: ignore[attr-defined]
        comment._change_reason = note or "Published"  # type: ignore[attr-defined]
        comment.save(update_fields=["status", "moderated_by", "moderation_note"])
    return comment


def approve_comment(comment_id: int, user: Any) -> Comment:
    """Publish a comment awaiting moderation."""
    _require(user)
    return _decide(comment_id, user, CommentStatus.APPROVED, "", {CommentStatus.PENDING})


def reject_comment(comment_id: int, user: Any, note: str) -> Comment:
    """Do not publish a comment (awaiting moderation, or published and now taken down); the
    note says why."""
    _require(user)
    text = " ".join((note or "").split())
    if not text:
        raise Refused("Enter why the comment is not published.")
    if len(text) > NOTE_LENGTH:
        raise Refused(f"The note must be {NOTE_LENGTH} characters or fewer.")
    allowed = {CommentStatus.PENDING, CommentStatus.APPROVED}
    return _decide(comment_id, user, CommentStatus.REJECTED, text, allowed)


def moderation_history(comment: Comment) -> list[Any]:
    """The comment's history, newest first: each record's status, note, person and date."""
    return list(comment.history.select_related("history_user").order_by("-history_date"))


# The staff export ---------------------------------------------------------------------------------

CSV_HEADERS = (
    "Comment",
    "Sent at",
    "About",
    "Priority code",
    "Name",
    "Organisation",
    "Email",
    "Comment text",
    "Status",
    "Moderated by",
    "Moderation note",
)


def safe_cell(value: Any) -> str:
    """The value as CSV text; text a spreadsheet would read as a formula keeps a leading
    apostrophe, so it stays text."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _about(priority: Priority | None) -> str:
    return WHOLE_STRATEGY if priority is None else priority.title


def _person(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())


def comments_csv(version: Version) -> str:
    """Every comment on the version, oldest first, with email addresses: for the programme
    team, never for publication."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    comments = (
        Comment.objects.filter(version=version)
        .select_related("priority", "moderated_by")
        .order_by("created_at", "pk")
    )
    for comment in comments:
        sent = timezone.localtime(comment.created_at).replace(microsecond=0, tzinfo=None)
        row = [
            comment.pk,
            sent.isoformat(sep=" "),
            _about(comment.priority),
            comment.priority.code if comment.priority else "",
            comment.name,
            comment.organisation,
            comment.email,
            comment.text,
            comment.get_status_display(),
            _person(comment.moderated_by),
            comment.moderation_note,
        ]
        writer.writerow([safe_cell(cell) for cell in row])
    return CSV_BOM + out.getvalue()
