"""The evidence pages: the evidence base, the indicator explorer, an area's profile and
scorecard, and its sector strengths.

The figures come from ``localgrowth.evidence.analysis`` (values of any area, published or
aggregated from its districts, scorecards, similar places and sector strengths); this module
only arranges them for the pages, as tables and as Vega-Lite charts (``vega``).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import quote, urlencode

from localgrowth.domain.evidence.benchmarks import Rag, ranks
from localgrowth.domain.evidence.errors import EvidenceError
from localgrowth.domain.evidence.polarity import Polarity as DomainPolarity
from localgrowth.evidence import analysis
from localgrowth.evidence.models import (
    OGL_V3_URL,
    Indicator,
    IndustryClassification,
    Polarity,
)
from localgrowth.framework.models import Theme, ThemeKind
from localgrowth.places.models import Area, AreaType, Partnership

from . import vega
from .formatting import number

EVIDENCE_PATH = "/evidence/"
PROFILE_TYPES = {
    AreaType.COUNTRY,
    AreaType.REGION,
    AreaType.COMBINED_AUTHORITY,
    AreaType.PARTNERSHIP,
    AreaType.COUNTY,
    AreaType.FEDERATED_AREA,
    AreaType.DISTRICT,
}
KIND_HEADINGS = {
    ThemeKind.AIM: "The core aim",
    ThemeKind.FOUNDATION: "Foundations of productivity",
    ThemeKind.GRAND_CHALLENGE: "Grand Challenges",
}
RAG_TAGS = {
    Rag.GREEN: "govuk-tag--green",
    Rag.AMBER: "govuk-tag--yellow",
    Rag.RED: "govuk-tag--red",
    Rag.NO_DIRECTION: "govuk-tag--grey",
}
CHART_NAMES = ("series", "ranking", "map")
COMPARATORS = {"england": "England", "region": "Its region"}
AMONG = {
    "partnership": "The partnership’s districts",
    "area": "The chosen area’s districts",
    "region": "Every district of its region",
}
ENGLAND = analysis.ENGLAND
BOUNDARY_PLACES = 3
"""About 100 m: enough for a map of districts a few hundred pixels wide."""


class EvidenceNotFound(LookupError):
    pass


def indicator_path(code: str, **query: str) -> str:
    path = f"{EVIDENCE_PATH}indicators/{quote(code, safe='')}/"
    return path + ("?" + urlencode(query) if query else "")


def profile_path(code: str) -> str:
    return f"{EVIDENCE_PATH}areas/{quote(code, safe='')}/"


def strengths_path(code: str) -> str:
    return profile_path(code) + "strengths/"


def partnership_area_code() -> str:
    """The GSS code of the body's partnership (the first), or England's."""
    partnership = Partnership.objects.select_related("area").order_by("name").first()
    return partnership.area.code if partnership else ENGLAND


def scorecard_links() -> dict[str, str]:
    """For each theme the scorecard shows (one with indicators), the link to its section of
    the partnership's scorecard: ``/evidence/areas/E37000056/#foundation-people``."""
    themes = (
        Indicator.objects.filter(by_industry=False)
        .values_list("theme_id", flat=True)
        .distinct()
        .order_by()
    )
    path = profile_path(partnership_area_code())
    return {str(code): f"{path}#{code}" for code in themes}


# Formatting -------------------------------------------------------------------------------------


def format_value(value: float | None, indicator: Indicator, places: int | None = None) -> str:
    """A value in the indicator's unit, to its decimal places: "£36.31", "45.2%", "1,234"."""
    if value is None or not math.isfinite(value):
        return ""
    digits = indicator.decimal_places if places is None else places
    text = fixed(value, digits)
    sign = ""
    if text.startswith("-"):
        sign, text = "−", text[1:]
    if indicator.unit == "£":
        return f"{sign}£{text}"
    if indicator.unit == "£m":
        return f"{sign}£{text}m"
    if indicator.unit == "%":
        return f"{sign}{text}%"
    return sign + text


