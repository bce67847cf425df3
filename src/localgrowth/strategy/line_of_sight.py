"""The line of sight of a strategy version: its priorities against the foundations and Grand
Challenges they serve, the projects and money serving each, and the evidence of where the gaps
are.

Scope. The projects counted are the project register's projects serving the strategy's area:
the list the register shows for that area (``projects.queries.filter_projects`` with the area
filter: projects serving the area or any area within it), each counted whole, once. Their
totals (``register_totals``) are the register's totals for the area: the count, grant and
total cost as ``projects.queries.totals`` adds them up, and the forecast whole-life jobs and
homes they record. A project linked to a priority but not serving the area is outside the scope:
it is listed (``LineOfSightData.outside``), never counted.

Which projects serve a priority: those tagged (``projects.models.ProjectTheme``) to its
framework priority theme and those linked through its actions; a project counts once for a
priority however many ways it links. The money is apportioned among the priorities a project
serves by ``domain.line_of_sight``, so the priorities' totals and the money with no priority
add up to the register's totals exactly.

Evidence. Each indicator a priority rests on is read as it stands now by the priority's
evidence panel (``strategy.evidence.evidence_panel``: the newest release of the latest period,
with its status against England by the evidence scorecard's rules); an indicator is a gap when
it is worse than England. A KPI has data when its area has a value of its indicator (published,
or aggregated from its districts) for the indicator's latest period (``kpi_lines``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from localgrowth.domain import line_of_sight as domain
from localgrowth.domain.evidence.benchmarks import Rag
from localgrowth.evidence import analysis
from localgrowth.framework.models import Theme, ThemeKind
from localgrowth.projects.models import Basis, OutputLine, Project, ProjectTheme
from localgrowth.projects.queries import HOMES, JOBS, ProjectFilters, filter_projects, totals

from .evidence import EvidenceLine, KpiLine, evidence_panel, kpi_lines
from .models import Action, Kpi, Priority, Strategy, Version, VersionStatus

THEME_KINDS = (ThemeKind.FOUNDATION, ThemeKind.GRAND_CHALLENGE)
"""The columns of the matrix: the five foundations, then the four Grand Challenges."""
WORSE = str(Rag.RED)
"""The status of an indicator worse than England."""
OUTPUT_MEASURES = {JOBS: "jobs", HOMES: "homes"}
"""The output types apportioned (forecast, whole life), by the measure they fill."""


def public_version(slug: str, number: int) -> Version | None:
    """The version of the strategy ``slug`` numbered ``number`` if the public may see it
    (published, published for consultation or superseded); ``None`` for a draft or none."""
    return (
        Version.objects.select_related("strategy", "strategy__area")
        .defer("strategy__area__boundary")
        .filter(strategy__slug=slug, number=number)
        .exclude(status=VersionStatus.DRAFT)
        .first()
    )


# The register --------------------------------------------------------------------------------


def scope(strategy: Strategy) -> QuerySet[Project]:
    """The projects in scope: the register's projects serving the strategy's area."""
    return filter_projects(ProjectFilters(area=strategy.area.code))


@dataclass(frozen=True)
class RegisterTotals:
    """The register's totals for the projects in scope, each project counted once."""

    count: int
    values: dict[str, Decimal]


def _outputs(projects: QuerySet[Project]) -> Iterable[tuple[int, str, Decimal]]:
    """(project id, measure, value) of the forecast whole-life jobs and homes recorded."""
    lines = OutputLine.objects.filter(
        project__in=projects.values("pk"),
        output_type__code__in=list(OUTPUT_MEASURES),
        basis=Basis.FORECAST,
        period="",
    )
    for project_id, code, value in lines.values_list("project_id", "output_type__code", "value"):
        yield project_id, OUTPUT_MEASURES[code], value


def register_totals(projects: QuerySet[Project]) -> RegisterTotals:
    """The count, grant and total cost of the projects as the register adds them up
    (``projects.queries.totals``), and their forecast whole-life jobs and homes."""
    summed = totals(projects)
    values = {
        "grant": summed.grant,
        "total_cost": summed.total_cost,
        "jobs": domain.ZERO,
        "homes": domain.ZERO,
    }
    for _, measure, value in _outputs(projects):
        values[measure] += value
    return RegisterTotals(summed.count, values)


# The line of sight ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectRow:
    pk: int
    reference: str
    title: str
    values: dict[str, Decimal | None]


@dataclass
class PriorityView:
    priority: Priority
    line: domain.PriorityLine
    themes: frozenset[str]
    """The codes of the foundations and Grand Challenges it serves."""
    evidence: list[EvidenceLine] = field(default_factory=list)
    kpis: list[KpiLine] = field(default_factory=list)

    @property
    def worse(self) -> int:
        """How many of its evidence indicators are worse than England now."""
        return sum(1 for line in self.evidence if line.now.status == WORSE)

    @property
    def moved(self) -> bool:
        """Whether the evidence behind it has moved since the version was published."""
        return any(line.moved for line in self.evidence)


