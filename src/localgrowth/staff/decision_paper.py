"""The decision paper of a saved scenario: what the board is asked to decide, as a staff page
and as a PDF drawn by WeasyPrint on A4.

The paper is built from the saved scenario alone (``Scenario`` and its ``ScenarioLine`` rows):
it never chooses the portfolio again, so every figure in it is the scenario's as saved, however
the call or its candidates have changed since. It gives, in numbered sections: the decision in
summary (status, objective, gap, what is funded against the budget, gross jobs and homes); the
funded grant by financial year against the budget; the candidates' value against the grant
they ask for; where the money goes, as a map of the partnership's federated areas (or of the
districts the candidates serve) shaded by grant funded; every candidate's figures and ranks;
why each candidate is in or out; what each constraint costs; what funding down the ranking by
value ÷ cost would have chosen; and the sources and licences. Each chart is SVG drawn on the
server (``localgrowth.web.vega``) and is followed by a table of the same figures. A scenario
with no portfolio gives the constraints that conflict instead.

The PDF is tagged (PDF/UA-1) with its title and language, carries the saved stamp on every
page and fetches nothing while it is drawn: styles and charts are inline and any other address
is refused.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from localgrowth.domain import geo
from localgrowth.domain.portfolio.wording import percent as share_percent
from localgrowth.places.models import Area, Partnership
from localgrowth.prioritisation.models import (
    Call,
    Candidate,
    Objective,
    Scenario,
    ScenarioLine,
)
from localgrowth.prioritisation.scenarios import Totals, gap_words, totals
from localgrowth.web import vega
from localgrowth.web.formatting import long_date, money, money_short, number
from localgrowth.web.sources import OGL, OGL_ATTRIBUTION, OGL_URL, OS_ATTRIBUTION

TEMPLATE = "staff/paper/paper.html"
MILLION = 1_000_000

FUNDED = "Funded in full"
PART_FUNDED = "Part-funded"
NOT_FUNDED = "Not funded"
OUTCOME_COLOURS = {FUNDED: vega.BLUE, PART_FUNDED: vega.GREEN, NOT_FUNDED: vega.VERMILLION}
OUTCOME_SHAPES = {FUNDED: "circle", PART_FUNDED: "diamond", NOT_FUNDED: "triangle-up"}
PALE = "#f3f2f1"
"""The fill of a place with no grant funded."""

STATUS_TEXT = {
    "optimal": "Proven the best possible portfolio",
    "time_limit": "The best portfolio found within the time limit",
    "infeasible": "No portfolio meets every constraint",
}

BOUNDARY_VINTAGE = 2023
"""The federated areas and districts are drawn from the ONS December 2023 district
boundaries (places/data/PROVENANCE.md), which carry OS data of that year."""
BOUNDARY_ATTRIBUTION = (
    f"{OGL_ATTRIBUTION} {OS_ATTRIBUTION} {BOUNDARY_VINTAGE}. "
    "Source: Office for National Statistics licensed under the Open Government Licence v3.0."
)


# How figures read -------------------------------------------------------------------------------


def pounds(value: float | Decimal | None) -> str:
    """Pounds in full, with pence when there are any, as every amount in the paper reads."""
    return money(value) if value is not None else "Not known"


def objective_figure(scenario: Scenario) -> str:
    """The objective of the chosen portfolio as the paper gives it: pounds for net present
    social value, a number to three decimal places for a total weighted score."""
    value = scenario.objective_value
    if value is None:
        return "None: no portfolio was found"
    if scenario.objective == Objective.NET_BENEFIT:
        return pounds(value)
    return number(value, 3)


def value_figure(scenario: Scenario, value: float | None) -> str:
    """A candidate's value to the objective, in the objective's units."""
    if value is None:
        return "Not scored"
    if scenario.objective == Objective.NET_BENEFIT:
        return pounds(value)
    return number(value, 3)


def share_text(share: float) -> str:
    """A share funded: ``100%``, ``62.5%``, ``0%``."""
    return share_percent(share)


def outcome(line: ScenarioLine) -> str:
    if not line.eligible:
        return "Not eligible"
    if line.share <= 0:
        return NOT_FUNDED
    if line.share >= 1 - 1e-9:
        return FUNDED
    return f"Funded at {share_text(line.share)}"


def _outcome_group(line: ScenarioLine) -> str:
    if line.share <= 0:
        return NOT_FUNDED
    return FUNDED if line.share >= 1 - 1e-9 else PART_FUNDED


def _rank(value: int | None) -> str:
    return str(value) if value is not None else "Not ranked"


def _bcr(value: float | None) -> str:
    return number(value, 2) if value is not None else "Not known"


def saved_text(scenario: Scenario) -> str:
    """``26 November 2026 at 18:30``."""
    when = timezone.localtime(scenario.created_at)
    return f"{long_date(when.date())} at {when:%H:%M}"


# The paper --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    key: str
    number: int
    title: str

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}"


@dataclass(frozen=True)
class SummaryFigure:
    key: str
    label: str
    value: str
    detail: str = ""


@dataclass(frozen=True)
class CandidateRow:
    """One candidate as the paper's tables give it, every figure formatted."""

    line: ScenarioLine
    outcome: str
    eligible: str
    share: str
    grant: str
    grant_funded: str
    value: str
    bcr: str
    value_for_money: str
    weighted_sum_rank: str
    topsis_rank: str
    rank_held: str