def fixed(value: float, places: int) -> str:
    """The value to exactly ``places`` decimal places, halves rounded away from zero, with
    thousands separated: 28.4 → "28.40" for pounds and pence."""
    rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{rounded:,.{places}f}"


def signed(value: float | None, indicator: Indicator) -> str:
    if value is None:
        return ""
    text = format_value(abs(value), indicator)
    return ("+" if value > 0 else "−" if value < 0 else "") + text


def signed_percent(value: float | None, places: int = 1) -> str:
    if value is None or not math.isfinite(value):
        return ""
    text = number(abs(value), places)
    return ("+" if value > 0 else "−" if value < 0 else "") + text + "%"


def unit_label(indicator: Indicator) -> str:
    return "" if indicator.unit in ("£", "£m", "%", "count") else indicator.unit


# Areas ------------------------------------------------------------------------------------------


def find_area(code: str) -> Area | None:
    if not code or len(code) > 20:
        return None
    found = analysis.current_area(code.strip().upper())
    if found is None or found.area_type not in PROFILE_TYPES:
        return None
    return found


@dataclass(frozen=True)
class Option:
    value: str
    text: str


@dataclass(frozen=True)
class OptionGroup:
    label: str
    options: list[Option]


AREA_GROUPS = (
    (AreaType.PARTNERSHIP, "Local enterprise partnerships"),
    (AreaType.FEDERATED_AREA, "Federated areas"),
    (AreaType.COMBINED_AUTHORITY, "Combined authorities"),
    (AreaType.COUNTY, "Counties"),
    (AreaType.REGION, "Regions"),
    (AreaType.COUNTRY, "Country"),
    (AreaType.DISTRICT, "Districts and unitary authorities"),
)


def area_options() -> list[OptionGroup]:
    rows = Area.objects.filter(valid_to__isnull=True, area_type__in=PROFILE_TYPES).defer("boundary")
    names = dict(Partnership.objects.values_list("area__code", "name"))
    by_type: dict[str, list[Option]] = {}
    for area in rows.order_by("name", "code"):
        text = f"{names.get(area.code, area.name)} ({area.code})"
        by_type.setdefault(area.area_type, []).append(Option(area.code, text))
    return [OptionGroup(label, by_type[kind]) for kind, label in AREA_GROUPS if by_type.get(kind)]


def area_name(area: Area) -> str:
    partnership = Partnership.objects.filter(area=area).order_by("name").first()
    return partnership.name if partnership else area.name


# The evidence base ------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorRow:
    code: str
    title: str
    unit: str
    polarity: str
    source: str
    source_url: str
    latest_period: str | None
    url: str
    by_industry: bool


@dataclass(frozen=True)
class ThemeGroup:
    code: str
    title: str
    kind: str
    indicators: list[IndicatorRow]


@dataclass(frozen=True)
class KindGroup:
    heading: str
    kind: str
    themes: list[ThemeGroup]


@dataclass(frozen=True)
class EvidenceIndex:
    kinds: list[KindGroup]
    partnership_code: str
    partnership_name: str

    @property
    def count(self) -> int:
        return sum(len(theme.indicators) for kind in self.kinds for theme in kind.themes)


def evidence_index() -> EvidenceIndex:
    indicators = Indicator.objects.select_related("theme").order_by(
        "theme__position", "position", "code"
    )
    by_theme: dict[str, list[IndicatorRow]] = {}
    themes: dict[str, Theme] = {}
    for indicator in indicators:
        themes[indicator.theme_id] = indicator.theme
        by_theme.setdefault(indicator.theme_id, []).append(
            IndicatorRow(
                code=indicator.code,
                title=indicator.title,
                unit=indicator.unit,
                polarity=indicator.get_polarity_display(),
                source=f"{indicator.source_publisher}: {indicator.source_title}",
                source_url=indicator.source_url,
                latest_period=analysis.latest_period(indicator),
                url=indicator_path(indicator.code),
                by_industry=indicator.by_industry,
            )
        )
    kinds = []
    for kind, heading in KIND_HEADINGS.items():
        chosen = sorted(
            (theme for theme in themes.values() if theme.kind == kind),
            key=lambda theme: (theme.position, theme.code),
        )
        if chosen:
            kinds.append(
                KindGroup(
                    heading,
                    kind,
                    [
                        ThemeGroup(theme.code, theme.title, theme.kind, by_theme[theme.code])
                        for theme in chosen
                    ],
                )
            )
    code = partnership_area_code()
    area = find_area(code)
    return EvidenceIndex(kinds, code, area_name(area) if area else "England")


