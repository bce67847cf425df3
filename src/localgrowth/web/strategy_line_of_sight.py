"""The public line of sight of a strategy version: a chart and table of the money serving each
priority, the matrix of priorities against the foundations and Grand Challenges, the flags in
plain words and the projects behind each figure. Published versions only (also those published
for consultation, and superseded ones, marked so); a draft is not found.

``?format=csv`` gives the table of money by priority as CSV.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from localgrowth.domain import line_of_sight as domain
from localgrowth.domain.evidence.benchmarks import Rag
from localgrowth.strategy import line_of_sight as los
from localgrowth.strategy.models import VersionStatus

from . import vega
from .evidence.common import area_name, indicator_path
from .formatting import money, money_short
from .formatting import number as figure

TEMPLATE = "strategy/line_of_sight.html"
NO_PRIORITY = "Money with no priority"
CSV_HEADERS = [
    "priority",
    "title",
    "projects",
    "projects_shared_with_other_priorities",
    "grant",
    "total_cost",
    "forecast_jobs",
    "forecast_homes",
    "evidence_indicators_worse_than_england",
    "evidence_indicators",
]
STATUS_TAGS = {
    "green": "govuk-tag--green",
    "amber": "govuk-tag--yellow",
    "red": "govuk-tag--red",
}


@dataclass(frozen=True)
class FlagText:
    text: str
    href: str = ""


@dataclass(frozen=True)
class Cell:
    """A cell of the matrix: the priority's grant when it serves the theme."""

    served: bool
    text: str


@dataclass(frozen=True)
class MatrixRow:
    code: str
    title: str
    cells: list[Cell]
    evidence: str


@dataclass(frozen=True)
class ShareRow:
    reference: str
    title: str
    share: str
    shared_with: int
    grant: str
    total_cost: str


@dataclass
class PriorityBlock:
    view: los.PriorityView
    anchor: str
    shares: list[ShareRow]
    evidence: list[dict[str, str]]
    kpis: list[dict[str, str]]


@dataclass
class LineOfSightPage:
    data: los.LineOfSightData
    name: str
    status: str
    chart: vega.Chart
    matrix: list[MatrixRow]
    column_totals: list[str]
    flags: list[FlagText]
    blocks: list[PriorityBlock]
    unlinked: list[ShareRow]
    as_at: date
    summary: dict[str, str] = field(default_factory=dict)

    @property
    def version(self) -> Any:
        return self.data.version

    @property
    def foundations(self) -> int:
        return sum(1 for theme in self.data.themes if theme.kind == "foundation")

    @property
    def challenges(self) -> int:
        return len(self.data.themes) - self.foundations


def _jobs(value: Decimal | None) -> str:
    return figure(value, 2)


def _anchor(code: str) -> str:
    return f"priority-{code}"


def _evidence_text(view: los.PriorityView, short: bool = False) -> str:
    if not view.evidence:
        return "No indicators recorded"
    counted = f"{view.worse} of {len(view.evidence)}"
    return counted if short else f"{counted} worse than England"


def _share_rows(line: domain.PriorityLine, data: los.LineOfSightData) -> list[ShareRow]:
    rows = []
    for share in line.shares:
        project = data.projects[share.project]
        rows.append(
            ShareRow(
                reference=project.reference,
                title=project.title,
                share=figure(share.share * 100, 1) + "%",
                shared_with=max(share.serving - 1, 0),
                grant=money(share.values.get("grant")) or "Not recorded",
                total_cost=money(share.values.get("total_cost")) or "Not recorded",
            )
        )
    return rows