@dataclass(frozen=True)
class AreaGrant:
    """The grant funded in one place of the map, and the funded projects there."""

    name: str
    code: str
    grant: float
    projects: tuple[str, ...]
    on_map: bool


@dataclass
class DecisionPaper:
    scenario: Scenario
    lines: list[ScenarioLine]
    totals: Totals
    produced_on: date
    for_print: bool = False
    charts: dict[str, vega.Chart] = field(default_factory=dict)
    map_kind: str = ""
    """``federated areas``, ``districts`` or empty when nothing can be mapped."""
    map_areas: list[AreaGrant] = field(default_factory=list)
    partnership: Partnership | None = None

    @property
    def call(self) -> Call:
        return self.scenario.call

    @property
    def title(self) -> str:
        return f"Decision paper: {self.scenario.name}"

    @property
    def document_title(self) -> str:
        return f"{self.call.name}: decision paper, {self.scenario.name}, saved {self.saved}"

    @property
    def saved(self) -> str:
        return saved_text(self.scenario)

    @property
    def saved_by(self) -> str:
        user = self.scenario.created_by
        if user is None:
            return "not recorded"
        return user.get_full_name() or user.get_username()

    @property
    def stamp(self) -> str:
        """Where the figures come from and when, at the top of the paper and on every page."""
        return (
            f"{self.call.name}: scenario “{self.scenario.name}”, saved on {self.saved}. Every "
            "figure is the scenario's as saved, from the call and its candidates as they stood "
            f"then; produced on {long_date(self.produced_on)}."
        )

    @property
    def page_stamp(self) -> str:
        return f"{self.scenario.name}: figures as saved on {self.saved}"

    @property
    def feasible(self) -> bool:
        return self.scenario.feasible

    @property
    def illustrative(self) -> bool:
        return self.scenario.illustrative or any(line.illustrative for line in self.lines)

    @property
    def status_text(self) -> str:
        if self.scenario.status == "time_limit" and not self.feasible:
            return "No portfolio was found within the time limit"
        return STATUS_TEXT.get(self.scenario.status, self.scenario.status)

    @property
    def objective_label(self) -> str:
        return str(Objective(self.scenario.objective).label)

    @property
    def objective_figure(self) -> str:
        return objective_figure(self.scenario)

    @property
    def gap(self) -> str:
        return gap_words(self.scenario)

    @property
    def funded_lines(self) -> list[ScenarioLine]:
        return [line for line in self.lines if line.funded]

    @property
    def eligible_count(self) -> int:
        return sum(1 for line in self.lines if line.eligible)

    @property
    def also_must_fund(self) -> list[str]:
        return sorted(self.scenario.also_must_fund.values_list("reference", flat=True))

    @property
    def also_excluded(self) -> list[str]:
        return sorted(self.scenario.also_excluded.values_list("reference", flat=True))

    @property
    def years(self) -> list[str]:
        return sorted(set(self.scenario.budget_by_year) | set(self.scenario.cost_by_year))

    def funded_in(self, year: str) -> float:
        return float(self.scenario.cost_by_year.get(year, 0.0))

    def budget_in(self, year: str) -> float | None:
        budget = self.scenario.budget_by_year.get(year)
        return None if budget is None else float(budget)

    @property
    def summary(self) -> list[SummaryFigure]:
        return summary_figures(self)

    @property
    def rows(self) -> list[CandidateRow]:
        return [candidate_row(self.scenario, line) for line in self.lines]

    @property
    def reasons(self) -> list[CandidateRow]:
        """Every candidate for "why in, why out": funded first (most grant first), then those
        not funded, then those not eligible."""
        rows = self.rows
        return sorted(
            rows,
            key=lambda row: (
                0 if row.line.funded else 1 if row.line.eligible else 2,
                -row.line.grant_funded,
                row.line.reference,
            ),
        )

    @property
    def binding(self) -> list[dict[str, Any]]:
        return [one for one in self.scenario.constraint_costs if one.get("binds")]

    @property
    def not_binding(self) -> list[dict[str, Any]]:
        return [one for one in self.scenario.constraint_costs if not one.get("binds")]

    @property
    def greedy(self) -> dict[str, Any]:
        return self.scenario.greedy or {}

    @property
    def greedy_funded(self) -> list[tuple[str, str, str]]:
        """Each candidate either choice funds: reference, share by greedy, share chosen."""
        greedy = self.greedy.get("funded", {})
        chosen = {line.reference: line.share for line in self.lines}
        references = sorted(set(greedy) | {ref for ref, share in chosen.items() if share > 0})
        return [
            (
                reference,
                share_text(float(greedy.get(reference, 0.0))),
                share_text(chosen.get(reference, 0.0)),
            )
            for reference in references
        ]

    @property
    def greedy_objective(self) -> str:
        value = self.greedy.get("objective")
        return value_figure(self.scenario, None if value is None else float(value))

    @property
    def greedy_lost(self) -> str:
        value = self.greedy.get("lost")
        return value_figure(self.scenario, None if value is None else float(value))

    @property
    def agreement(self) -> str:
        found = self.scenario.agreement or {}
        if "spearman_rho" not in found:
            return ""
        return (
            "Between the weighted-sum and TOPSIS rankings, Spearman's rho is "
            f"{number(found['spearman_rho'], 2)} and Kendall's tau "
            f"{number(found.get('kendall_tau'), 2)} (1 is the same order, −1 the reverse)."
        )

    @property
    def sections(self) -> list[Section]:
        keys: list[tuple[str, str]] = [("summary", "The decision in summary")]
        if self.feasible:
            keys += [
                ("by-year", "Funded grant by financial year"),
                ("value", "Value against grant"),
                ("map", "Where the money goes"),
            ]
        else:
            keys.append(("conflicts", "Why no portfolio meets the constraints"))
        keys += [("candidates", "Every candidate"), ("reasons", "Why in, why out")]
        if self.feasible:
            keys += [
                ("constraints", "What the constraints cost"),
                ("greedy", "Compared with funding down the ranking"),
            ]
        keys.append(("sources", "Sources, method and licence"))
        return [Section(key, index, title) for index, (key, title) in enumerate(keys, start=1)]

    def section(self, key: str) -> Section:
        return next(section for section in self.sections if section.key == key)

    @property
    def map_source(self) -> str:
        return BOUNDARY_ATTRIBUTION

    @property
    def map_table(self) -> vega.Table:
        return map_table(self)

    @property
    def ogl(self) -> tuple[str, str]:
        return OGL, OGL_URL

    @property
    def ogl_attribution(self) -> str:
        return OGL_ATTRIBUTION

    @staticmethod
    def pounds(value: float | Decimal | None) -> str:
        return pounds(value)


