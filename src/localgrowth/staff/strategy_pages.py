"""The staff pages of the strategy, under /staff/strategy/: the strategies and their versions,
one version with each priority's live evidence (and whether it has moved since publication),
actions and KPIs, two versions compared side by side, publishing a draft and starting a new
draft.

Who may do what: anyone with a staff role reads; approvers publish; editors start a new draft
and edit drafts in the admin. Someone without the permission gets 403; someone not signed in
is sent to sign in. A form filled in wrongly is drawn again with 400 and a GOV.UK error
summary; publishing a version that is no longer a draft is refused with 409. Successful
actions answer 303 with a banner on the next page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from localgrowth.domain import strategy_versions as diff
from localgrowth.evidence.analysis import Places
from localgrowth.strategy.evidence import EvidenceLine, KpiLine, evidence_panel, kpi_lines
from localgrowth.strategy.models import Priority, Strategy, Version, VersionStatus
from localgrowth.strategy.versions import (
    NotOneStrategy,
    PublishRefused,
    compare,
    new_draft,
    publish,
)
from localgrowth.web.formatting import long_date, money, number

from .access import staff_view
from .forms import GovukForm, error_list
from .returns_pages import render, see_other

VIEW = "strategy.view_version"
PUBLISH = "strategy.publish_version"
DRAFT = "strategy.add_version"
EDIT = "strategy.change_version"
CONFLICT = 409
LARGEST_NUMBER = 2**31 - 1
VERSION_TAGS = {
    VersionStatus.DRAFT: "govuk-tag--grey",
    VersionStatus.CONSULTATION: "govuk-tag--blue",
    VersionStatus.PUBLISHED: "govuk-tag--green",
    VersionStatus.SUPERSEDED: "govuk-tag--yellow",
}
HOW_CHOICES = [
    (VersionStatus.PUBLISHED.value, "Publish as the strategy"),
    (VersionStatus.CONSULTATION.value, "Publish for consultation"),
]
DATE_PARTS = ("day", "month", "year")


# Forms ------------------------------------------------------------------------------------------


class CompareForm(GovukForm):
    """Two versions of one strategy, by number."""

    first = forms.TypedChoiceField(
        label="First version",
        coerce=int,
        error_messages={
            "required": "Select the first version",
            "invalid_choice": "Select the first version from the list",
        },
    )
    second = forms.TypedChoiceField(
        label="Second version",
        coerce=int,
        error_messages={
            "required": "Select the second version",
            "invalid_choice": "Select the second version from the list",
        },
    )

    def __init__(self, *args: Any, versions: list[Version], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            (str(one.number), f"Version {one.number}: {one.title} ({one.get_status_display()})")
            for one in versions
        ]
        for name in ("first", "second"):
            field = self.fields[name]
            assert isinstance(field, forms.TypedChoiceField)
            field.choices = [("", "Select a version"), *choices]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("first"), cleaned.get("second")
        if first is not None and first == second:
            self.add_error("second", "Select two different versions to compare")
        return cleaned


class PublishForm(GovukForm):
    """How to publish a draft, and when a consultation closes."""

    how = forms.ChoiceField(
        label="How to publish it",
        choices=HOW_CHOICES,
        error_messages={
            "required": "Select how to publish the version",
            "invalid_choice": "Select how to publish the version",
        },
    )
    closes_day = forms.CharField(required=False, max_length=10)
    closes_month = forms.CharField(required=False, max_length=10)
    closes_year = forms.CharField(required=False, max_length=10)

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        for part in DATE_PARTS:
            self.fields[f"closes_{part}"].error_messages["max_length"] = (
                "The closing date must be a real date"
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["closes"] = None
        if cleaned.get("how") != VersionStatus.CONSULTATION:
            return cleaned
        typed = {part: (cleaned.get(f"closes_{part}") or "").strip() for part in DATE_PARTS}
        if not any(typed.values()):
            return cleaned
        missing = [part for part in DATE_PARTS if not typed[part]]
        if missing:
            self.add_error(
                f"closes_{missing[0]}",
                f"The closing date must include a {' and '.join(missing)}",
            )
            return cleaned
        try:
            closes = date(int(typed["year"]), int(typed["month"]), int(typed["day"]))
        except (ValueError, OverflowError):
            self.add_error("closes_day", "The closing date must be a real date")
            return cleaned
        if len(typed["year"]) != 4:
            self.add_error("closes_year", "Year must include 4 numbers")
        elif closes < self.today:
            self.add_error("closes_day", "The closing date must be today or in the future")
        else:
            cleaned["closes"] = closes
        return cleaned

    @property
    def date_errors(self) -> str:
        for part in DATE_PARTS:
            errors = self.errors.get(f"closes_{part}")
            if errors:
                return str(errors[0])
        return ""


# Finding things ---------------------------------------------------------------------------------


def _strategy(slug: str) -> Strategy:
    return get_object_or_404(Strategy, slug=slug)


def _version(strategy: Strategy, number: int) -> Version:
    if number > LARGEST_NUMBER:
        raise Http404("There is no such version.")
    found = (
        Version.objects.filter(strategy=strategy, number=number)
        .select_related("strategy", "document", "based_on", "published_by")
        .first()
    )
    if found is None:
        raise Http404("There is no such version of this strategy.")
    return found


def version_url(version: Version) -> str:
    return reverse("staff:strategy-version", args=[version.strategy.slug, version.number])


# The list ---------------------------------------------------------------------------------------


@require_safe
@staff_view(VIEW)
def strategy_list(request: HttpRequest) -> HttpResponse:
    strategies = Strategy.objects.select_related("area").prefetch_related(
        Prefetch(
            "versions",
            queryset=Version.objects.select_related("based_on").order_by("-number"),
        )
    )
    return render(
        request,
        "staff/strategy/list.html",
        {"strategies": list(strategies), "version_tags": VERSION_TAGS, "long_date": long_date},
    )


# A version --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PriorityView:
    """One priority on the version page: what it is, its live evidence, actions and KPIs."""

    priority: Priority
    evidence: list[EvidenceLine]
    kpis: list[KpiLine]

    @property
    def moved(self) -> bool:
        return any(line.moved for line in self.evidence)

    @property
    def kpis_without_data(self) -> int:
        return sum(1 for line in self.kpis if not line.has_data)


def priority_views(version: Version) -> list[PriorityView]:
    places = Places()
    priorities = version.priorities.select_related("framework_theme", "version").prefetch_related(
        "themes", "places", "sectors__industry", "actions__projects", "actions__candidates"
    )
    return [
        PriorityView(priority, evidence_panel(priority, places), kpi_lines(priority, places))
        for priority in priorities
    ]


def _version_page(
    request: HttpRequest,
    version: Version,
    *,
    publish_form: PublishForm | None = None,
    errors: list[dict[str, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    priorities = priority_views(version)
    others = list(version.strategy.versions.exclude(pk=version.pk).order_by("-number"))
    context = {
        "strategy": version.strategy,
        "version": version,
        "priorities": priorities,
        "moved": [view for view in priorities if view.moved],
        "version_tags": VERSION_TAGS,
        "long_date": long_date,
        "money": money,
        "number": number,
        "can_publish": not version.frozen and user.has_perm(PUBLISH),
        "can_draft": user.has_perm(DRAFT),
        "can_edit": not version.frozen and user.has_perm(EDIT),
        "admin_url": reverse("admin:strategy_version_change", args=[version.pk]),
        "publish_form": publish_form or PublishForm(today=timezone.localdate()),
        "errors": errors or [],
        "compare_with": others[0] if others else None,
        "drafts": list(version.drafts.order_by("number")),
    }
    return render(request, "staff/strategy/version.html", context, status=status)


@require_safe
@staff_view(VIEW)
def version_page(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    return _version_page(request, _version(_strategy(slug), number))


@require_POST
@staff_view(PUBLISH)
def version_publish(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Publish a draft, as the strategy or for consultation; the version page again with the
    errors if the form is wrong (400) or the version is no longer a draft (409)."""
    version = _version(_strategy(slug), number)
    form = PublishForm(request.POST, today=timezone.localdate())
    if not form.is_valid():
        return _version_page(
            request, version, publish_form=form, errors=error_list(form), status=400
        )
    for_consultation = form.cleaned_data["how"] == VersionStatus.CONSULTATION
    try:
        published = publish(
            version,
            request.user,
            for_consultation=for_consultation,
            closes=form.cleaned_data["closes"],
        )
    except PublishRefused as refused:
        return _version_page(
            request,
            version,
            publish_form=form,
            errors=[{"text": str(refused), "href": "#how"}],
            status=CONFLICT,
        )
    if for_consultation:
        closes = published.consultation_closes
        text = f"Version {published.number} published for consultation" + (
            f", closing on {long_date(closes)}." if closes else "."
        )
    else:
        text = (
            f"Version {published.number} published. The evidence its priorities rest on is "
            "recorded as it stands today."
        )
    messages.success(request, text)
    return see_other(version_url(published))


