"""The indicator explorer: an indicator's metadata, the choice of area, comparators and
districts, and the figures behind its three charts (``explorer_charts``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from localgrowth.domain.evidence.errors import EvidenceError
from localgrowth.evidence import analysis
from localgrowth.evidence.models import OGL_V3_URL, Indicator
from localgrowth.places.models import Area, AreaType
from localgrowth.web import vega
from localgrowth.web.evidence.common import (
    ENGLAND,
    EvidenceNotFound,
    OptionGroup,
    area_name,
    area_options,
    find_area,
    indicator_path,
    partnership_area_code,
)
from localgrowth.web.evidence.explorer_charts import (
    AMONG,
    Series,
    map_chart,
    ranking_chart,
    series_chart,
)

COMPARATORS = {"england": "England", "region": "Its region"}


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