def candidate_row(scenario: Scenario, line: ScenarioLine) -> CandidateRow:
    return CandidateRow(
        line=line,
        outcome=outcome(line),
        eligible="Yes" if line.eligible else "No",
        share=share_text(line.share),
        grant=pounds(line.grant),
        grant_funded=pounds(line.grant_funded),
        value=value_figure(scenario, line.value),
        bcr=_bcr(line.bcr),
        value_for_money=(line.value_for_money or "Not known").replace("_", " ").capitalize(),
        weighted_sum_rank=_rank(line.weighted_sum_rank),
        topsis_rank=_rank(line.topsis_rank),
        rank_held=share_text(line.rank_held) if line.rank_held is not None else "Not ranked",
    )


def summary_figures(paper: DecisionPaper) -> list[SummaryFigure]:
    scenario, figures = paper.scenario, paper.totals
    count = len(paper.lines)
    found = [
        SummaryFigure("status", "Solver status", paper.status_text, scenario.message),
    ]
    if not paper.feasible:
        conflicts = len(scenario.conflicts)
        found.append(
            SummaryFigure(
                "conflicts",
                "Conflicting constraints",
                number(conflicts),
                "Listed under ‘Why no portfolio meets the constraints’",
            )
        )
        found.append(
            SummaryFigure(
                "candidates",
                "Candidates",
                number(count),
                f"{number(paper.eligible_count)} eligible",
            )
        )
        return found
    budget = None if scenario.budget_total is None else float(scenario.budget_total)
    found += [
        SummaryFigure(
            "objective",
            f"Objective: {paper.objective_label.lower()}",
            paper.objective_figure,
            f"Optimality gap {paper.gap}: how far the portfolio may be from the best possible",
        ),
        SummaryFigure(
            "funded",
            "Projects funded",
            number(figures.funded),
            f"Of {number(paper.eligible_count)} eligible candidates ({number(count)} in all)",
        ),
        SummaryFigure(
            "grant",
            "Grant funded",
            pounds(figures.grant_funded),
            (
                f"Of a total budget of {pounds(budget)} "
                f"({share_text(figures.grant_funded / budget) if budget else 'no budget'}); "
                f"the eligible candidates ask for {pounds(figures.grant_requested)}"
            )
            if budget is not None
            else f"The call has no total budget; the eligible candidates ask for "
            f"{pounds(figures.grant_requested)}",
        ),
    ]
    if figures.unspent is not None:
        found.append(
            SummaryFigure(
                "unspent",
                "Budget unspent",
                pounds(figures.unspent),
                "The total budget less the grant funded",
            )
        )
    found += [
        SummaryFigure(
            "jobs",
            "Gross jobs funded",
            number(figures.gross_jobs, 1),
            "The funded projects' forecast gross jobs, scaled by the share funded",
        ),
        SummaryFigure(
            "homes",
            "Gross homes funded",
            number(figures.gross_homes, 1),
            "The funded projects' forecast gross homes, scaled by the share funded",
        ),
    ]
    return found


