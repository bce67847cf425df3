"""The public pages of a strategy: its versions, a version's document as a page and as a PDF,
and the version on one page. A draft is not found."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render as django_render
from django.views.decorators.http import require_safe

from localgrowth.strategy.models import Strategy, Version

from . import strategy_document as documents
from .evidence.common import area_name
from .formatting import long_date

ENGINE = "jinja2"


def render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return django_render(request, template, context, using=ENGINE)


@dataclass(frozen=True)
class StrategyPage:
    strategy: Strategy
    area_name: str
    versions: list[Version]
    current: Version | None

    @staticmethod
    def published(version: Version) -> str:
        when = version.published_on or (
            version.published_at.date() if version.published_at else None
        )
        return long_date(when) if when else "Date not recorded"


def _version(slug: str, number: int) -> Version:
    try:
        return documents.public_version(slug, number)
    except documents.VersionNotFound as error:
        raise Http404("There is no published version with that number.") from error


@require_safe
def strategy_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The strategy and its versions, newest published first."""
    strategy = Strategy.objects.select_related("area").filter(slug=slug).first()
    if strategy is None:
        raise Http404("There is no strategy with that name.")
    versions = documents.public_versions(strategy)
    if not versions:
        raise Http404("No version of this strategy has been published.")
    page = StrategyPage(
        strategy=strategy,
        area_name=area_name(strategy.area),
        versions=versions,
        current=documents.current_version(strategy),
    )
    return render(request, "strategy/detail.html", {"page": page})


@require_safe
def strategy_version(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """A version's document, with the live evidence panel of each priority and, for a version
    published for consultation, the links to comment and the comments published."""
    document = documents.strategy_document(_version(slug, number))
    documents.add_live_panels(document)
    documents.add_consultation(document)
    return render(request, "strategy/version.html", {"doc": document})


@require_safe
def strategy_summary(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    document = documents.strategy_document(_version(slug, number))
    return render(request, "strategy/summary.html", {"doc": document})


@require_safe
def strategy_pdf(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    from .strategy_pdf import document_pdf

    version = _version(slug, number)
    content = document_pdf(documents.strategy_document(version, for_print=True))
    response = HttpResponse(content, content_type="application/pdf")
    name = f"{version.strategy.slug}-version-{version.number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