# The indicator explorer -------------------------------------------------------------------------


@dataclass(frozen=True)
class Metadata:
    rows: list[tuple[str, str]]
    source_url: str
    licence_url: str
    attribution: str


def metadata(indicator: Indicator, period: str | None) -> Metadata:
    release = (
        indicator.observations.filter(period=period)
        .select_related("release")
        .order_by("-release__published", "-release_id")
        .first()
        if period
        else None
    )
    aggregation = indicator.get_aggregation_display()
    if indicator.aggregation == "ratio" and indicator.denominator_title:
        parts = f"{indicator.numerator_title or 'the value'} ÷ {indicator.denominator_title}"
        aggregation += f": {parts}"
    if indicator.aggregation_note:
        aggregation += f". {indicator.aggregation_note}"
    rows = [
        ("Measures", indicator.title),
        ("Unit", indicator.unit),
        ("Polarity", indicator.get_polarity_display()),
        ("Source", f"{indicator.source_publisher}: {indicator.source_title}"),
        ("Licence", indicator.licence),
        (
            "Release",
            f"{release.release.title} ({release.release.file_name})" if release else "None held",
        ),
        ("Latest period", period or "None held"),
        ("Period type", indicator.get_period_type_display()),
        ("Finest geography", indicator.get_geography_level_display()),
        ("Aggregation to larger areas", aggregation),
        ("Comparable over time", "Yes" if indicator.comparable_over_time else "No"),
    ]
    if indicator.method_note:
        rows.append(("Method", indicator.method_note))
    return Metadata(rows, indicator.source_url, OGL_V3_URL, indicator.attribution)


@dataclass
class ExplorerChoice:
    area: str
    compare: list[str]
    among: str


@dataclass
class Explorer:
    indicator: Indicator
    choice: ExplorerChoice
    errors: dict[str, str]
    area_groups: list[OptionGroup]
    metadata: Metadata
    period: str | None = None
    area: Area | None = None
    area_name: str = ""
    notes: list[str] = field(default_factory=list)
    charts: dict[str, vega.Chart] = field(default_factory=dict)

    @property
    def error_list(self) -> list[dict[str, str]]:
        return [{"text": message, "href": f"#{name}"} for name, message in self.errors.items()]

    @property
    def query(self) -> str:
        pairs = [("area", self.choice.area)]
        pairs += [("compare", value) for value in self.choice.compare]
        pairs.append(("among", self.choice.among))
        return urlencode(pairs)

    def csv_url(self, chart: str) -> str:
        return indicator_path(self.indicator.code) + f"{chart}.csv?{self.query}"


def find_indicator(code: str) -> Indicator:
    indicator = Indicator.objects.select_related("theme").filter(code=code[:80]).first()
    if indicator is None:
        raise EvidenceNotFound(code)
    return indicator


def read_choice(query: Mapping[str, Any], default_area: str) -> tuple[ExplorerChoice, dict]:
    errors: dict[str, str] = {}
    submitted = "area" in query
    area = (query.get("area") or "").strip() if submitted else default_area
    if submitted and not area:
        errors["area"] = "Choose an area"
    elif submitted and find_area(area) is None:
        errors["area"] = "Choose an area from the list"
    getlist = getattr(query, "getlist", None)
    compare = list(getlist("compare")) if getlist else list(query.get("compare", []))
    if not submitted:
        compare = list(COMPARATORS)
    if any(value not in COMPARATORS for value in compare):
        errors["compare"] = "Choose comparators from the list"
    compare = [value for value in COMPARATORS if value in compare]
    among = (query.get("among") or "partnership").strip()
    if among not in AMONG:
        errors["among"] = "Choose which districts to rank and map from the list"
    return ExplorerChoice(area.upper() if area else "", compare, among), errors