# Charts -----------------------------------------------------------------------------------------


def _millions(amount: float) -> float:
    return amount / MILLION


def budget_chart(paper: DecisionPaper) -> vega.Chart | None:
    """Funded grant by financial year, beside each year's budget."""
    years = paper.years
    if not years:
        return None
    series = ["Budget", "Funded grant"]
    values: list[dict[str, Any]] = []
    for year in years:
        budget = paper.budget_in(year)
        if budget is not None:
            values.append(
                {
                    "year": year,
                    "series": "Budget",
                    "millions": _millions(budget),
                    "label": money_short(budget),
                }
            )
        funded = paper.funded_in(year)
        values.append(
            {
                "year": year,
                "series": "Funded grant",
                "millions": _millions(funded),
                "label": money_short(funded),
            }
        )
    present = [name for name in series if any(value["series"] == name for value in values)]
    x = {"field": "year", "type": "ordinal", "sort": years, "title": "Financial year"}
    encoding = {
        "x": {**x, "axis": {"labelAngle": 0}},
        "xOffset": {"field": "series", "type": "nominal", "sort": present},
        "y": {"field": "millions", "type": "quantitative", "title": "Grant (£ million)"},
        "color": {
            "field": "series",
            "type": "nominal",
            "title": None,
            "sort": present,
            "scale": {
                "domain": present,
                "range": [vega.TEXT if name == "Budget" else vega.BLUE for name in present],
            },
        },
    }
    layers = [
        {"mark": {"type": "bar"}, "encoding": encoding},
        {
            "mark": {"type": "text", "baseline": "bottom", "dy": -4, "fontSize": 12},
            "encoding": {
                "x": encoding["x"],
                "xOffset": encoding["xOffset"],
                "y": encoding["y"],
                "text": {"field": "label"},
                "color": {"value": vega.TEXT},
            },
        },
    ]
    parts = []
    for year in years:
        budget = paper.budget_in(year)
        parts.append(
            f"{year}: {pounds(paper.funded_in(year))} funded"
            + (f" of a budget of {pounds(budget)}" if budget is not None else ", no budget set")
        )
    description = (
        "Bar chart of the grant funded in each financial year beside the year's budget. "
        + "; ".join(parts)
        + ". The table below gives every figure."
    )
    table = vega.Table(
        caption="Funded grant and budget by financial year (£)",
        headers=["Financial year", "Budget", "Funded grant", "Budget unspent"],
        rows=[
            [
                year,
                pounds(paper.budget_in(year)),
                pounds(paper.funded_in(year)),
                pounds((paper.budget_in(year) or 0.0) - paper.funded_in(year))
                if paper.budget_in(year) is not None
                else "No budget set",
            ]
            for year in years
        ],
        numeric=[False, True, True, True],
    )
    body = {"data": {"values": values}, "layer": layers}
    return vega.Chart(
        "paper-chart-by-year",
        "Funded grant by financial year against the budget",
        description,
        vega.spec(body, description, width=max(280, 150 * len(years)), height=260),
        table,
        "",
    )


