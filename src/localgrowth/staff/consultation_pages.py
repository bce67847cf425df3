"""The staff pages of a strategy consultation: the versions that have comments, a version's
moderation queue with its counts per priority, a comment with its history, the decisions to
publish or not publish a comment, and the export of a version's comments as CSV.

Only approvers (``strategy.moderate_comment``) see them: the comments carry email addresses.
A form not filled in correctly is drawn again with 400; a decision the comment's state no longer
allows (someone else has just moderated it) with 409.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from localgrowth.strategy import consultation
from localgrowth.strategy.models import Comment, CommentStatus, Priority, Version, VersionStatus

from .access import staff_view
from .forms import GovukForm, error_list
from .returns_pages import CONFLICT, render, see_other

MODERATE = consultation.MODERATE
COMMENT_TAGS = {
    CommentStatus.PENDING: "govuk-tag--blue",
    CommentStatus.APPROVED: "govuk-tag--green",
    CommentStatus.REJECTED: "govuk-tag--red",
}


class RejectCommentForm(GovukForm):
    note = django_forms.CharField(
        label="Why is it not published?",
        max_length=consultation.NOTE_LENGTH,
        error_messages={
            "required": "Enter why the comment is not published",
            "max_length": f"The note must be {consultation.NOTE_LENGTH} characters or fewer",
        },
    )


def reject_form(comment: Comment, data: Any = None) -> RejectCommentForm:
    return RejectCommentForm(data, prefix=f"reject-{comment.pk}")


# The versions -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class VersionRow:
    version: Version
    counts: consultation.Counts


@require_safe
@staff_view(MODERATE)
def consultations(request: HttpRequest) -> HttpResponse:
    """Every version in consultation or with comments, with how many await moderation."""
    with_comments = Comment.objects.values("version_id")
    found = (
        Version.objects.select_related("strategy")
        .filter(Q(status=VersionStatus.CONSULTATION) | Q(pk__in=with_comments))
        .annotate(
            pending=Count("comments", filter=Q(comments__status=CommentStatus.PENDING)),
            published=Count("comments", filter=Q(comments__status=CommentStatus.APPROVED)),
            not_published=Count("comments", filter=Q(comments__status=CommentStatus.REJECTED)),
        )
        .order_by("strategy__name", "-number")
    )
    rows = [
        VersionRow(
            version,
            consultation.Counts(
                version.pending,
                version.published,
                version.not_published,
            ),
        )
        for version in found
    ]
    return render(request, "staff/consultation/list.html", {"rows": rows, "window": _window})


def _window(version: Version) -> consultation.Window:
    return consultation.window(version)


# A version's queue ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountRow:
    about: str
    code: str
    counts: consultation.Counts


def _version_or_404(slug: str, number: int) -> Version:
    version = (
        Version.objects.select_related("strategy")
        .filter(strategy__slug=slug, number=number)
        .first()
    )
    if version is None:
        raise Http404("There is no strategy version with that number.")
    return version


def count_rows(version: Version) -> tuple[list[CountRow], consultation.Counts]:
    """The counts per priority (the whole strategy first) and their total."""
    counts = consultation.comment_counts(version)
    priorities = {p.pk: p for p in version.priorities.all()}
    rows = []
    for key, line in counts.items():
        priority: Priority | None = priorities.get(key) if key is not None else None
        about = priority.title if priority else consultation.WHOLE_STRATEGY
        rows.append(CountRow(about, priority.code if priority else "", line))
    return rows, consultation.total_counts(counts.values())


def queue_context(request: HttpRequest, version: Version, **extra: Any) -> dict[str, Any]:
    comments = list(
        Comment.objects.filter(version=version)
        .select_related("priority", "moderated_by")
        .order_by("created_at", "pk")
    )
    pending = [c for c in comments if c.status == CommentStatus.PENDING]
    forms_sent: dict[int, RejectCommentForm] = extra.pop("reject_forms", {})
    rows, total = count_rows(version)
    return {
        "version": version,
        "window": consultation.window(version),
        "pending": pending,
        "moderated": [c for c in comments if c.status != CommentStatus.PENDING],
        "reject_forms": {c.pk: forms_sent.get(c.pk) or reject_form(c) for c in pending},
        "count_rows": rows,
        "total": total,
        "tags": COMMENT_TAGS,
        "whole": consultation.WHOLE_STRATEGY,
        "errors": [],
        **extra,
    }


@require_safe
@staff_view(MODERATE)
def queue(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = _version_or_404(slug, number)
    return render(request, "staff/consultation/queue.html", queue_context(request, version))


# A comment ----------------------------------------------------------------------------------------


def _comment_or_404(slug: str, number: int, pk: int) -> Comment:
    comment = (
        Comment.objects.select_related("version__strategy", "priority", "moderated_by")
        .filter(pk=pk, version__strategy__slug=slug, version__number=number)
        .first()
    )
    if comment is None:
        raise Http404("There is no such comment.")
    return comment


def comment_context(request: HttpRequest, comment: Comment, **extra: Any) -> dict[str, Any]:
    return {
        "comment": comment,
        "version": comment.version,
        "history": consultation.moderation_history(comment),
        "tags": COMMENT_TAGS,
        "whole": consultation.WHOLE_STRATEGY,
        "form": reject_form(comment),
        "errors": [],
        **extra,
    }


@require_safe
@staff_view(MODERATE)
def comment_page(request: HttpRequest, slug: str, number: int, pk: int) -> HttpResponse:
    comment = _comment_or_404(slug, number, pk)
    return render(request, "staff/consultation/comment.html", comment_context(request, comment))


# Decisions ----------------------------------------------------------------------------------------


def _back(comment: Comment, request: HttpRequest) -> str:
    """Back to the comment's page if the decision was taken there, otherwise to the queue."""
    version = comment.version
    where = [version.strategy.slug, version.number]
    if request.POST.get("from") == "comment":
        return reverse("staff:consultation-comment", args=[*where, comment.pk])
    return reverse("staff:consultation-version", args=where)


