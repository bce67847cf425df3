"""The indicator explorer's three charts, as Vega-Lite with a table of their figures: the
series over time, the ranking of districts and the map of districts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from localgrowth.domain import geo
from localgrowth.domain.evidence.benchmarks import ranks
from localgrowth.domain.evidence.polarity import Polarity as DomainPolarity
from localgrowth.evidence.models import Indicator, Polarity
from localgrowth.places.models import Area
from localgrowth.web import vega
from localgrowth.web.evidence.common import format_value

if TYPE_CHECKING:
    from localgrowth.web.evidence.explorer import Explorer


CHART_NAMES = ("series", "ranking", "map")
AMONG = {
    "partnership": "The partnership’s districts",
    "area": "The chosen area’s districts",
    "region": "Every district of its region",
}
BOUNDARY_PLACES = 3
"""About 100 m: enough for a map of districts a few hundred pixels wide."""


@dataclass(frozen=True)
class Series:
    key: str
    name: str
    values: dict[str, float]


def _axis_title(indicator: Indicator) -> str:
    return f"{indicator.title} ({indicator.unit})" if indicator.unit else indicator.title


def series_chart(
    page: Explorer, indicator: Indicator, periods: list[str], series: list[Series]
) -> vega.Chart:
    values = [
        {
            "series": item.name,
            "period": period,
            "value": value,
            "label": format_value(value, indicator),
        }
        for item in series
        for period, value in item.values.items()
    ]
    names = [item.name for item in series]
    ends = [
        {"series": item.name, "period": last, "value": item.values[last]}
        for item in series
        if (last := next((p for p in reversed(periods) if p in item.values), None))
    ]
    many = len(periods) > 12
    body = {
        "layer": [
            {
                "data": {"values": values},
                "mark": {"type": "line", "point": {"size": 60, "filled": True}, "strokeWidth": 3},
                "encoding": {
                    "x": {
                        "field": "period",
                        "type": "ordinal",
                        "sort": periods,
                        "title": "Period",
                        "axis": {"labelAngle": -45 if many else 0},
                    },
                    "y": {
                        "field": "value",
                        "type": "quantitative",
                        "title": _axis_title(indicator),
                        "scale": {"zero": False},
                    },
                    "color": {
                        "field": "series",
                        "type": "nominal",
                        "sort": names,
                        "scale": {
                            "domain": names,
                            "range": list(vega.SERIES_COLOURS[: len(names)]),
                        },
                        "title": None,
                    },
                    "strokeDash": {
                        "field": "series",
                        "type": "nominal",
                        "sort": names,
                        "scale": {"domain": names, "range": list(vega.SERIES_DASHES[: len(names)])},
                        "title": None,
                    },
                    "shape": {
                        "field": "series",
                        "type": "nominal",
                        "sort": names,
                        "scale": {"domain": names, "range": list(vega.SERIES_SHAPES[: len(names)])},
                        "title": None,
                    },
                    "tooltip": [
                        {"field": "series", "title": "Area"},
                        {"field": "period", "title": "Period"},
                        {"field": "label", "title": indicator.title},
                    ],
                },
            },
            {
                "data": {"values": ends},
                "mark": {"type": "text", "align": "left", "dx": 8, "fontSize": 13},
                "encoding": {
                    "x": {"field": "period", "type": "ordinal", "sort": periods},
                    "y": {"field": "value", "type": "quantitative"},
                    "text": {"field": "series"},
                    "color": {"value": vega.TEXT},
                },
            },
        ],
    }
    title = f"{indicator.title}: {page.area_name} over time"
    description = (
        f"Line chart of {indicator.title} for {', '.join(names)}, from {periods[0]} to "
        f"{periods[-1]}. The table below gives every value."
        if periods
        else f"No values of {indicator.title} are held."
    )
    headers = ["Period", *names]
    rows = [
        [period, *(format_value(s.values.get(period), indicator) for s in series)]
        for period in periods
    ]
    csv_rows = [[period, *(s.values.get(period) for s in series)] for period in periods]
    table = vega.Table(
        caption=f"{indicator.title} by period ({indicator.unit})",
        headers=headers,
        rows=rows,
        numeric=[False, *([True] * len(series))],
        csv_rows=csv_rows,
    )
    return vega.Chart(
        "chart-series",
        title,
        description,
        vega.spec(body, description, width=520, height=320),
        table,
        page.csv_url("series"),
    )


def _best_first(values: Mapping[str, float], indicator: Indicator) -> list[tuple[str, float]]:
    lower = indicator.polarity == Polarity.LOWER_BETTER
    return sorted(values.items(), key=lambda item: (item[1] if lower else -item[1], item[0]))


def ranking_chart(
    page: Explorer,
    indicator: Indicator,
    period: str,
    districts: list[Area],
    values: Mapping[str, float],
    area: Area,
    england: float | None,
) -> vega.Chart:
    names = {district.code: district.name for district in districts}
    ordered = _best_first(values, indicator)
    polarity = DomainPolarity(indicator.polarity)
    ranked = ranks(values, polarity)
    chosen = {district.pk for district in districts} & {area.pk}
    rows = []
    for code, value in ordered:
        selected = bool(chosen) and code == area.code
        label = format_value(value, indicator) + (" (chosen area)" if selected else "")
        rows.append(
            {
                "district": names[code],
                "code": code,
                "value": value,
                "label": label,
                "rank": ranked[code].position,
                "group": "Chosen area" if selected else "Other districts",
            }
        )
    order = [row["district"] for row in rows]
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": rows},
            "mark": {"type": "bar", "height": {"band": 0.8}},
            "encoding": {
                "y": {"field": "district", "type": "nominal", "sort": order, "title": None},
                "x": {"field": "value", "type": "quantitative", "title": _axis_title(indicator)},
                "color": {
                    "field": "group",
                    "type": "nominal",
                    "scale": {
                        "domain": ["Other districts", "Chosen area"],
                        "range": [vega.BLUE, vega.VERMILLION],
                    },
                    "title": None,
                    "legend": None,
                },
                "tooltip": [
                    {"field": "district", "title": "District"},
                    {"field": "label", "title": indicator.title},
                    {"field": "rank", "title": "Rank here"},
                ],
            },
        },
        {
            "data": {"values": rows},
            "mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 12},
            "encoding": {
                "y": {"field": "district", "type": "nominal", "sort": order},
                "x": {"field": "value", "type": "quantitative"},
                "text": {"field": "label"},
                "color": {"value": vega.TEXT},
            },
        },
    ]
    if england is not None:
        reference = [{"value": england, "label": f"England {format_value(england, indicator)}"}]
        layers += [
            {
                "data": {"values": reference},
                "mark": {
                    "type": "rule",
                    "strokeDash": [6, 4],
                    "strokeWidth": 2,
                    "color": vega.TEXT,
                },
                "encoding": {"x": {"field": "value", "type": "quantitative"}},
            },
            {
                "data": {"values": reference},
                "mark": {"type": "text", "align": "left", "baseline": "bottom", "dx": 4, "y": -4},
                "encoding": {
                    "x": {"field": "value", "type": "quantitative"},
                    "text": {"field": "label"},
                    "color": {"value": vega.TEXT},
                },
            },
        ]
    among = AMONG[page.choice.among].lower().replace("the ", "", 1)
    title = f"{indicator.title}, {period}: districts ranked"
    direction = (
        "lowest first (lower is better)"
        if indicator.polarity == Polarity.LOWER_BETTER
        else "highest first"
    )
    description = (
        f"Bar chart of {indicator.title} in {period} for {len(rows)} districts ({among}), "
        f"{direction}"
        + (
            f"; the dashed line is England’s value, {format_value(england, indicator)}"
            if england is not None
            else ""
        )
        + ". The table below gives every value."
    )
    table = vega.Table(
        caption=f"{indicator.title}, {period}, districts ranked {direction}",
        headers=["Rank", "District", "Code", f"Value ({indicator.unit})"],
        rows=[
            [str(row["rank"]), str(row["district"]), str(row["code"]), str(row["label"])]
            for row in rows
        ],
        numeric=[True, False, False, True],
        csv_rows=[[row["rank"], row["district"], row["code"], row["value"]] for row in rows],
    )
    height = max(120, 22 * len(rows))
    return vega.Chart(
        "chart-ranking",
        title,
        description,
        vega.spec({"layer": layers}, description, width=380, height=height),
        table,
        page.csv_url("ranking"),
    )


def quintile_breaks(values: list[float]) -> list[float]:
    """The four values splitting the sorted values into five groups as even as they can be."""
    ordered = sorted(values)
    if len(ordered) < 5:
        return []
    return [ordered[math.ceil(len(ordered) * k / 5) - 1] for k in range(1, 5)]


def map_chart(
    page: Explorer,
    indicator: Indicator,
    period: str,
    districts: list[Area],
    values: Mapping[str, float],
    area: Area,
) -> vega.Chart:
    features: list[dict[str, Any]] = []
    for district in districts:
        if not district.boundary:
            continue
        value = values.get(district.code)
        features.append(
            {
                "type": "Feature",
                "geometry": geo.wound_for_d3(district.boundary, BOUNDARY_PLACES),
                "properties": {
                    "name": district.name,
                    "code": district.code,
                    "value": value,
                    "label": format_value(value, indicator) if value is not None else "No value",
                },
            }
        )
    chosen = [f for f in features if f["properties"]["code"] == area.code]
    breaks = quintile_breaks(list(values.values()))
    color: dict[str, Any] = {
        "field": "properties.value",
        "type": "quantitative",
        "title": _axis_title(indicator),
        "scale": {"type": "threshold", "domain": breaks, "scheme": vega.SEQUENTIAL_SCHEME}
        if breaks
        else {"scheme": vega.SEQUENTIAL_SCHEME},
        "legend": {"format": f",.{indicator.decimal_places}f", "direction": "vertical"},
    }
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": features, "format": {"type": "json"}},
            "mark": {"type": "geoshape", "stroke": "white", "strokeWidth": 1},
            "encoding": {
                "color": color,
                "tooltip": [
                    {"field": "properties.name", "title": "District"},
                    {"field": "properties.label", "title": indicator.title},
                ],
            },
        },
    ]
    if chosen:
        layers.append(
            {
                "data": {"values": chosen, "format": {"type": "json"}},
                "mark": {
                    "type": "geoshape",
                    "fill": None,
                    "filled": False,
                    "stroke": vega.TEXT,
                    "strokeWidth": 3,
                },
            }
        )
    title = f"{indicator.title}, {period}: map of districts"
    description = (
        f"Map of {len(features)} districts shaded by {indicator.title} in {period}, in five "
        "groups of about equal size (darker is lower)"
        + (f"; {area.name}, the chosen area, is outlined in black" if chosen else "")
        + ". The table below gives every value."
    )
    rows: list[dict[str, Any]] = sorted(features, key=lambda f: f["properties"]["name"])
    band = {
        code: 1 + sum(1 for b in breaks if value >= b) if breaks else None
        for code, value in values.items()
    }
    table = vega.Table(
        caption=f"{indicator.title}, {period}, by district (the map’s figures)",
        headers=[
            "District",
            "Code",
            f"Value ({indicator.unit})",
            "Map shade (1 lowest, 5 highest)",
        ],
        rows=[
            [
                f["properties"]["name"],
                f["properties"]["code"],
                f["properties"]["label"],
                str(band.get(f["properties"]["code"]) or ""),
            ]
            for f in rows
        ],
        numeric=[False, False, True, True],
        csv_rows=[
            [
                f["properties"]["name"],
                f["properties"]["code"],
                f["properties"]["value"],
                band.get(f["properties"]["code"]),
            ]
            for f in rows
        ],
    )
    body = {"projection": {"type": "mercator"}, "layer": layers}
    return vega.Chart(
        "chart-map",
        title,
        description,
        vega.spec(body, description, width=520, height=400),
        table,
        page.csv_url("map"),
    )