def value_chart(paper: DecisionPaper) -> vega.Chart | None:
    """Each scored candidate's value to the objective against the grant it asks for, marked
    funded or not."""
    scored = [line for line in paper.lines if line.eligible and line.value is not None]
    if not scored:
        return None
    net = paper.scenario.objective == Objective.NET_BENEFIT
    y_title = (
        "Net present social value (£ million)" if net else "Weighted score (value to the choice)"
    )
    values = [
        {
            "reference": line.reference,
            "grant": _millions(line.grant),
            "value": _millions(line.value) if net else line.value,
            "outcome": _outcome_group(line),
        }
        for line in scored
        if line.value is not None
    ]
    present = [name for name in OUTCOME_COLOURS if any(v["outcome"] == name for v in values)]
    x = {
        "field": "grant",
        "type": "quantitative",
        "title": "Grant requested (£ million)",
        "axis": {"tickCount": 6, "format": ",.1f"},
    }
    y = {"field": "value", "type": "quantitative", "title": y_title, "axis": {"tickCount": 6}}
    layers = [
        {
            "mark": {"type": "point", "filled": True, "size": 120, "opacity": 1},
            "encoding": {
                "x": x,
                "y": y,
                "color": {
                    "field": "outcome",
                    "type": "nominal",
                    "title": None,
                    "scale": {"domain": present, "range": [OUTCOME_COLOURS[n] for n in present]},
                },
                "shape": {
                    "field": "outcome",
                    "type": "nominal",
                    "title": None,
                    "scale": {"domain": present, "range": [OUTCOME_SHAPES[n] for n in present]},
                },
            },
        },
        {
            "mark": {"type": "text", "align": "left", "dx": 9, "dy": -7, "fontSize": 12},
            "encoding": {
                "x": x,
                "y": y,
                "text": {"field": "reference"},
                "color": {"value": vega.TEXT},
            },
        },
    ]
    funded = sum(1 for line in scored if line.funded)
    description = (
        f"Scatter chart of the {len(scored)} eligible candidates' value to the objective "
        f"({paper.objective_label.lower()}) against the grant each asks for, each labelled by "
        f"its reference and marked by whether it is funded ({funded} funded). The table below "
        "gives every figure."
    )
    ordered = sorted(scored, key=lambda line: (-(line.value or 0.0), line.reference))
    table = vega.Table(
        caption="Eligible candidates' value and grant, highest value first",
        headers=[
            "Candidate",
            "Grant requested",
            f"Value ({paper.objective_label.lower()})",
            "Weighted-sum rank",
            "Share funded",
        ],
        rows=[
            [
                f"{line.reference} {line.title}",
                pounds(line.grant),
                value_figure(paper.scenario, line.value),
                _rank(line.weighted_sum_rank),
                share_text(line.share),
            ]
            for line in ordered
        ],
        numeric=[False, True, True, True, True],
    )
    body = {"data": {"values": values}, "layer": layers}
    return vega.Chart(
        "paper-chart-value",
        "Candidates' value against the grant they ask for",
        description,
        vega.spec(body, description, width=480, height=300),
        table,
        "",
    )