@require_POST
@staff_view(DRAFT)
def version_new_draft(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = _version(_strategy(slug), number)
    draft = new_draft(version, request.user)
    messages.success(
        request,
        f"Version {draft.number} drafted from version {version.number}: edit it in the admin, "
        "then publish it.",
    )
    return see_other(version_url(draft))


# Comparing --------------------------------------------------------------------------------------


def _shown(value: Any) -> str:
    """A compared field's value as text."""
    if value is None or value == "" or value == ():
        return "None"
    if isinstance(value, tuple):
        return ", ".join(str(item) for item in value)
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, float):
        return number(value, 2)
    return str(value)


@require_safe
@staff_view(VIEW)
def version_compare(request: HttpRequest, slug: str) -> HttpResponse:
    strategy = _strategy(slug)
    versions = list(strategy.versions.order_by("number"))
    form = CompareForm(request.GET or None, versions=versions)
    context: dict[str, Any] = {
        "strategy": strategy,
        "form": form,
        "errors": [],
        "comparison": None,
        "shown": _shown,
        "version_tags": VERSION_TAGS,
        "statuses": diff.LABELS,
    }
    if not form.is_bound:
        return render(request, "staff/strategy/compare.html", context)
    if not form.is_valid():
        context["errors"] = error_list(form)
        return render(request, "staff/strategy/compare.html", context, status=400)
    by_number = {one.number: one for one in versions}
    try:
        comparison = compare(
            by_number[form.cleaned_data["first"]], by_number[form.cleaned_data["second"]]
        )
    except NotOneStrategy as error:  # pragma: no cover - the choices are one strategy's
        context["errors"] = [{"text": str(error), "href": "#first"}]
        return render(request, "staff/strategy/compare.html", context, status=400)
    context["comparison"] = comparison
    return render(request, "staff/strategy/compare.html", context)