def _flag_texts(data: los.LineOfSightData) -> list[FlagText]:
    titles = {view.priority.code: view.priority.title for view in data.priorities}
    texts: list[FlagText] = []
    for flag in data.flags:
        title = titles.get(flag.priority or "", "")
        href = f"#{_anchor(flag.priority)}" if flag.priority else "#no-priority"
        if flag.kind is domain.FlagKind.NO_PROJECTS:
            text = (
                f"{title} has no projects: none is tagged to its framework priority or linked "
                "through its actions."
            )
        elif flag.kind is domain.FlagKind.GAPS_LITTLE_MONEY:
            indicators = "indicator is" if flag.count == 1 else "indicators are"
            text = (
                f"{title}: {figure(flag.count)} of its evidence {indicators} worse than England, "
                f"yet it gets {money_short(flag.amount)} of grant, less than "
                f"{money_short(flag.threshold)} (half of an even split of the money with a "
                "priority)."
            )
        elif flag.kind is domain.FlagKind.KPI_WITHOUT_DATA:
            text = f"{title}: the KPI {flag.subject} has no data. {flag.note}".strip()
        else:
            projects = "project" if flag.count == 1 else "projects"
            text = (
                f"{money(flag.amount)} of grant, in {figure(flag.count)} {projects}, serves no "
                "priority of this strategy."
            )
        texts.append(FlagText(text, href))
    if data.outside:
        count = len(data.outside)
        projects = "project is" if count == 1 else "projects are"
        verb = "does" if count == 1 else "do"
        texts.append(
            FlagText(
                f"{figure(count)} {projects} linked to a priority but {verb} not serve "
                f"{data.strategy.area.name}, so not counted here.",
                "#outside",
            )
        )
    return texts


def _chart(data: los.LineOfSightData, name: str, csv_url: str) -> vega.Chart:
    result = data.result
    lines: list[tuple[str, str, domain.PriorityLine, los.PriorityView | None]] = [
        (view.priority.code, view.priority.title, view.line, view) for view in data.priorities
    ]
    lines.append(("", NO_PRIORITY, result.unlinked, None))
    values = [
        {
            "priority": title,
            "grant": float(line.total("grant")),
            "label": money_short(line.total("grant")),
            "group": "No priority" if not code else "Priority",
        }
        for code, title, line, _ in lines
    ]
    order = [value["priority"] for value in values]
    layers = [
        {
            "mark": {"type": "bar", "height": {"band": 0.7}},
            "encoding": {
                "y": {"field": "priority", "type": "nominal", "sort": order, "title": None},
                "x": {
                    "field": "grant",
                    "type": "quantitative",
                    "title": "Grant apportioned",
                    "axis": {
                        "tickCount": 5,
                        "labelExpr": "'£' + format(datum.value / 1000000, ',') + 'm'",
                    },
                },
                "color": {
                    "field": "group",
                    "type": "nominal",
                    "scale": {
                        "domain": ["Priority", "No priority"],
                        "range": [vega.BLUE, vega.VERMILLION],
                    },
                    "title": None,
                },
                "tooltip": [
                    {"field": "priority", "title": "Priority"},
                    {"field": "label", "title": "Grant"},
                ],
            },
        },
        {
            "mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 12},
            "encoding": {
                "y": {"field": "priority", "type": "nominal", "sort": order},
                "x": {"field": "grant", "type": "quantitative"},
                "text": {"field": "label"},
                "color": {"value": vega.TEXT},
            },
        },
    ]
    description = (
        f"Bar chart of the grant of the projects serving each of the {len(data.priorities)} "
        f"priorities of {data.version.title}, and of the projects serving none, in the order of "
        "the strategy. A project serving several priorities is split equally between them. "
        "The table below gives every figure."
    )
    register = data.register
    rows: list[list[str]] = []
    csv_rows: list[list[Any]] = []
    for code, title, line, view in lines:
        worse = "" if view is None else _evidence_text(view)
        rows.append(
            [
                title,
                figure(line.project_count),
                figure(line.shared_count),
                money(line.total("grant")),
                money(line.total("total_cost")),
                _jobs(line.total("jobs")),
                _jobs(line.total("homes")),
                worse,
            ]
        )
        csv_rows.append(
            [
                code,
                title,
                line.project_count,
                line.shared_count,
                line.total("grant"),
                line.total("total_cost"),
                line.total("jobs"),
                line.total("homes"),
                None if view is None else view.worse,
                None if view is None else len(view.evidence),
            ]
        )
    rows.append(
        [
            "All projects in scope",
            figure(register.count),
            "",
            money(register.values["grant"]),
            money(register.values["total_cost"]),
            _jobs(register.values["jobs"]),
            _jobs(register.values["homes"]),
            "",
        ]
    )
    csv_rows.append(
        ["", "All projects in scope", register.count, None]
        + [register.values[measure] for measure in domain.MEASURES]
        + [None, None]
    )
    table = vega.Table(
        caption=f"Projects and money by priority, {data.version.title}",
        headers=[
            "Priority",
            "Projects",
            "Of which shared with another priority",
            "Grant apportioned",
            "Total cost apportioned",
            "Forecast jobs",
            "Forecast homes",
            "Evidence",
        ],
        rows=rows,
        numeric=[False, True, True, True, True, True, True, False],
        csv_rows=csv_rows,
    )
    title = f"Grant by priority, {name}"
    height = max(120, 34 * len(values))
    return vega.Chart(
        "chart-line-of-sight",
        title,
        description,
        vega.spec({"data": {"values": values}, "layer": layers}, description, 360, height),
        table,
        csv_url,
    )