@dataclass
class LineOfSightData:
    version: Version
    strategy: Strategy
    result: domain.LineOfSight
    priorities: list[PriorityView]
    themes: list[Theme]
    columns: list[domain.ThemeColumn]
    projects: dict[str, ProjectRow]
    """The projects in scope, by reference."""
    outside: list[ProjectRow]
    """Projects linked to a priority that do not serve the strategy's area: not counted."""
    register: RegisterTotals
    flags: list[domain.Flag]

    def priority(self, code: str) -> PriorityView:
        return next(view for view in self.priorities if view.priority.code == code)


def kpi_name(kpi: Kpi) -> str:
    return f"{kpi.indicator.title} for {kpi.area.name}"


def _project_rows(projects: QuerySet[Project]) -> dict[int, ProjectRow]:
    rows: dict[int, ProjectRow] = {}
    found = projects.order_by("reference").values_list(
        "pk", "reference", "title", "grant", "total_cost"
    )
    for pk, reference, title, grant, total_cost in found:
        values: dict[str, Decimal | None] = {
            "grant": grant,
            "total_cost": total_cost,
            "jobs": None,
            "homes": None,
        }
        rows[pk] = ProjectRow(pk, reference, title, values)
    for pk, measure, value in _outputs(projects):
        rows[pk].values[measure] = value
    return rows


def _links(priorities: list[Priority]) -> dict[int, set[int]]:
    """By project id, the ids of the priorities it serves: through the priority's framework
    theme or through one of its actions, each priority once."""
    by_theme: dict[int, set[int]] = defaultdict(set)
    for priority in priorities:
        if priority.framework_theme_id is not None:
            by_theme[priority.framework_theme_id].add(priority.pk)
    links: dict[int, set[int]] = defaultdict(set)
    tags = ProjectTheme.objects.filter(theme_id__in=list(by_theme)).values_list(
        "project_id", "theme_id"
    )
    for project_id, theme_id in tags:
        links[project_id] |= by_theme[theme_id]
    through = Action.projects.through.objects.filter(
        action__priority__in=[priority.pk for priority in priorities]
    ).values_list("project_id", "action__priority_id")
    for project_id, priority_id in through:
        links[project_id].add(priority_id)
    return links


def line_of_sight(version: Version) -> LineOfSightData:
    """The line of sight of the version (see the module's description)."""
    strategy = version.strategy
    priorities = list(
        Priority.objects.filter(version=version)
        .select_related("version")
        .prefetch_related("themes")
        .order_by("position", "code")
    )
    in_scope = scope(strategy)
    rows = _project_rows(in_scope)
    links = _links(priorities)
    code_of = {priority.pk: priority.code for priority in priorities}
    lines = [
        domain.ProjectLine(
            row.reference,
            row.values,
            frozenset(code_of[pk] for pk in links.get(row.pk, ())),
        )
        for row in rows.values()
    ]
    result = domain.line_of_sight([priority.code for priority in priorities], lines)
    outside_ids = set(links) - set(rows)
    outside = [
        ProjectRow(pk, reference, title, {})
        for pk, reference, title in Project.objects.filter(pk__in=outside_ids)
        .order_by("reference")
        .values_list("pk", "reference", "title")
    ]
    kinds = {kind: position for position, kind in enumerate(THEME_KINDS)}
    themes = sorted(
        Theme.objects.filter(kind__in=THEME_KINDS),
        key=lambda theme: (kinds[ThemeKind(theme.kind)], theme.position, theme.code),
    )
    places = analysis.Places()
    views = [
        PriorityView(
            priority=priority,
            line=result.priority(priority.code),
            themes=frozenset(theme.code for theme in priority.themes.all()),
            evidence=evidence_panel(priority, places),
            kpis=kpi_lines(priority, places),
        )
        for priority in priorities
    ]
    columns = domain.by_theme(
        result,
        [theme.code for theme in themes],
        {view.priority.code: view.themes for view in views},
    )
    checks = [
        domain.KpiCheck(view.priority.code, kpi_name(line.kpi), line.has_data, line.reading.note)
        for view in views
        for line in view.kpis
    ]
    inputs = domain.FlagInputs(
        worse={view.priority.code: view.worse for view in views}, kpis=checks
    )
    return LineOfSightData(
        version=version,
        strategy=strategy,
        result=result,
        priorities=views,
        themes=themes,
        columns=columns,
        projects={row.reference: row for row in rows.values()},
        outside=outside,
        register=register_totals(in_scope),
        flags=domain.flags(result, inputs),
    )
