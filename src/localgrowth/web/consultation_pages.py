"""The public consultation pages: the comment form of a strategy version published for
consultation, and the page that thanks the person once their comment is sent.

Status codes: the form not filled in correctly is drawn again with 400 and nothing is stored; a
comment sent to a closed consultation is refused with 409; one more comment than the rate limit
allows from the same address within the hour is refused with 429 and a page saying when to try
again. A draft version, or a version that does not exist, is 404.
"""

from __future__ import annotations

import math
import re
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from localgrowth.strategy import consultation
from localgrowth.strategy.models import Priority, Version, VersionStatus

from .views import render

CLOSED = 409
TOO_MANY = 429
WHOLE = "whole"
"""The value of the choice "the whole strategy"."""
EMAIL_LENGTH = 254
HONEYPOT = "leave_empty"


_UNSHOWABLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef"
    + "".join(
        f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000)
    )
    + "]"
)
"""Control characters (tabs and line ends aside) and Unicode noncharacters: no page shows them."""


def plain_text(value: Any) -> str:
    """The text without characters no page can show, and with each line end as one newline,
    as a browser's character count counts them."""
    text = "" if value is None else str(value)
    return _UNSHOWABLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


class _Text(forms.CharField):
    def to_python(self, value: Any) -> str:
        return super().to_python(plain_text(value)) or ""


class _Email(forms.EmailField):
    def to_python(self, value: Any) -> str:
        return super().to_python(plain_text(value)) or ""


class CommentForm(forms.Form):
    """A comment: what it is about, who sends it, the comment, and the person's understanding
    of how it is published. ``leave_empty`` is a honeypot hidden from people: bots fill it."""

    about = forms.ChoiceField(
        label="What is your comment about?",
        error_messages={
            "required": "Select whether your comment is about the whole strategy or one priority",
            "invalid_choice": "Select the whole strategy or one of the priorities listed",
        },
    )
    name = _Text(
        label="Your name",
        max_length=consultation.NAME_LENGTH,
        error_messages={
            "required": "Enter your name",
            "max_length": f"Your name must be {consultation.NAME_LENGTH} characters or fewer",
        },
    )
    organisation = _Text(
        label="Organisation (optional)",
        required=False,
        max_length=consultation.NAME_LENGTH,
        error_messages={
            "max_length": (
                f"The organisation must be {consultation.NAME_LENGTH} characters or fewer"
            ),
        },
    )
    email = _Email(
        label="Email address (optional)",
        required=False,
        max_length=EMAIL_LENGTH,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": f"Your email address must be {EMAIL_LENGTH} characters or fewer",
        },
    )
    comment = _Text(
        label="Your comment",
        max_length=consultation.COMMENT_LENGTH,
        error_messages={
            "required": "Enter your comment",
            "max_length": (
                f"Your comment must be {consultation.COMMENT_LENGTH:,} characters or fewer"
            ),
        },
    )
    understood = forms.BooleanField(
        label=(
            "I understand that my comment, name and organisation are published after "
            "moderation, and that my email address is never published"
        ),
        error_messages={
            "required": (
                "Confirm that you understand your comment is published after moderation, "
                "without your email address"
            ),
        },
    )
    leave_empty = forms.CharField(required=False, label="Leave this field empty")

    def __init__(self, *args: Any, priorities: list[Priority], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.priorities = {str(p.pk): p for p in priorities}
        about: Any = self.fields["about"]
        about.choices = [(WHOLE, consultation.WHOLE_STRATEGY)] + [
            (key, priority.title) for key, priority in self.priorities.items()
        ]

    @property
    def priority(self) -> Priority | None:
        """The priority chosen, or None for the whole strategy (once the form is valid)."""
        return self.priorities.get(self.cleaned_data.get("about") or WHOLE)

    def shown(self, name: str) -> str:
        """What was typed in a field, as the page can show it again."""
        return plain_text(self[name].value())

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get(HONEYPOT))

    def error_list(self) -> list[dict[str, str]]:
        """The GOV.UK error summary's items: each field's first message, in the order of the
        fields, linking to the field (the first radio or checkbox of a group)."""
        items = []
        for name in [*self.fields, NON_FIELD_ERRORS]:
            messages = self.errors.get(name)
            if messages:
                target = "about" if name == NON_FIELD_ERRORS else name
                items.append({"text": str(messages[0]), "href": f"#{target}"})
        return items