def explorer(code: str, query: Mapping[str, Any]) -> Explorer:
    indicator = find_indicator(code)
    default = partnership_area_code()
    choice, errors = read_choice(query, default)
    period = analysis.latest_period(indicator)
    page = Explorer(
        indicator=indicator,
        choice=choice,
        errors=errors,
        area_groups=area_options(),
        metadata=metadata(indicator, period),
        period=period,
    )
    if errors:
        return page
    area = find_area(choice.area)
    if area is None:  # only the partnership's own code can be missing
        page.errors["area"] = "Choose an area from the list"
        return page
    page.area = area
    page.area_name = area_name(area)
    if period is None:
        page.notes.append("No values of this indicator are held.")
        return page
    if indicator.by_industry:
        page.notes.append(
            "This indicator is broken down by industry: see the sector strengths of an area."
        )
        return page
    places = analysis.Places()
    page.charts = explorer_charts(page, indicator, area, places)
    return page


@dataclass(frozen=True)
class Series:
    key: str
    name: str
    values: dict[str, float]


def _comparator_areas(
    area: Area, compare: Iterable[str], places: analysis.Places, notes: list[str]
) -> list[tuple[str, Area]]:
    found: list[tuple[str, Area]] = []
    if "england" in compare and area.code != ENGLAND:
        england = analysis.current_area(ENGLAND)
        if england is not None:
            found.append(("england", england))
    if "region" in compare:
        region = places.region_of(area)
        if region is not None:
            found.append(("region", region))
        elif area.area_type not in (AreaType.COUNTRY, AreaType.REGION):
            notes.append(
                f"{area_name(area)} spans more than one region, so it has no regional comparator."
            )
    return found


def _series(
    indicator: Indicator,
    areas: list[tuple[str, Area]],
    places: analysis.Places,
    notes: list[str],
) -> tuple[list[str], list[Series]]:
    periods = analysis.periods(indicator)
    found = {key: Series(key, area_name(area), {}) for key, area in areas}
    missing: dict[str, list[str]] = {}
    for period in periods:
        reading = analysis.IndicatorPeriod(indicator, period, places)
        for key, area in areas:
            try:
                found[key].values[period] = reading.value(area).value
            except EvidenceError as error:
                missing.setdefault(found[key].name, []).append(period)
                if period == periods[-1]:
                    notes.append(f"{found[key].name}, {period}: {error}")
    for name, lacking in missing.items():
        if len(lacking) < len(periods):
            notes.append(f"{name} has no value for {', '.join(lacking)}.")
    return periods, list(found.values())


def _district_areas(
    choice: ExplorerChoice, area: Area, places: analysis.Places, notes: list[str]
) -> list[Area]:
    if choice.among == "area" and area.area_type != AreaType.DISTRICT:
        ids = places.districts_of(area)
    elif choice.among == "region":
        own = places.districts_of(area)
        ids = frozenset().union(
            *(inside for _, inside in places.regions if inside & own)
        ) or frozenset(own)
    else:
        partnership = find_area(partnership_area_code())
        ids = places.districts_of(partnership) if partnership else frozenset()
        if choice.among == "area":
            notes.append("A district has no districts of its own: the partnership’s are shown.")
    return list(Area.objects.filter(pk__in=ids).order_by("name"))


def explorer_charts(
    page: Explorer, indicator: Indicator, area: Area, places: analysis.Places
) -> dict[str, vega.Chart]:
    notes = page.notes
    areas = [("area", area), *_comparator_areas(area, page.choice.compare, places, notes)]
    periods, series = _series(indicator, areas, places, notes)
    charts = {"series": series_chart(page, indicator, periods, series)}
    districts = _district_areas(page.choice, area, places, notes)
    period = page.period or periods[-1]
    reading = analysis.IndicatorPeriod(indicator, period, places)
    values = {
        district.code: reading.district_values[district.code]
        for district in districts
        if district.code in reading.district_values
    }
    lacking = [district.name for district in districts if district.code not in values]
    if lacking:
        notes.append(f"No value for {period}: {', '.join(lacking)}.")
    england = next((s.values.get(period) for s in series if s.key == "england"), None)
    charts["ranking"] = ranking_chart(page, indicator, period, districts, values, area, england)
    charts["map"] = map_chart(page, indicator, period, districts, values, area)
    return charts


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


