"""What the public pages show, read from the register: plain dataclasses for thin views.

Every figure keeps its source and its "as at" label; nothing here invents a date. Sums and
percentages are worked out here (or in the database), never in templates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode, urlsplit

from django.db.models import Count, F, Q, Sum

from localgrowth.framework.models import Document, Theme, ThemeKind
from localgrowth.places.models import Partnership
from localgrowth.projects.models import (
    Fund,
    HeadlineTarget,
    Measure,
    Programme,
    ProgressSnapshot,
    Project,
)
from localgrowth.strategy.models import Strategy, VersionStatus

from .charts import BarChart, BarSeries, bar_chart
from .evidence.common import scorecard_links

PROJECTS_PATH = "/projects/"
API_DOCS_PATH = "/api/v1/docs"
DATE_NOT_RECORDED = "date not recorded"
HUNDRED = Decimal(100)


# ---------------------------------------------------------------------------------------------
# Programme headline figures


@dataclass(frozen=True)
class Source:
    url: str
    wording: str

    @property
    def host(self) -> str:
        host = urlsplit(self.url).netloc.lower()
        return host.removeprefix("www.") or self.url


@dataclass(frozen=True)
class Measured:
    """A value of one of the programme's measures (jobs, homes, investment in pounds…)."""

    measure: str
    value: Decimal

    @property
    def measure_name(self) -> str:
        return Measure(self.measure).label.removesuffix(" (£)")

    @property
    def is_money(self) -> bool:
        return self.measure.endswith("_gbp")


@dataclass(frozen=True)
class Figure(Measured):
    """A progress figure as the body reported it."""

    as_at: date | None
    as_at_label: str
    source: Source

    @property
    def as_at_text(self) -> str:
        """The date as the source gives it; an undated figure always says so."""
        label = self.as_at_label.strip()
        if self.as_at is None and DATE_NOT_RECORDED not in label.lower():
            return f"{label} ({DATE_NOT_RECORDED})" if label else DATE_NOT_RECORDED.capitalize()
        return label


@dataclass(frozen=True)
class Target(Measured):
    """A headline target as set, current or superseded."""

    deadline: date
    set_on: date | None
    is_current: bool
    source: Source


@dataclass(frozen=True)
class Headline:
    """One headline: the latest figure for a measure, against the current target if any."""

    key: str
    title: str
    is_money: bool
    figure: Figure | None
    target: Target | None

    @property
    def short_title(self) -> str:
        """ "Jobs" for "Jobs delivered": the name of the measure in a chart or table."""
        return self.title.removesuffix(" delivered")

    @property
    def percent(self) -> Decimal | None:
        """The figure as a percentage of the target, when both exist."""
        if self.figure is None or self.target is None or not self.target.value:
            return None
        return self.figure.value * HUNDRED / self.target.value

    @property
    def bar_value(self) -> int | None:
        """The width of a progress bar out of 100: capped, as a bar cannot overflow."""
        percent = self.percent
        if percent is None:
            return None
        return int(min(max(percent, Decimal(0)), HUNDRED).to_integral_value())


@dataclass(frozen=True)
class HeadlineSpec:
    key: str
    title: str
    measure: str
    target_measure: str | None
    is_money: bool = False


HEADLINES = (
    HeadlineSpec("investment", "Investment", Measure.INVESTMENT, Measure.INVESTMENT, True),
    HeadlineSpec("spend", "Spend to date", Measure.SPEND, None, True),
    HeadlineSpec("projects-approved", "Projects approved", Measure.PROJECTS_APPROVED, None),
    HeadlineSpec("projects-completed", "Projects completed", Measure.PROJECTS_COMPLETED, None),
    HeadlineSpec("jobs", "Jobs delivered", Measure.JOBS, Measure.JOBS),
    HeadlineSpec("homes", "Homes delivered", Measure.HOMES, Measure.HOMES),
)
CHARTED = ("jobs", "homes")


@dataclass(frozen=True)
class ProgrammeLink:
    slug: str
    name: str
    targets: int
    snapshots: int


@dataclass(frozen=True)
class ProgrammeSummary:
    programme: Programme
    headlines: list[Headline]
    other_targets: list[Target]
    earlier_targets: list[Target]
    figures: list[Figure]
    chart: BarChart | None

    @property
    def charted(self) -> list[Headline]:
        return [headline for headline in self.headlines if headline.key in CHARTED]


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


def _figure(snapshot: ProgressSnapshot) -> Figure:
    return Figure(
        measure=snapshot.measure,
        value=snapshot.value,
        as_at=snapshot.as_at,
        as_at_label=snapshot.as_at_label,
        source=Source(snapshot.source_url, snapshot.wording),
    )


def _target(target: HeadlineTarget) -> Target:
    return Target(
        measure=target.measure,
        value=target.value,
        deadline=target.deadline,
        set_on=target.set_on,
        is_current=target.is_current,
        source=Source(target.source_url, target.wording),
    )


def programme_figures(programme: Programme) -> list[Figure]:
    """Every progress figure, oldest first. Dated figures come first, by date; figures whose
    source gives no date follow, in the order they were recorded."""
    snapshots = ProgressSnapshot.objects.filter(programme=programme).order_by(
        F("as_at").asc(nulls_last=True), "pk"
    )
    return [_figure(snapshot) for snapshot in snapshots]


def latest_figures(figures: list[Figure]) -> dict[str, Figure]:
    """The last figure of each measure in the order of ``programme_figures``."""
    latest: dict[str, Figure] = {}
    for figure in figures:
        latest[figure.measure] = figure
    return latest


def programme_summary(programme: Programme) -> ProgrammeSummary:
    figures = programme_figures(programme)
    latest = latest_figures(figures)
    targets = [
        _target(target)
        for target in HeadlineTarget.objects.filter(programme=programme).order_by(
            "measure", "-is_current", F("set_on").desc(nulls_last=True), "pk"
        )
    ]
    current: dict[str, Target] = {}
    for target in targets:
        if target.is_current:
            current.setdefault(target.measure, target)
    headlines = [
        Headline(
            key=spec.key,
            title=spec.title,
            is_money=spec.is_money,
            figure=latest.get(spec.measure),
            target=current.get(spec.target_measure) if spec.target_measure else None,
        )
        for spec in HEADLINES
    ]
    used = {spec.target_measure for spec in HEADLINES}
    return ProgrammeSummary(
        programme=programme,
        headlines=headlines,
        other_targets=[t for t in current.values() if t.measure not in used],
        earlier_targets=[t for t in targets if not t.is_current],
        figures=figures,
        chart=_delivery_chart(headlines),
    )


def _delivery_chart(headlines: list[Headline]) -> BarChart | None:
    charted = [
        h for h in headlines if h.key in CHARTED and h.figure is not None and h.target is not None
    ]
    if not charted:
        return None
    return bar_chart(
        title="Delivered against target",
        description=". ".join(
            f"{h.title}: {h.figure.value:,.0f} against a target of {h.target.value:,.0f}"  # type: ignore[union-attr]
            for h in charted
        ),
        groups=[
            (
                h.short_title,
                [
                    BarSeries("target", "Target", h.target.value),  # type: ignore[union-attr]
                    BarSeries("delivered", "Delivered", h.figure.value),  # type: ignore[union-attr]
                ],
            )
            for h in charted
        ],
    )


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