def _version_or_404(slug: str, number: int) -> Version:
    """The version, if the public may see it: any but a draft."""
    version = (
        Version.objects.select_related("strategy")
        .filter(strategy__slug=slug, number=number)
        .exclude(status=VersionStatus.DRAFT)
        .first()
    )
    if version is None:
        raise Http404("There is no strategy version with that number.")
    return version


def _priorities(version: Version) -> list[Priority]:
    return list(version.priorities.order_by("position", "code"))


def _initial_about(request: HttpRequest, priorities: list[Priority]) -> str | None:
    """A link from a priority's section (``?priority=<id>``) chooses that priority."""
    asked = request.GET.get("priority", "")
    if asked == WHOLE:
        return WHOLE
    return asked if any(str(p.pk) == asked for p in priorities) else None


def _client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "")


def _page(
    request: HttpRequest,
    version: Version,
    form: CommentForm,
    *,
    status: int = 200,
    errors: list[dict[str, str]] | None = None,
    refusal: str = "",
) -> HttpResponse:
    context = {
        "version": version,
        "window": consultation.window(version),
        "form": form,
        "errors": errors or [],
        "refusal": refusal,
        "whole": WHOLE,
        "comment_length": consultation.COMMENT_LENGTH,
        "honeypot": HONEYPOT,
    }
    return render(request, "strategy/comment.html", context, status=status)


def _too_many(
    request: HttpRequest, version: Version, refusal: consultation.TooManyComments
) -> HttpResponse:
    retry_at = timezone.localtime(refusal.retry_at)
    hour = retry_at.hour % 12 or 12
    context = {
        "version": version,
        "limit": consultation.RATE_LIMIT,
        "comment_length": consultation.COMMENT_LENGTH,
        "retry_time": f"{hour}:{retry_at:%M}{'am' if retry_at.hour < 12 else 'pm'}",
        "retry_day": f"{retry_at.day} {retry_at:%B %Y}",
    }
    response = render(request, "strategy/comment_limit.html", context, status=TOO_MANY)
    wait = (refusal.retry_at - timezone.now()).total_seconds()
    response["Retry-After"] = str(max(1, math.ceil(wait)))
    return response


def _see_other(url: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def comment(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The comment form while the consultation is open; a closed consultation says so."""
    version = _version_or_404(slug, number)
    priorities = _priorities(version)
    if request.method != "POST":
        initial = {"about": _initial_about(request, priorities)}
        return _page(request, version, CommentForm(initial=initial, priorities=priorities))
    form = CommentForm(request.POST, priorities=priorities)
    window = consultation.window(version)
    if not window.open:
        refusal = f"Your comment was not sent. {window.message}"
        return _page(request, version, form, status=CLOSED, refusal=refusal)
    address = _client_address(request)
    try:
        consultation.check_rate(address)
    except consultation.TooManyComments as refusal:
        return _too_many(request, version, refusal)
    if not form.is_valid():
        return _page(request, version, form, status=400, errors=form.error_list())
    sent = reverse("web:strategy-comment-sent", args=[version.strategy.slug, version.number])
    if form.is_bot:
        return _see_other(sent)
    data = form.cleaned_data
    try:
        consultation.submit_comment(
            version,
            priority=form.priority,
            name=data["name"],
            organisation=data["organisation"],
            email=data["email"],
            text=data["comment"],
            address=address,
        )
    except consultation.ConsultationClosed as closed:
        message = f"Your comment was not sent. {closed}"
        return _page(request, version, form, status=CLOSED, refusal=message)
    except consultation.TooManyComments as too_many:
        return _too_many(request, version, too_many)
    except consultation.NotInVersion:
        form.add_error("about", "Select the whole strategy or one of the priorities listed")
        return _page(request, version, form, status=400, errors=form.error_list())
    except consultation.InvalidComment:
        form.add_error("comment", "Enter your comment")
        return _page(request, version, form, status=400, errors=form.error_list())
    return _see_other(sent)


@require_safe
def comment_sent(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = _version_or_404(slug, number)
    return render(request, "strategy/comment_sent.html", {"version": version})
