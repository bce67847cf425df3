"""An area's sector strengths: location quotients (a chart and table) and a shift-share
table, with their CSV headers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from localgrowth.domain.evidence.errors import EvidenceError
from localgrowth.evidence import analysis
from localgrowth.evidence.models import IndustryClassification
from localgrowth.places.models import Area
from localgrowth.web import vega
from localgrowth.web.evidence.common import (
    EvidenceNotFound,
    Option,
    area_name,
    find_area,
    profile_path,
    signed_percent,
    strengths_path,
)
from localgrowth.web.formatting import number

CLASSIFICATIONS = {
    IndustryClassification.RGVA: "GVA by industry (regional GVA)",
    IndustryClassification.SIC_SECTION: "Employees by industry section (BRES)",
    IndustryClassification.BROAD_GROUP: "Employees by broad industry group (BRES)",
}


@dataclass
class StrengthsPage:
    area: Area
    name: str
    values: dict[str, str]
    errors: dict[str, str]
    classifications: list[Option]
    result: analysis.Strengths | None = None
    chart: vega.Chart | None = None
    shift_share: vega.Table | None = None
    strengths: list[str] = field(default_factory=list)
    years: list[str] = field(default_factory=list)

    @property
    def error_list(self) -> list[dict[str, str]]:
        return [{"text": message, "href": f"#{name}"} for name, message in self.errors.items()]

    @property
    def query(self) -> str:
        return urlencode({key: value for key, value in self.values.items() if value})

    @property
    def profile_url(self) -> str:
        return profile_path(self.area.code)

    def csv_url(self, table: str) -> str:
        return strengths_path(self.area.code) + f"{table}.csv?{self.query}"


def _year(query: Mapping[str, Any], name: str, errors: dict[str, str]) -> int | None:
    text = (query.get(name) or "").strip()
    if not text:
        return None
    if not (text.isdigit() and len(text) == 4):
        errors[name] = "Enter a year as 4 digits, like 2018"
        return None
    return int(text)


def strengths_page(code: str, query: Mapping[str, Any]) -> StrengthsPage:
    area = find_area(code)
    if area is None:
        raise EvidenceNotFound(code)
    errors: dict[str, str] = {}
    classification = (query.get("classification") or IndustryClassification.RGVA).strip()
    if classification not in CLASSIFICATIONS:
        errors["classification"] = "Choose a measure from the list"
    base = _year(query, "base_year", errors)
    end = _year(query, "end_year", errors)
    values = {
        "classification": classification,
        "base_year": (query.get("base_year") or "").strip()[:10],
        "end_year": (query.get("end_year") or "").strip()[:10],
    }
    page = StrengthsPage(
        area=area,
        name=area_name(area),
        values=values,
        errors=errors,
        classifications=[Option(str(key), text) for key, text in CLASSIFICATIONS.items()],
    )
    if errors:
        return page
    try:
        result = analysis.strengths(area, classification, base, end)
    except analysis.StrengthsRefused as error:
        page.errors[error.parameter or "classification"] = str(error)
        return page
    except EvidenceError as error:
        page.errors["classification"] = str(error)
        return page
    page.result = result
    page.chart = lq_chart(page, result)
    page.shift_share = shift_share_table(result)
    page.strengths = [
        result.industry_names.get(item.industry, item.industry)
        for item in result.assessed
        if item.distinctive
    ]
    return page


def lq_chart(page: StrengthsPage, result: analysis.Strengths) -> vega.Chart:
    assessed = {item.industry: item for item in result.assessed}
    rows: list[dict[str, Any]] = []
    for code, quotient in sorted(
        result.location_quotients.items(), key=lambda item: -(item[1].lq or 0)
    ):
        name = result.industry_names.get(code, code)
        strength = assessed.get(code)
        distinctive = bool(strength and strength.distinctive)
        rows.append(
            {
                "industry": name,
                "code": code,
                "lq": quotient.lq,
                "label": (number(quotient.lq, 2) if quotient.lq is not None else "No value")
                + (" – distinctive strength" if distinctive else ""),
                "group": "Distinctive strength" if distinctive else "Other industries",
                "local_share": quotient.local_share,
                "national_share": quotient.national_share,
                "growth": strength.growth_percent if strength else None,
                "national_growth": strength.national_growth_percent if strength else None,
                "note": quotient.note,
            }
        )
    shown = [row for row in rows if row["lq"] is not None]
    order = [row["industry"] for row in shown]
    threshold = result.lq_threshold
    layers = [
        {
            "data": {"values": shown},
            "mark": {"type": "bar", "height": {"band": 0.8}},
            "encoding": {
                "y": {"field": "industry", "type": "nominal", "sort": order, "title": None},
                "x": {
                    "field": "lq",
                    "type": "quantitative",
                    "title": "Location quotient (England = 1)",
                    "axis": {"tickCount": 6, "format": ".1f"},
                },
                "color": {
                    "field": "group",
                    "type": "nominal",
                    "scale": {
                        "domain": ["Other industries", "Distinctive strength"],
                        "range": [vega.BLUE, vega.VERMILLION],
                    },
                    "title": None,
                },
                "tooltip": [
                    {"field": "industry", "title": "Industry"},
                    {"field": "label", "title": "Location quotient"},
                ],
            },
        },
        {
            "data": {"values": shown},
            "mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 12},
            "encoding": {
                "y": {"field": "industry", "type": "nominal", "sort": order},
                "x": {"field": "lq", "type": "quantitative"},
                "text": {"field": "label"},
                "color": {"value": vega.TEXT},
            },
        },
        {
            "data": {"values": [{"lq": 1.0}]},
            "mark": {"type": "rule", "strokeWidth": 2, "color": vega.TEXT},
            "encoding": {"x": {"field": "lq", "type": "quantitative"}},
        },
        {
            "data": {"values": [{"lq": threshold}]},
            "mark": {"type": "rule", "strokeDash": [6, 4], "strokeWidth": 2, "color": vega.TEXT},
            "encoding": {"x": {"field": "lq", "type": "quantitative"}},
        },
    ]
    description = (
        f"Bar chart of the location quotients of {len(shown)} industries in {page.name}, "
        f"{result.end_year}, highest first. The solid line is 1 (as specialised as England), "
        f"the dashed line {threshold:g} (the threshold of a distinctive strength); distinctive "
        "strengths are labelled. The table below gives every value."
    )

    def share(value: float | None) -> str:
        return "" if value is None else number(100 * value, 1) + "%"

    table = vega.Table(
        caption=f"Location quotients, {page.name}, {result.end_year}",
        headers=[
            "Industry",
            "Share of the area’s total",
            "Share of England’s total",
            "Location quotient",
            f"Growth {result.base_year} to {result.end_year}",
            "England’s growth",
            "Distinctive strength",
        ],
        rows=[
            [
                f"{row['industry']} ({row['code']})",
                share(row["local_share"]),
                share(row["national_share"]),
                number(row["lq"], 2) if row["lq"] is not None else (row["note"] or "No value"),
                signed_percent(row["growth"]),
                signed_percent(row["national_growth"]),
                "Yes" if row["group"] == "Distinctive strength" else "No",
            ]
            for row in rows
        ],
        numeric=[False, True, True, True, True, True, False],
        csv_rows=[
            [
                row["code"],
                row["industry"],
                row["local_share"],
                row["national_share"],
                row["lq"],
                row["growth"],
                row["national_growth"],
                row["group"] == "Distinctive strength",
            ]
            for row in rows
        ],
    )
    return vega.Chart(
        "chart-lq",
        f"Location quotients, {page.name}, {result.end_year}",
        description,
        vega.spec({"layer": layers}, description, width=300, height=max(120, 24 * len(shown))),
        table,
        page.csv_url("location-quotients"),
    )


LQ_CSV_HEADERS = [
    "industry",
    "name",
    "local_share",
    "england_share",
    "location_quotient",
    "growth_percent",
    "england_growth_percent",
    "distinctive",
]
SHIFT_SHARE_CSV_HEADERS = [
    "industry",
    "name",
    "base",
    "end",
    "change",
    "national_effect",
    "industry_mix_effect",
    "local_effect",
]


def shift_share_table(result: analysis.Strengths) -> vega.Table:
    unit = result.indicator.unit
    items = list(result.shift_share.industries.values())

    def fmt(value: float) -> str:
        text = number(abs(value), 1)
        return ("−" if value < 0 else "") + text

    rows = []
    csv_rows = []
    for item in [*items, result.shift_share.total]:
        name = (
            "All industries"
            if item is result.shift_share.total
            else result.industry_names.get(item.industry, item.industry)
        )
        rows.append(
            [
                name,
                fmt(item.base),
                fmt(item.end),
                fmt(item.change),
                fmt(item.national),
                fmt(item.industry_mix),
                fmt(item.local),
            ]
        )
        csv_rows.append(
            [
                item.industry,
                name,
                item.base,
                item.end,
                item.change,
                item.national,
                item.industry_mix,
                item.local,
            ]
        )
    return vega.Table(
        caption=(
            f"Shift-share of the change from {result.base_year} to {result.end_year} ({unit})"
        ),
        headers=[
            "Industry",
            str(result.base_year),
            str(result.end_year),
            "Change",
            "National growth effect",
            "Industry-mix effect",
            "Local effect",
        ],
        rows=rows,
        numeric=[False, True, True, True, True, True, True],
        csv_rows=csv_rows,
    )
