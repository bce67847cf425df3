"""What the public pages show, read from the register: plain dataclasses for thin views.

Sums and percentages are worked out here (or in the database), never in templates; the
programme's headline figures are in ``headlines``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, F, Q, Sum

from localgrowth.framework.models import Document, Theme, ThemeKind
from localgrowth.places.models import Partnership
from localgrowth.projects.models import (
    Fund,
    Programme,
    Project,
)
from localgrowth.strategy.models import Strategy, VersionStatus

from .evidence.common import scorecard_links
from .headlines import ProgrammeSummary, programme_summary

PROJECTS_PATH = "/projects/"
API_DOCS_PATH = "/api/v1/docs"


@dataclass(frozen=True)
class ProgrammeLink:
    slug: str
    name: str
    targets: int
    snapshots: int


@dataclass(frozen=True)
class FundTotal:
    code: str
    name: str
    projects: int
    with_grant: int
    grant: Decimal


@dataclass(frozen=True)
class RegisterTotals:
    projects: int
    with_grant: int
    grant: Decimal
    funds: list[FundTotal]


@dataclass(frozen=True)
class HomePage:
    summary: ProgrammeSummary | None
    others: list[ProgrammeLink]
    register: RegisterTotals
    projects_path: str = PROJECTS_PATH
    api_docs_path: str = API_DOCS_PATH


class ProgrammeNotFound(LookupError):
    pass


def home_page(programme_slug: str | None = None) -> HomePage:
    """The headline programme (by default the one with the most progress figures)."""
    programmes = list(
        Programme.objects.annotate(
            n_snapshots=Count("snapshots", distinct=True),
            n_targets=Count("targets", distinct=True),
        ).order_by("-n_snapshots", "-n_targets", F("start_date").asc(nulls_last=True), "name")
    )
    if programme_slug:
        chosen = next((p for p in programmes if p.slug == programme_slug), None)
        if chosen is None:
            raise ProgrammeNotFound(programme_slug)
    else:
        chosen = programmes[0] if programmes else None
    others = [
        ProgrammeLink(p.slug, p.name, p.n_targets, p.n_snapshots) for p in programmes if p != chosen
    ]
    summary = programme_summary(chosen) if chosen else None
    return HomePage(summary=summary, others=others, register=register_totals())


def register_totals() -> RegisterTotals:
    """The register's own totals: what its projects record, not the programme's figures."""
    totals = Project.objects.aggregate(
        projects=Count("pk"),
        with_grant=Count("pk", filter=Q(grant__isnull=False)),
        grant=Sum("grant"),
    )
    funds = (
        Fund.objects.annotate(
            n_projects=Count("projects"),
            n_with_grant=Count("projects", filter=Q(projects__grant__isnull=False)),
            grant_total=Sum("projects__grant"),
        )
        .filter(n_projects__gt=0)
        .order_by("kind", "code")
    )
    return RegisterTotals(
        projects=totals["projects"],
        with_grant=totals["with_grant"],
        grant=totals["grant"] or Decimal(0),
        funds=[
            FundTotal(
                code=fund.code,
                name=fund.name,
                projects=fund.n_projects,
                with_grant=fund.n_with_grant,
                grant=fund.grant_total or Decimal(0),
            )
            for fund in funds
        ],
    )


# ---------------------------------------------------------------------------------------------
# The strategy framework


# The project list filters by foundation and by Grand Challenge (projects/queries.py), with the
# theme's code as the value; aims and priorities have no filter there, so they are not linked.
FILTER_PARAMETERS = {
    ThemeKind.FOUNDATION: "foundation",
    ThemeKind.GRAND_CHALLENGE: "challenge",
}


@dataclass(frozen=True)
class ThemeRow:
    code: str
    kind: str
    title: str
    description: str
    source_url: str
    document: str
    projects: int
    with_grant: int
    grant: Decimal

    @property
    def projects_url(self) -> str:
        """The project list filtered to this theme, or "" where the list has no such filter."""
        parameter = FILTER_PARAMETERS.get(ThemeKind(self.kind))
        return f"{PROJECTS_PATH}?{urlencode({parameter: self.code})}" if parameter else ""


@dataclass(frozen=True)
class DocumentRow:
    slug: str
    title: str
    kind: str
    publisher: str
    year: int
    status: str
    status_label: str
    summary: str
    url: str
    source_note: str
    priorities: list[ThemeRow] = field(default_factory=list)


PUBLIC_STATUSES = (VersionStatus.CONSULTATION, VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED)
"""A version the public may read: anything but a draft."""


@dataclass(frozen=True)
class StrategyPage:
    documents: list[DocumentRow]
    aims: list[ThemeRow]
    foundations: list[ThemeRow]
    challenges: list[ThemeRow]
    projects_path: str = PROJECTS_PATH
    evidence: dict[str, str] = field(default_factory=dict)
    """Links to the section of the partnership's scorecard for each theme that has one."""
    strategies: list[tuple[str, str]] = field(default_factory=list)
    """The strategies written here with a version out (slug, name)."""

    @property
    def is_empty(self) -> bool:
        return not (self.documents or self.aims or self.foundations or self.challenges)


def theme_rows() -> list[ThemeRow]:
    themes = (
        Theme.objects.select_related("document")
        .annotate(
            n_projects=Count("project_tags", distinct=True),
            n_with_grant=Count(
                "project_tags", filter=Q(project_tags__project__grant__isnull=False), distinct=True
            ),
            grant_total=Sum("project_tags__project__grant"),
        )
        .order_by("kind", "position", "code")
    )
    return [
        ThemeRow(
            code=theme.code,
            kind=theme.kind,
            title=theme.title,
            description=theme.description,
            source_url=theme.source_url,
            document=theme.document.slug if theme.document else "",
            projects=theme.n_projects,
            with_grant=theme.n_with_grant,
            grant=theme.grant_total or Decimal(0),
        )
        for theme in themes
    ]


def strategy_page() -> StrategyPage:
    rows = theme_rows()
    priorities: dict[str, list[ThemeRow]] = {}
    for row in rows:
        if row.kind == ThemeKind.PRIORITY:
            priorities.setdefault(row.document, []).append(row)
    documents = [
        DocumentRow(
            slug=document.slug,
            title=document.title,
            kind=document.kind,
            publisher=document.publisher,
            year=document.year,
            status=document.status,
            status_label=document.get_status_display(),
            summary=document.summary,
            url=document.url,
            source_note=document.source_note,
            priorities=priorities.get(document.slug, []),
        )
        for document in Document.objects.order_by("year", "title")
    ]

    def of_kind(kind: str) -> list[ThemeRow]:
        return [row for row in rows if row.kind == kind]

    written = (
        Strategy.objects.filter(versions__status__in=PUBLIC_STATUSES)
        .distinct()
        .values_list("slug", "name")
    )
    return StrategyPage(
        strategies=list(written),
        documents=documents,
        aims=of_kind(ThemeKind.AIM),
        foundations=of_kind(ThemeKind.FOUNDATION),
        challenges=of_kind(ThemeKind.GRAND_CHALLENGE),
        evidence=scorecard_links(),
    )


# ---------------------------------------------------------------------------------------------
# The layout


def partnership_short_name() -> str:
    """The short name of the body whose programmes are shown, for the header."""
    partnership = (
        Partnership.objects.filter(programmes__isnull=False).order_by("name").distinct().first()
    )
    return partnership.short_name if partnership else ""