def _redraw(
    request: HttpRequest,
    comment: Comment,
    status: int,
    *,
    errors: list[dict[str, str]],
    form: RejectCommentForm | None = None,
) -> HttpResponse:
    if request.POST.get("from") == "comment" or comment.status != CommentStatus.PENDING:
        extra: dict[str, Any] = {"errors": errors}
        if form is not None:
            extra["form"] = form
        context = comment_context(request, comment, **extra)
        return render(request, "staff/consultation/comment.html", context, status=status)
    sent = {comment.pk: form} if form is not None else {}
    context = queue_context(request, comment.version, errors=errors, reject_forms=sent)
    return render(request, "staff/consultation/queue.html", context, status=status)


def _refused(request: HttpRequest, comment: Comment, refusal: Exception) -> HttpResponse:
    errors = [{"text": str(refusal), "href": f"#comment-{comment.pk}"}]
    comment.refresh_from_db()
    return _redraw(request, comment, CONFLICT, errors=errors)


@require_POST
@staff_view(MODERATE)
def approve(request: HttpRequest, slug: str, number: int, pk: int) -> HttpResponse:
    comment = _comment_or_404(slug, number, pk)
    try:
        consultation.approve_comment(comment.pk, request.user)
    except consultation.Refused as refusal:
        return _refused(request, comment, refusal)
    messages.success(request, f"Comment {comment.pk} by {comment.name} is published")
    return see_other(_back(comment, request))


@require_POST
@staff_view(MODERATE)
def reject(request: HttpRequest, slug: str, number: int, pk: int) -> HttpResponse:
    comment = _comment_or_404(slug, number, pk)
    form = reject_form(comment, request.POST)
    if not form.is_valid():
        return _redraw(request, comment, 400, errors=error_list(form), form=form)
    try:
        consultation.reject_comment(comment.pk, request.user, form.cleaned_data["note"])
    except consultation.Refused as refusal:
        return _refused(request, comment, refusal)
    messages.success(request, f"Comment {comment.pk} by {comment.name} is not published")
    return see_other(_back(comment, request))


# The export ---------------------------------------------------------------------------------------


@require_safe
@staff_view(MODERATE)
def export(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Every comment on the version as CSV, email addresses included: for the team only."""
    version = _version_or_404(slug, number)
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", f"{version.strategy.slug}-v{version.number}")
    response = HttpResponse(
        consultation.comments_csv(version), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}-comments.csv"'
    response["Cache-Control"] = "no-store"
    return response
