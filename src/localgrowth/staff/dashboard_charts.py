"""The programme dashboard's charts, as Vega-Lite with a table of their figures: the trajectory
to each headline target, and spend against profile by financial year and by quarter.

Each chart is drawn on the server as SVG (``localgrowth.web.vega``) and the same figures are
given in a table under it and as CSV. Only dated figures are placed on a time axis: a published
figure whose source gives no date is in the table, marked "date not recorded", never on the
chart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from localgrowth.returns.monitoring import MeasureTrajectory, ProgrammePosition, Snapshot
from localgrowth.web import vega
from localgrowth.web.formatting import long_date, money, number

CHART_NAMES = ("trajectory-jobs", "trajectory-homes", "spend-by-year", "spend-by-quarter")

PUBLISHED = "Published figure"
FROM_RETURNS = "Delivered, from approved returns"
PROJECTION = "Projection (median slippage)"
BAND = "Projection range (10th to 90th percentile of past slippage)"
TARGET = "Target"
MILLION = Decimal(1_000_000)

CsvUrl = Callable[[str], str]


def host(url: str) -> str:
    return urlsplit(url).netloc.lower().removeprefix("www.") or url


def _iso(day: date) -> str:
    return day.isoformat()


def _series_scale(names: Sequence[str], colours: dict[str, str]) -> dict[str, Any]:
    return {
        "field": "series",
        "type": "nominal",
        "title": None,
        "scale": {"domain": list(names), "range": [colours[name] for name in names]},
        "legend": {"orient": "bottom", "direction": "vertical"},
    }


# The trajectory to a headline target -------------------------------------------------------------


def trajectory_chart(item: MeasureTrajectory, csv_url: CsvUrl) -> vega.Chart:
    result = item.result
    published = [
        {
            "series": PUBLISHED,
            "date": _iso(snapshot.as_at),
            "value": float(snapshot.value),
            "label": number(snapshot.value),
        }
        for snapshot in item.dated_snapshots
        if snapshot.as_at is not None
    ]
    returns = [
        {"series": FROM_RETURNS, "date": _iso(point.as_at), "value": point.value}
        for point in item.returns_delivered
    ]
    projection = [
        {
            "series": PROJECTION,
            "date": _iso(point.as_at),
            "value": point.central,
            "low": point.low,
            "high": point.high,
        }
        for point in result.projection
    ]
    band = [{**row, "series": BAND} for row in projection]
    banded = any(row["low"] != row["high"] for row in band)
    target = [
        {
            "series": TARGET,
            "date": _iso(item.deadline),
            "value": float(item.target),
            "label": f"Target {number(item.target)} by {long_date(item.deadline)}",
        }
    ]
    colours = {
        PUBLISHED: vega.VERMILLION,
        FROM_RETURNS: vega.TEXT,
        PROJECTION: vega.BLUE,
        BAND: "#9ecae1",
        TARGET: vega.GREEN,
    }
    present = [
        series
        for series, rows in (
            (PUBLISHED, published),
            (FROM_RETURNS, returns),
            (BAND, band if banded else []),
            (PROJECTION, projection if len(projection) > 1 else []),
            (TARGET, target),
        )
        if rows
    ]
    color = _series_scale(present, colours)
    x = {
        "field": "date",
        "type": "temporal",
        "title": "Date",
        "axis": {"format": "%b %Y", "labelAngle": 0, "tickCount": 6},
        "scale": {"padding": 16},
    }
    y_title = f"{item.name} delivered (cumulative)"
    layers: list[dict[str, Any]] = []
    if banded:
        layers.append(
            {
                "data": {"values": band},
                "mark": {"type": "area", "opacity": 0.5},
                "encoding": {
                    "x": x,
                    "y": {"field": "low", "type": "quantitative", "title": y_title},
                    "y2": {"field": "high"},
                    "color": color,
                },
            }
        )
    if len(projection) > 1:
        layers.append(
            {
                "data": {"values": projection},
                "mark": {"type": "line", "strokeWidth": 3, "strokeDash": [8, 4]},
                "encoding": {
                    "x": x,
                    "y": {"field": "value", "type": "quantitative", "title": y_title},
                    "color": color,
                },
            }
        )
    if returns:
        layers.append(
            {
                "data": {"values": returns},
                "mark": {
                    "type": "line",
                    "strokeWidth": 2,
                    "point": {"shape": "square", "size": 50, "filled": True},
                },
                "encoding": {
                    "x": x,
                    "y": {"field": "value", "type": "quantitative", "title": y_title},
                    "color": color,
                },
            }
        )
    layers.append(
        {
            "data": {"values": target},
            "mark": {"type": "rule", "strokeWidth": 2, "strokeDash": [2, 3]},
            "encoding": {
                "y": {"field": "value", "type": "quantitative", "title": y_title},
                "color": color,
            },
        }
    )
    layers.append(
        {
            "data": {"values": target},
            "mark": {"type": "point", "shape": "diamond", "size": 120, "filled": True},
            "encoding": {
                "x": x,
                "y": {"field": "value", "type": "quantitative", "title": y_title},
                "color": color,
            },
        }
    )
    layers.append(
        {
            "data": {"values": target},
            "mark": {"type": "text", "align": "right", "baseline": "bottom", "dy": -8},
            "encoding": {
                "x": x,
                "y": {"field": "value", "type": "quantitative"},
                "text": {"field": "label"},
                "color": {"value": vega.TEXT},
            },
        }
    )
    if published:
        layers.append(
            {
                "data": {"values": published},
                "mark": {"type": "point", "shape": "circle", "size": 110, "filled": True},
                "encoding": {
                    "x": x,
                    "y": {"field": "value", "type": "quantitative", "title": y_title},
                    "color": color,
                },
            }
        )
        layers.append(
            {
                "data": {"values": published},
                "mark": {"type": "text", "align": "left", "dx": 8, "dy": -8},
                "encoding": {
                    "x": x,
                    "y": {"field": "value", "type": "quantitative"},
                    "text": {"field": "label"},
                    "color": {"value": vega.TEXT},
                },
            }
        )
    title = f"{item.name}: delivered and projected against the target"
    description = _trajectory_description(item)
    return vega.Chart(
        f"chart-trajectory-{item.measure}",
        title,
        description,
        vega.spec({"layer": layers}, description, width=560, height=340),
        trajectory_table(item),
        csv_url(f"trajectory-{item.measure}"),
    )


def _trajectory_description(item: MeasureTrajectory) -> str:
    result = item.result
    name = item.name.lower()
    parts = [
        f"Chart of {name} delivered over time against the target of {number(item.target)} "
        f"by {long_date(item.deadline)}."
    ]
    dated = item.dated_snapshots
    if dated:
        listed = "; ".join(f"{number(s.value)} on {long_date(s.as_at)}" for s in dated)
        parts.append(f"Published figures, as dots: {listed}.")
    else:
        parts.append("No dated published figure.")
    if item.returns_delivered:
        last = item.returns_delivered[-1]
        parts.append(
            f"Delivered according to approved returns, as a solid line: {number(last.value)} "
            f"by {long_date(last.as_at)}."
        )
    if result.at_deadline is not None and len(result.projection) > 1:
        point = result.at_deadline
        parts.append(
            f"Projection, as a dashed line, to {number(point.central)} by the deadline"
            + (
                f", within a range of {number(point.low)} to {number(point.high)}."
                if point.low != point.high
                else "."
            )
        )
    if item.undated_snapshots:
        parts.append(
            "Published figures whose date is not recorded are in the table, not on the chart."
        )
    parts.append("The table below gives every figure.")
    return " ".join(parts)


def _snapshot_row(snapshot: Snapshot) -> tuple[list[str], list[Any]]:
    when = long_date(snapshot.as_at) if snapshot.as_at else snapshot.as_at_text
    what = PUBLISHED if snapshot.on_axis else f"{PUBLISHED} (not on the chart: date not recorded)"
    source = f"{snapshot.wording} ({host(snapshot.source_url)})"
    return (
        [when, what, number(snapshot.value), "", "", source],
        [
            snapshot.as_at.isoformat() if snapshot.as_at else snapshot.as_at_text,
            what,
            float(snapshot.value),
            None,
            None,
            snapshot.source_url,
        ],
    )


def trajectory_table(item: MeasureTrajectory) -> vega.Table:
    dated: list[tuple[date, int, list[str], list[Any]]] = []
    for snapshot in item.dated_snapshots:
        assert snapshot.as_at is not None
        shown, raw = _snapshot_row(snapshot)
        dated.append((snapshot.as_at, 0, shown, raw))
    for point, reporting in zip(item.returns_delivered, item.returns_reporting, strict=True):
        what = f"{FROM_RETURNS} ({reporting} project{'' if reporting == 1 else 's'} reporting)"
        if item.illustrative:
            what += ", illustrative"
        dated.append(
            (
                point.as_at,
                1,
                [
                    long_date(point.as_at),
                    what,
                    number(point.value),
                    "",
                    "",
                    "Approved returns",
                ],
                [point.as_at.isoformat(), what, point.value, None, None, "Approved returns"],
            )
        )
    for index, band in enumerate(item.result.projection):
        if index == 0:
            continue
        basis = f"Latest forecasts; slippage from {item.result.ratios_used} past forecasts"
        dated.append(
            (
                band.as_at,
                2,
                [
                    long_date(band.as_at),
                    "Projection",
                    number(band.central),
                    number(band.low),
                    number(band.high),
                    basis,
                ],
                [
                    band.as_at.isoformat(),
                    "Projection",
                    band.central,
                    band.low,
                    band.high,
                    basis,
                ],
            )
        )
    source = f"{item.target_wording} ({host(item.target_source)})"
    dated.append(
        (
            item.deadline,
            3,
            [long_date(item.deadline), TARGET, number(item.target), "", "", source],
            [item.deadline.isoformat(), TARGET, float(item.target), None, None, item.target_source],
        )
    )
    dated.sort(key=lambda row: (row[0], row[1]))
    rows = [shown for *_, shown, _raw in dated]
    csv_rows = [raw for *_, raw in dated]
    for snapshot in item.undated_snapshots:
        shown, raw = _snapshot_row(snapshot)
        rows.append(shown)
        csv_rows.append(raw)
    return vega.Table(
        caption=f"{item.name}: published figures, returns, projection and target",
        headers=["Date", "Figure", item.name, "Range: low", "Range: high", "Source or basis"],
        rows=rows,
        numeric=[False, False, True, True, True, False],
        csv_rows=csv_rows,
    )


# Spend against profile ----------------------------------------------------------------------

SPEND_SERIES = {
    "Current baseline": (vega.BLUE, [1, 0], "circle"),
    "Original baseline": (vega.TEXT, [8, 4], "square"),
    "Actual": (vega.VERMILLION, [1, 0], "triangle-up"),
    "Latest forecast": (vega.GREEN, [2, 3], "diamond"),
    "Published spend to date": (vega.PURPLE, [1, 0], "circle"),
}


def _spend_encoding(names: Sequence[str], x: dict[str, Any]) -> dict[str, Any]:
    def scale(values: Sequence[Any]) -> dict[str, Any]:
        return {"domain": list(names), "range": list(values)}

    return {
        "x": x,
        "y": {"field": "millions", "type": "quantitative", "title": "Spend (£ million)"},
        "color": {
            "field": "series",
            "type": "nominal",
            "title": None,
            "scale": scale([SPEND_SERIES[n][0] for n in names]),
        },
        "strokeDash": {
            "field": "series",
            "type": "nominal",
            "title": None,
            "scale": scale([SPEND_SERIES[n][1] for n in names]),
        },
        "shape": {
            "field": "series",
            "type": "nominal",
            "title": None,
            "scale": scale([SPEND_SERIES[n][2] for n in names]),
        },
    }


def _millions(amount: Decimal) -> float:
    return float(amount / MILLION)


def _pounds(amount: Decimal | None) -> str:
    return money(amount) if amount is not None else "Not reported"


def spend_by_year_chart(position: ProgrammePosition, csv_url: CsvUrl) -> vega.Chart:
    years = [row.financial_year for row in position.spend_by_year]
    values = []
    for row in position.spend_by_year:
        for name, amount in (
            ("Current baseline", row.baseline),
            ("Original baseline", row.original),
            ("Actual", row.actual),
            ("Latest forecast", row.latest_forecast),
        ):
            if amount is not None:
                values.append(
                    {
                        "series": name,
                        "year": row.financial_year,
                        "millions": _millions(amount),
                        "label": money(amount),
                    }
                )
    names = [name for name in SPEND_SERIES if any(v["series"] == name for v in values)]
    x = {"field": "year", "type": "ordinal", "sort": years, "title": "Financial year"}
    body: dict[str, Any] = {
        "data": {"values": values},
        "mark": {"type": "line", "strokeWidth": 3, "point": {"size": 70, "filled": True}},
        "encoding": {
            **_spend_encoding(names, x),
            "tooltip": [
                {"field": "series", "title": "Series"},
                {"field": "year", "title": "Financial year"},
                {"field": "label", "title": "Spend"},
            ],
        },
    }
    if years:
        description = (
            f"Line chart of the programme's spend by financial year from {years[0]} to "
            f"{years[-1]}: the current and the original baseline profile, actual spend and the "
            "latest forecast. The table below gives every figure."
        )
    else:
        description = "No spend profile or actual spend is recorded for the programme's projects."
    table = vega.Table(
        caption="Spend by financial year (£)",
        headers=["Financial year", *SPEND_SERIES_YEAR],
        rows=[
            [
                row.financial_year,
                _pounds(row.baseline),
                _pounds(row.original),
                _pounds(row.actual),
                _pounds(row.latest_forecast),
            ]
            for row in position.spend_by_year
        ],
        numeric=[False, True, True, True, True],
        csv_rows=[
            [
                row.financial_year,
                *(
                    None if amount is None else float(amount)
                    for amount in (row.baseline, row.original, row.actual, row.latest_forecast)
                ),
            ]
            for row in position.spend_by_year
        ],
    )
    return vega.Chart(
        "chart-spend-by-year",
        "Spend by financial year: profile, actual and forecast",
        description,
        vega.spec(body, description, width=560, height=320),
        table,
        csv_url("spend-by-year"),
    )


SPEND_SERIES_YEAR = ["Current baseline", "Original baseline", "Actual", "Latest forecast"]


def spend_by_quarter_chart(position: ProgrammePosition, csv_url: CsvUrl) -> vega.Chart:
    values: list[dict[str, Any]] = []
    for row in position.spend_by_quarter:
        for name, amount in (
            ("Current baseline", row.profile),
            ("Original baseline", row.original),
            ("Actual", row.actual),
        ):
            if amount is not None:
                values.append(
                    {
                        "series": name,
                        "date": _iso(row.end),
                        "millions": _millions(amount),
                        "label": money(amount),
                    }
                )
    has_profile = any(row.profile or row.original for row in position.spend_by_quarter)
    if not has_profile:
        values = [v for v in values if v["series"] == "Actual"]
    published = [
        {
            "series": "Published spend to date",
            "date": _iso(snapshot.as_at),
            "millions": _millions(snapshot.value),
            "label": money(snapshot.value),
        }
        for snapshot in position.published_spend
        if snapshot.as_at is not None
    ]
    names = [
        name for name in SPEND_SERIES if any(v["series"] == name for v in [*values, *published])
    ]
    x = {
        "field": "date",
        "type": "temporal",
        "title": "Quarter ending",
        "axis": {"format": "%b %Y", "labelAngle": 0, "tickCount": 6},
        "scale": {"padding": 16},
    }
    encoding = _spend_encoding(names, x)
    tooltip = [
        {"field": "series", "title": "Series"},
        {"field": "date", "type": "temporal", "title": "Date", "format": "%d %b %Y"},
        {"field": "label", "title": "Cumulative spend"},
    ]
    layers: list[dict[str, Any]] = []
    if values:
        layers.append(
            {
                "data": {"values": values},
                "mark": {"type": "line", "strokeWidth": 3, "point": {"size": 40, "filled": True}},
                "encoding": {**encoding, "tooltip": tooltip},
            }
        )
    if published:
        layers.append(
            {
                "data": {"values": published},
                "mark": {"type": "point", "size": 140, "filled": True, "opacity": 1},
                "encoding": {key: value for key, value in encoding.items() if key != "strokeDash"}
                | {"tooltip": tooltip},
            }
        )
    quarters = position.spend_by_quarter
    if quarters:
        description = (
            f"Line chart of cumulative spend at each quarter's end from {quarters[0].label} "
            f"to {quarters[-1].label}: the profile of the current and of the original baseline, "
            "and actual spend in the approved returns of the projects reporting by then"
            + (", with the programme's published spend figures as points" if published else "")
            + ". The table below gives every figure."
        )
    elif published:
        description = (
            "Chart of the spend to date the programme published, at the dates its sources "
            "give; no spend profile or approved return is recorded for its projects. The table "
            "below gives every figure."
        )
    else:
        description = "No spend profile, approved return or published spend figure is recorded."
    dated: list[tuple[date, int, list[str], list[Any]]] = []
    for row in quarters:
        dated.append(
            (
                row.end,
                0,
                [
                    row.label,
                    long_date(row.end),
                    money(row.profile),
                    money(row.original),
                    _pounds(row.actual) + (" (illustrative)" if row.illustrative else ""),
                    number(row.reporting),
                    "",
                ],
                [
                    row.label,
                    row.end.isoformat(),
                    float(row.profile),
                    float(row.original),
                    None if row.actual is None else float(row.actual),
                    row.reporting,
                    None,
                ],
            )
        )
    undated: list[tuple[list[str], list[Any]]] = []
    for snapshot in position.published_spend:
        when = long_date(snapshot.as_at) if snapshot.as_at else snapshot.as_at_text
        what = "Published figure" if snapshot.on_axis else "Published figure, not on the chart"
        shown = [what, when, "", "", "", "", f"{money(snapshot.value)}: {snapshot.wording}"]
        raw = [
            what,
            snapshot.as_at.isoformat() if snapshot.as_at else snapshot.as_at_text,
            None,
            None,
            None,
            None,
            float(snapshot.value),
        ]
        if snapshot.as_at is not None:
            dated.append((snapshot.as_at, 1, shown, raw))
        else:
            undated.append((shown, raw))
    dated.sort(key=lambda item: (item[0], item[1]))
    table = vega.Table(
        caption="Cumulative spend at each quarter's end, and as the programme published it (£)",
        headers=[
            "Quarter or figure",
            "Date",
            "Profile, current baseline",
            "Profile, original baseline",
            "Actual, approved returns",
            "Projects reporting",
            "Published spend to date",
        ],
        rows=[shown for *_, shown, _raw in dated] + [shown for shown, _raw in undated],
        numeric=[False, False, True, True, True, True, False],
        csv_rows=[raw for *_, raw in dated] + [raw for _shown, raw in undated],
    )
    body: dict[str, Any] = {"layer": layers}
    return vega.Chart(
        "chart-spend-by-quarter",
        "Cumulative spend against profile by quarter",
        description,
        vega.spec(body, description, width=560, height=320),
        table,
        csv_url("spend-by-quarter"),
    )


def dashboard_charts(position: ProgrammePosition, csv_url: CsvUrl) -> dict[str, vega.Chart]:
    charts = {
        f"trajectory-{item.measure}": trajectory_chart(item, csv_url)
        for item in position.trajectories
    }
    if position.spend_by_year:
        charts["spend-by-year"] = spend_by_year_chart(position, csv_url)
    if position.spend_by_quarter or any(s.on_axis for s in position.published_spend):
        charts["spend-by-quarter"] = spend_by_quarter_chart(position, csv_url)
    return charts