# The map ----------------------------------------------------------------------------------------


def find_partnership(paper: DecisionPaper) -> Partnership | None:
    """The partnership the call is for: the one whose programmes hold the call's fund, else the
    one whose federated areas the candidates are in, else the only one there is."""
    call = paper.call
    if call.fund_id is not None:
        found = Partnership.objects.filter(programmes__funds=call.fund_id).distinct()
        if len(found) == 1:
            return found[0]
    names = {line.area for line in paper.lines if line.area}
    if names:
        found = Partnership.objects.filter(federated_areas__name__in=names).distinct()
        if len(found) == 1:
            return found[0]
    every = list(Partnership.objects.all()[:2])
    return every[0] if len(every) == 1 else None


def federated_grants(paper: DecisionPaper, areas: Sequence[Area]) -> list[AreaGrant]:
    """The grant funded in each federated area (by the area each candidate is in), then any in
    no federated area of the partnership."""
    funded: dict[str, list[ScenarioLine]] = defaultdict(list)
    for line in paper.funded_lines:
        funded[line.area].append(line)
    rows = [
        AreaGrant(
            area.name,
            area.code,
            math.fsum(line.grant_funded for line in funded.get(area.name, [])),
            tuple(line.reference for line in funded.get(area.name, [])),
            bool(area.boundary),
        )
        for area in areas
    ]
    known = {area.name for area in areas}
    elsewhere = [line for line in paper.funded_lines if line.area not in known]
    if elsewhere:
        rows.append(
            AreaGrant(
                "Not in one of the federated areas",
                "",
                math.fsum(line.grant_funded for line in elsewhere),
                tuple(line.reference for line in elsewhere),
                False,
            )
        )
    return rows


def district_grants(paper: DecisionPaper) -> tuple[list[AreaGrant], dict[str, Area]]:
    """The grant funded to projects serving each district (a project serving several counts in
    full in each), for the districts any candidate serves."""
    lines = [line for line in paper.lines if line.candidate_id is not None]
    served: dict[int, list[Area]] = defaultdict(list)
    pairs = Candidate.places.through.objects.filter(
        candidate_id__in=[line.candidate_id for line in lines]
    )
    districts = {
        area.pk: area
        for area in Area.objects.filter(pk__in=pairs.values("area_id"), area_type="district")
    }
    for candidate_id, area_id in pairs.values_list("candidate_id", "area_id"):
        if area_id in districts:
            served[candidate_id].append(districts[area_id])
    funded: dict[str, list[ScenarioLine]] = defaultdict(list)
    for line in lines:
        if line.funded and line.candidate_id is not None:
            for district in served.get(line.candidate_id, []):
                funded[district.code].append(line)
    ordered = sorted(districts.values(), key=lambda area: (area.name, area.code))
    rows = [
        AreaGrant(
            area.name,
            area.code,
            math.fsum(line.grant_funded for line in funded.get(area.code, [])),
            tuple(line.reference for line in funded.get(area.code, [])),
            bool(area.boundary),
        )
        for area in ordered
    ]
    return rows, {area.code: area for area in ordered}