def _rounded(coordinates: Any) -> Any:
    if coordinates and isinstance(coordinates[0], int | float):
        return [round(value, BOUNDARY_PLACES) for value in coordinates]
    return [_rounded(part) for part in coordinates]


def _ring_area(ring: list[list[float]]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1, *_), (x2, y2, *_) in itertools.pairwise(ring))


def _rewound(geometry: dict[str, Any]) -> dict[str, Any]:
    """The geometry with rings wound as d3-geo (Vega) draws them: exterior rings clockwise,
    holes anticlockwise, the opposite of GeoJSON's RFC 7946."""

    def polygon(rings: list[Any]) -> list[Any]:
        out = []
        for index, ring in enumerate(rings):
            clockwise = _ring_area(ring) < 0
            out.append(ring if clockwise == (index == 0) else list(reversed(ring)))
        return out

    if geometry.get("type") == "Polygon":
        return {"type": "Polygon", "coordinates": polygon(_rounded(geometry["coordinates"]))}
    if geometry.get("type") == "MultiPolygon":
        return {
            "type": "MultiPolygon",
            "coordinates": [polygon(part) for part in _rounded(geometry["coordinates"])],
        }
    return geometry


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
                "geometry": _rewound(district.boundary),
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


# The area profile and scorecard -----------------------------------------------------------------


@dataclass(frozen=True)
class ScoreRow:
    indicator: Indicator
    url: str
    period: str
    value: str
    value_note: str
    england: str
    gap: str
    gap_percent: str
    rank: str
    quintile: str
    status: str
    status_tag: str
    trend: str
    note: str
    raw: dict[str, Any]


@dataclass(frozen=True)
class ScoreTheme:
    code: str
    title: str
    kind: str
    rows: list[ScoreRow]


@dataclass(frozen=True)
class NeighbourRow:
    code: str
    name: str
    distance: str
    url: str


@dataclass(frozen=True)
class AreaLinkRow:
    code: str
    name: str
    type_label: str
    url: str


@dataclass
class Profile:
    area: Area
    name: str
    type_label: str
    region: str
    themes: list[ScoreTheme]
    neighbours: list[NeighbourRow]
    neighbour_method: str
    neighbour_indicators: list[str]
    parents: list[AreaLinkRow]
    area_url: str
    strengths_url: str
    csv_url: str

    @property
    def kinds(self) -> list[tuple[str, list[ScoreTheme]]]:
        return [
            (heading, [theme for theme in self.themes if theme.kind == kind])
            for kind, heading in KIND_HEADINGS.items()
            if any(theme.kind == kind for theme in self.themes)
        ]


def _trend_text(line: analysis.ScorecardLine) -> str:
    found = line.trend
    if found is None:
        return line.trend_note
    change = signed_percent(found.percent_change)
    since = line.trend_base or str(found.base_year)
    text = f"{change or signed(found.change, line.indicator)} since {since}"
    if found.cagr_percent is not None:
        text += f" ({signed_percent(found.cagr_percent)} a year)"
    return text