def _matrix(data: los.LineOfSightData) -> tuple[list[MatrixRow], list[str]]:
    rows = []
    for view in data.priorities:
        grant = money_short(view.line.total("grant"))
        cells = [
            Cell(True, grant) if theme.code in view.themes else Cell(False, "")
            for theme in data.themes
        ]
        rows.append(
            MatrixRow(
                view.priority.code, view.priority.title, cells, _evidence_text(view, short=True)
            )
        )
    totals = [money_short(column.amount) if column.served else "" for column in data.columns]
    return rows, totals


def _status_label(status: str) -> str:
    """Better, Similar, Worse or No better direction (against England)."""
    return Rag(status).label if status in set(Rag) else "No status"


def _block(view: los.PriorityView, data: los.LineOfSightData) -> PriorityBlock:
    evidence = [
        {
            "indicator": line.evidence.indicator.title,
            "url": indicator_path(line.evidence.indicator.code, area=line.evidence.area.code),
            "area": line.evidence.area.name,
            "period": line.now.period or "",
            "value": line.now.value_text,
            "status": _status_label(line.now.status) if line.now.has_value else "No value",
            "note": "" if line.now.has_value else line.why,
            "tag": STATUS_TAGS.get(line.now.status, "govuk-tag--grey"),
            "moved": line.why if line.moved else "",
        }
        for line in view.evidence
    ]
    kpis = [
        {"name": los.kpi_name(line.kpi), "latest": line.latest, "flag": line.flag}
        for line in view.kpis
    ]
    return PriorityBlock(
        view, _anchor(view.priority.code), _share_rows(view.line, data), evidence, kpis
    )


def line_of_sight_page(data: los.LineOfSightData, path: str) -> LineOfSightPage:
    name = area_name(data.strategy.area)
    matrix, column_totals = _matrix(data)
    linked = data.result.linked_total
    summary = {
        "projects": figure(data.register.count),
        "grant": money(data.register.values["grant"]),
        "linked": money(linked["grant"]),
        "unlinked": money(data.result.unlinked.total("grant")),
        "unlinked_count": figure(data.result.unlinked.project_count),
    }
    return LineOfSightPage(
        data=data,
        name=name,
        status=VersionStatus(data.version.status).label,
        chart=_chart(data, name, f"{path}?format=csv"),
        matrix=matrix,
        column_totals=column_totals,
        flags=_flag_texts(data),
        blocks=[_block(view, data) for view in data.priorities],
        unlinked=_share_rows(data.result.unlinked, data),
        as_at=date.today(),
        summary=summary,
    )


@require_safe
def line_of_sight(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The line of sight of version ``number`` of the strategy ``slug``: 404 for a draft."""
    version = los.public_version(slug, number)
    if version is None:
        raise Http404("There is no published version of that strategy with that number.")
    data = los.line_of_sight(version)
    page = line_of_sight_page(data, request.path)
    if request.GET.get("format") == "csv":
        table = page.chart.table
        response = HttpResponse(
            vega.csv_text(CSV_HEADERS, table.csv_rows), content_type="text/csv; charset=utf-8"
        )
        name = f"line-of-sight-{data.strategy.slug}-{version.number}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(request, TEMPLATE, {"page": page}, using="jinja2")