def map_chart(paper: DecisionPaper, areas: dict[str, Area]) -> vega.Chart | None:
    rows = [row for row in paper.map_areas if row.on_map and row.code in areas]
    if not rows:
        return None
    top = max((row.grant for row in rows), default=0.0)
    features = []
    for row in rows:
        area = areas[row.code]
        assert area.boundary is not None
        features.append(
            {
                "type": "Feature",
                "geometry": geo.wound_for_d3(area.boundary),
                "properties": {"name": row.name, "code": row.code, "grant": row.grant},
            }
        )
    color: dict[str, Any] = {"value": PALE}
    if top > 0:
        color = {
            "condition": {"test": "datum.properties.grant <= 0", "value": PALE},
            "field": "properties.grant",
            "type": "quantitative",
            "title": "Grant funded (£)",
            "scale": {"scheme": "blues", "domain": [0, top]},
            "legend": {
                "labelExpr": "'£' + format(datum.value, ',.0f')",
                "direction": "vertical",
                "orient": "right",
                "tickCount": 4,
            },
        }
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": features, "format": {"type": "json"}},
            "mark": {"type": "geoshape", "stroke": vega.TEXT, "strokeWidth": 1},
            "encoding": {"color": color},
        }
    ]
    if paper.map_kind == "federated areas":
        labels = [
            {
                "lines": [row.name, pounds(row.grant)],
                "grant": row.grant,
                "lat": areas[row.code].centroid_lat,
                "lon": areas[row.code].centroid_lon,
            }
            for row in rows
            if areas[row.code].centroid_lat is not None
        ]
        layers.append(
            {
                "data": {"values": labels},
                "mark": {"type": "text", "fontSize": 12, "fontWeight": "bold"},
                "encoding": {
                    "longitude": {"field": "lon", "type": "quantitative"},
                    "latitude": {"field": "lat", "type": "quantitative"},
                    "text": {"field": "lines"},
                    # White on the darker half of the scale, near-black on the lighter.
                    "color": {
                        "condition": {"test": f"datum.grant > {top * 0.7!r}", "value": "white"},
                        "value": vega.TEXT,
                    }
                    if top > 0
                    else {"value": vega.TEXT},
                },
            }
        )
    kind = paper.map_kind
    shaded = [row for row in rows if row.grant > 0]
    description = (
        f"Map of the {len(rows)} {kind} shaded by the grant funded "
        + ("to projects in each" if kind == "federated areas" else "to projects serving each")
        + " (darker is more; those with none are pale grey). "
        + (
            "; ".join(f"{row.name}: {pounds(row.grant)}" for row in shaded)
            if shaded
            else "No grant is funded in any of them"
        )
        + ". The table below gives every figure."
    )
    body = {"projection": {"type": "mercator"}, "layer": layers}
    return vega.Chart(
        "paper-chart-map",
        "Grant funded by federated area"
        if kind == "federated areas"
        else "Grant funded by district",
        description,
        vega.spec(body, description, width=460, height=340),
        map_table(paper),
        "",
    )


def map_table(paper: DecisionPaper) -> vega.Table:
    place = "Federated area" if paper.map_kind == "federated areas" else "District"
    return vega.Table(
        caption=f"Grant funded by {place.lower()} (the map's figures)",
        headers=[place, "Grant funded", "Funded projects"],
        rows=[
            [
                row.name,
                pounds(row.grant),
                ", ".join(row.projects) if row.projects else "No projects",
            ]
            for row in paper.map_areas
        ],
        numeric=[False, True, False],
    )


def add_map(paper: DecisionPaper) -> None:
    partnership = find_partnership(paper)
    paper.partnership = partnership
    federated = list(partnership.federated_areas.order_by("name")) if partnership else []
    areas: dict[str, Area]
    if federated:
        paper.map_kind = "federated areas"
        paper.map_areas = federated_grants(paper, federated)
        areas = {area.code: area for area in federated}
    else:
        rows, areas = district_grants(paper)
        if not rows:
            return
        paper.map_kind = "districts"
        paper.map_areas = rows
    chart = map_chart(paper, areas)
    if chart is not None:
        paper.charts["map"] = chart


# Building and drawing ---------------------------------------------------------------------------


def decision_paper(
    scenario: Scenario, *, for_print: bool = False, produced_on: date | None = None
) -> DecisionPaper:
    """The paper of a saved scenario, from its stored figures only."""
    lines = list(scenario.lines.order_by("reference"))
    paper = DecisionPaper(
        scenario=scenario,
        lines=lines,
        totals=totals(scenario, lines),
        produced_on=produced_on or timezone.localdate(),
        for_print=for_print,
    )
    if paper.feasible:
        for key, chart in (("by-year", budget_chart(paper)), ("value", value_chart(paper))):
            if chart is not None:
                paper.charts[key] = chart
        add_map(paper)
    return paper


def paper_html(paper: DecisionPaper) -> str:
    return render_to_string(TEMPLATE, {"paper": paper}, using="jinja2")


def paper_pdf(paper: DecisionPaper) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    assert paper.for_print
    html = HTML(
        string=paper_html(paper),
        url_fetcher=URLFetcher(allowed_protocols=["data"]),
        base_url="about:blank",
    )
    document = html.render()
    document.metadata.title = paper.document_title
    document.metadata.authors = ["localgrowth"]
    document.metadata.lang = "en-GB"
    pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1")
    return pdf