def score_row(line: analysis.ScorecardLine, area: Area) -> ScoreRow:
    indicator = line.indicator
    own = line.value
    value_note = ""
    if own is not None and not own.published:
        value_note = f"Aggregated from {own.districts} districts"
    rag = line.rag
    england = line.england
    return ScoreRow(
        indicator=indicator,
        url=indicator_path(indicator.code, area=area.code),
        period=line.period or "",
        value=format_value(own.value, indicator) if own else "No value",
        value_note=value_note,
        england=format_value(england.value, indicator) if england else "",
        gap=signed(england.gap, indicator) if england else "",
        gap_percent=signed_percent(england.gap_percent) if england else "",
        rank=f"{line.rank.position} of {line.rank.of}" if line.rank else "",
        quintile=str(line.rank.quintile) if line.rank else "",
        status=rag.label if rag else "Not assessed",
        status_tag=RAG_TAGS.get(rag, "govuk-tag--grey") if rag else "govuk-tag--grey",
        trend=_trend_text(line),
        note=line.note,
        raw={
            "value": own.value if own else None,
            "england": england.value if england else None,
            "gap": england.gap if england else None,
            "gap_percent": england.gap_percent if england else None,
            "rank": line.rank.position if line.rank else None,
            "of": line.rank.of if line.rank else None,
            "quintile": line.rank.quintile if line.rank else None,
            "status": rag.label if rag else "",
            "published": own.published if own else None,
            "trend_base": line.trend_base,
            "percent_change": line.trend.percent_change if line.trend else None,
            "cagr_percent": line.trend.cagr_percent if line.trend else None,
        },
    )


def profile(code: str) -> Profile:
    area = find_area(code)
    if area is None:
        raise EvidenceNotFound(code)
    places = analysis.Places()
    card = analysis.scorecard(area, places)
    themes = [
        ScoreTheme(
            item.theme.code,
            item.theme.title,
            item.theme.kind,
            [score_row(line, area) for line in item.lines],
        )
        for item in card.themes
    ]
    neighbours: list[NeighbourRow] = []
    method = ""
    used: list[str] = []
    try:
        similar = analysis.neighbours(area, places=places)
        neighbours = [
            NeighbourRow(item.code, item.name, number(item.distance, 2), profile_path(item.code))
            for item in similar.nearest
        ]
        method = similar.method
        titles = dict(Indicator.objects.values_list("code", "title"))
        used = [
            f"{titles.get(item['indicator'], item['indicator'])} ({item['period']}"
            + (", log scale)" if item["scale"] == "log" else ")")
            for item in similar.indicators
        ]
    except (EvidenceError, ValueError, KeyError):
        method = "Similar places cannot be found for this area."
    parents = [
        AreaLinkRow(
            parent.code, parent.name, parent.get_area_type_display(), profile_path(parent.code)
        )
        for parent in area.parents.filter(valid_to__isnull=True, area_type__in=PROFILE_TYPES)
        .defer("boundary")
        .order_by("area_type", "name")
    ]
    return Profile(
        area=area,
        name=area_name(area),
        type_label=area.get_area_type_display(),
        region=card.region.name if card.region else "",
        themes=themes,
        neighbours=neighbours,
        neighbour_method=method,
        neighbour_indicators=used,
        parents=parents,
        area_url=f"/areas/{quote(area.code, safe='')}/",
        strengths_url=strengths_path(area.code),
        csv_url=profile_path(area.code) + "scorecard.csv",
    )


SCORECARD_CSV_HEADERS = [
    "theme",
    "indicator",
    "title",
    "unit",
    "period",
    "value",
    "published",
    "england",
    "gap",
    "gap_percent",
    "rank",
    "of",
    "quintile",
    "status",
    "trend_base",
    "percent_change",
    "cagr_percent",
]


def scorecard_csv_rows(page: Profile) -> list[list[Any]]:
    rows = []
    for theme in page.themes:
        for row in theme.rows:
            raw = row.raw
            rows.append(
                [
                    theme.code,
                    row.indicator.code,
                    row.indicator.title,
                    row.indicator.unit,
                    row.period,
                    raw["value"],
                    raw["published"],
                    raw["england"],
                    raw["gap"],
                    raw["gap_percent"],
                    raw["rank"],
                    raw["of"],
                    raw["quintile"],
                    raw["status"],
                    raw["trend_base"],
                    raw["percent_change"],
                    raw["cagr_percent"],
                ]
            )
    return rows


# Sector strengths -------------------------------------------------------------------------------


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
